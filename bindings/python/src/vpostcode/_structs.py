"""The C structs of vpostcode.h, field for field, as ctypes structures.

Each layout must match the header exactly: the library writes whole structs
into memory this module allocates.
"""
import ctypes
from ctypes import c_char, c_double, c_int, c_long

NAME_BUFSIZE = 96
POSTAL_BUFSIZE = 6
LOCATION_BUFSIZE = 12
OLC_BUFSIZE = 17
CODE_BUFSIZE = 24
CODE_MAX_LEN = 17


class VpcCell(ctypes.Structure):
    _fields_ = [
        ("south", c_double),
        ("west", c_double),
        ("north", c_double),
        ("east", c_double),
        ("lat", c_double),
        ("lon", c_double),
        ("length", c_int),
    ]


class VpcCode(ctypes.Structure):
    _fields_ = [
        ("postal", c_char * POSTAL_BUFSIZE),
        ("location", c_char * LOCATION_BUFSIZE),
        ("check", c_char),
        ("form", c_int),
    ]


class VpcProvince(ctypes.Structure):
    _fields_ = [
        ("code", c_char * 3),
        ("name", c_char * NAME_BUFSIZE),
        ("name_ascii", c_char * NAME_BUFSIZE),
        ("postal_prefixes", c_char * 24),
    ]


class VpcWard(ctypes.Structure):
    _fields_ = [
        ("code", c_char * 6),
        ("postal_code", c_char * 6),
        ("name", c_char * NAME_BUFSIZE),
        ("name_ascii", c_char * NAME_BUFSIZE),
        ("unit_type", c_int),
        ("long_form", c_int),
        ("ref_lat", c_double),
        ("ref_lon", c_double),
        ("south", c_double),
        ("west", c_double),
        ("north", c_double),
        ("east", c_double),
        ("province", VpcProvince),
    ]


class VpcLegacyUnit(ctypes.Structure):
    _fields_ = [
        ("postal_code", c_char * 6),
        ("commune_code", c_char * 6),
        ("commune_name", c_char * NAME_BUFSIZE),
        ("district_code", c_char * 4),
        ("district_name", c_char * NAME_BUFSIZE),
        ("province_code", c_char * 3),
        ("province_name", c_char * NAME_BUFSIZE),
    ]


class VpcDecoded(ctypes.Structure):
    _fields_ = [
        ("cell", VpcCell),
        ("scheme", c_int),
        ("ward", VpcWard),
        ("legacy", VpcLegacyUnit),
        ("current", VpcCode),
    ]


class VpcTile(ctypes.Structure):
    _fields_ = [("z", c_int), ("x", c_long), ("y", c_long)]


ADDRESS_MAX_BYTES = 4096
ADDRESS_MAX_CANDIDATES = 32


class VpcSpan(ctypes.Structure):
    _fields_ = [("start", c_int), ("end", c_int)]


class VpcAddress(ctypes.Structure):
    _fields_ = [
        ("scheme", c_int),
        ("ward", VpcWard),
        ("province", VpcProvince),
        ("legacy", VpcLegacyUnit),
        ("split", c_int),
        ("defaulted", c_int),
        ("point_used", c_int),
        ("point_conflict", c_int),
        ("score", c_double),
        ("ward_span", VpcSpan),
        ("district_span", VpcSpan),
        ("province_span", VpcSpan),
        ("street_span", VpcSpan),
        ("point_span", VpcSpan),
        ("candidate_count", ctypes.c_size_t),
        ("candidates", (c_char * 6) * ADDRESS_MAX_CANDIDATES),
    ]


class VpcSearchHit(ctypes.Structure):
    _fields_ = [
        ("kind", c_int),
        ("code", c_char * 6),
        ("postal_code", c_char * 6),
        ("name", c_char * NAME_BUFSIZE),
        ("province_code", c_char * 3),
        ("province_name", c_char * NAME_BUFSIZE),
        ("matched", c_char * NAME_BUFSIZE),
        ("score", c_double),
    ]
