/*
 * check_batch.c - the batch calls are the single calls, item by item:
 * statuses, codes, cells and wards, for points on land, at sea, abroad and
 * invalid, and for codes valid, mistyped, pre-2025 and unknown. Uses the
 * database named by $VPOSTCODE_DB.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

#define N 20000

static vpc_db *db;
static double lat[N], lon[N];
/* The wards' GSO codes by position (vpc_ward_at gives them in code order). */
static char (*ward_codes)[6];
static size_t nwards;

/* Points: most in ward boxes, some anywhere in the region, some invalid. */
static int make_points(void)
{
    uint64_t rng = 7;
    size_t nw = vpc_ward_count(db);
    nwards = nw;
    ward_codes = calloc(nw, sizeof *ward_codes);
    if (ward_codes == NULL)
        return 0;
    for (size_t i = 0; i < nw; i++) {
        vpc_ward w;
        if (vpc_ward_at(db, i, &w) != VPC_OK || (i > 0 && strcmp(ward_codes[i - 1], w.code) >= 0))
            return 0;
        memcpy(ward_codes[i], w.code, sizeof w.code);
    }
    for (int i = 0; i < N; i++) {
        vpc_ward w;
        if (vpc_ward_at(db, test_rand_next(&rng) % nw, &w) != VPC_OK)
            return 0;
        lat[i] = test_rand_uniform(&rng, w.south, w.north);
        lon[i] = test_rand_uniform(&rng, w.west, w.east);
        if (i % 10 == 1) {
            lat[i] = test_rand_uniform(&rng, 5, 25);
            lon[i] = test_rand_uniform(&rng, 100, 120);
        }
    }
    lat[3] = NAN;
    lon[5] = INFINITY;
    lat[7] = 90.5;
    lon[9] = -181;
    lat[11] = 0;
    lon[11] = 0;
    return 1;
}

static int cmp_code(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int ordinal(const vpc_ward *w)
{
    char(*hit)[6] = bsearch(w->code, ward_codes, nwards, sizeof *ward_codes, cmp_code);
    return hit != NULL ? (int)(hit - ward_codes) : -2;
}

static int is_failure(int st)
{
    return st != VPC_OK && !vpc_is_warning((vpc_status)st);
}

START_TEST(test_lookup_batch)
{
    static int ward[N], status[N];
    int found = 0;
    ck_assert_int_eq(vpc_lookup_batch(db, N, lat, lon, ward, status), VPC_OK);
    for (int i = 0; i < N; i++) {
        vpc_ward w;
        vpc_status st = vpc_lookup(db, lat[i], lon[i], &w);
        ck_assert_int_eq(status[i], st);
        if (st == VPC_OK) {
            vpc_ward at;
            ck_assert_int_eq(vpc_ward_at(db, (size_t)ward[i], &at), VPC_OK);
            ck_assert_str_eq(at.code, w.code);
            found++;
        } else {
            ck_assert_int_eq(ward[i], -1);
        }
    }
    ck_assert_int_gt(found, N / 2);
    ck_assert_int_lt(found, N);
}
END_TEST

START_TEST(test_encode_batch)
{
    static char codes[N * VPC_CODE_BUFSIZE];
    static int ward[N], status[N];
    const unsigned flags[] = {0, VPC_FLAG_CHECK_CHAR, VPC_FLAG_LONG_FORM};
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        memset(codes, 'x', sizeof codes);
        ck_assert_int_eq(vpc_encode_batch(db, N, lat, lon, flags[f], codes, ward, status), VPC_OK);
        for (int i = 0; i < N; i++) {
            vpc_code code;
            vpc_ward w;
            char text[VPC_CODE_BUFSIZE];
            vpc_status st = vpc_encode(db, lat[i], lon[i], flags[f], &code, &w);
            ck_assert_int_eq(status[i], st);
            if (st == VPC_OK) {
                ck_assert_int_eq(vpc_code_format(&code, 0, text, sizeof text), VPC_OK);
                ck_assert_str_eq(codes + i * VPC_CODE_BUFSIZE, text);
                ck_assert_int_eq(ward[i], ordinal(&w));
            } else {
                ck_assert_str_eq(codes + i * VPC_CODE_BUFSIZE, "");
                ck_assert_int_eq(ward[i], -1);
            }
        }
    }
    /* ward may be NULL */
    ck_assert_int_eq(vpc_encode_batch(db, N, lat, lon, 0, codes, NULL, status), VPC_OK);
}
END_TEST

static void check_decoded(const char *text, unsigned flags, const vpc_cell *cell, int ward,
                          int status)
{
    vpc_cell c;
    vpc_ward w;
    vpc_status st;
    if (text == NULL) {
        st = VPC_E_NULL_ARGUMENT;
    } else if (flags == 0) {
        st = vpc_decode(db, text, &c, &w);
    } else {
        vpc_decoded d;
        st = vpc_decode_ex(db, text, flags, &d);
        c = d.cell;
        w = d.ward;
    }
    ck_assert_msg(status == (int)st, "%s: %s, single call %s", text ? text : "NULL",
                  vpc_status_name((vpc_status)status), vpc_status_name(st));
    if (is_failure(st)) {
        ck_assert(isnan(cell->lat) && isnan(cell->lon) && isnan(cell->south) && isnan(cell->east));
        ck_assert_int_eq(cell->length, 0);
        ck_assert_int_eq(ward, -1);
        return;
    }
    ck_assert(c.south == cell->south && c.west == cell->west && c.north == cell->north &&
              c.east == cell->east && c.lat == cell->lat && c.lon == cell->lon &&
              c.length == cell->length);
    ck_assert_int_eq(ward, ordinal(&w));
}

