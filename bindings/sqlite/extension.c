/*
 * extension.c - libvpostcode as SQL functions: a loadable SQLite extension
 * (plain sqlite3 or SpatiaLite).
 *
 *   .load vpostcode            -- sqlite3 shell
 *   SELECT load_extension('vpostcode');
 *
 * The database of wards (vpc_default_db_path(): $VPOSTCODE_DB, else the
 * installed one; the runtime file, or an SQLite database with its runtime
 * file next to it) is opened once per connection when the extension loads;
 * loading fails with the library's message, the path tried and how to
 * point at a database if it cannot be opened. Loaded into a connection to
 * a vpostcode SQLite database (a metadata table with a build_id), it also
 * fails when the runtime file was built from another database: the SQL
 * functions and the tables would answer from different data. The database
 * of wards cannot be changed from SQL: the functions are deterministic and
 * may sit in indexes, which another database would silently contradict.
 *
 * Conventions, the same for every function: a NULL argument gives NULL;
 * an argument of the wrong kind, or any error of the library, is an SQL
 * error "FUNCTION: message (VPC_E_NAME)"; the functions that answer
 * "which ward holds this point" give NULL for a point in no ward
 * (VPC_E_NO_WARD, VPC_E_OUTSIDE_VIETNAM), and vpc_status() says why.
 * Codes (Vpostcodes, GSO codes of wards and provinces) are text: a number
 * is refused, never padded, since their leading zeros matter ('00070',
 * '01', postal codes of Quảng Ninh such as '01114').
 * The reference is bindings/sqlite/README.md.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "vpostcode.h"
#include "cellblob.h"

#if defined(_WIN32)
#define VPC_SQL_EXPORT __declspec(dllexport)
#else
#define VPC_SQL_EXPORT __attribute__((visibility("default")))
#endif

/* What the functions of one connection share: the open database. Every
 * function registered holds a reference; the last one released closes it. */
typedef struct vpc_sql {
    vpc_db *db;
    int refs;
} vpc_sql;

static void release(void *p)
{
    vpc_sql *s = p;
    if (--s->refs == 0) {
        vpc_close(s->db);
        sqlite3_free(s);
    }
}

static const vpc_db *db_of(sqlite3_context *ctx)
{
    return ((vpc_sql *)sqlite3_user_data(ctx))->db;
}

/* ---- results ------------------------------------------------------------ */

