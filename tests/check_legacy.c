/*
 * check_legacy.c - codes issued before the 2025 reform.
 *
 * The facts come from the database's own tables, read here with plain SQL
 * (old postal code -> old commune -> the current wards it became, and the
 * commune's reference point). A point inside one of those wards, coded the
 * way codes were issued then (old postal code, location recovered from the
 * commune's reference point), must decode to the same point and convert to
 * the code that encoding the point gives today.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <sqlite3.h> /* before spatialite.h */
#include <spatialite.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

static vpc_db *db;
static sqlite3 *sql;

typedef struct {
    char postal[6], commune[6];
    double ref_lat, ref_lon;
    int long_form;
    char wards[16][6];
    int nwards;
    int ambiguous; /* also a current postal code */
} old_commune;

static old_commune *communes;
static int ncommunes;

static int load(void)
{
    sqlite3_stmt *st;
    const char *q =
        "SELECT c.postal_code, c.code, c.ref_lat, c.ref_lon, c.long_form, m.new_code,"
        " EXISTS (SELECT 1 FROM wards w WHERE w.postal_code = c.postal_code)"
        " FROM legacy_communes c JOIN legacy_map m ON m.old_code = c.code"
        " WHERE c.postal_code IS NOT NULL AND c.ref_lat IS NOT NULL ORDER BY c.code, m.new_code";
    if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK)
        return 0;
    communes = calloc(12000, sizeof *communes);
    while (sqlite3_step(st) == SQLITE_ROW && ncommunes < 12000) {
        const char *code = (const char *)sqlite3_column_text(st, 1);
        old_commune *c = ncommunes > 0 ? &communes[ncommunes - 1] : NULL;
        if (c == NULL || strcmp(c->commune, code) != 0) {
            c = &communes[ncommunes++];
            snprintf(c->postal, 6, "%s", (const char *)sqlite3_column_text(st, 0));
            snprintf(c->commune, 6, "%s", code);
            c->ref_lat = sqlite3_column_double(st, 2);
            c->ref_lon = sqlite3_column_double(st, 3);
            c->long_form = sqlite3_column_int(st, 4);
            c->ambiguous = sqlite3_column_int(st, 6);
        }
        if (c->nwards < 16)
            snprintf(c->wards[c->nwards++], 6, "%s", (const char *)sqlite3_column_text(st, 5));
    }
    sqlite3_finalize(st);
    return ncommunes > 1000;
}

/* A random point inside current ward `code`, by the library's own lookup. */
static int point_in_ward(uint64_t *rng, const char *code, double *lat, double *lon)
{
    vpc_ward w, at;
    if (vpc_ward_by_code(db, code, &w) != VPC_OK)
        return 0;
    for (int tries = 0; tries < 2000; tries++) {
        *lat = test_rand_uniform(rng, w.south, w.north);
        *lon = test_rand_uniform(rng, w.west, w.east);
        if (vpc_lookup(db, *lat, *lon, &at) == VPC_OK && strcmp(at.code, code) == 0)
            return 1;
    }
    return 0;
}

/* The code as it was issued before 2025: old postal code, location from
 * the old commune's reference point. */
static void old_code(const old_commune *c, double lat, double lon, char *text)
{
    vpc_code code;
    unsigned flags = c->long_form ? VPC_FLAG_LONG_FORM : 0;
    vpc_status st = vpc_code_make(c->postal, lat, lon, c->ref_lat, c->ref_lon, flags, &code);
    if (st == VPC_E_NEEDS_LONG_FORM)
        st = vpc_code_make(c->postal, lat, lon, c->ref_lat, c->ref_lon, VPC_FLAG_LONG_FORM, &code);
    ck_assert_int_eq(st, VPC_OK);
    ck_assert_int_eq(vpc_code_format(&code, 0, text, VPC_CODE_BUFSIZE), VPC_OK);
}

static int contains(const vpc_cell *c, double lat, double lon)
{
    return c->south <= lat && lat < c->north && c->west <= lon && lon < c->east;
}