START_TEST(test_decode_batch)
{
    static char codes[N * VPC_CODE_BUFSIZE];
    static const char *texts[N];
    static vpc_cell cells[N];
    static int ward[N], status[N];
    ck_assert_int_eq(vpc_encode_batch(db, N, lat, lon, 0, codes, NULL, status), VPC_OK);
    for (int i = 0; i < N; i++) {
        char *t = codes + i * VPC_CODE_BUFSIZE;
        texts[i] = t;
        if (i % 13 == 0 && t[0] != '\0')
            t[11] = t[11] == '2' ? '3' : '2'; /* another cell, perhaps outside the ward */
        if (i % 17 == 0 && t[0] != '\0')
            memcpy(t, "99999", 5);
    }
    texts[2] = NULL;
    texts[4] = "11006 2RHX+FJJ";    /* a pre-2025 code, when the tables are there */
    texts[6] = "11024 2RHX+FJJ-3";  /* wrong check character */
    texts[8] = "";
    const unsigned flags[] = {0, VPC_FLAG_SCHEME_CURRENT, VPC_FLAG_SCHEME_LEGACY};
    for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
        ck_assert_int_eq(vpc_decode_batch(db, N, texts, flags[f], cells, ward, status), VPC_OK);
        int ok = 0;
        for (int i = 0; i < N; i++) {
            check_decoded(texts[i], flags[f], &cells[i], ward[i], status[i]);
            ok += status[i] == VPC_OK;
        }
        if (flags[f] != VPC_FLAG_SCHEME_LEGACY)
            ck_assert_int_gt(ok, N / 2);
        printf("decode batch, flags %u: %d of %d decoded\n", flags[f], ok, N);
    }
}
END_TEST

START_TEST(test_batch_arguments)
{
    char codes[2 * VPC_CODE_BUFSIZE] = "unchanged";
    int ward[2] = {5, 5}, status[2] = {5, 5};
    vpc_cell cells[2];
    const char *texts[2] = {"110242RHXFJJ", "110242RHXFJJ"};
    double la[2] = {21.0287, 21.0287}, lo[2] = {105.849, 105.849};

    ck_assert_int_eq(vpc_lookup_batch(NULL, 2, la, lo, ward, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_lookup_batch(db, 2, NULL, lo, ward, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_lookup_batch(db, 2, la, lo, NULL, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_encode_batch(db, 2, la, NULL, 0, codes, ward, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_encode_batch(db, 2, la, lo, 0, codes, ward, NULL), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_encode_batch(db, 2, la, lo, VPC_FLAG_DISPLAY, codes, ward, status),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_decode_batch(db, 2, NULL, 0, cells, ward, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_decode_batch(db, 2, texts, 0, NULL, ward, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_decode_batch(db, 2, texts, VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY,
                                      cells, ward, status), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_decode_batch(db, 2, texts, VPC_FLAG_CHECK_CHAR, cells, ward, status),
                     VPC_E_INVALID_ARGUMENT);
    /* nothing was written */
    ck_assert_str_eq(codes, "unchanged");
    ck_assert_int_eq(ward[0], 5);
    ck_assert_int_eq(status[1], 5);
    /* n = 0 touches nothing, and needs no input arrays */
    ck_assert_int_eq(vpc_lookup_batch(db, 0, NULL, NULL, ward, status), VPC_OK);
    ck_assert_int_eq(vpc_encode_batch(db, 0, NULL, NULL, 0, codes, ward, status), VPC_OK);
    ck_assert_int_eq(vpc_decode_batch(db, 0, NULL, 0, cells, ward, status), VPC_OK);
    ck_assert_int_eq(status[0], 5);
    /* the known place */
    ck_assert_int_eq(vpc_encode_batch(db, 2, la, lo, VPC_FLAG_CHECK_CHAR, codes, ward, status), VPC_OK);
    ck_assert_str_eq(codes, "110242RHXFJJ2");
    ck_assert_int_eq(status[1], VPC_OK);
}
END_TEST

int main(void)
{
    const char *path = getenv("VPOSTCODE_DB");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "VPOSTCODE_DB is not set\n");
        return 1;
    }
    vpc_status st = vpc_open(NULL, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: %s\n", path, vpc_strerror(st));
        return 1;
    }
    if (!make_points()) {
        fprintf(stderr, "%s: cannot read the wards\n", path);
        return 1;
    }
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("batch");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_lookup_batch);
    tcase_add_test(tc, test_encode_batch);
    tcase_add_test(tc, test_decode_batch);
    tcase_add_test(tc, test_batch_arguments);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    vpc_close(db);
    free(ward_codes);
    return rc;
}
