/*
 * packread.c - reading a vpostcode SQLite database for vpc-pack: the
 * metadata, wards, provinces, tile indexes and pre-2025 tables, each
 * checked (sizes, references, uniqueness) so that a damaged database is
 * refused here rather than written into a runtime file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packread.h"

#define SCHEMA_VERSION "1"

static vpc_status sqlite_status(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return VPC_E_NO_MEMORY;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return VPC_E_DB_UNREADABLE;
    case SQLITE_ERROR: /* no such table or column */
        return VPC_E_DB_SCHEMA;
    default:
        return VPC_E_DB_CORRUPT;
    }
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

/* Copy a text column into a fixed buffer; 0 if it does not fit (or is NULL
 * and allow_null is 0). A NULL allowed gives "". */
static int column_text(sqlite3_stmt *st, int col, char *buf, size_t size, int allow_null)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    if (t == NULL) {
        buf[0] = '\0';
        return allow_null;
    }
    if ((size_t)sqlite3_column_bytes(st, col) >= size)
        return 0;
    memcpy(buf, t, (size_t)sqlite3_column_bytes(st, col) + 1);
    return 1;
}
typedef struct {
    const char *name;
    size_t element;  /* bytes per element */
    void **dest;
    uint64_t count;  /* expected elements, from the header */
} part;

static vpc_status read_part(sqlite3 *sql, const char *table, const part *p)
{
    sqlite3_stmt *st;
    char q[100];
    snprintf(q, sizeof q, "SELECT data FROM %s WHERE name = ?1", table);
    int rc = sqlite3_prepare_v2(sql, q, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite_status(rc);
    sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
    vpc_status status = VPC_E_DB_CORRUPT;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *data = sqlite3_column_blob(st, 0);
        uint64_t bytes = (uint64_t)sqlite3_column_bytes(st, 0);
        if (bytes == p->count * p->element && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
            *p->dest = malloc(bytes ? (size_t)bytes : 1);
            if (*p->dest == NULL) {
                status = VPC_E_NO_MEMORY;
            } else {
                if (bytes)
                    memcpy(*p->dest, data, (size_t)bytes);
                status = VPC_OK;
            }
        }
    } else if (rc != SQLITE_DONE) {
        status = sqlite_status(rc);
    }
    sqlite3_finalize(st);
    return status;
}

static vpc_status read_header(sqlite3 *sql, const char *table, vpc_index_header *h)
{
    void *buf = NULL;
    part p = {"header", sizeof *h, &buf, 1};
    vpc_status st = read_part(sql, table, &p);
    if (st != VPC_OK)
        return st;
    memcpy(h, buf, sizeof *h);
    free(buf);
    if (memcmp(h->magic, VPC_INDEX_MAGIC, 8) != 0 || h->endian != 0x01020304u)
        return VPC_E_DB_CORRUPT;
    if (h->version != VPC_INDEX_VERSION)
        return VPC_E_DB_SCHEMA;
    return VPC_OK;
}

static void index_free(vpc_index *ix)
{
    free((void *)(uintptr_t)ix->nodes);
    free((void *)(uintptr_t)ix->leaves);
    free((void *)(uintptr_t)ix->cands);
    free((void *)(uintptr_t)ix->runs);
    free((void *)(uintptr_t)ix->breaks);
    free((void *)(uintptr_t)ix->vertices);
    free((void *)(uintptr_t)ix->rings);
    free((void *)(uintptr_t)ix->ward_rings);
    free((void *)(uintptr_t)ix->ward_codes);
    memset(ix, 0, sizeof *ix);
}

static vpc_status index_load(sqlite3 *sql, const char *table, vpc_index *ix)
{
    memset(ix, 0, sizeof *ix);
    vpc_status st = read_header(sql, table, &ix->h);
    if (st != VPC_OK)
        return st;
    const vpc_index_header *h = &ix->h;
    void *data[9] = {NULL};
    part parts[] = {
        {"nodes", 4, &data[0], h->n_nodes},
        {"leaves", 4, &data[1], (uint64_t)h->n_leaves + 1},
        {"cands", sizeof(vpc_index_cand), &data[2], (uint64_t)h->n_cands + 1},
        {"runs", sizeof(vpc_index_run), &data[3], h->n_runs},
        {"breaks", 4, &data[4], h->n_breaks},
        {"vertices", 8, &data[5], h->n_vertices},
        {"rings", sizeof(vpc_index_ring), &data[6], h->n_rings},
        {"ward_rings", 4, &data[7], (uint64_t)h->n_wards + 1},
        {"ward_codes", 5, &data[8], h->n_wards},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && st == VPC_OK; i++)
        st = read_part(sql, table, &parts[i]);
    ix->nodes = data[0];
    ix->leaves = data[1];
    ix->cands = data[2];
    ix->runs = data[3];
    ix->breaks = data[4];
    ix->vertices = data[5];
    ix->rings = data[6];
    ix->ward_rings = data[7];
    ix->ward_codes = data[8];
    if (st != VPC_OK) {
        index_free(ix);
        return st;
    }
    if (!vpc_index_consistent(ix)) {
        index_free(ix);
        return VPC_E_DB_CORRUPT;
    }
    return VPC_OK;
}

