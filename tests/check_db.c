/*
 * check_db.c - the embedded database end to end: opening (and refusing bad
 * files), wards, lookups at real places, encode/decode round trips over the
 * whole country, tiles and GeoJSON. Uses the database named by
 * $VPOSTCODE_DB (the one the build made).
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

#define PI 3.14159265358979323846

static vpc_db *db;
static const char *db_path;
static char tmpdir[256];

/* ---- opening ----------------------------------------------------------- */

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

/* The first n bytes of the real database, as a damaged copy would be. */
static void write_truncated(const char *path, size_t n)
{
    FILE *in = fopen(db_path, "rb");
    ck_assert_ptr_nonnull(in);
    char *buf = malloc(n);
    ck_assert_uint_eq(fread(buf, 1, n, in), n);
    fclose(in);
    write_file(path, buf, n);
    free(buf);
}

static int run_sql(const char *path, const char *sql)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", path, sql);
    return system(cmd);
}

static int pack(const char *sqlite_path, const char *out)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' >/dev/null 2>&1", getenv("VPC_PACK"), sqlite_path,
             out);
    return system(cmd);
}

START_TEST(test_open_errors)
{
    char path[512], runtime[512];
    vpc_db *d = (vpc_db *)&path; /* must stay untouched on failure */
    vpc_db *before = d;

    snprintf(path, sizeof path, "%s/missing.vpc", tmpdir);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_NOT_FOUND);
    snprintf(path, sizeof path, "%s/no/such/dir/x.vpc", tmpdir);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_NOT_FOUND);
    ck_assert_int_eq(vpc_open(tmpdir, &d), VPC_E_DB_UNREADABLE); /* a directory */

    snprintf(path, sizeof path, "%s/empty.vpc", tmpdir);
    write_file(path, "", 0);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_CORRUPT);

    snprintf(path, sizeof path, "%s/random.vpc", tmpdir);
    unsigned char junk[8192];
    uint64_t rng = 7;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)test_rand_next(&rng);
    write_file(path, junk, sizeof junk);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_CORRUPT);
    memcpy(junk, "VPCDB\0\r\n", 8); /* the right magic, garbage after it */
    write_file(path, junk, sizeof junk);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_CORRUPT);

    snprintf(path, sizeof path, "%s/truncated.vpc", tmpdir);
    write_truncated(path, 1 << 20);
    vpc_status st = vpc_open(path, &d);
    ck_assert_msg(st == VPC_E_DB_CORRUPT, "truncated: %s", vpc_status_name(st));

    /* SQLite files: opened through the runtime file next to them. */
    snprintf(path, sizeof path, "%s/other.sqlite", tmpdir);
    ck_assert_int_eq(run_sql(path, "CREATE TABLE orders(id INTEGER, lat REAL, lon REAL);"), 0);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_SCHEMA); /* not a vpostcode database */

    snprintf(path, sizeof path, "%s/newer.sqlite", tmpdir);
    ck_assert_int_eq(run_sql(path, "CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT);"
                                   " INSERT INTO metadata VALUES('schema_version','2');"
                                   " INSERT INTO metadata VALUES('build_id','x');"), 0);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_SCHEMA);

    snprintf(path, sizeof path, "%s/alone.sqlite", tmpdir);
    ck_assert_int_eq(run_sql(path, "CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT);"
                                   " INSERT INTO metadata VALUES('schema_version','1');"
                                   " INSERT INTO metadata VALUES('build_id','x');"), 0);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_NOT_FOUND); /* no alone.vpc */
    /* A runtime file built from another database: stale. */
    snprintf(runtime, sizeof runtime, "%s/alone.vpc", tmpdir);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", db_path, runtime);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(vpc_open(path, &d), VPC_E_DB_STALE);
    unlink(runtime);

    /* The packer refuses what the loader used to refuse: a pre-2025 unit
     * listed twice (its table without the primary key), which makes the
     * joins give more rows than communes. */
    if (vpc_has_legacy(db)) {
        snprintf(path, sizeof path, "%s/duplicate-unit.sqlite", tmpdir);
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", getenv("VPOSTCODE_SQLITE"), path);
        ck_assert_int_eq(system(cmd), 0);
        ck_assert_int_eq(run_sql(path, "CREATE TABLE u2 AS SELECT * FROM legacy_units;"
                                       " DROP TABLE legacy_units;"
                                       " CREATE TABLE legacy_units AS SELECT * FROM u2"
                                       " UNION ALL SELECT * FROM u2 WHERE code = '01';"
                                       " DROP TABLE u2;"), 0);
        snprintf(runtime, sizeof runtime, "%s/duplicate-unit.vpc", tmpdir);
        ck_assert_int_ne(pack(path, runtime), 0);
        ck_assert_int_ne(access(runtime, F_OK), 0); /* nothing written */
        unlink(path);
    }

    ck_assert_int_eq(vpc_open(db_path, NULL), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_open_v2(db_path, 4u, &d), VPC_E_INVALID_ARGUMENT);
    ck_assert_ptr_eq(d, before);

    /* The SQLite database opens through its runtime file, and so does the
     * runtime file itself, mapped or read: the same database. */
    const char *sqlite_path = getenv("VPOSTCODE_SQLITE");
    char rp[1024], want[1024];
    size_t needed = 0;
    ck_assert_int_eq(vpc_runtime_path(db_path, rp, sizeof rp, &needed), VPC_OK);
    ck_assert_str_eq(rp, db_path);
    ck_assert_uint_eq(needed, strlen(db_path) + 1);
    snprintf(want, sizeof want, "%.*s.vpc", (int)(strlen(sqlite_path) - 7), sqlite_path);
    ck_assert_int_eq(vpc_runtime_path(sqlite_path, rp, sizeof rp, NULL), VPC_OK);
    ck_assert_str_eq(rp, want);
    memcpy(rp, "untouched", 10);
    ck_assert_int_eq(vpc_runtime_path(sqlite_path, rp, 4, &needed), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(needed, strlen(want) + 1);
    ck_assert_str_eq(rp, "untouched");
    vpc_db *a = NULL, *b = NULL;
    ck_assert_int_eq(vpc_open(sqlite_path, &a), VPC_OK);
    ck_assert_str_eq(vpc_db_path(a), sqlite_path);
    ck_assert_int_eq(vpc_open_v2(db_path, VPC_OPEN_NO_MMAP | VPC_OPEN_VERIFY, &b), VPC_OK);
    ck_assert_int_eq(vpc_db_mapped(a), 1);
    ck_assert_int_eq(vpc_db_mapped(b), 0);
    ck_assert_int_eq(vpc_db_verify(a), VPC_OK);
    ck_assert_uint_eq(vpc_ward_count(a), vpc_ward_count(b));
    vpc_close(a);
    vpc_close(b);
}
END_TEST

