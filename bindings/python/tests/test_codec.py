"""Codes as text, without a database: the worked examples of docs/SPEC.md §7
(computed independently of the library) and typed-input errors."""
import json
import math
import unittest

import vpostcode
from vpostcode import CodeFormatError, CoordinateError


class TestWorkedExamples(unittest.TestCase):
    """docs/SPEC.md §7."""

    def test_standard_form_with_check_character(self):
        self.assertEqual(vpostcode.olc_encode(21.0285, 105.8542, 11), "7PH72VH3+CM4")
        c = vpostcode.make_code("11024", 21.0285, 105.8542, 21.03, 105.85)
        self.assertEqual((c.text, c.postal_code, c.location, c.check, c.long_form),
                         ("110242VH3CM4", "11024", "2VH3CM4", None, False))
        self.assertEqual(c.display, "11024 2VH3+CM4")
        c = vpostcode.make_code("11024", 21.0285, 105.8542, 21.03, 105.85, check_char=True)
        self.assertEqual((c.text, c.display, c.check), ("110242VH3CM4P", "11024 2VH3+CM4-P", "P"))
        self.assertEqual(vpostcode.check_char("110242VH3CM4"), "P")

    def test_recovery_from_the_reference_point(self):
        self.assertEqual(vpostcode.code_olc("110242VH3CM4", 21.03, 105.85), "7PH72VH3+CM4")
        cell = vpostcode.locate("110242VH3CM4", 21.03, 105.85)
        self.assertAlmostEqual(cell.south, 21.0285, places=12)
        self.assertAlmostEqual(cell.north, 21.028525, places=12)
        self.assertAlmostEqual(cell.west, 105.8541875, places=12)
        self.assertAlmostEqual(cell.east, 105.85421875, places=12)
        self.assertEqual(cell.length, 11)
        self.assertEqual(vpostcode.code_olc("110242VH3CM4", 19.9, 106.9), "7PG82VH3+CM4")

    def test_long_form(self):
        c = vpostcode.make_code("11024", 21.0285, 105.8542, 21.03, 105.85, long_form=True)
        self.assertEqual((c.text, c.long_form, c.location), ("110247PH72VH3CM4", True, "7PH72VH3CM4"))
        c = vpostcode.make_code("11024", 21.0285, 105.8542, 21.03, 105.85, long_form=True,
                                check_char=True)
        self.assertEqual((c.text, c.display), ("110247PH72VH3CM4H", "11024 7PH72VH3+CM4-H"))

    def test_from_the_olc_vectors(self):
        self.assertEqual(vpostcode.olc_encode(20.3701125, 2.782234375, 11), "7FG49QCJ+2VX")
        c = vpostcode.make_code("11024", 20.3701125, 2.782234375, 20.37, 2.78)
        self.assertEqual(c.text, "110249QCJ2VX")
        self.assertEqual(vpostcode.check_char(c.text), "4")

    def test_typed_input(self):
        for typed in ("11024 2vh3+cm4 p", "11.024.2VH3.CM4-P", "+110242VH3CM4P+"):
            with self.subTest(typed=typed):
                self.assertEqual(vpostcode.normalize(typed), "110242VH3CM4P")
                self.assertTrue(vpostcode.is_valid(typed))
                self.assertEqual(vpostcode.parse(typed).text, "110242VH3CM4P")
        self.assertEqual(vpostcode.normalize("110242vh3cm4", display=True), "11024 2VH3+CM4")
        self.assertEqual(vpostcode.normalize("110242vh3cm4", check_char=True), "110242VH3CM4P")
        self.assertEqual(vpostcode.normalize("110242VH3CM4P", check_char=False), "110242VH3CM4")
        self.assertEqual(vpostcode.normalize("110242VH3CM4P", display=True), "11024 2VH3+CM4-P")

    def test_input_errors(self):
        table = [
            ("1102A2VH3CM4", "VPC_E_BAD_CHARACTER", 4),
            ("1102C2VH3CM4", "VPC_E_BAD_CHARACTER", 4),
            ("110242VH3CM1", "VPC_E_BAD_CHARACTER", 11),
            ("110242VH3CMK", "VPC_E_BAD_CHARACTER", 11),
            ("110242VH3CM", "VPC_E_CODE_LENGTH", 11),
            ("11024X2222222222", "VPC_E_LOCATION_RANGE", 5),
            ("110242VH3CM4Q", "VPC_E_CHECK_CHARACTER", 12),
        ]
        for text, name, offset in table:
            for fn in (vpostcode.parse, vpostcode.normalize, vpostcode.check_char):
                with self.subTest(text=text, fn=fn.__name__):
                    with self.assertRaises(CodeFormatError) as cm:
                        fn(text)
                    e = cm.exception
                    # position: 1-based character; offset: 0-based index; byte_position: C's
                    self.assertEqual((e.name, e.byte_position, e.offset, e.position),
                                     (name, offset, offset, offset + 1))
            self.assertFalse(vpostcode.is_valid(text))


