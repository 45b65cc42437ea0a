"""Finding libvpostcode, checking its version and declaring its functions.

The shared library is looked for, in this order, at the path in the
environment variable VPOSTCODE_LIBRARY, under the name the system's
ctypes.util.find_library("vpostcode") gives, and as "libvpostcode.so.0"
for the dynamic linker's own search (LD_LIBRARY_PATH, the ld.so cache).
"""
import ctypes
import ctypes.util
import os
from ctypes import POINTER, c_char, c_char_p, c_double, c_int, c_size_t, c_uint, c_void_p

from ._structs import (VpcAddress, VpcCell, VpcCode, VpcDecoded, VpcLegacyUnit, VpcProvince,
                       VpcSearchHit, VpcTile, VpcWard)
from ._version import VERSION

LIBRARY_ENV = "VPOSTCODE_LIBRARY"
SONAME = "libvpostcode.so.0"

_status = c_int
_db = c_void_p
_size_p = POINTER(c_size_t)

# name: (restype, argtypes), as declared in vpostcode.h.
PROTOTYPES = {
    "vpc_version": (c_char_p, []),
    "vpc_version_number": (c_int, []),
    "vpc_is_warning": (c_int, [c_int]),
    "vpc_strerror": (c_char_p, [c_int]),
    "vpc_status_name": (c_char_p, [c_int]),
    "vpc_olc_encode": (_status, [c_double, c_double, c_int, c_char_p, c_size_t]),
    "vpc_olc_decode": (_status, [c_char_p, POINTER(VpcCell)]),
    "vpc_olc_is_valid": (c_int, [c_char_p]),
    "vpc_olc_is_short": (c_int, [c_char_p]),
    "vpc_olc_is_full": (c_int, [c_char_p]),
    "vpc_olc_shorten": (_status, [c_char_p, c_double, c_double, c_char_p, c_size_t]),
    "vpc_olc_recover": (_status, [c_char_p, c_double, c_double, c_char_p, c_size_t]),
    "vpc_code_parse": (_status, [c_char_p, POINTER(VpcCode), _size_p]),
    "vpc_code_format": (_status, [POINTER(VpcCode), c_uint, c_char_p, c_size_t]),
    "vpc_code_normalize": (_status, [c_char_p, c_uint, c_char_p, c_size_t, _size_p]),
    "vpc_code_check_char": (_status, [POINTER(VpcCode), c_char_p]),
    "vpc_code_make": (_status, [c_char_p, c_double, c_double, c_double, c_double, c_uint,
                                POINTER(VpcCode)]),
    "vpc_code_olc": (_status, [POINTER(VpcCode), c_double, c_double, c_char_p, c_size_t]),
    "vpc_code_locate": (_status, [POINTER(VpcCode), c_double, c_double, POINTER(VpcCell)]),
    "vpc_cell_tiles": (_status, [POINTER(VpcCell), c_int, POINTER(VpcTile), c_size_t, _size_p]),
    "vpc_cell_geojson": (_status, [POINTER(VpcCell), c_char_p, c_size_t, _size_p]),
    "vpc_default_db_path": (c_char_p, []),
    "vpc_open": (_status, [c_char_p, POINTER(c_void_p)]),
    "vpc_close": (None, [_db]),
    "vpc_db_path": (c_char_p, [_db]),
    "vpc_db_metadata_count": (c_size_t, [_db]),
    "vpc_db_metadata": (_status, [_db, c_size_t, POINTER(c_char_p), POINTER(c_char_p)]),
    "vpc_province_count": (c_size_t, [_db]),
    "vpc_province_at": (_status, [_db, c_size_t, POINTER(VpcProvince)]),
    "vpc_province_by_code": (_status, [_db, c_char_p, POINTER(VpcProvince)]),
    "vpc_province_geojson": (_status, [_db, c_char_p, c_char_p, c_size_t, _size_p]),
    "vpc_lookup_nearest": (_status, [_db, c_double, c_double, c_double, POINTER(VpcWard),
                                     POINTER(c_double)]),
    "vpc_encode_nearest": (_status, [_db, c_double, c_double, c_double, c_uint,
                                     POINTER(VpcCode), POINTER(VpcWard), POINTER(c_double)]),
    "vpc_ward_count": (c_size_t, [_db]),
    "vpc_ward_at": (_status, [_db, c_size_t, POINTER(VpcWard)]),
    "vpc_ward_by_code": (_status, [_db, c_char_p, POINTER(VpcWard)]),
    "vpc_ward_by_postal_code": (_status, [_db, c_char_p, POINTER(VpcWard)]),
    "vpc_lookup": (_status, [_db, c_double, c_double, POINTER(VpcWard)]),
    "vpc_encode": (_status, [_db, c_double, c_double, c_uint, POINTER(VpcCode), POINTER(VpcWard)]),
    "vpc_decode": (_status, [_db, c_char_p, POINTER(VpcCell), POINTER(VpcWard)]),
    "vpc_ward_geojson": (_status, [_db, c_char_p, c_char_p, c_size_t, _size_p]),
    "vpc_lookup_batch": (_status, [_db, c_size_t, c_void_p, c_void_p, c_void_p, c_void_p]),
    "vpc_encode_batch": (_status, [_db, c_size_t, c_void_p, c_void_p, c_uint, c_void_p,
                                   c_void_p, c_void_p]),
    "vpc_decode_batch": (_status, [_db, c_size_t, c_void_p, c_uint, c_void_p, c_void_p,
                                   c_void_p]),
    "vpc_has_legacy": (c_int, [_db]),
    "vpc_decode_ex": (_status, [_db, c_char_p, c_uint, POINTER(VpcDecoded)]),
    "vpc_convert": (_status, [_db, c_char_p, c_uint, POINTER(VpcCode)]),
    "vpc_legacy_by_postal_code": (_status, [_db, c_char_p, POINTER(VpcLegacyUnit),
                                            POINTER(c_char * 6), c_size_t, _size_p]),
    "vpc_legacy_lookup": (_status, [_db, c_double, c_double, POINTER(VpcLegacyUnit), c_size_t,
                                    _size_p]),
    "vpc_has_lexicon": (c_int, [_db]),
    "vpc_address_parse": (_status, [_db, c_char_p, c_uint, POINTER(VpcAddress), _size_p]),
    "vpc_address_parse_at": (_status, [_db, c_char_p, c_double, c_double, c_uint,
                                       POINTER(VpcAddress), _size_p]),
    "vpc_address_format": (_status, [POINTER(VpcAddress), c_char_p, c_uint, c_char_p, c_size_t]),
    "vpc_address_batch": (_status, [_db, c_size_t, c_void_p, c_void_p, c_void_p, c_uint,
                                    c_void_p, c_void_p]),
    "vpc_ward_search": (_status, [_db, c_char_p, c_char_p, c_uint, POINTER(VpcSearchHit),
                                  c_size_t, _size_p]),
}


