/*
 * check_code.c - Vpostcode forms: parsing what people type, canonical and
 * display forms, making codes from points, and every rejection with its
 * exact status and position.
 *
 * Expected codes below were computed by hand from the OLC algorithm and the
 * check-character formula of docs/SPEC.md (worked examples there), not by
 * this library.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

/* Hoàn Kiếm, Hà Nội: a point, and a reference point 0.02 degree away. */
#define HN_LAT 21.0285
#define HN_LON 105.8542
#define REF_LAT 21.03
#define REF_LON 105.85

/* The codec recovers the dropped digits in integer arithmetic where it can
 * (olc.c); the result must be what the OLC functions give on the text:
 * vpc_code_make refuses exactly the points whose standard form would not
 * recover to their own code, and vpc_code_locate gives field for field the
 * cell of vpc_olc_recover then vpc_olc_decode. Points over the whole globe,
 * references near them (within a degree and a half, so both outcomes
 * occur), near the poles and the antimeridian too. */
START_TEST(test_recovery_matches_olc)
{
    uint64_t rng = 2025;
    long made = 0, refused = 0;
    const char *scale_text = getenv("VPC_TEST_SCALE"); /* fewer under valgrind */
    int scale = scale_text != NULL && atoi(scale_text) > 1 ? atoi(scale_text) : 1;
    int n = 150000 / scale;
    for (int i = 0; i < n; i++) {
        double lat, lon;
        if (i % 10 == 0) { /* near an edge of the world */
            lat = (i % 20 == 0 ? 1 : -1) * (88.0 + 2.0 * test_rand_uniform(&rng, 0.0, 1.0));
            lon = -180.0 + 360.0 * test_rand_uniform(&rng, 0.0, 1.0);
        } else if (i % 10 == 1) {
            lat = -80.0 + 160.0 * test_rand_uniform(&rng, 0.0, 1.0);
            lon = (i % 20 == 1 ? 1 : -1) * (178.5 + 1.5 * test_rand_uniform(&rng, 0.0, 1.0));
        } else {
            lat = -89.9 + 179.8 * test_rand_uniform(&rng, 0.0, 1.0);
            lon = -180.0 + 360.0 * test_rand_uniform(&rng, 0.0, 1.0);
        }
        double ref_lat = lat + 3.0 * test_rand_uniform(&rng, 0.0, 1.0) - 1.5;
        double ref_lon = lon + 3.0 * test_rand_uniform(&rng, 0.0, 1.0) - 1.5;
        if (i % 7 == 0) { /* references on whole and half degrees: the ties */
            ref_lat = floor(ref_lat * 2) / 2;
            ref_lon = floor(ref_lon * 2) / 2;
        }
        if (ref_lat > 90 || ref_lat < -90 || ref_lon >= 180 || ref_lon < -180)
            continue;
        char full[VPC_OLC_BUFSIZE], recovered[VPC_OLC_BUFSIZE];
        ck_assert_int_eq(vpc_olc_encode(lat, lon, 11, full, sizeof full), VPC_OK);
        vpc_status rs = vpc_olc_recover(full + 4, ref_lat, ref_lon, recovered, sizeof recovered);
        int recovers = rs == VPC_OK && strcmp(recovered, full) == 0;
        vpc_code code;
        vpc_status st = vpc_code_make("11024", lat, lon, ref_lat, ref_lon, 0, &code);
        ck_assert_msg(st == (recovers ? VPC_OK : VPC_E_NEEDS_LONG_FORM),
                      "make (%.9f, %.9f) ref (%.9f, %.9f): %s, the text recovers: %d", lat, lon,
                      ref_lat, ref_lon, vpc_status_name(st), recovers);
        if (st != VPC_OK) {
            refused++;
            continue;
        }
        made++;
        /* Decoding near another reference: the cell of the recovered text. */
        double dlat = ref_lat + 1.6 * test_rand_uniform(&rng, 0.0, 1.0) - 0.8;
        double dlon = ref_lon + 1.6 * test_rand_uniform(&rng, 0.0, 1.0) - 0.8;
        if (dlat > 90 || dlat < -90 || dlon >= 180 || dlon < -180)
            continue;
        char shortcode[16];
        memcpy(shortcode, code.location, 4);
        shortcode[4] = '+';
        memcpy(shortcode + 5, code.location + 4, 3);
        shortcode[8] = '\0';
        vpc_cell want, got;
        vpc_status ws = vpc_olc_recover(shortcode, dlat, dlon, recovered, sizeof recovered);
        if (ws == VPC_OK)
            ws = vpc_olc_decode(recovered, &want);
        vpc_status gs = vpc_code_locate(&code, dlat, dlon, &got);
        ck_assert_int_eq(gs, ws);
        if (gs == VPC_OK)
            ck_assert_msg(got.south == want.south && got.west == want.west &&
                              got.north == want.north && got.east == want.east &&
                              got.lat == want.lat && got.lon == want.lon &&
                              got.length == want.length,
                          "locate %s near (%.9f, %.9f)", shortcode, dlat, dlon);
    }
    ck_assert_int_gt(made, n / 15);
    ck_assert_int_gt(refused, n / 3);
}
END_TEST

