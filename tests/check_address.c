/*
 * check_address.c - reading addresses as people write them: the
 * conventions of vpc_address_parse, vpc_address_parse_at,
 * vpc_address_format, vpc_address_batch and vpc_ward_search, and the
 * invariants of their results, asserted exactly.
 *
 * The database is the real one ($VPOSTCODE_DB, opened with vpc_open(NULL)).
 * Without an address lexicon in it the program is skipped; without its
 * pre-2025 names (vpc_has_lexicon() == 1) the tests of the three-tier form
 * say so and are skipped.
 *
 * Every expected ward comes from the source data (../shared/geodata-src),
 * not from the resolver:
 *   ward_postal_codes_QD2334.tsv (thanglequoc-vietnamese-provinces-database):
 *     00070 Phường Hoàn Kiếm (01), 00082 Phường Cửa Nam (01), 00008 Phường
 *     Ngọc Hà (01), 00025 Phường Giảng Võ (01), 00577 Xã Bát Tràng (01),
 *     26743 Phường Bến Thành (79), 25747 Phường Thủ Dầu Một (79), 20242
 *     Phường Hải Châu (48), 31135 Phường Ninh Kiều (92), 31078 Đặc khu Phú
 *     Quốc (91); in Quảng Ngãi (51) 21289 Xã Sơn Hà and 21292 Xã Sơn Hạ, in
 *     Đồng Nai (75) 25280 Xã Lộc Thạnh and 25294 Xã Lộc Thành: each pair
 *     one name without diacritics.
 *   dvhcvn-20250701/splits.json.gz: the old Phường Cống Vị (00007, Quận
 *     Ba Đình 001) is now in 00008 and 00025; the old Phường Hàng Trống
 *     (00070, Quận Hoàn Kiếm 002) in 00070 and 00082; the ten old communes
 *     named "Phường 5" of the old provinces now in Hồ Chí Minh City (79 and
 *     77) are now in the ten wards of PHUONG5_WARDS.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkrun.h"
#include "vpostcode.h"

static vpc_db *db;
static int lexicon; /* vpc_has_lexicon(db) */

#define HOAN_KIEM "00070"
#define CUA_NAM "00082"
#define NGOC_HA "00008"
#define GIANG_VO "00025"
#define SON_HA "21289"
#define SON_HA_DOT "21292" /* Sơn Hạ */
#define LOC_THANH_HOOK "25280" /* Lộc Thạnh */
#define LOC_THANH_GRAVE "25294" /* Lộc Thành */

#define NHA_CHUNG "40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội"
#define NHA_CHUNG_OLD "40 Nhà Chung, P. Hàng Trống, Q. Hoàn Kiếm, TP. Hà Nội"
#define CONG_VI "Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội"

