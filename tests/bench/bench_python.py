"""The Python binding's batch calls against the C batch calls they wrap.

    python3 tests/bench/bench_python.py [N] [--db PATH] [--repeat R] [--only CALL]

Makes N codes (default 1,000,000): points drawn uniformly in the bounding
boxes of wards chosen at random (fixed seed), encoded with encode_many,
every tenth with its check character; 3 % of them are then spoiled (a
wrong check character, a bad character, a short location, a postal code
of no ward). Then, for each of decode, encode (N other such points) and
lookup, a process of its own reads the inputs back from a file as plain
Python lists and prints the *_many call's time, the C batch call's time
(vpc_*_batch called through ctypes on arrays prepared beforehand), their
ratio, and the process's peak RSS (getrusage) before and after the first
*_many call (after a first call on 100,000 of the items, which brings the
database's pages in). Times are the best of R runs (default 3).

The binding is the one Python imports: the installed package, else the
source tree's bindings/python/src. The library: $VPOSTCODE_LIBRARY (else
as the binding finds it); the database: --db, else $VPOSTCODE_DB.
It prints figures; it passes or fails nothing.
"""
import argparse
import ctypes
import gc
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

try:
    import vpostcode
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", "..", "bindings", "python", "src"))
    import vpostcode
from vpostcode._library import lib
from vpostcode._structs import CODE_BUFSIZE, VpcCell
from vpostcode.errors import OK, W_OUTSIDE_WARD

SEED = 20250701
SPOILED = 0.03
WARM_UP = 100_000  # items run first, so that the database's pages are in memory


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def points(db, n, rng):
    wards = db.wards
    lats, lons = [], []
    for _ in range(n):
        w = wards[rng.randrange(len(wards))]
        lats.append(rng.uniform(w.south, w.north))
        lons.append(rng.uniform(w.west, w.east))
    return lats, lons


def spoil(code, rng):
    kind = rng.randrange(4)
    if kind == 0:  # a check character that does not match (or one too many)
        return code + ("2" if code[-1] != "2" else "3")
    if kind == 1:  # a character outside the OLC alphabet
        k = rng.randrange(5, len(code))
        return code[:k] + "A" + code[k + 1:]
    if kind == 2:  # a location one digit short
        return code[:-1]
    return "00000" + code[5:]  # a postal code of no ward


