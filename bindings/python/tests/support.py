"""What the test modules share: the environment, the database, the facts
of tests/places.inc and deterministic points.

Environment:
  VPOSTCODE_DB        the database (else the library's default)
  VPC_SRCDIR          the source tree (tests/places.inc, VERSION)
  VPC_OLC_TEST_DATA   the OLC conformance vectors
  VPC_CLI             the vpostcode command-line tool
  VPC_TEST_INSTALLED  1: the package under test must be an installed one
  VPC_REQUIRE_DASK    1: the Dask test fails instead of skipping
"""
import os
import random
import re
import unittest

import vpostcode

_db = None


def env(name):
    value = os.environ.get(name, "")
    return value or None


def require_dask(missing):
    """In setUpClass of the Dask tests: skip when Dask cannot be imported
    (missing is the ImportError), unless VPC_REQUIRE_DASK=1: then fail."""
    if missing is None:
        return
    if env("VPC_REQUIRE_DASK") == "1":
        raise AssertionError(f"VPC_REQUIRE_DASK=1 but dask is not usable: {missing}")
    raise unittest.SkipTest(f"dask is not usable: {missing}")


def database():
    """One Database for the whole test run (opening takes ~0.1 s and 100 MB)."""
    global _db
    if _db is None or _db.closed:
        _db = vpostcode.Database(env("VPOSTCODE_DB"))
    return _db


def source_file(*parts):
    """A file of the source tree; the test is skipped without VPC_SRCDIR."""
    srcdir = env("VPC_SRCDIR")
    if srcdir is None:
        raise unittest.SkipTest("VPC_SRCDIR is not set")
    return os.path.join(srcdir, *parts)


_PLACE = re.compile(r'^\{"([^"]*)",\s*([-\d.]+),\s*([-\d.]+),\s*"(\d{5})",\s*"(\d{5})",'
                    r'\s*"([^"]*)",\s*"(\d{2})"\},?\s*$')


def places():
    """The well-known places of tests/places.inc as dicts: name, lat, lon,
    ward_code, postal_code, ward_name, province_code."""
    out = []
    with open(source_file("tests", "places.inc"), encoding="utf-8") as f:
        for line in f:
            m = _PLACE.match(line.strip())
            if m:
                out.append(dict(name=m[1], lat=float(m[2]), lon=float(m[3]), ward_code=m[4],
                                postal_code=m[5], ward_name=m[6], province_code=m[7]))
    if not out:
        raise AssertionError("no places read from tests/places.inc")
    return out


def ward_points(db, n, seed):
    """n deterministic points, each uniform in the bounding box of a ward drawn
    at random: most are on land, some in a neighbour, a gap or the sea."""
    rng = random.Random(seed)
    wards = db.wards
    out = []
    for _ in range(n):
        w = wards[rng.randrange(len(wards))]
        out.append((rng.uniform(w.south, w.north), rng.uniform(w.west, w.east)))
    return out


# Points in no ward (docs/CONVENTIONS.md): VPC_E_NO_WARD within 12 nautical
# miles (22,224 m) of a ward, VPC_E_OUTSIDE_VIETNAM farther (tests/check_db.c).
NEAR_COAST = [(16.0544, 108.2500), (16.8344, 112.3389)]  # Đà Nẵng beach, Woody Island: VPC_E_NO_WARD
AT_SEA = [(18.5, 107.5), (12.0, 113.0)]            # Gulf of Tonkin, East Sea: VPC_E_OUTSIDE_VIETNAM
ABROAD = [(17.9757, 102.6331), (11.5564, 104.9282)]  # Vientiane, Phnom Penh: VPC_E_OUTSIDE_VIETNAM
OUTSIDE = [(13.7563, 100.5018), (48.8584, 2.2945), (-0.0, -0.0), (89.9, 105.0)]  # VPC_E_OUTSIDE_VIETNAM


def around_vietnam(n, seed):
    """n deterministic points in a box around Vietnam and its seas: at sea,
    abroad, on islands and on land, for the library and the CLI to judge."""
    rng = random.Random(seed)
    return [(rng.uniform(5.0, 25.0), rng.uniform(100.0, 120.0)) for _ in range(n)]
