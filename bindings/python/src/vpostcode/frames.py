"""pandas DataFrames in, DataFrames out: for Dask's map_partitions and the like.

Each process opens its database once (``shared_database``) and keeps it:
the functions below can be handed to Dask, multiprocessing or a thread
pool as they are::

    import dask.dataframe as dd, vpostcode
    points = dd.read_csv("points-*.csv")
    coded = points.map_partitions(vpostcode.encode_frame, lat="lat", lon="lon",
                                  meta=vpostcode.encode_frame_meta())

Every worker needs the library and a database: VPOSTCODE_LIBRARY and
VPOSTCODE_DB in its environment, or both installed where the binding
finds them.

Failed rows never stop a partition: nothing here raises for a bad cell.
Each row's ``status`` column says how it went, as the ``vpostcode`` tool's
status column does (docs/CONVENTIONS.md):

* ``ok``: success;
* ``MISSING_FIELD``: the cell is missing: None, NaN, pandas NA/NaT, or an
  empty or blank string;
* ``BAD_NUMBER`` (encode and lookup): a coordinate that is not a plain
  decimal number: text that does not read as ``[+-]digits[.digits][e[+-]digits]``
  with optional spaces or tabs around it ("21.02x", "21 0287", "0x15",
  "nan", "1,5"), a bool, or an object that is not a real number. Text
  that is such a number ("21.0287", " 21.0287 ") is read as it;
* otherwise the library's status name: ``VPC_E_NO_WARD``,
  ``VPC_E_OUTSIDE_VIETNAM``, ``VPC_E_NOT_FINITE`` (an infinite float),
  ``VPC_E_LATITUDE_RANGE``, ``VPC_E_CHECK_CHARACTER``, ... and the warnings
  ``VPC_W_OUTSIDE_WARD`` / ``VPC_W_NEAREST_WARD``, whose rows are complete.

A failed row's other columns are empty ("", NaN for decode's lat/lon).

Columns are found as the tool finds them: ``lat=None`` (the default) takes
the first of ``lat``, ``latitude``; ``lon=None`` the first of ``lon``,
``lng``, ``long``, ``longitude``; ``code=None`` the first of ``code``,
``vpostcode``, ``postcode``; names compare without regard to case. A name
given explicitly is taken as it is, else without regard to case. When
several columns match, the first alias (then the first column) is used and
a ``ColumnChoiceWarning`` names it and the others. The result's
``attrs["vpostcode_columns"]`` says which columns were read, e.g.
``{"lat": "Latitude", "lon": "lng"}``.
"""
import math
import numbers
import os
import re
import threading
import warnings

from ._convert import is_missing
from .database import Database, default_db_path

_shared = {}
_shared_lock = threading.Lock()

ENCODE_COLUMNS = ("code", "status", "ward_code", "postal_code")
LOOKUP_COLUMNS = ("status", "ward_code", "postal_code")
DECODE_COLUMNS = ("lat", "lon", "status", "ward_code", "postal_code")


LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "lng", "long", "longitude")
CODE_NAMES = ("code", "vpostcode", "postcode")

MISSING_FIELD = "MISSING_FIELD"
BAD_NUMBER = "BAD_NUMBER"

# A plain decimal number, spaces or tabs around it: the tool's cli_number().
_NUMBER = re.compile(r"[ \t]*[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*\Z")


class ColumnChoiceWarning(UserWarning):
    """Several columns of a DataFrame match a value's names: the message says
    which one was used and which were not."""


def _find_column(df, given, names, what):
    """The column of ``df`` holding ``what``: ``given`` if not None (exact,
    else case-insensitive), else the first of ``names`` case-insensitively."""
    columns = list(df.columns)
    if given is not None:
        if given in columns:
            return given
        wanted = [str(given).lower()]
    else:
        wanted = list(names)
    found = [c for n in wanted for c in columns if str(c).lower() == n]
    if not found:
        tried = repr(given) if given is not None else ", ".join(repr(n) for n in names)
        raise KeyError(f"no {what} column: tried {tried} (case-insensitive) among "
                       f"{[str(c) for c in columns]}; name it with {what}=")
    if len(found) > 1:
        warnings.warn(f"{len(found)} columns could be the {what}: {[str(c) for c in found]}; "
                      f"using {str(found[0])!r} (the first of {list(wanted)}); "
                      f"name one with {what}= to choose", ColumnChoiceWarning, stacklevel=3)
    return found[0]


