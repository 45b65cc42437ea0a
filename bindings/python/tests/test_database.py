"""The Database against the real ward database: the well-known places of
tests/places.inc, errors, the long form, the pre-2025 codes, life cycle."""
import array
import json
import math
import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import unittest

import vpostcode
import vpostcode.batch
from support import (ABROAD, AT_SEA, NEAR_COAST, OUTSIDE, database, env, places, ward_points)


def location_of(lat, lon):
    """The standard-form location by the format's definition: the 11-digit OLC
    less its first four digits and its '+'."""
    return vpostcode.olc_encode(lat, lon, 11)[4:].replace("+", "")


class TestPlaces(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        cls.places = places()

    def test_encode(self):
        for p in self.places:
            with self.subTest(place=p["name"]):
                e = self.db.encode(p["lat"], p["lon"])
                self.assertEqual(e.code.postal_code, p["postal_code"])
                self.assertEqual(e.code.location, location_of(p["lat"], p["lon"]))
                self.assertEqual(e.code.text, p["postal_code"] + location_of(p["lat"], p["lon"]))
                self.assertFalse(e.code.long_form)
                self.assertIsNone(e.code.check)
                self.assertEqual(e.ward.code, p["ward_code"])
                self.assertEqual(e.ward.postal_code, p["postal_code"])
                self.assertEqual(e.ward.name, p["ward_name"])
                self.assertEqual(e.ward.province.code, p["province_code"])
                self.assertEqual(e.text, e.code.text)

    def test_decode_round_trip(self):
        for p in self.places:
            for check_char in (False, True):
                e = self.db.encode(p["lat"], p["lon"], check_char=check_char)
                for text in (e.code.text, e.code.display, e.code.display.lower()):
                    with self.subTest(place=p["name"], text=text):
                        d = self.db.decode(text)
                        self.assertTrue(d.cell.contains(p["lat"], p["lon"]))
                        self.assertEqual(d.cell.length, 11)
                        self.assertEqual(d.ward.code, p["ward_code"])
                        self.assertFalse(d.outside_ward)
                        self.assertEqual(d.status_name, "ok")
                        r = self.db.read(text)
                        self.assertEqual((r.scheme, r.ward.code), (vpostcode.Scheme.CURRENT, p["ward_code"]))
                        plain = self.db.encode(p["lat"], p["lon"]).code.text
                        self.assertEqual(r.current.text, plain)
                        self.assertEqual(self.db.convert(text).text, plain)
                        self.assertEqual(self.db.convert(text, check_char=True).text,
                                         self.db.encode(p["lat"], p["lon"], check_char=True).code.text)

    def test_lookup_and_ward_tables(self):
        for p in self.places:
            with self.subTest(place=p["name"]):
                w = self.db.lookup(p["lat"], p["lon"])
                self.assertEqual((w.code, w.postal_code, w.name), (p["ward_code"], p["postal_code"], p["ward_name"]))
                self.assertEqual(self.db.ward_by_code(p["ward_code"]), w)
                self.assertEqual(self.db.ward_by_postal_code(p["postal_code"]), w)
                self.assertIn(w, self.db.wards)
                self.assertTrue(w.south <= p["lat"] <= w.north and w.west <= p["lon"] <= w.east)
                self.assertEqual(w.bbox, (w.south, w.west, w.north, w.east))
                self.assertIn(w.unit_type, list(vpostcode.UnitType))

    def test_readme_example(self):
        # README.md: 21.0287 105.8490 (Nhà thờ Lớn) is 11024 2RHX+FJJ, check character 2.
        e = self.db.encode(21.0287, 105.8490, check_char=True)
        self.assertEqual((e.code.text, e.code.display), ("110242RHXFJJ2", "11024 2RHX+FJJ-2"))
        self.assertEqual(e.ward.name, "Phường Hoàn Kiếm")
        self.assertEqual(e.ward.province.name, "Thành phố Hà Nội")


class TestContents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()

    def test_wards_and_metadata(self):
        meta = self.db.metadata
        self.assertEqual(meta["schema_version"], "1")
        wards = self.db.wards
        self.assertEqual(len(wards), self.db.ward_count)
        self.assertGreater(len(wards), 3000)
        self.assertEqual([w.code for w in wards], sorted(w.code for w in wards))
        self.assertEqual(len({w.postal_code for w in wards}), len(wards))
        self.assertEqual(str(len({w.province.code for w in wards})), meta["province_count"])
        self.assertEqual(str(sum(w.long_form for w in wards)), meta["long_form_count"])
        self.assertEqual(self.db.ward_at(0), wards[0])
        self.assertEqual(self.db.ward_at(len(wards) - 1), wards[-1])
        with self.assertRaises(vpostcode.InvalidArgumentError):
            self.db.ward_at(len(wards))
        self.assertEqual(self.db.has_legacy, meta.get("legacy") == "1")
        if env("VPOSTCODE_DB"):
            self.assertEqual(self.db.path, env("VPOSTCODE_DB"))
            self.assertEqual(vpostcode.default_db_path(), env("VPOSTCODE_DB"))
        else:
            self.assertEqual(self.db.path, vpostcode.default_db_path())
            self.assertTrue(self.db.path.endswith("vpostcode.sqlite"))

    def test_unknown_wards(self):
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            self.db.ward_by_postal_code("00000")
        self.assertEqual(cm.exception.name, "VPC_E_UNKNOWN_POSTAL_CODE")
        with self.assertRaises(vpostcode.CodeFormatError) as cm:
            self.db.ward_by_postal_code("110")
        self.assertEqual(cm.exception.name, "VPC_E_POSTAL_CODE")
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            self.db.ward_by_code("99999")
        self.assertEqual(cm.exception.name, "VPC_E_UNKNOWN_WARD")

    def test_ward_geojson(self):
        feature = json.loads(self.db.ward_geojson("00070"))
        self.assertEqual(feature["geometry"]["type"], "MultiPolygon")
        self.assertEqual(feature["properties"]["code"], "00070")
        self.assertEqual(feature["properties"]["postal_code"], "11024")


class TestLongForm(unittest.TestCase):
    def test_long_form_wards(self):
        db = database()
        long_wards = [w for w in db.wards if w.long_form]
        self.assertGreater(len(long_wards), 0)
        rng = random.Random(9)
        for w in long_wards:
            found = 0
            for _ in range(20000):
                lat, lon = rng.uniform(w.south, w.north), rng.uniform(w.west, w.east)
                try:
                    if db.lookup(lat, lon).code != w.code:
                        continue
                except vpostcode.NotFoundError:
                    continue
                e = db.encode(lat, lon)
                self.assertTrue(e.code.long_form)
                self.assertEqual(len(e.code.text), 16)
                self.assertEqual(e.code.location, vpostcode.olc_encode(lat, lon, 11).replace("+", ""))
                self.assertTrue(db.decode(e.code.text).cell.contains(lat, lon))
                found += 1
                if found == 20:
                    break
            self.assertGreater(found, 0, f"no point found in long-form ward {w.code}")

    def test_long_form_on_request(self):
        db = database()
        e = db.encode(21.0288, 105.8525, long_form=True, check_char=True)
        self.assertEqual(len(e.code.text), 17)
        self.assertTrue(e.code.long_form)
        self.assertTrue(db.decode(e.code.display).cell.contains(21.0288, 105.8525))


class TestErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()

    def assertPointError(self, cls, name, lat, lon):
        for fn in (self.db.encode, self.db.lookup):
            with self.assertRaises(cls) as cm:
                fn(lat, lon)
            self.assertEqual(cm.exception.name, name, f"{fn.__name__}({lat}, {lon})")
            self.assertIs(type(cm.exception), cls)

    def test_coordinates(self):
        C = vpostcode.CoordinateError
        for lat, lon in ((math.nan, 105.8), (21.0, math.nan), (math.inf, 105.8),
                         (21.0, -math.inf), (-math.inf, 105.8)):
            self.assertPointError(C, "VPC_E_NOT_FINITE", lat, lon)
        self.assertPointError(C, "VPC_E_LATITUDE_RANGE", 91.0, 105.8)
        self.assertPointError(C, "VPC_E_LATITUDE_RANGE", -90.0001, 105.8)
        self.assertPointError(C, "VPC_E_LONGITUDE_RANGE", 21.0, -180.5)
        self.assertPointError(C, "VPC_E_LONGITUDE_RANGE", 21.0, 180.5)
        for bad in ("21.0", None, [21.0]):
            with self.assertRaises(TypeError):
                self.db.encode(bad, 105.8)

    def test_nowhere(self):
        for lat, lon in NEAR_COAST:
            self.assertPointError(vpostcode.NotFoundError, "VPC_E_NO_WARD", lat, lon)
        for lat, lon in AT_SEA + ABROAD + OUTSIDE:
            self.assertPointError(vpostcode.NotFoundError, "VPC_E_OUTSIDE_VIETNAM", lat, lon)

    def test_decode_errors(self):
        F = vpostcode.CodeFormatError
        table = [
            ("00000 2VH3+CM4", vpostcode.NotFoundError, "VPC_E_UNKNOWN_POSTAL_CODE", None),
            ("11024 2VH3+CM", F, "VPC_E_CODE_LENGTH", 14),       # 1-based positions
            ("11024 2VH3+CM4-Q", F, "VPC_E_CHECK_CHARACTER", 16),
            ("11024 2VH3+CM4-2", F, "VPC_E_CHECK_CHARACTER", 16),
            ("1102A 2VH3+CM4", F, "VPC_E_BAD_CHARACTER", 5),
            ("", F, "VPC_E_EMPTY", 1),
            ("11024 2VH3+CM4\0", F, "VPC_E_BAD_CHARACTER", 15),
        ]
        for text, cls, name, position in table:
            for fn in (self.db.decode, self.db.read, self.db.convert):
                with self.subTest(text=text, fn=fn.__name__):
                    with self.assertRaises(cls) as cm:
                        fn(text)
                    self.assertIs(type(cm.exception), cls)
                    self.assertEqual((cm.exception.name, cm.exception.position), (name, position))
        with self.assertRaises(vpostcode.InvalidArgumentError) as cm:
            self.db.decode(None)
        self.assertEqual(cm.exception.name, "VPC_E_NULL_ARGUMENT")
        with self.assertRaises(TypeError):
            self.db.decode(110242)
        with self.assertRaises(vpostcode.InvalidArgumentError):
            self.db.decode("110242RHXFJJ", scheme="old")

    def test_outside_ward_warning(self):
        # tests/check_db.c: a location made in Hà Nội under the postal code of a
        # ward of Hồ Chí Minh City recovers near that ward, outside it.
        hanoi = self.db.encode(21.0288, 105.8525).code
        saigon = self.db.encode(10.7725, 106.6980).code
        text = saigon.postal_code + hanoi.location
        d = self.db.decode(text)
        self.assertTrue(d.outside_ward)
        self.assertEqual(d.status_name, "VPC_W_OUTSIDE_WARD")
        self.assertEqual(d.cell.length, 11)
        self.assertEqual(d.ward.postal_code, saigon.postal_code)
        self.assertTrue(self.db.read(text).outside_ward)


class TestLegacy(unittest.TestCase):
    """Codes of before 2025 (README: `vpostcode convert "11006 2RHX+FJJ"` gives
    11024 2RHX+FJJ), with and without the pre-2025 tables."""

    def check_with_legacy(self, db):
        self.assertEqual(db.convert("11006 2RHX+FJJ").display, "11024 2RHX+FJJ")
        self.assertEqual(db.convert("11006 2RHX+FJJ", check_char=True).display, "11024 2RHX+FJJ-2")
        r = db.read("11006 2RHX+FJJ")
        self.assertEqual(r.scheme, vpostcode.Scheme.LEGACY)
        self.assertEqual(r.legacy.postal_code, "11006")
        self.assertEqual(r.legacy.province_code, "01")
        self.assertEqual(r.ward.code, "00070")
        self.assertEqual(r.current.text, "110242RHXFJJ")
        self.assertEqual(db.decode("11006 2RHX+FJJ", scheme="legacy").ward.code, "00070")
        self.assertEqual(db.decode("11006 2RHX+FJJ").ward.code, "00070")
        commune = db.legacy_by_postal_code("11006")
        self.assertEqual(commune.unit.postal_code, "11006")
        self.assertIn("00070", [w.code for w in commune.wards])
        units = db.legacy_lookup(21.0287, 105.8490)
        self.assertIn("11006", [u.postal_code for u in units])
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            db.legacy_by_postal_code("00000")
        self.assertEqual(cm.exception.name, "VPC_E_UNKNOWN_LEGACY_CODE")

    def check_without_legacy(self, db):
        self.assertFalse(db.has_legacy)
        for call in (lambda: db.decode("11006 2RHX+FJJ", scheme="legacy"),
                     lambda: db.read("11006 2RHX+FJJ", scheme="legacy"),
                     lambda: db.legacy_by_postal_code("11006"),
                     lambda: db.legacy_lookup(21.0287, 105.8490)):
            with self.assertRaises(vpostcode.NoLegacyDataError) as cm:
                call()
            self.assertEqual(cm.exception.name, "VPC_E_NO_LEGACY_DATA")
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            db.convert("11006 2RHX+FJJ")
        self.assertEqual(cm.exception.name, "VPC_E_UNKNOWN_POSTAL_CODE")
        self.assertEqual(db.convert("11024 2RHX+FJJ").text, "110242RHXFJJ")

    def test_both(self):
        db = database()
        if not db.has_legacy:
            self.check_without_legacy(db)
            return
        self.check_with_legacy(db)
        # The same database without its pre-2025 tables: a copy of the
        # SQLite database, and its runtime file written by the build's
        # vpc-pack next to it.
        source, pack = os.environ.get("VPOSTCODE_SQLITE"), os.environ.get("VPC_PACK")
        if not source or not pack:
            self.skipTest("VPOSTCODE_SQLITE and VPC_PACK are set by make check")
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, "current-only.sqlite")
            shutil.copyfile(source, copy)
            with sqlite3.connect(copy) as sql:
                for table in ("legacy_communes", "legacy_units", "legacy_map"):
                    sql.execute(f"DROP TABLE {table}")
            subprocess.run([pack, copy, os.path.join(tmp, "current-only.vpc")], check=True,
                           stdout=subprocess.DEVNULL)
            with vpostcode.Database(copy) as other:
                self.check_without_legacy(other)