/* The tests of the pre-2025 form need the lexicon's pre-2025 names. */
#define NEED_LEGACY()                                                                  \
    do {                                                                               \
        if (lexicon < 2) {                                                             \
            printf("SKIP %s: the lexicon has no pre-2025 names\n", __func__);         \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* ---- helpers ------------------------------------------------------------ */

/* vpc_address_parse into a struct filled with garbage first. */
static vpc_status parse(const char *text, unsigned flags, vpc_address *a)
{
    memset(a, 0x5a, sizeof *a);
    return vpc_address_parse(db, text, flags, a, NULL);
}

static vpc_status parse_at(const char *text, double lat, double lon, unsigned flags,
                           vpc_address *a)
{
    memset(a, 0x5a, sizeof *a);
    return vpc_address_parse_at(db, text, lat, lon, flags, a, NULL);
}

static int span_absent(vpc_span s)
{
    return s.start == -1 && s.end == -1;
}

/* The struct as vpc_address_parse clears it: zeros, every span -1. */
static void assert_cleared(const vpc_address *a)
{
    ck_assert_int_eq(a->scheme, 0);
    ck_assert_str_eq(a->ward.code, "");
    ck_assert_str_eq(a->ward.name, "");
    ck_assert_str_eq(a->province.code, "");
    ck_assert_str_eq(a->legacy.commune_code, "");
    ck_assert_str_eq(a->legacy.district_code, "");
    ck_assert_str_eq(a->legacy.province_code, "");
    ck_assert_int_eq(a->split, 0);
    ck_assert_int_eq(a->defaulted, 0);
    ck_assert_int_eq(a->point_used, 0);
    ck_assert_int_eq(a->point_conflict, 0);
    ck_assert(a->score == 0.0);
    ck_assert(span_absent(a->ward_span));
    ck_assert(span_absent(a->district_span));
    ck_assert(span_absent(a->province_span));
    ck_assert(span_absent(a->street_span));
    ck_assert(span_absent(a->point_span));
    ck_assert_uint_eq(a->candidate_count, 0);
    ck_assert_str_eq(a->candidates[0], "");
}

/* text[span] is `expected`. */
static void assert_span(const char *text, vpc_span s, const char *expected)
{
    size_t n = strlen(expected);
    ck_assert_msg(s.start >= 0 && s.end >= s.start && (size_t)s.end <= strlen(text),
                  "span [%d, %d) of \"%s\" for \"%s\"", s.start, s.end, text, expected);
    ck_assert_msg((size_t)(s.end - s.start) == n && memcmp(text + s.start, expected, n) == 0,
                  "span [%d, %d) of \"%s\" is \"%.*s\", not \"%s\"", s.start, s.end, text,
                  s.end - s.start, text + s.start, expected);
}

/* The candidates are exactly `codes` (n of them), in any order. */
static void assert_candidates(const vpc_address *a, const char *const *codes, size_t n)
{
    ck_assert_uint_eq(a->candidate_count, n);
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (size_t k = 0; k < n && k < VPC_ADDRESS_MAX_CANDIDATES; k++)
            found += strcmp(a->candidates[k], codes[i]) == 0;
        ck_assert_msg(found == 1, "%s is %d times among the candidates", codes[i], found);
    }
}

/* Everything but the spans (which are byte offsets of their own text). */
static void assert_same_reading(const vpc_address *a, const vpc_address *b)
{
    ck_assert_int_eq(a->scheme, b->scheme);
    ck_assert_str_eq(a->ward.code, b->ward.code);
    ck_assert_str_eq(a->province.code, b->province.code);
    ck_assert_str_eq(a->legacy.commune_code, b->legacy.commune_code);
    ck_assert_str_eq(a->legacy.district_code, b->legacy.district_code);
    ck_assert_str_eq(a->legacy.province_code, b->legacy.province_code);
    ck_assert_int_eq(a->split, b->split);
    ck_assert_int_eq(a->defaulted, b->defaulted);
    ck_assert_int_eq(a->point_used, b->point_used);
    ck_assert_int_eq(a->point_conflict, b->point_conflict);
    ck_assert(a->score == b->score);
    ck_assert_uint_eq(a->candidate_count, b->candidate_count);
    for (size_t i = 0; i < a->candidate_count && i < VPC_ADDRESS_MAX_CANDIDATES; i++)
        ck_assert_str_eq(a->candidates[i], b->candidates[i]);
    ck_assert(span_absent(a->ward_span) == span_absent(b->ward_span));
    ck_assert(span_absent(a->district_span) == span_absent(b->district_span));
    ck_assert(span_absent(a->province_span) == span_absent(b->province_span));
    ck_assert(span_absent(a->street_span) == span_absent(b->street_span));
    ck_assert(span_absent(a->point_span) == span_absent(b->point_span));
}

static int same_span(vpc_span a, vpc_span b)
{
    return a.start == b.start && a.end == b.end;
}

static void assert_same_result(const vpc_address *a, const vpc_address *b)
{
    assert_same_reading(a, b);
    ck_assert(same_span(a->ward_span, b->ward_span));
    ck_assert(same_span(a->district_span, b->district_span));
    ck_assert(same_span(a->province_span, b->province_span));
    ck_assert(same_span(a->street_span, b->street_span));
    ck_assert(same_span(a->point_span, b->point_span));
}

/* A point that vpc_lookup places in the ward: its reference point if it
 * lies in it, else the first point of a grid over its bounding box. */
static void point_in_ward(const char *code, double *lat, double *lon)
{
    vpc_ward w, at;
    ck_assert_int_eq(vpc_ward_by_code(db, code, &w), VPC_OK);
    if (vpc_lookup(db, w.ref_lat, w.ref_lon, &at) == VPC_OK && strcmp(at.code, code) == 0) {
        *lat = w.ref_lat;
        *lon = w.ref_lon;
        return;
    }
    for (int i = 1; i < 32; i++)
        for (int j = 1; j < 32; j++) {
            double y = w.south + (w.north - w.south) * i / 32.0;
            double x = w.west + (w.east - w.west) * j / 32.0;
            if (vpc_lookup(db, y, x, &at) == VPC_OK && strcmp(at.code, code) == 0) {
                *lat = y;
                *lon = x;
                return;
            }
        }
    ck_abort_msg("no point found in ward %s", code);
}

/* ---- conventions ------------------------------------------------------------ */

START_TEST(test_null_arguments)
{
    vpc_address a;
    char buf[256];
    size_t pos = 77, n = 77;
    vpc_search_hit hits[2];
    const char *texts[1] = {NHA_CHUNG};
    int status[1] = {-1};

    ck_assert_int_eq(vpc_address_parse(NULL, NHA_CHUNG, 0, &a, &pos), VPC_E_NULL_ARGUMENT);
    assert_cleared(&a);
    memset(&a, 0x5a, sizeof a);
    ck_assert_int_eq(vpc_address_parse(db, NULL, 0, &a, &pos), VPC_E_NULL_ARGUMENT);
    assert_cleared(&a);
    ck_assert_int_eq(vpc_address_parse(db, NHA_CHUNG, 0, NULL, &pos), VPC_E_NULL_ARGUMENT);
    memset(&a, 0x5a, sizeof a);
    ck_assert_int_eq(vpc_address_parse_at(NULL, NHA_CHUNG, 21.0287, 105.849, 0, &a, NULL),
                     VPC_E_NULL_ARGUMENT);
    assert_cleared(&a);
    ck_assert_int_eq(vpc_address_parse_at(db, NULL, 21.0287, 105.849, 0, &a, NULL),
                     VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_address_parse_at(db, NHA_CHUNG, 21.0287, 105.849, 0, NULL, NULL),
                     VPC_E_NULL_ARGUMENT);
    ck_assert_uint_eq(pos, 77); /* no input went wrong */

    ck_assert_int_eq(parse(NHA_CHUNG, 0, &a), VPC_OK);
    ck_assert_int_eq(vpc_address_format(NULL, NHA_CHUNG, 0, buf, sizeof buf), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, 0, NULL, sizeof buf), VPC_E_NULL_ARGUMENT);

    ck_assert_int_eq(vpc_address_batch(NULL, 1, texts, NULL, NULL, 0, &a, status),
                     VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_address_batch(db, 1, NULL, NULL, NULL, 0, &a, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_address_batch(db, 1, texts, NULL, NULL, 0, NULL, status),
                     VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_address_batch(db, 1, texts, NULL, NULL, 0, &a, NULL), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(status[0], -1);

    ck_assert_int_eq(vpc_ward_search(NULL, "hoan kiem", NULL, 0, hits, 2, &n), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_ward_search(db, NULL, NULL, 0, hits, 2, &n), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", NULL, 0, hits, 2, NULL), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", NULL, 0, NULL, 2, &n), VPC_E_NULL_ARGUMENT);
    ck_assert_uint_eq(n, 77);
    ck_assert_int_eq(vpc_has_lexicon(NULL), 0);
}
END_TEST

START_TEST(test_flags)
{
    vpc_address a;
    char buf[256];
    size_t n = 77;
    vpc_search_hit hits[2];
    const unsigned both = VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY;
    const unsigned bad[] = {VPC_FLAG_LONG_FORM, VPC_FLAG_CHECK_CHAR, VPC_FLAG_NO_CHECK_CHAR,
                            VPC_FLAG_DISPLAY, VPC_FLAG_ASCII, 0x100u, 0x80000000u, both,
                            both | VPC_FLAG_ADDRESS_DEFAULT};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(parse(NHA_CHUNG, bad[i], &a), VPC_E_INVALID_ARGUMENT);
        assert_cleared(&a);
        ck_assert_int_eq(parse_at(NHA_CHUNG, 21.0287, 105.849, bad[i], &a),
                         VPC_E_INVALID_ARGUMENT);
        assert_cleared(&a);
    }
    /* The accepted ones. */
    ck_assert_int_eq(parse(NHA_CHUNG, VPC_FLAG_SCHEME_CURRENT, &a), VPC_OK);
    ck_assert_int_eq(parse(NHA_CHUNG, VPC_FLAG_ADDRESS_DEFAULT, &a), VPC_OK);
    ck_assert_int_eq(parse(NHA_CHUNG, VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_ADDRESS_DEFAULT, &a),
                     VPC_OK);
    ck_assert_str_eq(a.ward.code, HOAN_KIEM);
    ck_assert_int_eq(a.scheme, VPC_SCHEME_CURRENT);

    /* vpc_address_format: VPC_FLAG_ASCII only; buf untouched on error. */
    memset(buf, 'x', sizeof buf);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, VPC_FLAG_ADDRESS_DEFAULT, buf, sizeof buf),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, VPC_FLAG_DISPLAY, buf, sizeof buf),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(buf[0], 'x');

    /* vpc_ward_search: VPC_FLAG_ASCII only. */
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", NULL, VPC_FLAG_ADDRESS_DEFAULT, hits, 2, &n),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", NULL, VPC_FLAG_SCHEME_CURRENT, hits, 2, &n),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(n, 77);
}
END_TEST

