/*
 * tiles.c - the web-map tiles a cell overlaps.
 */
#include <math.h>

#include "vpostcode.h"
#include "../index/tilemath.h"

/* A cell is [south, north) x [west, east): an edge that falls exactly on a
 * tile boundary does not reach into the tile beyond it. */
VPC_API vpc_status vpc_cell_tiles(const vpc_cell *cell, int zoom, vpc_tile *tiles, size_t max,
                                  size_t *count)
{
    double x0, y0, x1, y1;
    if (cell == NULL || count == NULL || (tiles == NULL && max > 0))
        return VPC_E_NULL_ARGUMENT;
    if (zoom < 0 || zoom > VPC_TILE_MAX_ZOOM)
        return VPC_E_INVALID_ARGUMENT;
    if (!isfinite(cell->south) || !isfinite(cell->north) || !isfinite(cell->west) ||
        !isfinite(cell->east))
        return VPC_E_NOT_FINITE;
    if (!(cell->south < cell->north && cell->west < cell->east) ||
        cell->south <= -VPC_MERCATOR_MAX_LAT || cell->north >= VPC_MERCATOR_MAX_LAT)
        return VPC_E_LATITUDE_RANGE;
    if (cell->west < -180.0 || cell->east > 180.0)
        return VPC_E_LONGITUDE_RANGE;

    vpc_tile_from_lonlat(cell->west, cell->north, zoom, &x0, &y0);
    vpc_tile_from_lonlat(cell->east, cell->south, zoom, &x1, &y1);
    long xa = (long)floor(x0), ya = (long)floor(y0);
    long xb = (long)ceil(x1) - 1, yb = (long)floor(y1);
    long last = (1L << zoom) - 1;
    if (xb > last) xb = last;
    if (yb > last) yb = last;
    if (xb < xa) xb = xa;
    size_t n = (size_t)(xb - xa + 1) * (size_t)(yb - ya + 1);
    *count = n;
    if (n > max)
        return VPC_E_BUFFER_TOO_SMALL;
    size_t k = 0;
    for (long y = ya; y <= yb; y++)
        for (long x = xa; x <= xb; x++) {
            tiles[k].z = zoom;
            tiles[k].x = x;
            tiles[k].y = y;
            k++;
        }
    return VPC_OK;
}