START_TEST(test_make_worked_examples)
{
    vpc_code c;
    char buf[VPC_CODE_BUFSIZE];

    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, REF_LAT, REF_LON, 0, &c), VPC_OK);
    ck_assert_str_eq(c.postal, "11024");
    ck_assert_str_eq(c.location, "2VH3CM4");
    ck_assert_int_eq(c.form, VPC_FORM_STANDARD);
    ck_assert_int_eq(c.check, '\0');
    ck_assert_int_eq(vpc_code_format(&c, 0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "110242VH3CM4");
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_DISPLAY, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "11024 2VH3+CM4");
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_CHECK_CHAR, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "110242VH3CM4P");

    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, REF_LAT, REF_LON,
                                   VPC_FLAG_CHECK_CHAR, &c), VPC_OK);
    ck_assert_int_eq(c.check, 'P');
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_DISPLAY, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "11024 2VH3+CM4-P");
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_NO_CHECK_CHAR, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "110242VH3CM4");

    /* The long form carries the whole 11-digit OLC and ignores the reference. */
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, NAN, NAN,
                                   VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR, &c), VPC_OK);
    ck_assert_int_eq(c.form, VPC_FORM_LONG);
    ck_assert_str_eq(c.location, "7PH72VH3CM4");
    ck_assert_int_eq(vpc_code_format(&c, 0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "110247PH72VH3CM4H");
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_DISPLAY, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "11024 7PH72VH3+CM4-H");

    /* An OLC conformance point (7FG49QCJ+2VX) under a made-up postal code. */
    ck_assert_int_eq(vpc_code_make("11024", 20.3701125, 2.782234375, 20.3, 2.7,
                                   VPC_FLAG_CHECK_CHAR, &c), VPC_OK);
    ck_assert_int_eq(vpc_code_format(&c, 0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "110249QCJ2VX4");
}
END_TEST

START_TEST(test_locate)
{
    vpc_code c;
    vpc_cell cell;
    char olc[VPC_OLC_BUFSIZE];
    size_t pos = 99;

    ck_assert_int_eq(vpc_code_parse("11024 2VH3+CM4", &c, &pos), VPC_OK);
    ck_assert_int_eq((int)pos, 99); /* untouched on success */
    ck_assert_int_eq(vpc_code_olc(&c, REF_LAT, REF_LON, olc, sizeof olc), VPC_OK);
    ck_assert_str_eq(olc, "7PH72VH3+CM4");
    ck_assert_int_eq(vpc_code_locate(&c, REF_LAT, REF_LON, &cell), VPC_OK);
    ck_assert(cell.south <= HN_LAT && HN_LAT < cell.north);
    ck_assert(cell.west <= HN_LON && HN_LON < cell.east);
    ck_assert_int_eq(cell.length, 11);
    /* The reference point chooses the 1-degree cell: from Hà Nội's
     * neighbour to the south-east (0.43 degree away) it recovers the same
     * cell, from farther away (more than half a degree) the nearest one. */
    ck_assert_int_eq(vpc_code_olc(&c, 20.6, 106.3, olc, sizeof olc), VPC_OK);
    ck_assert_str_eq(olc, "7PH72VH3+CM4");
    ck_assert_int_eq(vpc_code_olc(&c, 19.9, 106.9, olc, sizeof olc), VPC_OK);
    ck_assert_str_eq(olc, "7PG82VH3+CM4");
    ck_assert_int_eq(vpc_code_olc(&c, NAN, REF_LON, olc, sizeof olc), VPC_E_NOT_FINITE);

    ck_assert_int_eq(vpc_code_parse("110247PH72VH3CM4", &c, NULL), VPC_OK);
    ck_assert_int_eq(vpc_code_locate(&c, NAN, NAN, &cell), VPC_OK);
    ck_assert(cell.south <= HN_LAT && HN_LAT < cell.north);
}
END_TEST

