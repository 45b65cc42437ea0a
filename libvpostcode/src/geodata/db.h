/*
 * db.h - an open vpostcode database: everything vpc_open loads.
 */
#ifndef VPC_DB_H
#define VPC_DB_H

#include <sqlite3.h>

#include "vpostcode.h"
#include "../index/tileindex.h"

/* A commune of before 1 July 2025, as loaded. */
typedef struct vpc_legacy_commune {
    vpc_legacy_unit unit;
    double ref_lat, ref_lon;   /* reference point for recovering its codes */
    int mapped;                /* 0: it became no current ward (no reference) */
    uint32_t map_start, map_count; /* its current wards in legacy_wards */
} vpc_legacy_commune;

struct vpc_db {
    char *path;
    vpc_index ix;
    vpc_ward *wards;           /* GSO code order: the index's ward ordinals */
    size_t nwards;
    uint32_t *by_postal;       /* ward ordinals in postal code order */
    uint32_t *provinces;       /* one ward ordinal per province, in province code order */
    size_t nprovinces;
    char **meta;               /* key, value, key, value, ... */
    size_t nmeta;

    /* Pre-2025 tables, when the database has them. */
    int has_legacy;
    vpc_legacy_commune *communes;  /* GSO code order */
    size_t ncommunes;
    uint32_t *legacy_wards;        /* ward ordinals, grouped by commune */
    uint32_t *legacy_by_postal;    /* communes with a postal code, by postal code */
    size_t nlegacy_postal;
    uint32_t *ward_communes_start; /* nwards + 1 */
    uint32_t *ward_communes;       /* communes each current ward was made from */
    int has_districts;             /* the pre-2025 district polygons are indexed */
    vpc_index districts;           /* their tile index (codes NUL-padded to 5) */
};

/* Load the pre-2025 tables if the database has them (has_legacy says). */
vpc_status vpc_legacy_load(sqlite3 *sql, vpc_db *db);
void vpc_legacy_free(vpc_db *db);

/* Decode a parsed code in either scheme (legacy.c); with want_current the
 * current code of the cell is filled in even for a current reading. */
vpc_status vpc_decode_parsed(const vpc_db *db, const vpc_code *code, unsigned flags,
                             int want_current, vpc_decoded *out);

/* Index of the pre-2025 commune with this postal code, or -1. */
int vpc_db_find_legacy_postal(const vpc_db *db, const char *postal_code);

/* Load table tile_index into ix, checking every size and reference, so that
 * a damaged file cannot make a lookup read out of bounds. */
vpc_status vpc_index_load(sqlite3 *sql, const char *table, vpc_index *ix);
void vpc_index_free(vpc_index *ix);

/* Ordinal of the ward with this GSO code or postal code, or -1. */
int vpc_db_find_code(const vpc_db *db, const char *gso_code);
int vpc_db_find_postal(const vpc_db *db, const char *postal_code);

/* Index in db->provinces of the province with this GSO code, or -1. */
int vpc_db_find_province(const vpc_db *db, const char *gso_code);

/* Copy a text column into a fixed buffer; 0 if it does not fit (or is NULL
 * and allow_null is 0), which means the file is not what it claims. A NULL
 * allowed gives "". */
int vpc_db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size, int allow_null);

/* The vpc_status for a failed SQLite call. */
vpc_status vpc_db_sqlite_status(int rc);

#endif
