"""Many points or codes in one call to the library (vpc_*_batch).

Inputs are sequences: lists, tuples, array.array, numpy arrays or pandas
Series. The numbers go to the library in one contiguous array (numpy inputs
without a Python loop) and every item is processed by one C call, with the
GIL released. Results come back as lists, or as numpy arrays when an input
was a numpy array or pandas Series.

The database is in use (``db._use()``) for the C call only: a close() in
another thread waits for it, and a batch begun after close() raises
DatabaseClosedError.

Each item has its own status (``status``, ``status_names``): exactly what
the single call would give. With errors="raise" (the default) the first
failed item's exception is raised, with its ``index``; with
errors="ignore" the result is returned whole and failed items hold None
(lists) or empty strings and NaN (numpy).
"""
import array
import ctypes
import sys
from ctypes import c_char_p, c_double, c_int
from dataclasses import dataclass, field
from typing import Any

from . import _convert
from ._library import lib
from ._structs import CODE_BUFSIZE, CODE_MAX_LEN, VpcCell
from .codec import code_error
from .errors import (OK, STATUS_COUNT, W_OUTSIDE_WARD, InvalidArgumentError, check,
                     make_error, status_text)

_ERRORS = ("raise", "ignore")
_NAMES = []


def _numpy():
    return sys.modules.get("numpy")


def _is_array(values):
    """True for a numpy array or anything numpy can view (pandas Series).

    numpy is never imported here: a caller holding a numpy array or a
    pandas object has imported it already."""
    np = _numpy()
    if np is None or isinstance(values, (list, tuple, array.array, str, bytes)):
        return False
    return isinstance(values, np.ndarray) or hasattr(values, "__array__")


class _Doubles:
    """A sequence of numbers as a C double array; keeps what it points to alive."""

    def __init__(self, values, what):
        if _is_array(values):
            np = _numpy()
            # C reads aligned doubles: a view at an odd offset (a column of
            # a packed record array, a slice of raw bytes) is copied.
            self.array = np.require(np.asarray(values, dtype=np.float64),
                                    requirements=("C_CONTIGUOUS", "ALIGNED"))
            if self.array.ndim != 1:
                raise InvalidArgumentError(2, detail=f"{what} must be one-dimensional")
            self.n = len(self.array)
            self.pointer = self.array.ctypes.data
        elif isinstance(values, array.array) and values.typecode == "d":
            self.n = len(values)
            if self.n:  # the array's own memory, no copy
                self.array = (c_double * self.n).from_buffer(values)
            else:
                self.array = (c_double * 1)()
            self.pointer = ctypes.addressof(self.array)
        else:
            try:
                items = list(values)
                self.n = len(items)
                self.array = (c_double * max(self.n, 1))(*items)
            except TypeError as e:
                raise TypeError(f"{what} must be a sequence of numbers: {e}") from None
            self.pointer = ctypes.addressof(self.array)


class _Ints:
    """n C ints, as a numpy array or a ctypes array."""

    def __init__(self, n, use_numpy):
        if use_numpy:
            np = _numpy()
            self.array = np.full(max(n, 1), -1, dtype=np.intc)
            self.pointer = self.array.ctypes.data
        else:
            self.array = (c_int * max(n, 1))()
            self.pointer = ctypes.addressof(self.array)
        self.n = n


def _check_errors(errors):
    if errors not in _ERRORS:
        raise InvalidArgumentError(2, detail=f"errors must be 'raise' or 'ignore', not {errors!r}")


def _is_ok(status):
    return status == OK or status == W_OUTSIDE_WARD


