"""The database of wards: encoding, decoding and looking up points."""
import ctypes
import os
import threading
import weakref

from . import _convert, batch, cells
from . import address as _address
from ._convert import FLAG_CHECK_CHAR, FLAG_LONG_FORM, scheme_flag
from ._library import lib
from ._structs import VpcCell, VpcCode, VpcDecoded, VpcLegacyUnit, VpcProvince, VpcWard
from .codec import code_error
from .errors import (DB_NOT_FOUND, W_NEAREST_WARD, W_OUTSIDE_WARD, DatabaseClosedError,
                     InvalidArgumentError, check)
from .results import Decoded, Encoded, LegacyCommune, Located, Reading, Scheme

# 12 nautical miles: the largest distance nearest-ward mode accepts (VPC_TERRITORY_METRES).
TERRITORY_METRES = 22224.0

_HOW_TO_POINT = ("give Database(path), set VPOSTCODE_DB, or install one with `make install` "
                 "(use --db PATH with the vpostcode tool)")


def _nearest_metres(nearest):
    """``nearest=`` as a float of metres; TypeError for what is not a number."""
    if isinstance(nearest, (bool, str, bytes)):
        raise TypeError(f"nearest must be a distance in metres (a number), not "
                        f"{type(nearest).__name__}")
    return _convert.coordinate(nearest, "nearest")

_BUFFER_TOO_SMALL = 3


def default_db_path():
    """The database Database() opens: $VPOSTCODE_DB if set, else the installed one."""
    return os.fsdecode(lib.vpc_default_db_path())


class _Guard:
    """A database's C handle and the calls using it, so that closing never
    frees the handle under a call in another thread (as the Go binding's
    RWMutex does).

    ``with guard as h:`` is one use: it gives the C handle and counts the
    call as in flight until the block ends; DatabaseClosedError once the
    database is closed. close() marks the database closed at once (later
    uses fail), waits for the uses in flight to end, then frees the handle.
    It must not be called while the calling thread holds a use (it would
    wait for itself): blocks of uses run no code of the caller's.

    The Database's weakref.finalize holds this object, not the Database, so
    garbage collection and interpreter exit close it the same way."""

    __slots__ = ("_handle", "_lock", "_idle", "_users", "closed")

    def __init__(self, handle):
        self._handle = handle
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._users = 0
        self.closed = False

    def __enter__(self):
        with self._lock:
            if self.closed:
                raise DatabaseClosedError(1, "the database is closed")
            self._users += 1
        return self._handle

    def __exit__(self, *exc):
        with self._lock:
            self._users -= 1
            if self.closed and not self._users:
                self._idle.notify_all()

    def close(self):
        """Mark closed, wait for the uses in flight, free the handle. Any
        number of times, from any number of threads: each returns once the
        handle is freed."""
        with self._lock:
            self.closed = True
            while self._users:
                self._idle.wait()
            if self._handle is not None:
                lib.vpc_close(self._handle)
                self._handle = None