def _open_library():
    """Load the library as the module docstring says; ImportError if it cannot be."""
    explicit = os.environ.get(LIBRARY_ENV, "")
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as e:
            raise ImportError(
                f"vpostcode: cannot load the library named by {LIBRARY_ENV}={explicit!r}: {e}"
            ) from e
    tried = []
    for name in (ctypes.util.find_library("vpostcode"), SONAME):
        if not name or name in tried:
            continue
        tried.append(name)
        try:
            return ctypes.CDLL(name), name
        except OSError:
            continue
    raise ImportError(
        "vpostcode: libvpostcode was not found (tried "
        + ", ".join(repr(t) for t in tried)
        + f"); install the C library, or set {LIBRARY_ENV} to the path of libvpostcode.so.0"
    )


def _declare(lib, where):
    for name, (restype, argtypes) in PROTOTYPES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise ImportError(
                f"vpostcode: the library {where!r} has no function {name}: it is older than "
                f"this binding ({VERSION}) needs"
            ) from None
        fn.restype = restype
        fn.argtypes = argtypes


def _check_version(lib, where):
    number = lib.vpc_version_number()
    major, minor, patch = (int(p) for p in VERSION.split("."))
    have = (number // 1000000, number // 1000 % 1000, number % 1000)
    if have[0] != major or have[:2] < (major, minor):
        raise ImportError(
            f"vpostcode: the library {where!r} is version {'.'.join(map(str, have))}; this "
            f"binding ({VERSION}) needs {major}.{minor} or a later {major}.x"
        )


lib, path = _open_library()
_declare(lib, path)
_check_version(lib, path)