@dataclass(frozen=True, eq=False)
class Batch:
    """What every batch result has: per-item status and ward position.

    ``status``: the vpc_status of each item (ints); ``ward_index``: the
    ward's position in ``database.wards``, -1 where there is none.
    Lists, or numpy int arrays when ``is_numpy``."""

    status: Any
    ward_index: Any
    database: Any = field(repr=False, compare=False)
    is_numpy: bool = False

    def __len__(self):
        return len(self.status)

    @property
    def ok(self):
        """Per item: True if it succeeded (a decode warning counts as success)."""
        if self.is_numpy:
            return (self.status == OK) | (self.status == W_OUTSIDE_WARD)
        return [_is_ok(s) for s in self.status]

    @property
    def status_names(self):
        """Per item: "ok" for success, else the status's C name
        ("VPC_E_NO_WARD", "VPC_W_OUTSIDE_WARD", ...): the status column's text."""
        if not _NAMES:
            _NAMES.extend(status_text(s) for s in range(STATUS_COUNT))
        if self.is_numpy and (len(self.status) == 0 or self.status.max() < STATUS_COUNT):
            np = _numpy()
            return np.array(_NAMES, dtype=object)[self.status]
        names = [_NAMES[s] if 0 <= s < STATUS_COUNT else status_text(s) for s in self.status]
        return _numpy().array(names, dtype=object) if self.is_numpy else names

    @property
    def wards(self):
        """Per item: its Ward, or None."""
        table = self.database.wards
        return [table[i] if i >= 0 else None for i in self.ward_index]

    def _ward_field(self, name):
        table = self.database.wards
        if self.is_numpy:
            np = _numpy()
            column = np.array([getattr(w, name) for w in table] + [""], dtype=object)
            return column[self.ward_index]  # -1 takes the "" at the end
        return [getattr(table[i], name) if i >= 0 else None for i in self.ward_index]

    @property
    def ward_codes(self):
        """Per item: the ward's GSO code; None (lists) or "" (numpy) where none."""
        return self._ward_field("code")

    @property
    def postal_codes(self):
        """Per item: the ward's postal code; None (lists) or "" (numpy) where none."""
        return self._ward_field("postal_code")

    def failures(self):
        """The failed items as a list of (index, status)."""
        return [(i, int(s)) for i, s in enumerate(self.status) if not _is_ok(s)]

    def first_failure(self):
        """The index of the first failed item, or None."""
        if self.is_numpy:
            np = _numpy()
            bad = np.flatnonzero(~self.ok)
            return int(bad[0]) if len(bad) else None
        for i, s in enumerate(self.status):
            if not _is_ok(s):
                return i
        return None


@dataclass(frozen=True, eq=False)
class EncodeBatch(Batch):
    """encode_many's result. ``codes``: canonical codes, None (lists) or ""
    (numpy string array) for failed items."""

    codes: Any = None


@dataclass(frozen=True, eq=False)
class LookupBatch(Batch):
    """lookup_many's result: use ``wards``, ``ward_codes``, ``postal_codes``."""


@dataclass(frozen=True, eq=False)
class DecodeBatch(Batch):
    """decode_many's result. ``cells``: a Cell per item, None for failed
    items (lists), or a numpy structured array with the fields south, west,
    north, east, lat, lon, length (NaN and 0 for failed items).
    ``outside_ward``: per item, the warning VPC_W_OUTSIDE_WARD."""

    cells: Any = None

    @property
    def outside_ward(self):
        if self.is_numpy:
            return self.status == W_OUTSIDE_WARD
        return [s == W_OUTSIDE_WARD for s in self.status]

    @property
    def lat(self):
        """Per item: the cell's centre latitude (None or NaN for failed items)."""
        if self.is_numpy:
            return self.cells["lat"]
        return [c.lat if c is not None else None for c in self.cells]

    @property
    def lon(self):
        """Per item: the cell's centre longitude (None or NaN for failed items)."""
        if self.is_numpy:
            return self.cells["lon"]
        return [c.lon if c is not None else None for c in self.cells]


def _raise_first(result, describe):
    i = result.first_failure()
    if i is not None:
        raise describe(i, int(result.status[i]))


def _coordinates(lats, lons):
    la = _Doubles(lats, "lats")
    lo = _Doubles(lons, "lons")
    if la.n != lo.n:
        raise InvalidArgumentError(2, detail=f"{la.n} latitudes but {lo.n} longitudes")
    return la, lo, _is_array(lats) or _is_array(lons)


def _point_error(la, lo):
    def describe(i, st):
        return make_error(st, index=i, detail=f"({float(la.array[i])!r}, {float(lo.array[i])!r})")
    return describe


