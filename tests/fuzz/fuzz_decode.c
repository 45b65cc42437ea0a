/*
 * fuzz_decode.c - the calls on an open database that take text or
 * coordinates: vpc_decode, vpc_decode_code, vpc_decode_ex (every flag
 * combination, invalid ones included), vpc_convert, vpc_decode_batch,
 * vpc_ward_by_code, vpc_ward_by_postal_code, vpc_ward_geojson, vpc_ward_boundary,
 * vpc_legacy_by_postal_code on each line of the input; vpc_decode_code on
 * a struct of the input's last bytes; vpc_encode, vpc_lookup,
 * vpc_legacy_lookup, vpc_lookup_batch, vpc_encode_batch on coordinates read
 * from its bytes.
 *
 * The real database is opened once, from $VPOSTCODE_DB (the fuzzer stops
 * at once if it is not set or does not open).
 *
 * Input: lines of text (split on '\n', at most MAX_LINES); the coordinates
 * are read from the same bytes (fuzz_common.h), so every input gives both.
 *
 * Invariants (a broken one traps):
 *   - a decoded cell (OK or warning) is finite with south < north and
 *     west < east; a failed call leaves its outputs untouched;
 *   - converting a converted code gives the code itself (when OK);
 *   - the batch calls give what the single calls give, item by item;
 *   - a point that looks up to a ward encodes, in that ward, to a code
 *     that decodes without a warning to a cell holding the point, and
 *     that vpc_convert leaves as it is.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_common.h"

#define MAX_LINES 16
#define NPOINTS 3
#define FILL 0xC3

static vpc_db *db;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *path = getenv("VPOSTCODE_DB");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "fuzz_decode: set VPOSTCODE_DB to a vpostcode database "
                        "(e.g. geodata/vpostcode.sqlite in the build directory)\n");
        exit(2);
    }
    vpc_status st = vpc_open(path, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "fuzz_decode: cannot open %s: %s\n", path, vpc_status_name(st));
        exit(2);
    }
    /* Open for the whole run; still reachable through `db` at exit, so
     * LeakSanitizer does not count it. */
    return 0;
}

static int untouched(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != FILL)
            return 0;
    return 1;
}

static int ok_or_warning(vpc_status st)
{
    return st == VPC_OK || vpc_is_warning(st);
}

static void check_ward(const vpc_ward *w)
{
    vpc_ward again;
    FUZZ_CHECK(memchr(w->code, '\0', sizeof w->code) && strlen(w->code) == 5);
    FUZZ_CHECK(memchr(w->postal_code, '\0', sizeof w->postal_code) && strlen(w->postal_code) == 5);
    FUZZ_CHECK(memchr(w->name, '\0', sizeof w->name) != NULL);
    FUZZ_CHECK(vpc_ward_by_code(db, w->code, &again) == VPC_OK);
    FUZZ_CHECK(strcmp(again.postal_code, w->postal_code) == 0);
    FUZZ_CHECK(w->south <= w->north && w->west <= w->east);
}

/* Statuses decoding text may give. */
static int decode_status(vpc_status st)
{
    switch (st) {
    case VPC_OK: case VPC_W_OUTSIDE_WARD: case VPC_E_EMPTY: case VPC_E_BAD_CHARACTER:
    case VPC_E_CODE_LENGTH: case VPC_E_LOCATION_RANGE: case VPC_E_CHECK_CHARACTER:
    case VPC_E_UNKNOWN_POSTAL_CODE: case VPC_E_UNKNOWN_LEGACY_CODE: case VPC_E_AMBIGUOUS_SCHEME:
    case VPC_E_NO_LEGACY_DATA: case VPC_E_INVALID_ARGUMENT: case VPC_E_NO_WARD:
    case VPC_E_OUTSIDE_VIETNAM:
    case VPC_E_NEEDS_LONG_FORM: /* a standard-form code of a long-form ward */
        return 1;
    default:
        return 0;
    }
}

