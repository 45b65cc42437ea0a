/*
 * commands.c - what each command does with one input. Every answer comes
 * from a libvpostcode call; a command only reads its input's text and names
 * the fields of its result. A result always has all of its command's
 * fields (empty when the input failed), so that batch columns line up.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- helpers ------------------------------------------------------------ */

static const char *const encode_fields[] = {"code", "display", "postal_code", "ward_code",
                                            "ward", "province_code", "province", NULL};
static const char *const lookup_fields[] = {"postal_code", "ward_code", "ward",
                                            "province_code", "province", "before_2025", NULL};
/* With --nearest: the distance to the ward taken (0 inside it). Only then,
 * so that the default outputs (and batch headers) do not change. */
static const char *const encode_nearest_fields[] = {"code", "display", "postal_code",
                                                    "ward_code", "ward", "province_code",
                                                    "province", "distance_m", NULL};
static const char *const lookup_nearest_fields[] = {"postal_code", "ward_code", "ward",
                                                    "province_code", "province",
                                                    "before_2025", "distance_m", NULL};
static const char *const decode_fields[] = {"lat", "lon", "south", "west", "north", "east",
                                            "olc", "scheme", "postal_code", "ward_code", "ward",
                                            "province_code", "province", "before_2025",
                                            "current_code", NULL};
static const char *const convert_fields[] = {"code", "display", "scheme", NULL};
static const char *const validate_fields[] = {"code", "form", "check_char", "position",
                                              "message", NULL};
static const char *const normalize_fields[] = {"code", "display", NULL};
static const char *const tile_fields[] = {"zoom", "tiles", NULL};
static const char *const ward_fields[] = {"ward_code", "postal_code", "ward", "type",
                                          "province_code", "province", "form", "ref_lat",
                                          "ref_lon", "south", "west", "north", "east",
                                          "before_2025", "became", NULL};
/* The ward read, what it was read from, and the wards it may be when the
 * text does not decide. */
static const char *const address_fields[] = {"ward_code", "postal_code", "ward",
                                             "province_code", "province", "scheme",
                                             "before_2025", "split", "candidates",
                                             "candidate_names", "score", "point", "formatted",
                                             NULL};
/* With --json: also where the parts were found in the text. */
static const char *const address_json_fields[] = {"ward_code", "postal_code", "ward",
                                                  "province_code", "province", "scheme",
                                                  "before_2025", "split", "candidates",
                                                  "candidate_names", "score", "point",
                                                  "formatted", "ward_span", "district_span",
                                                  "province_span", "street_span", "point_span",
                                                  NULL};
static const char *const olc_encode_fields[] = {"olc", NULL};
static const char *const olc_decode_fields[] = {"lat", "lon", "south", "west", "north",
                                                "east", "length", NULL};

/* Give r every field of the list, empty. */
static void begin(result *r, const char *const *names)
{
    result_clear(r);
    for (int i = 0; names[i] != NULL && i < RESULT_MAX_FIELDS; i++) {
        r->name[i] = names[i];
        r->value[i][0] = '\0';
        r->n = i + 1;
    }
}

/* The index of a field, or -1. */
static int field_index(const result *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->name[i], name) == 0)
            return i;
    return -1;
}

static void set_text(result *r, const char *name, const char *text)
{
    int i = field_index(r, name);
    if (i >= 0)
        result_set_text(r, i, text);
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set(result *r, const char *name, const char *fmt, ...)
{
    int i = field_index(r, name);
    if (i < 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->value[i], RESULT_VALUE_SIZE, fmt, ap);
    va_end(ap);
}

static void fail(result *r, vpc_status st)
{
    result_fail(r, vpc_status_name(st));
}

/* Said wherever a postal code is unknown and the database cannot read the
 * codes of before the reform. */
static const char no_legacy_note[] =
    "; this database has no pre-2025 tables, so codes issued before July 2025 cannot be read"
    " (use a database built without --disable-legacy-data)";

static void fail_unknown_postal(const context *cx, result *r, const char *postal)
{
    fail(r, VPC_E_UNKNOWN_POSTAL_CODE);
    snprintf(r->note, sizeof r->note, "%s: %s%s", vpc_strerror(VPC_E_UNKNOWN_POSTAL_CODE),
             postal, vpc_has_legacy(cx->db) ? "" : no_legacy_note);
}

/* A plain decimal number filling the whole text, spaces around it allowed:
 * [+-]digits[.digits][e[+-]digits]. Hexadecimal, "nan" and "inf", which
 * strtod would take, are not coordinates anyone writes. */
int cli_number(const char *text, double *out)
{
    const char *p = text;
    if (text == NULL)
        return 0;
    while (*p == ' ' || *p == '\t')
        p++;
    const char *start = p;
    if (*p == '+' || *p == '-')
        p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            digits++;
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    const char *end = p;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '\0')
        return 0;
    char *stop;
    errno = 0;
    double v = strtod(start, &stop);
    if (stop != end || errno == ERANGE)
        return 0;
    *out = v;
    return 1;
}

