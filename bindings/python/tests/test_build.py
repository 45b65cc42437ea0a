"""The package's own build backend (build_backend/vpostcode_build.py): a
wheel by the binary distribution format, an sdist, and both writing only
where they are told. Needs the source tree (VPC_SRCDIR)."""
import base64
import csv
import hashlib
import importlib.util
import io
import os
import tarfile
import tempfile
import unittest
import zipfile

import vpostcode
from support import source_file


def load_backend():
    path = source_file("bindings", "python", "build_backend", "vpostcode_build.py")
    spec = importlib.util.spec_from_file_location("vpostcode_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tree_state(root):
    out = {}
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            out[path] = (st.st_size, st.st_mtime_ns)
    return out


class TestBackend(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.backend = load_backend()
        cls.root = source_file("bindings", "python")

    def test_hooks_need_nothing(self):
        for hook in ("get_requires_for_build_wheel", "get_requires_for_build_sdist",
                     "get_requires_for_build_editable"):
            self.assertEqual(getattr(self.backend, hook)(), [])

    def test_wheel(self):
        before = tree_state(self.root)
        with tempfile.TemporaryDirectory() as out:
            name = self.backend.build_wheel(out)
            version = vpostcode.__version__
            self.assertEqual(name, f"vpostcode-{version}-py3-none-any.whl")
            self.assertEqual(os.listdir(out), [name])
            with zipfile.ZipFile(os.path.join(out, name)) as whl:
                info = f"vpostcode-{version}.dist-info"
                names = set(whl.namelist())
                record = whl.read(f"{info}/RECORD").decode("utf-8")
                rows = list(csv.reader(io.StringIO(record)))
                self.assertEqual({r[0] for r in rows}, names)
                for path, digest, size in rows:
                    data = whl.read(path)
                    if path == f"{info}/RECORD":
                        self.assertEqual((digest, size), ("", ""))
                        continue
                    expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
                    self.assertEqual(digest, "sha256=" + expected.rstrip(b"=").decode("ascii"))
                    self.assertEqual(int(size), len(data))
                wheel = whl.read(f"{info}/WHEEL").decode("ascii")
                self.assertIn("Tag: py3-none-any\n", wheel)
                self.assertIn("Root-Is-Purelib: true\n", wheel)
                metadata = whl.read(f"{info}/METADATA").decode("utf-8")
                self.assertIn("Name: vpostcode\n", metadata)
                self.assertIn(f"Version: {version}\n", metadata)
                package = {n for n in names if n.startswith("vpostcode/")}
                sources = {f"vpostcode/{n}" for n in os.listdir(os.path.join(self.root, "src", "vpostcode"))
                           if n.endswith((".py", ".typed"))}
                self.assertEqual(package, sources)
                # The installed package is the built one, byte for byte.
                installed = os.path.dirname(vpostcode.__file__)
                for n in sorted(package):
                    with open(os.path.join(installed, n.split("/", 1)[1]), "rb") as f:
                        self.assertEqual(f.read(), whl.read(n), n)
        self.assertEqual(tree_state(self.root), before)

    def test_sdist(self):
        before = tree_state(self.root)
        with tempfile.TemporaryDirectory() as out:
            name = self.backend.build_sdist(out)
            with tarfile.open(os.path.join(out, name)) as tar:
                names = tar.getnames()
            base = f"vpostcode-{vpostcode.__version__}/"
            for needed in ("PKG-INFO", "pyproject.toml", "README.md", "build_backend/vpostcode_build.py",
                           "src/vpostcode/__init__.py", "tests/test_olc.py"):
                self.assertIn(base + needed, names)
            self.assertFalse([n for n in names if "__pycache__" in n or n.endswith(".pyc")])
        self.assertEqual(tree_state(self.root), before)


class TestDistribution(unittest.TestCase):
    def test_local_am_ships_every_file(self):
        root = source_file("bindings", "python")
        with open(os.path.join(root, "local.am"), encoding="utf-8") as f:
            listed = {w for w in f.read().replace("\\", " ").split()
                      if w.startswith("bindings/python/")}
        present = set()
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            present |= {os.path.relpath(os.path.join(dirpath, n), os.path.dirname(os.path.dirname(root)))
                        for n in filenames if not n.endswith(".pyc")}
        self.assertEqual(listed, present)


if __name__ == "__main__":
    unittest.main()
