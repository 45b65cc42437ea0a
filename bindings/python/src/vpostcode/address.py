"""Addresses as people write them: vpc_address_parse, vpc_address_batch,
vpc_address_format and vpc_ward_search (docs/ADDRESS.md).

``Database.parse_address(text)`` returns an Address whenever the text was
read, even in part: ``status`` says how far (docs/CONVENTIONS.md: "ok", else
the C name). ``ward`` is set for "ok" and for the warning
"VPC_W_ADDRESS_DEFAULT" (a divided pre-2025 commune answered with a default
ward because ``default=True`` was given). For "VPC_E_ADDRESS_AMBIGUOUS" and
"VPC_E_ADDRESS_SPLIT" ``ward`` is None and ``candidates`` lists every ward
the text may mean; for "VPC_E_ADDRESS_INCOMPLETE" only ``province`` is set.
Text that cannot be read at all raises: AddressError (empty, longer than
4,096 bytes, not UTF-8), NotFoundError (VPC_E_ADDRESS_NOT_FOUND: no unit of
Vietnam in it), NoLexiconError. Batch calls never raise for an item: each
Address carries its status.

Spans are ``(start, end)`` offsets into the str given (0-based, end
exclusive: ``text[start:end]``), or None.
"""
import ctypes
import math
from dataclasses import dataclass
from typing import Optional, Tuple

from . import _convert
from ._library import lib
from ._structs import ADDRESS_MAX_CANDIDATES, NAME_BUFSIZE, VpcAddress, VpcSearchHit
from .errors import OK, W_ADDRESS_DEFAULT, check, make_error, status_name, status_text
from .results import LegacyUnit, Province, Scheme, Ward

FLAG_ASCII = 0x40
FLAG_ADDRESS_DEFAULT = 0x80

# The statuses with which the text was read, in part: an Address, no exception.
_READ = ("VPC_E_ADDRESS_AMBIGUOUS", "VPC_E_ADDRESS_SPLIT", "VPC_E_ADDRESS_INCOMPLETE")


@dataclass(frozen=True)
class Address:
    """An address read by the resolver."""

    text: str                          # the text read
    status: str                        # "ok", "VPC_W_ADDRESS_DEFAULT", or a C status name
    ward: Optional[Ward]               # the current ward, None when not decided
    province: Optional[Province]       # the current province, None when none was read
    scheme: Optional[Scheme]           # the form the text was read in
    legacy: Optional[LegacyUnit]       # the pre-2025 units named (pre-2025 form)
    split: bool                        # a pre-2025 commune now divided between wards
    defaulted: bool                    # ward is a default among them (default=True)
    point_used: bool                   # a point decided between the candidates
    point_conflict: bool               # the point lies in none of the candidates
    score: float                       # confidence in [0, 1], not a probability
    candidates: Tuple[str, ...]        # GSO codes of the wards the text may mean, best first
    candidate_count: int               # may exceed len(candidates) (at most 32 are listed)
    ward_span: Optional[Tuple[int, int]]
    district_span: Optional[Tuple[int, int]]
    province_span: Optional[Tuple[int, int]]
    street_span: Optional[Tuple[int, int]]
    point_span: Optional[Tuple[int, int]]
    formatted: Optional[str]           # "40 Nhà Chung, Phường Hoàn Kiếm, Thành phố Hà Nội"
    formatted_ascii: Optional[str]     # the same without diacritics

    @property
    def ok(self):
        """True when a ward was decided (also for the default warning)."""
        return self.ward is not None

    @property
    def street(self):
        """The street part of the text (house, street, hamlet), "" if none."""
        if self.street_span is None:
            return ""
        return self.text[self.street_span[0]:self.street_span[1]]


@dataclass(frozen=True)
class SearchHit:
    """A ward or province found by vpc_ward_search."""

    kind: str                  # "ward" or "province"
    code: str                  # GSO code
    postal_code: str           # the ward's, "" for a province
    name: str
    province_code: str
    province_name: str
    matched: str               # the former name that matched, "" for the current one
    score: float


def _flags(scheme, default):
    return _convert.scheme_flag(scheme) | (FLAG_ADDRESS_DEFAULT if default else 0)


def _span(text, raw, span):
    if span.start < 0:
        return None
    return (_convert.char_offset(text, span.start), _convert.char_offset(text, span.end))


def _format(a, raw, flags):
    buf = ctypes.create_string_buffer(2 * 4096 + 2 * NAME_BUFSIZE)
    st = lib.vpc_address_format(ctypes.byref(a), raw, flags, buf, len(buf))
    return buf.value.decode("utf-8") if st == OK else None