/* The point of two number texts, through --crs when given. */
static int point(const context *cx, const char *a, const char *b, double *lat, double *lon,
                 result *r)
{
    double x, y;
    if (!cli_number(a, &x) || !cli_number(b, &y)) {
        result_fail(r, "BAD_NUMBER");
        return 0;
    }
    if (cx->crs == NULL) {
        *lat = x;
        *lon = y;
        return 1;
    }
    vpc_status st = vpc_crs_to_wgs84(cx->crs, x, y, lat, lon);
    if (st != VPC_OK) {
        fail(r, st);
        return 0;
    }
    return 1;
}

static void put_ward(const context *cx, const vpc_ward *w, result *r)
{
    int ascii = cx->opt->ascii;
    set_text(r, "postal_code", w->postal_code);
    set_text(r, "ward_code", w->code);
    set_text(r, "ward", ascii ? w->name_ascii : w->name);
    set_text(r, "province_code", w->province.code);
    set_text(r, "province", ascii ? w->province.name_ascii : w->province.name);
}

static void put_cell(const vpc_cell *c, result *r)
{
    set(r, "lat", "%.9f", c->lat);
    set(r, "lon", "%.9f", c->lon);
    set(r, "south", "%.9f", c->south);
    set(r, "west", "%.9f", c->west);
    set(r, "north", "%.9f", c->north);
    set(r, "east", "%.9f", c->east);
}

/* Append "Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội (11006)" to a
 * field, after "; " if it holds something. An entry that does not fit is
 * not cut: the field then ends with how many were left out. */
static void put_legacy(result *r, const char *field, const vpc_legacy_unit *u, int left)
{
    int i = field_index(r, field);
    if (i < 0)
        return;
    char entry[4 * VPC_NAME_BUFSIZE];
    size_t len = strlen(r->value[i]);
    snprintf(entry, sizeof entry, "%s%s, %s, %s%s%s%s", len ? "; " : "", u->commune_name,
             u->district_name, u->province_name, u->postal_code[0] ? " (" : "", u->postal_code,
             u->postal_code[0] ? ")" : "");
    if (len + strlen(entry) + 32 < RESULT_VALUE_SIZE)
        memcpy(r->value[i] + len, entry, strlen(entry) + 1);
    else if (strstr(r->value[i], " more") == NULL)
        snprintf(r->value[i] + len, RESULT_VALUE_SIZE - len, "; and %d more", left);
}

/* ---- the commands -------------------------------------------------------- */

static void do_encode(const context *cx, const char *a, const char *b, result *r)
{
    double lat, lon;
    vpc_code code;
    vpc_ward w;
    char text[VPC_CODE_BUFSIZE];
    double metres = 0;
    int nearest = cx->opt->nearest >= 0;
    begin(r, nearest ? encode_nearest_fields : encode_fields);
    if (!point(cx, a, b, &lat, &lon, r))
        return;
    vpc_status st = nearest ? vpc_encode_nearest(cx->db, lat, lon, cx->opt->nearest,
                                                 cx->opt->flags, &code, &w, &metres)
                            : vpc_encode(cx->db, lat, lon, cx->opt->flags, &code, &w);
    if (st == VPC_W_NEAREST_WARD) {
        r->status = vpc_status_name(st); /* a warning: the row does not fail */
    } else if (st != VPC_OK) {
        fail(r, st);
        return;
    }
    set(r, "distance_m", "%.1f", metres);
    vpc_code_format(&code, 0, text, sizeof text);
    set_text(r, "code", text);
    vpc_code_format(&code, VPC_FLAG_DISPLAY, text, sizeof text);
    set_text(r, "display", text);
    put_ward(cx, &w, r);
}

