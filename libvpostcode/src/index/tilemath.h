/*
 * tilemath.h - web-map (XYZ, "slippy map") tiles: the spherical Web
 * Mercator grid of EPSG:3857 where zoom z has 2^z x 2^z tiles, x growing
 * east from 180 W and y growing south from about 85.05 N.
 */
#ifndef VPC_TILEMATH_H
#define VPC_TILEMATH_H

/* The latitude limit of the Web Mercator square, in degrees. */
#define VPC_MERCATOR_MAX_LAT 85.0511287798066

/* Fractional tile coordinates of a point at zoom z (0 <= z <= 30), for
 * |lat| < VPC_MERCATOR_MAX_LAT. */
void vpc_tile_from_lonlat(double lon, double lat, int z, double *x, double *y);

/* Edges of tile (x, y) at zoom z in degrees. */
void vpc_tile_bounds(int z, long x, long y, double *west, double *south,
                     double *east, double *north);

#endif
