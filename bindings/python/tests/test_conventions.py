"""Issue 11: the conventions every face shares (docs/CONVENTIONS.md) as the
binding applies them, and what a new user looked for.

- status text "ok", never "VPC_OK" (finding 17, rule 1);
- error positions: ``position`` 1-based in characters, ``offset`` 0-based
  index into the str, ``byte_position`` the C byte offset (finding 17, rule 2);
- points in no ward: VPC_E_NO_WARD within 12 nautical miles of a ward,
  VPC_E_OUTSIDE_VIETNAM farther (finding 7);
- the database-not-found message (finding 9);
- GSO and postal codes given as ints are refused (finding 5, rule 9);
- provinces, the wards of a province, their GeoJSON; nearest-ward mode.
"""
import json
import math
import os
import tempfile
import unittest

import vpostcode
from vpostcode import errors
from support import database

PHNOM_PENH = (11.5564, 104.9282)
BANGKOK = (13.7563, 100.5018)
VIENTIANE = (17.9757, 102.6331)
GULF_OF_TONKIN = (18.5, 107.5)        # open sea, more than 12 nautical miles from any ward
DA_NANG_BEACH = (16.0544, 108.2500)   # just off the digitised coastline
WOODY_ISLAND = (16.8344, 112.3389)    # Hoàng Sa, about 1.8 km from its polygon


class TestStatusText(unittest.TestCase):
    def test_ok_is_ok(self):
        db = database()
        self.assertEqual(vpostcode.status_text(0), "ok")
        self.assertEqual(vpostcode.status_text(24), "VPC_E_NO_WARD")
        self.assertEqual(vpostcode.status_name(0), "VPC_OK")  # the C name stays the C name
        b = db.encode_many([21.0287, 11.5564], [105.8490, 104.9282], errors="ignore")
        self.assertEqual(b.status_names, ["ok", "VPC_E_OUTSIDE_VIETNAM"])
        self.assertNotIn("VPC_OK", db.lookup_many([21.0287], [105.8490]).status_names)
        self.assertEqual(db.decode("11024 2RHX+FJJ").status_name, "ok")
        self.assertEqual(db.encode(21.0287, 105.8490).status_name, "ok")

    def test_new_statuses_are_mapped(self):
        self.assertEqual(vpostcode.STATUS_COUNT, 45)
        self.assertEqual(vpostcode.status_name(44), "VPC_W_ADDRESS_DEFAULT")
        self.assertTrue(vpostcode.is_warning(44))
        self.assertEqual(vpostcode.status_name(35), "VPC_E_DB_STALE")
        self.assertIs(vpostcode.error_class(35), vpostcode.DatabaseError)
        self.assertEqual(vpostcode.status_name(33), "VPC_W_NEAREST_WARD")
        self.assertTrue(vpostcode.is_warning(33))
        self.assertIsNone(vpostcode.error_class(33))
        self.assertEqual(vpostcode.status_name(34), "VPC_E_UNKNOWN_PROVINCE")
        self.assertIs(vpostcode.error_class(34), vpostcode.NotFoundError)
        self.assertIs(vpostcode.error_class(23), vpostcode.NotFoundError)  # OUTSIDE_VIETNAM
        self.assertIs(vpostcode.error_class(24), vpostcode.NotFoundError)  # NO_WARD