static void do_lookup(const context *cx, const char *a, const char *b, result *r)
{
    double lat, lon;
    vpc_ward w;
    double metres = 0;
    int nearest = cx->opt->nearest >= 0;
    begin(r, nearest ? lookup_nearest_fields : lookup_fields);
    if (!point(cx, a, b, &lat, &lon, r))
        return;
    vpc_status st = nearest ? vpc_lookup_nearest(cx->db, lat, lon, cx->opt->nearest, &w, &metres)
                            : vpc_lookup(cx->db, lat, lon, &w);
    if (st == VPC_W_NEAREST_WARD) {
        r->status = vpc_status_name(st);
    } else if (st != VPC_OK) {
        fail(r, st);
        return;
    }
    set(r, "distance_m", "%.1f", metres);
    put_ward(cx, &w, r);
    vpc_legacy_unit units[32];
    size_t n = 0;
    vpc_legacy_lookup(cx->db, lat, lon, units, 32, &n); /* none without the tables */
    for (size_t i = 0; i < n && i < 32; i++)
        put_legacy(r, "before_2025", &units[i], (int)(n - i));
}

/* Decode in the scheme --scheme asks for; 0 (and r failed) on an error. A
 * warning is kept as the status: the row still counts. */
static int decode_any(const context *cx, const char *text, vpc_decoded *d, result *r)
{
    vpc_status st = vpc_decode_ex(cx->db, text, cx->opt->scheme | (cx->opt->flags & VPC_FLAG_CHECK_CHAR), d);
    if (st == VPC_E_UNKNOWN_POSTAL_CODE) {
        vpc_code code;
        fail_unknown_postal(cx, r, vpc_code_parse(text, &code, NULL) == VPC_OK ? code.postal : text);
        return 0;
    }
    if (st != VPC_OK && !vpc_is_warning(st)) {
        fail(r, st);
        return 0;
    }
    if (vpc_is_warning(st))
        r->status = vpc_status_name(st);
    return 1;
}

static void do_decode(const context *cx, const char *text, result *r)
{
    vpc_decoded d;
    char buf[VPC_CODE_BUFSIZE];
    begin(r, decode_fields);
    if (!decode_any(cx, text, &d, r))
        return;
    put_cell(&d.cell, r);
    if (vpc_olc_encode(d.cell.lat, d.cell.lon, 11, buf, sizeof buf) == VPC_OK)
        set_text(r, "olc", buf);
    set_text(r, "scheme", d.scheme == VPC_SCHEME_LEGACY ? "before 2025" : "current");
    if (d.ward.code[0] != '\0')
        put_ward(cx, &d.ward, r);
    if (d.scheme == VPC_SCHEME_LEGACY)
        put_legacy(r, "before_2025", &d.legacy, 1);
    if (d.current.postal[0] != '\0' && vpc_code_format(&d.current, 0, buf, sizeof buf) == VPC_OK)
        set_text(r, "current_code", buf);
}

static void do_convert(const context *cx, const char *text, result *r)
{
    vpc_decoded d;
    char buf[VPC_CODE_BUFSIZE];
    begin(r, convert_fields);
    if (!decode_any(cx, text, &d, r))
        return;
    vpc_code_format(&d.current, 0, buf, sizeof buf);
    set_text(r, "code", buf);
    vpc_code_format(&d.current, VPC_FLAG_DISPLAY, buf, sizeof buf);
    set_text(r, "display", buf);
    set_text(r, "scheme", d.scheme == VPC_SCHEME_LEGACY ? "before 2025" : "current");
}

/* The character at byte offset pos of text, named for a message: 'A' for
 * visible ASCII, else its code point (and what it is, for the invisible
 * ones people paste by mistake), or the byte that is not UTF-8. */
static void name_char(const char *text, size_t pos, char *buf, size_t size)
{
    static const struct { long cp; const char *name; } names[] = {
        {0x00A0, "no-break space"}, {0x2007, "figure space"}, {0x200B, "zero width space"},
        {0x202F, "narrow no-break space"}, {0x3000, "ideographic space"},
        {0xFEFF, "byte order mark"}, {0x2010, "hyphen"}, {0x2013, "en dash"},
        {0x2014, "em dash"}, {0x2212, "minus sign"}, {0xFF0B, "fullwidth plus sign"},
    };
    int n;
    long cp = utf8_decode(text + pos, &n);
    if (cp < 0) {
        snprintf(buf, size, "byte 0x%02X, not UTF-8", (unsigned)(unsigned char)text[pos]);
        return;
    }
    if (cp > 0x20 && cp < 0x7F) {
        snprintf(buf, size, "'%c'", (char)cp);
        return;
    }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].cp == cp) {
            snprintf(buf, size, "U+%04lX (%s)", cp, names[i].name);
            return;
        }
    if (cp < 0xA0) /* controls */
        snprintf(buf, size, "U+%04lX (a control character)", cp);
    else
        snprintf(buf, size, "U+%04lX '%.*s'", cp, n, text + pos);
}

