/*
 * legacyload.c - reading the pre-2025 tables (legacy_communes, legacy_units,
 * legacy_map) when a database has them.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"

static int find_commune(const vpc_db *db, const char *code)
{
    size_t lo = 0, hi = db->ncommunes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(db->communes[mid].unit.commune_code, code);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

typedef struct {
    char postal[VPC_POSTAL_BUFSIZE];
    uint32_t commune;
} postal_entry;

static int cmp_postal(const void *a, const void *b)
{
    return strcmp(((const postal_entry *)a)->postal, ((const postal_entry *)b)->postal);
}

static vpc_status read_communes(sqlite3 *sql, vpc_db *db)
{
    static const char q[] =
        "SELECT c.code, c.postal_code, c.ref_lat, c.ref_lon, u.name, d.code, d.name,"
        " p.code, p.name, (SELECT count(*) FROM legacy_communes)"
        " FROM legacy_communes c JOIN legacy_units u ON u.code = c.code"
        " JOIN legacy_units d ON d.code = c.district_code"
        " JOIN legacy_units p ON p.code = c.province_code ORDER BY c.code";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, q, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
    vpc_status status = VPC_OK;
    size_t room = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (db->communes == NULL) {
            sqlite3_int64 count = sqlite3_column_int64(st, 9);
            if (count < 1 || count > 1000000) {
                status = VPC_E_DB_CORRUPT;
                break;
            }
            room = (size_t)count;
            db->communes = calloc(room, sizeof *db->communes);
            if (db->communes == NULL) {
                status = VPC_E_NO_MEMORY;
                break;
            }
        }
        /* More rows than communes: a unit code the joins match twice
         * (legacy_units without its primary key), a damaged file. */
        if (db->ncommunes >= room) {
            status = VPC_E_DB_CORRUPT;
            break;
        }
        vpc_legacy_commune *c = &db->communes[db->ncommunes];
        vpc_legacy_unit *u = &c->unit;
        if (!vpc_db_column_text(st, 0, u->commune_code, sizeof u->commune_code, 1) ||
            !vpc_db_column_text(st, 1, u->postal_code, sizeof u->postal_code, 1) ||
            !vpc_db_column_text(st, 4, u->commune_name, sizeof u->commune_name, 1) ||
            !vpc_db_column_text(st, 5, u->district_code, sizeof u->district_code, 1) ||
            !vpc_db_column_text(st, 6, u->district_name, sizeof u->district_name, 1) ||
            !vpc_db_column_text(st, 7, u->province_code, sizeof u->province_code, 1) ||
            !vpc_db_column_text(st, 8, u->province_name, sizeof u->province_name, 1) ||
            strlen(u->commune_code) != 5 || (u->postal_code[0] && strlen(u->postal_code) != 5)) {
            status = VPC_E_DB_CORRUPT;
            break;
        }
        c->mapped = sqlite3_column_type(st, 2) != SQLITE_NULL;
        c->ref_lat = sqlite3_column_double(st, 2);
        c->ref_lon = sqlite3_column_double(st, 3);
        db->ncommunes++;
    }
    if (status == VPC_OK && rc != SQLITE_DONE)
        status = vpc_db_sqlite_status(rc);
    sqlite3_finalize(st);
    return status;
}

static vpc_status read_map(sqlite3 *sql, vpc_db *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, "SELECT old_code, new_code, (SELECT count(*) FROM legacy_map)"
                                     " FROM legacy_map ORDER BY old_code, new_code", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
    vpc_status status = VPC_OK;
    size_t n = 0, room = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (db->legacy_wards == NULL) {
            sqlite3_int64 count = sqlite3_column_int64(st, 2);
            if (count < 1 || count > 10000000) {
                status = VPC_E_DB_CORRUPT;
                break;
            }
            room = (size_t)count;
            db->legacy_wards = malloc(room * sizeof *db->legacy_wards);
            if (db->legacy_wards == NULL) {
                status = VPC_E_NO_MEMORY;
                break;
            }
        }
        if (n >= room) {
            status = VPC_E_DB_CORRUPT;
            break;
        }
        const char *old = (const char *)sqlite3_column_text(st, 0);
        const char *new_code = (const char *)sqlite3_column_text(st, 1);
        int c = old ? find_commune(db, old) : -1;
        int w = new_code ? vpc_db_find_code(db, new_code) : -1;
        if (c < 0 || w < 0)
            continue; /* a mapping outside the unit lists: nothing to use */
        vpc_legacy_commune *lc = &db->communes[c];
        if (lc->map_count == 0)
            lc->map_start = (uint32_t)n;
        else if (lc->map_start + lc->map_count != n) {
            status = VPC_E_DB_CORRUPT; /* not grouped by commune */
            break;
        }
        db->legacy_wards[n++] = (uint32_t)w;
        lc->map_count++;
    }
    if (status == VPC_OK && rc != SQLITE_DONE)
        status = vpc_db_sqlite_status(rc);
    sqlite3_finalize(st);
    return status;
}