def _address(text, raw, a, st):
    """An Address from the C result of status st."""
    has_ward = a.ward.code[:1] != b""
    legacy = None
    if a.legacy.commune_code or a.legacy.district_code or a.legacy.province_code:
        legacy = _convert.legacy_unit(a.legacy)
    n = min(a.candidate_count, ADDRESS_MAX_CANDIDATES)
    return Address(
        text=text,
        status=status_text(st),
        ward=_convert.ward(a.ward) if has_ward else None,
        province=_convert.province(a.province) if a.province.code[:1] != b"" else None,
        scheme={1: Scheme.CURRENT, 2: Scheme.LEGACY}.get(a.scheme),
        legacy=legacy,
        split=bool(a.split),
        defaulted=bool(a.defaulted),
        point_used=bool(a.point_used),
        point_conflict=bool(a.point_conflict),
        score=a.score,
        candidates=tuple(a.candidates[i].value.decode("ascii") for i in range(n)),
        candidate_count=int(a.candidate_count),
        ward_span=_span(text, raw, a.ward_span),
        district_span=_span(text, raw, a.district_span),
        province_span=_span(text, raw, a.province_span),
        street_span=_span(text, raw, a.street_span),
        point_span=_span(text, raw, a.point_span),
        formatted=_format(a, raw, 0) if has_ward else None,
        formatted_ascii=_format(a, raw, FLAG_ASCII) if has_ward else None,
    )


def _text(text):
    if not isinstance(text, str):
        raise TypeError(f"address must be a str, not {type(text).__name__}")
    return text, _convert.text_bytes(text, "address")


def parse_address(handle, text, lat=None, lon=None, scheme=None, default=False):
    """Database.parse_address's work on an open handle."""
    text, raw = _text(text)
    flags = _flags(scheme, default)
    a, pos = VpcAddress(), ctypes.c_size_t(0)
    if (lat is None) != (lon is None):
        raise TypeError("give both lat and lon, or neither")
    if lat is None:
        st = lib.vpc_address_parse(handle, raw, flags, ctypes.byref(a), ctypes.byref(pos))
    else:
        lat = _convert.coordinate(lat, "lat")
        lon = _convert.coordinate(lon, "lon")
        st = lib.vpc_address_parse_at(handle, raw, lat, lon, flags, ctypes.byref(a),
                                      ctypes.byref(pos))
    if st == OK or st == W_ADDRESS_DEFAULT or status_name(st) in _READ:
        return _address(text, raw, a, st)
    if status_name(st) == "VPC_E_ADDRESS_ENCODING":
        raise make_error(st, byte_position=pos.value,
                         offset=_convert.char_offset(text, pos.value), detail=repr(text[:80]))
    check(st, detail=repr(text[:80]))
    raise make_error(st)  # not reached: check raises for every error


def address_many(handle, texts, lats=None, lons=None, scheme=None, default=False):
    """Database.address_many's work: one vpc_address_batch call."""
    texts = list(texts)
    n = len(texts)
    flags = _flags(scheme, default)
    if (lats is None) != (lons is None):
        raise TypeError("give both lats and lons, or neither")
    raws = []
    for t in texts:
        if t is None or (isinstance(t, float) and math.isnan(t)):
            raws.append(None)
        else:
            raws.append(_convert.text_bytes(str(t), "address"))
    arr = (ctypes.c_char_p * max(n, 1))(*raws)
    lat_arr = lon_arr = None
    if lats is not None:
        lats, lons = list(lats), list(lons)
        if len(lats) != n or len(lons) != n:
            raise ValueError("texts, lats and lons must have the same length")
        conv = [float("nan") if v is None else float(v) for v in lats]
        lat_arr = (ctypes.c_double * max(n, 1))(*conv)
        conv = [float("nan") if v is None else float(v) for v in lons]
        lon_arr = (ctypes.c_double * max(n, 1))(*conv)
    out = (VpcAddress * max(n, 1))()
    status = (ctypes.c_int * max(n, 1))()
    check(lib.vpc_address_batch(handle, n, arr, lat_arr, lon_arr, flags, out, status))
    result = []
    for i in range(n):
        text = "" if raws[i] is None else str(texts[i])
        result.append(_address(text, raws[i], out[i], status[i]))
    return result


def search_wards(handle, query, province=None, limit=10, ascii=False):
    """Database.search_wards's work."""
    query, raw = _text(query)
    prov = None if province is None else _convert.gso_text(province, "province", 2, "01")
    if not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be an int >= 0, not {limit!r}")
    hits = (VpcSearchHit * max(limit, 1))()
    count = ctypes.c_size_t(0)
    check(lib.vpc_ward_search(handle, raw, prov, FLAG_ASCII if ascii else 0, hits, limit,
                              ctypes.byref(count)), detail=repr(query[:80]))
    out = []
    for i in range(min(count.value, limit)):
        h = hits[i]
        out.append(SearchHit("ward" if h.kind == 1 else "province", h.code.decode("ascii"),
                             h.postal_code.decode("ascii"), h.name.decode("utf-8"),
                             h.province_code.decode("ascii"), h.province_name.decode("utf-8"),
                             h.matched.decode("utf-8"), h.score))
    return out