/* The batch as a whole: invalid flags are an argument error (the batch
 * conventions), nothing written. */
START_TEST(test_batch_arguments)
{
    vpc_address a[2];
    int status[2] = {-1, -1};
    const char *texts[2] = {NHA_CHUNG, "Hà Nội"};
    double lat[2] = {21.0287, NAN};
    const unsigned bad[] = {VPC_FLAG_ASCII, VPC_FLAG_DISPLAY, 0x100u,
                            VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(a, 0x5a, sizeof a);
        ck_assert_msg(vpc_address_batch(db, 2, texts, NULL, NULL, bad[i], a, status) ==
                          VPC_E_INVALID_ARGUMENT,
                      "flags 0x%x", bad[i]);
        ck_assert_int_eq(status[0], -1);
        ck_assert_int_eq(status[1], -1);
    }
    /* lat without lon */
    ck_assert_int_eq(vpc_address_batch(db, 2, texts, lat, NULL, 0, a, status), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(status[0], -1);
    /* n = 0 */
    ck_assert_int_eq(vpc_address_batch(db, 0, texts, NULL, NULL, 0, a, status), VPC_OK);
    ck_assert_int_eq(status[0], -1);
}
END_TEST

/* Whatever the status, the struct is cleared and then filled. */
START_TEST(test_cleared_on_error)
{
    vpc_address a;
    char long_text[VPC_ADDRESS_MAX_BYTES + 2];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';

    ck_assert_int_eq(parse(long_text, 0, &a), VPC_E_ADDRESS_TOO_LONG);
    assert_cleared(&a);
    ck_assert_int_eq(parse("Hà Nội\xff", 0, &a), VPC_E_ADDRESS_ENCODING);
    assert_cleared(&a);
    ck_assert_int_eq(parse(", , -", 0, &a), VPC_E_ADDRESS_EMPTY);
    assert_cleared(&a);
    ck_assert_int_eq(parse("", 0, &a), VPC_E_ADDRESS_EMPTY);
    assert_cleared(&a);
    ck_assert_int_eq(parse("221B Baker Street, London", 0, &a), VPC_E_ADDRESS_NOT_FOUND);
    ck_assert_str_eq(a.ward.code, "");
    ck_assert_str_eq(a.province.code, "");
    ck_assert_int_eq(a.scheme, 0);
    ck_assert_uint_eq(a.candidate_count, 0);
    ck_assert(span_absent(a.ward_span) && span_absent(a.province_span) &&
              span_absent(a.district_span) && span_absent(a.point_span));
    ck_assert_int_eq(parse_at(NHA_CHUNG, NAN, 105.849, 0, &a), VPC_E_NOT_FINITE);
    assert_cleared(&a);
    ck_assert_int_eq(parse_at(NHA_CHUNG, 91.0, 105.849, 0, &a), VPC_E_LATITUDE_RANGE);
    assert_cleared(&a);

    /* INCOMPLETE: the province only. */
    ck_assert_int_eq(parse("Hà Nội", 0, &a), VPC_E_ADDRESS_INCOMPLETE);
    ck_assert_str_eq(a.ward.code, "");
    ck_assert_str_eq(a.province.code, "01");
    ck_assert_str_eq(a.province.name, "Thành phố Hà Nội");
    ck_assert_int_eq(a.scheme, VPC_SCHEME_CURRENT);
    ck_assert(span_absent(a.ward_span) && span_absent(a.street_span) && span_absent(a.point_span));
    assert_span("Hà Nội", a.province_span, "Hà Nội");
}
END_TEST

/* The byte offset of the first byte that is not valid UTF-8. */
START_TEST(test_encoding_position)
{
    static const struct {
        const char *text;
        size_t position;
    } cases[] = {
        {"\xff", 0},
        {"Hà Nội\xff", 9},
        {"Hà Nội\xc3", 9},                       /* a sequence cut at the end */
        {"Phường\xe1\xbb, Hà Nội", 9},            /* cut before a comma */
        {"ab\xc0\xaf", 2},                        /* overlong '/' */
        {"x\xed\xa0\x80", 1},                     /* a UTF-16 surrogate */
        {"\xf4\x90\x80\x80 Hà Nội", 0},           /* above U+10FFFF */
        {"Hà Nội \x80", 10},                      /* a lone continuation byte */
        {"Phường Hoàn Kiếm, Hà N\xe1\xbb\x99\xfei", 32}, /* after a whole ộ */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vpc_address a;
        size_t pos = 999;
        memset(&a, 0x5a, sizeof a);
        vpc_status st = vpc_address_parse(db, cases[i].text, 0, &a, &pos);
        ck_assert_msg(st == VPC_E_ADDRESS_ENCODING, "case %zu: %s", i, vpc_status_name(st));
        ck_assert_msg(pos == cases[i].position, "case %zu: position %zu, not %zu", i, pos,
                      cases[i].position);
        assert_cleared(&a);
        /* parse_at says the same */
        pos = 999;
        st = vpc_address_parse_at(db, cases[i].text, 21.0287, 105.849, 0, &a, &pos);
        ck_assert_int_eq(st, VPC_E_ADDRESS_ENCODING);
        ck_assert_uint_eq(pos, cases[i].position);
        ck_assert_int_eq(vpc_address_parse(db, cases[i].text, 0, &a, NULL), VPC_E_ADDRESS_ENCODING);
    }
}
END_TEST

/* A text of exactly VPC_ADDRESS_MAX_BYTES is read; one byte more is not,
 * and a megabyte is turned down without being read. */
START_TEST(test_length_limit)
{
    vpc_address a;
    char *text = malloc(VPC_ADDRESS_MAX_BYTES + 2);
    ck_assert_ptr_nonnull(text);
    size_t n = strlen(NHA_CHUNG);
    memcpy(text, NHA_CHUNG, n);
    memset(text + n, ' ', VPC_ADDRESS_MAX_BYTES - n);
    text[VPC_ADDRESS_MAX_BYTES] = '\0';
    ck_assert_int_eq(parse(text, 0, &a), VPC_OK);
    ck_assert_str_eq(a.ward.code, HOAN_KIEM);
    assert_span(text, a.ward_span, "Phường Hoàn Kiếm");
    text[VPC_ADDRESS_MAX_BYTES] = ' ';
    text[VPC_ADDRESS_MAX_BYTES + 1] = '\0';
    ck_assert_int_eq(parse(text, 0, &a), VPC_E_ADDRESS_TOO_LONG);
    assert_cleared(&a);
    free(text);

    size_t big = (size_t)1 << 20;
    text = malloc(big + 1);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < big; i++)
        text[i] = "Hà Nội, "[i % 10];
    text[big] = '\0';
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int k = 0; k < 100; k++)
        ck_assert_int_eq(parse(text, 0, &a), VPC_E_ADDRESS_TOO_LONG);
    size_t hits = 5;
    vpc_search_hit hit[1];
    ck_assert_int_eq(vpc_ward_search(db, text, NULL, 0, hit, 1, &hits), VPC_E_ADDRESS_TOO_LONG);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(s < 0.1 * test_scale(), "100 texts of 1 MB took %.3f s", s);
    free(text);
}
END_TEST

