/*
 * vpostcode.c - the command-line face of libvpostcode: options, one input
 * or a whole file, and the exit status.
 *
 * Exit status: 0 success (every row, in batch mode), 1 the input (or some
 * rows) rejected, 2 usage error, 3 the database cannot be used, 4 a
 * well-formed code that does not fit (validate), 5 the output could not be
 * written.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* ---- which options each command takes --------------------------------------
 *
 * One table: the parser refuses an option that does not apply to the
 * command (wherever it stands on the line), and --help lists, for each
 * command, the options it takes. `commands` is the list of commands taking
 * the option ("*": all); an entry without one is a batch option, taken by
 * every command that reads records, with --input. */

#define POINT_COMMANDS " encode lookup olc-encode "
#define CODE_COMMANDS " decode convert validate ward tile normalize olc-decode "

static const struct {
    const char *name;
    int kind;               /* 1: takes a value */
    const char *commands;   /* " a b c ", "*", or NULL for a batch option */
    const char *arg, *help;
} known[] = {
    {"--db", 1, "*", "PATH", "the database (default: $VPOSTCODE_DB, else the installed one)"},
    {"--json", 0, POINT_COMMANDS CODE_COMMANDS " address search info provinces wards ", NULL,
     "one JSON object per result, on one line"},
    {"--csv", 0, POINT_COMMANDS CODE_COMMANDS " address search provinces wards ", NULL,
     "CSV: a header line, then one row per result"},
    {"--ascii", 0, " encode decode lookup validate ward address search provinces wards ", NULL,
     "ward, province and unit type names without diacritics"},
    {"--crs", 1, POINT_COMMANDS, "DEFINITION",
     "read the point as X Y (easting/longitude first) in this CRS: EPSG:3405, EPSG:32648, ..."},
    {"--nearest", 1, " encode lookup ", "DIST",
     "a point in no ward takes the nearest ward within DIST (200m, 1.5km; a plain number is\n"
     "metres; at most 22224 m): field distance_m, status VPC_W_NEAREST_WARD"},
    {"--long", 0, " encode ", NULL, "make the long form (16 characters)"},
    {"--check-char", 0, " encode decode convert normalize ", NULL,
     "add the check character (decode: to current_code)"},
    {"--scheme", 1, " decode convert address ", "S",
     "read the postal code (address: the text) as current or legacy (pre-2025) only"},
    {"--lat", 1, " address ", "LAT", "with --lon: a point at the address, to decide between wards"},
    {"--lon", 1, " address ", "LON", "the point's longitude"},
    {"--code", 1, " address ", "CODE", "a Vpostcode at the address, to decide between wards"},
    {"--default", 0, " address ", NULL,
     "a commune of before 2025 now divided between wards takes a default ward\n"
     "(status VPC_W_ADDRESS_DEFAULT) instead of VPC_E_ADDRESS_SPLIT"},
    {"--limit", 1, " search ", "N", "at most N hits, 1 to 100 (default 10)"},
    {"--postal", 0, " ward ", NULL, "the number is a postal code (current, else pre-2025)"},
    {"--gso", 0, " ward ", NULL, "the number is a GSO ward code"},
    {"--zoom", 1, " tile ", "Z", "tile zoom, 0 to 22 (required)"},
    {"--length", 1, " olc-encode ", "N", "code length: 2, 4, 6, 8 or 10 to 15 (default 11)"},
    {"--province", 1, " wards geojson search ", "CODE", "a province by GSO code (01)"},
    {"--ward", 1, " geojson ", "CODE", "a ward by GSO code (00070)"},
    {"--verify", 0, " info ", NULL, "check the whole runtime file: every section's checksum and every\n"
     "reference between sections"},
    {"--input", 1, NULL, "FILE|-", "read records from a file or standard input (batch mode)"},
    {"--format", 1, NULL, "F", "csv, tsv or jsonl (default: from the file name or first line)"},
    {"--lat-col", 1, NULL, "C", "the latitude (or X) column, by name or number from 1"},
    {"--lon-col", 1, NULL, "C", "the longitude (or Y) column"},
    {"--code-col", 1, NULL, "C", "the code column"},
    {"--address-col", 1, NULL, "C", "the address column (default: address, addr, dia_chi, diachi);\n"
     "--lat-col and --lon-col, or --code-col, give a point at each address"},
    {"--delimiter", 1, NULL, "C", "CSV input's field separator, one character: ';', '|', tab"},
    {"--no-header", 0, NULL, NULL, "CSV/TSV without a header line (columns by number)"},
    {"--strict", 0, NULL, NULL, "stop at the first failed row"},
    {"--threads", 1, NULL, "N", "worker threads, 1 to 64 (output order is kept)"},
    {"--help", 0, "*", NULL, "this help"},
    {"-h", 0, "*", NULL, NULL},
    {"--version", 0, "*", NULL, NULL},
};

#define NKNOWN (sizeof known / sizeof known[0])

