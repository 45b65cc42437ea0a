/*
 * fuzz_code.c - the Vpostcode forms: vpc_code_parse, vpc_code_normalize,
 * vpc_code_format, vpc_code_check_char on typed text; the same functions,
 * vpc_code_olc and vpc_code_locate on a vpc_code struct of arbitrary bytes;
 * vpc_code_make on arbitrary postal codes and coordinates; the status names.
 *
 * Input: the text up to the first NUL; after it, the bytes of a vpc_code
 * struct, then coordinates and flags (fuzz_common.h).
 *
 * Invariants (a broken one traps):
 *   - a failed call leaves every output as it was, except err_pos, which
 *     lies within the text;
 *   - parse, format and normalize agree: format(parse(t)) == normalize(t),
 *     parse(format(c)) == c, normalize is idempotent in every form;
 *   - the check character is the one vpc_code_check_char computes;
 *   - a buffer one byte too small gives VPC_E_BUFFER_TOO_SMALL, untouched;
 *   - a code made for a point locates to a cell holding the point, and the
 *     centre of a located cell makes the same code again.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_common.h"

#define FILL 0xA5

static const unsigned format_flags[] = {
    0,
    VPC_FLAG_DISPLAY,
    VPC_FLAG_CHECK_CHAR,
    VPC_FLAG_NO_CHECK_CHAR,
    VPC_FLAG_DISPLAY | VPC_FLAG_CHECK_CHAR,
    VPC_FLAG_DISPLAY | VPC_FLAG_NO_CHECK_CHAR,
    VPC_FLAG_CHECK_CHAR | VPC_FLAG_NO_CHECK_CHAR, /* invalid */
    VPC_FLAG_LONG_FORM,                           /* not a format flag */
    0x80u,
    ~0u,
};
#define NFLAGS (sizeof format_flags / sizeof format_flags[0])

static int flags_valid(unsigned f)
{
    const unsigned known = VPC_FLAG_CHECK_CHAR | VPC_FLAG_NO_CHECK_CHAR | VPC_FLAG_DISPLAY;
    return (f & ~known) == 0 &&
           !((f & VPC_FLAG_CHECK_CHAR) && (f & VPC_FLAG_NO_CHECK_CHAR));
}

static int all_bytes(const void *p, int byte, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != byte)
            return 0;
    return 1;
}

static int is_digits5(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return s[5] == '\0';
}

/* The fields of a valid code struct, as parse writes them. */
static void check_code_struct(const vpc_code *c)
{
    FUZZ_CHECK(c->form == VPC_FORM_STANDARD || c->form == VPC_FORM_LONG);
    FUZZ_CHECK(is_digits5(c->postal));
    FUZZ_CHECK(memchr(c->location, '\0', sizeof c->location) != NULL);
    FUZZ_CHECK(strlen(c->location) ==
               (c->form == VPC_FORM_LONG ? VPC_LOCATION_LONG_LEN : VPC_LOCATION_STANDARD_LEN));
    for (const char *p = c->location; *p; p++)
        FUZZ_CHECK(strchr("23456789CFGHJMPQRVWX", *p) != NULL);
    FUZZ_CHECK(c->check == '\0' || strchr("0123456789CFGHJMPQRVWXK", c->check) != NULL);
}

static int same_code(const vpc_code *a, const vpc_code *b, int with_check)
{
    return a->form == b->form && strcmp(a->postal, b->postal) == 0 &&
           strcmp(a->location, b->location) == 0 && (!with_check || a->check == b->check);
}

/* The check character a format with these flags writes, '\0' for none. */
static char expected_check(const vpc_code *c, unsigned flags)
{
    char k = '\0';
    if (flags & VPC_FLAG_NO_CHECK_CHAR)
        return '\0';
    if (!(flags & VPC_FLAG_CHECK_CHAR) && c->check == '\0')
        return '\0';
    FUZZ_CHECK(vpc_code_check_char(c, &k) == VPC_OK);
    return k;
}

/* format(c, flags) for a valid c: its text reads back as c, normalizes to
 * itself, and needs exactly strlen + 1 bytes. */
