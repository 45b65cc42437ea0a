"""Open Location Code (plus codes), as the OLC specification defines them."""
import ctypes

from . import _convert
from ._library import lib
from ._structs import OLC_BUFSIZE, VpcCell
from .errors import check


def _olc_bytes(code):
    raw = _convert.text_bytes(code, "code")
    if raw is None:
        raise TypeError("code must be a str, not None")
    return raw


def olc_encode(lat, lon, length=10):
    """The full code of a point with ``length`` digits (2, 4, 6, 8 or 10..15;
    longer gives 15). Latitude is clipped to [-90, 90] and longitude
    normalised, as OLC requires; NaN or infinity raise CoordinateError
    (VPC_E_NOT_FINITE), a bad length CodeFormatError (VPC_E_OLC_LENGTH)."""
    if isinstance(length, bool) or not isinstance(length, int):
        raise TypeError("length must be an int")
    length = max(min(length, 1 << 30), -(1 << 30))
    buf = ctypes.create_string_buffer(OLC_BUFSIZE)
    check(lib.vpc_olc_encode(_convert.coordinate(lat, "lat"), _convert.coordinate(lon, "lon"),
                             length, buf, OLC_BUFSIZE))
    return buf.value.decode("ascii")


def olc_decode(code):
    """The Cell of a full code (any case; digits past the 15th are ignored).
    A short code raises CodeFormatError VPC_E_OLC_NOT_FULL, anything else
    invalid VPC_E_OLC_INVALID."""
    out = VpcCell()
    check(lib.vpc_olc_decode(_olc_bytes(code), ctypes.byref(out)), detail=repr(code)[:60])
    return _convert.cell(out)


def olc_is_valid(code):
    """True for a valid full or short code."""
    return bool(lib.vpc_olc_is_valid(_olc_bytes(code)))


def is_short(code):
    """True for a valid short code (fewer than 8 digits before '+')."""
    return bool(lib.vpc_olc_is_short(_olc_bytes(code)))


def is_full(code):
    """True for a valid full code whose first two digits are on Earth."""
    return bool(lib.vpc_olc_is_full(_olc_bytes(code)))


def olc_shorten(code, ref_lat, ref_lon):
    """Remove 4, 6 or 8 leading digits when the reference point is close enough
    for olc_recover to restore them; otherwise the full code itself."""
    buf = ctypes.create_string_buffer(OLC_BUFSIZE)
    check(lib.vpc_olc_shorten(_olc_bytes(code), _convert.coordinate(ref_lat, "ref_lat"),
                              _convert.coordinate(ref_lon, "ref_lon"), buf, OLC_BUFSIZE),
          detail=repr(code)[:60])
    return buf.value.decode("ascii")


def olc_recover(short_code, ref_lat, ref_lon):
    """The full code nearest the reference point (a full code comes back upper-cased)."""
    buf = ctypes.create_string_buffer(OLC_BUFSIZE)
    check(lib.vpc_olc_recover(_olc_bytes(short_code), _convert.coordinate(ref_lat, "ref_lat"),
                              _convert.coordinate(ref_lon, "ref_lon"), buf, OLC_BUFSIZE),
          detail=repr(short_code)[:60])
    return buf.value.decode("ascii")