/* Opening reads the file and never writes it, also when it is read-only. */
START_TEST(test_open_readonly)
{
    char path[512], cmd[1200];
    struct stat a, b;
    snprintf(path, sizeof path, "%s/readonly.vpc", tmpdir);
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && chmod 0444 '%s'", db_path, path, path);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(stat(path, &a), 0);
    vpc_db *d = NULL;
    ck_assert_int_eq(vpc_open(path, &d), VPC_OK);
    ck_assert_str_eq(vpc_db_path(d), path);
    vpc_code code;
    vpc_cell cell;
    ck_assert_int_eq(vpc_encode(d, 21.0287, 105.8490, 0, &code, NULL), VPC_OK);
    ck_assert_int_eq(vpc_decode(d, "11024 2RHX+FJJ", &cell, NULL), VPC_OK);
    vpc_close(d);
    ck_assert_int_eq(stat(path, &b), 0);
    ck_assert(a.st_size == b.st_size && a.st_mtime == b.st_mtime);
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", db_path, path);
    ck_assert_int_eq(system(cmd), 0); /* byte for byte as it was */
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -c readonly.vpc. >/dev/null", tmpdir);
    ck_assert_int_ne(system(cmd), 0); /* no journal or WAL file next to it */
    vpc_close(NULL);
}
END_TEST