static void fail(sqlite3_context *ctx, const char *fn, vpc_status st)
{
    if (st == VPC_E_NO_MEMORY) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char *msg = sqlite3_mprintf("%s: %s (%s)", fn, vpc_strerror(st), vpc_status_name(st));
    if (msg == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

static void fail_arg(sqlite3_context *ctx, const char *fn, const char *what)
{
    char *msg = sqlite3_mprintf("%s: %s", fn, what);
    if (msg == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, msg, -1);
    sqlite3_free(msg);
}

static int is_no_ward(vpc_status st)
{
    return st == VPC_E_NO_WARD || st == VPC_E_OUTSIDE_VIETNAM;
}

/* ---- arguments ---------------------------------------------------------- */

/* 1 and the number when v is one (an integer, a real, or text that reads
 * entirely as a number); 0 after setting an error. NULL is checked before. */
static int arg_double(sqlite3_context *ctx, const char *fn, const char *name,
                      sqlite3_value *v, double *out)
{
    int type = sqlite3_value_numeric_type(v);
    if (type != SQLITE_INTEGER && type != SQLITE_FLOAT) {
        char *msg = sqlite3_mprintf("%s is not a number", name);
        fail_arg(ctx, fn, msg != NULL ? msg : "an argument is not a number");
        sqlite3_free(msg);
        return 0;
    }
    *out = sqlite3_value_double(v);
    return 1;
}

/* What a code argument is, for the message refusing a number. */
typedef enum code_kind {
    KIND_CODE,     /* a Vpostcode: "11024 2RHX+FJJ" */
    KIND_WARD,     /* a ward's GSO code: "00070" */
    KIND_PROVINCE, /* a province's GSO code: "01" */
    KIND_WORD      /* an option word, not a code */
} code_kind;

static int is_number(sqlite3_value *v)
{
    int type = sqlite3_value_type(v);
    return type == SQLITE_INTEGER || type == SQLITE_FLOAT;
}

/* Refuse a number where a code is expected: its leading zeros are lost
 * (70 for '00070', 1114... for a Quảng Ninh code '01114...'), and padding
 * it back would be a guess. The error names the function and the number. */
static void fail_number(sqlite3_context *ctx, const char *fn, code_kind kind, sqlite3_value *v)
{
    static const char *const what[] = {
        "a code is text, e.g. '11024 2RHX+FJJ'",
        "a GSO code is text of 5 digits, e.g. '00070'",
        "a province code is text of 2 digits, e.g. '01'",
        "an option is text",
    };
    const char *number = (const char *)sqlite3_value_text(v);
    if (number == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    char *msg = sqlite3_mprintf("%s, not the number %s (%s)", what[kind], number,
                                vpc_status_name(VPC_E_INVALID_ARGUMENT));
    fail_arg(ctx, fn, msg != NULL ? msg : what[kind]);
    sqlite3_free(msg);
}

/* The text of v, or NULL after setting an error: a BLOB, a number where a
 * code is expected, or text holding a NUL byte (which C would silently cut
 * short), is refused. */
static const char *arg_text_kind(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                                 code_kind kind)
{
    if (sqlite3_value_type(v) == SQLITE_BLOB) {
        fail_arg(ctx, fn, "a code must be text, not a BLOB");
        return NULL;
    }
    if (kind != KIND_WORD && is_number(v)) {
        fail_number(ctx, fn, kind, v);
        return NULL;
    }
    const char *text = (const char *)sqlite3_value_text(v);
    if (text == NULL) {
        sqlite3_result_error_nomem(ctx);
        return NULL;
    }
    if ((size_t)sqlite3_value_bytes(v) != strlen(text)) {
        fail_arg(ctx, fn, "the text holds a NUL character (VPC_E_BAD_CHARACTER)");
        return NULL;
    }
    return text;
}

/* A Vpostcode argument. */
static const char *arg_text(sqlite3_context *ctx, const char *fn, sqlite3_value *v)
{
    return arg_text_kind(ctx, fn, v, KIND_CODE);
}

static int any_null(int argc, sqlite3_value **argv)
{
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            return 1;
    return 0;
}

/* Option words of vpc_encode: "long", "check", "display", separated by
 * spaces or commas. 0 after setting an error for any other word. */
static int arg_options(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                       unsigned *make, unsigned *format)
{
    const char *p = arg_text_kind(ctx, fn, v, KIND_WORD);
    if (p == NULL)
        return 0;
    *make = 0;
    *format = 0;
    while (*p != '\0') {
        size_t n = strcspn(p, " ,");
        if (n == 4 && sqlite3_strnicmp(p, "long", 4) == 0)
            *make |= VPC_FLAG_LONG_FORM;
        else if (n == 5 && sqlite3_strnicmp(p, "check", 5) == 0)
            *make |= VPC_FLAG_CHECK_CHAR;
        else if (n == 7 && sqlite3_strnicmp(p, "display", 7) == 0)
            *format |= VPC_FLAG_DISPLAY;
        else if (n > 0) {
            char *msg = sqlite3_mprintf("unknown option \"%.*s\" (long, check, display)",
                                        (int)n, p);
            fail_arg(ctx, fn, msg != NULL ? msg : "unknown option");
            sqlite3_free(msg);
            return 0;
        }
        p += n;
        p += strspn(p, " ,");
    }
    return 1;
}

/* Options of vpc_convert: "current" or "legacy". */
static int arg_scheme(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                      unsigned *flags)
{
    const char *s = arg_text_kind(ctx, fn, v, KIND_WORD);
    if (s == NULL)
        return 0;
    if (sqlite3_stricmp(s, "current") == 0)
        *flags = VPC_FLAG_SCHEME_CURRENT;
    else if (sqlite3_stricmp(s, "legacy") == 0)
        *flags = VPC_FLAG_SCHEME_LEGACY;
    else {
        fail_arg(ctx, fn, "the scheme is \"current\" or \"legacy\"");
        return 0;
    }
    return 1;
}

/* ---- functions ---------------------------------------------------------- */

/* vpc_encode(lat, lon [, options]) -> the code; NULL in no ward. */
static void fn_encode(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_encode";
    double lat, lon;
    unsigned make = 0, format = 0;
    vpc_code code;
    char text[VPC_CODE_BUFSIZE];

    if (any_null(argc, argv))
        return;
    if (!arg_double(ctx, fn, "latitude", argv[0], &lat) ||
        !arg_double(ctx, fn, "longitude", argv[1], &lon))
        return;
    if (argc > 2 && !arg_options(ctx, fn, argv[2], &make, &format))
        return;
    vpc_status st = vpc_encode(db_of(ctx), lat, lon, make, &code, NULL);
    if (st == VPC_OK)
        st = vpc_code_format(&code, format, text, sizeof text);
    if (st == VPC_OK)
        sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
    else if (!is_no_ward(st))
        fail(ctx, fn, st);
}

/* Decode argv[0] for the function fn; 0 after setting the error. */
static int decode_arg(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                      vpc_cell *cell, vpc_ward *ward)
{
    const char *text = arg_text(ctx, fn, v);
    if (text == NULL)
        return 0;
    vpc_status st = vpc_decode(db_of(ctx), text, cell, ward);
    if (st != VPC_OK && !vpc_is_warning(st)) {
        fail(ctx, fn, st);
        return 0;
    }
    return 1;
}

/* vpc_decode_lat(code), vpc_decode_lon(code) -> the centre of the cell. */
static void fn_decode_lat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_cell cell;
    if (!any_null(argc, argv) && decode_arg(ctx, "vpc_decode_lat", argv[0], &cell, NULL))
        sqlite3_result_double(ctx, cell.lat);
}

static void fn_decode_lon(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_cell cell;
    if (!any_null(argc, argv) && decode_arg(ctx, "vpc_decode_lon", argv[0], &cell, NULL))
        sqlite3_result_double(ctx, cell.lon);
}

/* vpc_cell(code) -> the cell as a SpatiaLite POLYGON, SRID 4326. */
static void fn_cell(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_cell cell;
    unsigned char blob[VPC_CELL_BLOB_SIZE];
    if (any_null(argc, argv) || !decode_arg(ctx, "vpc_cell", argv[0], &cell, NULL))
        return;
    vpc_cell_blob(&cell, blob);
    sqlite3_result_blob(ctx, blob, (int)sizeof blob, SQLITE_TRANSIENT);
}

/* vpc_cell_wkt(code) -> the cell as WKT. */
static void fn_cell_wkt(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_cell cell;
    char wkt[512];
    if (any_null(argc, argv) || !decode_arg(ctx, "vpc_cell_wkt", argv[0], &cell, NULL))
        return;
    size_t n = vpc_cell_wkt(&cell, wkt, sizeof wkt);
    if (n == 0)
        fail(ctx, "vpc_cell_wkt", VPC_E_BUFFER_TOO_SMALL);
    else
        sqlite3_result_text(ctx, wkt, (int)n, SQLITE_TRANSIENT);
}

/* The ward of a point (2 arguments) or of a code (1 argument); 0 with no
 * result set when the point is in no ward, -1 after an error. */
static int ward_arg(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv,
                    vpc_ward *ward)
{
    if (argc == 1) {
        vpc_cell cell;
        return decode_arg(ctx, fn, argv[0], &cell, ward) ? 1 : -1;
    }
    double lat, lon;
    if (!arg_double(ctx, fn, "latitude", argv[0], &lat) ||
        !arg_double(ctx, fn, "longitude", argv[1], &lon))
        return -1;
    vpc_status st = vpc_lookup(db_of(ctx), lat, lon, ward);
    if (st == VPC_OK)
        return 1;
    if (is_no_ward(st))
        return 0;
    fail(ctx, fn, st);
    return -1;
}

/* vpc_ward(code) or vpc_ward(lat, lon) -> the ward's GSO code. */
static void fn_ward(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_ward ward;
    if (!any_null(argc, argv) && ward_arg(ctx, "vpc_ward", argc, argv, &ward) == 1)
        sqlite3_result_text(ctx, ward.code, -1, SQLITE_TRANSIENT);
}

/* vpc_postal_code(lat, lon) or vpc_postal_code(code) -> the ward's
 * postal code (for a pre-2025 code: that of the ward it is in today). */
static void fn_postal_code(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_ward ward;
    if (!any_null(argc, argv) && ward_arg(ctx, "vpc_postal_code", argc, argv, &ward) == 1)
        sqlite3_result_text(ctx, ward.postal_code, -1, SQLITE_TRANSIENT);
}

/* The ward with a GSO code, for the name functions; 0 when there is none. */
static int ward_by_code_arg(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                            vpc_ward *ward)
{
    const char *code = arg_text_kind(ctx, fn, v, KIND_WARD);
    return code != NULL && vpc_ward_by_code(db_of(ctx), code, ward) == VPC_OK;
}

/* vpc_ward_name(gso_code), vpc_province_name(gso_code) -> names; NULL for
 * an unknown ward. */
static void fn_ward_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_ward ward;
    if (!any_null(argc, argv) && ward_by_code_arg(ctx, "vpc_ward_name", argv[0], &ward))
        sqlite3_result_text(ctx, ward.name, -1, SQLITE_TRANSIENT);
}

static void fn_province_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_ward ward;
    if (!any_null(argc, argv) && ward_by_code_arg(ctx, "vpc_province_name", argv[0], &ward))
        sqlite3_result_text(ctx, ward.province.name, -1, SQLITE_TRANSIENT);
}

