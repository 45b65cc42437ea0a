"""Exceptions: one class per family of vpc_status codes.

Every exception raised for a library status is an instance of Error and
carries the C status as ``.status``, its C name as ``.name``
("VPC_E_NO_WARD") and the library's sentence as ``.message``. Errors in
reading typed text add ``.position`` (the 1-based position of the offending
character, counted in characters of the str given, as an editor shows
columns), ``.offset`` (the same character as a 0-based index into the str:
``text[e.offset]``) and ``.byte_position`` (the 0-based byte offset in the
UTF-8 text that the C library reports); all three are None for other
errors. Errors of a batch item add ``.index``.

The warnings VPC_W_OUTSIDE_WARD, VPC_W_NEAREST_WARD and VPC_W_ADDRESS_DEFAULT
are not exceptions: the result says so (``outside_ward``, ``nearest_ward``,
``defaulted``).

Points in no ward: VPC_E_NO_WARD when some ward lies within 12 nautical
miles (22,224 m) of the point (off the coast, in a gap between wards, just
across a border), VPC_E_OUTSIDE_VIETNAM farther from every ward (abroad,
out at sea). Both are NotFoundError.
"""
from ._library import lib

STATUS_COUNT = 45
OK = 0
W_OUTSIDE_WARD = 29
W_NEAREST_WARD = 33
W_ADDRESS_DEFAULT = 44
DB_NOT_FOUND = 19

# The text written for a status in a status column (rule of docs/CONVENTIONS.md):
# "ok" for success, else the status's C name.
OK_TEXT = "ok"


def status_name(status):
    """The C name of a status ("VPC_E_CHECK_CHARACTER"); "VPC_E_UNKNOWN" if unknown."""
    return lib.vpc_status_name(int(status)).decode("ascii")


def status_text(status):
    """A status as a status column writes it: "ok" for VPC_OK, else its C name."""
    return OK_TEXT if int(status) == OK else status_name(status)


def strerror(status):
    """The library's short sentence for a status."""
    return lib.vpc_strerror(int(status)).decode("utf-8")


def is_warning(status):
    """True for the statuses that are warnings (the call succeeded)."""
    return bool(lib.vpc_is_warning(int(status)))


class Error(Exception):
    """A libvpostcode error status, with its number, name and message."""

    def __init__(self, status, message=None, *, offset=None, byte_position=None,
                 index=None, detail=None):
        self.status = int(status)
        self.name = status_name(status)
        self.message = message if message is not None else strerror(status)
        self.offset = offset
        self.position = None if offset is None else offset + 1
        self.byte_position = byte_position
        self.index = index
        self.detail = detail
        super().__init__(self._text())

    def _text(self):
        text = f"{self.name}: {self.message}"
        if self.position is not None:
            text += f" (at position {self.position})"
        if self.detail:
            text += f": {self.detail}"
        if self.index is not None:
            text += f" [item {self.index}]"
        return text

    def __reduce__(self):
        return (_rebuild, (type(self), self.status, self.message, self.offset,
                           self.byte_position, self.index, self.detail))


def _rebuild(cls, status, message, offset, byte_position, index, detail):
    return cls(status, message, offset=offset, byte_position=byte_position,
               index=index, detail=detail)


class InvalidArgumentError(Error, ValueError):
    """A bad argument: NULL where a value is needed, unknown flags, a buffer too small."""


class DatabaseClosedError(InvalidArgumentError):
    """The Database was used after close() (status VPC_E_NULL_ARGUMENT)."""


class CoordinateError(Error, ValueError):
    """A coordinate that is NaN or infinite, or outside [-90, 90] / [-180, 180]."""


class CodeFormatError(Error, ValueError):
    """Text that is not a well-formed Vpostcode, postal code or Open Location Code,
    a wrong check character, or a point the requested code form cannot hold."""


class NotFoundError(Error, LookupError):
    """Nothing there: a point in no ward (VPC_E_NO_WARD within 12 nautical
    miles of a ward, VPC_E_OUTSIDE_VIETNAM farther), an unknown postal, GSO
    or province code."""


class DatabaseError(Error, OSError):
    """The database file is missing, unreadable, damaged or of another format
    version, or the runtime file next to an SQLite database was built from
    another database (VPC_E_DB_STALE: run make again)."""


class OutOfMemoryError(Error, MemoryError):
    """The library could not allocate memory."""


class CRSError(Error, ValueError):
    """A coordinate reference system is unknown, or a transformation failed."""


class NoLegacyDataError(Error):
    """The database was built without its pre-2025 tables."""


