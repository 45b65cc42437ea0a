/*
 * extension.c - libvpostcode as SQL functions: a loadable SQLite extension
 * (plain sqlite3 or SpatiaLite).
 *
 *   .load vpostcode            -- sqlite3 shell
 *   SELECT load_extension('vpostcode');
 *
 * The database of wards (vpc_default_db_path(): $VPOSTCODE_DB, else the
 * installed one) is opened once per connection when the extension loads;
 * loading fails with the library's message if it cannot be opened.
 *
 * Conventions, the same for every function: a NULL argument gives NULL;
 * an argument of the wrong kind, or any error of the library, is an SQL
 * error "FUNCTION: message (VPC_E_NAME)"; the functions that answer
 * "which ward holds this point" give NULL for a point in no ward
 * (VPC_E_NO_WARD, VPC_E_OUTSIDE_VIETNAM), and vpc_status() says why.
 * The reference is bindings/sqlite/README.md.
 */
#include <math.h>
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

/* The text of v, or NULL after setting an error: a BLOB, or text holding
 * a NUL byte (which C would silently cut short), is refused. */
static const char *arg_text(sqlite3_context *ctx, const char *fn, sqlite3_value *v)
{
    if (sqlite3_value_type(v) == SQLITE_BLOB) {
        fail_arg(ctx, fn, "a code must be text, not a BLOB");
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
    const char *p = arg_text(ctx, fn, v);
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
    const char *s = arg_text(ctx, fn, v);
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
    const char *code = arg_text(ctx, fn, v);
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
        const char *form = arg_text(ctx, fn, argv[1]);
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
    const char *in = arg_text(ctx, "vpc_is_valid", argv[0]);
    if (in != NULL)
        sqlite3_result_int(ctx, vpc_code_parse(in, &code, NULL) == VPC_OK);
}

/* vpc_status(code) or vpc_status(lat, lon) -> the status name of decoding
 * the code or encoding the point: 'VPC_OK', 'VPC_W_OUTSIDE_WARD',
 * 'VPC_E_NO_WARD', ... Never an error, but for a BLOB or a NUL byte. */
static void fn_status(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    vpc_status st;
    if (any_null(argc, argv))
        return;
    if (argc == 1) {
        vpc_cell cell;
        const char *in = arg_text(ctx, "vpc_status", argv[0]);
        if (in == NULL)
            return;
        st = vpc_decode(db_of(ctx), in, &cell, NULL);
    } else {
        int t0 = sqlite3_value_numeric_type(argv[0]);
        int t1 = sqlite3_value_numeric_type(argv[1]);
        vpc_code code;
        if ((t0 != SQLITE_INTEGER && t0 != SQLITE_FLOAT) ||
            (t1 != SQLITE_INTEGER && t1 != SQLITE_FLOAT))
            st = VPC_E_INVALID_ARGUMENT;
        else
            st = vpc_encode(db_of(ctx), sqlite3_value_double(argv[0]),
                            sqlite3_value_double(argv[1]), 0, &code, NULL);
    }
    sqlite3_result_text(ctx, vpc_status_name(st), -1, SQLITE_STATIC);
}

/* vpc_database() -> the path of the database in use; vpc_version(). */
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
    {"vpc_status", 2, fn_status},           {"vpc_database", 0, fn_database},
    {"vpc_version", 0, fn_version},
};

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
            *pzErrMsg = sqlite3_mprintf("vpostcode: cannot open %s: %s (%s)",
                                        vpc_default_db_path(), vpc_strerror(st),
                                        vpc_status_name(st));
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