def make_codes(db, n):
    rng = random.Random(SEED)
    codes = []
    while len(codes) < n:
        lats, lons = points(db, n - len(codes) + 1000, rng)
        plain = db.encode_many(lats, lons, errors="ignore")
        checked = db.encode_many(lats[::10], lons[::10], check_char=True, errors="ignore")
        for i, c in enumerate(plain.codes):
            if i % 10 == 0:
                c = checked.codes[i // 10]
            if c is not None:
                codes.append(c)
    del codes[n:]
    for i in rng.sample(range(n), int(n * SPOILED)):
        codes[i] = spoil(codes[i], rng)
    return codes


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def timed_many(call, repeat):
    """The best time of ``call`` over ``repeat`` runs, its result, and the
    peak RSS before and after its first run (whose result is dropped before
    the next one starts). The caller has warmed the database's pages up."""
    gc.collect()
    before = peak_mb()
    times = []
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
        if len(times) == 1:
            after = peak_mb()
    return min(times), result, before, after


def row(what, n, c_s, py_s, before, after):
    print(f"{what:<7} C {c_s:7.3f} s ({c_s / n * 1e9:5.0f} ns/item)   "
          f"Python {py_s:7.3f} s ({py_s / n * 1e9:5.0f} ns/item)   ratio {py_s / c_s:5.2f}   "
          f"peak RSS {before:5.0f} -> {after:5.0f} MB (+{after - before:.0f})")


def ok_count(status):
    return sum(1 for s in status if s == OK or s == W_OUTSIDE_WARD)


def measure_decode(db, codes, repeat):
    n = len(codes)
    db.decode_many(codes[:WARM_UP], errors="ignore")
    py_s, result, before, after = timed_many(lambda: db.decode_many(codes, errors="ignore"),
                                             repeat)
    py_status = list(result.status)
    del result
    # the C call on a char* array prepared beforehand
    texts = (ctypes.c_char_p * n)(*(c.encode("ascii") for c in codes))
    cells, ward, status = (VpcCell * n)(), (ctypes.c_int * n)(), (ctypes.c_int * n)()

    def c_decode():
        with db._use() as h:
            rc = lib.vpc_decode_batch(h, n, ctypes.addressof(texts), 0, ctypes.addressof(cells),
                                      ctypes.addressof(ward), ctypes.addressof(status))
        assert rc == 0, rc
    c_s = best(c_decode, repeat)
    c_ok = ok_count(status)
    assert py_status == status[:], "decode_many and vpc_decode_batch differ"
    print(f"{n:,} codes as a list of str ({n - c_ok:,} fail, "
          f"{sum(1 for s in status if s == W_OUTSIDE_WARD):,} with VPC_W_OUTSIDE_WARD), "
          f"best of {repeat}:")
    row("decode", n, c_s, py_s, before, after)


def measure_points(db, what, lats, lons, repeat):
    m = len(lats)
    many = getattr(db, what + "_many")
    many(lats[:WARM_UP], lons[:WARM_UP], errors="ignore")
    py_s, result, before, after = timed_many(lambda: many(lats, lons, errors="ignore"), repeat)
    del result
    # the C call on double arrays prepared beforehand
    la, lo = (ctypes.c_double * m)(*lats), (ctypes.c_double * m)(*lons)
    out, ward, status = (ctypes.create_string_buffer(m * CODE_BUFSIZE), (ctypes.c_int * m)(),
                         (ctypes.c_int * m)())

    def c_encode():
        with db._use() as h:
            rc = lib.vpc_encode_batch(h, m, ctypes.addressof(la), ctypes.addressof(lo), 0,
                                      ctypes.addressof(out), ctypes.addressof(ward),
                                      ctypes.addressof(status))
        assert rc == 0, rc

    def c_lookup():
        with db._use() as h:
            rc = lib.vpc_lookup_batch(h, m, ctypes.addressof(la), ctypes.addressof(lo),
                                      ctypes.addressof(ward), ctypes.addressof(status))
        assert rc == 0, rc
    c_s = best(c_encode if what == "encode" else c_lookup, repeat)
    print(f"{m:,} points as lists of float, best of {repeat}:")
    row(what, m, c_s, py_s, before, after)


def make_inputs(db, n, where):
    print(f"binding {os.path.realpath(vpostcode.__file__)}")
    print(f"library {vpostcode._library.path}")
    print(f"database {db.path}")
    with open(os.path.join(where, "codes"), "w", encoding="ascii") as f:
        f.write("".join(c + "\n" for c in make_codes(db, n)))
    lats, lons = points(db, n, random.Random(SEED + 1))
    with open(os.path.join(where, "points"), "w", encoding="ascii") as f:
        f.write("".join(f"{a!r} {o!r}\n" for a, o in zip(lats, lons)))


def child(args):
    """One step in a process of its own, so that its peak RSS is its own (a
    process starts with its parent's peak)."""
    with vpostcode.Database(args.db) as db:
        if args.child == "make":
            make_inputs(db, args.n, args.dir)
        elif args.child == "decode":
            with open(os.path.join(args.dir, "codes"), encoding="ascii") as f:
                codes = [line.rstrip("\n") for line in f]
            measure_decode(db, codes, args.repeat)
        else:
            with open(os.path.join(args.dir, "points"), encoding="ascii") as f:
                lats, lons = [], []
                for line in f:
                    lat, lon = line.split()
                    lats.append(float(lat))
                    lons.append(float(lon))
            measure_points(db, args.child, lats, lons, args.repeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--db", help="database (default: $VPOSTCODE_DB, else the installed one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("decode", "encode", "lookup"), action="append",
                        help="measure only this call (may be repeated)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    package = os.path.dirname(os.path.dirname(os.path.abspath(vpostcode.__file__)))
    pythonpath = os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))
    rc = 0
    with tempfile.TemporaryDirectory() as tmp:
        for step in ["make"] + (args.only or ["decode", "encode", "lookup"]):
            cmd = [sys.executable, os.path.abspath(__file__), str(args.n), "--child", step,
                   "--dir", tmp, "--repeat", str(args.repeat)]
            if args.db:
                cmd += ["--db", args.db]
            sys.stdout.flush()
            rc = subprocess.call(cmd, env=dict(os.environ, PYTHONPATH=pythonpath)) or rc
            if rc and step == "make":
                break
    return rc


if __name__ == "__main__":
    sys.exit(main())
