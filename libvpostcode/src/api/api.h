/*
 * api.h - what the entry points of the api layer share.
 */
#ifndef VPC_API_H
#define VPC_API_H

#include "../geodata/db.h"

/* The ordinal of the ward holding a point, or the error saying why none
 * (the point's own errors, VPC_E_OUTSIDE_VIETNAM, VPC_E_NO_WARD). */
vpc_status vpc_api_find_ward(const vpc_db *db, double lat, double lon, int *ordinal);

/* vpc_encode, giving the ward as its ordinal (db and code not NULL). */
vpc_status vpc_api_encode(const vpc_db *db, double lat, double lon, unsigned flags,
                          vpc_code *code, int *ordinal);

/* The code of a point for ward ordinal w (its postal code and reference
 * point; the long form when the ward needs it or the point is too far). */
vpc_status vpc_api_make_code(const vpc_db *db, int w, double lat, double lon, unsigned flags,
                             vpc_code *code);

/* Is some ward within max_metres of the point (nearest.c)? With
 * any_will_do, the first found ends the search; otherwise *ordinal and
 * *metres (either may be NULL) get the nearest, the lower ordinal on a tie.
 * The point must be valid (vpc_point_status). */
int vpc_api_nearest_ward(const vpc_db *db, double lat, double lon, double max_metres,
                         int any_will_do, int *ordinal, double *metres);

/* vpc_decode_code, giving the ward as its ordinal (db and code not NULL). */
vpc_status vpc_api_decode(const vpc_db *db, const vpc_code *code, vpc_cell *cell, int *ordinal);

#endif
