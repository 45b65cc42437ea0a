"""Encode the same points three ways and print the rates: one encode() call
per point in a Python loop, encode_many() on lists, and encode_many() on
numpy arrays (when numpy is installed).

    python3 batch_throughput.py [POINTS] [--db PATH]

Points are drawn uniformly in the bounding boxes of wards chosen at random
(seeded), so most are on land.
"""
import argparse
import random
import time

import vpostcode


def points(db, n, seed=1):
    rng = random.Random(seed)
    wards = db.wards
    lats, lons = [], []
    for _ in range(n):
        w = wards[rng.randrange(len(wards))]
        lats.append(rng.uniform(w.south, w.north))
        lons.append(rng.uniform(w.west, w.east))
    return lats, lons


def report(label, n, seconds):
    print(f"{label:<28} {n:>9,} points {seconds:8.3f} s {n / seconds:>12,.0f} points/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("points", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--db", help="database (default: $VPOSTCODE_DB, else the installed one)")
    args = parser.parse_args()

    with vpostcode.Database(args.db) as db:
        lats, lons = points(db, args.points)

        start = time.perf_counter()
        loop = []
        for lat, lon in zip(lats, lons):
            try:
                loop.append(db.encode(lat, lon).code.text)
            except vpostcode.Error:
                loop.append(None)
        report("loop of encode()", len(lats), time.perf_counter() - start)

        start = time.perf_counter()
        batch = db.encode_many(lats, lons, errors="ignore")
        report("encode_many(), lists", len(lats), time.perf_counter() - start)
        assert batch.codes == loop, "batch and loop differ"

        try:
            import numpy
        except ImportError:
            print("numpy is not installed: no numpy figure")
            return
        lat, lon = numpy.array(lats), numpy.array(lons)
        start = time.perf_counter()
        arrays = db.encode_many(lat, lon, errors="ignore")
        report("encode_many(), numpy", len(lats), time.perf_counter() - start)
        assert arrays.codes.tolist() == [c or "" for c in loop], "numpy and loop differ"


if __name__ == "__main__":
    main()