static const unsigned ex_flags[] = {
    0,
    VPC_FLAG_CHECK_CHAR,
    VPC_FLAG_SCHEME_CURRENT,
    VPC_FLAG_SCHEME_LEGACY,
    VPC_FLAG_CHECK_CHAR | VPC_FLAG_SCHEME_CURRENT,
    VPC_FLAG_CHECK_CHAR | VPC_FLAG_SCHEME_LEGACY,
    VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY, /* invalid: both */
    VPC_FLAG_LONG_FORM,                               /* invalid here */
    VPC_FLAG_DISPLAY,
    VPC_FLAG_NO_CHECK_CHAR,
    0x40u,
    ~0u,
};
#define NEX (sizeof ex_flags / sizeof ex_flags[0])

static int ex_flags_valid(unsigned f)
{
    const unsigned known = VPC_FLAG_CHECK_CHAR | VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY;
    return (f & ~known) == 0 &&
           !((f & VPC_FLAG_SCHEME_CURRENT) && (f & VPC_FLAG_SCHEME_LEGACY));
}

/* convert(text) then convert again: a current code converts to itself. */
static void check_convert(const char *text, unsigned flags)
{
    vpc_code cur, again;
    char buf[VPC_CODE_BUFSIZE];
    memset(&cur, FILL, sizeof cur);
    vpc_status st = vpc_convert(db, text, flags, &cur);
    FUZZ_CHECK(decode_status(st));
    if (!ex_flags_valid(flags))
        FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT);
    if (!ok_or_warning(st)) {
        FUZZ_CHECK(untouched(&cur, sizeof cur));
        return;
    }
    FUZZ_CHECK((cur.check != '\0') == ((flags & VPC_FLAG_CHECK_CHAR) != 0));
    FUZZ_CHECK(vpc_code_format(&cur, 0, buf, sizeof buf) == VPC_OK);
    memset(&again, FILL, sizeof again);
    vpc_status st2 = vpc_convert(db, buf, flags & VPC_FLAG_CHECK_CHAR, &again);
    /* The same number may also be a pre-2025 code that fits elsewhere:
     * then the second reading is ambiguous, which is no contradiction. */
    if (st2 == VPC_E_AMBIGUOUS_SCHEME)
        return;
    if (st2 != VPC_OK)
        fprintf(stderr, "convert(\"%s\", %#x) = %s, convert(\"%s\") = %s\n", text, flags,
                vpc_status_name(st), buf, vpc_status_name(st2));
    FUZZ_CHECK(st2 == VPC_OK);
    FUZZ_CHECK(strcmp(again.postal, cur.postal) == 0 && strcmp(again.location, cur.location) == 0 &&
               again.form == cur.form && again.check == cur.check);
    /* Read as a current code, it is its own current code. */
    vpc_decoded d;
    st2 = vpc_decode_ex(db, buf, VPC_FLAG_SCHEME_CURRENT, &d);
    FUZZ_CHECK(st2 == VPC_OK && d.scheme == VPC_SCHEME_CURRENT);
    FUZZ_CHECK(strcmp(d.current.postal, cur.postal) == 0 &&
               strcmp(d.current.location, cur.location) == 0);
}