class TestTypedInputEdges(unittest.TestCase):
    def assertParseError(self, text, name, offset=None):
        """``offset``: the 0-based index of the character; position is 1-based."""
        with self.assertRaises(CodeFormatError) as cm:
            vpostcode.parse(text)
        self.assertEqual(cm.exception.name, name)
        if offset is not None:
            self.assertEqual((cm.exception.offset, cm.exception.position), (offset, offset + 1))
        return cm.exception

    def test_empty(self):
        self.assertParseError("", "VPC_E_EMPTY", 0)
        self.assertParseError(" - . + ", "VPC_E_EMPTY", 7)

    def test_non_ascii(self):
        # A full-width digit and a Cyrillic letter look right and are not.
        e = self.assertParseError("11024 2VH3+CM\uff14", "VPC_E_BAD_CHARACTER", 13)
        self.assertEqual(e.byte_position, 13)
        self.assertParseError("11024 2VH3+C\u041c4", "VPC_E_BAD_CHARACTER", 12)

    def test_nul_does_not_end_the_text(self):
        self.assertParseError("110242VH3CM4\0P", "VPC_E_BAD_CHARACTER", 12)
        self.assertFalse(vpostcode.is_valid("110242VH3CM4\0"))

    def test_huge_input(self):
        self.assertParseError("2" * (1 << 20), "VPC_E_CODE_LENGTH", 17)

    def test_types(self):
        for bad in (None, 110242, 1.5):
            with self.assertRaises(TypeError):
                vpostcode.parse(bad)
            self.assertFalse(vpostcode.is_valid(bad))
        self.assertEqual(vpostcode.normalize(b"110242vh3cm4"), "110242VH3CM4")


class TestMakeErrors(unittest.TestCase):
    def assertMakeError(self, cls, name, *args, **kw):
        with self.assertRaises(cls) as cm:
            vpostcode.make_code(*args, **kw)
        self.assertEqual(cm.exception.name, name)

    def test_errors(self):
        self.assertMakeError(CoordinateError, "VPC_E_NOT_FINITE", "11024", math.nan, 105.8, 21.03, 105.85)
        self.assertMakeError(CoordinateError, "VPC_E_NOT_FINITE", "11024", 21.0, math.inf, 21.03, 105.85)
        self.assertMakeError(CoordinateError, "VPC_E_LATITUDE_RANGE", "11024", 90.5, 105.8, 21.03, 105.85)
        self.assertMakeError(CoordinateError, "VPC_E_LONGITUDE_RANGE", "11024", 21.0, 180.5, 21.03, 105.85)
        self.assertMakeError(CodeFormatError, "VPC_E_POSTAL_CODE", "1102", 21.0285, 105.8542, 21.03, 105.85)
        self.assertMakeError(CodeFormatError, "VPC_E_POSTAL_CODE", "1102X", 21.0285, 105.8542, 21.03, 105.85)
        # SPEC §7: from (19.9, 106.9) the standard form recovers one degree away.
        self.assertMakeError(CodeFormatError, "VPC_E_NEEDS_LONG_FORM", "11024", 21.0285, 105.8542,
                             19.9, 106.9)
        c = vpostcode.make_code("11024", 21.0285, 105.8542, 19.9, 106.9, long_form=True)
        self.assertEqual(c.text, "110247PH72VH3CM4")
        with self.assertRaises(TypeError):
            vpostcode.make_code("11024", "21.0", 105.8, 21.03, 105.85)


class TestCellsOnMaps(unittest.TestCase):
    def test_tiles(self):
        cell = vpostcode.locate("110242VH3CM4", 21.03, 105.85)
        self.assertEqual(vpostcode.cell_tiles(cell, 0), (vpostcode.Tile(0, 0, 0),))
        for z in range(0, 23):
            n = 2.0 ** z
            phi = math.radians(cell.lat)
            x = math.floor((cell.lon + 180.0) / 360.0 * n)
            y = math.floor((1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0 * n)
            tiles = vpostcode.cell_tiles(cell, z)
            self.assertIn(vpostcode.Tile(z, x, y), tiles)
            self.assertLessEqual(len(tiles), 4)
        with self.assertRaises(vpostcode.Error):
            vpostcode.cell_tiles(cell, 31)

    def test_geojson(self):
        cell = vpostcode.olc_decode("7PH72VH3+CM4")
        feature = json.loads(vpostcode.cell_geojson(cell))
        self.assertEqual(feature["type"], "Feature")
        self.assertEqual(feature["geometry"]["type"], "Polygon")
        ring = feature["geometry"]["coordinates"][0]
        self.assertAlmostEqual(min(p[0] for p in ring), cell.west, places=9)
        self.assertAlmostEqual(max(p[1] for p in ring), cell.north, places=9)


if __name__ == "__main__":
    unittest.main()
