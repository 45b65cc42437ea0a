/*
 * check_input.c - hostile inputs: coordinates that are not numbers, off the
 * Earth or on its edges; text that is empty, huge, cut by a NUL, invalid
 * UTF-8 or made of Unicode look-alikes of code characters; buffers that are
 * too small. Each call must give its exact status and, on an error, leave
 * every output exactly as the caller passed it (outputs are filled with the
 * byte 0xA5 before the call and compared after).
 *
 * Where the library does not do what its header promises, the row says what
 * it should give and what it gives now; the test accepts either, prints
 * "KNOWN DEVIATION" for the second, and fails on anything else. The rows
 * are marked "deviation" below.
 *
 * Uses the database named by $VPOSTCODE_DB.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "checkrun.h"
#include "vpostcode.h"

static vpc_db *db;
static int has_legacy;

/* ---- checking a call ------------------------------------------------------ */

#define SENTINEL 0xA5
#define FILL(obj) memset(&(obj), SENTINEL, sizeof(obj))
/* "No deviation": the library does what the header says. */
#define NONE ((vpc_status)VPC_STATUS_COUNT)

static int untouched(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != SENTINEL)
            return 0;
    return 1;
}

/* The status must be `want` (or, for a known deviation, `now`); an error
 * must leave the n bytes at `out` as they were filled. */
static void check(const char *label, const char *call, vpc_status got, vpc_status want,
                  vpc_status now, const void *out, size_t n)
{
    if (got != want) {
        ck_assert_msg(now != NONE && got == now, "%s: %s gives %s, want %s", label, call,
                      vpc_status_name(got), vpc_status_name(want));
        printf("KNOWN DEVIATION (not failed): %s: %s gives %s, should be %s\n", label, call,
               vpc_status_name(got), vpc_status_name(want));
    }
    if (got != VPC_OK && !vpc_is_warning(got))
        ck_assert_msg(untouched(out, n), "%s: %s wrote its output on %s", label, call,
                      vpc_status_name(got));
}