/* vpc_convert(code [, scheme]) -> the current code of the same place. */
static void fn_convert(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_convert";
    unsigned flags = 0;
    vpc_code code;
    char text[VPC_CODE_BUFSIZE];

    if (any_null(argc, argv))
        return;
    const char *in = arg_text(ctx, fn, argv[0]);
    if (in == NULL || (argc > 1 && !arg_scheme(ctx, fn, argv[1], &flags)))
        return;
    vpc_status st = vpc_convert(db_of(ctx), in, flags, &code);
    if (st == VPC_OK)
        st = vpc_code_format(&code, 0, text, sizeof text);
    if (st == VPC_OK)
        sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
    else
        fail(ctx, fn, st);
}

/* vpc_normalize(text [, 'display']) -> the canonical (or display) form. */
static void fn_normalize(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_normalize";
    unsigned flags = 0;
    char text[VPC_CODE_BUFSIZE];

    if (any_null(argc, argv))
        return;
    const char *in = arg_text(ctx, fn, argv[0]);
    if (in == NULL)
        return;
    if (argc > 1) {
        const char *form = arg_text_kind(ctx, fn, argv[1], KIND_WORD);
        if (form == NULL)
            return;
        if (sqlite3_stricmp(form, "display") == 0)
            flags = VPC_FLAG_DISPLAY;
        else if (sqlite3_stricmp(form, "canonical") != 0) {
            fail_arg(ctx, fn, "the form is \"canonical\" or \"display\"");
            return;
        }
    }
    vpc_status st = vpc_code_normalize(in, flags, text, sizeof text, NULL);
    if (st == VPC_OK)
        sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
    else
        fail(ctx, fn, st);
}

/* vpc_is_valid(text) -> 1 if the text is a well-formed code (length,
 * characters, check character), else 0. */
static void fn_is_valid(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_code code;
    if (any_null(argc, argv))
        return;
    if (is_number(argv[0])) { /* a code is text: a number is not one */
        sqlite3_result_int(ctx, 0);
        return;
    }
    const char *in = arg_text(ctx, "vpc_is_valid", argv[0]);
    if (in != NULL)
        sqlite3_result_int(ctx, vpc_code_parse(in, &code, NULL) == VPC_OK);
}

