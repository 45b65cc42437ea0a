"""The batch calls give, item by item, exactly what the single calls give,
failed items included; lists, tuples, array.array and (when installed)
numpy arrays and pandas Series."""
import array
import math
import pickle
import unittest

import vpostcode
from support import AT_SEA, NEAR_COAST, OUTSIDE, around_vietnam, database, ward_points

try:
    import numpy
except ImportError:
    numpy = None
try:
    import pandas
except ImportError:
    pandas = None


def single(fn, *args, **kw):
    """("ok", result) or (the exception's name, None)."""
    try:
        return "ok", fn(*args, **kw)
    except vpostcode.Error as e:
        return e.name, None


def mixed_points(db):
    """Points on land, at sea, abroad, and invalid ones."""
    pts = ward_points(db, 300, seed=11) + around_vietnam(60, seed=12) + AT_SEA + NEAR_COAST + OUTSIDE
    pts += [(math.nan, 105.0), (21.0, math.inf), (-math.inf, 0.0), (91.0, 105.0), (21.0, 181.0)]
    return [p[0] for p in pts], [p[1] for p in pts]


def mixed_codes(db, lats, lons):
    """Codes of every kind: good ones in each form, mistyped, warning, missing."""
    out = []
    for i, (lat, lon) in enumerate(zip(lats, lons)):
        try:
            e = db.encode(lat, lon, check_char=i % 3 == 0)
        except vpostcode.Error:
            continue
        out.append(e.code.display if i % 2 else e.code.text)
    hanoi = db.encode(21.0288, 105.8525).code
    saigon = db.encode(10.7725, 106.6980).code
    out += [saigon.postal_code + hanoi.location, "11006 2RHX+FJJ", "00000 2VH3+CM4",
            "11024 2VH3+CM", "11024 2VH3+CM4-Q", "1102A 2VH3+CM4", "", "11024 2VH3+CM4\0", None,
            "110247PH72VH3CM4", "11024X2222222222"]
    return out


class TestBatchEqualsSingle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        cls.lats, cls.lons = mixed_points(cls.db)
        cls.codes = mixed_codes(cls.db, cls.lats, cls.lons)

    def test_encode_many(self):
        for long_form, check_char in ((False, False), (False, True), (True, False)):
            b = self.db.encode_many(self.lats, self.lons, long_form=long_form,
                                    check_char=check_char, errors="ignore")
            self.assertEqual(len(b), len(self.lats))
            names = b.status_names
            wards = b.wards
            for i, (lat, lon) in enumerate(zip(self.lats, self.lons)):
                name, e = single(self.db.encode, lat, lon, long_form=long_form, check_char=check_char)
                with self.subTest(i=i, lat=lat, lon=lon, name=name):
                    self.assertEqual(names[i], name)
                    self.assertEqual(b.ok[i], name == "ok")
                    self.assertEqual(b.codes[i], e.code.text if e else None)
                    self.assertEqual(wards[i], e.ward if e else None)
                    self.assertEqual(b.ward_codes[i], e.ward.code if e else None)
                    self.assertEqual(b.postal_codes[i], e.ward.postal_code if e else None)
            self.assertGreater(names.count("ok"), 200)
            self.assertGreater(len(b.failures()), 10)

    def test_lookup_many(self):
        b = self.db.lookup_many(self.lats, self.lons, errors="ignore")
        for i, (lat, lon) in enumerate(zip(self.lats, self.lons)):
            name, w = single(self.db.lookup, lat, lon)
            with self.subTest(i=i):
                self.assertEqual((b.status_names[i], b.wards[i]), (name, w))

    def test_decode_many(self):
        schemes = [None, "current"] + (["legacy"] if self.db.has_legacy else [])
        for scheme in schemes:
            b = self.db.decode_many(self.codes, scheme=scheme, errors="ignore")
            self.assertEqual(len(b), len(self.codes))
            for i, text in enumerate(self.codes):
                try:
                    d = self.db.decode(text, scheme=scheme)
                    name = "VPC_W_OUTSIDE_WARD" if d.outside_ward else "ok"
                except vpostcode.Error as e:
                    name, d = e.name, None
                with self.subTest(scheme=scheme, i=i, text=text):
                    self.assertEqual(b.status_names[i], name)
                    self.assertEqual(b.cells[i], d.cell if d else None)
                    self.assertEqual(b.wards[i], d.ward if d else None)
                    self.assertEqual(b.outside_ward[i], bool(d and d.outside_ward))
                    self.assertEqual(b.lat[i], d.cell.lat if d else None)
            self.assertIn("VPC_W_OUTSIDE_WARD", b.status_names)
            self.assertIn("VPC_E_NULL_ARGUMENT", b.status_names)

    def test_errors_raise_names_the_first_failed_item(self):
        lats, lons = [21.0288, 10.7725, 18.5, math.nan], [105.8525, 106.6980, 107.5, 105.0]
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            self.db.encode_many(lats, lons)
        self.assertEqual((cm.exception.name, cm.exception.index), ("VPC_E_OUTSIDE_VIETNAM", 2))
        with self.assertRaises(vpostcode.CoordinateError) as cm:
            self.db.lookup_many(lats[3:], lons[3:])
        self.assertEqual((cm.exception.name, cm.exception.index), ("VPC_E_NOT_FINITE", 0))
        with self.assertRaises(vpostcode.CodeFormatError) as cm:
            self.db.decode_many(["110242RHXFJJ", "11024 2VH3+CM4-Q"])
        e = cm.exception
        self.assertEqual((e.name, e.index, e.position), ("VPC_E_CHECK_CHARACTER", 1, 16))
        self.assertIn("[item 1]", str(e))
        ok = self.db.encode_many(lats[:2], lons[:2])
        self.assertEqual(ok.codes, [self.db.encode(21.0288, 105.8525).code.text,
                                    self.db.encode(10.7725, 106.6980).code.text])
        # A warning is no error.
        hanoi = self.db.encode(21.0288, 105.8525).code
        saigon = self.db.encode(10.7725, 106.6980).code
        self.assertEqual(self.db.decode_many([saigon.postal_code + hanoi.location]).outside_ward,
                         [True])