/* NFC and NFD give the same reading. */
START_TEST(test_nfc_nfd)
{
    static const char *const pairs[][2] = {
        {NHA_CHUNG, "40 Nha\xcc\x80 Chung, Phu\xcc\x9bo\xcc\x9b\xcc\x80ng Hoa\xcc\x80n "
                    "Kie\xcc\x82\xcc\x81m, Ha\xcc\x80 No\xcc\xa3\xcc\x82i"},
        {"Xã Sơn Hạ, Quảng Ngãi", "Xa\xcc\x83 So\xcc\x9bn Ha\xcc\xa3, Qua\xcc\x89ng Nga\xcc\x83i"},
        {"Đặc khu Phú Quốc, An Giang",
         "\xc4\x90" "a\xcc\xa3\xcc\x86" "c khu Phu\xcc\x81 Quo\xcc\x82\xcc\x81" "c, An Giang"},
        {CONG_VI, "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng Co\xcc\x82\xcc\x81ng Vi\xcc\xa3, "
                  "Qua\xcc\xa3\xcc\x82n Ba \xc4\x90i\xcc\x80nh, Tha\xcc\x80nh "
                  "pho\xcc\x82\xcc\x81 Ha\xcc\x80 No\xcc\xa3\xcc\x82i"},
    };
    static const char *const wards[] = {HOAN_KIEM, SON_HA_DOT, "31078", ""};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        vpc_address a, b;
        vpc_status sa = parse(pairs[i][0], 0, &a);
        vpc_status sb = parse(pairs[i][1], 0, &b);
        ck_assert_msg(sa == sb, "pair %zu: NFC %s, NFD %s", i, vpc_status_name(sa),
                      vpc_status_name(sb));
        assert_same_reading(&a, &b);
        if (wards[i][0] != '\0') {
            ck_assert_int_eq(sa, VPC_OK);
            ck_assert_str_eq(a.ward.code, wards[i]);
        }
    }
    /* The NFD ward span covers the whole decomposed name. */
    vpc_address a;
    ck_assert_int_eq(parse(pairs[0][1], 0, &a), VPC_OK);
    assert_span(pairs[0][1], a.ward_span,
                "Phu\xcc\x9bo\xcc\x9b\xcc\x80ng Hoa\xcc\x80n Kie\xcc\x82\xcc\x81m");
    assert_span(pairs[0][1], a.street_span, "40 Nha\xcc\x80 Chung");
}
END_TEST

/* Case does not matter; the texts have the same bytes in each case, so the
 * spans are the same too. */
START_TEST(test_case)
{
    static const char *const forms[][3] = {
        {NHA_CHUNG, "40 nhà chung, phường hoàn kiếm, hà nội", "40 NHÀ CHUNG, PHƯỜNG HOÀN KIẾM, HÀ NỘI"},
        {"Xã Sơn Hạ, Quảng Ngãi", "xã sơn hạ, quảng ngãi", "XÃ SƠN HẠ, QUẢNG NGÃI"},
        {"Đặc khu Phú Quốc, An Giang", "đặc khu phú quốc, an giang", "ĐẶC KHU PHÚ QUỐC, AN GIANG"},
        {"Xa Son Ha, Quang Ngai", "xa son ha, quang ngai", "XA SON HA, QUANG NGAI"},
        {"Hà Nội", "hà nội", "HÀ NỘI"},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        vpc_address a, b;
        vpc_status sa = parse(forms[i][0], 0, &a);
        for (int k = 1; k < 3; k++) {
            ck_assert_uint_eq(strlen(forms[i][k]), strlen(forms[i][0]));
            vpc_status sb = parse(forms[i][k], 0, &b);
            ck_assert_msg(sa == sb, "\"%s\": %s, \"%s\": %s", forms[i][0], vpc_status_name(sa),
                          forms[i][k], vpc_status_name(sb));
            assert_same_result(&a, &b);
        }
    }
}
END_TEST

