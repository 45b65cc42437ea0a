/*
 * db.h - an open vpostcode database: everything vpc_open loads.
 */
#ifndef VPC_DB_H
#define VPC_DB_H

#include <sqlite3.h>

#include "vpostcode.h"
#include "../index/tileindex.h"

struct vpc_db {
    char *path;
    vpc_index ix;
    vpc_ward *wards;           /* GSO code order: the index's ward ordinals */
    size_t nwards;
    uint32_t *by_postal;       /* ward ordinals in postal code order */
    char **meta;               /* key, value, key, value, ... */
    size_t nmeta;
};

/* Load table tile_index into ix, checking every size and reference, so that
 * a damaged file cannot make a lookup read out of bounds. */
vpc_status vpc_index_load(sqlite3 *sql, vpc_index *ix);
void vpc_index_free(vpc_index *ix);

/* Ordinal of the ward with this GSO code or postal code, or -1. */
int vpc_db_find_code(const vpc_db *db, const char *gso_code);
int vpc_db_find_postal(const vpc_db *db, const char *postal_code);

/* The vpc_status for a failed SQLite call. */
vpc_status vpc_db_sqlite_status(int rc);

#endif
