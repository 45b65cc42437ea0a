"""The package as installed: its version, the library it loads, how it
fails when the library is missing or unfit, and what it imports."""
import ctypes.util
import importlib.metadata
import os
import subprocess
import sys
import tempfile
import unittest

import vpostcode
from support import env, source_file


def run_python(code, **environ):
    e = dict(os.environ, **environ)
    return subprocess.run([sys.executable, "-c", code], env=e, capture_output=True, text=True,
                          timeout=120)


class TestVersion(unittest.TestCase):
    def test_version_is_the_project_version(self):
        with open(source_file("VERSION"), encoding="ascii") as f:
            self.assertEqual(vpostcode.__version__, f.read().strip())

    def test_installed_metadata(self):
        try:
            installed = importlib.metadata.version("vpostcode")
        except importlib.metadata.PackageNotFoundError:
            if env("VPC_TEST_INSTALLED") == "1":
                raise
            self.skipTest("the package is not installed")
        self.assertEqual(installed, vpostcode.__version__)

    def test_library_version(self):
        have = vpostcode.library_version().split(".")
        self.assertEqual(len(have), 3)
        self.assertEqual(have[0], vpostcode.__version__.split(".")[0])

    def test_the_installed_package_is_tested(self):
        if env("VPC_TEST_INSTALLED") != "1":
            self.skipTest("VPC_TEST_INSTALLED is not 1")
        here = os.path.realpath(vpostcode.__file__)
        src = os.path.realpath(source_file("bindings", "python"))
        self.assertFalse(here.startswith(src + os.sep), f"imported from the source tree: {here}")
        self.assertIn("site-packages", here)

    def test_library_from_environment(self):
        wanted = env("VPOSTCODE_LIBRARY")
        if wanted is None:
            self.skipTest("VPOSTCODE_LIBRARY is not set")
        self.assertEqual(vpostcode.library_path(), wanted)


class TestLoading(unittest.TestCase):
    def assertImportFails(self, library, *words):
        r = run_python("import vpostcode", VPOSTCODE_LIBRARY=library)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("ImportError", r.stderr)
        for word in words:
            self.assertIn(word, r.stderr)
        self.assertNotIn("Segmentation", r.stderr)

    def test_missing_library(self):
        self.assertImportFails("/nonexistent/libvpostcode.so.0", "VPOSTCODE_LIBRARY",
                               "/nonexistent/libvpostcode.so.0")

    def test_not_a_library(self):
        with tempfile.NamedTemporaryFile(suffix=".so") as f:
            f.write(b"not an ELF file\n")
            f.flush()
            self.assertImportFails(f.name, "VPOSTCODE_LIBRARY")

    def test_another_library(self):
        libm = ctypes.util.find_library("m")
        if libm is None:
            self.skipTest("no libm to load")
        self.assertImportFails(libm, "has no function vpc_")

    def test_search_without_the_variable(self):
        wanted = env("VPOSTCODE_LIBRARY")
        if wanted is None or not os.path.isabs(wanted):
            self.skipTest("VPOSTCODE_LIBRARY is not a path")
        e = {k: v for k, v in os.environ.items() if k != "VPOSTCODE_LIBRARY"}
        code = "import vpostcode; print(vpostcode.library_version())"
        # The dynamic linker's search: LD_LIBRARY_PATH.
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=dict(e, LD_LIBRARY_PATH=os.path.dirname(wanted)), timeout=120)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, vpostcode.library_version()),
                         r.stderr)
        # Nowhere to be found (unless installed system-wide): a message that
        # names the variable.
        e.pop("LD_LIBRARY_PATH", None)
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e,
                           timeout=120)
        if r.returncode != 0:
            self.assertIn("ImportError", r.stderr)
            self.assertIn("VPOSTCODE_LIBRARY", r.stderr)
        else:
            self.assertRegex(r.stdout, r"^\d+\.\d+\.\d+$")

    def test_numpy_is_not_imported(self):
        r = run_python("import sys, vpostcode; print(sorted(m for m in ('numpy', 'pandas', 'dask')"
                       " if m in sys.modules))")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), "[]")


if __name__ == "__main__":
    unittest.main()
