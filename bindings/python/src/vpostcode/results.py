"""The results of the library's functions, as frozen dataclasses."""
import enum
from dataclasses import dataclass
from typing import Optional, Tuple


class UnitType(enum.IntEnum):
    """Unit types of the ward level since 1 July 2025 (VPC_UNIT_*)."""

    WARD = 1          # phường
    COMMUNE = 2       # xã
    SPECIAL_ZONE = 3  # đặc khu


class Scheme(str, enum.Enum):
    """Which postal codes a code's number is read as (VPC_SCHEME_*)."""

    CURRENT = "current"  # Decision 2334/QĐ-BKHCN, since 1 July 2025
    LEGACY = "legacy"    # the communes' postal codes before 1 July 2025


@dataclass(frozen=True)
class Cell:
    """An Open Location Code cell: south-west corner inclusive, north-east
    corner exclusive, its centre, and the number of digits it was decoded from."""

    south: float
    west: float
    north: float
    east: float
    lat: float
    lon: float
    length: int

    def contains(self, lat, lon):
        """True if the point is in the cell (south and west edges included)."""
        return self.south <= lat < self.north and self.west <= lon < self.east


@dataclass(frozen=True)
class Province:
    """A province (tỉnh) or centrally-run city (thành phố)."""

    code: str                          # GSO code, "01"
    name: str                          # "Thành phố Hà Nội"
    name_ascii: str                    # "Thanh pho Ha Noi"
    postal_prefixes: Tuple[str, ...]   # ("10", "11", "12", "13", "14")


@dataclass(frozen=True)
class Ward:
    """A ward, commune or special zone, with its province."""

    code: str            # GSO code, "00070"
    postal_code: str     # "11024"
    name: str            # "Phường Hoàn Kiếm"
    name_ascii: str      # "Phuong Hoan Kiem"
    unit_type: UnitType
    long_form: bool      # its codes use the 16-character long form
    ref_lat: float       # reference point for recovering standard-form codes
    ref_lon: float
    south: float         # bounding box
    west: float
    north: float
    east: float
    province: Province

    @property
    def ref_point(self):
        """(ref_lat, ref_lon)."""
        return (self.ref_lat, self.ref_lon)

    @property
    def bbox(self):
        """(south, west, north, east)."""
        return (self.south, self.west, self.north, self.east)


@dataclass(frozen=True)
class Code:
    """A Vpostcode and its parts, in canonical (upper-case) form."""

    text: str                 # canonical: "110242RHXFJJ", with the check character if any
    display: str              # "11024 2RHX+FJJ", "11024 2RHX+FJJ-2"
    postal_code: str          # "11024"
    location: str             # "2RHXFJJ", or 11 OLC digits in the long form
    check: Optional[str]      # the check character, None when the code has none
    long_form: bool

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class Encoded:
    """A point's code and the ward it is in.

    In nearest-ward mode (``Database.encode(..., nearest=metres)``) a point
    in no ward may get the nearest ward within that distance: then
    ``nearest_ward`` is true (the library's warning VPC_W_NEAREST_WARD) and
    ``distance_m`` is the distance in metres from the point to the ward's
    boundary; the code's cell lies outside its ward, so the code decodes
    with ``outside_ward``. Otherwise ``nearest_ward`` is false and
    ``distance_m`` 0.0."""

    code: Code
    ward: Ward
    distance_m: float = 0.0
    nearest_ward: bool = False

    @property
    def status_name(self):
        """"ok", or "VPC_W_NEAREST_WARD" for the warning."""
        return "VPC_W_NEAREST_WARD" if self.nearest_ward else "ok"

    @property
    def text(self):
        """The canonical code."""
        return self.code.text

    @property
    def display(self):
        """The display form."""
        return self.code.display


@dataclass(frozen=True)
class Located:
    """``Database.lookup(lat, lon, nearest=metres)``'s result: the ward, the
    distance in metres from the point to it (0.0 for a point in the ward),
    and ``nearest_ward``, true when the point is in no ward and the nearest
    ward within ``metres`` was taken (the warning VPC_W_NEAREST_WARD)."""

    ward: Ward
    distance_m: float
    nearest_ward: bool

    @property
    def status_name(self):
        """"ok", or "VPC_W_NEAREST_WARD" for the warning."""
        return "VPC_W_NEAREST_WARD" if self.nearest_ward else "ok"


@dataclass(frozen=True)
class Decoded:
    """A code's cell and the ward its postal code names.

    ``outside_ward`` is the library's warning VPC_W_OUTSIDE_WARD: the cell
    does not meet that ward at all (a code made for another ward, or
    mistyped). For a code of before 2025, ``ward`` is the ward holding the
    cell today."""

    cell: Cell
    ward: Ward
    outside_ward: bool

    @property
    def status_name(self):
        """"ok", or "VPC_W_OUTSIDE_WARD" for the warning."""
        return "VPC_W_OUTSIDE_WARD" if self.outside_ward else "ok"


@dataclass(frozen=True)
class LegacyUnit:
    """A commune of before 1 July 2025, with its district and province."""

    postal_code: str      # "" if it had none
    commune_code: str
    commune_name: str
    district_code: str
    district_name: str
    province_code: str
    province_name: str


@dataclass(frozen=True)
class Reading:
    """A code read as a current or a pre-2025 code (vpc_decode_ex).

    ``ward``: current reading, the ward the code names; pre-2025 reading,
    the current ward holding the cell's centre. ``legacy``: the commune a
    pre-2025 code names (None for a current reading). ``current``: the
    current code of the cell's centre (None when it lies in no ward today).
    """

    cell: Cell
    scheme: Scheme
    ward: Ward
    legacy: Optional[LegacyUnit]
    current: Optional[Code]
    outside_ward: bool


@dataclass(frozen=True)
class LegacyCommune:
    """A pre-2025 commune found by its postal code, and the current wards it became."""

    unit: LegacyUnit
    wards: Tuple[Ward, ...]


@dataclass(frozen=True)
class Tile:
    """A web-map (XYZ) tile."""

    z: int
    x: int
    y: int