/* The status as text, as every face writes it (docs/CONVENTIONS.md):
 * 'ok' for success, else the status's name. */
static const char *status_text(vpc_status st)
{
    return st == VPC_OK ? "ok" : vpc_status_name(st);
}

/* 1 if max_metres is a distance nearest-ward mode accepts. */
static int metres_ok(double m)
{
    return m >= 0 && m <= VPC_TERRITORY_METRES; /* false for NaN */
}

/* vpc_status(code), vpc_status(lat, lon) or vpc_status(lat, lon,
 * max_metres) -> the status of decoding the code, encoding the point, or
 * encoding it in nearest-ward mode: 'ok', 'VPC_W_OUTSIDE_WARD',
 * 'VPC_W_NEAREST_WARD', 'VPC_E_NO_WARD', ... Arguments that are not
 * numbers where numbers are due, a number for a code, or a distance out of
 * range give 'VPC_E_INVALID_ARGUMENT'. Never an error, but for a BLOB code
 * or a NUL byte. */
static void fn_status(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_status st;
    if (any_null(argc, argv))
        return;
    if (argc == 1) {
        vpc_cell cell;
        if (is_number(argv[0])) {
            st = VPC_E_INVALID_ARGUMENT;
        } else {
            const char *in = arg_text(ctx, "vpc_status", argv[0]);
            if (in == NULL)
                return;
            st = vpc_decode(db_of(ctx), in, &cell, NULL);
        }
    } else {
        vpc_code code;
        int numeric = 1;
        for (int i = 0; i < argc; i++) {
            int t = sqlite3_value_numeric_type(argv[i]);
            numeric = numeric && (t == SQLITE_INTEGER || t == SQLITE_FLOAT);
        }
        double lat = sqlite3_value_double(argv[0]), lon = sqlite3_value_double(argv[1]);
        if (!numeric)
            st = VPC_E_INVALID_ARGUMENT;
        else if (argc == 2)
            st = vpc_encode(db_of(ctx), lat, lon, 0, &code, NULL);
        else if (!metres_ok(sqlite3_value_double(argv[2])))
            st = VPC_E_INVALID_ARGUMENT;
        else
            st = vpc_encode_nearest(db_of(ctx), lat, lon, sqlite3_value_double(argv[2]), 0,
                                    &code, NULL, NULL);
    }
    sqlite3_result_text(ctx, status_text(st), -1, SQLITE_STATIC);
}

/* ---- nearest-ward mode (opt-in) ----------------------------------------- */

/* The arguments (lat, lon, max_metres) of a nearest-ward function; 0
 * after setting an error. */
static int nearest_args(sqlite3_context *ctx, const char *fn, sqlite3_value **argv,
                        double *lat, double *lon, double *max_metres)
{
    if (!arg_double(ctx, fn, "latitude", argv[0], lat) ||
        !arg_double(ctx, fn, "longitude", argv[1], lon) ||
        !arg_double(ctx, fn, "max_metres", argv[2], max_metres))
        return 0;
    if (!metres_ok(*max_metres)) {
        char *msg = sqlite3_mprintf("max_metres is a distance in metres from 0 to %.0f (%s)",
                                    VPC_TERRITORY_METRES,
                                    vpc_status_name(VPC_E_INVALID_ARGUMENT));
        fail_arg(ctx, fn, msg != NULL ? msg : "max_metres is out of range");
        sqlite3_free(msg);
        return 0;
    }
    return 1;
}

/* vpc_encode_nearest(lat, lon, max_metres [, options]) -> the code of the
 * point's ward, or if it is in none, of the nearest ward within max_metres
 * (the code of that ward's postal code and the point's own location; it
 * decodes with VPC_W_OUTSIDE_WARD); NULL if no ward is that near. */
static void fn_encode_nearest(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_encode_nearest";
    double lat, lon, max_metres;
    unsigned make = 0, format = 0;
    vpc_code code;
    char text[VPC_CODE_BUFSIZE];

    if (any_null(argc, argv) || !nearest_args(ctx, fn, argv, &lat, &lon, &max_metres))
        return;
    if (argc > 3 && !arg_options(ctx, fn, argv[3], &make, &format))
        return;
    vpc_status st = vpc_encode_nearest(db_of(ctx), lat, lon, max_metres, make, &code, NULL, NULL);
    if (st == VPC_OK || st == VPC_W_NEAREST_WARD)
        st = vpc_code_format(&code, format, text, sizeof text);
    if (st == VPC_OK)
        sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
    else if (!is_no_ward(st))
        fail(ctx, fn, st);
}

/* vpc_nearest_distance(lat, lon, max_metres) -> the distance in metres
 * from the point to the ward vpc_encode_nearest takes: 0 inside a ward;
 * NULL if no ward is within max_metres. */
static void fn_nearest_distance(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_nearest_distance";
    double lat, lon, max_metres, metres = 0;
    vpc_ward ward;

    if (any_null(argc, argv) || !nearest_args(ctx, fn, argv, &lat, &lon, &max_metres))
        return;
    vpc_status st = vpc_lookup_nearest(db_of(ctx), lat, lon, max_metres, &ward, &metres);
    if (st == VPC_OK)
        sqlite3_result_double(ctx, 0.0);
    else if (st == VPC_W_NEAREST_WARD)
        sqlite3_result_double(ctx, metres);
    else if (!is_no_ward(st))
        fail(ctx, fn, st);
}

