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

/* vpc_decode_code, giving the ward as its ordinal (db and code not NULL). */
vpc_status vpc_api_decode(const vpc_db *db, const vpc_code *code, vpc_cell *cell, int *ordinal);

#endif