class TestInputs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        pts = ward_points(cls.db, 50, seed=3) + AT_SEA
        cls.lats, cls.lons = [p[0] for p in pts], [p[1] for p in pts]
        cls.expected = cls.db.encode_many(cls.lats, cls.lons, errors="ignore")

    def test_sequence_types(self):
        for lats, lons in ((tuple(self.lats), tuple(self.lons)),
                           (array.array("d", self.lats), array.array("d", self.lons)),
                           (iter(self.lats), iter(self.lons))):
            b = self.db.encode_many(lats, lons, errors="ignore")
            self.assertFalse(b.is_numpy)
            self.assertEqual((b.codes, b.status, b.ward_index),
                             (self.expected.codes, self.expected.status, self.expected.ward_index))
        ints = self.db.lookup_many([21, 18], [106, 107], errors="ignore")
        self.assertEqual(ints.status_names, [single(self.db.lookup, 21, 106)[0],
                                             single(self.db.lookup, 18, 107)[0]])

    def test_empty(self):
        for empty in ([], (), array.array("d")):
            self.assertEqual(len(self.db.encode_many(empty, empty)), 0)
            self.assertEqual(self.db.encode_many(empty, empty).codes, [])
            self.assertEqual(self.db.lookup_many(empty, empty).wards, [])
            self.assertEqual(self.db.decode_many(empty).cells, [])
            self.assertIsNone(self.db.encode_many(empty, empty).first_failure())

    def test_bad_arguments(self):
        with self.assertRaises(vpostcode.InvalidArgumentError) as cm:
            self.db.encode_many([21.0, 22.0], [105.0])
        self.assertEqual(cm.exception.name, "VPC_E_INVALID_ARGUMENT")
        with self.assertRaises(vpostcode.InvalidArgumentError):
            self.db.encode_many([21.0], [105.0], errors="coerce")
        with self.assertRaises(vpostcode.InvalidArgumentError):
            self.db.decode_many(["110242RHXFJJ"], scheme="both")
        with self.assertRaises(TypeError):
            self.db.encode_many(["21.0"], [105.0])
        with self.assertRaises(TypeError):
            self.db.encode_many([None], [105.0])
        with self.assertRaises(TypeError):
            self.db.decode_many([110242])


