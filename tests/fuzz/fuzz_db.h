/*
 * fuzz_db.h - for the targets that open databases made from their input
 * (fuzz_open, fuzz_dbmutate): writing the bytes to a temporary file, and
 * running every kind of call on a database that opened, so that whatever
 * a damaged file got past vpc_open's checks is read by the lookups.
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

static inline int fuzz_known_status(vpc_status st)
{
    return (unsigned)st < VPC_STATUS_COUNT;
}

/* Decode a code every way there is. */
static inline void fuzz_decode_all(const vpc_db *db, const char *text)
{
    static const unsigned flags[] = {0, VPC_FLAG_CHECK_CHAR, VPC_FLAG_SCHEME_CURRENT,
                                     VPC_FLAG_SCHEME_LEGACY,
                                     VPC_FLAG_SCHEME_LEGACY | VPC_FLAG_CHECK_CHAR};
    vpc_cell cell;
    vpc_ward ward;
    vpc_decoded d;
    vpc_code cur;
    FUZZ_CHECK(fuzz_known_status(vpc_decode(db, text, &cell, &ward)));
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        FUZZ_CHECK(fuzz_known_status(vpc_decode_ex(db, text, flags[i], &d)));
        FUZZ_CHECK(fuzz_known_status(vpc_convert(db, text, flags[i], &cur)));
    }
}

/* A point: look it up, encode it (every form), decode what it encodes to. */
static inline void fuzz_point_all(const vpc_db *db, double lat, double lon)
{
    vpc_ward ward;
    vpc_code code;
    vpc_legacy_unit units[3];
    size_t count;
    char text[VPC_CODE_BUFSIZE];
    FUZZ_CHECK(fuzz_known_status(vpc_lookup(db, lat, lon, &ward)));
    FUZZ_CHECK(fuzz_known_status(vpc_legacy_lookup(db, lat, lon, units, 3, &count)));
    for (unsigned f = 0; f < 4; f++) {
        vpc_status st = vpc_encode(db, lat, lon, f, &code, &ward);
        FUZZ_CHECK(fuzz_known_status(st));
        if (st == VPC_OK && f == VPC_FLAG_CHECK_CHAR &&
            vpc_code_format(&code, 0, text, sizeof text) == VPC_OK)
            fuzz_decode_all(db, text);
    }
}

/* Everything, on a database that opened. */
static inline void fuzz_exercise_db(const vpc_db *db, fuzz_bytes *in)
{
    const char *key, *value;
    size_t nmeta = vpc_db_metadata_count(db);
    for (size_t i = 0; i < nmeta; i++)
        FUZZ_CHECK(vpc_db_metadata(db, i, &key, &value) == VPC_OK && key && value);
    FUZZ_CHECK(vpc_db_path(db) != NULL);
    (void)vpc_has_legacy(db);

    size_t n = vpc_ward_count(db);
    const char *texts[8];
    char codes[8][VPC_CODE_BUFSIZE];
    double lats[8], lons[8];
    size_t ncodes = 0;
    for (size_t i = 0; i < n && i < 64; i++) {
        vpc_ward w, again;
        FUZZ_CHECK(vpc_ward_at(db, i, &w) == VPC_OK);
        FUZZ_CHECK(fuzz_known_status(vpc_ward_by_code(db, w.code, &again)));
        FUZZ_CHECK(fuzz_known_status(vpc_ward_by_postal_code(db, w.postal_code, &again)));
        size_t needed = 0;
        vpc_status st = vpc_ward_geojson(db, w.code, NULL, 0, &needed);
        if (st == VPC_E_BUFFER_TOO_SMALL && needed < (8u << 20)) {
            char *buf = malloc(needed);
            FUZZ_CHECK(vpc_ward_geojson(db, w.code, buf, needed, NULL) == VPC_OK);
            FUZZ_CHECK(strlen(buf) + 1 == needed);
            free(buf);
        }
        fuzz_point_all(db, w.ref_lat, w.ref_lon);
        vpc_ward at;
        FUZZ_CHECK(fuzz_known_status(vpc_lookup(db, w.south, w.west, &at)));
        FUZZ_CHECK(fuzz_known_status(vpc_lookup(db, w.north, w.east, &at)));
        /* A code of this ward's postal code, recovered from its reference. */
        char text[32];
        snprintf(text, sizeof text, "%.5s 2RHX+FJJ", w.postal_code);
        fuzz_decode_all(db, text);
        snprintf(text, sizeof text, "%.5s 7PH72RHX+FJJ", w.postal_code);
        fuzz_decode_all(db, text);
        vpc_legacy_unit unit;
        char wards[2][6];
        size_t nw;
        FUZZ_CHECK(fuzz_known_status(vpc_legacy_by_postal_code(db, w.postal_code, &unit, wards, 2, &nw)));
        if (ncodes < 8) {
            snprintf(codes[ncodes], VPC_CODE_BUFSIZE, "%.5s2RHXFJJ", w.postal_code);
            texts[ncodes] = codes[ncodes];
            lats[ncodes] = w.ref_lat;
            lons[ncodes] = w.ref_lon;
            ncodes++;
        }
    }
    /* Pre-2025 postal codes of the commune of Hoàn Kiếm and its neighbours. */
    static const char *const old[] = {"11006", "11116", "11117", "11107", "10000"};
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++) {
        vpc_legacy_unit unit;
        char wards[4][6];
        size_t nw;
        char text[32];
        FUZZ_CHECK(fuzz_known_status(vpc_legacy_by_postal_code(db, old[i], &unit, wards, 4, &nw)));
        snprintf(text, sizeof text, "%s 2RHX+FJJ", old[i]);
        fuzz_decode_all(db, text);
    }
    /* Batches. */
    vpc_cell cells[8];
    int ward[8], status[8];
    char out[8 * VPC_CODE_BUFSIZE];
    FUZZ_CHECK(vpc_decode_batch(db, ncodes, texts, 0, cells, ward, status) == VPC_OK);
    FUZZ_CHECK(vpc_decode_batch(db, ncodes, texts, VPC_FLAG_SCHEME_LEGACY, cells, ward, status) == VPC_OK);
    FUZZ_CHECK(vpc_lookup_batch(db, ncodes, lats, lons, ward, status) == VPC_OK);
    FUZZ_CHECK(vpc_encode_batch(db, ncodes, lats, lons, VPC_FLAG_CHECK_CHAR, out, ward, status) == VPC_OK);
    /* Points from the input. */
    for (int i = 0; i < 4 && in->n > 0; i++) {
        double lat = fuzz_coord(in, 8.0, 24.0);
        double lon = fuzz_coord(in, 102.0, 118.0);
        fuzz_point_all(db, lat, lon);
    }
    fuzz_point_all(db, 21.0287, 105.8490);
    fuzz_point_all(db, 16.406681, 111.9607);
}

#endif