static void check_format(const vpc_code *c, unsigned flags, char *out)
{
    char buf[VPC_CODE_BUFSIZE], again[VPC_CODE_BUFSIZE];
    vpc_code back;
    size_t err = 12345;

    memset(buf, FILL, sizeof buf);
    vpc_status st = vpc_code_format(c, flags, buf, sizeof buf);
    if (!flags_valid(flags)) {
        FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT);
        FUZZ_CHECK(all_bytes(buf, FILL, sizeof buf));
        return;
    }
    FUZZ_CHECK(st == VPC_OK);
    size_t len = strlen(buf);
    FUZZ_CHECK(len >= VPC_CODE_STANDARD_LEN && len < VPC_CODE_BUFSIZE);
    if (flags & VPC_FLAG_DISPLAY)
        FUZZ_CHECK(buf[VPC_POSTAL_LEN] == ' ' && strchr(buf, '+') != NULL);
    else
        FUZZ_CHECK(strspn(buf, "0123456789CFGHJMPQRVWXK") == len);

    FUZZ_CHECK(vpc_code_parse(buf, &back, &err) == VPC_OK && err == 12345);
    FUZZ_CHECK(same_code(&back, c, 0));
    FUZZ_CHECK(back.check == expected_check(c, flags));

    /* Idempotent: the text in this form normalizes to itself. */
    FUZZ_CHECK(vpc_code_normalize(buf, flags & VPC_FLAG_DISPLAY, again, sizeof again, NULL) == VPC_OK);
    FUZZ_CHECK(strcmp(again, buf) == 0);

    /* Exactly len + 1 bytes: one fewer is too small and leaves the buffer. */
    char small[VPC_CODE_BUFSIZE];
    memset(small, FILL, sizeof small);
    FUZZ_CHECK(vpc_code_format(c, flags, small, len) == VPC_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(all_bytes(small, FILL, sizeof small));
    FUZZ_CHECK(vpc_code_format(c, flags, small, len + 1) == VPC_OK && strcmp(small, buf) == 0);
    FUZZ_CHECK(vpc_code_format(c, flags, small, 0) == VPC_E_BUFFER_TOO_SMALL);
    if (out != NULL)
        memcpy(out, buf, len + 1);
}

/* Reference points of units: a few real wards, and points where
 * recovery wraps around the antimeridian. */
static const double refs[][2] = {
    {21.032633, 105.851312}, {21.039438, 105.838481}, {10.7725, 106.698}, {16.406681, 111.9607},
    {9.3591, 113.65072}, {0.0, 0.0}, {60.0, 179.9}, {-60.0, -179.9}, {45.0, 180.0},
};

/* A parsed code against the points it stands for. Near the poles OLC
 * recovery clips the latitude (as the reference implementation does), so
 * there only the validity of the results is checked (strict 0). */
static void check_location(const vpc_code *c, double ref_lat, double ref_lon, int strict)
{
    char olc[VPC_OLC_BUFSIZE];
    vpc_cell cell, direct;
    vpc_code made;

    memset(olc, FILL, sizeof olc);
    vpc_status st = vpc_code_olc(c, ref_lat, ref_lon, olc, sizeof olc);
    if (c->form == VPC_FORM_STANDARD && (!isfinite(ref_lat) || !isfinite(ref_lon))) {
        FUZZ_CHECK(st == VPC_E_NOT_FINITE);
        FUZZ_CHECK(all_bytes(olc, FILL, sizeof olc));
        return;
    }
    FUZZ_CHECK(st == VPC_OK);
    FUZZ_CHECK(vpc_olc_is_full(olc));
    FUZZ_CHECK(strlen(olc) == 12 && olc[8] == '+');
    FUZZ_CHECK(vpc_code_locate(c, ref_lat, ref_lon, &cell) == VPC_OK);
    fuzz_check_cell(&cell);
    if (!strict)
        return;
    /* The code's own digits are the last ones of its OLC. */
    size_t loc = strlen(c->location);
    FUZZ_CHECK(memcmp(olc + 12 - 3, c->location + loc - 3, 3) == 0);
    FUZZ_CHECK(memcmp(olc + 8 - (loc - 3), c->location, loc - 3) == 0);
    FUZZ_CHECK(vpc_olc_decode(olc, &direct) == VPC_OK);
    fuzz_check_cell(&direct);
    FUZZ_CHECK(direct.length == 11);
    FUZZ_CHECK(fuzz_same_cell(&cell, &direct));

    /* The cell's centre makes this code again from the same reference:
     * making checks that recovery gives its cell back, and recovery from
     * this reference gave this cell. */
    unsigned flags = (c->form == VPC_FORM_LONG ? VPC_FLAG_LONG_FORM : 0) |
                     (c->check ? VPC_FLAG_CHECK_CHAR : 0);
    st = vpc_code_make(c->postal, cell.lat, cell.lon, ref_lat, ref_lon, flags, &made);
    FUZZ_CHECK(st == VPC_OK);
    FUZZ_CHECK(same_code(&made, c, 1));
}

