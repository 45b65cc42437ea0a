"""Encode points on a Dask cluster with the vpostcode binding, and print the
throughput.

    python3 dask_encode.py                      # 1,000,000 generated points, local cluster
    python3 dask_encode.py --points 10000000 --partitions 40
    python3 dask_encode.py --csv 'points-*.csv' # files with lat and lon columns (or latitude, lng, ...)
    python3 dask_encode.py --scheduler tcp://scheduler:8786 --csv '/shared/points-*.csv'
    python3 dask_encode.py --csv 'points-*.csv' --output 'coded-*.csv'   # and keep the codes

Without --scheduler a LocalCluster of --workers processes (one thread each)
runs on this machine. Every worker needs the C library and the database:
installed, or named by VPOSTCODE_LIBRARY and VPOSTCODE_DB in its
environment (a LocalCluster's workers inherit this process's). With
--scheduler, CSV paths must be readable, and --output's directory writable,
by every worker (a shared file system or object store); generated points are
made on the workers themselves, so nothing but the seeds travels. --output
writes one CSV file per partition (the * becomes its number) with the
input's columns as they were read and encode_frame's columns code, status,
ward_code and postal_code.

A bad row never fails the job: CSV cells are read as text and encode_frame
judges each one, so a typo ("21.02x") gets the status BAD_NUMBER, an empty
cell MISSING_FIELD, a point in no ward VPC_E_NO_WARD or
VPC_E_OUTSIDE_VIETNAM, and the summary counts every status. The latitude and
longitude columns are found by the tool's names, in any case (lat,
latitude; lon, lng, long, longitude); all files must have the same header.
"""
import argparse
import time

import numpy
import pandas
import dask.dataframe as dd
from dask.distributed import Client, LocalCluster

import vpostcode


def generate(seed, n):
    """n points uniform in the bounding boxes of wards drawn at random: made
    on the worker, from its own database."""
    wards = vpostcode.shared_database().wards
    south = numpy.array([w.south for w in wards])
    north = numpy.array([w.north for w in wards])
    west = numpy.array([w.west for w in wards])
    east = numpy.array([w.east for w in wards])
    rs = numpy.random.RandomState(seed)
    k = rs.randint(0, len(wards), n)
    return pandas.DataFrame({"lat": south[k] + (north[k] - south[k]) * rs.random_sample(n),
                             "lon": west[k] + (east[k] - west[k]) * rs.random_sample(n)})


def points_frame(args):
    if args.csv:
        # Text, not float64: a typo in one cell must not fail the whole
        # partition in read_csv; encode_frame gives such rows BAD_NUMBER.
        return dd.read_csv(args.csv, dtype=str)
    size = -(-args.points // args.partitions)
    sizes = [min(size, args.points - start) for start in range(0, args.points, size)]
    seeds = [args.seed + i for i in range(len(sizes))]
    meta = pandas.DataFrame({"lat": pandas.Series([], dtype="float64"),
                             "lon": pandas.Series([], dtype="float64")})
    return dd.from_map(generate, seeds, sizes, meta=meta)


def with_codes(points):
    """The points and their codes side by side."""
    return pandas.concat([points, vpostcode.encode_frame(points)], axis=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", help="CSV file(s) with lat and lon columns (a glob)")
    parser.add_argument("--scheduler", help="address of a running scheduler, tcp://host:8786")
    parser.add_argument("--workers", type=int, default=2, help="local cluster size")
    parser.add_argument("--output", help="also write points and codes as CSV files, e.g. 'out-*.csv'")
    args = parser.parse_args()

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        print(f"workers: {len(client.scheduler_info()['workers'])}, library "
              f"{set(client.run(vpostcode.library_version).values())}")
        frame = points_frame(args)
        start = time.perf_counter()
        if args.output:
            meta = pandas.concat([frame._meta, vpostcode.encode_frame_meta()], axis=1)
            frame.map_partitions(with_codes, meta=meta).to_csv(args.output, index=False)
            statuses = dd.read_csv(args.output, usecols=["status"])["status"].value_counts()
        else:
            coded = frame.map_partitions(vpostcode.encode_frame,
                                         meta=vpostcode.encode_frame_meta())
            statuses = coded["status"].value_counts()
        statuses = statuses.compute()
        seconds = time.perf_counter() - start
        total = int(statuses.sum())
        print(f"{total:,} points in {seconds:.2f} s: {total / seconds:,.0f} points/s")
        for name, count in statuses.items():
            print(f"  {name:<24} {count:>10,}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
