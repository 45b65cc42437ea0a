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
finds them. Failed rows never stop a partition: their ``status`` column
says why ("VPC_E_NO_WARD", ...) and their other columns are empty.
"""
import os
import threading

from .database import Database, default_db_path

_shared = {}
_shared_lock = threading.Lock()

ENCODE_COLUMNS = ("code", "status", "ward_code", "postal_code")
LOOKUP_COLUMNS = ("status", "ward_code", "postal_code")
DECODE_COLUMNS = ("lat", "lon", "status", "ward_code", "postal_code")


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


def encode_frame(df, lat="lat", lon="lon", *, long_form=False, check_char=False,
                 database=None, path=None):
    """Encode the points of a DataFrame's columns ``lat`` and ``lon``.

    Returns a DataFrame with the same index and the columns ``code``
    (canonical, "" where it failed), ``status`` (the status's C name),
    ``ward_code`` and ``postal_code``. Uses ``database``, else the process's
    shared_database(``path``)."""
    import pandas
    import numpy as np
    db = _database(database, path)
    result = db.encode_many(np.asarray(df[lat], dtype=np.float64),
                            np.asarray(df[lon], dtype=np.float64),
                            long_form=long_form, check_char=check_char, errors="ignore")
    return _frame(pandas, df.index, {
        "code": _strings(result.codes),
        "status": result.status_names,
        "ward_code": result.ward_codes,
        "postal_code": result.postal_codes,
    })


def lookup_frame(df, lat="lat", lon="lon", *, database=None, path=None):
    """The ward of each point of a DataFrame: columns ``status``, ``ward_code``
    and ``postal_code`` ("" where there is none), same index."""
    import pandas
    import numpy as np
    db = _database(database, path)
    result = db.lookup_many(np.asarray(df[lat], dtype=np.float64),
                            np.asarray(df[lon], dtype=np.float64), errors="ignore")
    return _frame(pandas, df.index, {
        "status": result.status_names,
        "ward_code": result.ward_codes,
        "postal_code": result.postal_codes,
    })


def decode_frame(df, code="code", *, scheme=None, database=None, path=None):
    """Decode a DataFrame's column ``code``: columns ``lat`` and ``lon`` (the
    cell's centre, NaN where it failed), ``status`` (VPC_W_OUTSIDE_WARD for
    the warning), ``ward_code`` and ``postal_code``, same index."""
    import pandas
    import numpy as np
    db = _database(database, path)
    result = db.decode_many(np.asarray(df[code], dtype=object), scheme=scheme, errors="ignore")
    return _frame(pandas, df.index, {
        "lat": result.lat,
        "lon": result.lon,
        "status": result.status_names,
        "ward_code": result.ward_codes,
        "postal_code": result.postal_codes,
    })


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