/* ---- contents ----------------------------------------------------------- */

START_TEST(test_metadata_and_wards)
{
    const char *k, *v;
    int seen_version = 0;
    ck_assert_uint_gt(vpc_db_metadata_count(db), 5);
    for (size_t i = 0; i < vpc_db_metadata_count(db); i++) {
        ck_assert_int_eq(vpc_db_metadata(db, i, &k, &v), VPC_OK);
        if (strcmp(k, "schema_version") == 0)
            seen_version = strcmp(v, "1") == 0;
        if (strcmp(k, "ward_count") == 0)
            ck_assert_str_eq(v, "3321");
        if (strcmp(k, "province_count") == 0)
            ck_assert_str_eq(v, "34");
    }
    ck_assert(seen_version);
    ck_assert_int_eq(vpc_db_metadata(db, 100000, &k, &v), VPC_E_INVALID_ARGUMENT);

    ck_assert_uint_eq(vpc_ward_count(db), 3321);
    char provinces[100] = {0};
    int nprov = 0, nlong = 0;
    for (size_t i = 0; i < vpc_ward_count(db); i++) {
        vpc_ward w, by_code, by_postal;
        ck_assert_int_eq(vpc_ward_at(db, i, &w), VPC_OK);
        ck_assert_int_eq(vpc_ward_by_code(db, w.code, &by_code), VPC_OK);
        ck_assert_int_eq(vpc_ward_by_postal_code(db, w.postal_code, &by_postal), VPC_OK);
        ck_assert_str_eq(by_code.code, w.code);
        ck_assert_str_eq(by_postal.code, w.code);
        ck_assert(w.unit_type >= VPC_UNIT_WARD && w.unit_type <= VPC_UNIT_SPECIAL_ZONE);
        ck_assert(w.south < w.north && w.west < w.east);
        ck_assert(w.ref_lat >= w.south && w.ref_lat <= w.north);
        /* A ward's postal code starts with one of its province's prefixes. */
        char prefix[3] = {w.postal_code[0], w.postal_code[1], 0};
        ck_assert_msg(strstr(w.province.postal_prefixes, prefix) != NULL, "%s %s in %s",
                      w.code, w.postal_code, w.province.postal_prefixes);
        int pc = atoi(w.province.code);
        if (!provinces[pc]++)
            nprov++;
        nlong += w.long_form;
    }
    ck_assert_int_eq(nprov, 34);
    ck_assert_int_gt(nlong, 0);

    vpc_ward w;
    ck_assert_int_eq(vpc_ward_at(db, 3321, &w), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_ward_by_code(db, "99999", &w), VPC_E_UNKNOWN_WARD);
    ck_assert_int_eq(vpc_ward_by_code(db, "0007", &w), VPC_E_UNKNOWN_WARD);
    ck_assert_int_eq(vpc_ward_by_postal_code(db, "00000", &w), VPC_E_UNKNOWN_POSTAL_CODE);
    ck_assert_int_eq(vpc_ward_by_postal_code(db, "1102", &w), VPC_E_POSTAL_CODE);
    ck_assert_int_eq(vpc_ward_by_postal_code(db, NULL, &w), VPC_E_NULL_ARGUMENT);
}
END_TEST

/* Well-known places and the ward they are in (since 1 July 2025). */
static const struct {
    const char *place;
    double lat, lon;
    const char *ward_code, *postal_code, *ward_name, *province_code;
} places[] = {
#include "places.inc"
};

