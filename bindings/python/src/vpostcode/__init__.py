"""vpostcode: Vietnam's postal address codes, over the C library libvpostcode.

A Vpostcode is the 5-digit postal code of the ward containing a point and
the point's 7-character location: ``11024 2RHX+FJJ``.

    import vpostcode
    with vpostcode.Database() as db:                 # $VPOSTCODE_DB, else the installed one
        found = db.encode(21.0287, 105.8490)
        print(found.code.display, found.ward.name)   # 11024 2RHX+FJJ Phường Hoàn Kiếm
        print(db.decode("11024 2RHX+FJJ").cell)

The shared library is found through $VPOSTCODE_LIBRARY, else the system's
library search. numpy, pandas and Dask are optional.
"""
from ._library import lib as _lib, path as _library_path
from ._version import VERSION as __version__
from .address import Address, SearchHit
from .batch import Batch, DecodeBatch, EncodeBatch, LookupBatch
from .cells import cell_geojson, cell_tiles
from .codec import check_char, code_olc, is_valid, locate, make_code, normalize, parse
from .database import Database, default_db_path
from .errors import (AddressError, AmbiguousSchemeError, CodeFormatError, CoordinateError, CRSError,
                     DatabaseClosedError, DatabaseError, Error, InvalidArgumentError,
                     NoLegacyDataError, NoLexiconError, NotFoundError, OutOfMemoryError, error_class,
                     is_warning, status_name, status_text, strerror, STATUS_COUNT)
from .frames import (ColumnChoiceWarning, address_frame, decode_frame, decode_frame_meta, encode_frame, encode_frame_meta,
                     lookup_frame, lookup_frame_meta, shared_database)
from .olc import is_full, is_short, olc_decode, olc_encode, olc_is_valid, olc_recover, olc_shorten
from .results import (Cell, Code, Decoded, Encoded, LegacyCommune, LegacyUnit, Located, Province,
                      Reading, Scheme, Tile, UnitType, Ward)


def library_version():
    """The version of the loaded C library, "MAJOR.MINOR.PATCH"."""
    return _lib.vpc_version().decode("ascii")


def library_path():
    """The path or name the C library was loaded from."""
    return _library_path


__all__ = [
    "__version__", "library_version", "library_path", "default_db_path",
    "Database", "shared_database",
    "Address", "SearchHit", "address_frame",
    "Cell", "Code", "Decoded", "Encoded", "LegacyCommune", "LegacyUnit", "Located", "Province",
    "Reading", "Scheme", "Tile", "UnitType", "Ward",
    "Batch", "DecodeBatch", "EncodeBatch", "LookupBatch",
    "normalize", "parse", "is_valid", "check_char", "make_code", "code_olc", "locate",
    "olc_encode", "olc_decode", "olc_is_valid", "is_short", "is_full", "olc_shorten",
    "olc_recover", "cell_tiles", "cell_geojson",
    "encode_frame", "lookup_frame", "decode_frame",
    "encode_frame_meta", "lookup_frame_meta", "decode_frame_meta", "ColumnChoiceWarning",
    "Error", "InvalidArgumentError", "DatabaseClosedError", "CoordinateError",
    "CodeFormatError", "NotFoundError", "DatabaseError", "OutOfMemoryError", "CRSError",
    "NoLegacyDataError", "AmbiguousSchemeError", "AddressError", "NoLexiconError",
    "error_class", "status_name", "status_text", "strerror", "is_warning", "STATUS_COUNT",
]
