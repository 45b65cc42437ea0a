"""Issue 11, finding 3 and 17: DataFrames with bad cells and the tool's
column names. One bad cell never fails a frame, a partition or a Dask job:
its row gets MISSING_FIELD or BAD_NUMBER, as in the vpostcode tool, and
the other rows are encoded."""
import math
import os
import subprocess
import sys
import tempfile
import unittest
import warnings

import vpostcode
from support import database, env, require_dask, source_file

try:
    import numpy
    import pandas
except ImportError:  # pragma: no cover
    numpy = pandas = None

HANOI = (21.0287, 105.8490)
SAIGON = (10.7725, 106.6980)


@unittest.skipIf(pandas is None, "pandas is not installed")
class TestBadCells(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        cls.hanoi = cls.db.encode(*HANOI)
        cls.saigon = cls.db.encode(*SAIGON)

    def test_encode_frame_bad_cells(self):
        lats = ["21.0287", "21.02x", pandas.NA, None, math.nan, "", "  ", " 21.0287 ",
                "21 0287", "10.7725", "nan", "0x15", "1,5", True, "21.0287"]
        lons = ["105.8490"] * 9 + ["106.6980"] + ["105.8490"] * 4 + [None]
        df = pandas.DataFrame({"lat": lats, "lon": lons}, index=range(50, 50 + len(lats)))
        out = vpostcode.encode_frame(df, database=self.db)
        self.assertTrue(out.index.equals(df.index))
        want = ["ok", "BAD_NUMBER", "MISSING_FIELD", "MISSING_FIELD", "MISSING_FIELD",
                "MISSING_FIELD", "MISSING_FIELD", "ok", "BAD_NUMBER", "ok", "BAD_NUMBER",
                "BAD_NUMBER", "BAD_NUMBER", "BAD_NUMBER", "MISSING_FIELD"]
        self.assertEqual(out["status"].tolist(), want)
        good = out["status"] == "ok"
        self.assertEqual(out["code"][good].tolist(),
                         [self.hanoi.code.text, self.hanoi.code.text, self.saigon.code.text])
        self.assertEqual(out["ward_code"][good].tolist(),
                         [self.hanoi.ward.code, self.hanoi.ward.code, self.saigon.ward.code])
        for column in ("code", "ward_code", "postal_code"):
            self.assertEqual(set(out[column][~good]), {""}, column)
        looked = vpostcode.lookup_frame(df, database=self.db)
        self.assertEqual(looked["status"].tolist(), want)
        self.assertEqual(looked["ward_code"].tolist(), out["ward_code"].tolist())

    def test_numeric_columns(self):
        df = pandas.DataFrame({"lat": [HANOI[0], math.nan, math.inf, 11.5564, 91.0],
                               "lon": [HANOI[1], 105.0, 105.0, 104.9282, 105.0]})
        out = vpostcode.encode_frame(df, database=self.db)
        self.assertEqual(out["status"].tolist(),
                         ["ok", "MISSING_FIELD", "VPC_E_NOT_FINITE", "VPC_E_OUTSIDE_VIETNAM",
                          "VPC_E_LATITUDE_RANGE"])
        nullable = pandas.DataFrame({"lat": pandas.array([HANOI[0], None], dtype="Float64"),
                                     "lon": pandas.array([HANOI[1], 105.0], dtype="Float64")})
        self.assertEqual(vpostcode.encode_frame(nullable, database=self.db)["status"].tolist(),
                         ["ok", "MISSING_FIELD"])
        ints = pandas.DataFrame({"lat": pandas.array([21, None], dtype="Int64"),
                                 "lon": [106, 106]})
        self.assertEqual(vpostcode.encode_frame(ints, database=self.db)["status"].tolist()[1],
                         "MISSING_FIELD")

    def test_decode_frame_bad_cells(self):
        codes = [self.hanoi.code.display, None, pandas.NA, math.nan, "", "   ",
                 "11024 2RHX+FJJ-9", "1102A 2RHX+FJJ", self.saigon.code.text]
        out = vpostcode.decode_frame(pandas.DataFrame({"code": codes}), database=self.db)
        self.assertEqual(out["status"].tolist(),
                         ["ok", "MISSING_FIELD", "MISSING_FIELD", "MISSING_FIELD",
                          "MISSING_FIELD", "MISSING_FIELD", "VPC_E_CHECK_CHARACTER",
                          "VPC_E_BAD_CHARACTER", "ok"])
        self.assertEqual(out["ward_code"].tolist(),
                         [self.hanoi.ward.code] + [""] * 7 + [self.saigon.ward.code])
        self.assertTrue(math.isnan(out["lat"][1]))

    def test_empty_frame(self):
        out = vpostcode.encode_frame(pandas.DataFrame({"lat": [], "lon": []}), database=self.db)
        self.assertEqual(len(out), 0)
        self.assertEqual(list(out.columns), list(vpostcode.encode_frame_meta().columns))


@unittest.skipIf(pandas is None, "pandas is not installed")
class TestColumnNames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = database()
        cls.hanoi = cls.db.encode(*HANOI)

    def test_aliases_any_case(self):
        for lat, lon in (("lat", "lon"), ("Latitude", "Longitude"), ("LAT", "LNG"),
                         ("latitude", "long"), ("Lat", "Lon")):
            with self.subTest(lat=lat, lon=lon):
                df = pandas.DataFrame({"id": [1], lat: [HANOI[0]], lon: [HANOI[1]]})
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    out = vpostcode.encode_frame(df, database=self.db)
                self.assertEqual(out["code"].tolist(), [self.hanoi.code.text])
                self.assertEqual(out.attrs["vpostcode_columns"], {"lat": lat, "lon": lon})
                self.assertEqual(vpostcode.lookup_frame(df, database=self.db)["ward_code"].tolist(),
                                 [self.hanoi.ward.code])
        for name in ("code", "VPostcode", "PostCode"):
            with self.subTest(code=name):
                out = vpostcode.decode_frame(pandas.DataFrame({name: [self.hanoi.code.text]}),
                                             database=self.db)
                self.assertEqual(out["ward_code"].tolist(), [self.hanoi.ward.code])
                self.assertEqual(out.attrs["vpostcode_columns"], {"code": name})

    def test_explicit_names(self):
        df = pandas.DataFrame({"y": [HANOI[0]], "x": [HANOI[1]]})
        out = vpostcode.encode_frame(df, lat="y", lon="X", database=self.db)
        self.assertEqual(out["code"].tolist(), [self.hanoi.code.text])
        with self.assertRaises(KeyError) as cm:
            vpostcode.encode_frame(df, database=self.db)
        self.assertIn("latitude", str(cm.exception))

    def test_several_match_first_alias_wins_and_is_named(self):
        df = pandas.DataFrame({"Latitude": [0.0], "lat": [HANOI[0]], "lon": [HANOI[1]]})
        with self.assertWarns(vpostcode.ColumnChoiceWarning) as cm:
            out = vpostcode.encode_frame(df, database=self.db)
        self.assertIn("'lat'", str(cm.warning))
        self.assertIn("'Latitude'", str(cm.warning))
        self.assertEqual(out["code"].tolist(), [self.hanoi.code.text])
        self.assertEqual(out.attrs["vpostcode_columns"]["lat"], "lat")
        df = pandas.DataFrame({"lng": [0.0], "LON": [HANOI[1]], "lat": [HANOI[0]]})
        with self.assertWarns(vpostcode.ColumnChoiceWarning):
            out = vpostcode.encode_frame(df, database=self.db)
        self.assertEqual(out.attrs["vpostcode_columns"]["lon"], "LON")  # lon before lng
        self.assertEqual(out["code"].tolist(), [self.hanoi.code.text])


try:
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    MISSING_DASK = None
except ImportError as e:  # reported in setUpClass
    MISSING_DASK = e


class TestDaskTypos(unittest.TestCase):
    """examples/dask_encode.py on CSV files, one with typos: the job ends and
    the typo rows are counted under their status."""

    @classmethod
    def setUpClass(cls):
        require_dask(MISSING_DASK)

    def test_example_survives_typos(self):
        example = source_file("bindings", "python", "examples", "dask_encode.py")
        db = database()
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "points-0.csv"), "w") as f:
                f.write("Latitude,Longitude\n21.0287,105.8490\n10.7725,106.6980\n")
            with open(os.path.join(tmp, "points-1.csv"), "w") as f:
                f.write("Latitude,Longitude\n21.02x,105.8490\n,105.8490\n21.0287,105.8490\n"
                        "21.0287,abc\n 21.0287 ,105.8490\n")
            out = os.path.join(tmp, "coded-*.csv")
            # As a user runs it: a process of its own, a local cluster of one worker.
            r = subprocess.run([sys.executable, example, "--csv", os.path.join(tmp, "points-*.csv"),
                                "--workers", "1", "--output", out],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr[-3000:])
            self.assertIn("BAD_NUMBER", r.stdout)
            self.assertIn("MISSING_FIELD", r.stdout)
            got = pandas.concat([pandas.read_csv(os.path.join(tmp, f"coded-{i}.csv"),
                                                 keep_default_na=False, dtype=str)
                                 for i in range(2)], ignore_index=True)
        self.assertEqual(got["status"].tolist(),
                         ["ok", "ok", "BAD_NUMBER", "MISSING_FIELD", "ok", "BAD_NUMBER", "ok"])
        hanoi = db.encode(*HANOI).code.text
        self.assertEqual(got["code"].tolist(),
                         [hanoi, db.encode(*SAIGON).code.text, "", "", hanoi, "", hanoi])
        self.assertEqual(got["Latitude"].tolist()[2], "21.02x")  # the input as it was

    def test_map_partitions_with_a_typo_partition(self):
        frame = pandas.DataFrame({"lat": ["21.0287", "10.7725", "21.02x", None],
                                  "lon": ["105.8490", "106.6980", "105.8490", "105.8490"]})
        with LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                          dashboard_address=None) as cluster, Client(cluster):
            coded = dd.from_pandas(frame, npartitions=2).map_partitions(
                vpostcode.encode_frame, path=env("VPOSTCODE_DB"),
                meta=vpostcode.encode_frame_meta()).compute()
        self.assertEqual(coded["status"].tolist(), ["ok", "ok", "BAD_NUMBER", "MISSING_FIELD"])


if __name__ == "__main__":
    unittest.main()