/* ---- lists and shapes --------------------------------------------------- */

/* A JSON string: UTF-8 as it is, '"', '\\' and control characters escaped. */
static void json_string(sqlite3_str *out, const char *s)
{
    sqlite3_str_appendchar(out, 1, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            sqlite3_str_appendf(out, "\\%c", *p);
        else if (*p < 0x20)
            sqlite3_str_appendf(out, "\\u%04x", *p);
        else
            sqlite3_str_appendchar(out, 1, (char)*p);
    }
    sqlite3_str_appendchar(out, 1, '"');
}

/* Set the result to the text built in out (or the error it met). */
static void result_str(sqlite3_context *ctx, sqlite3_str *out)
{
    int rc = sqlite3_str_errcode(out);
    int n = sqlite3_str_length(out);
    char *text = sqlite3_str_finish(out);
    if (rc == SQLITE_TOOBIG)
        sqlite3_result_error_toobig(ctx);
    else if (rc != SQLITE_OK || text == NULL)
        sqlite3_result_error_nomem(ctx);
    else {
        sqlite3_result_text(ctx, text, n, sqlite3_free);
        return;
    }
    sqlite3_free(text);
}

/* vpc_provinces() -> a JSON array of every province, in GSO code order:
 * {"code":"01","name":"Thành phố Hà Nội","name_ascii":"Thanh pho Ha Noi",
 *  "postal_prefixes":["10","11",...],"wards":126}. */
static void fn_provinces(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const vpc_db *db = db_of(ctx);
    size_t np = vpc_province_count(db), nw = vpc_ward_count(db);
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    int first_province = 1;
    sqlite3_str_appendchar(out, 1, '[');
    for (size_t i = 0; i < np; i++) {
        vpc_province p;
        vpc_ward w;
        size_t count = 0;
        if (vpc_province_at(db, i, &p) != VPC_OK)
            continue;
        for (size_t k = 0; k < nw; k++)
            if (vpc_ward_at(db, k, &w) == VPC_OK && strcmp(w.province.code, p.code) == 0)
                count++;
        sqlite3_str_appendall(out, first_province ? "{\"code\":" : ",{\"code\":");
        first_province = 0;
        json_string(out, p.code);
        sqlite3_str_appendall(out, ",\"name\":");
        json_string(out, p.name);
        sqlite3_str_appendall(out, ",\"name_ascii\":");
        json_string(out, p.name_ascii);
        sqlite3_str_appendall(out, ",\"postal_prefixes\":[");
        const char *q = p.postal_prefixes;
        int first = 1;
        while (*q != '\0') {
            size_t n = strcspn(q, " ");
            if (n > 0) {
                sqlite3_str_appendf(out, "%s\"%.*s\"", first ? "" : ",", (int)n, q);
                first = 0;
            }
            q += n;
            q += strspn(q, " ");
        }
        sqlite3_str_appendf(out, "],\"wards\":%llu}", (unsigned long long)count);
    }
    sqlite3_str_appendchar(out, 1, ']');
    result_str(ctx, out);
}

/* The province code argument of fn; 0 with no result for an unknown
 * province (NULL, as for an unknown ward), -1 after an error. */
static int province_arg(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                        vpc_province *province, const char **code)
{
    *code = arg_text_kind(ctx, fn, v, KIND_PROVINCE);
    if (*code == NULL)
        return -1;
    return vpc_province_by_code(db_of(ctx), *code, province) == VPC_OK;
}

/* vpc_wards(province_code) -> a JSON array of the province's wards, in
 * GSO code order: {"code":"00070","postal_code":"11024","name":"Phường
 * Hoàn Kiếm","name_ascii":"Phuong Hoan Kiem","type":"phường"}; NULL for
 * an unknown province. */
static void fn_wards(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char *const types[] = {"", "phường", "xã", "đặc khu"};
    vpc_province p;
    const char *code;
    if (any_null(argc, argv) || province_arg(ctx, "vpc_wards", argv[0], &p, &code) != 1)
        return;
    const vpc_db *db = db_of(ctx);
    size_t nw = vpc_ward_count(db);
    int first = 1;
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    sqlite3_str_appendchar(out, 1, '[');
    for (size_t k = 0; k < nw; k++) {
        vpc_ward w;
        if (vpc_ward_at(db, k, &w) != VPC_OK || strcmp(w.province.code, p.code) != 0)
            continue;
        sqlite3_str_appendall(out, first ? "{\"code\":" : ",{\"code\":");
        first = 0;
        json_string(out, w.code);
        sqlite3_str_appendall(out, ",\"postal_code\":");
        json_string(out, w.postal_code);
        sqlite3_str_appendall(out, ",\"name\":");
        json_string(out, w.name);
        sqlite3_str_appendall(out, ",\"name_ascii\":");
        json_string(out, w.name_ascii);
        sqlite3_str_appendall(out, ",\"type\":");
        json_string(out, w.unit_type >= 1 && w.unit_type <= 3 ? types[w.unit_type] : "");
        sqlite3_str_appendchar(out, 1, '}');
    }
    sqlite3_str_appendchar(out, 1, ']');
    result_str(ctx, out);
}

/* Set the result to GeoJSON made by one of the library's sized writers
 * (asked once for the size, then into a buffer of that size). */