static void check_text(const char *text)
{
    size_t len = strlen(text);
    vpc_code code, fresh;
    size_t err = (size_t)-1;

    memset(&code, FILL, sizeof code);
    memset(&fresh, FILL, sizeof fresh);
    vpc_status st = vpc_code_parse(text, &code, &err);
    FUZZ_CHECK(vpc_code_parse(text, &fresh, NULL) == st);
    if (st != VPC_OK) {
        FUZZ_CHECK(st == VPC_E_EMPTY || st == VPC_E_BAD_CHARACTER || st == VPC_E_CODE_LENGTH ||
                   st == VPC_E_LOCATION_RANGE || st == VPC_E_CHECK_CHARACTER);
        FUZZ_CHECK(all_bytes(&code, FILL, sizeof code));
        FUZZ_CHECK(err <= len);
        if (st == VPC_E_BAD_CHARACTER || st == VPC_E_LOCATION_RANGE || st == VPC_E_CHECK_CHARACTER)
            FUZZ_CHECK(err < len); /* points at a character */
        if (st == VPC_E_EMPTY)
            FUZZ_CHECK(err == len);
        /* normalize fails the same way, at the same place, and writes nothing */
        for (size_t i = 0; i < NFLAGS; i++) {
            char buf[VPC_CODE_BUFSIZE];
            size_t err2 = (size_t)-1;
            memset(buf, FILL, sizeof buf);
            FUZZ_CHECK(vpc_code_normalize(text, format_flags[i], buf, sizeof buf, &err2) == st);
            FUZZ_CHECK(err2 == err);
            FUZZ_CHECK(all_bytes(buf, FILL, sizeof buf));
        }
        return;
    }
    FUZZ_CHECK(err == (size_t)-1);
    check_code_struct(&code);
    FUZZ_CHECK(same_code(&code, &fresh, 1));
    if (code.check != '\0') {
        char k = 0;
        FUZZ_CHECK(vpc_code_check_char(&code, &k) == VPC_OK && k == code.check);
    }

    for (size_t i = 0; i < NFLAGS; i++) {
        char formatted[VPC_CODE_BUFSIZE] = "", normalized[VPC_CODE_BUFSIZE];
        unsigned f = format_flags[i];
        check_format(&code, f, formatted);
        memset(normalized, FILL, sizeof normalized);
        size_t err2 = 777;
        vpc_status ns = vpc_code_normalize(text, f, normalized, sizeof normalized, &err2);
        FUZZ_CHECK(err2 == 777);
        if (!flags_valid(f)) {
            FUZZ_CHECK(ns == VPC_E_INVALID_ARGUMENT);
            FUZZ_CHECK(all_bytes(normalized, FILL, sizeof normalized));
        } else {
            FUZZ_CHECK(ns == VPC_OK && strcmp(normalized, formatted) == 0);
        }
    }
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
        check_location(&code, refs[i][0], refs[i][1], 1);
    check_location(&code, NAN, 105.0, 1);
    check_location(&code, 21.0, INFINITY, 1);
    check_location(&code, 89.99, 0.0, 0);
    check_location(&code, -90.0, -180.0, 0);
    check_location(&code, 1e308, -1e308, 0);
}

/* A struct of arbitrary bytes: validated as parse would, never read past
 * its fields. Whatever formats must read back as itself. */
static void check_struct(fuzz_bytes *in)
{
    vpc_code raw;
    for (size_t i = 0; i < sizeof raw; i++)
        ((unsigned char *)&raw)[i] = fuzz_u8(in);
    if (fuzz_u8(in) & 1) /* often a real form, to get past that test */
        raw.form &= 1;

    char k = 0, buf[VPC_CODE_BUFSIZE];
    vpc_status cs = vpc_code_check_char(&raw, &k);
    vpc_status fs = vpc_code_format(&raw, 0, buf, sizeof buf);
    if (fs == VPC_OK) {
        /* The struct is a valid code: everything else works on it too. */
        FUZZ_CHECK(cs == VPC_OK);
        check_code_struct(&raw);
        for (size_t i = 0; i < NFLAGS; i++)
            check_format(&raw, format_flags[i], NULL);
        if (raw.check != '\0')
            FUZZ_CHECK(k == raw.check);
        check_location(&raw, refs[0][0], refs[0][1], 1);
    } else {
        FUZZ_CHECK(fs == VPC_E_INVALID_ARGUMENT || fs == VPC_E_POSTAL_CODE ||
                   fs == VPC_E_CODE_LENGTH || fs == VPC_E_BAD_CHARACTER ||
                   fs == VPC_E_LOCATION_RANGE || fs == VPC_E_CHECK_CHARACTER);
        char olc[VPC_OLC_BUFSIZE];
        vpc_cell cell;
        memset(olc, FILL, sizeof olc);
        memset(&cell, FILL, sizeof cell);
        FUZZ_CHECK(vpc_code_olc(&raw, refs[0][0], refs[0][1], olc, sizeof olc) != VPC_OK);
        FUZZ_CHECK(all_bytes(olc, FILL, sizeof olc));
        FUZZ_CHECK(vpc_code_locate(&raw, refs[0][0], refs[0][1], &cell) != VPC_OK);
        FUZZ_CHECK(all_bytes(&cell, FILL, sizeof cell));
    }
}

