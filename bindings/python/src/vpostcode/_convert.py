"""From the C structs to the result dataclasses, and Python text to C text."""
import ctypes
import math

from ._library import lib
from ._structs import CODE_BUFSIZE
from .errors import check
from .results import Cell, Code, LegacyUnit, Province, UnitType, Ward

FLAG_LONG_FORM = 0x01
FLAG_CHECK_CHAR = 0x02
FLAG_NO_CHECK_CHAR = 0x04
FLAG_DISPLAY = 0x08
FLAG_SCHEME_CURRENT = 0x10
FLAG_SCHEME_LEGACY = 0x20


def scheme_flag(scheme):
    """The VPC_FLAG_SCHEME_* bit for None, "current" or "legacy"."""
    from .errors import InvalidArgumentError
    from .results import Scheme
    if scheme is None:
        return 0
    try:
        scheme = Scheme(scheme)
    except ValueError:
        raise InvalidArgumentError(
            2, detail=f"scheme must be None, 'current' or 'legacy', not {scheme!r}") from None
    return FLAG_SCHEME_CURRENT if scheme is Scheme.CURRENT else FLAG_SCHEME_LEGACY


def _s(raw):
    return raw.decode("utf-8")


def cell(c):
    return Cell(c.south, c.west, c.north, c.east, c.lat, c.lon, c.length)


def province(p):
    return Province(_s(p.code), _s(p.name), _s(p.name_ascii), tuple(_s(p.postal_prefixes).split()))


def ward(w):
    return Ward(_s(w.code), _s(w.postal_code), _s(w.name), _s(w.name_ascii),
                UnitType(w.unit_type), bool(w.long_form), w.ref_lat, w.ref_lon,
                w.south, w.west, w.north, w.east, province(w.province))


def legacy_unit(u):
    return LegacyUnit(_s(u.postal_code), _s(u.commune_code), _s(u.commune_name),
                      _s(u.district_code), _s(u.district_name), _s(u.province_code),
                      _s(u.province_name))


def format_code(c, flags):
    buf = ctypes.create_string_buffer(CODE_BUFSIZE)
    check(lib.vpc_code_format(ctypes.byref(c), flags, buf, CODE_BUFSIZE))
    return buf.value.decode("ascii")


def code(c):
    return Code(format_code(c, 0), format_code(c, FLAG_DISPLAY), _s(c.postal), _s(c.location),
                c.check.decode("ascii") if c.check != b"\0" else None, c.form == 1)


def coordinate(value, what):
    """A coordinate as a float; TypeError for anything that is not a real number."""
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{what} must be a number, not {type(value).__name__}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a number, not {type(value).__name__}") from None


def text_bytes(text, what="code"):
    """Text for the library as UTF-8 bytes; None stays None (NULL).

    A NUL character would end the C string early; it is passed as the byte
    0xFF, which the library rejects as a bad character at that place."""
    if text is None:
        return None
    if isinstance(text, str):
        raw = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, (bytes, bytearray)):
        raw = bytes(text)
    else:
        raise TypeError(f"{what} must be a str, not {type(text).__name__}")
    return raw.replace(b"\0", b"\xff") if b"\0" in raw else raw


def char_offset(text, byte_position):
    """The 0-based index into the str ``text`` of the character holding byte
    ``byte_position`` of its UTF-8 form (as text_bytes makes it: a NUL is one
    byte there too); len(text) for the end of the text."""
    n = 0
    for i, ch in enumerate(text):
        n += len(ch.encode("utf-8", "surrogatepass"))
        if byte_position < n:
            return i
    return len(text)


def gso_text(value, what, digits=5, example="00070"):
    """A GSO code (5 digits for a ward, 2 for a province) or postal code as
    text; an int is refused (its leading zeros are lost), never padded."""
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        kind = {"gso_code": "a GSO code", "postal_code": "a postal code",
                "province": "a province's GSO code"}.get(what, what)
        raise TypeError(f"{what} must be text, not {type(value).__name__} {value!r}: "
                        f"{kind} is text of {digits} digits, e.g. '{example}' "
                        f"(leading zeros are part of it; it is never padded)")
    return text_bytes(value, what)


def is_missing(value):
    """None, a float NaN, or pandas' NA: an absent code in a batch."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")
