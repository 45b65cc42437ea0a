"""Many points or codes in one call to the library (vpc_*_batch).

Inputs are sequences: lists, tuples, array.array, numpy arrays or pandas
Series. The numbers go to the library in one contiguous array (numpy inputs
without a Python loop), codes as pointers into one buffer of the joined
texts, and every item is processed by one C call, with the GIL released.
Results come back as lists, or as numpy arrays when an input was a numpy
array or pandas Series; decode_many's cells for other input are a
CellList, which keeps the library's output and makes each Cell when it is
read.

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
import struct
import sys
from collections.abc import Sequence
from ctypes import c_double, c_int, c_void_p
from dataclasses import dataclass, field
from itertools import accumulate, chain, repeat
from operator import add, index as _index
from typing import Any

from . import _convert
from ._library import lib
from ._structs import CODE_BUFSIZE, CODE_MAX_LEN, VpcCell
from .codec import code_error
from .errors import (OK, STATUS_COUNT, W_OUTSIDE_WARD, InvalidArgumentError, check,
                     make_error, status_text)
from .results import Cell

_ERRORS = ("raise", "ignore")
_NAMES = []
# array.array's typecode for a C pointer.
_POINTER = next(t for t in "LQI" if array.array(t).itemsize == ctypes.sizeof(c_void_p))
# A vpc_cell as struct packs it: six doubles, the int, the padding to its size.
_CELL = struct.Struct(f"6di{ctypes.sizeof(VpcCell) - struct.calcsize('6di')}x")
_CELL_DOUBLES = ctypes.sizeof(VpcCell) // ctypes.sizeof(c_double)
# Codes made into str at a time from vpc_encode_batch's buffer.
_CHUNK = 1 << 15


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
                self.array = array.array("d", values if type(values) is list else list(values))
            except TypeError as e:
                raise TypeError(f"{what} must be a sequence of numbers: {e}") from None
            self.n = len(self.array)
            if not self.n:
                self.array.append(0.0)  # a valid address for the library
            self.pointer = self.array.buffer_info()[0]


def _utf8_in_place():
    """CPython's PyUnicode_AsUTF8AndSize, or None: for an ASCII str it gives
    the str's own characters (NUL-terminated), not a copy."""
    try:
        fn = ctypes.pythonapi.PyUnicode_AsUTF8AndSize
    except (AttributeError, ValueError):
        return None
    fn.restype = c_void_p
    fn.argtypes = [ctypes.py_object, c_void_p]
    return fn


_UTF8 = _utf8_in_place()


def _ascii_joined(texts):
    """The str items of ``texts`` joined with NULs, when every item is a str
    of ASCII characters but NUL: (the joined text as a str or bytes object
    kept alive, the address of its NUL-terminated characters); else None."""
    try:
        joined = "\0".join(texts)
    except TypeError:
        return None
    if not (joined.isascii() and joined.count("\0") == len(texts) - 1):
        return None
    if _UTF8 is not None and type(joined) is str:
        return joined, _UTF8(joined, None)
    data = joined.encode("ascii")
    return data, ctypes.cast(ctypes.c_char_p(data), c_void_p).value


class _Texts:
    """A sequence of codes as a C array of char pointers into one buffer of
    NUL-terminated texts; a missing item (None, NaN, pandas NA) is NULL.

    When every item is missing or a str of ASCII characters other than NUL
    (as codes are), the texts are joined and their addresses computed
    without a Python loop over the items; otherwise item by item, as
    text_bytes makes each (TypeError for an item that is no text)."""

    def __init__(self, items):
        self.n = n = len(items)
        missing = ()
        joined = _ascii_joined(items) if n else None
        if joined is None and n:
            filled = [t if isinstance(t, str) else "" if _convert.is_missing(t) else t
                      for t in items]
            joined = _ascii_joined(filled)
            if joined is not None:
                missing = [i for i, t in enumerate(items) if not isinstance(t, str)]
                items = filled
        if joined is not None:
            self.data, base = joined
            lengths = map(len, items)
        else:
            raws = [None if _convert.is_missing(t) else _convert.text_bytes(t) for t in items]
            missing = [i for i, r in enumerate(raws) if r is None]
            for i in missing:
                raws[i] = b""
            # A bytes object's buffer ends with a NUL: the texts are used in place.
            self.data = b"\0".join(raws)
            base = ctypes.cast(ctypes.c_char_p(self.data), c_void_p).value
            lengths = map(len, raws)
        starts = accumulate(chain((base,), map(add, lengths, repeat(1))))
        self.pointers = array.array(_POINTER, starts)  # n + 1 addresses: the last is the end
        self.pointers[-1] = 0
        for i in missing:
            self.pointers[i] = 0
        self.pointer = self.pointers.buffer_info()[0]