#define CHECK(label, call, want, now, obj) \
    check(label, #call, (call), want, now, &(obj), sizeof(obj))

/* ---- coordinates ------------------------------------------------------------ */

#define OK VPC_OK
#define NF VPC_E_NOT_FINITE
#define LAT VPC_E_LATITUDE_RANGE
#define LON VPC_E_LONGITUDE_RANGE
#define OUT VPC_E_OUTSIDE_VIETNAM
#define TRANSFORM VPC_E_TRANSFORM

static const struct coord_case {
    const char *label;
    double lat, lon;
    vpc_status olc;     /* vpc_olc_encode: clips and normalises, as OLC requires */
    vpc_status point;   /* vpc_lookup, vpc_encode, vpc_legacy_lookup, the batches */
    vpc_status crs;     /* vpc_crs_from_wgs84 to Web Mercator, as the header promises */
    vpc_status crs_now; /* deviation: what it gives instead, NONE if nothing */
} coords[] = {
    {"latitude NaN", NAN, 105.85, NF, NF, NF, NONE},
    {"longitude NaN", 21.03, NAN, NF, NF, NF, NONE},
    {"both NaN", NAN, NAN, NF, NF, NF, NONE},
    {"latitude +inf", INFINITY, 105.85, NF, NF, NF, NONE},
    {"latitude -inf", -INFINITY, 105.85, NF, NF, NF, NONE},
    {"longitude +inf", 21.03, INFINITY, NF, NF, NF, NONE},
    {"longitude -inf", 21.03, -INFINITY, NF, NF, NF, NONE},
    /* Which error comes first is not written down; the point functions say
     * "not finite" before "out of range" (deviation: the PROJ ones the
     * other way round). */
    {"latitude NaN, longitude 200", NAN, 200.0, NF, NF, NF, LON},
    {"latitude 200, longitude NaN", 200.0, NAN, NF, NF, NF, LAT},
    {"latitude 90.0000001", 90.0000001, 105.85, OK, LAT, LAT, NONE},
    {"latitude -90.0000001", -90.0000001, 105.85, OK, LAT, LAT, NONE},
    {"longitude 180.0000001", 21.03, 180.0000001, OK, LON, LON, NONE},
    {"longitude -180.0000001", 21.03, -180.0000001, OK, LON, LON, NONE},
    {"latitude 1e308", 1e308, 105.85, OK, LAT, LAT, NONE},
    {"longitude 1e308", 21.03, 1e308, OK, LON, LON, NONE},
    {"latitude -DBL_MAX", -DBL_MAX, 105.85, OK, LAT, LAT, NONE},
    {"longitude -DBL_MAX", 21.03, -DBL_MAX, OK, LON, LON, NONE},
    {"DBL_MIN, DBL_MIN", DBL_MIN, DBL_MIN, OK, OUT, OK, NONE},
    {"-0.0, -0.0", -0.0, -0.0, OK, OUT, OK, NONE},
    {"antimeridian 0, 180", 0.0, 180.0, OK, OUT, OK, NONE},
    {"antimeridian 0, -180", 0.0, -180.0, OK, OUT, OK, NONE},
    /* Deviation: Web Mercator cannot hold the poles (y is infinite there);
     * PROJ returns y = +-2.4e8 m and the library passes it on. */
    {"north pole 90, 105.85", 90.0, 105.85, OK, OUT, TRANSFORM, OK},
    {"south pole -90, 105.85", -90.0, 105.85, OK, OUT, TRANSFORM, OK},
    {"corner 90, 180", 90.0, 180.0, OK, OUT, TRANSFORM, OK},
    {"corner -90, -180", -90.0, -180.0, OK, OUT, TRANSFORM, OK},
};

#define NCOORDS ((int)(sizeof coords / sizeof coords[0]))

START_TEST(test_coordinates)
{
    const struct coord_case *c = &coords[_i];
    char olc[VPC_OLC_BUFSIZE];
    vpc_ward ward;
    struct {
        vpc_code code;
        vpc_ward ward;
    } enc;
    struct {
        vpc_legacy_unit units[4];
        size_t count;
    } leg;
    vpc_code made;
    struct {
        double x, y;
    } xy;

    FILL(olc);
    CHECK(c->label, vpc_olc_encode(c->lat, c->lon, 10, olc, sizeof olc), c->olc, NONE, olc);
    if (c->olc == VPC_OK)
        ck_assert_msg(vpc_olc_is_full(olc), "%s: %s is no full code", c->label, olc);

    FILL(ward);
    CHECK(c->label, vpc_lookup(db, c->lat, c->lon, &ward), c->point, NONE, ward);
    FILL(enc);
    CHECK(c->label, vpc_encode(db, c->lat, c->lon, 0, &enc.code, &enc.ward), c->point, NONE, enc);
    FILL(leg);
    CHECK(c->label, vpc_legacy_lookup(db, c->lat, c->lon, leg.units, 4, &leg.count),
          has_legacy ? c->point : VPC_E_NO_LEGACY_DATA, NONE, leg);

    /* Making a code needs no database: outside Vietnam is a point like any. */
    FILL(made);
    CHECK(c->label, vpc_code_make("11024", c->lat, c->lon, c->lat, c->lon, VPC_FLAG_LONG_FORM, &made),
          c->point == OUT ? VPC_OK : c->point, NONE, made);

    vpc_crs *crs;
    ck_assert_int_eq(vpc_crs_open("EPSG:3857", &crs), VPC_OK);
    FILL(xy);
    vpc_status st = vpc_crs_from_wgs84(crs, c->lat, c->lon, &xy.x, &xy.y);
    check(c->label, "vpc_crs_from_wgs84(EPSG:3857)", st, c->crs, c->crs_now, &xy, sizeof xy);
    if (st == VPC_OK && fabs(c->lat) < 90.0) {
        double lat, lon;
        ck_assert_int_eq(vpc_crs_to_wgs84(crs, xy.x, xy.y, &lat, &lon), VPC_OK);
        double dlon = fabs(lon - c->lon);
        ck_assert_msg(fabs(lat - c->lat) < 1e-9 && (dlon < 1e-9 || fabs(dlon - 360.0) < 1e-9),
                      "%s: back from Web Mercator at %.12g %.12g", c->label, lat, lon);
    }
    vpc_crs_close(crs);
}
END_TEST

/* vpc_olc_encode clips latitude and normalises longitude to [-180, 180), as
 * its header says; -0.0 is 0. */
START_TEST(test_olc_clip_and_wrap)
{
    static const struct {
        double lat, lon, same_lat, same_lon;
    } pairs[] = {
        {90.0000001, 105.85, 90.0, 105.85},
        {1e308, 105.85, 90.0, 105.85},
        {-DBL_MAX, 105.85, -90.0, 105.85},
        {-90.0000001, 105.85, -90.0, 105.85},
        {21.03, 180.0000001, 21.03, -179.9999999},
        {21.03, -180.0000001, 21.03, 179.9999999},
        {0.0, 180.0, 0.0, -180.0},
        {21.03, 465.85, 21.03, 105.85},
        {-0.0, -0.0, 0.0, 0.0},
        {DBL_MIN, DBL_MIN, 0.0, 0.0},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char a[VPC_OLC_BUFSIZE], b[VPC_OLC_BUFSIZE];
        ck_assert_int_eq(vpc_olc_encode(pairs[i].lat, pairs[i].lon, 15, a, sizeof a), VPC_OK);
        ck_assert_int_eq(vpc_olc_encode(pairs[i].same_lat, pairs[i].same_lon, 15, b, sizeof b), VPC_OK);
        ck_assert_msg(strcmp(a, b) == 0, "(%.10g, %.10g) gives %s, (%.10g, %.10g) %s", pairs[i].lat,
                      pairs[i].lon, a, pairs[i].same_lat, pairs[i].same_lon, b);
    }
    char buf[VPC_OLC_BUFSIZE];
    vpc_cell cell;
    ck_assert_int_eq(vpc_olc_encode(-0.0, -0.0, 10, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "6FG22222+22");
    ck_assert_int_eq(vpc_olc_encode(0.0, 180.0, 10, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "62G22222+22");
    /* The north-east corner of the world: the top row, the cell west of
     * the antimeridian's other side. */
    ck_assert_int_eq(vpc_olc_encode(90.0, 180.0, 10, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "C2X2X2X2+X2");
    ck_assert_int_eq(vpc_olc_decode(buf, &cell), VPC_OK);
    ck_assert(cell.north == 90.0 && cell.west == -180.0);
    ck_assert_int_eq(vpc_olc_encode(-90.0, -180.0, 10, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "22222222+22");
    /* 1e308 is a whole number of turns and then some: any full code will do,
     * as long as it is one. */
    ck_assert_int_eq(vpc_olc_encode(21.03, 1e308, 10, buf, sizeof buf), VPC_OK);
    ck_assert(vpc_olc_is_full(buf));
    /* The reference point of recovery is clipped and normalised too; NaN is
     * refused and the buffer left alone. */
    ck_assert_int_eq(vpc_olc_recover("2VH3+CM4", 1e308, 105.85, buf, sizeof buf), VPC_OK);
    ck_assert_int_eq(vpc_olc_recover("2VH3+CM4", 21.03, 105.85 + 720.0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "7PH72VH3+CM4");
    FILL(buf);
    ck_assert_int_eq(vpc_olc_recover("2VH3+CM4", NAN, 105.85, buf, sizeof buf), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_olc_shorten("7PH72VH3+CM4", 21.03, -INFINITY, buf, sizeof buf), VPC_E_NOT_FINITE);
    ck_assert(untouched(buf, sizeof buf));
}
END_TEST

/* The batches give each point exactly the single call's status. */
START_TEST(test_coordinate_batches)
{
    double lat[NCOORDS], lon[NCOORDS];
    int ward[NCOORDS], status[NCOORDS];
    static char codes[NCOORDS * VPC_CODE_BUFSIZE];
    for (int i = 0; i < NCOORDS; i++) {
        lat[i] = coords[i].lat;
        lon[i] = coords[i].lon;
    }
    ck_assert_int_eq(vpc_lookup_batch(db, (size_t)NCOORDS, lat, lon, ward, status), VPC_OK);
    for (int i = 0; i < NCOORDS; i++) {
        ck_assert_msg(status[i] == (int)coords[i].point, "%s: batch lookup %s", coords[i].label,
                      vpc_status_name((vpc_status)status[i]));
        ck_assert_int_eq(ward[i], -1);
    }
    ck_assert_int_eq(vpc_encode_batch(db, (size_t)NCOORDS, lat, lon, 0, codes, ward, status), VPC_OK);
    for (int i = 0; i < NCOORDS; i++) {
        ck_assert_msg(status[i] == (int)coords[i].point, "%s: batch encode %s", coords[i].label,
                      vpc_status_name((vpc_status)status[i]));
        ck_assert_str_eq(codes + i * VPC_CODE_BUFSIZE, "");
    }
}
END_TEST

/* From a CRS to WGS84: x and y in the CRS's units, easting first. */
static const struct crs_case {
    const char *crs, *label;
    double x, y;
    vpc_status want, now; /* now: deviation, NONE if nothing */
} crs_cases[] = {
    {"EPSG:3857", "x NaN", NAN, 0.0, NF, NONE},
    {"EPSG:3857", "y +inf", 0.0, INFINITY, NF, NONE},
    {"EPSG:3857", "x -inf", -INFINITY, 0.0, NF, NONE},
    {"EPSG:3857", "-0.0, -0.0", -0.0, -0.0, OK, NONE},
    {"EPSG:3857", "DBL_MIN, DBL_MIN", DBL_MIN, DBL_MIN, OK, NONE},
    {"EPSG:3857", "x at the antimeridian, east", 20037508.342789244, 0.0, OK, NONE},
    {"EPSG:3857", "x at the antimeridian, west", -20037508.342789244, 0.0, OK, NONE},
    /* Far outside the projection's extent (+-2.0e7 m): PROJ wraps or
     * clamps, the point does not come back, VPC_E_TRANSFORM. */
    {"EPSG:3857", "x 1e308 m", 1e308, 0.0, TRANSFORM, NONE},
    {"EPSG:3857", "x -DBL_MAX m", -DBL_MAX, 0.0, TRANSFORM, NONE},
    {"EPSG:3857", "y 1e308 m", 0.0, 1e308, TRANSFORM, NONE},
    {"EPSG:32648", "easting 1e308 m", 1e308, 2325571.0, TRANSFORM, NONE},
    {"EPSG:32648", "easting -DBL_MAX m", -DBL_MAX, 2325571.0, TRANSFORM, NONE},
    /* PROJ gives a point in the southern hemisphere (about 25.7 S) for a
     * northing of 1e308 m; it does not come back: VPC_E_TRANSFORM. */
    {"EPSG:32648", "northing 1e308 m", 500000.0, 1e308, TRANSFORM, NONE},
    {"EPSG:32648", "northing -DBL_MAX m", 500000.0, -DBL_MAX, TRANSFORM, NONE},
    {"EPSG:32648", "NaN northing", 500000.0, NAN, NF, NONE},
    {"EPSG:4756", "latitude 90.0000001", 105.85, 90.0000001, TRANSFORM, NONE},
    {"EPSG:4756", "latitude -1e308", 105.85, -1e308, TRANSFORM, NONE},
    {"EPSG:4756", "longitude 1e308", 1e308, 21.03, TRANSFORM, NONE},
    {"EPSG:4756", "longitude -DBL_MAX", -DBL_MAX, 21.03, TRANSFORM, NONE},
    {"EPSG:4756", "longitude 180", 180.0, 0.0, OK, NONE},
    {"EPSG:4756", "longitude -180", -180.0, 0.0, OK, NONE},
    {"EPSG:4756", "latitude 90", 105.85, 90.0, OK, NONE},
    {"EPSG:4756", "-0.0, -0.0", -0.0, -0.0, OK, NONE},
    {"EPSG:4756", "NaN, NaN", NAN, NAN, NF, NONE},
};

START_TEST(test_crs_to_wgs84)
{
    const struct crs_case *c = &crs_cases[_i];
    char label[128];
    vpc_crs *crs;
    struct {
        double lat, lon;
    } out;
    snprintf(label, sizeof label, "%s %s", c->crs, c->label);
    ck_assert_int_eq(vpc_crs_open(c->crs, &crs), VPC_OK);
    FILL(out);
    vpc_status st = vpc_crs_to_wgs84(crs, c->x, c->y, &out.lat, &out.lon);
    check(label, "vpc_crs_to_wgs84", st, c->want, c->now, &out, sizeof out);
    if (st == VPC_OK) {
        ck_assert(out.lat >= -90.0 && out.lat <= 90.0 && out.lon >= -180.0 && out.lon <= 180.0);
        if (strcmp(c->label, "x at the antimeridian, east") == 0 ||
            strcmp(c->label, "x at the antimeridian, west") == 0)
            ck_assert_msg(fabs(fabs(out.lon) - 180.0) < 1e-9 && fabs(out.lat) < 1e-9, "%s: %.12g %.12g",
                          label, out.lat, out.lon);
    }
    vpc_crs_close(crs);
}
END_TEST

/* ---- code text ---------------------------------------------------------------- */

/* The code of Nhà thờ Lớn, Hà Nội (README), and the canonical text the
 * accepted rows below must read as. */
#define HN_CODE "110242RHXFJJ"

static const struct text_case {
    const char *label;
    const char *text;
    vpc_status want;
    size_t pos; /* err_pos: first byte of the offending sequence, or the end */
} texts[] = {
    {"empty", "", VPC_E_EMPTY, 0},
    {"only separators", " -.+", VPC_E_EMPTY, 4},
    {"tabs and spaces", "\t \t", VPC_E_EMPTY, 3},
    /* A C string ends at its first NUL: whatever follows is not part of
     * the text the library is given, so these read as the code alone. */
    {"code, NUL, junk", HN_CODE "\0junk", VPC_OK, 0},
    {"code, NUL, another code", HN_CODE "\0" "11024 2VH3+CM4", VPC_OK, 0},
    /* Invalid UTF-8. */
    {"byte 0xFF", "11024\xff" "2RHXFJJ", VPC_E_BAD_CHARACTER, 5},
    {"lone lead byte 0xC3", "11024\xc3" "2RHXFJJ", VPC_E_BAD_CHARACTER, 5},
    {"lead byte 0xC3 at the end", HN_CODE "\xc3", VPC_E_BAD_CHARACTER, 12},
    {"lone continuation byte 0x80", "11024 2RHX+FJJ\x80", VPC_E_BAD_CHARACTER, 14},
    {"overlong '1' (C0 B1)", "\xc0\xb1" "1024 2RHX+FJJ", VPC_E_BAD_CHARACTER, 0},
    /* Look-alikes of code characters, in UTF-8. */
    {"fullwidth digit one U+FF11", "\xef\xbc\x91" "1024 2RHX+FJJ", VPC_E_BAD_CHARACTER, 0},
    {"fullwidth X U+FF38", "11024 2RH\xef\xbc\xb8+FJJ", VPC_E_BAD_CHARACTER, 9},
    {"Cyrillic A U+0410", "11024 \xd0\x90" "2RHX+FJJ", VPC_E_BAD_CHARACTER, 6},
    {"Cyrillic Ve U+0412", "11024 2RH\xd0\x92+FJJ", VPC_E_BAD_CHARACTER, 9},
    {"Cyrillic Es U+0421 for C", "11024 2VH3+\xd0\xa1M4", VPC_E_BAD_CHARACTER, 11},
    {"Cyrillic En U+041D for H", "11024 2R\xd0\x9dX+FJJ", VPC_E_BAD_CHARACTER, 8},
    {"Cyrillic Er U+0420 for P", "11024 2VH3+CM4-\xd0\xa0", VPC_E_BAD_CHARACTER, 15},
    {"Cyrillic Ha U+0425 for X", "11024 2RH\xd0\xa5+FJJ", VPC_E_BAD_CHARACTER, 9},
    {"Greek Rho U+03A1 for P", "11024 2VH3+CM4-\xce\xa1", VPC_E_BAD_CHARACTER, 15},
    {"H with circumflex U+0124", "11024 2R\xc4\xa4X+FJJ", VPC_E_BAD_CHARACTER, 8},
    {"no-break space U+00A0", "11024\xc2\xa0" "2RHX+FJJ", VPC_E_BAD_CHARACTER, 5},
    {"thin space U+2009", "11024\xe2\x80\x89" "2RHX+FJJ", VPC_E_BAD_CHARACTER, 5},
    {"ideographic space U+3000", "11024\xe3\x80\x80" "2RHX+FJJ", VPC_E_BAD_CHARACTER, 5},
    {"zero-width space U+200B", "11024\xe2\x80\x8b" "2RHX+FJJ", VPC_E_BAD_CHARACTER, 5},
    {"byte-order mark U+FEFF first", "\xef\xbb\xbf" HN_CODE, VPC_E_BAD_CHARACTER, 0},
    {"minus sign U+2212 for '-'", "11024 2VH3+CM4\xe2\x88\x92" "P", VPC_E_BAD_CHARACTER, 14},
    {"en dash U+2013 for '-'", "11024\xe2\x80\x93" "2RHX+FJJ", VPC_E_BAD_CHARACTER, 5},
    {"fullwidth plus U+FF0B", "11024 2RHX\xef\xbc\x8b" "FJJ", VPC_E_BAD_CHARACTER, 10},
    /* Control: the same code typed plainly. */
    {"control", "11024 2RHX+FJJ", VPC_OK, 0},
};

#define NTEXTS ((int)(sizeof texts / sizeof texts[0]))

/* Every function that reads code text, with one text: parse, normalize,
 * decode, decode_ex, convert, the decode batch; and, with `olc`, the OLC
 * reader, for which none of these is an OLC. */
static void check_text(const char *label, const char *text, vpc_status want, size_t pos, int olc)
{
    vpc_code code;
    size_t at;
    char buf[VPC_CODE_BUFSIZE];
    struct {
        vpc_cell cell;
        vpc_ward ward;
    } dec;
    vpc_decoded ex;
    vpc_code conv;
    vpc_cell cell;

    FILL(code);
    FILL(at);
    CHECK(label, vpc_code_parse(text, &code, &at), want, NONE, code);
    if (want == VPC_OK) {
        ck_assert(untouched(&at, sizeof at)); /* the position only on error */
        ck_assert_int_eq(vpc_code_format(&code, 0, buf, sizeof buf), VPC_OK);
        ck_assert_str_eq(buf, HN_CODE);
    } else {
        ck_assert_msg(at == pos, "%s: error at byte %zu, want %zu", label, at, pos);
    }

    FILL(buf);
    FILL(at);
    CHECK(label, vpc_code_normalize(text, 0, buf, sizeof buf, &at), want, NONE, buf);
    if (want != VPC_OK)
        ck_assert_msg(at == pos, "%s: normalize: error at byte %zu, want %zu", label, at, pos);

    /* The decoders report the parse error, or decode the code. */
    FILL(dec);
    CHECK(label, vpc_decode(db, text, &dec.cell, &dec.ward), want, NONE, dec);
    if (want == VPC_OK) {
        vpc_cell plain;
        ck_assert_int_eq(vpc_decode(db, HN_CODE, &plain, NULL), VPC_OK);
        ck_assert(plain.south == dec.cell.south && plain.west == dec.cell.west &&
                  plain.north == dec.cell.north && plain.east == dec.cell.east &&
                  plain.length == dec.cell.length);
    }
    FILL(ex);
    CHECK(label, vpc_decode_ex(db, text, 0, &ex), want, NONE, ex);
    FILL(conv);
    CHECK(label, vpc_convert(db, text, 0, &conv), want, NONE, conv);

    const char *one[1] = {text};
    int status = -1, ward = -2;
    ck_assert_int_eq(vpc_decode_batch(db, 1, one, 0, &cell, &ward, &status), VPC_OK);
    ck_assert_msg(status == (int)want, "%s: batch decode %s", label, vpc_status_name((vpc_status)status));

    if (olc) {
        FILL(cell);
        CHECK(label, vpc_olc_decode(text, &cell), VPC_E_OLC_INVALID, NONE, cell);
        ck_assert_int_eq(vpc_olc_is_valid(text), 0);
    }
}

START_TEST(test_text)
{
    check_text(texts[_i].label, texts[_i].text, texts[_i].want, texts[_i].pos, 1);
}
END_TEST

/* OLC text with the same traps. */
static const struct olc_case {
    const char *label;
    const char *text;
    vpc_status want;
} olcs[] = {
    {"empty", "", VPC_E_OLC_INVALID},
    {"only the separator", "+", VPC_E_OLC_INVALID},
    {"control", "7PH72VH3+CM4", VPC_OK},
    {"lower case", "7ph72vh3+cm4", VPC_OK},
    {"code, NUL, junk", "7PH72VH3+CM4\0junk", VPC_OK}, /* C sees the code alone */
    {"short code", "2VH3+CM4", VPC_E_OLC_NOT_FULL},
    {"leading space", " 7PH72VH3+CM4", VPC_E_OLC_INVALID},
    {"byte 0xFF", "7PH72VH3+CM4\xff", VPC_E_OLC_INVALID},
    {"lone lead byte 0xC3", "7PH7\xc3" "2VH3+CM4", VPC_E_OLC_INVALID},
    {"overlong '7' (C0 B7)", "\xc0\xb7" "PH72VH3+CM4", VPC_E_OLC_INVALID},
    {"fullwidth digit seven U+FF17", "\xef\xbc\x97" "PH72VH3+CM4", VPC_E_OLC_INVALID},
    {"fullwidth plus U+FF0B", "7PH72VH3\xef\xbc\x8b" "CM4", VPC_E_OLC_INVALID},
    {"Cyrillic Es U+0421 for C", "7PH72VH3+\xd0\xa1M4", VPC_E_OLC_INVALID},
    {"Cyrillic Er U+0420 for P", "7\xd0\xa0H72VH3+CM4", VPC_E_OLC_INVALID},
    {"Greek Rho U+03A1 for P", "7\xce\xa1H72VH3+CM4", VPC_E_OLC_INVALID},
    {"trailing no-break space U+00A0", "7PH72VH3+CM4\xc2\xa0", VPC_E_OLC_INVALID},
    {"thin space U+2009 inside", "7PH7\xe2\x80\x89" "2VH3+CM4", VPC_E_OLC_INVALID},
};

START_TEST(test_olc_text)
{
    const struct olc_case *c = &olcs[_i];
    vpc_cell cell;
    char buf[VPC_OLC_BUFSIZE];
    FILL(cell);
    CHECK(c->label, vpc_olc_decode(c->text, &cell), c->want, NONE, cell);
    ck_assert_int_eq(vpc_olc_is_valid(c->text), c->want == VPC_OK || c->want == VPC_E_OLC_NOT_FULL);
    ck_assert_int_eq(vpc_olc_is_full(c->text), c->want == VPC_OK);
    ck_assert_int_eq(vpc_olc_is_short(c->text), c->want == VPC_E_OLC_NOT_FULL);
    FILL(buf);
    CHECK(c->label, vpc_olc_recover(c->text, 21.03, 105.85, buf, sizeof buf),
          c->want == VPC_E_OLC_INVALID ? VPC_E_OLC_INVALID : VPC_OK, NONE, buf);
    if (c->want != VPC_E_OLC_INVALID)
        ck_assert_str_eq(buf, "7PH72VH3+CM4");
    FILL(buf);
    CHECK(c->label, vpc_olc_shorten(c->text, 21.03, 105.85, buf, sizeof buf), c->want, NONE, buf);
}
END_TEST

/* ---- a megabyte of text ------------------------------------------------------------ */

#define MEGABYTE ((size_t)1 << 20)

/* n bytes of `fill` (after `prefix`) and a NUL, of which only the first
 * page can be read: a reader that goes further is killed by SIGSEGV. */
static char *guarded(const char *prefix, char fill, size_t n, size_t *mapped)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t size = (n + 1 + page - 1) / page * page;
    char *s = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert(s != MAP_FAILED);
    memset(s, fill, n);
    memcpy(s, prefix, strlen(prefix));
    s[n] = '\0';
    ck_assert_int_eq(mprotect(s + page, size - page, PROT_NONE), 0);
    *mapped = size;
    return s;
}

/* Rejected after reading at most the 18th significant character, by every
 * function that reads code text (the OLC reader promises no such limit and
 * is left out). */
static void check_guarded(const char *label, const char *prefix, char fill, vpc_status want,
                          size_t pos)
{
    size_t mapped;
    char *s = guarded(prefix, fill, MEGABYTE, &mapped);
    check_text(label, s, want, pos, 0);
    munmap(s, mapped);
}

START_TEST(test_megabyte_of_digits)
{
    /* "Parsing stops at the 18th significant character". */
    check_guarded("1 MB of '2'", "", '2', VPC_E_CODE_LENGTH, VPC_CODE_MAX_LEN);
}
END_TEST

START_TEST(test_code_then_megabyte)
{
    check_guarded("code then 1 MB of 'X'", HN_CODE, 'X', VPC_E_CODE_LENGTH, VPC_CODE_MAX_LEN);
    check_guarded("code, check character, 1 MB of spaces and 'X'", "110242RHXFJJ2  ", 'X',
                  VPC_E_CODE_LENGTH, 19);
}
END_TEST

START_TEST(test_megabyte_of_bad_characters)
{
    check_guarded("1 MB of 'Z'", "", 'Z', VPC_E_BAD_CHARACTER, 0);
    check_guarded("1 MB of 0xFF", "", '\xff', VPC_E_BAD_CHARACTER, 0);
}
END_TEST

/* Separators are not significant: they are skipped wherever they are, so a
 * megabyte of them before a code is read through, and the code is found. */
START_TEST(test_megabyte_of_spaces)
{
    char *s = malloc(MEGABYTE + sizeof HN_CODE);
    ck_assert_ptr_nonnull(s);
    memset(s, ' ', MEGABYTE);
    memcpy(s + MEGABYTE, HN_CODE, sizeof HN_CODE);
    check_text("1 MB of spaces, then the code", s, VPC_OK, 0, 1);
    s[MEGABYTE] = '\0';
    check_text("1 MB of spaces", s, VPC_E_EMPTY, MEGABYTE, 1);
    free(s);
}
END_TEST

/* OLC text has no such limit, but digits past the 15th are ignored. */
START_TEST(test_megabyte_olc)
{
    char *s = malloc(MEGABYTE + 16);
    vpc_cell cell;
    ck_assert_ptr_nonnull(s);
    memset(s, '2', MEGABYTE);
    s[MEGABYTE] = '\0';
    FILL(cell);
    CHECK("1 MB of '2'", vpc_olc_decode(s, &cell), VPC_E_OLC_INVALID, NONE, cell);
    ck_assert_int_eq(vpc_olc_is_valid(s), 0);
    memcpy(s, "7PH72VH3+", 9);
    ck_assert_int_eq(vpc_olc_decode(s, &cell), VPC_OK);
    ck_assert_int_eq(cell.length, VPC_OLC_MAX_DIGITS);
    ck_assert(vpc_olc_is_full(s));
    free(s);
}
END_TEST

/* ---- buffers too small ------------------------------------------------------------------ */

START_TEST(test_buffer_too_small)
{
    char small[8];
    vpc_code code;
    vpc_cell cell;
    size_t needed;

    FILL(small);
    CHECK("OLC", vpc_olc_encode(21.03, 105.85, 10, small, sizeof small), VPC_E_BUFFER_TOO_SMALL, NONE, small);
    CHECK("OLC", vpc_olc_recover("2VH3+CM4", 21.03, 105.85, small, sizeof small), VPC_E_BUFFER_TOO_SMALL,
          NONE, small);
    CHECK("OLC", vpc_olc_shorten("7PH72VH3+CM4", 50.0, 10.0, small, sizeof small), VPC_E_BUFFER_TOO_SMALL,
          NONE, small);
    CHECK("code", vpc_code_normalize("11024 2RHX+FJJ", 0, small, sizeof small, NULL),
          VPC_E_BUFFER_TOO_SMALL, NONE, small);
    ck_assert_int_eq(vpc_code_parse(HN_CODE, &code, NULL), VPC_OK);
    CHECK("code", vpc_code_format(&code, VPC_FLAG_DISPLAY, small, sizeof small), VPC_E_BUFFER_TOO_SMALL,
          NONE, small);
    CHECK("code", vpc_code_olc(&code, 21.03, 105.85, small, sizeof small), VPC_E_BUFFER_TOO_SMALL, NONE,
          small);

    /* vpc_cell_tiles sets *count also when too small (documented); the
     * tiles are left alone. */
    vpc_tile tiles[2];
    size_t count = 0;
    ck_assert_int_eq(vpc_olc_decode("7PH72VH3+CM4", &cell), VPC_OK);
    FILL(tiles);
    ck_assert_int_eq(vpc_cell_tiles(&cell, 30, tiles, 2, &count), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_uint_gt(count, 2);
    ck_assert(untouched(tiles, sizeof tiles));

    /* The GeoJSON writers set *needed and leave the buffer alone. */
    FILL(small);
    ck_assert_int_eq(vpc_cell_geojson(&cell, small, sizeof small, &needed), VPC_E_BUFFER_TOO_SMALL);
    ck_assert(untouched(small, sizeof small));
    ck_assert_uint_gt(needed, sizeof small);
    FILL(small);
    ck_assert_int_eq(vpc_ward_geojson(db, "00070", small, sizeof small, &needed), VPC_E_BUFFER_TOO_SMALL);
    ck_assert(untouched(small, sizeof small));
    ck_assert_uint_gt(needed, sizeof small);

    if (has_legacy) {
        /* The pre-2025 lookups, like vpc_cell_tiles, set only the count
         * when the room is too small. Hoàn Kiếm was made of several
         * communes. */
        struct {
            vpc_legacy_unit units[1];
            size_t count;
        } leg;
        FILL(leg);
        ck_assert_int_eq(vpc_legacy_lookup(db, 21.0287, 105.8490, leg.units, 1, &leg.count),
                         VPC_E_BUFFER_TOO_SMALL);
        ck_assert(untouched(leg.units, sizeof leg.units));
        ck_assert_uint_gt(leg.count, 1);
        /* An old commune split into several wards: find one. */
        vpc_legacy_unit units[16];
        size_t n = 0;
        char postal[6] = "";
        for (size_t i = 0; i < vpc_ward_count(db) && postal[0] == '\0'; i++) {
            vpc_ward w;
            vpc_ward_at(db, i, &w);
            if (vpc_legacy_lookup(db, w.ref_lat, w.ref_lon, units, 16, &n) != VPC_OK)
                continue;
            for (size_t k = 0; k < n && postal[0] == '\0'; k++) {
                vpc_legacy_unit u;
                char wards[16][6];
                size_t nw = 0;
                if (units[k].postal_code[0] != '\0' &&
                    vpc_legacy_by_postal_code(db, units[k].postal_code, &u, wards, 16, &nw) == VPC_OK &&
                    nw > 1)
                    memcpy(postal, units[k].postal_code, 6);
            }
        }
        ck_assert_msg(postal[0] != '\0', "no old commune split into several wards");
        struct {
            vpc_legacy_unit unit;
            char wards[1][6];
            size_t nwards;
        } by;
        FILL(by);
        ck_assert_int_eq(vpc_legacy_by_postal_code(db, postal, &by.unit, by.wards, 1, &by.nwards),
                         VPC_E_BUFFER_TOO_SMALL);
        ck_assert(untouched(&by.unit, sizeof by.unit) && untouched(by.wards, sizeof by.wards));
        ck_assert_uint_gt(by.nwards, 1);
    }
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
    has_legacy = vpc_has_legacy(db);

    Suite *s = suite_create("input");
    TCase *tc = tcase_create("input");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_coordinates, 0, NCOORDS);
    tcase_add_test(tc, test_olc_clip_and_wrap);
    tcase_add_test(tc, test_coordinate_batches);
    tcase_add_loop_test(tc, test_crs_to_wgs84, 0, (int)(sizeof crs_cases / sizeof crs_cases[0]));
    tcase_add_loop_test(tc, test_text, 0, NTEXTS);
    tcase_add_loop_test(tc, test_olc_text, 0, (int)(sizeof olcs / sizeof olcs[0]));
    tcase_add_test(tc, test_megabyte_of_digits);
    tcase_add_test(tc, test_code_then_megabyte);
    tcase_add_test(tc, test_megabyte_of_bad_characters);
    tcase_add_test(tc, test_megabyte_of_spaces);
    tcase_add_test(tc, test_megabyte_olc);
    tcase_add_test(tc, test_buffer_too_small);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    vpc_close(db);
    return rc;
}