class TestPositions(unittest.TestCase):
    def assertAt(self, text, name, position):
        with self.assertRaises(vpostcode.CodeFormatError) as cm:
            vpostcode.parse(text)
        e = cm.exception
        self.assertEqual((e.name, e.position, e.offset), (name, position, position - 1), text)
        return e

    def test_ascii(self):
        e = self.assertAt("1102A 2RHX+FJJ", "VPC_E_BAD_CHARACTER", 5)
        self.assertEqual(e.byte_position, 4)
        self.assertEqual("1102A 2RHX+FJJ"[e.offset], "A")
        self.assertIn("at position 5", str(e))
        e = self.assertAt("11024 2RHX+FJJ-9", "VPC_E_CHECK_CHARACTER", 16)
        self.assertEqual("11024 2RHX+FJJ-9"[e.offset], "9")

    def test_non_ascii_counts_characters_not_bytes(self):
        text = "11024 2RHX+F\u00a0JJ"            # a no-break space, 2 bytes in UTF-8
        e = self.assertAt(text, "VPC_E_BAD_CHARACTER", 13)
        self.assertEqual(text[e.offset], "\u00a0")
        self.assertEqual(e.byte_position, 12)
        text = "\u1ec711024 2RHX+FJJ"            # a 3-byte character first
        e = self.assertAt(text, "VPC_E_BAD_CHARACTER", 1)
        self.assertEqual(e.byte_position, 0)
        text = "11024 2RHX\u3000FJJ-9"           # ideographic space (3 bytes) before the check
        with self.assertRaises(vpostcode.CodeFormatError) as cm:
            vpostcode.parse(text)
        e = cm.exception
        self.assertEqual(text[e.offset], "\u3000")
        self.assertEqual(e.position, e.offset + 1)

    def test_after_a_multibyte_character(self):
        # A code whose error comes after non-ASCII characters that parse as ignored:
        # none are ignored, so put the bad one last, after a valid prefix.
        text = "11024 2RHX+FJJ-\u00e9"
        e = self.assertAt(text, "VPC_E_BAD_CHARACTER", 16)
        self.assertEqual(e.byte_position, 15)

    def test_database_calls_and_batches(self):
        db = database()
        text = "11024 2RHX+F\u00a0JJ"
        for fn in (db.decode, db.read, db.convert):
            with self.assertRaises(vpostcode.CodeFormatError) as cm:
                fn(text)
            self.assertEqual((cm.exception.position, cm.exception.offset), (13, 12))
        with self.assertRaises(vpostcode.CodeFormatError) as cm:
            db.decode_many(["110242RHXFJJ", text])
        self.assertEqual((cm.exception.index, cm.exception.position), (1, 13))

    def test_empty_points_past_the_end(self):
        e = self.assertAt("", "VPC_E_EMPTY", 1)
        self.assertEqual(e.offset, 0)
        e = self.assertAt(" - ", "VPC_E_EMPTY", 4)


class TestNoWardRule(unittest.TestCase):
    """A point in no ward is VPC_E_NO_WARD within 12 nautical miles (22,224 m)
    of a ward, VPC_E_OUTSIDE_VIETNAM farther (docs/CONVENTIONS.md)."""

    def assertNowhere(self, point, name):
        db = database()
        for fn in (db.lookup, db.encode):
            with self.assertRaises(vpostcode.NotFoundError) as cm:
                fn(*point)
            self.assertEqual(cm.exception.name, name, f"{fn.__name__}{point}")
        b = db.encode_many([point[0]], [point[1]], errors="ignore")
        self.assertEqual(b.status_names, [name])

    def test_abroad(self):
        for point in (PHNOM_PENH, BANGKOK, VIENTIANE):
            with self.subTest(point=point):
                self.assertNowhere(point, "VPC_E_OUTSIDE_VIETNAM")

    def test_open_sea(self):
        # Gulf of Tonkin, 18.5 107.5: more than 12 nautical miles from any ward.
        self.assertNowhere(GULF_OF_TONKIN, "VPC_E_OUTSIDE_VIETNAM")

    def test_just_off_the_coast(self):
        # 144 m off a Đà Nẵng beach: in no ward, but well within 12 nautical miles.
        self.assertNowhere(DA_NANG_BEACH, "VPC_E_NO_WARD")
        self.assertNowhere(WOODY_ISLAND, "VPC_E_NO_WARD")


class TestDatabaseNotFound(unittest.TestCase):
    def test_message_names_the_path_and_the_ways_out(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "nowhere", "vpostcode.sqlite")
            with self.assertRaises(vpostcode.DatabaseError) as cm:
                vpostcode.Database(missing)
        e = cm.exception
        self.assertEqual(e.name, "VPC_E_DB_NOT_FOUND")
        text = str(e)
        self.assertIn(missing, text)
        self.assertIn("Database(path)", text)
        self.assertIn("VPOSTCODE_DB", text)
        self.assertIn("make install", text)


class TestIntegerCodes(unittest.TestCase):
    def test_refused_never_padded(self):
        db = database()
        for call in (lambda: db.ward_by_code(70), lambda: db.ward_geojson(70)):
            with self.assertRaises(TypeError) as cm:
                call()
            self.assertIn("a GSO code is text of 5 digits, e.g. '00070'", str(cm.exception))
        with self.assertRaises(TypeError) as cm:
            db.ward_by_postal_code(11024)
        self.assertIn("text of 5 digits", str(cm.exception))
        with self.assertRaises(TypeError):
            db.province_by_code(1)
        self.assertEqual(db.ward_by_code("00070").postal_code, "11024")