START_TEST(test_real_places)
{
    vpc_ward w;
    vpc_code code;
    vpc_cell cell;
    ck_assert_int_eq(vpc_lookup(db, places[_i].lat, places[_i].lon, &w), VPC_OK);
    ck_assert_msg(strcmp(w.code, places[_i].ward_code) == 0, "%s: %s %s", places[_i].place,
                  w.code, w.name);
    ck_assert_str_eq(w.postal_code, places[_i].postal_code);
    ck_assert_str_eq(w.name, places[_i].ward_name);
    ck_assert_str_eq(w.province.code, places[_i].province_code);
    ck_assert_int_eq(vpc_encode(db, places[_i].lat, places[_i].lon, 0, &code, &w), VPC_OK);
    ck_assert_str_eq(code.postal, places[_i].postal_code);
    ck_assert_int_eq(vpc_decode_code(db, &code, &cell, &w), VPC_OK);
    ck_assert(cell.south <= places[_i].lat && places[_i].lat < cell.north);
    ck_assert(cell.west <= places[_i].lon && places[_i].lon < cell.east);
}
END_TEST

START_TEST(test_lookup_errors)
{
    vpc_ward w;
    memset(&w, 0x5a, sizeof w);
    vpc_ward before = w;
    ck_assert_int_eq(vpc_lookup(db, NAN, 105.8, &w), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_lookup(db, 21.0, INFINITY, &w), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_lookup(db, 91.0, 105.8, &w), VPC_E_LATITUDE_RANGE);
    ck_assert_int_eq(vpc_lookup(db, 21.0, -180.5, &w), VPC_E_LONGITUDE_RANGE);
    ck_assert_int_eq(vpc_lookup(db, 13.7563, 100.5018, &w), VPC_E_OUTSIDE_VIETNAM); /* Bangkok */
    ck_assert_int_eq(vpc_lookup(db, 48.8584, 2.2945, &w), VPC_E_OUTSIDE_VIETNAM);   /* Paris */
    ck_assert_int_eq(vpc_lookup(db, -0.0, -0.0, &w), VPC_E_OUTSIDE_VIETNAM);
    ck_assert_int_eq(vpc_lookup(db, 89.9, 105.0, &w), VPC_E_OUTSIDE_VIETNAM);
    /* In no ward: more than 12 nautical miles from every ward is outside
     * Vietnam, closer is no ward (docs/SPEC.md). */
    ck_assert_int_eq(vpc_lookup(db, 17.9757, 102.6331, &w), VPC_E_OUTSIDE_VIETNAM); /* Vientiane */
    ck_assert_int_eq(vpc_lookup(db, 18.5, 107.5, &w), VPC_E_OUTSIDE_VIETNAM); /* Gulf of Tonkin */
    ck_assert_int_eq(vpc_lookup(db, 12.0, 113.0, &w), VPC_E_OUTSIDE_VIETNAM); /* East Sea */
    ck_assert_int_eq(vpc_lookup(db, 16.06, 108.27, &w), VPC_E_NO_WARD);       /* off Đà Nẵng */
    ck_assert(memcmp(&w, &before, sizeof w) == 0);
    ck_assert_int_eq(vpc_lookup(NULL, 21.0, 105.8, &w), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_lookup(db, 21.0, 105.8, NULL), VPC_E_NULL_ARGUMENT);

    vpc_code c;
    ck_assert_int_eq(vpc_encode(db, 18.5, 107.5, 0, &c, NULL), VPC_E_OUTSIDE_VIETNAM);
    ck_assert_int_eq(vpc_encode(db, 16.06, 108.27, 0, &c, NULL), VPC_E_NO_WARD);
    ck_assert_int_eq(vpc_encode(db, 21.0285, 105.8542, VPC_FLAG_DISPLAY, &c, NULL),
                     VPC_E_INVALID_ARGUMENT);
}
END_TEST