/* The commands outside the table of commands.c. */
static const struct {
    const char *name, *usage, *help;
} specials[] = {
    {"geojson", "CODE | --ward CODE | --province CODE",
     "GeoJSON: a code's cell and its ward's boundary (one FeatureCollection), a ward's boundary\n"
     "(a Feature), or a province's wards (a FeatureCollection)."},
    {"provinces", "", "Every province: code, name, postal_prefixes, ward_count."},
    {"wards", "--province CODE", "The wards of a province: ward_code, postal_code, ward, type."},
    {"search", "TEXT",
     "Current wards and provinces by name, for forms and autocomplete: words in any order,\n"
     "prefixes, diacritics optional, small typos forgiven, former names counted; the best\n"
     "first: kind, code, postal_code, name, province_code, province, score, matched (the\n"
     "former name that matched)."},
    {"serve", "[--port N] [--listen ADDRESS] ...",
     "The HTTP API (JSON under /v1/, OpenAPI at /v1/openapi.json) and the map page at /,\n"
     "on 127.0.0.1:8080 by default ('vpostcode serve --help' for its options)."},
    {"info", "", "The database: path, the runtime file in use (its path, whether it is mapped,\n"
                 "its format version and size), library version, wards, whether the pre-2025\n"
                 "tables and the address lexicon are present, and its metadata (--json: licence\n"
                 "texts too). With --verify, the whole file is checked first (exit status 3 if\n"
                 "damaged)."},
};

#define NSPECIALS (sizeof specials / sizeof specials[0])

static int takes(size_t k, const char *cmd)
{
    const char *list = known[k].commands;
    if (list == NULL) { /* a batch option: the commands that read records */
        if (command_find(cmd) == NULL)
            return 0;
        const command *c = command_find(cmd);
        if (!strcmp(known[k].name, "--lat-col") || !strcmp(known[k].name, "--lon-col"))
            return c->on_point != NULL || c->on_text != NULL;
        if (!strcmp(known[k].name, "--code-col"))
            return c->on_code != NULL || c->on_text != NULL;
        if (!strcmp(known[k].name, "--address-col"))
            return c->on_text != NULL;
        return 1;
    }
    if (!strcmp(list, "*"))
        return 1;
    size_t n = strlen(cmd);
    for (const char *p = strstr(list, cmd); p != NULL; p = strstr(p + 1, cmd))
        if (p[-1] == ' ' && p[n] == ' ')
            return 1;
    return 0;
}

static void print_options(const char *cmd)
{
    int batch = 0;
    for (size_t k = 0; k < NKNOWN; k++) {
        if (known[k].help == NULL || !strcmp(known[k].commands ? known[k].commands : "", "*") ||
            (cmd != NULL && !takes(k, cmd)))
            continue;
        if (known[k].commands == NULL && !batch++)
            printf("Batch (with --input):\n");
        char left[40];
        snprintf(left, sizeof left, "%s%s%s", known[k].name, known[k].arg ? " " : "",
                 known[k].arg ? known[k].arg : "");
        printf("  %-20s ", left);
        for (const char *h = known[k].help; *h; h++) {
            if (*h == '\n')
                printf("\n%23s", "");
            else
                putchar(*h);
        }
        if (cmd == NULL && known[k].commands != NULL) { /* which commands, on one line */
            printf("\n%23s(", "");
            int space = 0, any = 0;
            for (const char *p = known[k].commands; *p; p++) {
                if (*p == ' ') {
                    space = 1;
                    continue;
                }
                if (space && any)
                    putchar(' ');
                putchar(*p);
                space = 0;
                any = 1;
            }
            putchar(')');
        }
        printf("\n");
    }
}

static const char conventions[] =
    "Options may come anywhere, before or after the command; an option that does not apply to\n"
    "the command is a usage error. Results are text (default), --json or --csv; status is `ok`\n"
    "or a status name (VPC_E_NO_WARD, AMBIGUOUS_NUMBER, ...); warnings (VPC_W_*) are successes.\n"
    "Positions are 1-based, in characters. Batch column names match in any case.\n"
    "\nExit status: 0 success; 1 input rejected (or some rows failed); 2 usage error;\n"
    "3 database problem; 4 a well-formed code that does not fit (validate: VPC_W_OUTSIDE_WARD,\n"
    "VPC_E_NEEDS_LONG_FORM); 5 the output could not be written.\n";

static void print_help(void)
{
    printf("Usage: vpostcode COMMAND [ARGS] [OPTIONS]\n"
           "       vpostcode COMMAND --input FILE|- [OPTIONS]     (batch)\n\n"
           "Vietnam's postal address codes: encode points, decode codes, find wards.\n\n"
           "Commands:\n");
    for (size_t i = 0; command_at(i) != NULL; i++)
        printf("  %-11s %s\n", command_at(i)->name, command_at(i)->usage);
    for (size_t i = 0; i < NSPECIALS; i++)
        printf(*specials[i].usage ? "  %-11s %s\n" : "  %s%s\n", specials[i].name, specials[i].usage);
    printf("  version\n\nRun 'vpostcode COMMAND --help' for one command. See vpostcode(1).\n"
           "\nOptions (the commands taking them in brackets):\n"
           "  --db PATH            the database (default: $VPOSTCODE_DB, else the installed one)\n");
    print_options(NULL);
    printf("\n%s", conventions);
}

static void print_command_help(const char *name, const char *usage, const char *help, int batch)
{
    printf("Usage: vpostcode %s%s%s [OPTIONS]\n", name, *usage ? " " : "", usage);
    if (batch)
        printf("       vpostcode %s --input FILE|- [OPTIONS]\n", name);
    printf("\n%s\n\nOptions:\n  --db PATH            the database (default: $VPOSTCODE_DB, else the"
           " installed one)\n", help);
    print_options(name);
    printf("\n%s", conventions);
}