static vpc_status read_metadata(sqlite3 *sql, pack_src *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, "SELECT key, value FROM metadata ORDER BY key", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite_status(rc);
    size_t cap = 0;
    vpc_status status = VPC_OK;
    int version_ok = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (k == NULL || v == NULL) {
            status = VPC_E_DB_CORRUPT;
            break;
        }
        if (db->nmeta + 2 > cap) {
            cap = cap ? cap * 2 : 64;
            char **m = realloc(db->meta, cap * sizeof *m);
            if (m == NULL) {
                status = VPC_E_NO_MEMORY;
                break;
            }
            db->meta = m;
        }
        db->meta[db->nmeta] = copy_string(k);
        db->meta[db->nmeta + 1] = copy_string(v);
        db->nmeta += 2;
        if (db->meta[db->nmeta - 2] == NULL || db->meta[db->nmeta - 1] == NULL) {
            status = VPC_E_NO_MEMORY;
            break;
        }
        if (strcmp(k, "schema_version") == 0)
            version_ok = strcmp(v, SCHEMA_VERSION) == 0;
    }
    if (status == VPC_OK && rc != SQLITE_DONE)
        status = sqlite_status(rc);
    sqlite3_finalize(st);
    if (status == VPC_OK && !version_ok)
        status = VPC_E_DB_SCHEMA;
    db->nmeta /= 2;
    return status;
}

static int unit_type(const char *t)
{
    if (strcmp(t, "phường") == 0)
        return VPC_UNIT_WARD;
    if (strcmp(t, "xã") == 0)
        return VPC_UNIT_COMMUNE;
    if (strcmp(t, "đặc khu") == 0)
        return VPC_UNIT_SPECIAL_ZONE;
    return 0;
}

static vpc_status read_wards(sqlite3 *sql, pack_src *db)
{
    static const char query[] =
        "SELECT w.code, w.postal_code, w.name, w.name_ascii, w.unit_type, w.long_form,"
        " w.ref_lat, w.ref_lon, w.min_lat, w.min_lon, w.max_lat, w.max_lon,"
        " p.code, p.name, p.name_ascii, p.postal_prefixes"
        " FROM wards w JOIN provinces p ON p.code = w.province_code ORDER BY w.code";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, query, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite_status(rc);
    size_t n = db->ix.ix.h.n_wards;
    db->wards = calloc(n, sizeof *db->wards);
    if (db->wards == NULL) {
        sqlite3_finalize(st);
        return VPC_E_NO_MEMORY;
    }
    vpc_status status = VPC_OK;
    char type[32];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (db->nwards == n) {
            status = VPC_E_DB_CORRUPT; /* more wards than the index knows */
            break;
        }
        vpc_ward *w = &db->wards[db->nwards];
        vpc_province *p = &w->province;
        if (!column_text(st, 0, w->code, sizeof w->code, 0) ||
            !column_text(st, 1, w->postal_code, sizeof w->postal_code, 0) ||
            !column_text(st, 2, w->name, sizeof w->name, 0) ||
            !column_text(st, 3, w->name_ascii, sizeof w->name_ascii, 0) ||
            !column_text(st, 4, type, sizeof type, 0) ||
            !column_text(st, 12, p->code, sizeof p->code, 0) ||
            !column_text(st, 13, p->name, sizeof p->name, 0) ||
            !column_text(st, 14, p->name_ascii, sizeof p->name_ascii, 0) ||
            !column_text(st, 15, p->postal_prefixes, sizeof p->postal_prefixes, 0) ||
            (w->unit_type = unit_type(type)) == 0 ||
            strlen(w->code) != 5 || strlen(w->postal_code) != 5 ||
            memcmp(w->code, db->ix.ix.ward_codes + 5 * db->nwards, 5) != 0) {
            status = VPC_E_DB_CORRUPT;
            break;
        }
        w->long_form = sqlite3_column_int(st, 5) != 0;
        w->ref_lat = sqlite3_column_double(st, 6);
        w->ref_lon = sqlite3_column_double(st, 7);
        w->south = sqlite3_column_double(st, 8);
        w->west = sqlite3_column_double(st, 9);
        w->north = sqlite3_column_double(st, 10);
        w->east = sqlite3_column_double(st, 11);
        db->nwards++;
    }
    if (status == VPC_OK && rc != SQLITE_DONE)
        status = sqlite_status(rc);
    if (status == VPC_OK && db->nwards != n)
        status = VPC_E_DB_CORRUPT;
    sqlite3_finalize(st);
    return status;
}