class Database:
    """An open vpostcode database, loaded into memory (about 100 MB).

    ``Database()`` opens the default database (``default_db_path()``:
    $VPOSTCODE_DB, else the one ``make install`` installed),
    ``Database(path)`` another one. Errors: DatabaseError (VPC_E_DB_NOT_FOUND,
    VPC_E_DB_UNREADABLE, VPC_E_DB_CORRUPT, VPC_E_DB_SCHEMA), whose message
    names the path tried (and, when the file does not exist, how to point
    at a database: Database(path), VPOSTCODE_DB, `make install`),
    OutOfMemoryError.

    Use it as a context manager or call close(); afterwards every method
    raises DatabaseClosedError. Between open and close the object is
    read-only and may be used from any number of threads at once (the
    library releases the GIL during its calls). close() may be called while
    other threads are using the database: calls made from then on raise
    DatabaseClosedError, and close() returns once the calls in progress
    have ended and the database is freed.

    Pickling a Database gives, in the process that unpickles it, the
    process-wide database of the same path (``shared_database``), so
    passing one to Dask or multiprocessing opens it once per process.
    """

    def __init__(self, path=None):
        raw = None if path is None else os.fsencode(path)
        if raw is not None and b"\0" in raw:
            raise InvalidArgumentError(2, detail="the database path contains a NUL character")
        handle = ctypes.c_void_p()
        shown = default_db_path() if path is None else os.fsdecode(path)
        st = lib.vpc_open(raw, ctypes.byref(handle))
        if st == DB_NOT_FOUND:
            how = "the path given" if path is not None else (
                "$VPOSTCODE_DB" if os.environ.get("VPOSTCODE_DB") else "the installed database")
            check(st, detail=f"tried {shown!r} ({how}); {_HOW_TO_POINT}")
        check(st, detail=repr(shown))
        self._guard = _Guard(handle)
        self._finalizer = weakref.finalize(self, self._guard.close)
        self._wards = None
        self._lock = threading.Lock()

    # ---- life cycle ------------------------------------------------------

    def _use(self):
        """``with self._use() as h:`` around every C call given the handle
        (see _Guard); DatabaseClosedError once closed."""
        return self._guard

    def close(self):
        """Free the database. Calls in progress in other threads finish
        first (close() waits for them); calls made after close() began
        raise DatabaseClosedError. Closing twice is allowed."""
        self._guard.close()
        self._finalizer.detach()

    @property
    def closed(self):
        return self._guard.closed

    def __enter__(self):
        if self.closed:
            raise DatabaseClosedError(1, "the database is closed")
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        try:
            return f"<vpostcode.Database {self.path!r}, {self.ward_count} wards>"
        except DatabaseClosedError:
            return "<vpostcode.Database (closed)>"

    def __reduce__(self):
        from .frames import shared_database
        return (shared_database, (self.path,))

    # ---- contents --------------------------------------------------------

    @property
    def path(self):
        """The path the database was opened from."""
        with self._use() as h:
            raw = lib.vpc_db_path(h)  # c_char_p: copied to bytes
        return os.fsdecode(raw)

    @property
    def metadata(self):
        """The metadata table (schema version, build time, sources, licences) as a dict."""
        out = {}
        key, value = ctypes.c_char_p(), ctypes.c_char_p()
        with self._use() as h:  # the strings belong to the handle: read them in the use
            for i in range(lib.vpc_db_metadata_count(h)):
                check(lib.vpc_db_metadata(h, i, ctypes.byref(key), ctypes.byref(value)))
                out[key.value.decode("utf-8")] = value.value.decode("utf-8")
        return out

    @property
    def has_legacy(self):
        """True if the database has its pre-2025 tables."""
        with self._use() as h:
            return bool(lib.vpc_has_legacy(h))

    @property
    def ward_count(self):
        with self._use() as h:
            return lib.vpc_ward_count(h)

    def ward_at(self, i):
        """The ward at position i (0 .. ward_count - 1, in GSO code order)."""
        if isinstance(i, bool) or not isinstance(i, int):
            raise TypeError("ward position must be an int")
        w = VpcWard()
        with self._use() as h:
            in_range = 0 <= i < lib.vpc_ward_count(h)
            if in_range:
                st = lib.vpc_ward_at(h, i, ctypes.byref(w))
        if not in_range:
            raise InvalidArgumentError(2, detail=f"ward position {i} out of range")
        check(st)
        return _convert.ward(w)

    @property
    def wards(self):
        """Every ward, in GSO code order, as a tuple (built once, then cached)."""
        if self.closed:
            raise DatabaseClosedError(1, "the database is closed")
        if self._wards is None:
            with self._lock:
                if self._wards is None:
                    w = VpcWard()
                    table = []
                    with self._use() as h:
                        for i in range(lib.vpc_ward_count(h)):
                            check(lib.vpc_ward_at(h, i, ctypes.byref(w)))
                            table.append(_convert.ward(w))
                    self._wards = tuple(table)
        return self._wards

    @property
    def province_count(self):
        with self._use() as h:
            return lib.vpc_province_count(h)

    def provinces(self):
        """Every province, in GSO code order, as a list of Province."""
        p = VpcProvince()
        out = []
        with self._use() as h:
            for i in range(lib.vpc_province_count(h)):
                check(lib.vpc_province_at(h, i, ctypes.byref(p)))
                out.append(_convert.province(p))
        return out

    def province_by_code(self, code):
        """The Province with this GSO code (text, "01"); NotFoundError
        VPC_E_UNKNOWN_PROVINCE; TypeError for an int (1 is not "01")."""
        raw = _convert.gso_text(code, "province", digits=2, example="01")
        p = VpcProvince()
        with self._use() as h:
            st = lib.vpc_province_by_code(h, raw, ctypes.byref(p))
        check(st, detail=repr(code))
        return _convert.province(p)

    def wards_of_province(self, province):
        """The wards of a province (its GSO code as text, "01", or a Province),
        in GSO code order, as a list of Ward; NotFoundError
        VPC_E_UNKNOWN_PROVINCE for an unknown code."""
        code = province.code if hasattr(province, "code") else province
        code = self.province_by_code(code).code
        return [w for w in self.wards if w.province.code == code]

    def province_geojson(self, code):
        """A province's wards as a GeoJSON FeatureCollection (one Feature per
        ward, as ward_geojson makes it), as text: tens of megabytes for a
        large province. NotFoundError VPC_E_UNKNOWN_PROVINCE."""
        raw = _convert.gso_text(code, "province", digits=2, example="01")
        with self._use() as h:
            return cells.geojson_call(lib.vpc_province_geojson, h, raw)

    def ward_by_code(self, gso_code):
        """The ward with this GSO code, text of 5 digits ("00070");
        NotFoundError VPC_E_UNKNOWN_WARD. An int (70) is refused with
        TypeError, never padded: 70 is not a GSO code, "00070" is."""
        raw = _convert.gso_text(gso_code, "gso_code")
        w = VpcWard()
        with self._use() as h:
            st = lib.vpc_ward_by_code(h, raw, ctypes.byref(w))
        check(st, detail=repr(gso_code))
        return _convert.ward(w)

    def ward_by_postal_code(self, postal_code):
        """The ward with this postal code, text of 5 digits ("11024");
        NotFoundError VPC_E_UNKNOWN_POSTAL_CODE, CodeFormatError
        VPC_E_POSTAL_CODE. An int is refused with TypeError, never padded."""
        raw = _convert.gso_text(postal_code, "postal_code", example="11024")
        w = VpcWard()
        with self._use() as h:
            st = lib.vpc_ward_by_postal_code(h, raw, ctypes.byref(w))
        check(st, detail=repr(postal_code))
        return _convert.ward(w)

    def ward_geojson(self, gso_code):
        """A ward's boundary as a GeoJSON Feature (MultiPolygon), as text."""
        raw = _convert.gso_text(gso_code, "gso_code")
        with self._use() as h:
            return cells.geojson_call(lib.vpc_ward_geojson, h, raw)

    # ---- points and codes ------------------------------------------------

    def lookup(self, lat, lon, *, nearest=None):
        """The Ward containing a point. CoordinateError for NaN, infinite or
        out-of-range coordinates. A point in no ward is NotFoundError:
        VPC_E_NO_WARD when some ward lies within 12 nautical miles (22,224 m)
        of it (off the coast, in a gap between wards, just across a border),
        VPC_E_OUTSIDE_VIETNAM farther from every ward (abroad, out at sea).
        Never a nearest-ward guess unless asked:

        ``nearest=metres`` (0 to 22,224; InvalidArgumentError otherwise)
        turns on nearest-ward mode and returns a Located instead of a Ward:
        ``.ward``, ``.distance_m`` (0.0 inside the ward) and
        ``.nearest_ward``, true when the point is in no ward and the nearest
        ward within ``metres`` was taken (VPC_W_NEAREST_WARD). No ward that
        near: the NotFoundError above."""
        lat, lon = _convert.coordinate(lat, "lat"), _convert.coordinate(lon, "lon")
        w = VpcWard()
        if nearest is not None:
            metres, dist = _nearest_metres(nearest), ctypes.c_double(0.0)
            with self._use() as h:
                st = lib.vpc_lookup_nearest(h, lat, lon, metres, ctypes.byref(w),
                                            ctypes.byref(dist))
            check(st, detail=f"({lat!r}, {lon!r}), nearest={metres!r} m")
            return Located(_convert.ward(w), dist.value, st == W_NEAREST_WARD)
        with self._use() as h:
            st = lib.vpc_lookup(h, lat, lon, ctypes.byref(w))
        if st:
            check(st, detail=f"({lat!r}, {lon!r})")
        return _convert.ward(w)

    def encode(self, lat, lon, *, long_form=False, check_char=False, nearest=None):
        """The Vpostcode of a point, as an Encoded (``code``: a Code; ``ward``).

        The long form is used when the ward needs it or ``long_form`` is
        true; ``check_char`` appends the check character. Errors as lookup().

        ``nearest=metres`` (0 to 22,224): nearest-ward mode, as lookup(). A
        point in no ward within ``metres`` of one gets that ward's postal
        code and its own location, with ``Encoded.nearest_ward`` true and
        ``Encoded.distance_m`` the distance in metres (such a code decodes
        with ``outside_ward``: its cell is outside its ward)."""
        lat, lon = _convert.coordinate(lat, "lat"), _convert.coordinate(lon, "lon")
        flags = (FLAG_LONG_FORM if long_form else 0) | (FLAG_CHECK_CHAR if check_char else 0)
        c, w = VpcCode(), VpcWard()
        if nearest is not None:
            metres, dist = _nearest_metres(nearest), ctypes.c_double(0.0)
            with self._use() as h:
                st = lib.vpc_encode_nearest(h, lat, lon, metres, flags, ctypes.byref(c),
                                            ctypes.byref(w), ctypes.byref(dist))
            check(st, detail=f"({lat!r}, {lon!r}), nearest={metres!r} m")
            return Encoded(_convert.code(c), _convert.ward(w), dist.value, st == W_NEAREST_WARD)
        with self._use() as h:
            st = lib.vpc_encode(h, lat, lon, flags, ctypes.byref(c), ctypes.byref(w))
        if st:
            check(st, detail=f"({lat!r}, {lon!r})")
        return Encoded(_convert.code(c), _convert.ward(w))

    def decode(self, text, *, scheme=None):
        """Decode a code as typed to a Decoded: its Cell, the Ward its postal
        code names, and ``outside_ward`` when the cell does not meet that ward.

        A code of before 2025 decodes too when the database has its pre-2025
        tables (the ward is then the one holding the cell today). With
        ``scheme`` ("current" or "legacy") the number is read in that scheme
        only; "legacy" needs the pre-2025 tables (NoLegacyDataError).
        Errors: CodeFormatError (with ``position``), NotFoundError
        VPC_E_UNKNOWN_POSTAL_CODE / VPC_E_UNKNOWN_LEGACY_CODE,
        AmbiguousSchemeError."""
        flags = scheme_flag(scheme)
        raw = _convert.text_bytes(text)
        if flags == 0:
            cell, w = VpcCell(), VpcWard()
            with self._use() as h:
                st = lib.vpc_decode(h, raw, ctypes.byref(cell), ctypes.byref(w))
        else:
            d = VpcDecoded()
            with self._use() as h:
                st = lib.vpc_decode_ex(h, raw, flags, ctypes.byref(d))
            cell, w = d.cell, d.ward
        if st != 0 and st != W_OUTSIDE_WARD:
            raise code_error(st, text, raw)
        return Decoded(_convert.cell(cell), _convert.ward(w), st == W_OUTSIDE_WARD)

    def read(self, text, *, scheme=None, check_char=False):
        """Read a code whose postal code may be current or of before 2025, as a
        Reading: the scheme it was read in, its cell, ward, the pre-2025
        commune it names, and the current code of the same place
        (vpc_decode_ex; what `vpostcode decode` prints).

        A number valid in both schemes is read in the one whose cell meets
        the unit it names; AmbiguousSchemeError when both do, in different
        places: pass ``scheme`` then. ``check_char`` adds the check
        character to the current code."""
        flags = scheme_flag(scheme) | (FLAG_CHECK_CHAR if check_char else 0)
        raw = _convert.text_bytes(text)
        d = VpcDecoded()
        with self._use() as h:
            st = lib.vpc_decode_ex(h, raw, flags, ctypes.byref(d))
        if st != 0 and st != W_OUTSIDE_WARD:
            raise code_error(st, text, raw)
        legacy = d.scheme == 2
        return Reading(_convert.cell(d.cell), Scheme.LEGACY if legacy else Scheme.CURRENT,
                       _convert.ward(d.ward),
                       _convert.legacy_unit(d.legacy) if legacy else None,
                       _convert.code(d.current) if d.current.postal else None,
                       st == W_OUTSIDE_WARD)

    def convert(self, text, *, scheme=None, check_char=False):
        """The current Code of the place a code names, current or of before 2025
        (unchanged when current already). NotFoundError VPC_E_NO_WARD when
        the place is in no ward today; other errors as read()."""
        flags = scheme_flag(scheme) | (FLAG_CHECK_CHAR if check_char else 0)
        raw = _convert.text_bytes(text)
        c = VpcCode()
        with self._use() as h:
            st = lib.vpc_convert(h, raw, flags, ctypes.byref(c))
        if st != 0 and st != W_OUTSIDE_WARD:
            raise code_error(st, text, raw)
        return _convert.code(c)

    # ---- before 2025 -----------------------------------------------------

    def legacy_by_postal_code(self, postal_code):
        """The pre-2025 commune with this postal code and the current wards it
        became, as a LegacyCommune. NoLegacyDataError without the pre-2025
        tables; NotFoundError VPC_E_UNKNOWN_LEGACY_CODE."""
        raw = _convert.gso_text(postal_code, "postal_code", example="11006")
        unit, count = VpcLegacyUnit(), ctypes.c_size_t(0)
        size = 16
        while True:
            codes = ((ctypes.c_char * 6) * size)()
            with self._use() as h:
                st = lib.vpc_legacy_by_postal_code(h, raw, ctypes.byref(unit), codes, size,
                                                   ctypes.byref(count))
            if st == _BUFFER_TOO_SMALL and count.value > size:
                size = count.value
                continue
            check(st, detail=repr(postal_code))
            break
        wards = tuple(self.ward_by_code(codes[k].value.decode("ascii"))
                      for k in range(count.value))
        return LegacyCommune(_convert.legacy_unit(unit), wards)

    def legacy_lookup(self, lat, lon):
        """The pre-2025 communes a point may have lain in, as a tuple of
        LegacyUnit (see vpc_legacy_lookup). NoLegacyDataError without the
        pre-2025 tables; other errors as lookup()."""
        lat, lon = _convert.coordinate(lat, "lat"), _convert.coordinate(lon, "lon")
        size = 32
        while True:
            units, count = (VpcLegacyUnit * size)(), ctypes.c_size_t(0)
            with self._use() as h:
                st = lib.vpc_legacy_lookup(h, lat, lon, units, size, ctypes.byref(count))
            if st == _BUFFER_TOO_SMALL and count.value > size:
                size = count.value
                continue
            check(st, detail=f"({lat!r}, {lon!r})")
            return tuple(_convert.legacy_unit(units[k]) for k in range(count.value))

    # ---- batches ---------------------------------------------------------

    # ---- addresses ---------------------------------------------------------

    @property
    def has_lexicon(self):
        """0: no address lexicon; 1: the current units; 2: also the pre-2025 ones."""
        with self._use() as h:
            return int(lib.vpc_has_lexicon(h))

    def parse_address(self, text, lat=None, lon=None, *, code=None, scheme=None, default=False):
        """Read Vietnamese address text into its current ward (an Address).

        Both the current two-tier form and the pre-2025 three-tier form are
        read, with or without diacritics, abbreviated, in English, with any
        separators. ``lat``/``lon`` (or ``code``, a Vpostcode, decoded to its
        cell's centre) is a point known to lie at the address: it chooses
        between candidates, e.g. the wards a pre-2025 commune was divided
        between. ``scheme`` ("current" or "legacy") reads the text in one
        form only; ``default=True`` answers a divided commune with a default
        ward (status "VPC_W_ADDRESS_DEFAULT", ``defaulted``). Statuses and
        exceptions: see the module vpostcode.address."""
        if code is not None:
            if lat is not None or lon is not None:
                raise TypeError("give code, or lat and lon, not both")
            cell = self.decode(code).cell
            lat, lon = cell.lat, cell.lon
        with self._use() as h:
            return _address.parse_address(h, text, lat, lon, scheme, default)

    def address_many(self, texts, lats=None, lons=None, *, scheme=None, default=False):
        """parse_address for many texts in one call (vpc_address_batch): a
        list of Address, one per text, each with its status; never raises for
        an item (None gives "VPC_E_NULL_ARGUMENT"). ``lats``/``lons``: points,
        NaN or None where there is none."""
        with self._use() as h:
            return _address.address_many(h, texts, lats, lons, scheme, default)

    def search_wards(self, query, province=None, *, limit=10, ascii=False):
        """Current wards and provinces ranked by name for ``query`` (prefix,
        any word order, diacritics optional, small typos): a list of
        SearchHit, best first. ``province`` ("01") keeps one province's
        wards; ``ascii`` gives names without diacritics."""
        with self._use() as h:
            return _address.search_wards(h, query, province, limit, ascii)

    def lookup_many(self, lats, lons, *, errors="raise"):
        """The ward of every point in one library call: a LookupBatch.
        See the vpostcode.batch module for inputs, results and ``errors``."""
        return batch.lookup_many(self, lats, lons, errors=errors)

    def encode_many(self, lats, lons, *, long_form=False, check_char=False, errors="raise"):
        """The code of every point in one library call: an EncodeBatch whose
        ``codes`` are canonical. See the vpostcode.batch module."""
        return batch.encode_many(self, lats, lons, long_form=long_form, check_char=check_char,
                                 errors=errors)

    def decode_many(self, codes, *, scheme=None, errors="raise"):
        """Decode every code in one library call: a DecodeBatch, item by item
        what decode() gives. See the vpostcode.batch module."""
        return batch.decode_many(self, codes, scheme=scheme, errors=errors)