/* Messages to stderr quote what was typed: as valid UTF-8, like all output. */
static void message(const char *a, const char *b, const char *c, const char *d)
{
    strbuf m = {0};
    const char *parts[4] = {a, b, c, d};
    for (int i = 0; i < 4; i++)
        if (parts[i] != NULL)
            sb_put_utf8(&m, parts[i]);
    if (m.len)
        fwrite(m.p, 1, m.len, stderr);
    free(m.p);
}

static int usage_error(const char *text, const char *arg)
{
    message("vpostcode: ", text, arg ? " " : "", arg);
    fputs("\nTry 'vpostcode --help'.\n", stderr);
    return EXIT_USAGE;
}

/* "200m", "1.5km", "500" (metres): the distance in metres, or -1. */
/* Options may come anywhere, before or after the command, as --name value
 * or --name=value; "--" ends them. The rest are positional arguments, the
 * command first. seen[k] is set for each option of known[] given. */
static int parse_options(int argc, char **argv, options *o, char **pos, int *npos, int *help,
                         unsigned char *seen)
{
    int only_args = 0;
    *npos = 0;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        if (only_args || arg[0] != '-' || arg[1] == '\0' || (arg[1] >= '0' && arg[1] <= '9') ||
            arg[1] == '.') {
            pos[(*npos)++] = arg; /* "-" and negative numbers are arguments */
            continue;
        }
        if (!strcmp(arg, "--")) {
            only_args = 1;
            continue;
        }
        char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        int k = -1;
        for (size_t j = 0; j < NKNOWN; j++)
            if (strlen(known[j].name) == len && strncmp(arg, known[j].name, len) == 0)
                k = (int)j;
        if (k < 0)
            return usage_error("unknown option", arg);
        seen[k] = 1;
        const char *name = known[k].name, *val = NULL;
        if (known[k].kind == 1) {
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return usage_error("missing value after", name);
        } else if (eq) {
            return usage_error("takes no value:", name);
        }
        const char *bad_arg = NULL;
        const char *bad = option_apply(o, name, val, &bad_arg);
        if (bad != NULL)
            return usage_error(bad, bad_arg);
        if (!strcmp(name, "--help") || !strcmp(name, "-h"))
            *help = 1;
        else if (!strcmp(name, "--version"))
            *help = 2;
    }
    return EXIT_OK;
}

/* ---- the database ------------------------------------------------------------ */

#if defined(VPC_BUILD_TOOLS_DIR) && defined(VPC_BUILD_DATABASE)
/* 1 if this program is the one in its build tree (tools/vpostcode, or the
 * real binary behind libtool's wrapper, tools/.libs/[lt-]vpostcode), not an
 * installed copy: then the build's database is a sensible default. */
static int running_uninstalled(void)
{
    char exe[PATH_MAX], dir[PATH_MAX];
    if (realpath("/proc/self/exe", exe) == NULL || realpath(VPC_BUILD_TOOLS_DIR, dir) == NULL)
        return 0;
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return 0;
    *slash = '\0';
    size_t n = strlen(dir);
    return strcmp(exe, dir) == 0 || (strncmp(exe, dir, n) == 0 && strcmp(exe + n, "/.libs") == 0);
}
#endif

/* --db, else $VPOSTCODE_DB, else the installed database; an uninstalled
 * tool whose installed database does not exist uses its build's. */
static const char *db_path(const options *o)
{
    if (o->db_path != NULL)
        return o->db_path;
    const char *path = vpc_default_db_path(); /* $VPOSTCODE_DB or the installed one */
    const char *env = getenv("VPOSTCODE_DB");
#if defined(VPC_BUILD_TOOLS_DIR) && defined(VPC_BUILD_DATABASE)
    if ((env == NULL || *env == '\0') && access(path, F_OK) != 0 && running_uninstalled())
        return VPC_BUILD_DATABASE;
#else
    (void)env;
#endif
    return path;
}

/* The runtime file that vpc_open uses for path (malloc'd; NULL if out of
 * memory): vpc_runtime_path. */
static char *runtime_file(const char *path)
{
    size_t needed = 0;
    if (vpc_runtime_path(path, NULL, 0, &needed) != VPC_E_BUFFER_TOO_SMALL)
        return NULL;
    char *r = malloc(needed);
    if (r != NULL && vpc_runtime_path(path, r, needed, NULL) != VPC_OK) {
        free(r);
        r = NULL;
    }
    return r;
}

static vpc_db *open_db(const options *o, int *status)
{
    vpc_db *db = NULL;
    const char *path = db_path(o);
    vpc_status st = vpc_open(path, &db);
    if (st == VPC_OK)
        return db;
    *status = EXIT_DATABASE;
    char *runtime = NULL;
    /* An SQLite database that exists: what failed is its runtime file. */
    if ((st == VPC_E_DB_NOT_FOUND || st == VPC_E_DB_STALE) && access(path, F_OK) == 0) {
        runtime = runtime_file(path);
        if (runtime != NULL && strcmp(runtime, path) == 0) {
            free(runtime);
            runtime = NULL;
        }
    }
    if (runtime != NULL && st == VPC_E_DB_NOT_FOUND) {
        fprintf(stderr, "vpostcode: database %s: the runtime file %s next to it is missing (%s)\n"
                        "Build it with 'make' (vpc-pack), or give a runtime file (.vpc) with --db.\n",
                path, runtime, vpc_status_name(st));
    } else if (runtime != NULL) {
        fprintf(stderr, "vpostcode: database %s: the runtime file %s is stale: it was built from"
                        " another database (%s)\nBuild it again with 'make' (vpc-pack).\n",
                path, runtime, vpc_status_name(st));
    } else {
        fprintf(stderr, "vpostcode: database %s: %s (%s)\n", path, vpc_strerror(st),
                vpc_status_name(st));
        if (st == VPC_E_DB_NOT_FOUND)
            fprintf(stderr, "Use --db PATH or set VPOSTCODE_DB, or install one with 'make install'.\n");
    }
    free(runtime);
    return NULL;
}

