/*
 * fuzz_db.h - for the targets that open databases made from their input
 * (fuzz_open, fuzz_dbmutate): writing the bytes to a temporary file,
 * opening it with the invariants of vpc_open_v2, and running every kind of
 * call on a database that opened, so that whatever a damaged file got past
 * vpc_open's checks is read by the lookups.
 *
 * vpc_open checks only the header and the section table of the runtime
 * file; the rest is checked where a call follows it, and all of it by
 * vpc_db_verify. So on a file that opened, any call may give
 * VPC_E_DB_CORRUPT; on one that vpc_db_verify passed, none may.
 */
#ifndef VPC_FUZZ_DB_H
#define VPC_FUZZ_DB_H

#include "fuzz_common.h"

#include <unistd.h>

/* The bytes in a new file under $TMPDIR (else /tmp); its path goes to
 * path (at least 4096 bytes). The caller unlinks it. */
static inline void fuzz_write_temp(const void *data, size_t size, char *path)
{
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || *dir == '\0')
        dir = "/tmp";
    snprintf(path, 4096, "%s/vpc-fuzz-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("fuzz: mkstemp");
        abort();
    }
    const char *p = data;
    while (size > 0) {
        ssize_t w = write(fd, p, size);
        if (w <= 0) {
            perror("fuzz: write");
            abort();
        }
        p += w;
        size -= (size_t)w;
    }
    close(fd);
}

/* The statuses vpc_open may give for a file. */
static inline int fuzz_is_db_status(vpc_status st)
{
    return st == VPC_E_DB_NOT_FOUND || st == VPC_E_DB_UNREADABLE || st == VPC_E_DB_CORRUPT ||
           st == VPC_E_DB_SCHEMA || st == VPC_E_DB_STALE || st == VPC_E_NO_MEMORY;
}

/* vpc_open_v2 on the bytes, from a temporary file (removed at once: a
 * mapping keeps it, and a read copy does not need it). The handle, or
 * NULL with *status saying why. Invariants: OK or a status of its list,
 * the handle written only on success, and with VPC_OPEN_NO_MMAP never a
 * mapping. */
static inline vpc_db *fuzz_open_bytes(const void *data, size_t size, unsigned flags,
                                      vpc_status *status)
{
    char path[4096];
    fuzz_write_temp(data, size, path);
    vpc_db *const unset = (vpc_db *)(uintptr_t)0x1234;
    vpc_db *db = unset;
    vpc_status st = vpc_open_v2(path, flags, &db);
    *status = st;
    if (st != VPC_OK) {
        unlink(path);
        FUZZ_CHECK(fuzz_is_db_status(st));
        FUZZ_CHECK(db == unset);
        return NULL;
    }
    FUZZ_CHECK(db != NULL && db != unset);
    FUZZ_CHECK(vpc_db_path(db) != NULL && strcmp(vpc_db_path(db), path) == 0);
    unlink(path);
    FUZZ_CHECK(!(flags & VPC_OPEN_NO_MMAP) || !vpc_db_mapped(db));
    return db;
}

static inline int fuzz_known_status(vpc_status st)
{
    return (unsigned)st < VPC_STATUS_COUNT;
}

/* A status of a call on an open database: a documented one; on a file
 * that verified, one the undamaged file could give too (never
 * VPC_E_DB_CORRUPT). */
static inline int fuzz_db_status_ok(vpc_status st, int verified)
{
    return fuzz_known_status(st) && !(verified && st == VPC_E_DB_CORRUPT);
}

/* FUZZ_CHECK of a call's status, in a function with an int `verified`. */
#define FUZZ_DB_CHECK(st)                                                                   \
    do {                                                                                    \
        vpc_status fuzz_st_ = (st);                                                         \
        if (!fuzz_db_status_ok(fuzz_st_, verified))                                         \
            fprintf(stderr, "%s:%d: %s gave %s on a file that %s\n", __FILE__, __LINE__,    \
                    #st, vpc_status_name(fuzz_st_), verified ? "verified" : "opened");     \
        FUZZ_CHECK(fuzz_db_status_ok(fuzz_st_, verified));                                  \
    } while (0)

/* Decode a code every way there is. */
static inline void fuzz_decode_all(const vpc_db *db, const char *text, int verified)
{
    static const unsigned flags[] = {0, VPC_FLAG_CHECK_CHAR, VPC_FLAG_SCHEME_CURRENT,
                                     VPC_FLAG_SCHEME_LEGACY,
                                     VPC_FLAG_SCHEME_LEGACY | VPC_FLAG_CHECK_CHAR};
    vpc_cell cell;
    vpc_ward ward;
    vpc_decoded d;
    vpc_code cur, parsed;
    FUZZ_DB_CHECK(vpc_decode(db, text, &cell, &ward));
    if (vpc_code_parse(text, &parsed, NULL) == VPC_OK)
        FUZZ_DB_CHECK(vpc_decode_code(db, &parsed, &cell, &ward));
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        FUZZ_DB_CHECK(vpc_decode_ex(db, text, flags[i], &d));
        FUZZ_DB_CHECK(vpc_convert(db, text, flags[i], &cur));
    }
}

