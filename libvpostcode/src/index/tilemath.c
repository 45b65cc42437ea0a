/*
 * tilemath.c - web-map tile arithmetic (see tilemath.h).
 */
#include <math.h>

#include "tilemath.h"

#define PI 3.14159265358979323846

void vpc_tile_from_lonlat(double lon, double lat, int z, double *x, double *y)
{
    double n = ldexp(1.0, z);
    double phi = lat * (PI / 180.0);
    *x = (lon + 180.0) / 360.0 * n;
    *y = (1.0 - asinh(tan(phi)) / PI) / 2.0 * n;
}

static double tile_lat(int z, long y)
{
    return atan(sinh(PI * (1.0 - 2.0 * (double)y / ldexp(1.0, z)))) * (180.0 / PI);
}

void vpc_tile_bounds(int z, long x, long y, double *west, double *south,
                     double *east, double *north)
{
    double n = ldexp(1.0, z);
    *west = (double)x / n * 360.0 - 180.0;
    *east = (double)(x + 1) / n * 360.0 - 180.0;
    *north = tile_lat(z, y);
    *south = tile_lat(z, y + 1);
}