static void check_line(const char *text)
{
    vpc_cell cell;
    vpc_ward ward;
    memset(&cell, FILL, sizeof cell);
    memset(&ward, FILL, sizeof ward);
    vpc_status st = vpc_decode(db, text, &cell, &ward);
    FUZZ_CHECK(decode_status(st));
    if (ok_or_warning(st)) {
        fuzz_check_cell(&cell);
        check_ward(&ward);
        vpc_cell c2;
        FUZZ_CHECK(vpc_decode(db, text, &c2, NULL) == st && fuzz_same_cell(&c2, &cell));
    } else {
        FUZZ_CHECK(untouched(&cell, sizeof cell) && untouched(&ward, sizeof ward));
    }
    /* vpc_decode_code on the parsed code is vpc_decode. */
    vpc_code code;
    if (vpc_code_parse(text, &code, NULL) == VPC_OK) {
        vpc_cell c3;
        vpc_ward w3;
        FUZZ_CHECK(vpc_decode_code(db, &code, &c3, &w3) == st);
        if (ok_or_warning(st))
            FUZZ_CHECK(fuzz_same_cell(&c3, &cell) && strcmp(w3.code, ward.code) == 0);
    }

    for (size_t i = 0; i < NEX; i++) {
        vpc_decoded d;
        memset(&d, FILL, sizeof d);
        vpc_status sx = vpc_decode_ex(db, text, ex_flags[i], &d);
        FUZZ_CHECK(decode_status(sx));
        if (!ex_flags_valid(ex_flags[i]))
            FUZZ_CHECK(sx == VPC_E_INVALID_ARGUMENT);
        if (ok_or_warning(sx)) {
            fuzz_check_cell(&d.cell);
            FUZZ_CHECK(d.scheme == VPC_SCHEME_CURRENT || d.scheme == VPC_SCHEME_LEGACY);
            check_ward(&d.ward);
            if (d.current.postal[0] != '\0') {
                char buf[VPC_CODE_BUFSIZE];
                FUZZ_CHECK(vpc_code_format(&d.current, 0, buf, sizeof buf) == VPC_OK);
                FUZZ_CHECK((d.current.check != '\0') ==
                           ((ex_flags[i] & VPC_FLAG_CHECK_CHAR) != 0));
            }
            if (d.scheme == VPC_SCHEME_LEGACY)
                FUZZ_CHECK(strlen(d.legacy.commune_code) == 5);
        } else {
            FUZZ_CHECK(untouched(&d, sizeof d));
        }
        check_convert(text, ex_flags[i]);
    }

    /* Ward and pre-2025 unit look-ups by the text as a code. */
    vpc_ward w;
    vpc_status ws = vpc_ward_by_code(db, text, &w);
    FUZZ_CHECK(ws == VPC_OK || ws == VPC_E_UNKNOWN_WARD);
    if (ws == VPC_OK) {
        check_ward(&w);
        FUZZ_CHECK(strcmp(w.code, text) == 0);
    }
    ws = vpc_ward_by_postal_code(db, text, &w);
    FUZZ_CHECK(ws == VPC_OK || ws == VPC_E_POSTAL_CODE || ws == VPC_E_UNKNOWN_POSTAL_CODE);
    if (ws == VPC_OK)
        FUZZ_CHECK(strcmp(w.postal_code, text) == 0);

    size_t needed = 0;
    ws = vpc_ward_geojson(db, text, NULL, 0, &needed);
    FUZZ_CHECK(ws == VPC_E_UNKNOWN_WARD || ws == VPC_E_BUFFER_TOO_SMALL);
    if (ws == VPC_E_BUFFER_TOO_SMALL) {
        char small[64];
        FUZZ_CHECK(needed > sizeof small);
        memset(small, FILL, sizeof small);
        FUZZ_CHECK(vpc_ward_geojson(db, text, small, sizeof small, NULL) == VPC_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(untouched(small, sizeof small)); /* the buffer left as it was */
    }
    /* The same ward's boundary as numbers: known exactly when its GeoJSON
     * is; too small arrays left as they were; rings that tile the vertices,
     * closed, the first one outer. */
    size_t nr = 0, nv = 0;
    ws = vpc_ward_boundary(db, text, NULL, 0, &nr, NULL, 0, &nv);
    FUZZ_CHECK(ws == VPC_E_UNKNOWN_WARD || ws == VPC_E_BUFFER_TOO_SMALL);
    if (ws == VPC_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(needed > 0 && nr > 0 && nv >= 4 * nr);
        vpc_ring *rings = malloc(nr * sizeof *rings);
        double *v = malloc(2 * nv * sizeof *v);
        memset(v, FILL, 2 * nv * sizeof *v);
        FUZZ_CHECK(vpc_ward_boundary(db, text, rings, nr, NULL, v, nv - 1, NULL) ==
                   VPC_E_BUFFER_TOO_SMALL);
        FUZZ_CHECK(untouched(v, 2 * nv * sizeof *v));
        size_t nr2 = 0, nv2 = 0;
        FUZZ_CHECK(vpc_ward_boundary(db, text, rings, nr, &nr2, v, nv, &nv2) == VPC_OK);
        FUZZ_CHECK(nr2 == nr && nv2 == nv && rings[0].outer == 1);
        size_t next = 0;
        for (size_t r = 0; r < nr; r++) {
            FUZZ_CHECK(rings[r].first == next && rings[r].count >= 4);
            const double *a = v + 2 * rings[r].first, *z = a + 2 * (rings[r].count - 1);
            FUZZ_CHECK(a[0] == z[0] && a[1] == z[1]);
            FUZZ_CHECK(a[0] >= 100 && a[0] <= 120 && a[1] >= 5 && a[1] <= 25);
            next += rings[r].count;
        }
        FUZZ_CHECK(next == nv);
        free(rings);
        free(v);
    }

    vpc_legacy_unit unit;
    char wards[3][6];
    size_t nw = 999;
    memset(&unit, FILL, sizeof unit);
    ws = vpc_legacy_by_postal_code(db, text, &unit, wards, 3, &nw);
    FUZZ_CHECK(ws == VPC_OK || ws == VPC_E_BUFFER_TOO_SMALL || ws == VPC_E_POSTAL_CODE ||
               ws == VPC_E_UNKNOWN_LEGACY_CODE || ws == VPC_E_NO_LEGACY_DATA);
    if (ws == VPC_OK) {
        FUZZ_CHECK(strcmp(unit.postal_code, text) == 0);
        FUZZ_CHECK(nw <= 3);
        for (size_t k = 0; k < nw; k++)
            FUZZ_CHECK(strlen(wards[k]) == 5);
    }
    if (ws == VPC_E_BUFFER_TOO_SMALL) /* only the count is written */
        FUZZ_CHECK(nw > 3 && untouched(&unit, sizeof unit));
    if (ws == VPC_OK || ws == VPC_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(vpc_legacy_by_postal_code(db, text, &unit, NULL, 0, &nw) ==
                   (nw == 0 ? VPC_OK : VPC_E_BUFFER_TOO_SMALL));
    } else {
        FUZZ_CHECK(untouched(&unit, sizeof unit) && nw == 999);
    }
}

/* decode_batch over all the lines is the single calls, item by item. */
static void check_batch(char **lines, size_t n)
{
    static const unsigned batch_flags[] = {0, VPC_FLAG_SCHEME_CURRENT, VPC_FLAG_SCHEME_LEGACY,
                                           VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY,
                                           VPC_FLAG_CHECK_CHAR};
    vpc_cell cells[MAX_LINES + 1];
    int ward[MAX_LINES + 1], status[MAX_LINES + 1];
    const char *texts[MAX_LINES + 1];
    for (size_t i = 0; i < n; i++)
        texts[i] = lines[i];
    texts[n] = NULL; /* one NULL item */
    for (size_t f = 0; f < sizeof batch_flags / sizeof batch_flags[0]; f++) {
        unsigned flags = batch_flags[f];
        memset(status, FILL, sizeof status);
        vpc_status st = vpc_decode_batch(db, n + 1, texts, flags, cells, ward, status);
        if (flags == (VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY) ||
            flags == VPC_FLAG_CHECK_CHAR) {
            FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT && untouched(status, sizeof status));
            continue;
        }
        FUZZ_CHECK(st == VPC_OK);
        FUZZ_CHECK(status[n] == VPC_E_NULL_ARGUMENT && ward[n] == -1 && isnan(cells[n].south));
        for (size_t i = 0; i < n; i++) {
            vpc_cell one;
            vpc_ward w;
            vpc_decoded d;
            vpc_status single;
            if (flags == 0) {
                single = vpc_decode(db, texts[i], &one, &w);
            } else {
                single = vpc_decode_ex(db, texts[i], flags, &d);
                one = d.cell;
                w = d.ward;
            }
            FUZZ_CHECK(status[i] == (int)single);
            if (ok_or_warning(single)) {
                FUZZ_CHECK(fuzz_same_cell(&cells[i], &one));
                vpc_ward at;
                FUZZ_CHECK(ward[i] >= 0 && vpc_ward_at(db, (size_t)ward[i], &at) == VPC_OK);
                FUZZ_CHECK(strcmp(at.code, w.code) == 0);
            } else {
                FUZZ_CHECK(ward[i] == -1 && isnan(cells[i].south) && cells[i].length == 0);
            }
        }
    }
}