/* decode(encode(p)) contains p, in p's own ward, for points all over. */
START_TEST(test_roundtrip_country)
{
    uint64_t rng = 42;
    int done = 0, long_forms = 0, with_check = 0;
    while (done < test_scaled(100000)) {
        double lat = test_rand_uniform(&rng, 7.18, 23.39), lon = test_rand_uniform(&rng, 102.14, 117.83);
        vpc_ward w, w2;
        vpc_code code, parsed;
        vpc_cell cell;
        char text[VPC_CODE_BUFSIZE];
        vpc_status st = vpc_lookup(db, lat, lon, &w);
        if (st != VPC_OK) {
            ck_assert_msg(st == VPC_E_NO_WARD || st == VPC_E_OUTSIDE_VIETNAM, "%.7f %.7f: %s",
                          lat, lon, vpc_status_name(st));
            continue;
        }
        unsigned flags = done % 5 == 0 ? VPC_FLAG_CHECK_CHAR : 0;
        ck_assert_int_eq(vpc_encode(db, lat, lon, flags, &code, &w2), VPC_OK);
        ck_assert_str_eq(w2.code, w.code);
        ck_assert_str_eq(code.postal, w.postal_code);
        ck_assert_int_eq(code.form, w.long_form ? VPC_FORM_LONG : VPC_FORM_STANDARD);
        ck_assert_int_eq(vpc_code_format(&code, done % 2 ? VPC_FLAG_DISPLAY : 0, text, sizeof text), VPC_OK);
        ck_assert_int_eq(vpc_code_parse(text, &parsed, NULL), VPC_OK);
        st = vpc_decode(db, text, &cell, &w2);
        ck_assert_msg(st == VPC_OK, "%s: %s", text, vpc_status_name(st));
        ck_assert_str_eq(w2.code, w.code);
        ck_assert_msg(cell.south <= lat && lat < cell.north && cell.west <= lon && lon < cell.east,
                      "%.9f %.9f -> %s", lat, lon, text);
        long_forms += code.form == VPC_FORM_LONG;
        with_check += code.check != 0;
        done++;
    }
    ck_assert_int_gt(with_check, 0);
    printf("round trip: %d points, %d of them in long-form wards\n", done, long_forms);
}
END_TEST

/* Points of the wards that need the long form get long codes and come
 * back; a standard code forced on them still decodes near the reference. */
START_TEST(test_long_form_wards)
{
    uint64_t rng = 9;
    int wards = 0;
    for (size_t i = 0; i < vpc_ward_count(db); i++) {
        vpc_ward w;
        vpc_ward_at(db, i, &w);
        if (!w.long_form)
            continue;
        wards++;
        int found = 0;
        for (int tries = 0; tries < 20000 && found < 50; tries++) {
            double lat = test_rand_uniform(&rng, w.south, w.north);
            double lon = test_rand_uniform(&rng, w.west, w.east);
            vpc_ward in;
            vpc_code code;
            vpc_cell cell;
            if (vpc_lookup(db, lat, lon, &in) != VPC_OK || strcmp(in.code, w.code) != 0)
                continue;
            found++;
            ck_assert_int_eq(vpc_encode(db, lat, lon, 0, &code, NULL), VPC_OK);
            ck_assert_int_eq(code.form, VPC_FORM_LONG);
            ck_assert_int_eq(vpc_decode_code(db, &code, &cell, NULL), VPC_OK);
            ck_assert(cell.south <= lat && lat < cell.north && cell.west <= lon && lon < cell.east);
        }
        ck_assert_msg(found > 0, "no point found in long-form ward %s", w.code);
    }
    ck_assert_int_gt(wards, 0);
}
END_TEST

START_TEST(test_decode_errors_and_warning)
{
    vpc_cell cell;
    vpc_ward w;
    vpc_code code, other;
    ck_assert_int_eq(vpc_decode(db, "00000 2VH3+CM4", &cell, &w), VPC_E_UNKNOWN_POSTAL_CODE);
    ck_assert_int_eq(vpc_decode(db, "11024 2VH3+CM", &cell, &w), VPC_E_CODE_LENGTH);
    ck_assert_int_eq(vpc_decode(db, "11024 2VH3+CM4-Q", &cell, &w), VPC_E_CHECK_CHARACTER);
    ck_assert_int_eq(vpc_decode(db, NULL, &cell, &w), VPC_E_NULL_ARGUMENT);

    /* A code made in Hà Nội with the postal code of a ward of Hồ Chí Minh
     * City: the cell recovers near that ward's reference point, outside it. */
    ck_assert_int_eq(vpc_encode(db, 21.0288, 105.8525, 0, &code, &w), VPC_OK);
    ck_assert_int_eq(vpc_encode(db, 10.7725, 106.6980, 0, &other, NULL), VPC_OK);
    memcpy(code.postal, other.postal, sizeof code.postal);
    memset(&cell, 0, sizeof cell);
    vpc_status st = vpc_decode_code(db, &code, &cell, &w);
    ck_assert_int_eq(st, VPC_W_OUTSIDE_WARD);
    ck_assert(vpc_is_warning(st));
    ck_assert(cell.length == 11); /* outputs are written with the warning */
    ck_assert_str_eq(w.postal_code, other.postal);
}
END_TEST