/* ---- the commands outside the table ------------------------------------------ */

/* The first error of a write to stdout (main reports it), ENOMEM when an
 * output buffer could not grow. */
static int write_errno;

static void put_out(const strbuf *b)
{
    if (b->len && fwrite(b->p, 1, b->len, stdout) != b->len && write_errno == 0)
        write_errno = errno ? errno : EIO;
    if (b->failed && write_errno == 0) /* the output would be incomplete */
        write_errno = ENOMEM;
}

/* Text to stdout, its error kept as put_out keeps it. */
static void put_text(const char *a, const char *b, const char *c)
{
    const char *parts[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        if (parts[i] != NULL && fputs(parts[i], stdout) == EOF && write_errno == 0)
            write_errno = errno ? errno : EIO;
}

/* The value of a metadata key, or NULL. */
static const char *metadata_value(const vpc_db *db, const char *key)
{
    for (size_t i = 0; i < vpc_db_metadata_count(db); i++) {
        const char *k, *v;
        if (vpc_db_metadata(db, i, &k, &v) == VPC_OK && strcmp(k, key) == 0)
            return v;
    }
    return NULL;
}

static int check_lexicon(const vpc_db *db, const char *name);
static int run_command_on(const command *c, size_t special, const options *opt, const char *name,
                          char **args, int nargs);

static int run_info(const options *o)
{
    int status = EXIT_OK;
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    if (o->verify) {
        vpc_status st = vpc_db_verify(db);
        if (st != VPC_OK) {
            fprintf(stderr, "vpostcode: database %s: the check of the whole file failed: %s (%s)\n",
                    vpc_db_path(db), vpc_strerror(st), vpc_status_name(st));
            vpc_close(db);
            return EXIT_DATABASE;
        }
    }
    char *runtime = runtime_file(vpc_db_path(db));
    struct stat sb;
    char size[32] = "unknown";
    if (runtime != NULL && stat(runtime, &sb) == 0)
        snprintf(size, sizeof size, "%lld", (long long)sb.st_size);
    const char *format = metadata_value(db, "runtime_format");
    const char *mapped = vpc_db_mapped(db) ? "yes" : "no (read into memory)";
    const char *legacy = vpc_has_legacy(db) ? "present (GPL-3.0 data)" : "absent";
    int lexicon = vpc_has_lexicon(db);
    const char *lexicon_text = lexicon == 2 ? "current + pre-2025" : lexicon == 1 ? "current"
                                                                                  : "none";
    strbuf j = {0};
    if (o->out == OUT_JSON) {
        sb_puts(&j, "{\"path\":");
        json_put_string(&j, vpc_db_path(db));
        sb_puts(&j, ",\"runtime_file\":");
        json_put_string(&j, runtime ? runtime : vpc_db_path(db));
        sb_puts(&j, ",\"mapped\":");
        json_put_string(&j, vpc_db_mapped(db) ? "yes" : "no");
        sb_puts(&j, ",\"file_size\":");
        json_put_string(&j, size);
        if (o->verify)
            sb_puts(&j, ",\"verified\":\"ok\"");
        sb_puts(&j, ",\"library\":");
        json_put_string(&j, vpc_version());
        sb_puts(&j, ",\"pre_2025_tables\":");
        json_put_string(&j, legacy);
        sb_puts(&j, ",\"address_lexicon\":");
        json_put_string(&j, lexicon_text);
    } else {
        printf("%-28s %s\n%-28s %s\n%-28s %s\n%-28s %s\n%-28s %s%s\n", "path", vpc_db_path(db),
               "runtime file", runtime ? runtime : vpc_db_path(db), "runtime file mapped", mapped,
               "runtime file format", format ? format : "unknown", "runtime file size", size,
               strcmp(size, "unknown") ? " bytes" : "");
        if (o->verify)
            printf("%-28s %s\n", "verified", "ok (every section's checksum and reference)");
        printf("%-28s %s\n%-28s %zu\n%-28s %s\n%-28s %s\n", "library", vpc_version(), "wards",
               vpc_ward_count(db), "pre-2025 tables", legacy, "address lexicon", lexicon_text);
    }
    free(runtime);
    for (size_t i = 0; i < vpc_db_metadata_count(db); i++) {
        const char *k, *v;
        if (vpc_db_metadata(db, i, &k, &v) != VPC_OK)
            continue;
        if (o->out == OUT_JSON) {
            sb_putc(&j, ',');
            json_put_string(&j, k);
            sb_putc(&j, ':');
            json_put_string(&j, v);
        } else if (strchr(v, '\n') == NULL) { /* licence texts: see --json */
            printf("%-28s %s\n", k, v);
        }
    }
    if (o->out == OUT_JSON) {
        sb_puts(&j, "}\n");
        put_out(&j);
    }
    free(j.p);
    vpc_close(db);
    return EXIT_OK;
}

/* value padded with spaces to width characters (code points). */
static void put_padded(strbuf *b, const char *value, size_t width)
{
    sb_put_utf8(b, value);
    size_t n = utf8_position(value, strlen(value)) - 1;
    for (; n < width; n++)
        sb_putc(b, ' ');
}

/* One row of a list (provinces, wards): text has the values on one line,
 * the given widths apart; JSON one object per line; CSV a header first. */
static void put_row(strbuf *b, const result *r, out_format f, int first, const size_t *widths)
{
    if (f != OUT_TEXT) {
        write_result(b, r, f, first);
        return;
    }
    for (int i = 0; i < r->n; i++) {
        if (i + 1 < r->n) {
            put_padded(b, r->value[i], widths[i]);
            sb_puts(b, "  ");
        } else {
            sb_put_utf8(b, r->value[i]);
        }
    }
    while (b->len > 0 && b->p[b->len - 1] == ' ') /* an empty last value */
        b->len--;
    sb_putc(b, '\n');
}

static int run_provinces(const options *o)
{
    int status = EXIT_OK;
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    size_t np = vpc_province_count(db), nw = vpc_ward_count(db);
    static const size_t widths[] = {2, 28, 16, 0};
    result *r = malloc(sizeof *r);
    strbuf b = {0};
    if (r == NULL) {
        vpc_close(db);
        return EXIT_DATABASE;
    }
    for (size_t i = 0; i < np; i++) {
        vpc_province p;
        if (vpc_province_at(db, i, &p) != VPC_OK)
            continue;
        size_t count = 0;
        for (size_t k = 0; k < nw; k++) {
            vpc_ward w;
            if (vpc_ward_at(db, k, &w) == VPC_OK && strcmp(w.province.code, p.code) == 0)
                count++;
        }
        result_clear(r);
        result_add(r, "code", "%s", p.code);
        result_add(r, "name", "%s", o->ascii ? p.name_ascii : p.name);
        result_add(r, "postal_prefixes", "%s", p.postal_prefixes);
        result_add(r, "ward_count", "%zu", count);
        put_row(&b, r, o->out, i == 0, widths);
    }
    put_out(&b);
    free(b.p);
    free(r);
    vpc_close(db);
    return EXIT_OK;
}

static int run_wards(const options *o)
{
    int status = EXIT_OK;
    vpc_province p;
    if (o->province == NULL)
        return usage_error("wards needs --province CODE (see 'vpostcode provinces')", NULL);
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    vpc_status st = vpc_province_by_code(db, o->province, &p);
    if (st != VPC_OK) {
        fprintf(stderr, "vpostcode: wards: %s: %s (%s)\n", o->province, vpc_strerror(st),
                vpc_status_name(st));
        vpc_close(db);
        return EXIT_REJECTED;
    }
    static const char *const types[] = {"", "phường", "xã", "đặc khu"};
    static const char *const types_ascii[] = {"", "phuong", "xa", "dac khu"};
    static const size_t widths[] = {5, 5, 28, 0};
    result *r = malloc(sizeof *r);
    strbuf b = {0};
    int first = 1;
    for (size_t k = 0; r != NULL && k < vpc_ward_count(db); k++) {
        vpc_ward w;
        if (vpc_ward_at(db, k, &w) != VPC_OK || strcmp(w.province.code, p.code) != 0)
            continue;
        result_clear(r);
        result_add(r, "ward_code", "%s", w.code);
        result_add(r, "postal_code", "%s", w.postal_code);
        result_add(r, "ward", "%s", o->ascii ? w.name_ascii : w.name);
        result_add(r, "type", "%s", (o->ascii ? types_ascii : types)[w.unit_type & 3]);
        put_row(&b, r, o->out, first, widths);
        first = 0;
    }
    put_out(&b);
    free(b.p);
    free(r);
    vpc_close(db);
    return r == NULL ? EXIT_DATABASE : EXIT_OK;
}

/* Wards and provinces by name, the best first: one row per hit. */
static int run_search(const options *o, const char *query)
{
    int status = EXIT_OK;
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    if ((status = check_lexicon(db, "search")) != EXIT_OK) {
        vpc_close(db);
        return status;
    }
    size_t max = o->limit > 0 ? (size_t)o->limit : 10, n = 0;
    vpc_search_hit *hits = malloc(max * sizeof *hits);
    result *r = malloc(sizeof *r);
    if (hits == NULL || r == NULL) {
        free(hits);
        free(r);
        vpc_close(db);
        return EXIT_DATABASE;
    }
    unsigned flags = o->ascii ? VPC_FLAG_ASCII : 0;
    vpc_status st = vpc_ward_search(db, query, o->province, flags, hits, max, &n);
    if (st != VPC_OK) {
        if (st == VPC_E_UNKNOWN_PROVINCE)
            message("vpostcode: search: --province ", o->province, ": ", vpc_strerror(st));
        else
            message("vpostcode: search: ", vpc_strerror(st), NULL, NULL);
        fprintf(stderr, " (%s)\n", vpc_status_name(st));
        status = EXIT_REJECTED;
    } else if (n == 0) {
        message("vpostcode: search: no ward or province matches ", query, NULL, NULL);
        fputc('\n', stderr);
        status = EXIT_REJECTED;
    }
    static const size_t widths[] = {8, 5, 5, 28, 2, 28, 5, 0};
    strbuf b = {0};
    for (size_t i = 0; i < n && i < max; i++) {
        const vpc_search_hit *h = &hits[i];
        result_clear(r);
        result_add(r, "kind", "%s", h->kind == VPC_SEARCH_PROVINCE ? "province" : "ward");
        result_add(r, "code", "%s", h->code);
        result_add(r, "postal_code", "%s", h->postal_code);
        result_add(r, "name", "%s", h->name);
        result_add(r, "province_code", "%s", h->province_code);
        result_add(r, "province", "%s", h->province_name);
        result_add(r, "score", "%.3f", h->score);
        result_add(r, "matched", "%s", h->matched);
        put_row(&b, r, o->out, i == 0, widths);
    }
    put_out(&b);
    free(b.p);
    free(r);
    free(hits);
    vpc_close(db);
    return status;
}

typedef vpc_status (*geojson_fn)(const vpc_db *, const char *, char *, size_t, size_t *);

/* A GeoJSON text of the library, in a buffer of the size it asks for. */
static char *make_geojson(geojson_fn fn, const vpc_db *db, const char *code, vpc_status *st)
{
    size_t n = 0;
    *st = fn(db, code, NULL, 0, &n);
    if (*st != VPC_OK && *st != VPC_E_BUFFER_TOO_SMALL)
        return NULL;
    char *p = malloc(n);
    if (p == NULL) {
        *st = VPC_E_NO_MEMORY;
        return NULL;
    }
    *st = fn(db, code, p, n, NULL);
    if (*st != VPC_OK) {
        free(p);
        return NULL;
    }
    return p;
}

/* The cell and the ward of a code as one GeoJSON FeatureCollection; or
 * with --ward a ward's Feature, with --province its wards. */
static int run_geojson(const options *o, const char *text)
{
    int status = EXIT_OK;
    vpc_cell cell;
    vpc_ward ward;
    size_t n1 = 0;
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    if (text == NULL) {
        vpc_status st;
        const char *code = o->ward ? o->ward : o->province;
        char *g = make_geojson(o->ward ? vpc_ward_geojson : vpc_province_geojson, db, code, &st);
        if (g == NULL) {
            fprintf(stderr, "vpostcode: geojson: %s: %s (%s)\n", code, vpc_strerror(st),
                    vpc_status_name(st));
            status = st == VPC_E_NO_MEMORY ? EXIT_DATABASE : EXIT_REJECTED;
        } else {
            put_text(g, "\n", NULL);
        }
        free(g);
        vpc_close(db);
        return status;
    }
    vpc_status st = vpc_decode(db, text, &cell, &ward);
    if (st != VPC_OK) {
        fprintf(stderr, "vpostcode: geojson: %s (%s)\n", vpc_strerror(st), vpc_status_name(st));
        if (!vpc_is_warning(st)) {
            vpc_close(db);
            return EXIT_REJECTED;
        }
    }
    vpc_cell_geojson(&cell, NULL, 0, &n1);
    char *a = malloc(n1), *b = make_geojson(vpc_ward_geojson, db, ward.code, &st);
    if (a && b && vpc_cell_geojson(&cell, a, n1, NULL) == VPC_OK) {
        put_text("{\"type\":\"FeatureCollection\",\"features\":[", a, ",");
        put_text(b, "]}\n", NULL);
    }
    else
        status = EXIT_DATABASE;
    free(a);
    free(b);
    vpc_close(db);
    return status;
}

/* ---- one input ------------------------------------------------------------------ */

/* The status a result's status name stands for (VPC_OK for the others). */
static vpc_status status_of(const char *name)
{
    for (int k = 0; k < VPC_STATUS_COUNT; k++)
        if (strcmp(vpc_status_name((vpc_status)k), name) == 0)
            return (vpc_status)k;
    return VPC_OK;
}

/* --crs takes x y, easting/longitude first: if the point failed and the
 * swapped one would not, the arguments were most likely lat lon. */
static void crs_hint(const command *c, const context *cx, char **pos, const result *r)
{
    vpc_status st = status_of(r->status);
    if (!r->failed || (st != VPC_E_TRANSFORM && st != VPC_E_OUTSIDE_VIETNAM && st != VPC_E_NO_WARD &&
                       st != VPC_E_LATITUDE_RANGE && st != VPC_E_LONGITUDE_RANGE))
        return;
    result *swapped = malloc(sizeof *swapped);
    if (swapped == NULL)
        return;
    c->on_point(cx, pos[1], pos[0], swapped);
    if (!swapped->failed)
        fprintf(stderr, "vpostcode: hint: --crs takes x y (easting or longitude first);"
                " %s %s would work\n", pos[1], pos[0]);
    else if (st == VPC_E_TRANSFORM)
        fprintf(stderr, "vpostcode: hint: --crs takes x y (easting or longitude first)\n");
    free(swapped);
}

static int run_one(const command *c, const options *o, const vpc_db *db, char **pos)
{
    context cx = {o, db, NULL};
    result *rp = malloc(sizeof *rp);
    if (rp == NULL)
        return EXIT_DATABASE;
    result *r = rp;
    if (o->crs && vpc_crs_open(o->crs, &cx.crs) != VPC_OK) {
        free(rp);
        return usage_error("unknown coordinate reference system", o->crs);
    }
    /* An address's point: --lat and --lon, or --code. */
    const char *at_a = o->at_code ? o->at_code : o->at_lat, *at_b = o->at_code ? NULL : o->at_lon;
    if (c->on_point)
        c->on_point(&cx, pos[0], pos[1], r);
    else if (c->on_code)
        c->on_code(&cx, pos[0], r);
    else
        c->on_text(&cx, pos[0], at_a, at_b, r);
    if (strcmp(r->status, "BAD_NUMBER") == 0) {
        double unused;
        const char *a = c->on_text ? at_a : pos[0], *b = c->on_text ? at_b : pos[1];
        vpc_crs_close(cx.crs);
        free(rp);
        return usage_error("not a number:", cli_number(a, &unused) ? b : a);
    }
    int validate = strcmp(c->name, "validate") == 0;
    /* Text output shows answers; a failure goes to stderr, except for
     * validate, which exists to say what is wrong. */
    int show = !r->failed || o->out != OUT_TEXT || validate || r->keep;
    if (show) {
        strbuf out = {0};
        write_result(&out, r, o->out, 1);
        if (o->out == OUT_TEXT && strcmp(r->status, "ok") != 0)
            sb_puts(&out, "status         "), sb_puts(&out, r->status), sb_putc(&out, '\n');
        put_out(&out);
        free(out.p);
    }
    if (o->out == OUT_TEXT && strcmp(r->status, "ok") != 0 && (!r->failed || !validate)) {
        if (r->note[0] != '\0') {
            message("vpostcode: ", c->name, ": ", r->note);
            fprintf(stderr, " (%s)\n", r->status);
        }
        else
            fprintf(stderr, "vpostcode: %s: %s (%s)\n", c->name, vpc_strerror(status_of(r->status)),
                    r->status);
    }
    if (o->crs && o->out == OUT_TEXT && c->on_point)
        crs_hint(c, &cx, pos, r);
    vpc_crs_close(cx.crs);
    int status = !r->failed ? EXIT_OK
               : validate && (status_of(r->status) == VPC_W_OUTSIDE_WARD ||
                              status_of(r->status) == VPC_E_NEEDS_LONG_FORM) ? EXIT_MISFIT
               : EXIT_REJECTED;
    free(rp);
    return status;
}

static int five_digits(const char *t)
{
    for (int i = 0; i < 5; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    return t[5] == '\0';
}

/* The whole run after main's allocation: pos has room for every argument. */
static int run_command(int argc, char **argv, char **pos)
{
    options o;
    int npos = 0, help = 0;
    unsigned char seen[NKNOWN] = {0};
    char joined[256];
    memset(&o, 0, sizeof o);
    o.length = 11;
    o.zoom = -1;
    o.nearest = -1;
    int status = parse_options(argc - 1, argv + 1, &o, pos, &npos, &help, seen);
    if (status != EXIT_OK)
        return status;
    const char *name = npos > 0 ? pos[0] : NULL;
    char **args = pos + 1;
    int nargs = npos > 0 ? npos - 1 : 0;
    if (name != NULL && !strcmp(name, "help")) { /* vpostcode help [COMMAND] */
        help = 1;
        name = nargs > 0 ? args[0] : NULL;
    }
    if (help == 2 || (name != NULL && !strcmp(name, "version"))) {
        printf("vpostcode %s (libvpostcode %s)\n", VPC_VERSION_STRING, vpc_version());
        return EXIT_OK;
    }
    if (name == NULL) {
        if (help) {
            print_help();
            return EXIT_OK;
        }
        return usage_error("a command is required", NULL);
    }
    const command *c = command_find(name);
    size_t special = NSPECIALS;
    for (size_t i = 0; i < NSPECIALS; i++)
        if (!strcmp(specials[i].name, name))
            special = i;
    if (c == NULL && special == NSPECIALS)
        return usage_error("unknown command", name);
    if (help) {
        if (c != NULL)
            print_command_help(c->name, c->usage, c->help, 1);
        else
            print_command_help(specials[special].name, specials[special].usage,
                               specials[special].help, 0);
        return EXIT_OK;
    }
    for (size_t k = 0; k < NKNOWN; k++) {
        if (!seen[k] || takes(k, name))
            continue;
        char message[96];
        snprintf(message, sizeof message, "option %s does not apply to", known[k].name);
        return usage_error(message, name);
    }
    if (o.input == NULL && (o.threads || o.strict || o.no_header || o.lat_col || o.lon_col ||
                            o.code_col || o.address_col || o.format != IN_AUTO || o.delimiter))
        return usage_error("batch options need --input, for", name);
    if (c != NULL && c->on_text != NULL) {
        if (o.input != NULL && (o.at_lat || o.at_lon || o.at_code))
            return usage_error("--lat, --lon and --code are for one address; with --input the"
                               " point is in columns: --lat-col and --lon-col, or --code-col", NULL);
        if ((o.at_lat != NULL) != (o.at_lon != NULL) || (o.lat_col != NULL) != (o.lon_col != NULL))
            return usage_error(o.input ? "--lat-col and --lon-col go together, for"
                                       : "--lat and --lon go together, for", name);
        if ((o.at_code && o.at_lat) || (o.code_col && o.lat_col))
            return usage_error(o.input ? "--code-col and --lat-col/--lon-col exclude each other, for"
                                       : "--code and --lat/--lon exclude each other, for", name);
    }

    /* The display form typed without quotes: "decode 11024 2RHX+FJJ" is two
     * arguments, taken as one code. */
    int one_code = (c != NULL && c->on_code != NULL && strcmp(name, "ward") != 0 &&
                    strcmp(name, "olc-decode") != 0) || !strcmp(name, "geojson");
    if (one_code && o.input == NULL && nargs == 2 && five_digits(args[0]) &&
        strlen(args[1]) < sizeof joined - 8) {
        snprintf(joined, sizeof joined, "%s %s", args[0], args[1]);
        args[0] = joined;
        nargs = 1;
    }

    /* An address or a search typed without quotes: its words, one text. */
    char *text = NULL;
    if (((c != NULL && c->on_text != NULL) || !strcmp(name, "search")) && nargs > 1) {
        size_t len = 0;
        for (int i = 0; i < nargs; i++)
            len += strlen(args[i]) + 1;
        if ((text = malloc(len)) == NULL)
            return EXIT_DATABASE;
        text[0] = '\0';
        for (int i = 0; i < nargs; i++)
            strcat(strcat(text, i ? " " : ""), args[i]);
        args[0] = text;
        nargs = 1;
    }
    status = run_command_on(c, special, &o, name, args, nargs);
    free(text);
    return status;
}

/* The lexicon that address and search need: exit status 3 without it. */
static int check_lexicon(const vpc_db *db, const char *name)
{
    if (vpc_has_lexicon(db) != 0)
        return EXIT_OK;
    fprintf(stderr, "vpostcode: %s: database %s has no address lexicon (%s): it was built without"
            " the lexicon tables; build it again with 'make' (geodata/build-db, vpc-pack)\n", name,
            vpc_db_path(db), vpc_status_name(VPC_E_NO_LEXICON));
    return EXIT_DATABASE;
}

/* run_command after the options: the command, its arguments. */
static int run_command_on(const command *c, size_t special, const options *opt, const char *name,
                          char **args, int nargs)
{
    int status = EXIT_OK;
    options o = *opt;
    if (special < NSPECIALS) {
        if (!strcmp(name, "search")) {
            if (nargs != 1)
                return usage_error("search needs the text to look for, e.g.", "\"hoan kiem\"");
            return run_search(&o, args[0]);
        }
        if (!strcmp(name, "geojson")) {
            int given = (nargs > 0) + (o.ward != NULL) + (o.province != NULL);
            if (given != 1 || nargs > 1)
                return usage_error(nargs > 1 ? "geojson takes one code (quote a code written with"
                                               " spaces: \"11024 2RHX+FJJ\")"
                                             : "geojson takes CODE, --ward CODE or --province CODE",
                                   NULL);
            return run_geojson(&o, nargs ? args[0] : NULL);
        }
        if (nargs != 0)
            return usage_error(name, "takes no arguments");
        if (!strcmp(name, "info"))
            return run_info(&o);
        return !strcmp(name, "provinces") ? run_provinces(&o) : run_wards(&o);
    }
    c = command_for(c, &o);
    if (!strcmp(c->name, "tile") && o.zoom < 0)
        return usage_error("tile needs --zoom Z", NULL);
    int want = c->on_point ? 2 : 1;
    if (c->on_text && o.input == NULL && nargs != 1)
        return usage_error("the address is needed, e.g.", "vpostcode address \"40 Nhà Chung,"
                           " Phường Hoàn Kiếm, Hà Nội\"");
    if (o.input == NULL && nargs != want) {
        if (c->on_point)
            return usage_error("two numbers are needed:", c->usage);
        return usage_error(nargs > 1 ? "one code is needed (quote a code written with spaces:"
                                       " \"11024 2RHX+FJJ\"):"
                                     : "one code is needed:",
                           c->usage);
    }
    if (o.input != NULL && nargs != 0)
        return usage_error("--input replaces the arguments of", c->name);

    vpc_db *db = NULL;
    if (c->needs_db && (db = open_db(&o, &status)) == NULL)
        return status;
    if (c->on_text != NULL && (status = check_lexicon(db, name)) != EXIT_OK) {
        vpc_close(db);
        return status;
    }
    status = o.input ? run_batch(c, &o, db) : run_one(c, &o, db, args);
    vpc_close(db);
    return status;
}

/* The map page's files: the installed ones, or an uninstalled tool's
 * source tree's. */
static const char *www_dir(void)
{
#if defined(VPC_BUILD_TOOLS_DIR) && defined(VPC_BUILD_WWW)
    if (access(VPC_WWW_DIR "/index.html", F_OK) != 0 && running_uninstalled())
        return VPC_BUILD_WWW;
#endif
    return VPC_WWW_DIR;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "serve") == 0) {
        options o;
        memset(&o, 0, sizeof o);
        return serve_main(argc - 1, argv + 1, db_path(&o), www_dir());
    }
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    if (pos == NULL)
        return EXIT_DATABASE;
    int status = run_command(argc, argv, pos);
    free(pos);
    /* Every write is checked here, at the end: stdio keeps the error of a
     * failed write (ferror), and the final flush and close report the
     * rest (a full disk, /dev/full, a closed pipe). */
    errno = 0;
    int failed = write_errno != 0, err = write_errno;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (!failed)
            err = errno;
        failed = 1;
    }
    if (fclose(stdout) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    if (failed && status != EXIT_OUTPUT) {
        fprintf(stderr, "vpostcode: cannot write the output: %s\n",
                err ? strerror(err) : "write error");
        status = EXIT_OUTPUT;
    }
    return status;
}
