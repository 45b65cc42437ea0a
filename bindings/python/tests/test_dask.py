"""1,000,000 points encoded on a dask.distributed cluster of two worker
processes, through the binding, equal to a single-process run.

Skipped when dask, distributed, pandas or numpy cannot be imported, unless
VPC_REQUIRE_DASK=1: then that is a failure."""
import os
import time
import unittest

import vpostcode
from support import database, env, require_dask

POINTS = 1_000_000
PARTITIONS = 8

try:
    import numpy
    import pandas
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster
    MISSING = None
except ImportError as e:  # reported below
    MISSING = e


def make_points(db, n, seed):
    """n deterministic points, each uniform in the bounding box of a ward drawn
    at random (numpy's RandomState: the same stream on every platform)."""
    rs = numpy.random.RandomState(seed)
    wards = db.wards
    south = numpy.array([w.south for w in wards])
    north = numpy.array([w.north for w in wards])
    west = numpy.array([w.west for w in wards])
    east = numpy.array([w.east for w in wards])
    k = rs.randint(0, len(wards), n)
    lat = south[k] + (north[k] - south[k]) * rs.random_sample(n)
    lon = west[k] + (east[k] - west[k]) * rs.random_sample(n)
    return pandas.DataFrame({"lat": lat, "lon": lon})


def worker_environ(name):
    """A variable of the environment of the process this runs in. (Passing
    os.environ.get itself to client.run would not do: pickling the bound
    method carries the caller's os.environ along.)"""
    return os.environ.get(name)


def worker_pid(frame):
    return pandas.DataFrame({"pid": [os.getpid()]})


class TestDask(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_dask(MISSING)

    def test_cluster_equals_single_process(self):
        db = database()
        t0 = time.perf_counter()
        points = make_points(db, POINTS, seed=20250701)
        t1 = time.perf_counter()
        expected = vpostcode.encode_frame(points, database=db)
        t2 = time.perf_counter()
        ok = (expected["status"] == "ok").mean()
        self.assertGreater(ok, 0.9)  # most points are on land
        self.assertLess(ok, 1.0)     # and some are not

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            t3 = time.perf_counter()
            # The workers are processes of their own, with the parent's environment.
            for name in ("VPOSTCODE_LIBRARY", "VPOSTCODE_DB"):
                seen = client.run(worker_environ, name)
                self.assertEqual(len(seen), 2)
                self.assertEqual(set(seen.values()), {os.environ.get(name)}, name)
            self.assertEqual(set(client.run(vpostcode.library_path).values()),
                             {vpostcode.library_path()})
            frame = dd.from_pandas(points, npartitions=PARTITIONS)
            pids = frame.map_partitions(worker_pid, meta={"pid": "int64"}).compute()
            self.assertEqual(len(set(pids["pid"])), 2)
            self.assertNotIn(os.getpid(), set(pids["pid"]))

            coded = frame.map_partitions(vpostcode.encode_frame, lat="lat", lon="lon",
                                         path=env("VPOSTCODE_DB"),
                                         meta=vpostcode.encode_frame_meta())
            t4 = time.perf_counter()
            got = coded.compute()
            t5 = time.perf_counter()
            paths = client.run(lambda: vpostcode.shared_database(env("VPOSTCODE_DB")).path)
            self.assertEqual(set(paths.values()), {db.path})

        self.assertEqual(len(got), POINTS)
        self.assertTrue(got.index.equals(points.index))
        self.assertEqual(list(got.columns), list(expected.columns))
        for column in expected.columns:
            self.assertTrue(got[column].equals(expected[column]), column)
        pandas.testing.assert_frame_equal(got, expected)
        print(f"\n    dask: {POINTS} points, generated {t1 - t0:.2f} s, one process "
              f"{t2 - t1:.2f} s, cluster start {t3 - t2:.2f} s, cluster encode "
              f"{t5 - t4:.2f} s ({POINTS / (t5 - t4):,.0f} points/s), {ok:.1%} on land",
              flush=True)


if __name__ == "__main__":
    unittest.main()