/* What people type, and the canonical form it must give. */
static const struct {
    const char *text;
    const char *canonical;
} accepted[] = {
    {"110242VH3CM4", "110242VH3CM4"},
    {"11024 2VH3+CM4", "110242VH3CM4"},
    {"11024 2vh3+cm4", "110242VH3CM4"},
    {"  11024-2VH3-CM4  ", "110242VH3CM4"},
    {"11.024.2VH3.CM4", "110242VH3CM4"},
    {"11024\t2VH3 CM4", "110242VH3CM4"},
    {"+110242VH3CM4+", "110242VH3CM4"},
    {"11024 2VH3+CM4-P", "110242VH3CM4P"},
    {"11024 2vh3+cm4 p", "110242VH3CM4P"},
    {"11024 7PH72VH3+CM4", "110247PH72VH3CM4"},
    {"11024 7ph72vh3+cm4-h", "110247PH72VH3CM4H"},
    {"01106 2222+222", "011062222222"},
};

START_TEST(test_accepted)
{
    char buf[VPC_CODE_BUFSIZE];
    size_t pos = 0;
    vpc_status st = vpc_code_normalize(accepted[_i].text, 0, buf, sizeof buf, &pos);
    ck_assert_msg(st == VPC_OK, "'%s': %s at %zu", accepted[_i].text, vpc_status_name(st), pos);
    ck_assert_str_eq(buf, accepted[_i].canonical);
    /* Canonical text is a fixed point. */
    ck_assert_int_eq(vpc_code_normalize(buf, 0, buf, sizeof buf, NULL), VPC_OK);
    ck_assert_str_eq(buf, accepted[_i].canonical);
}
END_TEST

/* What must be rejected: the exact status and the byte offset reported. */
static const struct {
    const char *text;
    vpc_status status;
    size_t pos;
} rejected[] = {
    {"", VPC_E_EMPTY, 0},
    {"   ", VPC_E_EMPTY, 3},
    {"-.+", VPC_E_EMPTY, 3},
    {"11024", VPC_E_CODE_LENGTH, 5},
    {"110242VH3CM", VPC_E_CODE_LENGTH, 11},
    {"110242VH3CM4PP", VPC_E_CODE_LENGTH, 14},
    {"110247PH72VH3CM", VPC_E_CODE_LENGTH, 15},
    {"110247PH72VH3CM4HH", VPC_E_CODE_LENGTH, 17},
    {"11024 7PH72VH3+CM4-HHHHHHH", VPC_E_CODE_LENGTH, 20},
    {"11024_2VH3CM4", VPC_E_BAD_CHARACTER, 5},
    {"1102A2VH3CM4", VPC_E_BAD_CHARACTER, 4},   /* not in any alphabet */
    {"1102C2VH3CM4", VPC_E_BAD_CHARACTER, 4},   /* a letter in the postal code */
    {"110242VH3CM1", VPC_E_BAD_CHARACTER, 11},  /* 1 is not an OLC digit */
    {"110242VH3C04", VPC_E_BAD_CHARACTER, 10},  /* nor is the padding 0 */
    {"110242VH3CMK", VPC_E_BAD_CHARACTER, 11},  /* K only as check character */
    {"11024 2VH3+CM4 Y", VPC_E_BAD_CHARACTER, 15},
    {"11024 2VH3+CM4,", VPC_E_BAD_CHARACTER, 14},
    {"11024\n2VH3CM4", VPC_E_BAD_CHARACTER, 5},
    {"11024 2VH3+CM\xc3\xa9", VPC_E_BAD_CHARACTER, 13},  /* é in UTF-8 */
    {"\xef\xbc\x91" "1024 2VH3+CM4", VPC_E_BAD_CHARACTER, 0}, /* fullwidth 1 */
    {"11024 2VH3+CM\xd0\x9c", VPC_E_BAD_CHARACTER, 13},  /* Cyrillic М */
    {"11024\xff" "2VH3CM4", VPC_E_BAD_CHARACTER, 5},      /* invalid UTF-8 */
    {"11024X2222222222", VPC_E_LOCATION_RANGE, 5},  /* latitude digit past 90N */
    {"110247X222222222", VPC_E_LOCATION_RANGE, 6},  /* longitude digit past 180E */
    {"110242VH3CM4Q", VPC_E_CHECK_CHARACTER, 12},
    {"11024 2VH3+CM4-K", VPC_E_CHECK_CHARACTER, 15},
    {"110247PH72VH3CM4P", VPC_E_CHECK_CHARACTER, 16},
    {"110242VH3CM4", VPC_OK, 0},  /* control row: the base code is valid */
};