def _number(value):
    """(float, None) for a usable coordinate cell, else (nan, record status)."""
    if is_missing(value):
        return math.nan, MISSING_FIELD
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return math.nan, BAD_NUMBER
    if isinstance(value, str):
        if not value.strip(" \t"):
            return math.nan, MISSING_FIELD
        if _NUMBER.match(value):
            return float(value), None
        return math.nan, BAD_NUMBER
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return math.nan, BAD_NUMBER
    if isinstance(value, numbers.Real):
        return float(value), None
    return math.nan, BAD_NUMBER


def _coordinates(np, series):
    """A column as float64 values and per row a record status or None."""
    kind = getattr(series.dtype, "kind", "O")
    if kind in "iuf":  # numbers, maybe pandas' nullable ones
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        missing = series.isna().to_numpy()
        if not missing.any():
            return values, None
        bad = np.full(len(values), None, dtype=object)
        bad[missing] = MISSING_FIELD
        return values, bad
    pairs = [_number(v) for v in series.tolist()]
    values = np.array([p[0] for p in pairs], dtype=np.float64)
    bad = np.array([p[1] for p in pairs], dtype=object)
    return values, bad


def _merge(np, *bads):
    """Per row the first record status of the coordinate columns, or None."""
    out = None
    for bad in bads:
        if bad is None:
            continue
        if out is None:
            out = bad.copy()
        else:
            take = np.array([o is None for o in out], dtype=bool)
            out[take] = bad[take]
    return out


def _with_record_status(np, status, bad, *cleared):
    """The library's status names with the record statuses put in, and the
    failed rows' other columns emptied."""
    if bad is None:
        return status
    rows = np.array([b is not None for b in bad], dtype=bool)
    status = np.array(status, dtype=object)
    status[rows] = bad[rows]
    for column in cleared:
        column[rows] = ""
    return status


def shared_database(path=None):
    """The process-wide Database for ``path`` (None: the default database),
    opened on first use and kept open. Thread-safe."""
    key = default_db_path() if path is None else os.fsdecode(os.fspath(path))
    with _shared_lock:
        db = _shared.get(key)
        if db is None or db.closed:
            db = Database(key)
            _shared[key] = db
        return db


def _database(database, path):
    return database if database is not None else shared_database(path)


def _frame(pandas, index, columns):
    return pandas.DataFrame(columns, index=index)


def _strings(values):
    return values.astype(object)


def encode_frame(df, lat=None, lon=None, *, long_form=False, check_char=False,
                 database=None, path=None):
    """Encode the points of a DataFrame; never raises for a bad cell.

    ``lat`` / ``lon``: the columns (default: the first of lat, latitude /
    lon, lng, long, longitude, case-insensitive; see the module's
    docstring). Returns a DataFrame with the same index and the columns
    ``code`` (canonical, "" where it failed), ``status`` ("ok", a record
    status ``MISSING_FIELD`` / ``BAD_NUMBER`` for a missing or unreadable
    coordinate cell, else the library's status name such as
    ``VPC_E_NO_WARD``), ``ward_code`` and ``postal_code`` ("" where it
    failed); every other row is encoded as usual.
    ``attrs["vpostcode_columns"]`` names the columns read. Uses
    ``database``, else the process's shared_database(``path``). KeyError
    only when the frame has no such column at all."""
    import pandas
    import numpy as np
    db = _database(database, path)
    lat_col = _find_column(df, lat, LAT_NAMES, "lat")
    lon_col = _find_column(df, lon, LON_NAMES, "lon")
    lats, bad_lat = _coordinates(np, df[lat_col])
    lons, bad_lon = _coordinates(np, df[lon_col])
    result = db.encode_many(lats, lons, long_form=long_form, check_char=check_char,
                            errors="ignore")
    codes = _strings(result.codes)
    wards, postals = result.ward_codes, result.postal_codes
    status = _with_record_status(np, result.status_names, _merge(np, bad_lat, bad_lon),
                                 codes, wards, postals)
    out = _frame(pandas, df.index, {
        "code": codes,
        "status": status,
        "ward_code": wards,
        "postal_code": postals,
    })
    out.attrs["vpostcode_columns"] = {"lat": lat_col, "lon": lon_col}
    return out