static void result_geojson(sqlite3_context *ctx, const char *fn,
                           vpc_status (*make)(const vpc_db *, const char *, char *, size_t,
                                              size_t *),
                           const char *code)
{
    size_t needed = 0;
    vpc_status st = make(db_of(ctx), code, NULL, 0, &needed);
    if (st != VPC_E_BUFFER_TOO_SMALL) {
        if (st == VPC_E_UNKNOWN_WARD || st == VPC_E_UNKNOWN_PROVINCE)
            return; /* NULL, as for the names of an unknown ward */
        fail(ctx, fn, st == VPC_OK ? VPC_E_BUFFER_TOO_SMALL : st);
        return;
    }
    char *buf = sqlite3_malloc64(needed);
    if (buf == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    st = make(db_of(ctx), code, buf, needed, NULL);
    if (st == VPC_OK)
        sqlite3_result_text64(ctx, buf, needed - 1, sqlite3_free, SQLITE_UTF8);
    else {
        sqlite3_free(buf);
        fail(ctx, fn, st);
    }
}

/* vpc_ward_geojson(gso_code) -> the ward's boundary as a GeoJSON Feature;
 * NULL for an unknown ward. */
static void fn_ward_geojson(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_ward_geojson";
    if (any_null(argc, argv))
        return;
    const char *code = arg_text_kind(ctx, fn, argv[0], KIND_WARD);
    if (code != NULL)
        result_geojson(ctx, fn, vpc_ward_geojson, code);
}

/* vpc_province_geojson(code) -> the province's wards as a GeoJSON
 * FeatureCollection; NULL for an unknown province. */
static void fn_province_geojson(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    static const char fn[] = "vpc_province_geojson";
    vpc_province p;
    const char *code;
    if (!any_null(argc, argv) && province_arg(ctx, fn, argv[0], &p, &code) == 1)
        result_geojson(ctx, fn, vpc_province_geojson, p.code);
}

/* vpc_database() -> the path of the database in use; vpc_version(). */
/* ---- addresses ------------------------------------------------------------ */

/* Read the address argument (and the point, if given) into *a; the
 * status, or -1 after setting an error (a BLOB, a NUL byte, a point that is
 * not numbers, a database without the lexicon). NULL arguments are checked
 * before. */
static int address_arg(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv,
                       vpc_address *a)
{
    const char *text = arg_text_kind(ctx, fn, argv[0], KIND_WORD);
    if (text == NULL)
        return -1;
    vpc_status st;
    if (argc >= 3) {
        double lat, lon;
        if (!arg_double(ctx, fn, "lat", argv[1], &lat) ||
            !arg_double(ctx, fn, "lon", argv[2], &lon))
            return -1;
        st = vpc_address_parse_at(db_of(ctx), text, lat, lon, 0, a, NULL);
    } else {
        st = vpc_address_parse(db_of(ctx), text, 0, a, NULL);
    }
    if (st == VPC_E_NO_LEXICON || st == VPC_E_DB_CORRUPT || st == VPC_E_NO_MEMORY) {
        fail(ctx, fn, st);
        return -1;
    }
    return (int)st;
}

/* vpc_address_ward(text [, lat, lon]) -> the current ward's GSO code, NULL
 * when the text names no single ward (vpc_address_status says why). */
static void fn_address_ward(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_address a;
    if (!any_null(argc, argv) && address_arg(ctx, "vpc_address_ward", argc, argv, &a) >= 0 &&
        a.ward.code[0] != '\0')
        sqlite3_result_text(ctx, a.ward.code, -1, SQLITE_TRANSIENT);
}

/* vpc_address_postal_code(text [, lat, lon]) -> the ward's postal code. */
static void fn_address_postal_code(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_address a;
    if (!any_null(argc, argv) &&
        address_arg(ctx, "vpc_address_postal_code", argc, argv, &a) >= 0 &&
        a.ward.code[0] != '\0')
        sqlite3_result_text(ctx, a.ward.postal_code, -1, SQLITE_TRANSIENT);
}

/* vpc_address_status(text [, lat, lon]) -> 'ok', 'VPC_E_ADDRESS_SPLIT',
 * 'VPC_E_ADDRESS_AMBIGUOUS', ... */
static void fn_address_status(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_address a;
    int st;
    if (any_null(argc, argv) || (st = address_arg(ctx, "vpc_address_status", argc, argv, &a)) < 0)
        return;
    sqlite3_result_text(ctx, st == VPC_OK ? "ok" : vpc_status_name((vpc_status)st), -1,
                        SQLITE_STATIC);
}

/* vpc_address_candidates(text) -> the GSO codes of every ward the text may
 * mean, joined by '|'; NULL when there is none. */
static void fn_address_candidates(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_address a;
    if (any_null(argc, argv) || address_arg(ctx, "vpc_address_candidates", argc, argv, &a) < 0 ||
        a.candidate_count == 0)
        return;
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    size_t n = a.candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? a.candidate_count
                                                              : VPC_ADDRESS_MAX_CANDIDATES;
    for (size_t i = 0; i < n; i++)
        sqlite3_str_appendf(out, "%s%s", i ? "|" : "", a.candidates[i]);
    result_str(ctx, out);
}

/* vpc_address_format(text [, 'ascii']) -> the address in the current form
 * ("40 Nhà Chung, Phường Hoàn Kiếm, Thành phố Hà Nội"); NULL when the text
 * names no single ward. */
static void fn_address_format(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_address a;
    unsigned flags = 0;
    if (any_null(argc, argv))
        return;
    if (argc == 2) {
        const char *opt = arg_text_kind(ctx, "vpc_address_format", argv[1], KIND_WORD);
        if (opt == NULL)
            return;
        if (sqlite3_stricmp(opt, "ascii") != 0) {
            fail_arg(ctx, "vpc_address_format", "the second argument must be 'ascii'");
            return;
        }
        flags = VPC_FLAG_ASCII;
    }
    if (address_arg(ctx, "vpc_address_format", 1, argv, &a) < 0 || a.ward.code[0] == '\0')
        return;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    size_t size = strlen(text) + 2 * VPC_NAME_BUFSIZE + 8;
    char *buf = sqlite3_malloc64(size);
    if (buf == NULL) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (vpc_address_format(&a, text, flags, buf, size) == VPC_OK)
        sqlite3_result_text(ctx, buf, -1, sqlite3_free);
    else
        sqlite3_free(buf);
}

/* vpc_ward_search(query [, province_code]) -> a JSON array of the best 10
 * current wards and provinces for the query, best first:
 * {"kind":"ward","code":"00070","postal_code":"11024","name":"Phường Hoàn
 * Kiếm","province_code":"01","province":"Thành phố Hà Nội","score":1.0}. */
static void fn_ward_search(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_search_hit hits[10];
    size_t n = 0;
    if (any_null(argc, argv))
        return;
    const char *q = arg_text_kind(ctx, "vpc_ward_search", argv[0], KIND_WORD);
    const char *prov = argc == 2 ? arg_text_kind(ctx, "vpc_ward_search", argv[1], KIND_PROVINCE)
                                 : NULL;
    if (q == NULL || (argc == 2 && prov == NULL))
        return;
    vpc_status st = vpc_ward_search(db_of(ctx), q, prov, 0, hits, 10, &n);
    if (st == VPC_E_UNKNOWN_PROVINCE)
        return; /* NULL, as for an unknown ward */
    if (st != VPC_OK && st != VPC_E_ADDRESS_EMPTY) {
        fail(ctx, "vpc_ward_search", st);
        return;
    }
    if (st != VPC_OK)
        n = 0;
    sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    sqlite3_str_appendchar(out, 1, '[');
    for (size_t i = 0; i < n && i < 10; i++) {
        sqlite3_str_appendf(out, "%s{\"kind\":\"%s\",\"code\":", i ? "," : "",
                            hits[i].kind == VPC_SEARCH_WARD ? "ward" : "province");
        json_string(out, hits[i].code);
        sqlite3_str_appendall(out, ",\"postal_code\":");
        json_string(out, hits[i].postal_code);
        sqlite3_str_appendall(out, ",\"name\":");
        json_string(out, hits[i].name);
        sqlite3_str_appendall(out, ",\"province_code\":");
        json_string(out, hits[i].province_code);
        sqlite3_str_appendall(out, ",\"province\":");
        json_string(out, hits[i].province_name);
        sqlite3_str_appendf(out, ",\"score\":%.3f}", hits[i].score);
    }
    sqlite3_str_appendchar(out, 1, ']');
    result_str(ctx, out);
}

static void fn_database(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, vpc_db_path(db_of(ctx)), -1, SQLITE_TRANSIENT);
}