static void check_point(double lat, double lon, unsigned flags)
{
    vpc_ward ward, ew;
    vpc_code code;
    memset(&ward, FILL, sizeof ward);
    vpc_status ls = vpc_lookup(db, lat, lon, &ward);
    FUZZ_CHECK(ls == VPC_OK || ls == VPC_E_NOT_FINITE || ls == VPC_E_LATITUDE_RANGE ||
               ls == VPC_E_LONGITUDE_RANGE || ls == VPC_E_OUTSIDE_VIETNAM || ls == VPC_E_NO_WARD);
    if (ls != VPC_OK)
        FUZZ_CHECK(untouched(&ward, sizeof ward));
    else
        check_ward(&ward);

    memset(&code, FILL, sizeof code);
    memset(&ew, FILL, sizeof ew);
    vpc_status es = vpc_encode(db, lat, lon, flags, &code, &ew);
    int flags_ok = (flags & ~(VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)) == 0;
    if (!flags_ok) {
        FUZZ_CHECK(es == VPC_E_INVALID_ARGUMENT);
    } else {
        FUZZ_CHECK(es == ls); /* a point in a ward always has a code */
    }
    if (es != VPC_OK) {
        FUZZ_CHECK(untouched(&code, sizeof code) && untouched(&ew, sizeof ew));
    } else {
        FUZZ_CHECK(strcmp(ew.code, ward.code) == 0);
        FUZZ_CHECK(strcmp(code.postal, ward.postal_code) == 0);
        FUZZ_CHECK((code.check != '\0') == ((flags & VPC_FLAG_CHECK_CHAR) != 0));
        if (flags & VPC_FLAG_LONG_FORM)
            FUZZ_CHECK(code.form == VPC_FORM_LONG);
        char text[VPC_CODE_BUFSIZE];
        FUZZ_CHECK(vpc_code_format(&code, VPC_FLAG_DISPLAY, text, sizeof text) == VPC_OK);
        vpc_cell cell;
        vpc_ward dw;
        vpc_status ds = vpc_decode(db, text, &cell, &dw);
        if (ds != VPC_OK)
            fprintf(stderr, "encode(%.17g, %.17g) = \"%s\", decode gives %s\n", lat, lon, text,
                    vpc_status_name(ds));
        FUZZ_CHECK(ds == VPC_OK);
        fuzz_check_cell(&cell);
        FUZZ_CHECK_HOLDS(&cell, lat, lon);
        FUZZ_CHECK(strcmp(dw.code, ward.code) == 0);
        vpc_decoded d;
        FUZZ_CHECK(vpc_decode_ex(db, text, VPC_FLAG_SCHEME_CURRENT, &d) == VPC_OK);
        FUZZ_CHECK(strcmp(d.current.location, code.location) == 0 &&
                   strcmp(d.current.postal, code.postal) == 0);
    }

    vpc_legacy_unit units[4];
    size_t count = 999;
    memset(units, FILL, sizeof units);
    vpc_status gs = vpc_legacy_lookup(db, lat, lon, units, flags % 5, &count);
    if (gs == VPC_OK || gs == VPC_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(ls == VPC_OK);
        FUZZ_CHECK((gs == VPC_OK) == (count <= flags % 5));
        if (gs == VPC_OK)
            for (size_t k = 0; k < count; k++)
                FUZZ_CHECK(strlen(units[k].commune_code) == 5);
        else /* only the count is written */
            FUZZ_CHECK(untouched(units, sizeof units));
    } else {
        FUZZ_CHECK(count == 999);
        FUZZ_CHECK(gs == ls || gs == VPC_E_NO_LEGACY_DATA);
    }
}

