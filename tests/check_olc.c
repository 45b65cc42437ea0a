/*
 * check_olc.c - the Open Location Code codec against the OLC project's own
 * conformance vectors (every row of every file), plus its error cases.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvrows.h"
#include "checkrun.h"
#include "vpostcode.h"

static csv_row *enc, *dec, *shorts, *valid;
static int n_enc, n_dec, n_shorts, n_valid;

/* The vectors give bounds with up to 11 decimals; the reference
 * implementations compare to about this tolerance. */
#define EPS 1e-9

START_TEST(test_encoding_vector)
{
    const csv_row *r = &enc[_i];
    char buf[VPC_OLC_BUFSIZE];
    ck_assert_int_eq(r->nfields, 6);
    vpc_status st = vpc_olc_encode(atof(r->field[0]), atof(r->field[1]),
                                   atoi(r->field[4]), buf, sizeof buf);
    if (r->field[5][0] == '\0') {
        ck_assert_msg(st != VPC_OK, "row '%s' must be rejected", r->line);
    } else {
        ck_assert_msg(st == VPC_OK, "row '%s': %s", r->line, vpc_status_name(st));
        ck_assert_msg(strcmp(buf, r->field[5]) == 0, "row '%s': got %s", r->line, buf);
    }
}
END_TEST

START_TEST(test_decoding_vector)
{
    const csv_row *r = &dec[_i];
    vpc_cell c;
    ck_assert_int_eq(r->nfields, 6);
    vpc_status st = vpc_olc_decode(r->field[0], &c);
    ck_assert_msg(st == VPC_OK, "row '%s': %s", r->line, vpc_status_name(st));
    ck_assert_msg(c.length == atoi(r->field[1]), "row '%s': length %d", r->line, c.length);
    ck_assert_msg(fabs(c.south - atof(r->field[2])) < EPS, "row '%s': south %.12f", r->line, c.south);
    ck_assert_msg(fabs(c.west - atof(r->field[3])) < EPS, "row '%s': west %.12f", r->line, c.west);
    ck_assert_msg(fabs(c.north - atof(r->field[4])) < EPS, "row '%s': north %.12f", r->line, c.north);
    ck_assert_msg(fabs(c.east - atof(r->field[5])) < EPS, "row '%s': east %.12f", r->line, c.east);
    ck_assert(c.lat > c.south && c.lat < c.north);
    ck_assert(c.lon > c.west && c.lon < c.east);
}
END_TEST

START_TEST(test_short_code_vector)
{
    const csv_row *r = &shorts[_i];
    char buf[VPC_OLC_BUFSIZE];
    ck_assert_int_eq(r->nfields, 5);
    const char *full = r->field[0], *shortcode = r->field[3], *type = r->field[4];
    double lat = atof(r->field[1]), lon = atof(r->field[2]);
    int checked = 0;

    if (strcmp(type, "S") == 0 || strcmp(type, "B") == 0) {
        vpc_status st = vpc_olc_shorten(full, lat, lon, buf, sizeof buf);
        ck_assert_msg(st == VPC_OK, "row '%s': %s", r->line, vpc_status_name(st));
        ck_assert_msg(strcmp(buf, shortcode) == 0, "row '%s': shortened to %s", r->line, buf);
        checked++;
    }
    if (strcmp(type, "R") == 0 || strcmp(type, "B") == 0) {
        vpc_status st = vpc_olc_recover(shortcode, lat, lon, buf, sizeof buf);
        ck_assert_msg(st == VPC_OK, "row '%s': %s", r->line, vpc_status_name(st));
        ck_assert_msg(strcmp(buf, full) == 0, "row '%s': recovered %s", r->line, buf);
        checked++;
    }
    ck_assert_msg(checked > 0, "row '%s' has an unknown test type", r->line);
}
END_TEST

START_TEST(test_validity_vector)
{
    const csv_row *r = &valid[_i];
    ck_assert_int_eq(r->nfields, 4);
    const char *code = r->field[0];
    ck_assert_msg(vpc_olc_is_valid(code) == (strcmp(r->field[1], "true") == 0),
                  "row '%s': is_valid", r->line);
    ck_assert_msg(vpc_olc_is_short(code) == (strcmp(r->field[2], "true") == 0),
                  "row '%s': is_short", r->line);
    ck_assert_msg(vpc_olc_is_full(code) == (strcmp(r->field[3], "true") == 0),
                  "row '%s': is_full", r->line);
}
END_TEST