/* Validation runs the same checks as decoding: the text is parsed (what is
 * wrong, at which character), then decoded, so that a well-formed code whose
 * cell is not in its ward, or a standard-form code for a ward that uses the
 * long form, is reported by its status (and exit status 4). */
static void do_validate(const context *cx, const char *text, result *r)
{
    vpc_code code;
    vpc_decoded d;
    size_t pos = 0;
    char canon[VPC_CODE_BUFSIZE], what[64];
    begin(r, validate_fields);
    vpc_status st = vpc_code_parse(text, &code, &pos);
    if (st != VPC_OK) {
        set(r, "position", "%zu", utf8_position(text, pos));
        if (st == VPC_E_BAD_CHARACTER) {
            name_char(text, pos, what, sizeof what);
            set(r, "message", "%s: %s", vpc_strerror(st), what);
        } else {
            set_text(r, "message", vpc_strerror(st));
        }
        fail(r, st);
        return;
    }
    vpc_code_format(&code, 0, canon, sizeof canon);
    set_text(r, "code", canon);
    set_text(r, "form", code.form == VPC_FORM_LONG ? "long" : "standard");
    set_text(r, "check_char", code.check ? "verified" : "none");
    st = vpc_decode_ex(cx->db, text, 0, &d);
    int ascii = cx->opt->ascii;
    if (st == VPC_OK && d.scheme == VPC_SCHEME_LEGACY) {
        vpc_code_format(&d.current, VPC_FLAG_DISPLAY, canon, sizeof canon);
        set(r, "message", "valid, issued before 2025, now %s", canon);
    } else if (st == VPC_OK) {
        set(r, "message", "valid, postal code of %s", ascii ? d.ward.name_ascii : d.ward.name);
    } else if (st == VPC_W_OUTSIDE_WARD) {
        vpc_ward w;
        if (vpc_ward_by_postal_code(cx->db, code.postal, &w) == VPC_OK)
            set(r, "message", "well formed, but its cell is not in the ward of its postal code, %s:"
                " a code of another place, or mistyped", ascii ? w.name_ascii : w.name);
        else
            set_text(r, "message", "well formed, but its cell is not in the unit its postal code"
                     " names: a code of another place, or mistyped");
        result_fail(r, vpc_status_name(st)); /* a warning for decode, a failure here */
    } else if (st == VPC_E_NEEDS_LONG_FORM) {
        vpc_ward w;
        set(r, "message", "well formed, but %s uses the long form only: a standard-form code"
            " cannot name a place there", vpc_ward_by_postal_code(cx->db, code.postal, &w) == VPC_OK
                                               ? (ascii ? w.name_ascii : w.name) : "its ward");
        fail(r, st);
    } else if (st == VPC_E_UNKNOWN_POSTAL_CODE) {
        set(r, "position", "1");
        set(r, "message", "%s: %s%s", vpc_strerror(st), code.postal,
            vpc_has_legacy(cx->db) ? "" : no_legacy_note);
        fail(r, st);
    } else if (st == VPC_E_AMBIGUOUS_SCHEME) {
        set(r, "message", "%s: its postal code is a current one and one of before 2025, and both"
            " readings fit (decode --scheme current|legacy chooses)", vpc_strerror(st));
        fail(r, st);
    } else {
        set_text(r, "message", vpc_strerror(st));
        fail(r, st);
    }
}

static void do_normalize(const context *cx, const char *text, result *r)
{
    char out[VPC_CODE_BUFSIZE];
    unsigned keep = cx->opt->flags & VPC_FLAG_CHECK_CHAR;
    begin(r, normalize_fields);
    vpc_status st = vpc_code_normalize(text, keep, out, sizeof out, NULL);
    if (st != VPC_OK) {
        fail(r, st);
        return;
    }
    set_text(r, "code", out);
    vpc_code_normalize(text, keep | VPC_FLAG_DISPLAY, out, sizeof out, NULL);
    set_text(r, "display", out);
}