/* A point: look it up (also in nearest-ward mode), encode it (every
 * form), decode what it encodes to. */
static inline void fuzz_point_all(const vpc_db *db, double lat, double lon, int verified)
{
    vpc_ward ward;
    vpc_code code;
    vpc_legacy_unit units[3];
    size_t count;
    double metres;
    char text[VPC_CODE_BUFSIZE];
    FUZZ_DB_CHECK(vpc_lookup(db, lat, lon, &ward));
    FUZZ_DB_CHECK(vpc_lookup_nearest(db, lat, lon, 2000.0, &ward, &metres));
    FUZZ_DB_CHECK(vpc_encode_nearest(db, lat, lon, VPC_TERRITORY_METRES, VPC_FLAG_CHECK_CHAR,
                                     &code, &ward, &metres));
    FUZZ_DB_CHECK(vpc_legacy_lookup(db, lat, lon, units, 3, &count));
    for (unsigned f = 0; f < 4; f++) {
        vpc_status st = vpc_encode(db, lat, lon, f, &code, &ward);
        FUZZ_DB_CHECK(st);
        if (st == VPC_OK && f == VPC_FLAG_CHECK_CHAR &&
            vpc_code_format(&code, 0, text, sizeof text) == VPC_OK)
            fuzz_decode_all(db, text, verified);
    }
}

/* A ward's GeoJSON, in one pass: into a buffer of FUZZ_GEOJSON_ROOM bytes on
 * the heap (so that AddressSanitizer sees a write past it), or sized
 * when it does not fit. */
#define FUZZ_GEOJSON_ROOM 65536

static inline void fuzz_ward_geojson(const vpc_db *db, const char *code, int verified)
{
    char *buf = malloc(FUZZ_GEOJSON_ROOM);
    FUZZ_CHECK(buf != NULL);
    size_t needed = 0;
    vpc_status st = vpc_ward_geojson(db, code, buf, FUZZ_GEOJSON_ROOM, &needed);
    FUZZ_DB_CHECK(st);
    if (st == VPC_OK)
        FUZZ_CHECK(strlen(buf) + 1 == needed);
    if (st == VPC_E_BUFFER_TOO_SMALL)
        FUZZ_CHECK(needed > FUZZ_GEOJSON_ROOM);
    free(buf);
}

