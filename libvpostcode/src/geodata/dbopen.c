/*
 * dbopen.c - vpc_open: read a vpostcode database into memory.
 *
 * The file is opened read-only as an immutable SQLite database (no locks,
 * no journal: it works on read-only media and is never modified). Every
 * table is read once; afterwards no SQL runs at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"

#define SCHEMA_VERSION "1"

#ifndef VPC_DEFAULT_DB_PATH
#define VPC_DEFAULT_DB_PATH "vpostcode.sqlite"
#endif

VPC_API const char *vpc_default_db_path(void)
{
    const char *env = getenv("VPOSTCODE_DB");
    return (env != NULL && *env != '\0') ? env : VPC_DEFAULT_DB_PATH;
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

/* "file:" URI for a path: everything but unreserved characters and '/' is
 * percent-encoded, so that '?', '#' and '%' in names are not misread. */
static char *file_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *uri = malloc(5 + 3 * n + sizeof "?immutable=1");
    if (uri == NULL)
        return NULL;
    char *o = uri;
    memcpy(o, "file:", 5);
    o += 5;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '/' || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    strcpy(o, "?immutable=1");
    return uri;
}

int vpc_db_column_text(sqlite3_stmt *st, int col, char *buf, size_t size, int allow_null)
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

static vpc_status read_metadata(sqlite3 *sql, vpc_db *db)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, "SELECT key, value FROM metadata ORDER BY key", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
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
        status = vpc_db_sqlite_status(rc);
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

static vpc_status read_wards(sqlite3 *sql, vpc_db *db)
{
    static const char query[] =
        "SELECT w.code, w.postal_code, w.name, w.name_ascii, w.unit_type, w.long_form,"
        " w.ref_lat, w.ref_lon, w.min_lat, w.min_lon, w.max_lat, w.max_lon,"
        " p.code, p.name, p.name_ascii, p.postal_prefixes"
        " FROM wards w JOIN provinces p ON p.code = w.province_code ORDER BY w.code";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(sql, query, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
    size_t n = db->ix.h.n_wards;
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
        if (!vpc_db_column_text(st, 0, w->code, sizeof w->code, 0) ||
            !vpc_db_column_text(st, 1, w->postal_code, sizeof w->postal_code, 0) ||
            !vpc_db_column_text(st, 2, w->name, sizeof w->name, 0) ||
            !vpc_db_column_text(st, 3, w->name_ascii, sizeof w->name_ascii, 0) ||
            !vpc_db_column_text(st, 4, type, sizeof type, 0) ||
            !vpc_db_column_text(st, 12, p->code, sizeof p->code, 0) ||
            !vpc_db_column_text(st, 13, p->name, sizeof p->name, 0) ||
            !vpc_db_column_text(st, 14, p->name_ascii, sizeof p->name_ascii, 0) ||
            !vpc_db_column_text(st, 15, p->postal_prefixes, sizeof p->postal_prefixes, 0) ||
            (w->unit_type = unit_type(type)) == 0 ||
            strlen(w->code) != 5 || strlen(w->postal_code) != 5 ||
            memcmp(w->code, db->ix.ward_codes + 5 * db->nwards, 5) != 0) {
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
        status = vpc_db_sqlite_status(rc);
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
static vpc_status index_postal_codes(vpc_db *db)
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
static vpc_status index_provinces(vpc_db *db)
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

/* Is it a file we may read, and does it start like SQLite? */
static vpc_status check_file(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return errno == ENOENT || errno == ENOTDIR ? VPC_E_DB_NOT_FOUND : VPC_E_DB_UNREADABLE;
    if (!S_ISREG(sb.st_mode))
        return VPC_E_DB_UNREADABLE;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return VPC_E_DB_UNREADABLE;
    char magic[16];
    size_t got = fread(magic, 1, sizeof magic, f);
    fclose(f);
    if (got != sizeof magic || memcmp(magic, "SQLite format 3", 16) != 0)
        return VPC_E_DB_CORRUPT;
    return VPC_OK;
}

VPC_API vpc_status vpc_open(const char *path, vpc_db **out)
{
    if (out == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (path == NULL)
        path = vpc_default_db_path();
    vpc_status status = check_file(path);
    if (status != VPC_OK)
        return status;

    vpc_db *db = calloc(1, sizeof *db);
    char *uri = file_uri(path);
    if (db == NULL || uri == NULL || (db->path = copy_string(path)) == NULL) {
        free(db);
        free(uri);
        return VPC_E_NO_MEMORY;
    }
    sqlite3 *sql = NULL;
    int rc = sqlite3_open_v2(uri, &sql, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc != SQLITE_OK)
        status = vpc_db_sqlite_status(rc);
    if (status == VPC_OK)
        status = read_metadata(sql, db);
    if (status == VPC_OK)
        status = vpc_index_load(sql, "tile_index", &db->ix);
    if (status == VPC_OK)
        status = read_wards(sql, db);
    if (status == VPC_OK)
        status = index_postal_codes(db);
    if (status == VPC_OK)
        status = index_provinces(db);
    if (status == VPC_OK)
        status = vpc_legacy_load(sql, db);
    sqlite3_close(sql);
    if (status != VPC_OK) {
        vpc_close(db);
        return status;
    }
    *out = db;
    return VPC_OK;
}

VPC_API void vpc_close(vpc_db *db)
{
    if (db == NULL)
        return;
    vpc_index_free(&db->ix);
    vpc_legacy_free(db);
    free(db->wards);
    free(db->by_postal);
    free(db->provinces);
    for (size_t i = 0; i < 2 * db->nmeta; i++)
        free(db->meta[i]);
    free(db->meta);
    free(db->path);
    free(db);
}

VPC_API const char *vpc_db_path(const vpc_db *db)
{
    return db ? db->path : NULL;
}

VPC_API size_t vpc_db_metadata_count(const vpc_db *db)
{
    return db ? db->nmeta : 0;
}

VPC_API vpc_status vpc_db_metadata(const vpc_db *db, size_t i, const char **key,
                                   const char **value)
{
    if (db == NULL || key == NULL || value == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (i >= db->nmeta)
        return VPC_E_INVALID_ARGUMENT;
    *key = db->meta[2 * i];
    *value = db->meta[2 * i + 1];
    return VPC_OK;
}
