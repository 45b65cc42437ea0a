"""The PEP 517 build backend of the vpostcode package: pure Python, no
dependencies, so that ``pip install bindings/python`` works offline.

It reads pyproject.toml's [project] table and the sources under src/, and
writes only into the directories pip hands it (the source tree may be
read-only). Wheels follow the binary distribution format (PEP 427 / 491):
a zip of the package and a .dist-info with METADATA, WHEEL and a RECORD of
sha256 hashes. Archives are reproducible: sorted, with fixed timestamps
(SOURCE_DATE_EPOCH when set).
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "vpostcode"
TAG = "py3-none-any"
SDIST_FILES = ("pyproject.toml", "README.md", "local.am", ".gitignore")
SDIST_DIRS = ("build_backend", "src", "tests", "examples")


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        data = f.read()
    try:
        import tomllib
        return tomllib.loads(data.decode("utf-8"))["project"]
    except ImportError:  # Python < 3.11: the flat string keys this file uses
        project, section = {}, None
        for line in data.decode("utf-8").splitlines():
            head = re.match(r"\s*\[([^\]]+)\]", line)
            if head:
                section = head.group(1).strip()
                continue
            pair = re.match(r'\s*([\w-]+)\s*=\s*"([^"]*)"', line)
            if section == "project" and pair:
                project[pair.group(1)] = pair.group(2)
        return project


def _version():
    project = _project()
    version = project["version"]
    scope = {}
    with open(os.path.join(ROOT, "src", PACKAGE, "_version.py"), encoding="utf-8") as f:
        exec(f.read(), scope)
    if scope["VERSION"] != version:
        raise RuntimeError(f"pyproject.toml says {version}, src/{PACKAGE}/_version.py "
                           f"says {scope['VERSION']}")
    return project, version


def _license(project):
    license = project.get("license", "MIT")
    return license.get("text", "MIT") if isinstance(license, dict) else license


def _metadata(project, version):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {version}",
        f"Summary: {project.get('description', '')}",
        f"License: {_license(project)}",
        f"Requires-Python: {project.get('requires-python', '>=3.8')}",
    ]
    for extra, requirements in sorted(project.get("optional-dependencies", {}).items()):
        lines.append(f"Provides-Extra: {extra}")
        for requirement in requirements:
            lines.append(f'Requires-Dist: {requirement}; extra == "{extra}"')
    lines.append("Description-Content-Type: text/markdown")
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    return ("\n".join(lines) + "\n\n" + readme).encode("utf-8")


def _wheel_file():
    return (f"Wheel-Version: 1.0\nGenerator: vpostcode_build\nRoot-Is-Purelib: true\n"
            f"Tag: {TAG}\n").encode("ascii")


def _timestamp():
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01
    return max(epoch, 315532800)


def _package_files():
    """(path in the wheel, bytes) of every file of the package."""
    base = os.path.join(ROOT, "src")
    out = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(base, PACKAGE)):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".typed")):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as f:
                    out.append((os.path.relpath(path, base).replace(os.sep, "/"), f.read()))
    return out


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _dist_info(project, version):
    name = f"{PACKAGE}-{version}.dist-info"
    return name, [(f"{name}/METADATA", _metadata(project, version)),
                  (f"{name}/WHEEL", _wheel_file()),
                  (f"{name}/top_level.txt", f"{PACKAGE}\n".encode("ascii"))]


def _write_wheel(wheel_directory, files):
    project, version = _version()
    info_name, info_files = _dist_info(project, version)
    files = list(files) + info_files
    record = "".join(f"{path},{_record_hash(data)},{len(data)}\n" for path, data in files)
    record += f"{info_name}/RECORD,,\n"
    files.append((f"{info_name}/RECORD", record.encode("utf-8")))
    filename = f"{PACKAGE}-{version}-{TAG}.whl"
    date = time.gmtime(_timestamp())[:6]
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w",
                         zipfile.ZIP_DEFLATED) as whl:
        for path, data in files:
            entry = zipfile.ZipInfo(path, date_time=date)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(entry, data)
    return filename


def _write_metadata(metadata_directory):
    project, version = _version()
    info_name, info_files = _dist_info(project, version)
    os.makedirs(os.path.join(metadata_directory, info_name), exist_ok=True)
    for path, data in info_files:
        with open(os.path.join(metadata_directory, path), "wb") as f:
            f.write(data)
    return info_name


# ---- the PEP 517 / PEP 660 hooks ---------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _write_metadata(metadata_directory)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _write_metadata(metadata_directory)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, _package_files())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose .pth file puts the source tree's src/ on sys.path."""
    pth = (os.path.join(ROOT, "src") + "\n").encode("utf-8")
    return _write_wheel(wheel_directory, [(f"__editable__.{PACKAGE}.pth", pth)])


def build_sdist(sdist_directory, config_settings=None):
    project, version = _version()
    base = f"{PACKAGE}-{version}"
    filename = f"{base}.tar.gz"
    mtime = _timestamp()

    def add(tar, arcname, data, mode=0o644):
        entry = tarfile.TarInfo(f"{base}/{arcname}")
        entry.size, entry.mtime, entry.mode = len(data), mtime, mode
        entry.uname = entry.gname = ""
        tar.addfile(entry, io.BytesIO(data))

    paths = [p for p in SDIST_FILES if os.path.isfile(os.path.join(ROOT, p))]
    for top in SDIST_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            paths += [os.path.relpath(os.path.join(dirpath, n), ROOT)
                      for n in sorted(filenames) if not n.endswith(".pyc")]
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz",
                      format=tarfile.PAX_FORMAT) as tar:
        add(tar, "PKG-INFO", _metadata(project, version))
        for path in sorted(paths):
            with open(os.path.join(ROOT, path), "rb") as f:
                data = f.read()
            executable = os.stat(os.path.join(ROOT, path)).st_mode & 0o111
            add(tar, path.replace(os.sep, "/"), data, 0o755 if executable else 0o644)
    return filename