def _int_list(ints, n):
    """The first n items of a ctypes c_int array as a list, read in C."""
    return memoryview(ints).cast("B").cast("i")[:n].tolist()


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
        if isinstance(self.status, list) and \
                self.status.count(OK) + self.status.count(W_OUTSIDE_WARD) == len(self.status):
            return None  # counted in C
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


class CellList(Sequence):
    """decode_many's cells for list input: per item a Cell, or None for a
    failed item, made from the library's output when the item is read.

    It reads like the list it stands for: len, indexing (a slice gives a
    list), iteration, ``in``, count(), index(), ``==`` with a list or
    another CellList, ``+`` with a list; list(cells) gives the list
    itself, and a pickle holds that list. It cannot be changed."""

    __slots__ = ("_cells", "_status", "_n")

    def __init__(self, cells, status, n):
        self._cells = cells    # the ctypes vpc_cell array the library wrote
        self._status = status  # the ctypes int array of the statuses
        self._n = n

    def __len__(self):
        return self._n

    def _cell(self, i):
        s = self._status[i]
        if s != OK and s != W_OUTSIDE_WARD:
            return None
        return _convert.cell(self._cells[i])

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._cell(k) for k in range(*i.indices(self._n))]
        try:
            k = _index(i)
        except TypeError:
            raise TypeError(f"list indices must be integers or slices, not "
                            f"{type(i).__name__}") from None
        if k < 0:
            k += self._n
        if not 0 <= k < self._n:
            raise IndexError("list index out of range")
        return self._cell(k)

    def __iter__(self):
        status = memoryview(self._status).cast("B").cast("i")
        cells = _CELL.iter_unpack(memoryview(self._cells).cast("B")[:self._n * _CELL.size])
        for s, c in zip(status[:self._n], cells):
            yield Cell(*c) if s == OK or s == W_OUTSIDE_WARD else None

    def __reversed__(self):
        for k in range(self._n - 1, -1, -1):
            yield self._cell(k)

    def _column(self, k):
        """Field k of every cell (4: lat, 5: lon), None for failed items, read in C."""
        doubles = memoryview(self._cells).cast("B").cast("d")
        values = doubles[k:self._n * _CELL_DOUBLES:_CELL_DOUBLES].tolist()
        status = _int_list(self._status, self._n)
        if status.count(OK) + status.count(W_OUTSIDE_WARD) != self._n:
            for i, s in enumerate(status):
                if s != OK and s != W_OUTSIDE_WARD:
                    values[i] = None
        return values

    def __eq__(self, other):
        if not isinstance(other, (list, CellList)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # as a list's

    def __add__(self, other):
        if not isinstance(other, (list, CellList)):
            return NotImplemented
        return list(self) + list(other)

    def __radd__(self, other):
        if not isinstance(other, list):
            return NotImplemented
        return other + list(self)

    def __repr__(self):
        return repr(list(self))

    def __reduce__(self):
        return (list, (list(self),))


@dataclass(frozen=True, eq=False)
class DecodeBatch(Batch):
    """decode_many's result. ``cells``: a Cell per item, None for failed
    items (lists: a CellList, whose Cells are made as they are read), or a
    numpy structured array with the fields south, west, north, east, lat,
    lon, length (NaN and 0 for failed items). ``outside_ward``: per item,
    the warning VPC_W_OUTSIDE_WARD."""

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
        if isinstance(self.cells, CellList):
            return self.cells._column(4)
        return [c.lat if c is not None else None for c in self.cells]

    @property
    def lon(self):
        """Per item: the cell's centre longitude (None or NaN for failed items)."""
        if self.is_numpy:
            return self.cells["lon"]
        if isinstance(self.cells, CellList):
            return self.cells._column(5)
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
        count = lib.vpc_ward_count(h)
    check(rc)
    result = LookupBatch(_take(status, use_numpy), _take_wards(ward, use_numpy, count), db,
                         use_numpy)
    if errors == "raise":
        _raise_first(result, _point_error(la, lo))
    return result


def _take(ints, use_numpy):
    if use_numpy:
        return ints.array[:ints.n]
    return _int_list(ints.array, ints.n)


_WARD_INTS = {}


def _take_wards(ints, use_numpy, count):
    """_take for ward positions (0 .. count - 1, or -1): a list holds one
    int object per ward, not one per item."""
    if use_numpy:
        return ints.array[:ints.n]
    table = _WARD_INTS.get(count)
    if table is None:
        table = _WARD_INTS[count] = tuple(range(count)) + (-1,)
    return list(map(table.__getitem__, memoryview(ints.array).cast("B").cast("i")[:ints.n]))


def _code_list(texts, n):
    """The n codes of vpc_encode_batch's buffer (each a NUL-terminated text
    at the start of its slot), None where empty; read in C, a chunk at a
    time."""
    codes = []
    whole = memoryview(texts).cast("B")
    step = _CHUNK * CODE_BUFSIZE
    for k in range(0, n * CODE_BUFSIZE, step):
        raw = whole[k:min(k + step, n * CODE_BUFSIZE)].tobytes().decode("ascii")
        starts = range(0, len(raw), CODE_BUFSIZE)
        slots = map(raw.__getitem__, map(slice, starts, range(CODE_BUFSIZE, len(raw) + 1,
                                                              CODE_BUFSIZE)))
        codes += [c or None for c, _, _ in map(str.partition, slots, repeat("\0"))]
    return codes


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
        with db._use() as h:
            rc = lib.vpc_encode_batch(h, n, la.pointer, lo.pointer, flags, texts.ctypes.data,
                                     ward.pointer, status.pointer)
            count = lib.vpc_ward_count(h)
        check(rc)
        codes = texts[:n].astype(f"U{CODE_MAX_LEN}")
    else:
        texts = ctypes.create_string_buffer(max(n, 1) * CODE_BUFSIZE)
        with db._use() as h:
            rc = lib.vpc_encode_batch(h, n, la.pointer, lo.pointer, flags,
                                     ctypes.addressof(texts), ward.pointer, status.pointer)
            count = lib.vpc_ward_count(h)
        check(rc)
        codes = _code_list(texts, n)
    result = EncodeBatch(_take(status, use_numpy), _take_wards(ward, use_numpy, count), db,
                         use_numpy, codes)
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
    items = codes if type(codes) is list else list(codes)
    texts = _Texts(items)
    n = texts.n
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
        rc = lib.vpc_decode_batch(h, n, texts.pointer, flags, pointer, ward.pointer,
                                 status.pointer)
        count = lib.vpc_ward_count(h)
    check(rc)
    del texts
    if use_numpy:
        out_cells = cells[:n]
    else:
        out_cells = CellList(cells, status.array, n)
    result = DecodeBatch(_take(status, use_numpy), _take_wards(ward, use_numpy, count), db,
                         use_numpy, out_cells)
    if errors == "raise":
        def describe(i, status):
            text = items[i]
            raw = None if _convert.is_missing(text) else _convert.text_bytes(text)
            return code_error(status, text, raw, index=i)
        _raise_first(result, describe)
    return result