class TestProvinces(unittest.TestCase):
    def test_provinces_and_their_wards(self):
        db = database()
        provinces = db.provinces()
        self.assertIsInstance(provinces, list)
        self.assertEqual(len(provinces), int(db.metadata["province_count"]))
        self.assertEqual([p.code for p in provinces], sorted(p.code for p in provinces))
        hanoi = db.province_by_code("01")
        self.assertIsInstance(hanoi, vpostcode.Province)
        self.assertEqual(hanoi.name, "Thành phố Hà Nội")
        self.assertEqual(provinces[0], hanoi)
        wards = db.wards_of_province("01")
        self.assertEqual(wards, [w for w in db.wards if w.province.code == "01"])
        self.assertIn(db.ward_by_code("00070"), wards)
        self.assertEqual(db.wards_of_province(hanoi), wards)
        self.assertEqual(sum(len(db.wards_of_province(p.code)) for p in provinces), db.ward_count)
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            db.province_by_code("99")
        self.assertEqual(cm.exception.name, "VPC_E_UNKNOWN_PROVINCE")
        with self.assertRaises(vpostcode.NotFoundError):
            db.wards_of_province("99")

    def test_geojson(self):
        db = database()
        smallest = min(db.provinces(), key=lambda p: len(db.wards_of_province(p.code)))
        fc = json.loads(db.province_geojson(smallest.code))
        self.assertEqual(fc["type"], "FeatureCollection")
        self.assertEqual([f["properties"]["code"] for f in fc["features"]],
                         [w.code for w in db.wards_of_province(smallest.code)])
        self.assertEqual(json.loads(db.ward_geojson("00070"))["properties"]["code"], "00070")
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            db.province_geojson("99")
        self.assertEqual(cm.exception.name, "VPC_E_UNKNOWN_PROVINCE")


class TestNearest(unittest.TestCase):
    def test_in_a_ward(self):
        db = database()
        found = db.lookup(21.0287, 105.8490, nearest=200)
        self.assertIsInstance(found, vpostcode.Located)
        self.assertEqual((found.ward.code, found.distance_m, found.nearest_ward),
                         ("00070", 0.0, False))
        self.assertEqual(found.status_name, "ok")
        e = db.encode(21.0287, 105.8490, nearest=200)
        self.assertEqual((e.code.text, e.distance_m, e.nearest_ward), ("110242RHXFJJ", 0.0, False))

    def test_da_nang_beach(self):
        db = database()
        with self.assertRaises(vpostcode.NotFoundError):
            db.lookup(*DA_NANG_BEACH)              # exact by default
        found = db.lookup(*DA_NANG_BEACH, nearest=500)
        self.assertTrue(found.nearest_ward)
        self.assertEqual(found.status_name, "VPC_W_NEAREST_WARD")
        self.assertEqual(found.ward.province.code, "48")
        # bindings/python/README.md: "Phường Ngũ Hành Sơn 144 True"
        self.assertEqual((found.ward.name, round(found.distance_m)), ("Phường Ngũ Hành Sơn", 144))
        self.assertGreater(found.distance_m, 0)
        self.assertLessEqual(found.distance_m, 500)
        e = db.encode(*DA_NANG_BEACH, nearest=500)
        self.assertTrue(e.nearest_ward)
        self.assertEqual(e.ward, found.ward)
        self.assertEqual(e.distance_m, found.distance_m)
        self.assertEqual(e.code.postal_code, found.ward.postal_code)
        self.assertTrue(db.decode(e.code.text).outside_ward)  # the warning travels with the code
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            db.lookup(*DA_NANG_BEACH, nearest=10)
        self.assertEqual(cm.exception.name, "VPC_E_NO_WARD")

    def test_woody_island(self):
        db = database()
        found = db.lookup(*WOODY_ISLAND, nearest=2000)
        self.assertTrue(found.nearest_ward)
        self.assertIn("Hoàng Sa", found.ward.name)
        self.assertGreater(found.distance_m, 1000)
        self.assertLess(found.distance_m, 2000)
        e = db.encode(*WOODY_ISLAND, nearest=2000, check_char=True)
        self.assertTrue(e.code.long_form)
        self.assertEqual(e.ward.name, found.ward.name)

    def test_bad_distances(self):
        db = database()
        for bad in (-1, 22224.5, math.nan, math.inf):
            with self.subTest(nearest=bad):
                with self.assertRaises(vpostcode.InvalidArgumentError):
                    db.lookup(*DA_NANG_BEACH, nearest=bad)
        for bad in ("200m", True):
            with self.assertRaises(TypeError):
                db.lookup(*DA_NANG_BEACH, nearest=bad)
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            db.lookup(*PHNOM_PENH, nearest=22224)
        self.assertEqual(cm.exception.name, "VPC_E_OUTSIDE_VIETNAM")


class TestErrorsDocumented(unittest.TestCase):
    def test_docstrings_state_the_rule(self):
        for doc in (vpostcode.Database.lookup.__doc__, errors.__doc__,
                    vpostcode.NotFoundError.__doc__):
            doc = " ".join(doc.split())
            self.assertIn("12 nautical miles", doc)
            self.assertIn("VPC_E_OUTSIDE_VIETNAM", doc)
            self.assertIn("VPC_E_NO_WARD", doc)


if __name__ == "__main__":
    unittest.main()