/* Communes by postal code, and each current ward's former communes. */
static vpc_status index_legacy(vpc_db *db)
{
    postal_entry *e = malloc((db->ncommunes + 1) * sizeof *e);
    db->legacy_by_postal = malloc((db->ncommunes + 1) * sizeof *db->legacy_by_postal);
    db->ward_communes_start = calloc(db->nwards + 1, sizeof *db->ward_communes_start);
    size_t total = 0;
    for (size_t i = 0; i < db->ncommunes; i++)
        total += db->communes[i].map_count;
    db->ward_communes = malloc((total + 1) * sizeof *db->ward_communes);
    if (!e || !db->legacy_by_postal || !db->ward_communes_start || !db->ward_communes) {
        free(e);
        return VPC_E_NO_MEMORY;
    }
    size_t n = 0;
    for (size_t i = 0; i < db->ncommunes; i++) {
        if (db->communes[i].unit.postal_code[0] == '\0')
            continue;
        memcpy(e[n].postal, db->communes[i].unit.postal_code, VPC_POSTAL_BUFSIZE);
        e[n++].commune = (uint32_t)i;
    }
    qsort(e, n, sizeof *e, cmp_postal);
    vpc_status status = VPC_OK;
    for (size_t i = 0; i < n; i++) {
        db->legacy_by_postal[i] = e[i].commune;
        if (i > 0 && strcmp(e[i - 1].postal, e[i].postal) == 0)
            status = VPC_E_DB_CORRUPT;
    }
    db->nlegacy_postal = n;
    free(e);
    /* Reverse map, by counting then placing. */
    for (size_t i = 0; i < db->ncommunes; i++)
        for (uint32_t k = 0; k < db->communes[i].map_count; k++)
            db->ward_communes_start[db->legacy_wards[db->communes[i].map_start + k] + 1]++;
    for (size_t w = 0; w < db->nwards; w++)
        db->ward_communes_start[w + 1] += db->ward_communes_start[w];
    uint32_t *fill = calloc(db->nwards + 1, sizeof *fill);
    if (fill == NULL)
        return VPC_E_NO_MEMORY;
    for (size_t i = 0; i < db->ncommunes; i++)
        for (uint32_t k = 0; k < db->communes[i].map_count; k++) {
            uint32_t w = db->legacy_wards[db->communes[i].map_start + k];
            db->ward_communes[db->ward_communes_start[w] + fill[w]++] = (uint32_t)i;
        }
    free(fill);
    return status;
}

vpc_status vpc_legacy_load(sqlite3 *sql, vpc_db *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                     " AND name IN ('legacy_communes', 'legacy_units', 'legacy_map')",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
    int tables = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (tables == 0)
        return VPC_OK; /* built without them */
    if (tables != 3)
        return VPC_E_DB_SCHEMA;
    vpc_status status = read_communes(sql, db);
    if (status == VPC_OK)
        status = read_map(sql, db);
    if (status == VPC_OK)
        status = index_legacy(db);
    db->has_legacy = status == VPC_OK;
    if (status != VPC_OK)
        return status;

    /* The old districts' polygons, when the database has them indexed. */
    rc = sqlite3_prepare_v2(sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                 " AND name = 'legacy_tile_index'", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
    int indexed = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    if (indexed) {
        status = vpc_index_load(sql, "legacy_tile_index", &db->districts);
        db->has_districts = status == VPC_OK;
    }
    return status;
}

void vpc_legacy_free(vpc_db *db)
{
    vpc_index_free(&db->districts);
    free(db->communes);
    free(db->legacy_wards);
    free(db->legacy_by_postal);
    free(db->ward_communes_start);
    free(db->ward_communes);
}

int vpc_db_find_legacy_postal(const vpc_db *db, const char *postal_code)
{
    size_t lo = 0, hi = db->nlegacy_postal;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t c = db->legacy_by_postal[mid];
        int cmp = strcmp(db->communes[c].unit.postal_code, postal_code);
        if (cmp == 0)
            return (int)c;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