@unittest.skipIf(numpy is None, "numpy is not installed")
class TestNumpy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        cls.lats, cls.lons = mixed_points(cls.db)
        cls.expected = cls.db.encode_many(cls.lats, cls.lons, errors="ignore")

    def test_encode_many(self):
        lat, lon = numpy.array(self.lats), numpy.array(self.lons)
        rounded = (lat.astype(numpy.float32).astype(numpy.float64),
                   lon.astype(numpy.float32).astype(numpy.float64))
        strided = (numpy.repeat(lat, 2)[::2], numpy.repeat(lon, 2)[::2])  # not contiguous
        # contiguous but not aligned for doubles: views 4 bytes into raw bytes
        raw_lat, raw_lon = b"\0" * 4 + lat.tobytes(), b"\0" * 4 + lon.tobytes()
        unaligned = (numpy.frombuffer(raw_lat, dtype=numpy.float64, offset=4),
                     numpy.frombuffer(raw_lon, dtype=numpy.float64, offset=4))
        self.assertFalse(unaligned[0].flags.aligned)
        for a, o in ((lat, lon), rounded, strided, unaligned):
            b = self.db.encode_many(a, o, errors="ignore")
            self.assertTrue(b.is_numpy)
            self.assertIsInstance(b.codes, numpy.ndarray)
            self.assertIsInstance(b.status, numpy.ndarray)
            single_codes = self.db.encode_many(a.tolist(), o.tolist(), errors="ignore")
            self.assertEqual([c or "" for c in single_codes.codes], b.codes.tolist())
            self.assertEqual(single_codes.status, b.status.tolist())
            self.assertEqual([c or "" for c in single_codes.ward_codes], b.ward_codes.tolist())
            self.assertEqual(single_codes.status_names, b.status_names.tolist())
            self.assertEqual(single_codes.ok, b.ok.tolist())
        b = self.db.encode_many(lat, lon, errors="ignore")
        self.assertEqual([c or "" for c in self.expected.codes], b.codes.tolist())
        self.assertEqual(self.expected.wards, b.wards)
        f32 = self.db.encode_many(lat.astype(numpy.float32), lon.astype(numpy.float32),
                                  errors="ignore")
        self.assertEqual(f32.codes.tolist(), [c or "" for c in self.db.encode_many(
            rounded[0].tolist(), rounded[1].tolist(), errors="ignore").codes])

    def test_two_dimensions_rejected(self):
        with self.assertRaises(vpostcode.InvalidArgumentError):
            self.db.encode_many(numpy.zeros((2, 2)), numpy.zeros((2, 2)))

    def test_empty(self):
        b = self.db.encode_many(numpy.array([]), numpy.array([]))
        self.assertEqual((len(b), b.codes.shape, b.status.shape), (0, (0,), (0,)))
        d = self.db.decode_many(numpy.array([], dtype=object))
        self.assertEqual(len(d.cells), 0)

    def test_decode_many(self):
        codes = mixed_codes(self.db, self.lats, self.lons)
        lists = self.db.decode_many(codes, errors="ignore")
        b = self.db.decode_many(numpy.array(codes, dtype=object), errors="ignore")
        self.assertTrue(b.is_numpy)
        self.assertEqual(b.status.tolist(), lists.status)
        self.assertEqual(b.ward_index.tolist(), lists.ward_index)
        for i, c in enumerate(lists.cells):
            with self.subTest(i=i):
                if c is None:
                    self.assertTrue(math.isnan(b.lat[i]) and math.isnan(b.cells["south"][i]))
                    self.assertEqual(b.cells["length"][i], 0)
                else:
                    self.assertEqual(tuple(b.cells[i].tolist()),
                                     (c.south, c.west, c.north, c.east, c.lat, c.lon, c.length))
        self.assertEqual(b.outside_ward.tolist(), lists.outside_ward)

    def test_lookup_many(self):
        b = self.db.lookup_many(numpy.array(self.lats), numpy.array(self.lons), errors="ignore")
        lists = self.db.lookup_many(self.lats, self.lons, errors="ignore")
        self.assertEqual((b.status.tolist(), b.wards), (lists.status, lists.wards))

    def test_errors_raise(self):
        with self.assertRaises(vpostcode.NotFoundError) as cm:
            self.db.encode_many(numpy.array([21.0288, 18.5]), numpy.array([105.8525, 107.5]))
        self.assertEqual((cm.exception.name, cm.exception.index), ("VPC_E_OUTSIDE_VIETNAM", 1))

    @unittest.skipIf(pandas is None, "pandas is not installed")
    def test_pandas(self):
        s_lat = pandas.Series(self.lats, index=range(100, 100 + len(self.lats)))
        s_lon = pandas.Series(self.lons, index=s_lat.index)
        b = self.db.encode_many(s_lat, s_lon, errors="ignore")
        self.assertEqual([c or "" for c in self.expected.codes], b.codes.tolist())
        with self.assertRaises(vpostcode.NotFoundError) as cm:  # positions, not labels
            self.db.encode_many(pandas.Series([21.0288, 18.5], index=[10, 20]),
                                pandas.Series([105.8525, 107.5], index=[10, 20]))
        self.assertEqual((cm.exception.index, cm.exception.name), (1, "VPC_E_OUTSIDE_VIETNAM"))
        self.assertIn("18.5", str(cm.exception))
        frame = pandas.DataFrame({"lat": s_lat, "lon": s_lon})
        out = vpostcode.encode_frame(frame, database=self.db)
        self.assertEqual(list(out.columns), list(vpostcode.encode_frame_meta().columns))
        self.assertTrue(out.index.equals(frame.index))
        self.assertEqual(out["code"].tolist(), [c or "" for c in self.expected.codes])
        # A NaN cell in a DataFrame is a missing value: MISSING_FIELD, as the tool
        # says of an empty field (encode_many, given NaN itself, says VPC_E_NOT_FINITE).
        missing = [math.isnan(a) or math.isnan(o) for a, o in zip(self.lats, self.lons)]
        self.assertTrue(any(missing))
        self.assertEqual(out["status"].tolist(),
                         ["MISSING_FIELD" if m else s
                          for m, s in zip(missing, self.expected.status_names)])
        self.assertEqual(out["ward_code"].tolist(), [c or "" for c in self.expected.ward_codes])
        looked = vpostcode.lookup_frame(frame, database=self.db)
        self.assertEqual(looked["ward_code"].tolist(), out["ward_code"].tolist())
        back = vpostcode.decode_frame(out[out["status"] == "ok"], database=self.db)
        self.assertEqual(set(back["status"]), {"ok"})
        self.assertEqual(back["ward_code"].tolist(), out[out["status"] == "ok"]["ward_code"].tolist())
        self.assertEqual(list(back.columns), list(vpostcode.decode_frame_meta().columns))