/* Everything, on a database that opened; verified: vpc_db_verify passed. */
static inline void fuzz_exercise_db(const vpc_db *db, fuzz_bytes *in, int verified)
{
    const char *key, *value;
    size_t nmeta = vpc_db_metadata_count(db);
    for (size_t i = 0; i < nmeta; i++) {
        vpc_status st = vpc_db_metadata(db, i, &key, &value);
        FUZZ_CHECK(st == VPC_OK || (!verified && st == VPC_E_DB_CORRUPT));
        if (st == VPC_OK)
            FUZZ_CHECK(key != NULL && value != NULL);
    }
    FUZZ_CHECK(vpc_db_metadata(db, nmeta, &key, &value) == VPC_E_INVALID_ARGUMENT);
    FUZZ_CHECK(vpc_db_path(db) != NULL);
    (void)vpc_has_legacy(db);

    size_t np = vpc_province_count(db);
    for (size_t i = 0; i < np && i < 64; i++) {
        vpc_province p, again;
        vpc_status st = vpc_province_at(db, i, &p);
        FUZZ_CHECK(st == VPC_OK || (!verified && st == VPC_E_DB_CORRUPT));
        if (st != VPC_OK)
            continue;
        FUZZ_DB_CHECK(vpc_province_by_code(db, p.code, &again));
        /* Sized only: written, it is its wards' features, written below. */
        size_t needed;
        FUZZ_DB_CHECK(vpc_province_geojson(db, p.code, NULL, 0, &needed));
    }
    FUZZ_CHECK(vpc_province_at(db, np, &(vpc_province){0}) == VPC_E_INVALID_ARGUMENT);

    size_t n = vpc_ward_count(db);
    const char *texts[8];
    char codes[8][VPC_CODE_BUFSIZE];
    double lats[8], lons[8];
    size_t ncodes = 0;
    for (size_t i = 0; i < n && i < 64; i++) {
        vpc_ward w, again;
        vpc_status st = vpc_ward_at(db, i, &w);
        FUZZ_CHECK(st == VPC_OK || (!verified && st == VPC_E_DB_CORRUPT));
        if (st != VPC_OK)
            continue;
        FUZZ_DB_CHECK(vpc_ward_by_code(db, w.code, &again));
        FUZZ_DB_CHECK(vpc_ward_by_postal_code(db, w.postal_code, &again));
        fuzz_ward_geojson(db, w.code, verified);
        fuzz_point_all(db, w.ref_lat, w.ref_lon, verified);
        vpc_ward at;
        FUZZ_DB_CHECK(vpc_lookup(db, w.south, w.west, &at));
        FUZZ_DB_CHECK(vpc_lookup(db, w.north, w.east, &at));
        /* A code of this ward's postal code, recovered from its reference. */
        char text[32];
        snprintf(text, sizeof text, "%.5s 2RHX+FJJ", w.postal_code);
        fuzz_decode_all(db, text, verified);
        snprintf(text, sizeof text, "%.5s 7PH72RHX+FJJ", w.postal_code);
        fuzz_decode_all(db, text, verified);
        vpc_legacy_unit unit;
        char wards[2][6];
        size_t nw;
        FUZZ_DB_CHECK(vpc_legacy_by_postal_code(db, w.postal_code, &unit, wards, 2, &nw));
        if (ncodes < 8) {
            snprintf(codes[ncodes], VPC_CODE_BUFSIZE, "%.5s2RHXFJJ", w.postal_code);
            texts[ncodes] = codes[ncodes];
            lats[ncodes] = w.ref_lat;
            lons[ncodes] = w.ref_lon;
            ncodes++;
        }
    }
    FUZZ_CHECK(vpc_ward_at(db, n, &(vpc_ward){0}) == VPC_E_INVALID_ARGUMENT);
    /* Pre-2025 postal codes of the commune of Hoàn Kiếm and its neighbours. */
    static const char *const old[] = {"11006", "11116", "11117", "11107", "10000"};
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
        vpc_legacy_unit unit;
        char wards[4][6];
        size_t nw;
        char text[32];
        FUZZ_DB_CHECK(vpc_legacy_by_postal_code(db, old[i], &unit, wards, 4, &nw));
        snprintf(text, sizeof text, "%s 2RHX+FJJ", old[i]);
        fuzz_decode_all(db, text, verified);
    }
    /* Batches: their items' statuses as the single calls'. */
    vpc_cell cells[8];
    int ward[8], status[8];
    char out[8 * VPC_CODE_BUFSIZE];
    FUZZ_CHECK(vpc_decode_batch(db, ncodes, texts, 0, cells, ward, status) == VPC_OK);
    for (size_t i = 0; i < ncodes; i++)
        FUZZ_DB_CHECK((vpc_status)status[i]);
    FUZZ_CHECK(vpc_decode_batch(db, ncodes, texts, VPC_FLAG_SCHEME_LEGACY, cells, ward, status) ==
               VPC_OK);
    for (size_t i = 0; i < ncodes; i++)
        FUZZ_DB_CHECK((vpc_status)status[i]);
    FUZZ_CHECK(vpc_lookup_batch(db, ncodes, lats, lons, ward, status) == VPC_OK);
    for (size_t i = 0; i < ncodes; i++)
        FUZZ_DB_CHECK((vpc_status)status[i]);
    FUZZ_CHECK(vpc_encode_batch(db, ncodes, lats, lons, VPC_FLAG_CHECK_CHAR, out, ward, status) ==
               VPC_OK);
    for (size_t i = 0; i < ncodes; i++)
        FUZZ_DB_CHECK((vpc_status)status[i]);
    /* Points from the input. */
    for (int i = 0; i < 4 && in->n > 0; i++) {
        double lat = fuzz_coord(in, 8.0, 24.0);
        double lon = fuzz_coord(in, 102.0, 118.0);
        fuzz_point_all(db, lat, lon, verified);
    }
    fuzz_point_all(db, 21.0287, 105.8490, verified);
    fuzz_point_all(db, 16.406681, 111.9607, verified);
}

/* vpc_db_verify, then everything; whether it verified. */
static inline int fuzz_verify_and_exercise(const vpc_db *db, fuzz_bytes *in)
{
    vpc_status st = vpc_db_verify(db);
    FUZZ_CHECK(st == VPC_OK || st == VPC_E_DB_CORRUPT);
    fuzz_exercise_db(db, in, st == VPC_OK);
    return st == VPC_OK;
}

#endif