/* Every tenth old commune with a postal code: decode and convert. */
START_TEST(test_old_codes_decode_and_convert)
{
    uint64_t rng = 11;
    int done = 0, auto_legacy = 0;
    for (int i = 0; i < ncommunes; i += 10 * test_scale()) {
        const old_commune *c = &communes[i];
        double lat, lon;
        if (!point_in_ward(&rng, c->wards[test_rand_next(&rng) % (uint64_t)c->nwards], &lat, &lon))
            continue;
        char text[VPC_CODE_BUFSIZE], today[VPC_CODE_BUFSIZE], got[VPC_CODE_BUFSIZE];
        old_code(c, lat, lon, text);
        vpc_decoded d;
        vpc_status st = vpc_decode_ex(db, text, VPC_FLAG_SCHEME_LEGACY, &d);
        ck_assert_msg(st == VPC_OK, "%s (commune %s): %s", text, c->commune, vpc_status_name(st));
        ck_assert_int_eq(d.scheme, VPC_SCHEME_LEGACY);
        ck_assert_str_eq(d.legacy.commune_code, c->commune);
        ck_assert_str_eq(d.legacy.postal_code, c->postal);
        ck_assert_msg(contains(&d.cell, lat, lon), "%s: %.7f %.7f not in its cell", text, lat, lon);

        vpc_code now, conv;
        ck_assert_int_eq(vpc_encode(db, lat, lon, 0, &now, NULL), VPC_OK);
        vpc_code_format(&now, 0, today, sizeof today);
        ck_assert_int_eq(vpc_convert(db, text, VPC_FLAG_SCHEME_LEGACY, &conv), VPC_OK);
        vpc_code_format(&conv, 0, got, sizeof got);
        ck_assert_msg(strcmp(got, today) == 0, "%s converts to %s, the point's code is %s", text, got, today);

        /* Without a forced scheme: a number only of before 2025 is read so,
         * by vpc_decode_ex and by the plain vpc_decode. */
        if (!c->ambiguous) {
            vpc_cell cell;
            vpc_ward ward_now;
            ck_assert_int_eq(vpc_decode_ex(db, text, 0, &d), VPC_OK);
            ck_assert_int_eq(d.scheme, VPC_SCHEME_LEGACY);
            ck_assert_int_eq(vpc_decode(db, text, &cell, &ward_now), VPC_OK);
            ck_assert(contains(&cell, lat, lon));
            ck_assert_str_eq(ward_now.code, d.ward.code);
            auto_legacy++;
        }
        done++;
    }
    ck_assert_int_gt(done, 500 / test_scale());
    printf("legacy: %d old codes of %d communes decoded and converted (%d read as pre-2025 unaided)\n",
           done, ncommunes, auto_legacy);
}
END_TEST

/* Numbers that are postal codes before and after 2025. */
START_TEST(test_ambiguous_numbers)
{
    uint64_t rng = 12;
    int seen = 0, resolved_current = 0, resolved_legacy = 0, ambiguous = 0, same_place = 0;
    for (int i = 0; i < ncommunes; i++) {
        const old_commune *c = &communes[i];
        if (!c->ambiguous)
            continue;
        vpc_ward cw;
        double lat, lon;
        char text[VPC_CODE_BUFSIZE];
        vpc_decoded d;
        ck_assert_int_eq(vpc_ward_by_postal_code(db, c->postal, &cw), VPC_OK);
        /* A current code of the ward with that number. */
        if (point_in_ward(&rng, cw.code, &lat, &lon)) {
            vpc_code code;
            ck_assert_int_eq(vpc_encode(db, lat, lon, 0, &code, NULL), VPC_OK);
            vpc_code_format(&code, 0, text, sizeof text);
            ck_assert_int_eq(vpc_decode_ex(db, text, VPC_FLAG_SCHEME_CURRENT, &d), VPC_OK);
            ck_assert(contains(&d.cell, lat, lon));
            vpc_status st = vpc_decode_ex(db, text, 0, &d);
            ck_assert_msg(st == VPC_OK || st == VPC_E_AMBIGUOUS_SCHEME, "%s: %s", text, vpc_status_name(st));
            if (st == VPC_OK && d.scheme == VPC_SCHEME_CURRENT) {
                ck_assert(contains(&d.cell, lat, lon));
                resolved_current++;
            } else if (st == VPC_OK) {
                /* read as pre-2025: only if that reading lands in the
                 * commune's wards and the current one does not */
                ck_assert_int_eq(d.scheme, VPC_SCHEME_LEGACY);
            } else {
                ambiguous++;
            }
        }
        /* An old code of the commune with that number. */
        if (point_in_ward(&rng, c->wards[0], &lat, &lon)) {
            old_code(c, lat, lon, text);
            ck_assert_int_eq(vpc_decode_ex(db, text, VPC_FLAG_SCHEME_LEGACY, &d), VPC_OK);
            ck_assert(contains(&d.cell, lat, lon));
            vpc_status st = vpc_decode_ex(db, text, 0, &d);
            if (st == VPC_OK) {
                /* read either way, it must be the same place */
                ck_assert_msg(contains(&d.cell, lat, lon), "%s read as %d elsewhere", text, d.scheme);
                resolved_legacy += d.scheme == VPC_SCHEME_LEGACY;
                same_place += d.scheme == VPC_SCHEME_CURRENT;
            } else {
                ck_assert_msg(st == VPC_E_AMBIGUOUS_SCHEME, "%s (commune %s, ward %s, point %.7f %.7f): %s",
                              text, c->commune, c->wards[0], lat, lon, vpc_status_name(st));
                ambiguous++;
            }
            /* The plain decode also lands on the point. */
            vpc_cell cell;
            st = vpc_decode(db, text, &cell, NULL);
            ck_assert_msg(st == VPC_OK && contains(&cell, lat, lon), "%s: plain decode %s", text,
                          vpc_status_name(st));
        }
        seen++;
    }
    ck_assert_int_gt(seen, 0);
    ck_assert_int_gt(resolved_current + resolved_legacy, 0);
    printf("numbers valid in both schemes: %d; current codes read right: %d; old codes read right:"
           " %d as pre-2025, %d as current (the same cell); %d left to the caller\n",
           seen, resolved_current, resolved_legacy, same_place, ambiguous);
}
END_TEST