def lookup_frame(df, lat=None, lon=None, *, database=None, path=None):
    """The ward of each point of a DataFrame; never raises for a bad cell.

    Columns found as encode_frame finds them. Returns the columns
    ``status`` (as encode_frame's), ``ward_code`` and ``postal_code`` (""
    where there is none), same index."""
    import pandas
    import numpy as np
    db = _database(database, path)
    lat_col = _find_column(df, lat, LAT_NAMES, "lat")
    lon_col = _find_column(df, lon, LON_NAMES, "lon")
    lats, bad_lat = _coordinates(np, df[lat_col])
    lons, bad_lon = _coordinates(np, df[lon_col])
    result = db.lookup_many(lats, lons, errors="ignore")
    wards, postals = result.ward_codes, result.postal_codes
    status = _with_record_status(np, result.status_names, _merge(np, bad_lat, bad_lon),
                                 wards, postals)
    out = _frame(pandas, df.index, {
        "status": status,
        "ward_code": wards,
        "postal_code": postals,
    })
    out.attrs["vpostcode_columns"] = {"lat": lat_col, "lon": lon_col}
    return out


def _code_cells(np, series):
    """A code column as texts for decode_many, and per row MISSING_FIELD or None."""
    texts, bad = [], []
    for v in series.tolist():
        if is_missing(v) or (isinstance(v, str) and not v.strip()):
            texts.append(None)
            bad.append(MISSING_FIELD)
        elif isinstance(v, (str, bytes, bytearray)):
            texts.append(v)
            bad.append(None)
        else:  # a number read from a file: its text, judged by the library
            texts.append(str(v))
            bad.append(None)
    return np.array(texts, dtype=object), np.array(bad, dtype=object)


def decode_frame(df, code=None, *, scheme=None, database=None, path=None):
    """Decode a DataFrame's code column; never raises for a bad cell.

    ``code``: the column (default: the first of code, vpostcode, postcode,
    case-insensitive). Returns the columns ``lat`` and ``lon`` (the cell's
    centre, NaN where it failed), ``status`` ("ok", ``MISSING_FIELD`` for a
    None/NaN/NA/blank cell, else the library's status name:
    ``VPC_E_CHECK_CHARACTER``, ..., ``VPC_W_OUTSIDE_WARD`` for the
    warning), ``ward_code`` and ``postal_code``, same index. A cell that is
    not text (a number read from a file) is decoded as its str()."""
    import pandas
    import numpy as np
    db = _database(database, path)
    code_col = _find_column(df, code, CODE_NAMES, "code")
    texts, bad = _code_cells(np, df[code_col])
    result = db.decode_many(texts, scheme=scheme, errors="ignore")
    wards, postals = result.ward_codes, result.postal_codes
    status = _with_record_status(np, result.status_names, bad, wards, postals)
    out = _frame(pandas, df.index, {
        "lat": result.lat,
        "lon": result.lon,
        "status": status,
        "ward_code": wards,
        "postal_code": postals,
    })
    out.attrs["vpostcode_columns"] = {"code": code_col}
    return out


def _meta(columns, floats=()):
    import pandas
    return pandas.DataFrame({c: pandas.Series([], dtype="float64" if c in floats else object)
                             for c in columns})


def encode_frame_meta():
    """An empty DataFrame shaped like encode_frame's result (Dask's ``meta``)."""
    return _meta(ENCODE_COLUMNS)


def lookup_frame_meta():
    """An empty DataFrame shaped like lookup_frame's result."""
    return _meta(LOOKUP_COLUMNS)


def decode_frame_meta():
    """An empty DataFrame shaped like decode_frame's result."""
    return _meta(DECODE_COLUMNS, floats=("lat", "lon"))


ADDRESS_NAMES = ("address", "addr", "dia_chi", "diachi")
ADDRESS_COLUMNS = ("ward_code", "postal_code", "ward", "province_code", "province", "scheme",
                   "before_2025", "split", "candidates", "candidate_names", "score", "point",
                   "formatted", "status")