/* Unambiguous names read to the same ward with or without diacritics. */
START_TEST(test_diacritics_optional)
{
    static const struct {
        const char *with, *without, *ward, *province;
    } cases[] = {
        {"Phường Hoàn Kiếm, Hà Nội", "Phuong Hoan Kiem, Ha Noi", HOAN_KIEM, "01"},
        {"Xã Bát Tràng, Hà Nội", "Xa Bat Trang, Ha Noi", "00577", "01"},
        {"Phường Bến Thành, TP Hồ Chí Minh", "Phuong Ben Thanh, TP Ho Chi Minh", "26743", "79"},
        {"Phường Thủ Dầu Một, Thành phố Hồ Chí Minh", "Phuong Thu Dau Mot, Thanh pho Ho Chi Minh",
         "25747", "79"},
        {"Phường Hải Châu, Đà Nẵng", "Phuong Hai Chau, Da Nang", "20242", "48"},
        {"Phường Ninh Kiều, Cần Thơ", "Phuong Ninh Kieu, Can Tho", "31135", "92"},
        {"Đặc khu Phú Quốc, An Giang", "Dac khu Phu Quoc, An Giang", "31078", "91"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vpc_address a, b;
        ck_assert_msg(parse(cases[i].with, 0, &a) == VPC_OK, "%s", cases[i].with);
        ck_assert_msg(parse(cases[i].without, 0, &b) == VPC_OK, "%s", cases[i].without);
        ck_assert_str_eq(a.ward.code, cases[i].ward);
        ck_assert_str_eq(b.ward.code, cases[i].ward);
        ck_assert_str_eq(a.province.code, cases[i].province);
        ck_assert_str_eq(a.ward.province.code, cases[i].province);
        ck_assert_int_eq(a.scheme, VPC_SCHEME_CURRENT);
        ck_assert_int_eq(b.scheme, VPC_SCHEME_CURRENT);
        ck_assert_uint_eq(a.candidate_count, 1);
        ck_assert_str_eq(a.candidates[0], cases[i].ward);
        ck_assert(a.score > 0.0 && a.score <= 1.0);
        ck_assert(b.score > 0.0 && b.score <= 1.0);
    }
}
END_TEST

/* With diacritics a name must carry the same ones: each spelling gives its
 * own ward, and the folded spelling is ambiguous between the two. */
START_TEST(test_diacritics_distinguish)
{
    static const struct {
        const char *first, *second, *folded, *ward1, *ward2;
    } cases[] = {
        {"Xã Sơn Hà, Quảng Ngãi", "Xã Sơn Hạ, Quảng Ngãi", "Xa Son Ha, Quang Ngai", SON_HA,
         SON_HA_DOT},
        {"Xã Lộc Thạnh, Đồng Nai", "Xã Lộc Thành, Đồng Nai", "Xa Loc Thanh, Dong Nai",
         LOC_THANH_HOOK, LOC_THANH_GRAVE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vpc_address a;
        ck_assert_int_eq(parse(cases[i].first, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, cases[i].ward1);
        ck_assert_int_eq(parse(cases[i].second, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, cases[i].ward2);
        ck_assert_int_eq(parse(cases[i].folded, 0, &a), VPC_E_ADDRESS_AMBIGUOUS);
        ck_assert_str_eq(a.ward.code, "");
        const char *both[2] = {cases[i].ward1, cases[i].ward2};
        assert_candidates(&a, both, 2);
        /* The ward part was read, though not decided. */
        assert_span(cases[i].folded, a.ward_span, i == 0 ? "Xa Son Ha" : "Xa Loc Thanh");
        ck_assert_int_eq(a.split, 0);
        ck_assert_int_eq(a.scheme, VPC_SCHEME_CURRENT);
        ck_assert_str_eq(a.province.code, i == 0 ? "51" : "75");
        /* No ward decided: nothing to format. */
        char buf[256];
        memset(buf, 'x', sizeof buf);
        ck_assert_int_eq(vpc_address_format(&a, cases[i].folded, 0, buf, sizeof buf),
                         VPC_E_ADDRESS_INCOMPLETE);
        ck_assert_int_eq(buf[0], 'x');
    }
}
END_TEST

START_TEST(test_spans_current)
{
    vpc_address a;
    ck_assert_int_eq(parse(NHA_CHUNG, 0, &a), VPC_OK);
    ck_assert_int_eq(a.scheme, VPC_SCHEME_CURRENT);
    ck_assert_str_eq(a.ward.code, HOAN_KIEM);
    ck_assert_str_eq(a.ward.name, "Phường Hoàn Kiếm");
    ck_assert_str_eq(a.province.code, "01");
    ck_assert_int_eq(a.split, 0);
    ck_assert_int_eq(a.point_used, 0);
    ck_assert_int_eq(a.point_conflict, 0);
    assert_span(NHA_CHUNG, a.ward_span, "Phường Hoàn Kiếm");
    assert_span(NHA_CHUNG, a.province_span, "Hà Nội");
    assert_span(NHA_CHUNG, a.street_span, "40 Nhà Chung");
    ck_assert(span_absent(a.district_span));
    ck_assert(span_absent(a.point_span));
    ck_assert_str_eq(a.legacy.commune_code, "");

    /* Ordered, and not overlapping. */
    ck_assert_int_le(a.street_span.end, a.ward_span.start);
    ck_assert_int_le(a.ward_span.end, a.province_span.start);
}
END_TEST

START_TEST(test_spans_legacy)
{
    NEED_LEGACY();
    vpc_address a;
    ck_assert_int_eq(parse(NHA_CHUNG_OLD, 0, &a), VPC_E_ADDRESS_SPLIT);
    ck_assert_int_eq(a.scheme, VPC_SCHEME_LEGACY);
    ck_assert_int_eq(a.split, 1);
    ck_assert_str_eq(a.ward.code, "");
    ck_assert_str_eq(a.province.code, "01");
    ck_assert_str_eq(a.legacy.commune_code, "00070");
    ck_assert_str_eq(a.legacy.commune_name, "Phường Hàng Trống");
    ck_assert_str_eq(a.legacy.district_code, "002");
    ck_assert_str_eq(a.legacy.district_name, "Quận Hoàn Kiếm");
    ck_assert_str_eq(a.legacy.province_code, "01");
    const char *wards[2] = {HOAN_KIEM, CUA_NAM};
    assert_candidates(&a, wards, 2);
    assert_span(NHA_CHUNG_OLD, a.ward_span, "P. Hàng Trống");
    assert_span(NHA_CHUNG_OLD, a.district_span, "Q. Hoàn Kiếm");
    assert_span(NHA_CHUNG_OLD, a.province_span, "TP. Hà Nội");
    assert_span(NHA_CHUNG_OLD, a.street_span, "40 Nhà Chung");
    ck_assert(span_absent(a.point_span));
}
END_TEST

/* "Phường 5" in Hồ Chí Minh City: ten old communes of that name, and so
 * their ten wards. */
START_TEST(test_ambiguous_legacy)
{
    NEED_LEGACY();
    static const char *const phuong5[] = {"26506", "26876", "26905", "26968", "27043",
                                          "27154", "27211", "27316", "27418", "27424"};
    vpc_address a;
    ck_assert_int_eq(parse("Phường 5, TP Hồ Chí Minh", 0, &a), VPC_E_ADDRESS_AMBIGUOUS);
    ck_assert_str_eq(a.ward.code, "");
    ck_assert_str_eq(a.province.code, "79");
    assert_candidates(&a, phuong5, 10);
    assert_span("Phường 5, TP Hồ Chí Minh", a.ward_span, "Phường 5");
    assert_span("Phường 5, TP Hồ Chí Minh", a.province_span, "TP Hồ Chí Minh");
}
END_TEST

START_TEST(test_format)
{
    vpc_address a;
    char buf[256];
    const char *expected = "40 Nhà Chung, Phường Hoàn Kiếm, Thành phố Hà Nội";
    const char *ascii = "40 Nha Chung, Phuong Hoan Kiem, Thanh pho Ha Noi";
    ck_assert_int_eq(parse(NHA_CHUNG, 0, &a), VPC_OK);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, 0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, expected);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, VPC_FLAG_ASCII, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, ascii);
    /* Exactly large enough, and one byte short (buf untouched). */
    size_t need = strlen(expected) + 1;
    char *exact = malloc(need);
    ck_assert_ptr_nonnull(exact);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, 0, exact, need), VPC_OK);
    ck_assert_str_eq(exact, expected);
    memset(exact, 'x', need);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, 0, exact, need - 1), VPC_E_BUFFER_TOO_SMALL);
    for (size_t i = 0; i < need; i++)
        ck_assert_int_eq(exact[i], 'x');
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, 0, exact, 0), VPC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG, VPC_FLAG_ASCII, exact, strlen(ascii)),
                     VPC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(exact[0], 'x');
    free(exact);

    /* Without the text: the ward and province only. */
    ck_assert_int_eq(vpc_address_format(&a, NULL, 0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "Phường Hoàn Kiếm, Thành phố Hà Nội");

    /* A text without a street part. */
    ck_assert_int_eq(parse("Phuong Hoan Kiem, Ha Noi", 0, &a), VPC_OK);
    ck_assert_int_eq(vpc_address_format(&a, "Phuong Hoan Kiem, Ha Noi", 0, buf, sizeof buf), VPC_OK);
    ck_assert_str_eq(buf, "Phường Hoàn Kiếm, Thành phố Hà Nội");

    /* No ward: INCOMPLETE, buf untouched. */
    ck_assert_int_eq(parse("Hà Nội", 0, &a), VPC_E_ADDRESS_INCOMPLETE);
    memset(buf, 'x', sizeof buf);
    ck_assert_int_eq(vpc_address_format(&a, "Hà Nội", 0, buf, sizeof buf), VPC_E_ADDRESS_INCOMPLETE);
    ck_assert_int_eq(buf[0], 'x');

    /* The pre-2025 form rewritten in the current one, once a point decides. */
    if (lexicon >= 2) {
        double lat, lon;
        point_in_ward(HOAN_KIEM, &lat, &lon);
        ck_assert_int_eq(parse_at(NHA_CHUNG_OLD, lat, lon, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, HOAN_KIEM);
        ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG_OLD, 0, buf, sizeof buf), VPC_OK);
        ck_assert_str_eq(buf, expected);
        ck_assert_int_eq(vpc_address_format(&a, NHA_CHUNG_OLD, VPC_FLAG_ASCII, buf, sizeof buf),
                         VPC_OK);
        ck_assert_str_eq(buf, ascii);
    }
}
END_TEST