START_TEST(test_rejected)
{
    vpc_code c, before;
    size_t pos = 12345;
    memset(&c, 0x5a, sizeof c);
    before = c;
    vpc_status st = vpc_code_parse(rejected[_i].text, &c, &pos);
    ck_assert_msg(st == rejected[_i].status, "'%s': got %s, want %s", rejected[_i].text,
                  vpc_status_name(st), vpc_status_name(rejected[_i].status));
    if (st != VPC_OK) {
        ck_assert_msg(pos == rejected[_i].pos, "'%s': position %zu, want %zu",
                      rejected[_i].text, pos, rejected[_i].pos);
        ck_assert_msg(memcmp(&c, &before, sizeof c) == 0, "'%s': output changed",
                      rejected[_i].text);
    }
}
END_TEST

START_TEST(test_huge_and_null_input)
{
    size_t n = 1 << 20, pos = 0;
    char *s = malloc(n + 1);
    vpc_code c;
    ck_assert_ptr_nonnull(s);
    memset(s, '1', n);
    s[n] = '\0';
    ck_assert_int_eq(vpc_code_parse(s, &c, &pos), VPC_E_CODE_LENGTH);
    ck_assert_int_eq((int)pos, VPC_CODE_MAX_LEN); /* stops at the 18th character */
    memset(s, ' ', n);
    ck_assert_int_eq(vpc_code_parse(s, &c, &pos), VPC_E_EMPTY);
    ck_assert(pos == n);
    free(s);
    ck_assert_int_eq(vpc_code_parse(NULL, &c, &pos), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_code_parse("110242VH3CM4", NULL, &pos), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_code_normalize(NULL, 0, (char[24]){0}, 24, NULL), VPC_E_NULL_ARGUMENT);
}
END_TEST

START_TEST(test_format_errors)
{
    vpc_code c;
    char buf[VPC_CODE_BUFSIZE] = "untouched";
    ck_assert_int_eq(vpc_code_parse("110242VH3CM4", &c, NULL), VPC_OK);
    ck_assert_int_eq(vpc_code_format(&c, 0x100, buf, sizeof buf), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_LONG_FORM, buf, sizeof buf), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_CHECK_CHAR | VPC_FLAG_NO_CHECK_CHAR, buf,
                                     sizeof buf), VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_code_format(&c, 0, buf, 12), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(vpc_code_format(&c, VPC_FLAG_DISPLAY, buf, 14), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_str_eq(buf, "untouched");
    ck_assert_int_eq(vpc_code_format(&c, 0, buf, 13), VPC_OK);
    ck_assert_int_eq(vpc_code_format(NULL, 0, buf, sizeof buf), VPC_E_NULL_ARGUMENT);

    /* A struct filled in by hand is validated like typed text. */
    vpc_code bad = c;
    bad.form = 7;
    ck_assert_int_eq(vpc_code_format(&bad, 0, buf, sizeof buf), VPC_E_INVALID_ARGUMENT);
    bad = c;
    bad.form = VPC_FORM_LONG;
    ck_assert_int_eq(vpc_code_format(&bad, 0, buf, sizeof buf), VPC_E_CODE_LENGTH);
    bad = c;
    bad.location[0] = 'v';
    ck_assert_int_eq(vpc_code_format(&bad, 0, buf, sizeof buf), VPC_E_BAD_CHARACTER);
    bad = c;
    bad.check = 'Q';
    ck_assert_int_eq(vpc_code_format(&bad, 0, buf, sizeof buf), VPC_E_CHECK_CHARACTER);
    bad = c;
    memset(bad.postal, '1', sizeof bad.postal); /* no terminating NUL */
    ck_assert_int_eq(vpc_code_format(&bad, 0, buf, sizeof buf), VPC_E_POSTAL_CODE);
    memset(bad.location, 'C', sizeof bad.location);
    ck_assert_int_eq(vpc_code_format(&bad, 0, buf, sizeof buf), VPC_E_POSTAL_CODE);

    char check = 0;
    bad = c;
    bad.check = 'Q'; /* vpc_code_check_char ignores what the struct holds */
    ck_assert_int_eq(vpc_code_check_char(&bad, &check), VPC_OK);
    ck_assert_int_eq(check, 'P');
    ck_assert_int_eq(vpc_code_check_char(&c, NULL), VPC_E_NULL_ARGUMENT);
}
END_TEST