def address_frame(df, address=None, lat=None, lon=None, code=None, *, scheme=None,
                  default=False, database=None, path=None):
    """Read the address column of a DataFrame; never raises for a bad cell.

    ``address``: the column (default: the first of address, addr, dia_chi,
    diachi, case-insensitive, as the tool's batch finds it). ``lat``/``lon``
    or ``code`` (a Vpostcode column) name a point per row that chooses
    between candidates. Returns the columns of ``vpostcode address
    --input``, written as the tool writes them: ``ward_code``,
    ``postal_code``, ``ward``, ``province_code``, ``province``, ``scheme``
    ("current", "before 2025" or ""), ``before_2025`` (the pre-2025
    commune, district and province named), ``split`` ("yes", "no", or ""
    for the current form), ``candidates`` (candidate GSO codes joined by
    "|"), ``candidate_names``, ``score`` (3 decimals, "" when nothing was
    read), ``point`` ("decided", "conflict", "not needed", or "" without
    a point), ``formatted`` (the address in the current form) and
    ``status`` ("ok", MISSING_FIELD for an empty cell, else the library's
    status name), same index."""
    import pandas
    import numpy as np
    db = _database(database, path)
    col = _find_column(df, address, ADDRESS_NAMES, "address")
    texts = [None if is_missing(v) or (isinstance(v, str) and not v.strip()) else str(v)
             for v in df[col].tolist()]
    lats = lons = None
    used = {"address": col}
    if code is not None:
        codes = df[_find_column(df, code, CODE_NAMES, "code")].tolist()
        lats, lons = [], []
        for c in codes:
            try:
                cell = db.decode(c).cell if not is_missing(c) and str(c).strip() else None
            except Exception:  # a bad code decides nothing; the text is still read
                cell = None
            lats.append(cell.lat if cell else float("nan"))
            lons.append(cell.lon if cell else float("nan"))
        used["code"] = code
    elif lat is not None or lon is not None:
        lat_col = _find_column(df, lat, LAT_NAMES, "lat")
        lon_col = _find_column(df, lon, LON_NAMES, "lon")
        la, bad_lat = _coordinates(np, df[lat_col])
        lo, bad_lon = _coordinates(np, df[lon_col])
        lats, lons = la.tolist(), lo.tolist()
        used.update(lat=lat_col, lon=lon_col)
    results = db.address_many(texts, lats, lons, scheme=scheme, default=default)
    rows = {k: [] for k in ADDRESS_COLUMNS}
    names = {}
    for i, (text, a) in enumerate(zip(texts, results)):
        w, p = a.ward, a.province
        legacy = a.scheme is not None and a.scheme.value == "legacy"
        has_point = lats is not None and not math.isnan(lats[i])
        for k in a.candidates:
            if k not in names:
                names[k] = db.ward_by_code(k).name
        rows["ward_code"].append(w.code if w else "")
        rows["postal_code"].append(w.postal_code if w else "")
        rows["ward"].append(w.name if w else "")
        rows["province_code"].append(p.code if p else "")
        rows["province"].append(p.name if p else "")
        rows["scheme"].append("" if a.scheme is None else "before 2025" if legacy else "current")
        rows["before_2025"].append(", ".join(
            n for n in ((a.legacy.commune_name, a.legacy.district_name, a.legacy.province_name)
                        if legacy and a.legacy else ()) if n))
        rows["split"].append(("yes" if a.split else "no") if legacy else "")
        rows["candidates"].append("|".join(a.candidates))
        rows["candidate_names"].append("|".join(names[k] for k in a.candidates))
        read = a.scheme is not None or p is not None or a.candidate_count > 0
        rows["score"].append(f"{a.score:.3f}" if read else "")
        rows["point"].append(("decided" if a.point_used else "conflict" if a.point_conflict
                              else "not needed") if has_point or a.point_span else "")
        rows["formatted"].append(a.formatted or "")
        rows["status"].append(MISSING_FIELD if text is None else a.status)
    out = _frame(pandas, df.index, rows)
    out.attrs["vpostcode_columns"] = used
    return out