static void check_point_batch(const double *lat, const double *lon, size_t n, unsigned flags)
{
    int ward[NPOINTS], status[NPOINTS];
    char codes[NPOINTS * VPC_CODE_BUFSIZE];
    FUZZ_CHECK(vpc_lookup_batch(db, n, lat, lon, ward, status) == VPC_OK);
    for (size_t i = 0; i < n; i++) {
        vpc_ward w;
        vpc_status st = vpc_lookup(db, lat[i], lon[i], &w);
        FUZZ_CHECK(status[i] == (int)st);
        if (st == VPC_OK) {
            vpc_ward at;
            FUZZ_CHECK(vpc_ward_at(db, (size_t)ward[i], &at) == VPC_OK && strcmp(at.code, w.code) == 0);
        } else {
            FUZZ_CHECK(ward[i] == -1);
        }
    }
    vpc_status bs = vpc_encode_batch(db, n, lat, lon, flags, codes, ward, status);
    if ((flags & ~(VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)) != 0) {
        FUZZ_CHECK(bs == VPC_E_INVALID_ARGUMENT);
        return;
    }
    FUZZ_CHECK(bs == VPC_OK);
    for (size_t i = 0; i < n; i++) {
        vpc_code code;
        char text[VPC_CODE_BUFSIZE];
        vpc_status st = vpc_encode(db, lat[i], lon[i], flags, &code, NULL);
        FUZZ_CHECK(status[i] == (int)st);
        if (st == VPC_OK) {
            FUZZ_CHECK(vpc_code_format(&code, 0, text, sizeof text) == VPC_OK);
            FUZZ_CHECK(strcmp(text, codes + i * VPC_CODE_BUFSIZE) == 0);
        } else {
            FUZZ_CHECK(codes[i * VPC_CODE_BUFSIZE] == '\0' && ward[i] == -1);
        }
    }
}