def single_decode(db, text, scheme=None):
    """What decode() gives an item, as a batch reports it: (status name,
    Decoded or None); a missing item (None, NaN, pandas NA) is
    VPC_E_NULL_ARGUMENT."""
    if vpostcode._convert.is_missing(text):
        return "VPC_E_NULL_ARGUMENT", None
    try:
        d = db.decode(text, scheme=scheme)
    except vpostcode.Error as e:
        return e.name, None
    return ("VPC_W_OUTSIDE_WARD" if d.outside_ward else "ok"), d


def code_mix(db):
    """Codes of every kind for a batch: valid ones (canonical, display, check
    character, long form), mistyped ones, missing ones (None, NaN, pandas
    NA), bytes, non-ASCII and NUL characters, and codes of before 2025
    (legacy postal code and the location of a point of that commune)."""
    lats, lons = mixed_points(db)
    codes = mixed_codes(db, lats, lons)
    for i, (lat, lon) in enumerate(ward_points(db, 40, seed=31)):
        try:
            e = db.encode(lat, lon, long_form=i % 4 == 0)
        except vpostcode.Error:
            continue
        codes += [e.code.text.lower(), e.code.text[:-1], e.code.text + "2", math.nan,
                  e.code.text.encode("ascii")]
        if db.has_legacy:
            old = [u.postal_code for u in db.legacy_lookup(lat, lon) if u.postal_code]
            codes += [p + e.code.location for p in old[:2]]
    codes += [None, math.nan, "Hà Nội", "\udcff", "11024\x002VH3CM4", " 11024 2vh3 cm4 ", "",
              bytearray(b"110242RHXFJJ")]
    if pandas is not None:
        codes += [pandas.NA, pandas.NaT]
    return codes


