/*
 * fuzz_address.c - reading addresses: vpc_address_parse,
 * vpc_address_parse_at, vpc_address_format, vpc_address_batch,
 * vpc_ward_search, vpc_has_lexicon on arbitrary text.
 *
 * The real database is opened once, from $VPOSTCODE_DB (the fuzzer stops
 * at once if it is not set or does not open).
 *
 * Input: the address text up to the first NUL; after it a flags byte
 * (which flags, valid or not, and whether a point is given), a point
 * (fuzz_coord), a format buffer size, a search selector (province filter,
 * flags, maximum hits), and then, up to the next NUL, the search query
 * (the address text itself when there is none). So the seeds in
 * corpus/fuzz_address/ are plain addresses.
 *
 * Invariants (a broken one traps):
 *   - every status is one the header documents for the call; invalid
 *     flags give VPC_E_INVALID_ARGUMENT;
 *   - the result is cleared whatever the status: on an error before
 *     reading, every field is zero and every span -1;
 *   - spans are absent (-1, -1) or lie within the text, start <= end, on
 *     UTF-8 character boundaries; the ward, district, province and street
 *     spans do not overlap;
 *   - VPC_E_ADDRESS_ENCODING exactly when the text is not valid UTF-8
 *     (RFC 3629), at the offset of the first byte that is not;
 *     VPC_E_ADDRESS_TOO_LONG exactly when it is longer than
 *     VPC_ADDRESS_MAX_BYTES; never VPC_E_ADDRESS_EMPTY for a text with an
 *     ASCII letter or digit;
 *   - a decided ward (VPC_OK, VPC_W_ADDRESS_DEFAULT) has a 5-digit code
 *     that vpc_ward_by_code knows, the province of that ward, and is among
 *     the candidates (or decided by a point, with no candidates listed);
 *     AMBIGUOUS and SPLIT have no ward and at least two distinct
 *     candidates; every candidate is a known ward; a split result says
 *     split, a default one defaulted (and only with the flag);
 *   - vpc_address_format never writes more than its size, leaves the
 *     buffer untouched when it fails, and gives the same text in any
 *     buffer large enough; the text ends in the ward's and province's
 *     names;
 *   - reading twice gives the same; the batch gives what the single calls
 *     give;
 *   - vpc_ward_search: the hits written are valid units (a known ward or
 *     province), sorted by score in [0, 1], of the province asked for.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#define FILL 0xC3

static vpc_db *db;
static int lexicon;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("VPOSTCODE_DB");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "fuzz_address: set VPOSTCODE_DB to a vpostcode database "
                        "(e.g. geodata/vpostcode.vpc in the build directory)\n");
        exit(2);
    }
    vpc_status st = vpc_open(path, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "fuzz_address: cannot open %s: %s\n", path, vpc_status_name(st));
        exit(2);
    }
    lexicon = vpc_has_lexicon(db);
    FUZZ_CHECK(lexicon >= 0 && lexicon <= 2);
    return 0;
}

/* The offset of the first byte that is not valid UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or len. */
static size_t utf8_error(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return i;
        }
        /* The bytes that follow, as far as they go. */
        if (i + 1 >= len || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= n; k++)
            if (i + k >= len || s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += n + 1;
    }
    return len;
}

static int has_ascii_alnum(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            return 1;
    }
    return 0;
}

static int is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[n] == '\0';
}

static int untouched(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != FILL)
            return 0;
    return 1;
}

static int absent(vpc_span s)
{
    return s.start == -1 && s.end == -1;
}

static void check_span(vpc_span s, const char *text, size_t len)
{
    if (absent(s))
        return;
    FUZZ_CHECK(s.start >= 0 && s.start <= s.end && (size_t)s.end <= len);
    /* character boundaries */
    FUZZ_CHECK(((unsigned char)text[s.start] & 0xC0) != 0x80 || (size_t)s.start == len);
    FUZZ_CHECK((size_t)s.end == len || ((unsigned char)text[s.end] & 0xC0) != 0x80);
}

static int overlap(vpc_span a, vpc_span b)
{
    if (absent(a) || absent(b) || a.start == a.end || b.start == b.end)
        return 0;
    return a.start < b.end && b.start < a.end;
}