class TestLifeCycle(unittest.TestCase):
    def test_context_manager_and_close(self):
        with vpostcode.Database(database().path) as db:
            self.assertFalse(db.closed)
            self.assertEqual(db.encode(21.0288, 105.8525).ward.code, "00070")
        self.assertTrue(db.closed)
        for call in (lambda: db.encode(21.0288, 105.8525), lambda: db.decode("110242RHXFJJ"),
                     lambda: db.lookup(21.0, 105.8), lambda: db.wards, lambda: db.metadata,
                     lambda: db.path, lambda: db.encode_many([21.0], [105.8]),
                     lambda: db.decode_many(["110242RHXFJJ"]), lambda: db.has_legacy):
            with self.assertRaises(vpostcode.DatabaseClosedError) as cm:
                call()
            self.assertEqual(cm.exception.name, "VPC_E_NULL_ARGUMENT")
            self.assertIsInstance(cm.exception, vpostcode.InvalidArgumentError)
        db.close()  # twice is fine
        self.assertIn("closed", repr(db))

    def test_pickle_gives_the_shared_database(self):
        db = database()
        back = pickle.loads(pickle.dumps(db))
        self.assertIs(back, vpostcode.shared_database(db.path))
        self.assertEqual(back.path, db.path)

    def test_threads_share_one_database(self):
        db = database()
        points = ward_points(db, 400, seed=5)

        def codes():
            out = []
            for lat, lon in points:
                try:
                    out.append(db.encode(lat, lon).code.text)
                except vpostcode.NotFoundError as e:
                    out.append(e.name)
            return out

        expected = codes()
        results = [None] * 4

        def work(i):
            results[i] = codes()

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [expected] * 4)

    # ---- close() while other threads are inside the library ------------

    @staticmethod
    def coded_points(n, seed):
        """Up to n points that have a ward, with their codes and ward codes."""
        db = database()
        out = []
        for lat, lon in ward_points(db, n, seed=seed):
            try:
                e = db.encode(lat, lon)
            except vpostcode.NotFoundError:
                continue
            out.append((lat, lon, e.code.text, e.ward.code))
        return out

    def assertAllClosed(self, db):
        self.assertTrue(db.closed)
        calls = (lambda: db.lookup(21.0288, 105.8525), lambda: db.encode(21.0288, 105.8525),
                 lambda: db.decode("110242RHXFJJ"), lambda: db.read("110242RHXFJJ"),
                 lambda: db.convert("110242RHXFJJ"), lambda: db.ward_at(0),
                 lambda: db.ward_by_code("00070"), lambda: db.ward_by_postal_code("11024"),
                 lambda: db.ward_geojson("00070"), lambda: db.wards, lambda: db.ward_count,
                 lambda: db.metadata, lambda: db.path, lambda: db.has_legacy,
                 lambda: db.legacy_by_postal_code("10000"), lambda: db.legacy_lookup(21.0, 105.8),
                 lambda: db.encode_many([21.0], [105.8]), lambda: db.lookup_many([21.0], [105.8]),
                 lambda: db.decode_many(["110242RHXFJJ"]))
        for i, call in enumerate(calls):
            with self.subTest(call=i), self.assertRaises(vpostcode.DatabaseClosedError):
                call()

    def test_close_while_threads_call(self):
        # Workers call the library in a loop on one Database; the main thread
        # closes it under them. No crash; every call that returns gives the
        # right answer; each worker stops on DatabaseClosedError and nothing
        # else; afterwards every call raises DatabaseClosedError.
        points = self.coded_points(600, seed=23)
        lats = [p[0] for p in points] * 20
        lons = [p[1] for p in points] * 20
        codes = [p[2] for p in points] * 20
        wards = [p[3] for p in points] * 20

        def encode_many(db):
            self.assertEqual(db.encode_many(lats, lons).codes, codes)

        def lookup_many(db):
            self.assertEqual(db.lookup_many(lats, lons).ward_codes, wards)

        def decode_many(db):
            self.assertEqual(db.decode_many(codes[:2000]).ward_codes, wards[:2000])

        def lookup(db):
            for lat, lon, _, ward in points:
                self.assertEqual(db.lookup(lat, lon).code, ward)

        def others(db):
            lat, lon, code, ward = points[0]
            self.assertEqual(db.encode(lat, lon).code.text, code)
            self.assertEqual(db.decode(code).ward.code, ward)
            self.assertEqual(db.convert(code).text, code)
            self.assertEqual(db.ward_by_code(ward).code, ward)
            self.assertEqual(db.ward_at(0), database().ward_at(0))
            self.assertEqual(db.metadata, database().metadata)
            self.assertEqual(db.path, database().path)

        for round in range(3):
            db = vpostcode.Database(database().path)
            work = [encode_many, lookup_many, decode_many, lookup, lookup, others]
            running = [threading.Event() for _ in work]
            outcome = [None] * len(work)

            def worker(i):
                calls = 0
                try:
                    while True:
                        work[i](db)
                        calls += 1
                        running[i].set()
                except vpostcode.DatabaseClosedError:
                    outcome[i] = ("closed", calls)
                except BaseException as e:  # a wrong answer or another error
                    outcome[i] = ("failed", repr(e))
                finally:
                    running[i].set()

            threads = [threading.Thread(target=worker, args=(i,), daemon=True)
                       for i in range(len(work))]
            for t in threads:
                t.start()
            for e in running:
                self.assertTrue(e.wait(60))
            time.sleep(0.02 * round)
            db.close()
            self.assertAllClosed(db)
            for t in threads:
                t.join(60)
                self.assertFalse(t.is_alive())
            for i, (how, what) in enumerate(outcome):
                with self.subTest(round=round, work=work[i].__name__):
                    self.assertEqual(how, "closed", what)
                    self.assertGreater(what, 0)
            db.close()  # twice is still fine
            self.assertAllClosed(db)

    def test_close_waits_for_calls_in_progress(self):
        # A batch of 2M points is inside vpc_encode_batch when the main thread
        # calls close(): the database is closed at once for new calls, but
        # close() returns only after the batch's C call has ended, and the
        # batch has every result. A stand-in for the library in the batch
        # module records when the C call starts and ends.
        points = self.coded_points(300, seed=29)
        n = 2_000_000
        lats = array.array("d", (points[i % len(points)][0] for i in range(n)))
        lons = array.array("d", (points[i % len(points)][1] for i in range(n)))
        db = vpostcode.Database(database().path)
        real = vpostcode.batch.lib
        started = threading.Event()
        times = {}

        class Spy:
            def __getattr__(self, name):
                return getattr(real, name)

            def vpc_encode_batch(self, *args):
                times["c_start"] = time.monotonic()
                started.set()
                try:
                    return real.vpc_encode_batch(*args)
                finally:
                    times["c_end"] = time.monotonic()

        outcome = {}

        def encode():
            try:
                outcome["batch"] = db.encode_many(lats, lons)
            except BaseException as e:
                outcome["error"] = e
            finally:
                started.set()

        def probe():  # a call made once close() has begun, while the batch runs
            deadline = time.monotonic() + 60
            while not db.closed and time.monotonic() < deadline:
                time.sleep(0.0005)
            outcome["probe_in_flight"] = "c_end" not in times
            try:
                db.lookup(21.0288, 105.8525)
                outcome["probe"] = "answered"
            except vpostcode.DatabaseClosedError:
                outcome["probe"] = "closed"

        vpostcode.batch.lib = Spy()
        try:
            worker = threading.Thread(target=encode, daemon=True)
            prober = threading.Thread(target=probe, daemon=True)
            worker.start()
            prober.start()
            self.assertTrue(started.wait(60))
            close_start = time.monotonic()
            db.close()
            close_end = time.monotonic()
            worker.join(60)
            prober.join(60)
        finally:
            vpostcode.batch.lib = real
        self.assertFalse(worker.is_alive())
        self.assertNotIn("error", outcome)
        self.assertIn("c_end", times)
        # close() was called while the C call ran, and returned after it ended.
        self.assertLess(times["c_start"], close_start)
        self.assertLess(close_start, times["c_end"])
        self.assertLessEqual(times["c_end"], close_end)
        # Closed at once: a call begun while close() waited was refused.
        self.assertEqual(outcome["probe"], "closed")
        self.assertTrue(outcome["probe_in_flight"])
        batch = outcome["batch"]
        self.assertEqual(len(batch), n)
        self.assertIsNone(batch.first_failure())
        expected = [p[2] for p in points]
        self.assertTrue(all(c == expected[i % len(points)] for i, c in enumerate(batch.codes)))
        self.assertAllClosed(db)


