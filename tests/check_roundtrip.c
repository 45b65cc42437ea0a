/*
 * check_roundtrip.c - encode then decode over Vietnam's extent: the decoded
 * cell always contains the point, through every code form.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testrand.h"
#include "checkrun.h"
#include "vpostcode.h"

/* Bounding box of Vietnam's wards, islands included. */
#define VN_SOUTH 7.18
#define VN_NORTH 23.39
#define VN_WEST 102.14
#define VN_EAST 117.83
#define POINTS test_scaled(200000)

static int contains(const vpc_cell *c, double lat, double lon)
{
    return c->south <= lat && lat < c->north && c->west <= lon && lon < c->east;
}

START_TEST(test_olc_roundtrip)
{
    static const int lengths[] = {2, 4, 6, 8, 10, 11, 12, 13, 14, 15};
    uint64_t rng = 1;
    char code[VPC_OLC_BUFSIZE];
    vpc_cell cell;
    for (int i = 0; i < POINTS; i++) {
        double lat = test_rand_uniform(&rng, VN_SOUTH, VN_NORTH);
        double lon = test_rand_uniform(&rng, VN_WEST, VN_EAST);
        int len = lengths[i % 10];
        ck_assert_int_eq(vpc_olc_encode(lat, lon, len, code, sizeof code), VPC_OK);
        ck_assert_int_eq(vpc_olc_decode(code, &cell), VPC_OK);
        ck_assert_msg(contains(&cell, lat, lon), "%.12f %.12f -> %s", lat, lon, code);
        ck_assert_int_eq(cell.length, len);
    }
}
END_TEST

/* Make a code with a reference point near the point, write it out, read it
 * back, and locate it from the same reference point. */
START_TEST(test_code_roundtrip)
{
    uint64_t rng = 2;
    vpc_code made, parsed;
    vpc_cell cell;
    char text[VPC_CODE_BUFSIZE], olc[VPC_OLC_BUFSIZE], direct[VPC_OLC_BUFSIZE];
    for (int i = 0; i < POINTS; i++) {
        double lat = test_rand_uniform(&rng, VN_SOUTH, VN_NORTH);
        double lon = test_rand_uniform(&rng, VN_WEST, VN_EAST);
        double rlat = lat + test_rand_uniform(&rng, -0.49, 0.49);
        double rlon = lon + test_rand_uniform(&rng, -0.49, 0.49);
        unsigned flags = (i % 3 == 0 ? VPC_FLAG_CHECK_CHAR : 0);
        unsigned fmt = (i % 2 == 0 ? VPC_FLAG_DISPLAY : 0);
        char postal[6];
        snprintf(postal, sizeof postal, "%05d", i % 100000);

        ck_assert_int_eq(vpc_code_make(postal, lat, lon, rlat, rlon, flags, &made), VPC_OK);
        ck_assert_int_eq(vpc_code_format(&made, fmt, text, sizeof text), VPC_OK);
        ck_assert_int_eq(vpc_code_parse(text, &parsed, NULL), VPC_OK);
        ck_assert_str_eq(made.postal, parsed.postal);
        ck_assert_str_eq(made.location, parsed.location);
        ck_assert_int_eq(made.check, parsed.check);
        ck_assert_int_eq(made.form, parsed.form);
        ck_assert_int_eq(vpc_code_olc(&parsed, rlat, rlon, olc, sizeof olc), VPC_OK);
        ck_assert_int_eq(vpc_olc_encode(lat, lon, 11, direct, sizeof direct), VPC_OK);
        ck_assert_msg(strcmp(olc, direct) == 0, "%s recovered %s, want %s", text, olc, direct);
        ck_assert_int_eq(vpc_code_locate(&parsed, rlat, rlon, &cell), VPC_OK);
        ck_assert_msg(contains(&cell, lat, lon), "%.9f %.9f -> %s", lat, lon, text);
    }
}
END_TEST

/* Reference points farther than half a degree: the standard form is either
 * refused or, when recovery happens to land in the same cell, correct. The
 * long form always works. */
START_TEST(test_far_reference)
{
    uint64_t rng = 3;
    vpc_code c;
    vpc_cell cell;
    int refused = 0, made = 0;
    for (int i = 0; i < POINTS / 4; i++) {
        double lat = test_rand_uniform(&rng, VN_SOUTH, VN_NORTH);
        double lon = test_rand_uniform(&rng, VN_WEST, VN_EAST);
        double dlat = test_rand_uniform(&rng, 0.0, 1.5), dlon = test_rand_uniform(&rng, 0.0, 1.5);
        double rlat = lat + (i & 1 ? dlat : -dlat), rlon = lon + (i & 2 ? dlon : -dlon);
        vpc_status st = vpc_code_make("70000", lat, lon, rlat, rlon, 0, &c);
        if (st == VPC_OK) {
            made++;
            ck_assert_int_eq(vpc_code_locate(&c, rlat, rlon, &cell), VPC_OK);
            ck_assert_msg(contains(&cell, lat, lon), "%.9f %.9f from %.9f %.9f", lat, lon, rlat, rlon);
        } else {
            ck_assert_int_eq(st, VPC_E_NEEDS_LONG_FORM);
            ck_assert(dlat > 0.49 || dlon > 0.49);
            refused++;
        }
        ck_assert_int_eq(vpc_code_make("70000", lat, lon, rlat, rlon, VPC_FLAG_LONG_FORM, &c), VPC_OK);
        ck_assert_int_eq(vpc_code_locate(&c, NAN, NAN, &cell), VPC_OK);
        ck_assert(contains(&cell, lat, lon));
    }
    ck_assert(refused > 0 && made > 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("roundtrip");
    TCase *tc = tcase_create("vietnam");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_olc_roundtrip);
    tcase_add_test(tc, test_code_roundtrip);
    tcase_add_test(tc, test_far_reference);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