/* vpc_decode_code on a struct of arbitrary bytes: validated, never read
 * past its fields. */
static void check_raw_code(const uint8_t *data, size_t size)
{
    vpc_code raw;
    unsigned char *p = (unsigned char *)&raw;
    for (size_t i = 0; i < sizeof raw; i++)
        p[i] = size ? data[(size - 1 - i % size)] : 0; /* from the end of the input */
    raw.form &= 1;
    vpc_cell cell;
    vpc_ward ward;
    memset(&cell, FILL, sizeof cell);
    vpc_status st = vpc_decode_code(db, &raw, &cell, &ward);
    FUZZ_CHECK((unsigned)st < VPC_STATUS_COUNT);
    if (ok_or_warning(st)) {
        fuzz_check_cell(&cell);
        check_ward(&ward);
    } else {
        FUZZ_CHECK(untouched(&cell, sizeof cell));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Lines, each in a buffer of its own size. */
    char *lines[MAX_LINES];
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= size && n < MAX_LINES; i++) {
        if (i == size || data[i] == '\n') {
            size_t len = i - start;
            char *s = malloc(len + 1);
            memcpy(s, data + start, len);
            s[len] = '\0';
            lines[n++] = s;
            start = i + 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        check_line(lines[i]);
    check_batch(lines, n);
    check_raw_code(data, size);

    /* Points from the same bytes: mostly in Vietnam's box. */
    fuzz_bytes in = {data, size};
    double lat[NPOINTS], lon[NPOINTS];
    for (int i = 0; i < NPOINTS; i++) {
        lat[i] = fuzz_coord(&in, 8.0, 24.0);
        lon[i] = fuzz_coord(&in, 102.0, 118.0);
    }
    unsigned flags = fuzz_u8(&in);
    flags = (flags & 0x80) ? flags : flags & 3;
    for (int i = 0; i < NPOINTS; i++)
        check_point(lat[i], lon[i], flags);
    check_point_batch(lat, lon, NPOINTS, flags);

    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    return 0;
}