START_TEST(test_encode_errors)
{
    char buf[VPC_OLC_BUFSIZE];
    static const int bad_lengths[] = {-1, 0, 1, 3, 5, 7, 9};
    strcpy(buf, "untouched");
    ck_assert_int_eq(vpc_olc_encode(NAN, 105.0, 10, buf, sizeof buf), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_olc_encode(21.0, INFINITY, 10, buf, sizeof buf), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_olc_encode(-INFINITY, 105.0, 10, buf, sizeof buf), VPC_E_NOT_FINITE);
    for (size_t i = 0; i < sizeof bad_lengths / sizeof bad_lengths[0]; i++)
        ck_assert_int_eq(vpc_olc_encode(21.0, 105.0, bad_lengths[i], buf, sizeof buf),
                         VPC_E_OLC_LENGTH);
    /* 11 digits + '+' need 13 bytes with the NUL. */
    ck_assert_int_eq(vpc_olc_encode(21.0, 105.0, 11, buf, 12), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_str_eq(buf, "untouched");
    ck_assert_int_eq(vpc_olc_encode(21.0, 105.0, 11, NULL, 13), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_olc_encode(21.0, 105.0, 11, buf, 13), VPC_OK);
    ck_assert_int_eq((int)strlen(buf), 12);
}
END_TEST

START_TEST(test_decode_errors)
{
    vpc_cell c;
    memset(&c, 0x5a, sizeof c);
    vpc_cell before = c;
    ck_assert_int_eq(vpc_olc_decode("9QCJ+2VX", &c), VPC_E_OLC_NOT_FULL);
    ck_assert_int_eq(vpc_olc_decode("8FWC2345+G", &c), VPC_E_OLC_INVALID);
    ck_assert_int_eq(vpc_olc_decode("", &c), VPC_E_OLC_INVALID);
    /* Padding must run up to the separator. */
    ck_assert_int_eq(vpc_olc_decode("8F0000WC+", &c), VPC_E_OLC_INVALID);
    /* First latitude digit beyond 90 degrees north. */
    ck_assert_int_eq(vpc_olc_decode("F2222222+22", &c), VPC_E_OLC_INVALID);
    ck_assert_int_eq(vpc_olc_decode(NULL, &c), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_olc_decode("8FWC2345+G6", NULL), VPC_E_NULL_ARGUMENT);
    ck_assert(memcmp(&c, &before, sizeof c) == 0);
    ck_assert_int_eq(vpc_olc_is_valid(NULL), 0);
}
END_TEST

START_TEST(test_shorten_recover_errors)
{
    char buf[VPC_OLC_BUFSIZE] = "untouched";
    ck_assert_int_eq(vpc_olc_shorten("8FWC0000+", 47.0, 8.0, buf, sizeof buf), VPC_E_OLC_PADDED);
    ck_assert_int_eq(vpc_olc_shorten("9QCJ+2VX", 47.0, 8.0, buf, sizeof buf), VPC_E_OLC_NOT_FULL);
    ck_assert_int_eq(vpc_olc_shorten("not a code", 47.0, 8.0, buf, sizeof buf), VPC_E_OLC_INVALID);
    ck_assert_int_eq(vpc_olc_shorten("8FWC2345+G6", NAN, 8.0, buf, sizeof buf), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_olc_recover("9QCJ+2", 47.0, 8.0, buf, sizeof buf), VPC_E_OLC_INVALID);
    ck_assert_int_eq(vpc_olc_recover("9QCJ+2VX", 47.0, NAN, buf, sizeof buf), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_olc_recover("9QCJ+2VX", 47.0, 8.0, buf, 5), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_str_eq(buf, "untouched");
    ck_assert_int_eq(vpc_olc_recover(NULL, 47.0, 8.0, buf, sizeof buf), VPC_E_NULL_ARGUMENT);
}
END_TEST

/* A 1 MB string is rejected as a whole, without a crash. */
/* A reference a hair below longitude 180 snaps to -180 when its digits are
 * borrowed; recovery measures from there too, and finds the nearest code
 * across the antimeridian (found by fuzzing). */
START_TEST(test_recover_at_the_antimeridian)
{
    const double near180 = 179.99999999999997; /* nextafter(180, 0) */
    char full[VPC_OLC_BUFSIZE], shortened[VPC_OLC_BUFSIZE], back[VPC_OLC_BUFSIZE];
    ck_assert_int_eq(vpc_olc_encode(0.02, 179.98, 10, full, sizeof full), VPC_OK);
    ck_assert_str_eq(full, "6VGX2XCJ+22");
    ck_assert_int_eq(vpc_olc_shorten(full, 0.02, near180, shortened, sizeof shortened), VPC_OK);
    ck_assert_int_eq(vpc_olc_recover(shortened, 0.02, near180, back, sizeof back), VPC_OK);
    ck_assert_str_eq(back, full);
    /* An 8-digit code keeps some digits: "+" alone is no code. */
    ck_assert_int_eq(vpc_olc_shorten("7PH72VH3+", 21.02875, 105.85375, shortened,
                                     sizeof shortened), VPC_OK);
    ck_assert_str_eq(shortened, "H3+");
    ck_assert_int_eq(vpc_olc_recover(shortened, 21.02875, 105.85375, back, sizeof back), VPC_OK);
    ck_assert_str_eq(back, "7PH72VH3+");
    const double refs[] = {near180, 180.0, -180.0, -180.00000000000003};
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        ck_assert_int_eq(vpc_olc_recover("CJ+2VX", 0.0, refs[i], back, sizeof back), VPC_OK);
        ck_assert_str_eq(back, "6VGX2XCJ+2VX");
    }
}
END_TEST

START_TEST(test_huge_input)
{
    size_t n = 1 << 20;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, '2', n);
    s[8] = '+';
    s[n] = '\0';
    ck_assert_int_eq(vpc_olc_is_valid(s), 1); /* digits after '+' are unlimited */
    vpc_cell c;
    ck_assert_int_eq(vpc_olc_decode(s, &c), VPC_OK);
    ck_assert_int_eq(c.length, 15);
    s[n / 2] = '+';
    ck_assert_int_eq(vpc_olc_is_valid(s), 0);
    free(s);
}
END_TEST