static int address_status(vpc_status st)
{
    switch (st) {
    case VPC_OK: case VPC_W_ADDRESS_DEFAULT: case VPC_E_ADDRESS_EMPTY: case VPC_E_ADDRESS_TOO_LONG:
    case VPC_E_ADDRESS_ENCODING: case VPC_E_ADDRESS_NOT_FOUND: case VPC_E_ADDRESS_INCOMPLETE:
    case VPC_E_ADDRESS_AMBIGUOUS: case VPC_E_ADDRESS_SPLIT: case VPC_E_NO_LEXICON:
    case VPC_E_INVALID_ARGUMENT:
        return 1;
    default:
        return 0;
    }
}

static int point_status(vpc_status st)
{
    return st == VPC_E_NOT_FINITE || st == VPC_E_LATITUDE_RANGE || st == VPC_E_LONGITUDE_RANGE;
}

static const unsigned parse_flags[] = {
    0,
    VPC_FLAG_ADDRESS_DEFAULT,
    VPC_FLAG_SCHEME_CURRENT,
    VPC_FLAG_SCHEME_LEGACY,
    VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_ADDRESS_DEFAULT,
    VPC_FLAG_SCHEME_LEGACY | VPC_FLAG_ADDRESS_DEFAULT,
    VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY, /* invalid: both */
    VPC_FLAG_ASCII,                                   /* invalid here */
    VPC_FLAG_LONG_FORM,
    0x100u,
    ~0u,
};
#define NFLAGS (sizeof parse_flags / sizeof parse_flags[0])

static int parse_flags_valid(unsigned f)
{
    const unsigned known = VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY |
                           VPC_FLAG_ADDRESS_DEFAULT;
    return (f & ~known) == 0 && !((f & VPC_FLAG_SCHEME_CURRENT) && (f & VPC_FLAG_SCHEME_LEGACY));
}

static void check_cleared(const vpc_address *a)
{
    vpc_address z;
    memset(&z, 0, sizeof z);
    FUZZ_CHECK(a->scheme == 0 && a->ward.code[0] == '\0' && a->province.code[0] == '\0' &&
               a->legacy.commune_code[0] == '\0' && a->split == 0 && a->defaulted == 0 &&
               a->point_used == 0 && a->point_conflict == 0 && a->score == 0.0 &&
               a->candidate_count == 0);
    FUZZ_CHECK(absent(a->ward_span) && absent(a->district_span) && absent(a->province_span) &&
               absent(a->street_span) && absent(a->point_span));
    FUZZ_CHECK(memcmp(&a->ward, &z.ward, sizeof z.ward) == 0);
    FUZZ_CHECK(memcmp(a->candidates, z.candidates, sizeof z.candidates) == 0);
}

static int listed(const vpc_address *a, const char *code)
{
    size_t n = a->candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? a->candidate_count
                                                               : VPC_ADDRESS_MAX_CANDIDATES;
    for (size_t i = 0; i < n; i++)
        if (strcmp(a->candidates[i], code) == 0)
            return 1;
    return 0;
}

/* vpc_address_format: never past its size, untouched on failure, the same
 * text in any buffer large enough. */