class TestOpenErrors(unittest.TestCase):
    def assertOpenError(self, path, name):
        with self.assertRaises(vpostcode.DatabaseError) as cm:
            vpostcode.Database(path)
        self.assertEqual(cm.exception.name, name)
        self.assertIn(str(path), str(cm.exception))

    def test_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertOpenError(os.path.join(tmp, "missing.sqlite"), "VPC_E_DB_NOT_FOUND")
            self.assertOpenError(os.path.join(tmp, "no", "dir", "x.sqlite"), "VPC_E_DB_NOT_FOUND")
            self.assertOpenError(tmp, "VPC_E_DB_UNREADABLE")
            empty = os.path.join(tmp, "empty.sqlite")
            open(empty, "wb").close()
            self.assertOpenError(empty, "VPC_E_DB_CORRUPT")
            junk = os.path.join(tmp, "junk.sqlite")
            rng = random.Random(7)
            with open(junk, "wb") as f:
                f.write(b"SQLite format 3\0" + bytes(rng.randrange(256) for _ in range(8176)))
            self.assertOpenError(junk, "VPC_E_DB_CORRUPT")
            truncated = os.path.join(tmp, "truncated.sqlite")
            with open(database().path, "rb") as src, open(truncated, "wb") as dst:
                dst.write(src.read(1 << 20))
            self.assertOpenError(truncated, "VPC_E_DB_CORRUPT")
            with self.assertRaises(vpostcode.InvalidArgumentError):
                vpostcode.Database(database().path + "\0ignored")
            other = os.path.join(tmp, "other.sqlite")
            with sqlite3.connect(other) as sql:
                sql.execute("CREATE TABLE orders(id INTEGER, lat REAL, lon REAL)")
            self.assertOpenError(other, "VPC_E_DB_SCHEMA")

    def test_default_database_from_environment(self):
        with tempfile.TemporaryDirectory() as tmp:
            missing = os.path.join(tmp, "nothing-here.sqlite")
            code = ("import vpostcode\ntry:\n    vpostcode.Database()\n"
                    "except vpostcode.DatabaseError as e:\n    print(e.name)\n")
            import subprocess
            import sys
            r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               env=dict(os.environ, VPOSTCODE_DB=missing), timeout=60)
            self.assertEqual((r.returncode, r.stdout.strip()), (0, "VPC_E_DB_NOT_FOUND"), r.stderr)


if __name__ == "__main__":
    unittest.main()