class AmbiguousSchemeError(Error, ValueError):
    """The code reads as a current and as a pre-2025 code, in different places: pick a scheme."""


class AddressError(Error, ValueError):
    """Address text the resolver cannot read at all: empty, longer than 4,096
    bytes, or not UTF-8 (``.byte_position``, ``.offset``)."""


class NoLexiconError(Error):
    """The database was built without the address lexicon."""


# Every status, 1 .. STATUS_COUNT - 1, but the warnings.
FAMILIES = {
    "VPC_E_NULL_ARGUMENT": InvalidArgumentError,
    "VPC_E_INVALID_ARGUMENT": InvalidArgumentError,
    "VPC_E_BUFFER_TOO_SMALL": InvalidArgumentError,
    "VPC_E_NOT_FINITE": CoordinateError,
    "VPC_E_LATITUDE_RANGE": CoordinateError,
    "VPC_E_LONGITUDE_RANGE": CoordinateError,
    "VPC_E_OLC_LENGTH": CodeFormatError,
    "VPC_E_OLC_INVALID": CodeFormatError,
    "VPC_E_OLC_NOT_FULL": CodeFormatError,
    "VPC_E_OLC_PADDED": CodeFormatError,
    "VPC_E_EMPTY": CodeFormatError,
    "VPC_E_BAD_CHARACTER": CodeFormatError,
    "VPC_E_CODE_LENGTH": CodeFormatError,
    "VPC_E_CHECK_CHARACTER": CodeFormatError,
    "VPC_E_LOCATION_RANGE": CodeFormatError,
    "VPC_E_POSTAL_CODE": CodeFormatError,
    "VPC_E_NEEDS_LONG_FORM": CodeFormatError,
    "VPC_E_NO_MEMORY": OutOfMemoryError,
    "VPC_E_DB_NOT_FOUND": DatabaseError,
    "VPC_E_DB_UNREADABLE": DatabaseError,
    "VPC_E_DB_CORRUPT": DatabaseError,
    "VPC_E_DB_SCHEMA": DatabaseError,
    "VPC_E_OUTSIDE_VIETNAM": NotFoundError,
    "VPC_E_NO_WARD": NotFoundError,
    "VPC_E_UNKNOWN_POSTAL_CODE": NotFoundError,
    "VPC_E_UNKNOWN_WARD": NotFoundError,
    "VPC_E_CRS": CRSError,
    "VPC_E_TRANSFORM": CRSError,
    "VPC_E_NO_LEGACY_DATA": NoLegacyDataError,
    "VPC_E_AMBIGUOUS_SCHEME": AmbiguousSchemeError,
    "VPC_E_UNKNOWN_LEGACY_CODE": NotFoundError,
    "VPC_E_UNKNOWN_PROVINCE": NotFoundError,
    "VPC_E_DB_STALE": DatabaseError,
    "VPC_E_ADDRESS_EMPTY": AddressError,
    "VPC_E_ADDRESS_TOO_LONG": AddressError,
    "VPC_E_ADDRESS_ENCODING": AddressError,
    "VPC_E_ADDRESS_NOT_FOUND": NotFoundError,
    "VPC_E_ADDRESS_INCOMPLETE": NotFoundError,
    "VPC_E_ADDRESS_AMBIGUOUS": NotFoundError,
    "VPC_E_ADDRESS_SPLIT": NotFoundError,
    "VPC_E_NO_LEXICON": NoLexiconError,
}

# The warnings: no exception, the result carries a flag.
WARNINGS = ("VPC_W_OUTSIDE_WARD", "VPC_W_NEAREST_WARD", "VPC_W_ADDRESS_DEFAULT")

_BY_STATUS = {}
for _s in range(1, STATUS_COUNT):
    _name = status_name(_s)
    if _name in FAMILIES:
        _BY_STATUS[_s] = FAMILIES[_name]


def error_class(status):
    """The exception class for an error status; None for VPC_OK and the warning.

    A status this binding does not know (a newer library) gives Error itself.
    """
    status = int(status)
    if status == OK or is_warning(status):
        return None
    return _BY_STATUS.get(status, Error)


def make_error(status, **info):
    """The exception instance for an error status (see Error for ``info``)."""
    cls = error_class(status)
    if cls is None:
        raise ValueError(f"{status_name(status)} is not an error")
    return cls(status, **info)


def check(status, **info):
    """Raise the exception of an error status; return the status otherwise."""
    if status != OK and not lib.vpc_is_warning(status):
        raise make_error(status, **info)
    return status