/* An old commune split across several wards: points in each. */
START_TEST(test_split_communes)
{
    uint64_t rng = 13;
    int splits = 0;
    for (int i = 0; i < ncommunes && splits < test_scaled(200); i++) {
        const old_commune *c = &communes[i];
        if (c->nwards < 2)
            continue;
        vpc_legacy_unit u;
        char wards[16][6];
        size_t n = 0;
        ck_assert_int_eq(vpc_legacy_by_postal_code(db, c->postal, &u, wards, 16, &n), VPC_OK);
        ck_assert_int_eq((int)n, c->nwards);
        for (size_t k = 0; k < n; k++)
            ck_assert_str_eq(wards[k], c->wards[k]);
        for (int k = 0; k < c->nwards; k++) {
            double lat, lon;
            if (!point_in_ward(&rng, c->wards[k], &lat, &lon))
                continue;
            char text[VPC_CODE_BUFSIZE];
            old_code(c, lat, lon, text);
            vpc_decoded d;
            ck_assert_int_eq(vpc_decode_ex(db, text, VPC_FLAG_SCHEME_LEGACY, &d), VPC_OK);
            ck_assert(contains(&d.cell, lat, lon));
            ck_assert_str_eq(d.ward.code, c->wards[k]); /* the ward the point is in today */
            vpc_legacy_unit units[16];
            size_t nu = 0;
            ck_assert_int_eq(vpc_legacy_lookup(db, lat, lon, units, 16, &nu), VPC_OK);
            /* Its commune is a candidate, unless the old district polygons
             * place the point in another district (the ward also took in
             * land of communes of that district). */
            int has = 0, other_district = nu > 0;
            for (size_t j = 0; j < nu; j++) {
                has |= strcmp(units[j].commune_code, c->commune) == 0;
                other_district &= strcmp(units[j].district_code, d.legacy.district_code) != 0;
            }
            ck_assert_msg(has || other_district, "%.7f %.7f: commune %s not among the candidates", lat,
                          lon, c->commune);
        }
        splits++;
    }
    ck_assert_int_gt(splits, 10);
}
END_TEST

/* With the pre-2025 district polygons: the communes a point may have lain
 * in are those of the district SpatiaLite finds it in (ST_Contains on the
 * same database), whenever its ward has communes of that district. */
START_TEST(test_districts)
{
    sqlite3_stmt *in_district, *ward_communes;
    if (sqlite3_prepare_v2(sql, "SELECT code FROM legacy_districts WHERE"
                                " MbrContains(geom, MakePoint(?1, ?2, 4326))"
                                " AND ST_Contains(geom, MakePoint(?1, ?2, 4326)) ORDER BY code LIMIT 1",
                           -1, &in_district, NULL)
        != SQLITE_OK) {
        printf("districts: no legacy_districts table, narrowing not tested\n");
        return;
    }
    ck_assert_int_eq(sqlite3_prepare_v2(sql, "SELECT DISTINCT c.district_code FROM legacy_map m JOIN"
                                             " legacy_communes c ON c.code = m.old_code WHERE m.new_code = ?1",
                                        -1, &ward_communes, NULL), SQLITE_OK);
    uint64_t rng = 14;
    int points = 0, narrowed = 0, unpolygoned = 0;
    while (points < test_scaled(3000)) {
        double lat = test_rand_uniform(&rng, 8.5, 23.3), lon = test_rand_uniform(&rng, 102.2, 109.5);
        vpc_ward w;
        if (vpc_lookup(db, lat, lon, &w) != VPC_OK)
            continue;
        points++;
        char want[8] = "";
        sqlite3_bind_double(in_district, 1, lon);
        sqlite3_bind_double(in_district, 2, lat);
        if (sqlite3_step(in_district) == SQLITE_ROW)
            snprintf(want, sizeof want, "%s", (const char *)sqlite3_column_text(in_district, 0));
        sqlite3_reset(in_district);
        int ward_has_want = 0;
        sqlite3_bind_text(ward_communes, 1, w.code, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(ward_communes) == SQLITE_ROW)
            ward_has_want |= strcmp((const char *)sqlite3_column_text(ward_communes, 0), want) == 0;
        sqlite3_reset(ward_communes);

        vpc_legacy_unit units[32];
        size_t n = 0;
        ck_assert_int_eq(vpc_legacy_lookup(db, lat, lon, units, 32, &n), VPC_OK);
        ck_assert_uint_gt(n, 0);
        if (want[0] != '\0' && ward_has_want) {
            for (size_t k = 0; k < n; k++)
                ck_assert_msg(strcmp(units[k].district_code, want) == 0, "%.7f %.7f: commune %s of district %s,"
                              " SpatiaLite says district %s", lat, lon, units[k].commune_code,
                              units[k].district_code, want);
            narrowed++;
        } else {
            unpolygoned++;
        }
    }
    sqlite3_finalize(in_district);
    sqlite3_finalize(ward_communes);
    ck_assert_int_gt(narrowed, points / 2);
    printf("districts: %d points; %d narrowed to the district SpatiaLite finds, %d without a usable polygon\n",
           points, narrowed, unpolygoned);
}
END_TEST