static void do_tile(const context *cx, const char *text, result *r)
{
    vpc_cell cell;
    vpc_tile tiles[4];
    size_t n = 0;
    begin(r, tile_fields);
    vpc_status st = vpc_decode(cx->db, text, &cell, NULL);
    if (st == VPC_OK || vpc_is_warning(st))
        st = vpc_cell_tiles(&cell, cx->opt->zoom, tiles, 4, &n);
    if (st != VPC_OK) {
        fail(r, st);
        return;
    }
    set(r, "zoom", "%d", cx->opt->zoom);
    char *p = r->value[1];
    size_t room = RESULT_VALUE_SIZE;
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(p, room, "%s%d/%ld/%ld", i ? " " : "", tiles[i].z, tiles[i].x, tiles[i].y);
        p += k;
        room -= (size_t)k;
    }
}

static int five_digits(const char *t)
{
    for (int i = 0; i < 5; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    return t[5] == '\0';
}

/* A pre-2025 postal code: what it was, what it became. */
static void put_legacy_ward(const context *cx, const vpc_legacy_unit *u, char (*wards)[6],
                            size_t n, result *r)
{
    put_legacy(r, "before_2025", u, 1);
    int i = field_index(r, "became");
    for (size_t k = 0; k < n && k < 16; k++) {
        vpc_ward cw;
        if (vpc_ward_by_code(cx->db, wards[k], &cw) != VPC_OK)
            continue;
        size_t len = strlen(r->value[i]);
        snprintf(r->value[i] + len, RESULT_VALUE_SIZE - len, "%s%s %s (%s)", len ? "; " : "",
                 cw.code, cx->opt->ascii ? cw.name_ascii : cw.name, cw.postal_code);
    }
}

/* A number is read as a postal code (current first, then of before 2025
 * when the database has those tables) and as a GSO code. --postal and
 * --gso choose; without them a number that is both is AMBIGUOUS_NUMBER,
 * never one of the two picked silently (128 numbers are a postal code of
 * one ward and the GSO code of another). */
static void do_ward(const context *cx, const char *text, result *r)
{
    vpc_ward w, pw, gw;
    vpc_legacy_unit u;
    char wards[16][6];
    size_t n = 0;
    int kind = cx->opt->number_kind, ascii = cx->opt->ascii;
    begin(r, ward_fields);
    if (!five_digits(text)) {
        fail(r, kind == 2 ? VPC_E_UNKNOWN_WARD : VPC_E_POSTAL_CODE);
        snprintf(r->note, sizeof r->note, "%s is not 5 digits: a %s is text of 5 digits, e.g. %s",
                 text, kind == 1 ? "postal code" : kind == 2 ? "GSO code" : "postal code or GSO code",
                 kind == 1 ? "11024" : "00070 (not 70)");
        return;
    }
    int has_p = kind != 2 && vpc_ward_by_postal_code(cx->db, text, &pw) == VPC_OK;
    int has_l = 0;
    if (kind != 2 && !has_p && vpc_has_legacy(cx->db)) {
        vpc_status ls = vpc_legacy_by_postal_code(cx->db, text, &u, wards, 16, &n);
        has_l = ls == VPC_OK || ls == VPC_E_BUFFER_TOO_SMALL;
    }
    int has_g = kind != 1 && vpc_ward_by_code(cx->db, text, &gw) == VPC_OK;
    if (has_g && (has_p || has_l)) {
        result_fail(r, "AMBIGUOUS_NUMBER");
        char postal[512];
        if (has_p)
            snprintf(postal, sizeof postal, "is the postal code of %s (GSO %s)",
                     ascii ? pw.name_ascii : pw.name, pw.code);
        else
            snprintf(postal, sizeof postal, "was before 2025 the postal code of %s, %s, %s",
                     u.commune_name, u.district_name, u.province_name);
        snprintf(r->note, sizeof r->note,
                 "%s %s and is the GSO code of %s (postal code %s): use --postal or --gso", text,
                 postal, ascii ? gw.name_ascii : gw.name, gw.postal_code);
        return;
    }
    if (has_l) {
        put_legacy_ward(cx, &u, wards, n, r);
        return;
    }
    if (!has_p && !has_g) {
        if (kind == 1) {
            fail_unknown_postal(cx, r, text);
        } else if (kind == 2) {
            fail(r, VPC_E_UNKNOWN_WARD);
        } else {
            fail(r, VPC_E_UNKNOWN_WARD);
            snprintf(r->note, sizeof r->note, "no ward has %s as its postal code or GSO code%s",
                     text, vpc_has_legacy(cx->db) ? "" : no_legacy_note);
        }
        return;
    }
    w = has_p ? pw : gw;
    put_ward(cx, &w, r);
    static const char *const types[] = {"", "phường", "xã", "đặc khu"};
    static const char *const types_ascii[] = {"", "phuong", "xa", "dac khu"};
    set_text(r, "type", (ascii ? types_ascii : types)[w.unit_type]);
    set_text(r, "form", w.long_form ? "long" : "standard");
    set(r, "ref_lat", "%.6f", w.ref_lat);
    set(r, "ref_lon", "%.6f", w.ref_lon);
    set(r, "south", "%.6f", w.south);
    set(r, "west", "%.6f", w.west);
    set(r, "north", "%.6f", w.north);
    set(r, "east", "%.6f", w.east);
}

static void do_olc_encode(const context *cx, const char *a, const char *b, result *r)
{
    double lat, lon;
    char olc[VPC_OLC_BUFSIZE];
    begin(r, olc_encode_fields);
    if (!point(cx, a, b, &lat, &lon, r))
        return;
    vpc_status st = vpc_olc_encode(lat, lon, cx->opt->length, olc, sizeof olc);
    if (st != VPC_OK) {
        fail(r, st);
        return;
    }
    set_text(r, "olc", olc);
}

static void do_olc_decode(const context *cx, const char *text, result *r)
{
    vpc_cell cell;
    (void)cx;
    begin(r, olc_decode_fields);
    vpc_status st = vpc_olc_decode(text, &cell);
    if (st != VPC_OK) {
        fail(r, st);
        return;
    }
    put_cell(&cell, r);
    set(r, "length", "%d", cell.length);
}

/* ---- addresses -------------------------------------------------------------- */

static int blank(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    return *t == '\0';
}

/* Where a part of the text is, as 1-based character positions: "3-17". */
static void put_span(result *r, const char *field, const char *text, vpc_span sp)
{
    if (sp.start < 0 || sp.end <= sp.start)
        return;
    set(r, field, "%zu-%zu", utf8_position(text, (size_t)sp.start),
        utf8_position(text, (size_t)sp.end) - 1);
}

/* Append s to field i, after sep if it holds something; an entry that does
 * not fit is left out. */
static void append(result *r, int i, const char *sep, const char *s)
{
    size_t len = strlen(r->value[i]);
    if (len + strlen(sep) + strlen(s) + 1 > RESULT_VALUE_SIZE)
        return;
    snprintf(r->value[i] + len, RESULT_VALUE_SIZE - len, "%s%s", len ? sep : "", s);
}

/* An address: the text read into a ward with vpc_address_parse, or with
 * vpc_address_parse_at when a point comes with it (lat and lon as text, or
 * a code; blank values are no point). The fields are filled whatever the
 * status: an ambiguous or divided address lists its candidates, an address
 * of a province only names it. */
static void do_address(const context *cx, const char *text, const char *a, const char *b,
                       result *r)
{
    const options *o = cx->opt;
    int ascii = o->ascii;
    double lat = 0, lon = 0;
    int have_point = 0;
    begin(r, o->out == OUT_JSON ? address_json_fields : address_fields);
    if (b != NULL && (a == NULL || !blank(a) || !blank(b))) {
        if (a == NULL || !cli_number(a, &lat) || !cli_number(b, &lon)) {
            result_fail(r, "BAD_NUMBER");
            return;
        }
        have_point = 1;
    } else if (b == NULL && a != NULL && !blank(a)) {
        vpc_decoded d;
        vpc_status st = vpc_decode_ex(cx->db, a, 0, &d);
        if (st != VPC_OK && !vpc_is_warning(st)) {
            fail(r, st);
            snprintf(r->note, sizeof r->note, "the code given with the address, %s: %s", a,
                     vpc_strerror(st));
            return;
        }
        lat = d.cell.lat;
        lon = d.cell.lon;
        have_point = 1;
    }
    unsigned flags = o->scheme | (o->address_default ? VPC_FLAG_ADDRESS_DEFAULT : 0);
    vpc_address ad;
    size_t epos = 0;
    vpc_status st = have_point ? vpc_address_parse_at(cx->db, text, lat, lon, flags, &ad, &epos)
                               : vpc_address_parse(cx->db, text, flags, &ad, &epos);
    if (ad.ward.code[0] != '\0') {
        put_ward(cx, &ad.ward, r);
    } else if (ad.province.code[0] != '\0') {
        set_text(r, "province_code", ad.province.code);
        set_text(r, "province", ascii ? ad.province.name_ascii : ad.province.name);
    }
    if (ad.scheme != 0)
        set_text(r, "scheme", ad.scheme == VPC_SCHEME_LEGACY ? "before 2025" : "current");
    if (ad.scheme == VPC_SCHEME_LEGACY) {
        int i = field_index(r, "before_2025");
        const char *names[3] = {ad.legacy.commune_name, ad.legacy.district_name,
                                ad.legacy.province_name};
        for (int k = 0; k < 3; k++)
            if (names[k][0] != '\0')
                append(r, i, ", ", names[k]);
        set_text(r, "split", ad.split ? "yes" : "no");
    }
    size_t listed = ad.candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? ad.candidate_count
                                                                     : VPC_ADDRESS_MAX_CANDIDATES;
    for (size_t k = 0; k < listed; k++) {
        vpc_ward w;
        append(r, field_index(r, "candidates"), "|", ad.candidates[k]);
        if (vpc_ward_by_code(cx->db, ad.candidates[k], &w) == VPC_OK)
            append(r, field_index(r, "candidate_names"), "|", ascii ? w.name_ascii : w.name);
    }
    if (ad.scheme != 0 || ad.province.code[0] != '\0' || ad.candidate_count > 0)
        set(r, "score", "%.3f", ad.score);
    if (have_point || ad.point_span.start >= 0)
        set_text(r, "point", ad.point_used ? "decided" : ad.point_conflict ? "conflict"
                                                                           : "not needed");
    if (ad.ward.code[0] != '\0') {
        char buf[RESULT_VALUE_SIZE];
        if (vpc_address_format(&ad, text, ascii ? VPC_FLAG_ASCII : 0, buf, sizeof buf) == VPC_OK)
            set_text(r, "formatted", buf);
    }
    put_span(r, "ward_span", text, ad.ward_span);
    put_span(r, "district_span", text, ad.district_span);
    put_span(r, "province_span", text, ad.province_span);
    put_span(r, "street_span", text, ad.street_span);
    put_span(r, "point_span", text, ad.point_span);

    if (st == VPC_OK)
        return;
    if (vpc_is_warning(st)) {
        r->status = vpc_status_name(st);
        return;
    }
    fail(r, st);
    char what[64];
    switch (st) {
    case VPC_E_ADDRESS_AMBIGUOUS:
    case VPC_E_ADDRESS_SPLIT:
        r->keep = 1;
        snprintf(r->note, sizeof r->note, "%s %zu wards%s%s: a point at the address (--lat and"
                 " --lon, or --code) decides%s", st == VPC_E_ADDRESS_SPLIT
                 ? "the commune of before 2025 is now divided between"
                 : "the address fits", ad.candidate_count,
                 st == VPC_E_ADDRESS_SPLIT ? "" : " equally well",
                 listed < ad.candidate_count ? " (the first 32 listed)" : "",
                 st == VPC_E_ADDRESS_SPLIT ? "; --default takes a default ward" : "");
        break;
    case VPC_E_ADDRESS_INCOMPLETE:
    case VPC_E_ADDRESS_NOT_FOUND:
        r->keep = ad.province.code[0] != '\0';
        if (vpc_has_lexicon(cx->db) == 1) /* the current names only */
            snprintf(r->note, sizeof r->note, "%s; this database has no pre-2025 names, so"
                     " addresses of before July 2025 (commune, district, province) cannot be read"
                     " (use a database built without --disable-legacy-data)", vpc_strerror(st));
        break;
    case VPC_E_ADDRESS_ENCODING:
        name_char(text, epos, what, sizeof what);
        snprintf(r->note, sizeof r->note, "%s: at character %zu, %s", vpc_strerror(st),
                 utf8_position(text, epos), what);
        break;
    default:
        break;
    }
}

/* ---- the table ------------------------------------------------------------ */

static const struct {
    command c;
    const char *const *fields;
} table[] = {
    {{"encode", do_encode, NULL, NULL, 1, "LAT LON",
      "The Vpostcode of a point, with its ward and province."}, encode_fields},
    {{"decode", NULL, do_decode, NULL, 1, "CODE",
      "The cell (centre and bounds), the ward and the current code of a code, current or issued before 2025."},
     decode_fields},
    {{"lookup", do_lookup, NULL, NULL, 1, "LAT LON",
      "The ward and province of a point (and, with pre-2025 tables, the communes its ward was made from)."},
     lookup_fields},
    {{"convert", NULL, do_convert, NULL, 1, "CODE",
      "Any code, current or issued before 2025, as the current code of the same place."},
     convert_fields},
    {{"validate", NULL, do_validate, NULL, 1, "CODE",
      "Check a typed code as decode reads it: what is wrong and at which character, or that it is\n"
      "valid. A well-formed code whose cell is not in its ward (VPC_W_OUTSIDE_WARD), or a\n"
      "standard-form code for a ward that uses the long form (VPC_E_NEEDS_LONG_FORM), exits with 4."},
     validate_fields},
    {{"ward", NULL, do_ward, NULL, 1, "NUMBER",
      "A ward by postal code (--postal) or GSO code (--gso). Without either, a number that is\n"
      "both (a postal code of one ward and the GSO code of another) is AMBIGUOUS_NUMBER (exit 1).\n"
      "A postal code is read as a current one first, then as one of before 2025 (with pre-2025\n"
      "tables), which says what it was and became."},
     ward_fields},
    {{"tile", NULL, do_tile, NULL, 1, "CODE", "The web-map (XYZ) tiles of a code's cell (--zoom Z is required)."},
     tile_fields},
    {{"normalize", NULL, do_normalize, NULL, 0, "CODE",
      "The canonical and display forms of a typed code."}, normalize_fields},
    {{"olc-encode", do_olc_encode, NULL, NULL, 0, "LAT LON",
      "The Open Location Code of a point (11 digits unless --length says otherwise)."},
     olc_encode_fields},
    {{"olc-decode", NULL, do_olc_decode, NULL, 0, "CODE", "The cell of a full Open Location Code."},
     olc_decode_fields},
    {{"address", NULL, NULL, do_address, 1, "TEXT",
      "The ward of an address as people write it, in the current form (ward, province) or the\n"
      "form of before 2025 (commune, district, province), with diacritics or without: the ward,\n"
      "its province, the form read, the candidates when the text fits several wards (status\n"
      "VPC_E_ADDRESS_AMBIGUOUS) or names a commune of before 2025 now divided between wards\n"
      "(VPC_E_ADDRESS_SPLIT), and the address rewritten in the current form. A point at the\n"
      "address (--lat and --lon, or --code; in the text, a Vpostcode or \"lat, lon\") decides\n"
      "between candidates. --json adds where each part was read (ward_span, ...: character\n"
      "positions from 1); --ascii writes the names and the rewritten address without diacritics."},
     address_fields},
    /* Not listed: encode and lookup with --nearest, address with --json
     * (command_for). */
    {{"encode", do_encode, NULL, NULL, 1, "LAT LON", NULL}, encode_nearest_fields},
    {{"lookup", do_lookup, NULL, NULL, 1, "LAT LON", NULL}, lookup_nearest_fields},
    {{"address", NULL, NULL, do_address, 1, "TEXT", NULL}, address_json_fields},
};

#define NTABLE (sizeof table / sizeof table[0])
#define NCOMMANDS (NTABLE - 3)

const command *command_for(const command *c, const options *o)
{
    if (c == NULL)
        return c;
    int variant = c->on_text != NULL ? o->out == OUT_JSON : o->nearest >= 0;
    if (!variant)
        return c;
    for (size_t i = NCOMMANDS; i < NTABLE; i++)
        if (strcmp(table[i].c.name, c->name) == 0)
            return &table[i].c;
    return c;
}

const command *command_find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(table[i].c.name, name) == 0)
            return &table[i].c;
    return NULL;
}

int command_fields(const command *c, const char **names, int max)
{
    for (size_t i = 0; i < NTABLE; i++) {
        if (&table[i].c != c)
            continue;
        int n = 0;
        while (table[i].fields[n] != NULL && n < max) {
            names[n] = table[i].fields[n];
            n++;
        }
        return n;
    }
    return 0;
}

const command *command_at(size_t i)
{
    return i < NCOMMANDS ? &table[i].c : NULL;
}