static void add_vectors(Suite *s, const char *name, const char *file, csv_row **rows,
                        int *n, const TTest *test)
{
    *n = csv_load(file, rows);
    if (*n <= 0) {
        fprintf(stderr, "cannot read %s from %s\n", file, csv_data_dir());
        exit(EXIT_FAILURE);
    }
    TCase *tc = tcase_create(name);
    tcase_add_loop_test(tc, test, 0, *n);
    suite_add_tcase(s, tc);
}

int main(void)
{
    if (csv_data_dir() == NULL) {
        fprintf(stderr, "VPC_OLC_TEST_DATA is not set: skipping the OLC vectors\n");
        return 77; /* automake's "skipped" */
    }
    Suite *s = suite_create("olc");
    add_vectors(s, "encoding.csv", "encoding.csv", &enc, &n_enc, test_encoding_vector);
    add_vectors(s, "decoding.csv", "decoding.csv", &dec, &n_dec, test_decoding_vector);
    add_vectors(s, "shortCodeTests.csv", "shortCodeTests.csv", &shorts, &n_shorts,
                test_short_code_vector);
    add_vectors(s, "validityTests.csv", "validityTests.csv", &valid, &n_valid,
                test_validity_vector);
    printf("OLC vectors: %d encoding, %d decoding, %d short-code, %d validity rows\n",
           n_enc, n_dec, n_shorts, n_valid);

    TCase *tc = tcase_create("errors");
    tcase_add_test(tc, test_encode_errors);
    tcase_add_test(tc, test_recover_at_the_antimeridian);
    tcase_add_test(tc, test_decode_errors);
    tcase_add_test(tc, test_shorten_recover_errors);
    tcase_add_test(tc, test_huge_input);
    suite_add_tcase(s, tc);

    return run_suite(s);
}