def lookup_many(db, lats, lons, *, errors="raise"):
    """The ward of each point (vpc_lookup_batch): a LookupBatch."""
    _check_errors(errors)
    la, lo, use_numpy = _coordinates(lats, lons)
    n = la.n
    ward, status = _Ints(n, use_numpy), _Ints(n, use_numpy)
    with db._use() as h:
        rc = lib.vpc_lookup_batch(h, n, la.pointer, lo.pointer, ward.pointer, status.pointer)
    check(rc)
    result = LookupBatch(_take(status, use_numpy), _take(ward, use_numpy), db, use_numpy)
    if errors == "raise":
        _raise_first(result, _point_error(la, lo))
    return result


def _take(ints, use_numpy):
    if use_numpy:
        return ints.array[:ints.n]
    return list(ints.array[:ints.n])


def encode_many(db, lats, lons, *, long_form=False, check_char=False, errors="raise"):
    """The code of each point (vpc_encode_batch): an EncodeBatch."""
    _check_errors(errors)
    la, lo, use_numpy = _coordinates(lats, lons)
    n = la.n
    flags = (_convert.FLAG_LONG_FORM if long_form else 0) | (_convert.FLAG_CHECK_CHAR if check_char else 0)
    ward, status = _Ints(n, use_numpy), _Ints(n, use_numpy)
    if use_numpy:
        np = _numpy()
        texts = np.zeros(max(n, 1), dtype=f"S{CODE_BUFSIZE}")
        pointer = texts.ctypes.data
    else:
        texts = ctypes.create_string_buffer(max(n, 1) * CODE_BUFSIZE)
        pointer = ctypes.addressof(texts)
    with db._use() as h:
        rc = lib.vpc_encode_batch(h, n, la.pointer, lo.pointer, flags, pointer, ward.pointer,
                                 status.pointer)
    check(rc)
    if use_numpy:
        codes = texts[:n].astype(f"U{CODE_MAX_LEN}")
    else:
        raw = texts.raw.decode("ascii")
        codes = [raw[k:k + CODE_BUFSIZE].rstrip("\0") or None
                 for k in range(0, n * CODE_BUFSIZE, CODE_BUFSIZE)]
    result = EncodeBatch(_take(status, use_numpy), _take(ward, use_numpy), db, use_numpy, codes)
    if errors == "raise":
        _raise_first(result, _point_error(la, lo))
    return result


def decode_many(db, codes, *, scheme=None, errors="raise"):
    """Decode each code as typed (vpc_decode_batch): a DecodeBatch.

    A missing item (None, NaN, pandas NA) has the status VPC_E_NULL_ARGUMENT.
    With a ``scheme`` ("current" or "legacy") every code is read in that
    scheme only, as Database.decode does."""
    _check_errors(errors)
    flags = _convert.scheme_flag(scheme)
    use_numpy = _is_array(codes)
    items = list(codes)
    n = len(items)
    raws = [None if _convert.is_missing(t) else _convert.text_bytes(t) for t in items]
    texts = (c_char_p * max(n, 1))(*raws)
    ward, status = _Ints(n, use_numpy), _Ints(n, use_numpy)
    if use_numpy:
        np = _numpy()
        dtype = np.dtype([("south", "f8"), ("west", "f8"), ("north", "f8"), ("east", "f8"),
                          ("lat", "f8"), ("lon", "f8"), ("length", "i4")], align=True)
        if dtype.itemsize != ctypes.sizeof(VpcCell):
            raise RuntimeError("vpc_cell layout differs from the numpy record")
        cells = np.zeros(max(n, 1), dtype=dtype)
        pointer = cells.ctypes.data
    else:
        cells = (VpcCell * max(n, 1))()
        pointer = ctypes.addressof(cells)
    with db._use() as h:
        rc = lib.vpc_decode_batch(h, n, ctypes.addressof(texts), flags, pointer, ward.pointer,
                                 status.pointer)
    check(rc)
    st = _take(status, use_numpy)
    if use_numpy:
        out_cells = cells[:n]
    else:
        out_cells = [_convert.cell(cells[i]) if _is_ok(st[i]) else None for i in range(n)]
    result = DecodeBatch(st, _take(ward, use_numpy), db, use_numpy, out_cells)
    if errors == "raise":
        def describe(i, status):
            return code_error(status, items[i], raws[i], index=i)
        _raise_first(result, describe)
    return result