typedef struct {
    char postal[VPC_POSTAL_BUFSIZE];
    uint32_t ward;
} postal_entry;

static int cmp_postal(const void *a, const void *b)
{
    return strcmp(((const postal_entry *)a)->postal, ((const postal_entry *)b)->postal);
}

/* Ward ordinals in postal code order, for lookups by postal code. */
static vpc_status index_postal_codes(pack_src *db)
{
    postal_entry *e = malloc(db->nwards * sizeof *e);
    db->by_postal = malloc(db->nwards * sizeof *db->by_postal);
    if (e == NULL || db->by_postal == NULL) {
        free(e);
        return VPC_E_NO_MEMORY;
    }
    for (size_t i = 0; i < db->nwards; i++) {
        memcpy(e[i].postal, db->wards[i].postal_code, VPC_POSTAL_BUFSIZE);
        e[i].ward = (uint32_t)i;
    }
    qsort(e, db->nwards, sizeof *e, cmp_postal);
    vpc_status status = VPC_OK;
    for (size_t i = 0; i < db->nwards; i++) {
        db->by_postal[i] = e[i].ward;
        if (i > 0 && strcmp(e[i - 1].postal, e[i].postal) == 0)
            status = VPC_E_DB_CORRUPT; /* postal codes must be unique */
    }
    free(e);
    return status;
}

/* One ward ordinal per province (the first in GSO order), in province code
 * order, for the province list. */
static vpc_status index_provinces(pack_src *db)
{
    db->provinces = malloc((db->nwards ? db->nwards : 1) * sizeof *db->provinces);
    if (db->provinces == NULL)
        return VPC_E_NO_MEMORY;
    for (size_t i = 0; i < db->nwards; i++) {
        const char *code = db->wards[i].province.code;
        size_t k = 0;
        while (k < db->nprovinces && strcmp(db->wards[db->provinces[k]].province.code, code) != 0)
            k++;
        if (k == db->nprovinces)
            db->provinces[db->nprovinces++] = (uint32_t)i;
    }
    for (size_t i = 1; i < db->nprovinces; i++) /* a few dozen: insertion sort */
        for (size_t k = i; k > 0 && strcmp(db->wards[db->provinces[k - 1]].province.code,
                                           db->wards[db->provinces[k]].province.code) > 0; k--) {
            uint32_t t = db->provinces[k];
            db->provinces[k] = db->provinces[k - 1];
            db->provinces[k - 1] = t;
        }
    return VPC_OK;
}

/* Binary search for a code over n records of `stride` bytes from `first`,
 * sorted by the NUL-terminated code at `offset`; the index, or -1. */