/* A point decides between the wards of a divided commune. */
START_TEST(test_split_point)
{
    NEED_LEGACY();
    vpc_address a;
    double lat, lon;
    const char *wards[2] = {NGOC_HA, GIANG_VO};

    ck_assert_int_eq(parse(CONG_VI, 0, &a), VPC_E_ADDRESS_SPLIT);
    ck_assert_int_eq(a.split, 1);
    ck_assert_int_eq(a.scheme, VPC_SCHEME_LEGACY);
    ck_assert_str_eq(a.legacy.commune_code, "00007");
    ck_assert_str_eq(a.legacy.district_code, "001");
    assert_candidates(&a, wards, 2);
    assert_span(CONG_VI, a.ward_span, "Phường Cống Vị");
    assert_span(CONG_VI, a.district_span, "Quận Ba Đình");
    assert_span(CONG_VI, a.province_span, "Thành phố Hà Nội");

    for (int k = 0; k < 2; k++) {
        point_in_ward(wards[k], &lat, &lon);
        ck_assert_int_eq(parse_at(CONG_VI, lat, lon, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, wards[k]);
        ck_assert_str_eq(a.province.code, "01");
        ck_assert_int_eq(a.point_used, 1);
        ck_assert_int_eq(a.point_conflict, 0);
        ck_assert_int_eq(a.split, 1);
        ck_assert_int_eq(a.defaulted, 0);
        assert_candidates(&a, wards, 2);
        ck_assert(span_absent(a.point_span)); /* the point was not in the text */
        /* A point decides before a default is taken. */
        ck_assert_int_eq(parse_at(CONG_VI, lat, lon, VPC_FLAG_ADDRESS_DEFAULT, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, wards[k]);
        ck_assert_int_eq(a.defaulted, 0);
    }

    /* A point in neither: still divided, and the conflict said. */
    point_in_ward(HOAN_KIEM, &lat, &lon);
    ck_assert_int_eq(parse_at(CONG_VI, lat, lon, 0, &a), VPC_E_ADDRESS_SPLIT);
    ck_assert_int_eq(a.point_conflict, 1);
    ck_assert_int_eq(a.point_used, 0);
    ck_assert_str_eq(a.ward.code, "");
    assert_candidates(&a, wards, 2);

    /* The default, as asked. */
    ck_assert_int_eq(parse(CONG_VI, VPC_FLAG_ADDRESS_DEFAULT, &a), VPC_W_ADDRESS_DEFAULT);
    ck_assert_int_eq(a.defaulted, 1);
    ck_assert_int_eq(a.split, 1);
    ck_assert(strcmp(a.ward.code, NGOC_HA) == 0 || strcmp(a.ward.code, GIANG_VO) == 0);
    assert_candidates(&a, wards, 2);
    char buf[256];
    ck_assert_int_eq(vpc_address_format(&a, CONG_VI, 0, buf, sizeof buf), VPC_OK);

    /* A point that agrees with a decided ward is no conflict; one that
     * does not is, and the text's ward stays. */
    point_in_ward(HOAN_KIEM, &lat, &lon);
    ck_assert_int_eq(parse_at(NHA_CHUNG, lat, lon, 0, &a), VPC_OK);
    ck_assert_str_eq(a.ward.code, HOAN_KIEM);
    ck_assert_int_eq(a.point_conflict, 0);
    point_in_ward(GIANG_VO, &lat, &lon);
    ck_assert_int_eq(parse_at(NHA_CHUNG, lat, lon, 0, &a), VPC_OK);
    ck_assert_str_eq(a.ward.code, HOAN_KIEM);
    ck_assert_int_eq(a.point_conflict, 1);
    ck_assert_int_eq(a.point_used, 0);
}
END_TEST

/* A Vpostcode or "lat, lon" written in the text decides likewise. */
START_TEST(test_point_in_text)
{
    NEED_LEGACY();
    const char *wards[2] = {NGOC_HA, GIANG_VO};
    for (int k = 0; k < 2; k++) {
        double lat, lon;
        vpc_code code;
        vpc_ward w;
        vpc_address a;
        char shown[VPC_CODE_BUFSIZE], text[512], latlon[64];
        point_in_ward(wards[k], &lat, &lon);
        ck_assert_int_eq(vpc_encode(db, lat, lon, 0, &code, &w), VPC_OK);
        ck_assert_str_eq(w.code, wards[k]);
        ck_assert_int_eq(vpc_code_format(&code, VPC_FLAG_DISPLAY, shown, sizeof shown), VPC_OK);
        /* The code's cell centre is in the same ward (a 3 m cell). */
        vpc_cell cell;
        ck_assert_int_eq(vpc_decode(db, shown, &cell, NULL), VPC_OK);
        ck_assert_int_eq(vpc_lookup(db, cell.lat, cell.lon, &w), VPC_OK);
        ck_assert_str_eq(w.code, wards[k]);

        snprintf(text, sizeof text, "%s, %s", CONG_VI, shown);
        ck_assert_int_eq(parse(text, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, wards[k]);
        ck_assert_int_eq(a.point_used, 1);
        ck_assert_int_eq(a.split, 1);
        assert_span(text, a.point_span, shown);
        assert_span(text, a.ward_span, "Phường Cống Vị");

        snprintf(text, sizeof text, "%s %s", shown, CONG_VI);
        ck_assert_int_eq(parse(text, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, wards[k]);
        assert_span(text, a.point_span, shown);

        snprintf(latlon, sizeof latlon, "%.6f, %.6f", lat, lon);
        snprintf(text, sizeof text, "%s (%s)", CONG_VI, latlon);
        ck_assert_int_eq(parse(text, 0, &a), VPC_OK);
        ck_assert_str_eq(a.ward.code, wards[k]);
        ck_assert_int_eq(a.point_used, 1);
        assert_span(text, a.point_span, latlon);
    }
}
END_TEST

/* The batch gives what the single calls give, item by item. */
START_TEST(test_batch)
{
    double lat_gv, lon_gv, lat_hk, lon_hk;
    point_in_ward(GIANG_VO, &lat_gv, &lon_gv);
    point_in_ward(HOAN_KIEM, &lat_hk, &lon_hk);
    const char *texts[] = {
        NHA_CHUNG, CONG_VI, CONG_VI, CONG_VI, "Hà Nội", "221B Baker Street, London", ", , -",
        "Hà Nội\xff", "Xa Son Ha, Quang Ngai", NHA_CHUNG_OLD, NULL, "Phường 5, TP Hồ Chí Minh",
        "Xã Sơn Hạ, Quảng Ngãi", NHA_CHUNG,
    };
    enum { N = sizeof texts / sizeof texts[0] };
    double lat[N], lon[N];
    for (size_t i = 0; i < N; i++)
        lat[i] = lon[i] = NAN;
    lat[2] = lat_gv, lon[2] = lon_gv;
    lat[3] = lat_hk, lon[3] = lon_hk;
    lat[9] = lat_hk, lon[9] = lon_hk;
    lat[13] = 91.0, lon[13] = 105.0; /* an invalid point: that item's error */

    for (int flags = 0; flags < 2; flags++) {
        unsigned fl = flags ? VPC_FLAG_ADDRESS_DEFAULT : 0;
        vpc_address out[N], one;
        int status[N];
        for (int with_points = 0; with_points < 2; with_points++) {
            memset(out, 0x5a, sizeof out);
            ck_assert_int_eq(vpc_address_batch(db, N, texts, with_points ? lat : NULL,
                                               with_points ? lon : NULL, fl, out, status),
                             VPC_OK);
            for (size_t i = 0; i < N; i++) {
                vpc_status st;
                memset(&one, 0x5a, sizeof one);
                if (with_points && !(isnan(lat[i]) && isnan(lon[i])))
                    st = vpc_address_parse_at(db, texts[i], lat[i], lon[i], fl, &one, NULL);
                else
                    st = vpc_address_parse(db, texts[i], fl, &one, NULL);
                ck_assert_msg(status[i] == (int)st, "item %zu: batch %s, single %s", i,
                              vpc_status_name((vpc_status)status[i]), vpc_status_name(st));
                assert_same_result(&out[i], &one);
            }
            ck_assert_int_eq(status[0], VPC_OK);
            ck_assert_int_eq(status[10], VPC_E_NULL_ARGUMENT);
            assert_cleared(&out[10]);
            if (with_points) {
                ck_assert_int_eq(status[13], VPC_E_LATITUDE_RANGE);
                assert_cleared(&out[13]);
            }
            if (lexicon >= 2 && with_points) {
                ck_assert_int_eq(status[2], VPC_OK);
                ck_assert_str_eq(out[2].ward.code, GIANG_VO);
                ck_assert_int_eq(out[9].point_used, 1);
                ck_assert_str_eq(out[9].ward.code, HOAN_KIEM);
            }
        }
    }
}
END_TEST

START_TEST(test_search)
{
    vpc_search_hit hits[64];
    size_t n = 0, total = 0, counted = 99;

    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", NULL, 0, hits, 64, &n), VPC_OK);
    ck_assert_uint_ge(n, 1);
    ck_assert_int_eq(hits[0].kind, VPC_SEARCH_WARD);
    ck_assert_str_eq(hits[0].code, HOAN_KIEM);
    ck_assert_str_eq(hits[0].postal_code, "11024");
    ck_assert_str_eq(hits[0].name, "Phường Hoàn Kiếm");
    ck_assert_str_eq(hits[0].province_code, "01");
    ck_assert_str_eq(hits[0].province_name, "Thành phố Hà Nội");
    for (size_t i = 0; i < n; i++) {
        ck_assert(hits[i].score >= 0.0 && hits[i].score <= 1.0);
        if (i > 0)
            ck_assert(hits[i].score <= hits[i - 1].score);
    }
    /* Prefixes, words in any order, diacritics. */
    ck_assert_int_eq(vpc_ward_search(db, "hoan ki", NULL, 0, hits, 64, &n), VPC_OK);
    ck_assert_uint_ge(n, 1);
    ck_assert_str_eq(hits[0].code, HOAN_KIEM);
    ck_assert_int_eq(vpc_ward_search(db, "Kiếm Hoàn", NULL, 0, hits, 64, &n), VPC_OK);
    ck_assert_uint_ge(n, 1);
    ck_assert_str_eq(hits[0].code, HOAN_KIEM);

    /* VPC_FLAG_ASCII: the names without diacritics. */
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", NULL, VPC_FLAG_ASCII, hits, 64, &n), VPC_OK);
    ck_assert_str_eq(hits[0].code, HOAN_KIEM);
    ck_assert_str_eq(hits[0].name, "Phuong Hoan Kiem");
    ck_assert_str_eq(hits[0].province_name, "Thanh pho Ha Noi");

    /* The province filter: "tan thanh" is in many provinces; in Đồng Tháp
     * (82) both Xã Tân Thành (29938) and Xã Tân Thạnh (30157). */
    ck_assert_int_eq(vpc_ward_search(db, "tan thanh", NULL, 0, hits, 64, &total), VPC_OK);
    ck_assert_uint_gt(total, 2);
    ck_assert_uint_le(total, 64);
    int other = 0;
    for (size_t i = 0; i < total; i++)
        other += strcmp(hits[i].province_code, "82") != 0;
    ck_assert_int_gt(other, 0);
    ck_assert_int_eq(vpc_ward_search(db, "tan thanh", "82", 0, hits, 64, &n), VPC_OK);
    ck_assert_uint_ge(n, 2);
    int found29938 = 0, found30157 = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(hits[i].province_code, "82");
        found29938 += strcmp(hits[i].code, "29938") == 0;
        found30157 += strcmp(hits[i].code, "30157") == 0;
    }
    ck_assert_int_eq(found29938, 1);
    ck_assert_int_eq(found30157, 1);

    /* max = 0: the count only, nothing written. */
    memset(hits, 'x', sizeof hits);
    ck_assert_int_eq(vpc_ward_search(db, "tan thanh", NULL, 0, hits, 0, &counted), VPC_OK);
    ck_assert_uint_eq(counted, total);
    ck_assert_int_eq(hits[0].code[0], 'x');
    counted = 99;
    ck_assert_int_eq(vpc_ward_search(db, "tan thanh", NULL, 0, NULL, 0, &counted), VPC_OK);
    ck_assert_uint_eq(counted, total);
    /* max = 1: the best hit, the same as the first of the long list */
    vpc_search_hit first;
    ck_assert_int_eq(vpc_ward_search(db, "tan thanh", NULL, 0, hits, 64, &n), VPC_OK);
    ck_assert_int_eq(vpc_ward_search(db, "tan thanh", NULL, 0, &first, 1, &counted), VPC_OK);
    ck_assert_str_eq(first.code, hits[0].code);

    /* A province. */
    ck_assert_int_eq(vpc_ward_search(db, "ha noi", NULL, 0, hits, 64, &n), VPC_OK);
    ck_assert_uint_ge(n, 1);
    ck_assert_int_eq(hits[0].kind, VPC_SEARCH_PROVINCE);
    ck_assert_str_eq(hits[0].code, "01");
    ck_assert_str_eq(hits[0].postal_code, "");

    /* Errors. */
    n = 99;
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", "99", 0, hits, 64, &n), VPC_E_UNKNOWN_PROVINCE);
    ck_assert_int_eq(vpc_ward_search(db, "hoan kiem", "1", 0, hits, 64, &n), VPC_E_UNKNOWN_PROVINCE);
    ck_assert_int_eq(vpc_ward_search(db, " , ", NULL, 0, hits, 64, &n), VPC_E_ADDRESS_EMPTY);
    ck_assert_int_eq(vpc_ward_search(db, "", NULL, 0, hits, 64, &n), VPC_E_ADDRESS_EMPTY);
    ck_assert_int_eq(vpc_ward_search(db, "hoan\xff", NULL, 0, hits, 64, &n), VPC_E_ADDRESS_ENCODING);
    ck_assert_uint_eq(n, 99);
}
END_TEST

/* A query that matches nothing is no error: no hits, whatever its letters. */
START_TEST(test_search_no_match)
{
    static const char *const queries[] = {"zzzzqqq", "中文", "\xdf\xbc" /* U+07FC */};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        vpc_search_hit hits[4];
        size_t n = 99;
        vpc_status st = vpc_ward_search(db, queries[i], NULL, 0, hits, 4, &n);
        ck_assert_msg(st == VPC_OK, "\"%s\": %s", queries[i], vpc_status_name(st));
        ck_assert_uint_eq(n, 0);
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
    lexicon = vpc_has_lexicon(db);
    if (lexicon == 0) {
        printf("SKIP: %s has no address lexicon\n", path);
        vpc_close(db);
        return 77;
    }
    printf("lexicon %d (%s)\n", lexicon, lexicon >= 2 ? "with pre-2025 names" : "current names only");

    Suite *s = suite_create("address");
    TCase *tc = tcase_create("address");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_null_arguments);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_batch_arguments);
    tcase_add_test(tc, test_cleared_on_error);
    tcase_add_test(tc, test_encoding_position);
    tcase_add_test(tc, test_length_limit);
    tcase_add_test(tc, test_nfc_nfd);
    tcase_add_test(tc, test_case);
    tcase_add_test(tc, test_diacritics_optional);
    tcase_add_test(tc, test_diacritics_distinguish);
    tcase_add_test(tc, test_spans_current);
    tcase_add_test(tc, test_spans_legacy);
    tcase_add_test(tc, test_ambiguous_legacy);
    tcase_add_test(tc, test_format);
    tcase_add_test(tc, test_split_point);
    tcase_add_test(tc, test_point_in_text);
    tcase_add_test(tc, test_batch);
    tcase_add_test(tc, test_search);
    tcase_add_test(tc, test_search_no_match);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    vpc_close(db);
    return rc;
}
