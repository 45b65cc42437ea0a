"""Vpostcodes as text, without a database: reading typed input, canonical and
display forms, the check character, making a code from a reference point."""
import ctypes

from . import _convert
from ._convert import FLAG_CHECK_CHAR, FLAG_DISPLAY, FLAG_LONG_FORM, FLAG_NO_CHECK_CHAR
from ._library import lib
from ._structs import CODE_BUFSIZE, OLC_BUFSIZE, VpcCell, VpcCode
from .errors import check, make_error


def _shown(text, limit=40):
    shown = text if len(text) <= limit else text[:limit] + "..."
    return repr(shown)


def parse_error(status, text, raw, byte_position, index=None):
    """The exception for a status of parsing ``text`` (its bytes ``raw``)."""
    offset = byte_position
    if isinstance(text, str):
        offset = _convert.char_offset(text, byte_position)
    return make_error(status, offset=offset, byte_position=byte_position, index=index,
                      detail=_shown(text) if isinstance(text, str) else None)


_PARSE_STATUSES = frozenset((11, 12, 13, 14, 15))  # VPC_E_EMPTY .. VPC_E_LOCATION_RANGE


def code_error(status, text, raw, index=None):
    """The exception for a status of a call that read ``text`` (bytes ``raw``);
    a parse error gets its position, from the parser itself."""
    if status in _PARSE_STATUSES and raw is not None:
        c, pos = VpcCode(), ctypes.c_size_t(0)
        if lib.vpc_code_parse(raw, ctypes.byref(c), ctypes.byref(pos)) == status:
            return parse_error(status, text, raw, pos.value, index=index)
    return make_error(status, index=index, detail=_shown(text) if isinstance(text, str) else None)


def parse_raw(text):
    """Parse typed text into a VpcCode; CodeFormatError with the position on failure."""
    raw = _convert.text_bytes(text)
    if raw is None:
        raise TypeError("code must be a str, not None")
    c = VpcCode()
    pos = ctypes.c_size_t(0)
    st = lib.vpc_code_parse(raw, ctypes.byref(c), ctypes.byref(pos))
    if st != 0:
        raise parse_error(st, text, raw, pos.value)
    return c


def parse(text):
    """Read a code as a person typed it: any case, with spaces, tabs, '-', '.'
    and '+' anywhere. A check character, if present, must match.

    Returns a Code. Raises CodeFormatError (VPC_E_EMPTY, VPC_E_BAD_CHARACTER,
    VPC_E_CODE_LENGTH, VPC_E_LOCATION_RANGE, VPC_E_CHECK_CHARACTER) whose
    ``position`` (1-based, in characters) and ``offset`` (0-based index into
    the str) say where the text went wrong."""
    return _convert.code(parse_raw(text))


def is_valid(text):
    """True if ``text`` reads as a well-formed code (its postal code is not
    looked up: use Database.ward_by_postal_code for that)."""
    try:
        parse_raw(text)
    except (ValueError, TypeError):
        return False
    return True


def normalize(text, *, display=False, check_char=None):
    """The canonical form of typed text ("110242RHXFJJ"), or its display form
    ("11024 2RHX+FJJ") with ``display=True``.

    ``check_char``: None keeps the check character if the text has one, True
    adds it, False leaves it out. Errors as parse()."""
    raw = _convert.text_bytes(text)
    if raw is None:
        raise TypeError("code must be a str, not None")
    flags = FLAG_DISPLAY if display else 0
    if check_char is True:
        flags |= FLAG_CHECK_CHAR
    elif check_char is False:
        flags |= FLAG_NO_CHECK_CHAR
    buf = ctypes.create_string_buffer(CODE_BUFSIZE)
    pos = ctypes.c_size_t(0)
    st = lib.vpc_code_normalize(raw, flags, buf, CODE_BUFSIZE, ctypes.byref(pos))
    if st != 0:
        raise parse_error(st, text, raw, pos.value)
    return buf.value.decode("ascii")


def check_char(text):
    """The check character of a code (one with a check character must already match)."""
    c = parse_raw(text)
    out = ctypes.c_char(b"\0")
    check(lib.vpc_code_check_char(ctypes.byref(c), ctypes.byref(out)))
    return out.value.decode("ascii")


def make_code(postal_code, lat, lon, ref_lat, ref_lon, *, long_form=False, check_char=False):
    """The code of (lat, lon) in the unit with this postal code and reference
    point, without a database (Database.encode finds the ward itself).

    Raises CodeFormatError VPC_E_NEEDS_LONG_FORM when the standard form
    would not recover the point (never a code that decodes elsewhere),
    VPC_E_POSTAL_CODE for a postal code that is not 5 digits, and
    CoordinateError for NaN, infinite or out-of-range coordinates."""
    flags = (FLAG_LONG_FORM if long_form else 0) | (FLAG_CHECK_CHAR if check_char else 0)
    raw = _convert.text_bytes(postal_code, "postal_code")
    if raw is None:
        raise TypeError("postal_code must be a str, not None")
    c = VpcCode()
    check(lib.vpc_code_make(raw, _convert.coordinate(lat, "lat"), _convert.coordinate(lon, "lon"),
                            _convert.coordinate(ref_lat, "ref_lat"),
                            _convert.coordinate(ref_lon, "ref_lon"), flags, ctypes.byref(c)),
          detail=repr(postal_code))
    return _convert.code(c)


def code_olc(text, ref_lat, ref_lon):
    """The full 11-digit Open Location Code of a code's location ("7PH72RHX+FJJ"),
    a standard-form location recovered from the reference point."""
    c = parse_raw(text)
    buf = ctypes.create_string_buffer(OLC_BUFSIZE)
    check(lib.vpc_code_olc(ctypes.byref(c), _convert.coordinate(ref_lat, "ref_lat"),
                           _convert.coordinate(ref_lon, "ref_lon"), buf, OLC_BUFSIZE))
    return buf.value.decode("ascii")


def locate(text, ref_lat, ref_lon):
    """The Cell of a code's location, recovered from the reference point."""
    c = parse_raw(text)
    out = VpcCell()
    check(lib.vpc_code_locate(ctypes.byref(c), _convert.coordinate(ref_lat, "ref_lat"),
                              _convert.coordinate(ref_lon, "ref_lon"), ctypes.byref(out)))
    return _convert.cell(out)
