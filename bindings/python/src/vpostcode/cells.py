"""A cell on a web map: the XYZ tiles it overlaps and its GeoJSON."""
import ctypes

from ._library import lib
from ._structs import VpcCell, VpcTile
from .errors import check
from .results import Tile

_TILES_MAX = 16
_BUFFER_TOO_SMALL = 3


def _c_cell(cell):
    return VpcCell(cell.south, cell.west, cell.north, cell.east, cell.lat, cell.lon, cell.length)


def cell_tiles(cell, zoom):
    """The tiles at ``zoom`` (0..30) that a Cell overlaps, west to east then
    north to south, as a tuple of Tile."""
    if isinstance(zoom, bool) or not isinstance(zoom, int):
        raise TypeError("zoom must be an int")
    zoom = max(min(zoom, 1 << 30), -(1 << 30))
    c = _c_cell(cell)
    size = _TILES_MAX
    while True:
        tiles = (VpcTile * size)()
        count = ctypes.c_size_t(0)
        st = lib.vpc_cell_tiles(ctypes.byref(c), zoom, tiles, size, ctypes.byref(count))
        if st == _BUFFER_TOO_SMALL and count.value > size:
            size = count.value
            continue
        check(st)
        return tuple(Tile(t.z, t.x, t.y) for t in tiles[:count.value])


def geojson_call(fn, *args):
    """Call a vpc_*_geojson function with a buffer of the size it asks for."""
    needed = ctypes.c_size_t(0)
    size = 4096
    while True:
        buf = ctypes.create_string_buffer(size)
        st = fn(*args, buf, size, ctypes.byref(needed))
        if st == _BUFFER_TOO_SMALL and needed.value > size:
            size = needed.value
            continue
        check(st)
        return buf.value.decode("utf-8")


def cell_geojson(cell):
    """A Cell as a GeoJSON Feature (a Polygon, with its bounds as properties)."""
    c = _c_cell(cell)
    return geojson_call(lib.vpc_cell_geojson, ctypes.byref(c))