class TestLazyDecode(unittest.TestCase):
    """decode_many on lists keeps the library's output and makes each Cell
    when it is read: every way of reading the result gives what the per-item
    calls give."""

    @classmethod
    def setUpClass(cls):
        cls.db = database()
        cls.codes = code_mix(cls.db)
        cls.schemes = [None, "current"] + (["legacy"] if cls.db.has_legacy else [])

    def expected(self, codes, scheme):
        return [single_decode(self.db, t, scheme) for t in codes]

    def test_the_mix(self):
        names = [name for name, _ in self.expected(self.codes, None)]
        for name in ("ok", "VPC_W_OUTSIDE_WARD", "VPC_E_NULL_ARGUMENT", "VPC_E_BAD_CHARACTER",
                     "VPC_E_CHECK_CHARACTER", "VPC_E_CODE_LENGTH"):
            self.assertIn(name, names)
        if self.db.has_legacy:
            old = 0
            for t in self.codes:
                try:
                    old += self.db.read(t).scheme is vpostcode.Scheme.LEGACY
                except (vpostcode.Error, TypeError):
                    pass
            self.assertGreater(old, 10)

    def test_items_equal_the_single_calls(self):
        for scheme in self.schemes:
            b = self.db.decode_many(self.codes, scheme=scheme, errors="ignore")
            expected = self.expected(self.codes, scheme)
            cells = [d.cell if d else None for _, d in expected]
            n = len(self.codes)
            with self.subTest(scheme=scheme):
                self.assertEqual(len(b), n)
                self.assertEqual(len(b.cells), n)
                self.assertEqual(b.status_names, [name for name, _ in expected])
                self.assertEqual(b.wards, [d.ward if d else None for _, d in expected])
                self.assertEqual(b.ward_index, [self.db.wards.index(d.ward) if d else -1
                                                for _, d in expected])
                self.assertEqual([b.cells[i] for i in range(n)], cells)
                self.assertEqual([b.cells[i - n] for i in range(n)], cells)
                self.assertEqual(list(b.cells), cells)
                self.assertEqual(list(reversed(b.cells)), cells[::-1])
                self.assertEqual(b.cells[3:n - 2:3], cells[3:n - 2:3])
                self.assertEqual(b.cells[::-1], cells[::-1])
                self.assertTrue(b.cells == cells and cells == b.cells)
                self.assertFalse(b.cells != cells)
                self.assertEqual(b.lat, [c.lat if c else None for c in cells])
                self.assertEqual(b.lon, [c.lon if c else None for c in cells])
                self.assertEqual(b.outside_ward, [name == "VPC_W_OUTSIDE_WARD"
                                                  for name, _ in expected])
                self.assertEqual(b.cells.count(None), cells.count(None))
                self.assertGreater(cells.count(None), 20)
                self.assertGreater(n - cells.count(None), 200)
                first = next(c for c in cells if c is not None)
                self.assertIn(first, b.cells)
                self.assertEqual(b.cells.index(first), cells.index(first))
                self.assertEqual(repr(b.cells), repr(cells))
                self.assertEqual(b.cells + [None], cells + [None])
                self.assertEqual([None] + b.cells, [None] + cells)
                self.assertEqual(pickle.loads(pickle.dumps(b.cells)), cells)
                self.assertEqual(b.first_failure(), next(
                    i for i, (name, _) in enumerate(expected) if name not in
                    ("ok", "VPC_W_OUTSIDE_WARD")))
        if self.db.has_legacy:
            self.assertIn("ok", self.db.decode_many(self.codes[-60:], scheme="legacy",
                                                    errors="ignore").status_names)

    def test_list_behaviour(self):
        b = self.db.decode_many(self.codes, errors="ignore")
        n = len(self.codes)
        for bad in (n, -n - 1, 10 ** 20):
            with self.assertRaises(IndexError):
                b.cells[bad]
        with self.assertRaises(TypeError):
            b.cells["0"]
        with self.assertRaises(TypeError):
            hash(b.cells)
        self.assertEqual(b.cells[True], b.cells[1])
        if numpy is not None:
            self.assertEqual(b.cells[numpy.int64(7)], b.cells[7])
        self.assertNotEqual(b.cells, tuple(b.cells))  # as a list is not equal to a tuple
        self.assertNotEqual(b.cells, list(b.cells)[:-1])
        self.assertEqual(b.cells, self.db.decode_many(self.codes, errors="ignore").cells)
        empty = self.db.decode_many([])
        self.assertEqual((len(empty.cells), list(empty.cells), empty.lat), (0, [], []))

    def test_text_paths_agree(self):
        """Codes all str and ASCII (joined in one piece), with missing items,
        and with items read one by one (bytes, non-ASCII) give the same."""
        plain = [t for t in self.codes if isinstance(t, str) and t.isascii() and "\0" not in t]
        with_missing = [t if i % 7 else None for i, t in enumerate(plain)]
        for codes in (plain, with_missing):
            mixed = codes + ["é", b"110242RHXFJJ"]
            a = self.db.decode_many(codes, errors="ignore")
            b = self.db.decode_many(mixed, errors="ignore")
            self.assertEqual(b.status[:len(codes)], a.status)
            self.assertEqual(b.ward_index[:len(codes)], a.ward_index)
            self.assertEqual(b.cells[:len(codes)], list(a.cells))
            self.assertEqual([single_decode(self.db, t)[0] for t in mixed], b.status_names)

    def test_large_batch(self):
        codes = [t for t in self.codes if isinstance(t, str)] * 150
        b = self.db.decode_many(codes, errors="ignore")
        small = self.db.decode_many(codes[:len(codes) // 150], errors="ignore")
        self.assertEqual(b.status, small.status * 150)
        self.assertEqual(b.ward_index, small.ward_index * 150)
        self.assertEqual(b.lat, small.lat * 150)
        self.assertEqual(list(b.cells), list(small.cells) * 150)
        self.assertEqual(b.first_failure(), small.first_failure())

    @unittest.skipIf(numpy is None, "numpy is not installed")
    def test_numpy_agrees(self):
        b = self.db.decode_many(self.codes, errors="ignore")
        a = self.db.decode_many(numpy.array(self.codes, dtype=object), errors="ignore")
        self.assertEqual(a.status.tolist(), b.status)
        self.assertEqual(a.ward_index.tolist(), b.ward_index)
        self.assertEqual([None if math.isnan(x) else x for x in a.lat.tolist()], b.lat)
        self.assertEqual([None if n == 0 else n for n in a.cells["length"].tolist()],
                         [c.length if c else None for c in b.cells])

    def test_errors_raise_gives_the_first_failure(self):
        good = [t for t, (name, _) in zip(self.codes, self.expected(self.codes, None))
                if name in ("ok", "VPC_W_OUTSIDE_WARD")][:30]
        bad = [t for t, (name, _) in zip(self.codes, self.expected(self.codes, None))
               if name not in ("ok", "VPC_W_OUTSIDE_WARD")]
        self.assertEqual(len(self.db.decode_many(good).cells), len(good))
        for k, text in enumerate(bad):
            codes = good[:k % 20] + [text] + good + bad
            with self.subTest(text=text):
                with self.assertRaises(vpostcode.Error) as cm:
                    self.db.decode_many(codes)
                e = cm.exception
                self.assertEqual(e.index, k % 20)
                self.assertIn(f"[item {k % 20}]", str(e))
                if vpostcode._convert.is_missing(text):
                    self.assertEqual(e.name, "VPC_E_NULL_ARGUMENT")
                    continue
                with self.assertRaises(vpostcode.Error) as single:
                    self.db.decode(text)
                s = single.exception
                self.assertEqual((e.name, e.position, e.offset), (s.name, s.position, s.offset))


class TestEncodeCodes(unittest.TestCase):
    def test_codes_across_chunks(self):
        """encode_many's codes, read a chunk at a time from the library's
        buffer, are the codes of smaller batches, failed items included."""
        db = database()
        lats, lons = mixed_points(db)
        k = vpostcode.batch._CHUNK // len(lats) + 2
        lats, lons = lats * k, lons * k
        for check_char in (False, True):
            b = db.encode_many(lats, lons, check_char=check_char, errors="ignore")
            one = db.encode_many(lats[:len(lats) // k], lons[:len(lons) // k],
                                 check_char=check_char, errors="ignore")
            self.assertGreater(len(b), vpostcode.batch._CHUNK)
            self.assertEqual(b.codes, one.codes * k)
            self.assertEqual(b.ward_index, one.ward_index * k)
            self.assertIn(None, one.codes)


if __name__ == "__main__":
    unittest.main()