static void fn_version(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_text(ctx, vpc_version(), -1, SQLITE_STATIC);
}

/* ---- registration ------------------------------------------------------- */

typedef struct function_def {
    const char *name;
    int nargs;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} function_def;

static const function_def functions[] = {
    {"vpc_encode", 2, fn_encode},           {"vpc_encode", 3, fn_encode},
    {"vpc_decode_lat", 1, fn_decode_lat},   {"vpc_decode_lon", 1, fn_decode_lon},
    {"vpc_cell", 1, fn_cell},               {"vpc_cell_wkt", 1, fn_cell_wkt},
    {"vpc_ward", 1, fn_ward},               {"vpc_ward", 2, fn_ward},
    {"vpc_postal_code", 1, fn_postal_code}, {"vpc_postal_code", 2, fn_postal_code},
    {"vpc_ward_name", 1, fn_ward_name},     {"vpc_province_name", 1, fn_province_name},
    {"vpc_convert", 1, fn_convert},         {"vpc_convert", 2, fn_convert},
    {"vpc_normalize", 1, fn_normalize},     {"vpc_normalize", 2, fn_normalize},
    {"vpc_is_valid", 1, fn_is_valid},       {"vpc_status", 1, fn_status},
    {"vpc_status", 2, fn_status},           {"vpc_status", 3, fn_status},
    {"vpc_database", 0, fn_database},       {"vpc_version", 0, fn_version},
    {"vpc_encode_nearest", 3, fn_encode_nearest},
    {"vpc_encode_nearest", 4, fn_encode_nearest},
    {"vpc_nearest_distance", 3, fn_nearest_distance},
    {"vpc_provinces", 0, fn_provinces},     {"vpc_wards", 1, fn_wards},
    {"vpc_ward_geojson", 1, fn_ward_geojson},
    {"vpc_province_geojson", 1, fn_province_geojson},
    {"vpc_address_ward", 1, fn_address_ward},
    {"vpc_address_ward", 3, fn_address_ward},
    {"vpc_address_postal_code", 1, fn_address_postal_code},
    {"vpc_address_postal_code", 3, fn_address_postal_code},
    {"vpc_address_status", 1, fn_address_status},
    {"vpc_address_status", 3, fn_address_status},
    {"vpc_address_candidates", 1, fn_address_candidates},
    {"vpc_address_format", 1, fn_address_format},
    {"vpc_address_format", 2, fn_address_format},
    {"vpc_ward_search", 1, fn_ward_search},
    {"vpc_ward_search", 2, fn_ward_search},
};

