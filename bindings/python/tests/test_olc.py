"""The Open Location Code functions against the OLC project's conformance
vectors ($VPC_OLC_TEST_DATA), every row, read and judged as the C suite
(tests/check_olc.c) does: the same rows, fields and tolerance."""
import math
import os
import re
import unittest

import vpostcode
from support import env

# The vectors give bounds with up to 11 decimals; check_olc.c's tolerance.
EPS = 1e-9
MAX_FIELDS = 8  # tests/csvrows.h


def atof(text):
    """C's atof: the longest numeric prefix, 0.0 if there is none."""
    m = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text)
    return float(m.group(0)) if m else 0.0


def atoi(text):
    """C's atoi: the leading integer, 0 if there is none."""
    m = re.match(r"\s*[-+]?\d+", text)
    return int(m.group(0)) if m else 0


def load(name):
    """Rows of a vector file as (line, fields), as tests/csvrows.c reads them:
    blank lines and '#' lines skipped, split on every comma."""
    directory = env("VPC_OLC_TEST_DATA")
    if directory is None:
        raise unittest.SkipTest("VPC_OLC_TEST_DATA is not set")
    rows = []
    with open(os.path.join(directory, name), encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split(",", MAX_FIELDS - 1)
            rows.append((line, fields))
    if not rows:
        raise AssertionError(f"no rows in {name}")
    return rows


class TestVectors(unittest.TestCase):
    def test_encoding(self):
        rows = load("encoding.csv")
        for line, f in rows:
            with self.subTest(row=line):
                self.assertEqual(len(f), 6)
                if f[5] == "":
                    with self.assertRaises(vpostcode.Error):
                        vpostcode.olc_encode(atof(f[0]), atof(f[1]), atoi(f[4]))
                else:
                    self.assertEqual(vpostcode.olc_encode(atof(f[0]), atof(f[1]), atoi(f[4])), f[5])

    def test_decoding(self):
        for line, f in load("decoding.csv"):
            with self.subTest(row=line):
                self.assertEqual(len(f), 6)
                c = vpostcode.olc_decode(f[0])
                self.assertEqual(c.length, atoi(f[1]))
                self.assertLess(abs(c.south - atof(f[2])), EPS)
                self.assertLess(abs(c.west - atof(f[3])), EPS)
                self.assertLess(abs(c.north - atof(f[4])), EPS)
                self.assertLess(abs(c.east - atof(f[5])), EPS)
                self.assertTrue(c.south < c.lat < c.north)
                self.assertTrue(c.west < c.lon < c.east)

    def test_short_codes(self):
        for line, f in load("shortCodeTests.csv"):
            with self.subTest(row=line):
                self.assertEqual(len(f), 5)
                full, lat, lon, short, kind = f[0], atof(f[1]), atof(f[2]), f[3], f[4]
                self.assertIn(kind, ("S", "R", "B"), "unknown test type")
                if kind in ("S", "B"):
                    self.assertEqual(vpostcode.olc_shorten(full, lat, lon), short)
                if kind in ("R", "B"):
                    self.assertEqual(vpostcode.olc_recover(short, lat, lon), full)

    def test_validity(self):
        for line, f in load("validityTests.csv"):
            with self.subTest(row=line):
                self.assertEqual(len(f), 4)
                self.assertIs(vpostcode.olc_is_valid(f[0]), f[1] == "true")
                self.assertIs(vpostcode.is_short(f[0]), f[2] == "true")
                self.assertIs(vpostcode.is_full(f[0]), f[3] == "true")


class TestErrors(unittest.TestCase):
    """The codec's error cases of check_olc.c, as named exceptions."""

    def assertStatus(self, cls, name, fn, *args):
        with self.assertRaises(cls) as cm:
            fn(*args)
        self.assertEqual(cm.exception.name, name)
        self.assertEqual(vpostcode.status_name(cm.exception.status), name)
        return cm.exception

    def test_encode(self):
        C = vpostcode.CoordinateError
        self.assertStatus(C, "VPC_E_NOT_FINITE", vpostcode.olc_encode, math.nan, 105.0, 10)
        self.assertStatus(C, "VPC_E_NOT_FINITE", vpostcode.olc_encode, 21.0, math.inf, 10)
        self.assertStatus(C, "VPC_E_NOT_FINITE", vpostcode.olc_encode, -math.inf, 105.0, 10)
        for length in (-1, 0, 1, 3, 5, 7, 9):
            self.assertStatus(vpostcode.CodeFormatError, "VPC_E_OLC_LENGTH",
                              vpostcode.olc_encode, 21.0, 105.0, length)
        self.assertEqual(len(vpostcode.olc_encode(21.0, 105.0, 11)), 12)
        self.assertEqual(len(vpostcode.olc_encode(21.0, 105.0, 10**12)), 16)  # 15 digits + '+'
        with self.assertRaises(TypeError):
            vpostcode.olc_encode("21.0", 105.0)
        with self.assertRaises(TypeError):
            vpostcode.olc_encode(21.0, 105.0, 10.0)

    def test_decode(self):
        F = vpostcode.CodeFormatError
        self.assertStatus(F, "VPC_E_OLC_NOT_FULL", vpostcode.olc_decode, "9QCJ+2VX")
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_decode, "8FWC2345+G")
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_decode, "")
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_decode, "8F0000WC+")
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_decode, "F2222222+22")
        # A NUL must not cut the text short: "8FWC2345+G6" alone is valid.
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_decode, "8FWC2345+G6\0junk")
        self.assertFalse(vpostcode.olc_is_valid("8FWC2345+G6\0"))
        with self.assertRaises(TypeError):
            vpostcode.olc_decode(None)

    def test_shorten_recover(self):
        F = vpostcode.CodeFormatError
        self.assertStatus(F, "VPC_E_OLC_PADDED", vpostcode.olc_shorten, "8FWC0000+", 47.0, 8.0)
        self.assertStatus(F, "VPC_E_OLC_NOT_FULL", vpostcode.olc_shorten, "9QCJ+2VX", 47.0, 8.0)
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_shorten, "not a code", 47.0, 8.0)
        self.assertStatus(vpostcode.CoordinateError, "VPC_E_NOT_FINITE",
                          vpostcode.olc_shorten, "8FWC2345+G6", math.nan, 8.0)
        self.assertStatus(F, "VPC_E_OLC_INVALID", vpostcode.olc_recover, "9QCJ+2", 47.0, 8.0)
        self.assertStatus(vpostcode.CoordinateError, "VPC_E_NOT_FINITE",
                          vpostcode.olc_recover, "9QCJ+2VX", 47.0, math.nan)

    def test_huge_input(self):
        s = "2" * 8 + "+" + "2" * ((1 << 20) - 9)
        self.assertTrue(vpostcode.olc_is_valid(s))  # digits after '+' are unlimited
        self.assertEqual(vpostcode.olc_decode(s).length, 15)
        s = s[: len(s) // 2] + "+" + s[len(s) // 2 + 1:]
        self.assertFalse(vpostcode.olc_is_valid(s))


if __name__ == "__main__":
    unittest.main()