START_TEST(test_tiles_and_geojson)
{
    vpc_cell cell;
    vpc_tile tiles[4];
    size_t n = 0, needed = 0;
    ck_assert_int_eq(vpc_decode(db, "", &cell, NULL), VPC_E_EMPTY);
    vpc_code code;
    ck_assert_int_eq(vpc_encode(db, 21.0288, 105.8525, 0, &code, NULL), VPC_OK);
    ck_assert_int_eq(vpc_decode_code(db, &code, &cell, NULL), VPC_OK);

    /* The tile of a point by the web-map formula, written out here. */
    for (int z = 0; z <= 22; z++) {
        double nz = ldexp(1.0, z), phi = cell.lat * PI / 180.0;
        long tx = (long)floor((cell.lon + 180.0) / 360.0 * nz);
        long ty = (long)floor((1.0 - log(tan(phi) + 1.0 / cos(phi)) / PI) / 2.0 * nz);
        ck_assert_int_eq(vpc_cell_tiles(&cell, z, tiles, 4, &n), VPC_OK);
        ck_assert(n >= 1 && n <= 4);
        int has = 0;
        for (size_t i = 0; i < n; i++)
            has |= tiles[i].z == z && tiles[i].x == tx && tiles[i].y == ty;
        ck_assert_msg(has, "zoom %d: tile %ld/%ld missing", z, tx, ty);
    }
    ck_assert_int_eq(vpc_cell_tiles(&cell, 15, tiles, 4, &n), VPC_OK);
    ck_assert_int_eq((int)n, 1); /* a 3 m cell is inside one 1 km tile here */
    ck_assert_int_eq(vpc_cell_tiles(&cell, 31, tiles, 4, &n), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_cell_tiles(&cell, 30, tiles, 0, &n), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(n, 4); /* tiles of 4 cm: the cell spans many */

    char small[16] = "untouched";
    ck_assert_int_eq(vpc_cell_geojson(&cell, small, sizeof small, &needed), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(needed, 100);
    char *buf = malloc(needed);
    ck_assert_int_eq(vpc_cell_geojson(&cell, buf, needed, NULL), VPC_OK);
    ck_assert_uint_eq(strlen(buf) + 1, needed);
    ck_assert_ptr_nonnull(strstr(buf, "\"type\":\"Polygon\""));
    free(buf);

    vpc_ward w;
    ck_assert_int_eq(vpc_lookup(db, 21.0288, 105.8525, &w), VPC_OK);
    ck_assert_int_eq(vpc_ward_geojson(db, w.code, NULL, 0, &needed), VPC_E_BUFFER_TOO_SMALL);
    buf = malloc(needed);
    ck_assert_int_eq(vpc_ward_geojson(db, w.code, buf, needed, NULL), VPC_OK);
    ck_assert_uint_eq(strlen(buf) + 1, needed);
    ck_assert_ptr_nonnull(strstr(buf, "\"type\":\"MultiPolygon\",\"coordinates\":[[[["));
    ck_assert_ptr_nonnull(strstr(buf, "]]]]},\"properties\":{\"code\":\""));
    ck_assert_ptr_nonnull(strstr(buf, w.name));
    free(buf);
    ck_assert_int_eq(vpc_ward_geojson(db, "99999", NULL, 0, &needed), VPC_E_UNKNOWN_WARD);
}
END_TEST

/* Even-odd crossing over every ring: inside the ward's boundary. */
static int inside(const vpc_ring *rings, size_t nr, const double *v, double lat, double lon)
{
    int in = 0;
    for (size_t r = 0; r < nr; r++) {
        const double *p = v + 2 * rings[r].first;
        for (size_t i = 0, j = rings[r].count - 1; i < rings[r].count; j = i++) {
            double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
                in = !in;
        }
    }
    return in;
}

/* A ward's boundary as numbers: the GeoJSON's vertices in its order;
 * Tháp Rùa inside Phường Hoàn Kiếm, Văn Miếu not; sizes asked first;
 * arrays too small left untouched. */
START_TEST(test_ward_boundary)
{
    size_t nr = 0, nv = 0, needed = 0;
    ck_assert_int_eq(vpc_ward_boundary(db, "00070", NULL, 0, &nr, NULL, 0, &nv),
                     VPC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(nr, 0);
    ck_assert_uint_ge(nv, 4 * nr);
    vpc_ring *rings = malloc(nr * sizeof *rings);
    double *v = malloc(2 * nv * sizeof *v);
    double mark = -1234.5;
    for (size_t i = 0; i < 2 * nv; i++)
        v[i] = mark;
    ck_assert_int_eq(vpc_ward_boundary(db, "00070", rings, nr, NULL, v, nv - 1, NULL),
                     VPC_E_BUFFER_TOO_SMALL);
    for (size_t i = 0; i < 2 * nv; i++)
        ck_assert(v[i] == mark);
    ck_assert_int_eq(vpc_ward_boundary(db, "00070", rings, nr, NULL, v, nv, NULL), VPC_OK);
    ck_assert_int_eq(rings[0].outer, 1);
    ck_assert(inside(rings, nr, v, 21.0288, 105.8525));  /* Tháp Rùa */
    ck_assert(!inside(rings, nr, v, 21.0293, 105.8355)); /* Văn Miếu */

    /* The same vertices, in the same order, as the GeoJSON. */
    ck_assert_int_eq(vpc_ward_geojson(db, "00070", NULL, 0, &needed), VPC_E_BUFFER_TOO_SMALL);
    char *g = malloc(needed), *mine = malloc(needed);
    ck_assert_int_eq(vpc_ward_geojson(db, "00070", g, needed, NULL), VPC_OK);
    size_t len = 0;
    for (size_t k = 0; k < nv; k++)
        len += (size_t)snprintf(mine + len, needed - len, "[%.7f,%.7f]", v[2 * k], v[2 * k + 1]);
    size_t glen = 0;
    for (const char *p = strstr(g, "[[[[") + 3; *p && strncmp(p, "]]]]", 4) != 0; p++) {
        if (p[0] == '[' && p[1] != '[') { /* a vertex: copy "[x,y]" */
            const char *e = strchr(p, ']');
            memmove(g + glen, p, (size_t)(e - p + 1));
            glen += (size_t)(e - p + 1);
            p = e;
        }
    }
    g[glen] = '\0';
    ck_assert_str_eq(g, mine);
    free(g);
    free(mine);
    free(rings);
    free(v);
    ck_assert_int_eq(vpc_ward_boundary(db, "99999", NULL, 0, &nr, NULL, 0, &nv), VPC_E_UNKNOWN_WARD);
    ck_assert_int_eq(vpc_ward_boundary(db, "0007", NULL, 0, &nr, NULL, 0, &nv), VPC_E_UNKNOWN_WARD);
    ck_assert_int_eq(vpc_ward_boundary(db, NULL, NULL, 0, &nr, NULL, 0, &nv), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_ward_boundary(db, "00070", NULL, 3, &nr, NULL, 0, &nv),
                     VPC_E_NULL_ARGUMENT);
}
END_TEST

/* Provinces: 34, in GSO code order, every ward in exactly one; bad codes
 * are VPC_E_UNKNOWN_PROVINCE and leave the output untouched. */
START_TEST(test_provinces)
{
    vpc_province p, before;
    vpc_ward w;
    ck_assert_uint_eq(vpc_province_count(db), 34);
    ck_assert_uint_eq(vpc_province_count(NULL), 0);
    size_t total = 0;
    char prev[3] = "";
    for (size_t i = 0; i < vpc_province_count(db); i++) {
        ck_assert_int_eq(vpc_province_at(db, i, &p), VPC_OK);
        ck_assert_msg(strcmp(prev, p.code) < 0, "%s then %s", prev, p.code);
        memcpy(prev, p.code, sizeof prev);
        vpc_province q;
        ck_assert_int_eq(vpc_province_by_code(db, p.code, &q), VPC_OK);
        ck_assert_str_eq(q.name, p.name);
        size_t n = 0;
        for (size_t k = 0; k < vpc_ward_count(db); k++) {
            ck_assert_int_eq(vpc_ward_at(db, k, &w), VPC_OK);
            n += strcmp(w.province.code, p.code) == 0;
        }
        ck_assert_msg(n > 0, "province %s has no ward", p.code);
        total += n;
    }
    ck_assert_uint_eq(total, 3321);
    ck_assert_int_eq(vpc_province_at(db, 34, &p), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_province_by_code(db, "01", &p), VPC_OK);
    ck_assert_str_eq(p.name, "Thành phố Hà Nội");
    const char *bad[] = {"99", "1", "001", "", "ab"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&p, 0x5a, sizeof p);
        before = p;
        vpc_status st = vpc_province_by_code(db, bad[i], &p);
        ck_assert_msg(st == VPC_E_UNKNOWN_PROVINCE || st == VPC_E_INVALID_ARGUMENT,
                      "\"%s\": %d", bad[i], (int)st);
        ck_assert_msg(memcmp(&p, &before, sizeof p) == 0, "\"%s\" wrote its output", bad[i]);
    }
    ck_assert_int_eq(vpc_province_by_code(db, "99", &p), VPC_E_UNKNOWN_PROVINCE);
    ck_assert_int_eq(vpc_province_by_code(db, NULL, &p), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_province_by_code(NULL, "01", &p), VPC_E_NULL_ARGUMENT);

    /* GeoJSON: a FeatureCollection with one Feature per ward of the province. */
    size_t needed = 0;
    ck_assert_int_eq(vpc_province_geojson(db, "01", NULL, 0, &needed), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(needed, 0);
    char *buf = malloc(needed);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(vpc_province_geojson(db, "01", buf, needed, NULL), VPC_OK);
    ck_assert_ptr_nonnull(strstr(buf, "\"FeatureCollection\""));
    size_t features = 0, wards01 = 0;
    for (const char *s = buf; (s = strstr(s, "\"Feature\"")) != NULL; s++)
        features++;
    for (size_t k = 0; k < vpc_ward_count(db); k++) {
        vpc_ward_at(db, k, &w);
        wards01 += strcmp(w.province.code, "01") == 0;
    }
    ck_assert_uint_eq(features, wards01);
    free(buf);
    ck_assert_int_eq(vpc_province_geojson(db, "99", NULL, 0, &needed), VPC_E_UNKNOWN_PROVINCE);
}
END_TEST

int main(void)
{
    db_path = getenv("VPOSTCODE_DB");
    if (db_path == NULL || *db_path == '\0') {
        fprintf(stderr, "VPOSTCODE_DB is not set\n");
        return 1;
    }
    vpc_status st = vpc_open(NULL, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: %s\n", db_path, vpc_strerror(st));
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_db.XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return 1;

    Suite *s = suite_create("db");
    TCase *tc = tcase_create("db");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_open_errors);
    tcase_add_test(tc, test_open_readonly);
    tcase_add_test(tc, test_metadata_and_wards);
    tcase_add_loop_test(tc, test_real_places, 0, (int)(sizeof places / sizeof places[0]));
    tcase_add_test(tc, test_lookup_errors);
    tcase_add_test(tc, test_roundtrip_country);
    tcase_add_test(tc, test_long_form_wards);
    tcase_add_test(tc, test_decode_errors_and_warning);
    tcase_add_test(tc, test_tiles_and_geojson);
    tcase_add_test(tc, test_ward_boundary);
    tcase_add_test(tc, test_provinces);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = EXIT_FAILURE;
    vpc_close(db);
    return rc;
}