START_TEST(test_make_errors)
{
    vpc_code c, before;
    memset(&c, 0x5a, sizeof c);
    before = c;
    static const char *bad_postal[] = {"", "1102", "110245", "1102a", "11 24", "ab024"};
    for (size_t i = 0; i < sizeof bad_postal / sizeof bad_postal[0]; i++)
        ck_assert_int_eq(vpc_code_make(bad_postal[i], HN_LAT, HN_LON, REF_LAT, REF_LON, 0, &c),
                         VPC_E_POSTAL_CODE);
    ck_assert_int_eq(vpc_code_make(NULL, HN_LAT, HN_LON, REF_LAT, REF_LON, 0, &c), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, REF_LAT, REF_LON, 0, NULL),
                     VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_code_make("11024", NAN, HN_LON, REF_LAT, REF_LON, 0, &c), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, -INFINITY, REF_LAT, REF_LON, 0, &c),
                     VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_code_make("11024", 90.0001, HN_LON, REF_LAT, REF_LON, 0, &c),
                     VPC_E_LATITUDE_RANGE);
    ck_assert_int_eq(vpc_code_make("11024", -91, HN_LON, REF_LAT, REF_LON, 0, &c),
                     VPC_E_LATITUDE_RANGE);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, 180.5, REF_LAT, REF_LON, 0, &c),
                     VPC_E_LONGITUDE_RANGE);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, -360, REF_LAT, REF_LON, 0, &c),
                     VPC_E_LONGITUDE_RANGE);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, NAN, REF_LON, 0, &c), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, REF_LAT, REF_LON, 0x80, &c),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, REF_LAT, REF_LON, VPC_FLAG_DISPLAY, &c),
                     VPC_E_INVALID_ARGUMENT);
    /* 0.6 degree from the reference: the standard form would recover a
     * point one degree away, so it is refused. */
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, HN_LAT + 0.6, HN_LON, 0, &c),
                     VPC_E_NEEDS_LONG_FORM);
    ck_assert_int_eq(vpc_code_make("11024", HN_LAT, HN_LON, HN_LAT, HN_LON - 0.6, 0, &c),
                     VPC_E_NEEDS_LONG_FORM);
    ck_assert(memcmp(&c, &before, sizeof c) == 0);
    /* The edges of the coordinate range are points like any other. */
    ck_assert_int_eq(vpc_code_make("11024", 90, 180, 0, 0, VPC_FLAG_LONG_FORM, &c), VPC_OK);
    ck_assert_int_eq(vpc_code_make("11024", -90, -180, 0, 0, VPC_FLAG_LONG_FORM, &c), VPC_OK);
    ck_assert_int_eq(vpc_code_make("11024", -0.0, -0.0, 0, 0, 0, &c), VPC_OK);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("code");
    TCase *tc = tcase_create("forms");
    tcase_add_test(tc, test_make_worked_examples);
    tcase_add_test(tc, test_locate);
    tcase_add_loop_test(tc, test_accepted, 0, (int)(sizeof accepted / sizeof accepted[0]));
    tcase_add_loop_test(tc, test_rejected, 0, (int)(sizeof rejected / sizeof rejected[0]));
    tcase_add_test(tc, test_huge_and_null_input);
    tcase_add_test(tc, test_format_errors);
    tcase_add_test(tc, test_make_errors);
    tcase_add_test(tc, test_recovery_matches_olc);
    suite_add_tcase(s, tc);

    return run_suite(s);
}