START_TEST(test_errors)
{
    vpc_decoded d;
    vpc_code code;
    vpc_legacy_unit u;
    size_t n;
    ck_assert_int_eq(vpc_decode_ex(db, "99999 2RHX+FJJ", 0, &d), VPC_E_UNKNOWN_POSTAL_CODE);
    ck_assert_int_eq(vpc_decode_ex(db, "99999 2RHX+FJJ", VPC_FLAG_SCHEME_LEGACY, &d),
                     VPC_E_UNKNOWN_LEGACY_CODE);
    ck_assert_int_eq(vpc_decode_ex(db, "11024 2RHX+FJJ",
                                   VPC_FLAG_SCHEME_LEGACY | VPC_FLAG_SCHEME_CURRENT, &d),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_decode_ex(db, "11024 2RHX+FJJ-Q", 0, &d), VPC_E_CHECK_CHARACTER);
    ck_assert_int_eq(vpc_convert(db, "", 0, &code), VPC_E_EMPTY);
    ck_assert_int_eq(vpc_legacy_by_postal_code(db, "99999", &u, NULL, 0, &n), VPC_E_UNKNOWN_LEGACY_CODE);
    ck_assert_int_eq(vpc_legacy_by_postal_code(db, "1234", &u, NULL, 0, &n), VPC_E_POSTAL_CODE);
    ck_assert_int_eq(vpc_legacy_lookup(db, 18.5, 107.5, &u, 1, &n), VPC_E_OUTSIDE_VIETNAM);
    ck_assert_int_eq(vpc_legacy_lookup(db, 16.06, 108.27, &u, 1, &n), VPC_E_NO_WARD);
    /* A current code converts to itself. */
    ck_assert_int_eq(vpc_convert(db, "11024 2RHX+FJJ", VPC_FLAG_SCHEME_CURRENT, &code), VPC_OK);
    char text[VPC_CODE_BUFSIZE];
    vpc_code_format(&code, 0, text, sizeof text);
    ck_assert_str_eq(text, "110242RHXFJJ");
    ck_assert(vpc_has_legacy(db));
}
END_TEST

int main(void)
{
    const char *path = getenv("VPOSTCODE_DB"), *sqlite_path = getenv("VPOSTCODE_SQLITE");
    if (path == NULL || sqlite_path == NULL || vpc_open(path, &db) != VPC_OK ||
        sqlite3_open_v2(sqlite_path, &sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open $VPOSTCODE_DB and $VPOSTCODE_SQLITE\n");
        return 1;
    }
    void *cache = spatialite_alloc_connection();
    spatialite_init_ex(sql, cache, 0);
    if (!vpc_has_legacy(db)) {
        fprintf(stderr, "the database has no pre-2025 tables (--enable-legacy-data): skipped\n");
        return 77;
    }
    if (!load()) {
        fprintf(stderr, "cannot read the pre-2025 tables with SQL\n");
        return 1;
    }
    Suite *s = suite_create("legacy");
    TCase *tc = tcase_create("legacy");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_old_codes_decode_and_convert);
    tcase_add_test(tc, test_ambiguous_numbers);
    tcase_add_test(tc, test_split_communes);
    tcase_add_test(tc, test_districts);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    sqlite3_close(sql);
    spatialite_cleanup_ex(cache);
    vpc_close(db);
    return rc;
}