/* vpc_code_make on arbitrary postal codes and coordinates. */
static void check_make(const char *text, fuzz_bytes *in)
{
    char postal[8];
    memcpy(postal, text, strlen(text) < 7 ? strlen(text) + 1 : 7);
    postal[7] = '\0';
    if (fuzz_u8(in) & 1)
        postal[5] = '\0';
    double lat = fuzz_coord(in, -90.0, 90.0), lon = fuzz_coord(in, -180.0, 180.0);
    double ref_lat, ref_lon;
    if (fuzz_u8(in) & 1) { /* a reference nearby, as a ward's would be */
        ref_lat = lat + fuzz_coord(in, -0.6, 0.6);
        ref_lon = lon + fuzz_coord(in, -0.6, 0.6);
    } else {
        ref_lat = fuzz_coord(in, -90.0, 90.0);
        ref_lon = fuzz_coord(in, -180.0, 180.0);
    }
    unsigned flags = fuzz_u8(in);
    flags = (flags & 0x80) ? flags | (fuzz_u32(in) << 8) : flags & 3;

    vpc_code code;
    memset(&code, FILL, sizeof code);
    vpc_status st = vpc_code_make(postal, lat, lon, ref_lat, ref_lon, flags, &code);
    if (st != VPC_OK) {
        FUZZ_CHECK(all_bytes(&code, FILL, sizeof code));
        if (st == VPC_E_NEEDS_LONG_FORM)
            FUZZ_CHECK(vpc_code_make(postal, lat, lon, ref_lat, ref_lon,
                                     flags | VPC_FLAG_LONG_FORM, &code) == VPC_OK);
        else
            FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT || st == VPC_E_POSTAL_CODE ||
                       st == VPC_E_NOT_FINITE || st == VPC_E_LATITUDE_RANGE ||
                       st == VPC_E_LONGITUDE_RANGE);
        if (st == VPC_E_NOT_FINITE)
            FUZZ_CHECK(!isfinite(lat) || !isfinite(lon) || !isfinite(ref_lat) || !isfinite(ref_lon));
        return;
    }
    FUZZ_CHECK((flags & ~(VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)) == 0);
    FUZZ_CHECK(isfinite(lat) && isfinite(lon) && fabs(lat) <= 90.0 && fabs(lon) <= 180.0);
    check_code_struct(&code);
    FUZZ_CHECK(memcmp(code.postal, postal, 6) == 0);
    FUZZ_CHECK(code.form == ((flags & VPC_FLAG_LONG_FORM) ? VPC_FORM_LONG : VPC_FORM_STANDARD));
    FUZZ_CHECK((code.check != '\0') == ((flags & VPC_FLAG_CHECK_CHAR) != 0));
    if (code.check) {
        char k = 0;
        FUZZ_CHECK(vpc_code_check_char(&code, &k) == VPC_OK && k == code.check);
    }
    vpc_cell cell;
    FUZZ_CHECK(vpc_code_locate(&code, ref_lat, ref_lon, &cell) == VPC_OK);
    fuzz_check_cell(&cell);
    FUZZ_CHECK_HOLDS(&cell, lat, lon);
    check_format(&code, VPC_FLAG_DISPLAY, NULL);
}

static void check_statuses(fuzz_bytes *in)
{
    int s = (int)fuzz_u32(in);
    int values[] = {s, s & 63, -1, VPC_STATUS_COUNT, VPC_STATUS_COUNT - 1, 0};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        vpc_status v = (vpc_status)values[i];
        const char *m = vpc_strerror(v), *n = vpc_status_name(v);
        FUZZ_CHECK(m != NULL && n != NULL && strlen(m) > 0 && strncmp(n, "VPC_", 4) == 0);
        int w = vpc_is_warning(v);
        FUZZ_CHECK(w == 0 || w == 1);
        if (values[i] >= 0 && values[i] < VPC_STATUS_COUNT)
            FUZZ_CHECK(strcmp(n, "VPC_E_UNKNOWN") != 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes rest;
    char *text = fuzz_text(data, size, &rest);
    check_text(text);
    check_struct(&rest);
    check_make(text, &rest);
    check_statuses(&rest);
    free(text);
    return 0;
}