/* ---- pairing with the connection's database -------------------------------- */

/* The build_id of the connection's main database if it is a vpostcode
 * SQLite database (a table metadata holding that key), or NULL: any other
 * database, or none. Freed with sqlite3_free. */
static char *main_build_id(sqlite3 *sql)
{
    sqlite3_stmt *st = NULL;
    char *id = NULL;
    int has = sqlite3_prepare_v2(sql, "SELECT 1 FROM main.sqlite_master WHERE type = 'table'"
                                      " AND name = 'metadata'", -1, &st, NULL) == SQLITE_OK &&
              sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    st = NULL;
    if (has && sqlite3_prepare_v2(sql, "SELECT value FROM main.metadata WHERE key = 'build_id'",
                                  -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
        id = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return id;
}

/* The runtime file's build_id ("" if it has none). */
static const char *runtime_build_id(const vpc_db *db)
{
    for (size_t i = 0; i < vpc_db_metadata_count(db); i++) {
        const char *k, *v;
        if (vpc_db_metadata(db, i, &k, &v) == VPC_OK && strcmp(k, "build_id") == 0)
            return v;
    }
    return "";
}

/* The runtime file the library opened for path (vpc_runtime_path), in
 * memory from sqlite3_malloc; NULL if out of memory. */
static char *runtime_name(const char *path)
{
    size_t needed = 0;
    if (vpc_runtime_path(path, NULL, 0, &needed) != VPC_E_BUFFER_TOO_SMALL)
        return NULL;
    char *r = sqlite3_malloc64(needed);
    if (r != NULL && vpc_runtime_path(path, r, needed, NULL) != VPC_OK) {
        sqlite3_free(r);
        r = NULL;
    }
    return r;
}

/* NULL if the connection's database and the runtime file agree (or the
 * database is not a vpostcode one), else the message for the failed load. */
static char *pairing_error(sqlite3 *sql, const vpc_db *db)
{
    char *id = main_build_id(sql);
    if (id == NULL)
        return NULL;
    const char *rid = runtime_build_id(db);
    char *msg = NULL;
    if (strcmp(id, rid) != 0) {
        const char *main_file = sqlite3_db_filename(sql, "main");
        char *runtime = runtime_name(vpc_db_path(db));
        msg = sqlite3_mprintf("vpostcode: the runtime file %s was not built from this connection's "
                              "database %s (build_id %s in the runtime file, %s in the database): "
                              "the SQL functions would answer from other data than its tables; "
                              "build the runtime file again with 'make' (vpc-pack), or set "
                              "VPOSTCODE_DB to the runtime file built from this database (%s)",
                              runtime ? runtime : vpc_db_path(db),
                              main_file && *main_file ? main_file : "(main)", *rid ? rid : "none",
                              id, vpc_status_name(VPC_E_DB_STALE));
        sqlite3_free(runtime);
    }
    sqlite3_free(id);
    return msg;
}

/* The entry point SQLite derives from the file name "vpostcode". */
VPC_SQL_EXPORT int sqlite3_vpostcode_init(sqlite3 *sql, char **pzErrMsg,
                                          const sqlite3_api_routines *pApi);

VPC_SQL_EXPORT int sqlite3_vpostcode_init(sqlite3 *sql, char **pzErrMsg,
                                          const sqlite3_api_routines *pApi)
{
    SQLITE_EXTENSION_INIT2(pApi);
    vpc_sql *s = sqlite3_malloc(sizeof *s);
    if (s == NULL)
        return SQLITE_NOMEM;
    s->refs = 1;
    vpc_status st = vpc_open(NULL, &s->db);
    if (st != VPC_OK) {
        if (pzErrMsg != NULL)
            *pzErrMsg = sqlite3_mprintf("vpostcode: cannot open %s: %s (%s); set VPOSTCODE_DB "
                                        "to the path of a database before loading the "
                                        "extension, or install one with 'make install'",
                                        vpc_default_db_path(), vpc_strerror(st),
                                        vpc_status_name(st));
        sqlite3_free(s);
        return SQLITE_ERROR;
    }
    char *stale = pairing_error(sql, s->db);
    if (stale != NULL) {
        if (pzErrMsg != NULL)
            *pzErrMsg = stale;
        else
            sqlite3_free(stale);
        vpc_close(s->db);
        sqlite3_free(s);
        return SQLITE_ERROR;
    }
    int rc = SQLITE_OK;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0] && rc == SQLITE_OK; i++) {
        s->refs++;
        rc = sqlite3_create_function_v2(sql, functions[i].name, functions[i].nargs,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC, s,
                                        functions[i].fn, NULL, NULL, release);
        /* On failure SQLite has already called release() for this one. */
    }
    release(s); /* the reference held while registering */
    if (rc != SQLITE_OK && pzErrMsg != NULL)
        *pzErrMsg = sqlite3_mprintf("vpostcode: cannot register the functions: %s",
                                    sqlite3_errstr(rc));
    return rc;
}