static void check_format(const vpc_address *a, const char *text, unsigned flags, size_t small,
                         vpc_status parse_status)
{
    char *full = malloc(2 * VPC_ADDRESS_MAX_BYTES);
    if (full == NULL)
        abort();
    memset(full, FILL, 2 * VPC_ADDRESS_MAX_BYTES);
    vpc_status st = vpc_address_format(a, text, flags, full, 2 * VPC_ADDRESS_MAX_BYTES);
    int decided = parse_status == VPC_OK || parse_status == VPC_W_ADDRESS_DEFAULT;
    if (!decided) {
        FUZZ_CHECK(a->ward.code[0] == '\0');
        FUZZ_CHECK(st == VPC_E_ADDRESS_INCOMPLETE);
        FUZZ_CHECK(untouched(full, 2 * VPC_ADDRESS_MAX_BYTES));
        free(full);
        return;
    }
    FUZZ_CHECK(st == VPC_OK);
    size_t len = strnlen(full, 2 * VPC_ADDRESS_MAX_BYTES);
    FUZZ_CHECK(len < 2 * VPC_ADDRESS_MAX_BYTES);
    FUZZ_CHECK(utf8_error((const unsigned char *)full, len) == len);
    /* It ends in the ward and province names. */
    char tail[2 * VPC_NAME_BUFSIZE + 4];
    int ascii = (flags & VPC_FLAG_ASCII) != 0;
    snprintf(tail, sizeof tail, "%s, %s", ascii ? a->ward.name_ascii : a->ward.name,
             ascii ? a->ward.province.name_ascii : a->ward.province.name);
    size_t tl = strlen(tail);
    FUZZ_CHECK(len >= tl && memcmp(full + len - tl, tail, tl) == 0);

    /* A buffer of `small` bytes, exactly that size for AddressSanitizer. */
    char *buf = malloc(small + 1);
    if (buf == NULL)
        abort();
    memset(buf, FILL, small + 1);
    st = vpc_address_format(a, text, flags, buf, small);
    if (small > len) {
        FUZZ_CHECK(st == VPC_OK);
        FUZZ_CHECK(strcmp(buf, full) == 0);
    } else {
        FUZZ_CHECK(st == VPC_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(untouched(buf, small + 1));
    }
    FUZZ_CHECK((unsigned char)buf[small] == FILL);
    free(buf);
    /* The exact size. */
    buf = malloc(len + 1);
    if (buf == NULL)
        abort();
    FUZZ_CHECK(vpc_address_format(a, text, flags, buf, len + 1) == VPC_OK);
    FUZZ_CHECK(strcmp(buf, full) == 0);
    memset(buf, FILL, len + 1);
    FUZZ_CHECK(vpc_address_format(a, text, flags, buf, len) == VPC_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(untouched(buf, len + 1));
    free(buf);
    free(full);
}

static void check_address(const char *text, size_t len, unsigned flags, int with_point,
                          vpc_status st, const vpc_address *a, size_t pos)
{
    FUZZ_CHECK(address_status(st) || (with_point && point_status(st)));
    if (!parse_flags_valid(flags)) {
        FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT);
        check_cleared(a);
        return;
    }
    FUZZ_CHECK(st != VPC_E_INVALID_ARGUMENT);
    if (point_status(st)) {
        check_cleared(a);
        return;
    }
    FUZZ_CHECK((st == VPC_E_ADDRESS_TOO_LONG) == (len > VPC_ADDRESS_MAX_BYTES));
    if (st == VPC_E_ADDRESS_TOO_LONG) {
        check_cleared(a);
        return;
    }
    FUZZ_CHECK((st == VPC_E_NO_LEXICON) == (lexicon == 0));
    if (st == VPC_E_NO_LEXICON) {
        check_cleared(a);
        return;
    }
    size_t bad = utf8_error((const unsigned char *)text, len);
    FUZZ_CHECK((st == VPC_E_ADDRESS_ENCODING) == (bad < len));
    if (st == VPC_E_ADDRESS_ENCODING) {
        if (pos != bad)
            fprintf(stderr, "error position %zu, first invalid byte at %zu\n", pos, bad);
        FUZZ_CHECK(pos == bad);
        check_cleared(a);
        return;
    }
    if (st == VPC_E_ADDRESS_EMPTY) {
        FUZZ_CHECK(!has_ascii_alnum(text, len));
        check_cleared(a);
        return;
    }

    /* The spans. */
    check_span(a->ward_span, text, len);
    check_span(a->district_span, text, len);
    check_span(a->province_span, text, len);
    check_span(a->street_span, text, len);
    check_span(a->point_span, text, len);
    FUZZ_CHECK(!overlap(a->ward_span, a->district_span));
    FUZZ_CHECK(!overlap(a->ward_span, a->province_span));
    FUZZ_CHECK(!overlap(a->district_span, a->province_span));
    FUZZ_CHECK(!overlap(a->street_span, a->ward_span));
    FUZZ_CHECK(!overlap(a->street_span, a->district_span));
    FUZZ_CHECK(!overlap(a->street_span, a->province_span));

    FUZZ_CHECK(a->scheme == 0 || a->scheme == VPC_SCHEME_CURRENT || a->scheme == VPC_SCHEME_LEGACY);
    /* A forced form is the form read (a province alone reads the same in
     * both and is left out). */
    if ((flags & VPC_FLAG_SCHEME_CURRENT) && st != VPC_E_ADDRESS_INCOMPLETE)
        FUZZ_CHECK(a->scheme != VPC_SCHEME_LEGACY);
    if ((flags & VPC_FLAG_SCHEME_LEGACY) && st != VPC_E_ADDRESS_INCOMPLETE)
        FUZZ_CHECK(a->scheme != VPC_SCHEME_CURRENT);
    if (lexicon < 2)
        FUZZ_CHECK(a->scheme != VPC_SCHEME_LEGACY);
    FUZZ_CHECK(isfinite(a->score) && a->score >= 0.0 && a->score <= 1.0);
    FUZZ_CHECK(a->split == 0 || a->split == 1);
    FUZZ_CHECK(a->defaulted == (st == VPC_W_ADDRESS_DEFAULT));
    if (a->defaulted)
        FUZZ_CHECK((flags & VPC_FLAG_ADDRESS_DEFAULT) && a->split);
    FUZZ_CHECK(a->point_used == 0 || st == VPC_OK);
    FUZZ_CHECK(!(a->point_used && a->point_conflict));
    if (!with_point && absent(a->point_span))
        FUZZ_CHECK(a->point_used == 0 && a->point_conflict == 0);

    /* Candidates: known, distinct wards. */
    size_t n = a->candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? a->candidate_count
                                                               : VPC_ADDRESS_MAX_CANDIDATES;
    for (size_t i = 0; i < n; i++) {
        vpc_ward w;
        FUZZ_CHECK(memchr(a->candidates[i], '\0', 6) && is_digits(a->candidates[i], 5));
        FUZZ_CHECK(vpc_ward_by_code(db, a->candidates[i], &w) == VPC_OK);
        for (size_t k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(a->candidates[k], a->candidates[i]) != 0);
    }
    for (size_t i = n; i < VPC_ADDRESS_MAX_CANDIDATES; i++)
        FUZZ_CHECK(a->candidates[i][0] == '\0');

    if (st == VPC_OK || st == VPC_W_ADDRESS_DEFAULT) {
        vpc_ward w;
        FUZZ_CHECK(memchr(a->ward.code, '\0', 6) && is_digits(a->ward.code, 5));
        FUZZ_CHECK(vpc_ward_by_code(db, a->ward.code, &w) == VPC_OK);
        FUZZ_CHECK(strcmp(w.name, a->ward.name) == 0 && strcmp(w.postal_code, a->ward.postal_code) == 0);
        FUZZ_CHECK(strcmp(a->province.code, a->ward.province.code) == 0);
        FUZZ_CHECK(a->scheme != 0);
        if (a->candidate_count > 0 && a->candidate_count <= VPC_ADDRESS_MAX_CANDIDATES)
            FUZZ_CHECK(listed(a, a->ward.code));
        if (a->candidate_count == 0)
            FUZZ_CHECK(a->point_used);
    } else {
        FUZZ_CHECK(a->ward.code[0] == '\0');
    }
    if (st == VPC_E_ADDRESS_AMBIGUOUS || st == VPC_E_ADDRESS_SPLIT)
        FUZZ_CHECK(a->candidate_count >= 2);
    if (st == VPC_E_ADDRESS_SPLIT || st == VPC_W_ADDRESS_DEFAULT)
        FUZZ_CHECK(a->split == 1);
    if (st == VPC_E_ADDRESS_NOT_FOUND)
        FUZZ_CHECK(a->candidate_count == 0 && a->province.code[0] == '\0' && a->scheme == 0);
    if (a->province.code[0] != '\0') {
        vpc_province p;
        FUZZ_CHECK(vpc_province_by_code(db, a->province.code, &p) == VPC_OK);
        FUZZ_CHECK(strcmp(p.name, a->province.name) == 0);
    }
}

static int same_address(const vpc_address *a, const vpc_address *b)
{
    return a->scheme == b->scheme && strcmp(a->ward.code, b->ward.code) == 0 &&
           strcmp(a->province.code, b->province.code) == 0 &&
           strcmp(a->legacy.commune_code, b->legacy.commune_code) == 0 &&
           strcmp(a->legacy.district_code, b->legacy.district_code) == 0 &&
           a->split == b->split && a->defaulted == b->defaulted && a->point_used == b->point_used &&
           a->point_conflict == b->point_conflict && a->score == b->score &&
           a->candidate_count == b->candidate_count &&
           memcmp(a->candidates, b->candidates, sizeof a->candidates) == 0 &&
           memcmp(&a->ward_span, &b->ward_span, sizeof a->ward_span) == 0 &&
           memcmp(&a->district_span, &b->district_span, sizeof a->ward_span) == 0 &&
           memcmp(&a->province_span, &b->province_span, sizeof a->ward_span) == 0 &&
           memcmp(&a->street_span, &b->street_span, sizeof a->ward_span) == 0 &&
           memcmp(&a->point_span, &b->point_span, sizeof a->ward_span) == 0;
}

static const char *const provinces[] = {NULL, "", "01", "79", "48", "82", "99", "1", "001", "0a"};
#define NPROV (sizeof provinces / sizeof provinces[0])

static void check_search(const char *query, uint8_t sel, uint8_t maxsel)
{
    const char *prov = provinces[sel % NPROV];
    unsigned flags = (sel / NPROV) % 3 == 0 ? 0 : (sel / NPROV) % 3 == 1 ? VPC_FLAG_ASCII : 0x80u;
    size_t max = maxsel % 9;
    vpc_search_hit *hits = malloc((max ? max : 1) * sizeof *hits);
    if (hits == NULL)
        abort();
    memset(hits, FILL, (max ? max : 1) * sizeof *hits);
    size_t count = 12345;
    vpc_status st = vpc_ward_search(db, query, prov, flags, hits, max, &count);
    size_t qlen = strlen(query);
    int prov_known = 1;
    if (prov != NULL && prov[0] != '\0') {
        vpc_province p;
        prov_known = vpc_province_by_code(db, prov, &p) == VPC_OK;
    }
    switch (st) {
    case VPC_OK:
    case VPC_E_ADDRESS_EMPTY:
    case VPC_E_ADDRESS_TOO_LONG:
    case VPC_E_ADDRESS_ENCODING:
    case VPC_E_UNKNOWN_PROVINCE:
    case VPC_E_INVALID_ARGUMENT:
    case VPC_E_NO_LEXICON:
        break;
    default:
        FUZZ_CHECK(0 && "undocumented status of vpc_ward_search");
    }
    if (flags & ~VPC_FLAG_ASCII) {
        FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT);
    } else if (!prov_known) {
        FUZZ_CHECK(st == VPC_E_UNKNOWN_PROVINCE);
    } else if (lexicon == 0) {
        FUZZ_CHECK(st == VPC_E_NO_LEXICON);
    } else if (qlen > VPC_ADDRESS_MAX_BYTES) {
        FUZZ_CHECK(st == VPC_E_ADDRESS_TOO_LONG);
    } else {
        FUZZ_CHECK((st == VPC_E_ADDRESS_ENCODING) ==
                   (utf8_error((const unsigned char *)query, qlen) < qlen));
        if (st == VPC_E_ADDRESS_EMPTY)
            FUZZ_CHECK(!has_ascii_alnum(query, qlen));
    }
    if (st != VPC_OK) {
        FUZZ_CHECK(count == 12345);
        FUZZ_CHECK(untouched(hits, (max ? max : 1) * sizeof *hits));
        free(hits);
        return;
    }
    size_t written = count < max ? count : max;
    for (size_t i = 0; i < written; i++) {
        const vpc_search_hit *h = &hits[i];
        FUZZ_CHECK(h->kind == VPC_SEARCH_WARD || h->kind == VPC_SEARCH_PROVINCE);
        FUZZ_CHECK(memchr(h->code, '\0', sizeof h->code) && memchr(h->name, '\0', sizeof h->name) &&
                   memchr(h->province_code, '\0', sizeof h->province_code) &&
                   memchr(h->province_name, '\0', sizeof h->province_name) &&
                   memchr(h->matched, '\0', sizeof h->matched) &&
                   memchr(h->postal_code, '\0', sizeof h->postal_code));
        FUZZ_CHECK(isfinite(h->score) && h->score >= 0.0 && h->score <= 1.0);
        if (i > 0)
            FUZZ_CHECK(h->score <= hits[i - 1].score);
        if (h->kind == VPC_SEARCH_WARD) {
            vpc_ward w;
            FUZZ_CHECK(is_digits(h->code, 5));
            FUZZ_CHECK(vpc_ward_by_code(db, h->code, &w) == VPC_OK);
            FUZZ_CHECK(strcmp(w.postal_code, h->postal_code) == 0);
            FUZZ_CHECK(strcmp(w.province.code, h->province_code) == 0);
            FUZZ_CHECK(strcmp((flags & VPC_FLAG_ASCII) ? w.name_ascii : w.name, h->name) == 0);
        } else {
            vpc_province p;
            FUZZ_CHECK(is_digits(h->code, 2));
            FUZZ_CHECK(vpc_province_by_code(db, h->code, &p) == VPC_OK);
            FUZZ_CHECK(h->postal_code[0] == '\0');
        }
        if (prov != NULL && prov[0] != '\0' && h->kind == VPC_SEARCH_WARD)
            FUZZ_CHECK(strcmp(h->province_code, prov) == 0);
    }
    for (size_t i = written; i < max; i++)
        FUZZ_CHECK(untouched(&hits[i], sizeof hits[i]));
    free(hits);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes rest;
    char *text = fuzz_text(data, size, &rest);
    size_t len = strlen(text);
    uint8_t fsel = fuzz_u8(&rest);
    unsigned flags = parse_flags[(fsel & 0x7f) % NFLAGS];
    int with_point = (fsel & 0x80) != 0;
    double lat = fuzz_coord(&rest, 8.0, 24.0);
    double lon = fuzz_coord(&rest, 102.0, 118.0);
    size_t small = fuzz_u8(&rest);
    small = small * (fuzz_u8(&rest) % 4 + 1);
    uint8_t ssel = fuzz_u8(&rest);
    uint8_t smax = fuzz_u8(&rest);
    char *query = NULL;
    if (rest.n > 0)
        query = fuzz_text(rest.p, rest.n, NULL);

    vpc_address a, b;
    size_t pos = 999999;
    memset(&a, FILL, sizeof a);
    vpc_status st = with_point ? vpc_address_parse_at(db, text, lat, lon, flags, &a, &pos)
                               : vpc_address_parse(db, text, flags, &a, &pos);
    check_address(text, len, flags, with_point, st, &a, pos);
    if (st != VPC_E_ADDRESS_ENCODING)
        FUZZ_CHECK(pos == 999999);

    /* Again: the same. */
    memset(&b, FILL, sizeof b);
    vpc_status st2 = with_point ? vpc_address_parse_at(db, text, lat, lon, flags, &b, NULL)
                                : vpc_address_parse(db, text, flags, &b, NULL);
    FUZZ_CHECK(st2 == st && same_address(&a, &b));

    if (parse_flags_valid(flags) && !(with_point && point_status(st))) {
        check_format(&a, text, 0, small, st);
        check_format(&a, text, VPC_FLAG_ASCII, small, st);
        /* Without the text: the names only. */
        if (st == VPC_OK || st == VPC_W_ADDRESS_DEFAULT) {
            char names[2 * VPC_NAME_BUFSIZE + 4], expect[2 * VPC_NAME_BUFSIZE + 4];
            FUZZ_CHECK(vpc_address_format(&a, NULL, 0, names, sizeof names) == VPC_OK);
            snprintf(expect, sizeof expect, "%s, %s", a.ward.name, a.ward.province.name);
            FUZZ_CHECK(strcmp(names, expect) == 0);
        }
    }
    char fbuf[8];
    memset(fbuf, FILL, sizeof fbuf);
    FUZZ_CHECK(vpc_address_format(&a, text, VPC_FLAG_ADDRESS_DEFAULT, fbuf, sizeof fbuf) ==
               VPC_E_INVALID_ARGUMENT);
    FUZZ_CHECK(untouched(fbuf, sizeof fbuf));

    /* The batch: this text with and without the point, and the query text. */
    if (parse_flags_valid(flags)) {
        const char *texts[3] = {text, text, query != NULL ? query : ""};
        double lats[3] = {lat, NAN, NAN}, lons[3] = {lon, NAN, NAN};
        vpc_address out[3], one;
        int status[3];
        memset(out, FILL, sizeof out);
        FUZZ_CHECK(vpc_address_batch(db, 3, texts, lats, lons, flags, out, status) == VPC_OK);
        for (int i = 0; i < 3; i++) {
            vpc_status s1;
            memset(&one, FILL, sizeof one);
            if (isnan(lats[i]) && isnan(lons[i]))
                s1 = vpc_address_parse(db, texts[i], flags, &one, NULL);
            else
                s1 = vpc_address_parse_at(db, texts[i], lats[i], lons[i], flags, &one, NULL);
            FUZZ_CHECK(status[i] == (int)s1);
            FUZZ_CHECK(same_address(&out[i], &one));
        }
    }

    check_search(query != NULL ? query : text, ssel, smax);
    free(query);
    free(text);
    return 0;
}