static int find_code(const void *first, size_t n, size_t stride, size_t offset,
                     const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp((const char *)first + mid * stride + offset, code);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int find_ward(const pack_src *db, const char *code)
{
    return find_code(db->wards, db->nwards, sizeof *db->wards, offsetof(vpc_ward, code), code);
}

static int find_commune(const pack_src *db, const char *code)
{
    return find_code(db->communes, db->ncommunes, sizeof *db->communes,
                     offsetof(pack_commune, unit) + offsetof(vpc_legacy_unit, commune_code), code);
}

typedef struct {
    char postal[VPC_POSTAL_BUFSIZE];
    uint32_t commune;
} commune_postal;

static int cmp_commune_postal(const void *a, const void *b)
{
    return strcmp(((const commune_postal *)a)->postal, ((const commune_postal *)b)->postal);
}

static vpc_status read_communes(sqlite3 *sql, pack_src *db)
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
        return sqlite_status(rc);
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
        pack_commune *c = &db->communes[db->ncommunes];
        vpc_legacy_unit *u = &c->unit;
        if (!column_text(st, 0, u->commune_code, sizeof u->commune_code, 1) ||
            !column_text(st, 1, u->postal_code, sizeof u->postal_code, 1) ||
            !column_text(st, 4, u->commune_name, sizeof u->commune_name, 1) ||
            !column_text(st, 5, u->district_code, sizeof u->district_code, 1) ||
            !column_text(st, 6, u->district_name, sizeof u->district_name, 1) ||
            !column_text(st, 7, u->province_code, sizeof u->province_code, 1) ||
            !column_text(st, 8, u->province_name, sizeof u->province_name, 1) ||
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
        status = sqlite_status(rc);
    sqlite3_finalize(st);
    return status;
}

static vpc_status read_map(sqlite3 *sql, pack_src *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, "SELECT old_code, new_code, (SELECT count(*) FROM legacy_map)"
                                     " FROM legacy_map ORDER BY old_code, new_code", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite_status(rc);
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
        int w = new_code ? find_ward(db, new_code) : -1;
        if (c < 0 || w < 0)
            continue; /* a mapping outside the unit lists: nothing to use */
        pack_commune *lc = &db->communes[c];
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
        status = sqlite_status(rc);
    sqlite3_finalize(st);
    db->nlegacy_wards = n;
    return status;
}

/* Communes by postal code, and each current ward's former communes. */
static vpc_status index_legacy(pack_src *db)
{
    commune_postal *e = malloc((db->ncommunes + 1) * sizeof *e);
    db->legacy_by_postal = malloc((db->ncommunes + 1) * sizeof *db->legacy_by_postal);
    db->ward_communes_start = calloc(db->nwards + 1, sizeof *db->ward_communes_start);
    size_t total = 0;
    for (size_t i = 0; i < db->ncommunes; i++)
        total += db->communes[i].map_count;
    db->ward_communes = malloc((total + 1) * sizeof *db->ward_communes);
    db->nward_communes = total;
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
    qsort(e, n, sizeof *e, cmp_commune_postal);
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

static vpc_status legacy_load(sqlite3 *sql, pack_src *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                     " AND name IN ('legacy_communes', 'legacy_units', 'legacy_map')",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite_status(rc);
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
        return sqlite_status(rc);
    int indexed = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
    sqlite3_finalize(st);
    if (indexed) {
        status = index_load(sql, "legacy_tile_index", &db->districts.ix);
        db->districts.present = status == VPC_OK;
    }
    return status;
}


vpc_status pack_read(const char *path, pack_src *db, char *err, size_t size)
{
    memset(db, 0, sizeof *db);
    sqlite3 *sql = NULL;
    int rc = sqlite3_open_v2(path, &sql, SQLITE_OPEN_READONLY, NULL);
    vpc_status status = rc == SQLITE_OK ? VPC_OK : sqlite_status(rc);
    const char *step = "opening it";
    if (status == VPC_OK) {
        step = "reading table metadata";
        status = read_metadata(sql, db);
    }
    if (status == VPC_OK) {
        step = "reading table tile_index (run vpc-buildindex first)";
        status = index_load(sql, "tile_index", &db->ix.ix);
        db->ix.present = status == VPC_OK;
    }
    if (status == VPC_OK) {
        step = "reading tables wards and provinces";
        status = read_wards(sql, db);
    }
    if (status == VPC_OK)
        status = index_postal_codes(db);
    if (status == VPC_OK) {
        step = "indexing the provinces";
        status = index_provinces(db);
    }
    if (status == VPC_OK) {
        step = "reading the pre-2025 tables";
        status = legacy_load(sql, db);
    }
    if (status == VPC_OK) {
        status = pack_lexicon(sql, db, err, size);
        if (status != VPC_OK) {
            sqlite3_close(sql);
            return status;
        }
    }
    if (status != VPC_OK)
        snprintf(err, size, "%s: %s (%s)", step, vpc_strerror(status),
                 rc == SQLITE_OK ? sqlite3_errmsg(sql) : sqlite3_errstr(rc));
    sqlite3_close(sql);
    return status;
}

void pack_free(pack_src *db)
{
    index_free(&db->ix.ix);
    index_free(&db->districts.ix);
    for (size_t i = 0; i < 2 * db->nmeta; i++)
        free(db->meta[i]);
    free(db->meta);
    free(db->wards);
    free(db->by_postal);
    free(db->provinces);
    free(db->communes);
    free(db->legacy_wards);
    free(db->legacy_by_postal);
    free(db->ward_communes_start);
    free(db->ward_communes);
    pack_lexicon_free(db);
    memset(db, 0, sizeof *db);
}
