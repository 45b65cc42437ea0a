/*
 * vpostcode.c - the command-line face of libvpostcode: options, one input
 * or a whole file, and the exit status.
 *
 * Exit status: 0 success (every row, in batch mode), 1 the input (or some
 * rows) rejected, 2 usage error, 3 the database cannot be used.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_help(void)
{
    printf("Usage: vpostcode COMMAND [ARGS] [OPTIONS]\n"
           "       vpostcode COMMAND --input FILE|- [OPTIONS]     (batch)\n\n"
           "Vietnam's postal address codes: encode points, decode codes, find wards.\n\n"
           "Commands:\n");
    for (size_t i = 0; command_at(i) != NULL; i++)
        printf("  %-11s %s\n", command_at(i)->name, command_at(i)->usage);
    printf("  %-11s %s\n  %-11s %s\n  version\n", "geojson", "CODE", "info", "[--json]");
    printf("\nRun 'vpostcode COMMAND --help' for one command. See vpostcode(1).\n"
           "\nOptions:\n"
           "  --db PATH          database (default: $VPOSTCODE_DB, else the installed one)\n"
           "  --crs DEFINITION   input coordinates as X Y in this CRS (EPSG:3405, EPSG:32648, ...)\n"
           "  --long             long form codes;  --check-char  add the check character\n"
           "  --scheme S         decode/convert: read postal codes as current or legacy (pre-2025)\n"
           "  --json, --csv      output for programs (default: text);  --ascii  names without diacritics\n"
           "                     (in batch mode the output follows the input's format)\n"
           "  --zoom Z           tile zoom (tile);  --length N  OLC length (olc-encode)\n"
           "Batch:\n"
           "  --input FILE|-     read records from a file or standard input\n"
           "  --format F         csv, tsv or jsonl (default: from the file name or first line)\n"
           "  --lat-col C, --lon-col C, --code-col C   columns by name or number (from 1)\n"
           "  --no-header        CSV/TSV without a header line (columns by number)\n"
           "  --strict           stop at the first failed row\n"
           "  --threads N        worker threads (output order is kept)\n"
           "\nExit status: 0 success, 1 input rejected (or some rows failed),"
           " 2 usage error, 3 database problem.\n");
}

static int usage_error(const char *message, const char *arg)
{
    fprintf(stderr, "vpostcode: %s%s%s\nTry 'vpostcode --help'.\n", message, arg ? " " : "",
            arg ? arg : "");
    return EXIT_USAGE;
}

/* Options may come anywhere after the command, as --name value or
 * --name=value; the rest are positional arguments. */
static int parse_options(int argc, char **argv, options *o, char **pos, int *npos, int *help)
{
    static const struct { const char *name; int kind; } known[] = {
        {"--db", 1}, {"--crs", 1}, {"--zoom", 1}, {"--length", 1}, {"--input", 1},
        {"--format", 1}, {"--lat-col", 1}, {"--lon-col", 1}, {"--code-col", 1},
        {"--threads", 1}, {"--scheme", 1}, {"--long", 0}, {"--check-char", 0}, {"--json", 0}, {"--csv", 0},
        {"--ascii", 0}, {"--no-header", 0}, {"--strict", 0}, {"--help", 0}, {"-h", 0},
    };
    *npos = 0;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        if (arg[0] != '-' || arg[1] == '\0' || (arg[1] >= '0' && arg[1] <= '9') || arg[1] == '.') {
            pos[(*npos)++] = arg; /* "-" and negative numbers are arguments */
            continue;
        }
        char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        int k = -1;
        for (size_t j = 0; j < sizeof known / sizeof known[0]; j++)
            if (strlen(known[j].name) == len && strncmp(arg, known[j].name, len) == 0)
                k = (int)j;
        if (k < 0)
            return usage_error("unknown option", arg);
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
        if (!strcmp(name, "--db")) o->db_path = val;
        else if (!strcmp(name, "--crs")) o->crs = val;
        else if (!strcmp(name, "--input")) o->input = val;
        else if (!strcmp(name, "--lat-col")) o->lat_col = val;
        else if (!strcmp(name, "--lon-col")) o->lon_col = val;
        else if (!strcmp(name, "--code-col")) o->code_col = val;
        else if (!strcmp(name, "--long")) o->flags |= VPC_FLAG_LONG_FORM;
        else if (!strcmp(name, "--check-char")) o->flags |= VPC_FLAG_CHECK_CHAR;
        else if (!strcmp(name, "--json")) o->out = OUT_JSON;
        else if (!strcmp(name, "--csv")) o->out = OUT_CSV;
        else if (!strcmp(name, "--ascii")) o->ascii = 1;
        else if (!strcmp(name, "--no-header")) o->no_header = 1;
        else if (!strcmp(name, "--strict")) o->strict = 1;
        else if (!strcmp(name, "--help") || !strcmp(name, "-h")) *help = 1;
        else if (!strcmp(name, "--scheme")) {
            o->scheme = !strcmp(val, "current") ? VPC_FLAG_SCHEME_CURRENT
                      : !strcmp(val, "legacy") ? VPC_FLAG_SCHEME_LEGACY : 1u;
            if (o->scheme == 1u)
                return usage_error("--scheme takes current or legacy, not", val);
        } else if (!strcmp(name, "--format")) {
            o->format = !strcmp(val, "csv") ? IN_CSV : !strcmp(val, "tsv") ? IN_TSV
                      : !strcmp(val, "jsonl") ? IN_JSONL : IN_AUTO;
            if (o->format == IN_AUTO)
                return usage_error("--format takes csv, tsv or jsonl, not", val);
        } else {
            char *end;
            long v = strtol(val, &end, 10);
            int bad = *end != '\0' || end == val;
            if (!strcmp(name, "--zoom")) {
                /* Up to 22 a code's cell meets at most 4 tiles. */
                if (bad || v < 0 || v > 22)
                    return usage_error("--zoom takes 0 to 22, not", val);
                o->zoom = (int)v;
            } else if (!strcmp(name, "--length")) {
                if (bad || v < 2 || v > 15 || (v < 10 && v % 2 == 1))
                    return usage_error("--length takes 2, 4, 6, 8 or 10 to 15, not", val);
                o->length = (int)v;
            } else {
                if (bad || v < 1 || v > 64)
                    return usage_error("--threads takes 1 to 64, not", val);
                o->threads = (int)v;
            }
        }
    }
    return EXIT_OK;
}

static vpc_db *open_db(const options *o, int *status)
{
    vpc_db *db = NULL;
    vpc_status st = vpc_open(o->db_path, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "vpostcode: database %s: %s (%s)\n",
                o->db_path ? o->db_path : vpc_default_db_path(), vpc_strerror(st),
                vpc_status_name(st));
        *status = EXIT_DATABASE;
        return NULL;
    }
    return db;
}

static int run_info(const options *o)
{
    int status = EXIT_OK;
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    strbuf j = {0};
    if (o->out == OUT_JSON) {
        sb_puts(&j, "{\"path\":");
        json_put_string(&j, vpc_db_path(db));
        sb_puts(&j, ",\"library\":");
        json_put_string(&j, vpc_version());
    } else {
        printf("%-28s %s\n%-28s %s\n%-28s %zu\n", "path", vpc_db_path(db), "library",
               vpc_version(), "wards", vpc_ward_count(db));
    }
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
        fwrite(j.p, 1, j.len, stdout);
    }
    free(j.p);
    vpc_close(db);
    return EXIT_OK;
}

/* The cell and the ward of a code as one GeoJSON FeatureCollection. */
static int run_geojson(const options *o, const char *text)
{
    int status = EXIT_OK;
    vpc_cell cell;
    vpc_ward ward;
    size_t n1 = 0, n2 = 0;
    vpc_db *db = open_db(o, &status);
    if (db == NULL)
        return status;
    vpc_status st = vpc_decode(db, text, &cell, &ward);
    if (st != VPC_OK) {
        fprintf(stderr, "vpostcode: %s: %s (%s)\n", text, vpc_strerror(st), vpc_status_name(st));
        if (!vpc_is_warning(st)) {
            vpc_close(db);
            return EXIT_REJECTED;
        }
    }
    vpc_cell_geojson(&cell, NULL, 0, &n1);
    vpc_ward_geojson(db, ward.code, NULL, 0, &n2);
    char *a = malloc(n1), *b = malloc(n2);
    if (a && b && vpc_cell_geojson(&cell, a, n1, NULL) == VPC_OK &&
        vpc_ward_geojson(db, ward.code, b, n2, NULL) == VPC_OK)
        printf("{\"type\":\"FeatureCollection\",\"features\":[%s,%s]}\n", a, b);
    else
        status = EXIT_DATABASE;
    free(a);
    free(b);
    vpc_close(db);
    return status;
}

static int run_one(const command *c, const options *o, const vpc_db *db, char **pos)
{
    context cx = {o, db, NULL};
    result r;
    if (o->crs && vpc_crs_open(o->crs, &cx.crs) != VPC_OK)
        return usage_error("unknown coordinate reference system", o->crs);
    if (c->on_point)
        c->on_point(&cx, pos[0], pos[1], &r);
    else
        c->on_code(&cx, pos[0], &r);
    vpc_crs_close(cx.crs);
    if (strcmp(r.status, "BAD_NUMBER") == 0) {
        double unused;
        return usage_error("not a number:", cli_number(pos[0], &unused) ? pos[1] : pos[0]);
    }
    /* Text output shows answers; a failure goes to stderr, except for
     * validate, which exists to say what is wrong. */
    int show = !r.failed || o->out != OUT_TEXT || strcmp(c->name, "validate") == 0;
    if (show) {
        strbuf out = {0};
        write_result(&out, &r, o->out, 1);
        fwrite(out.p, 1, out.len, stdout);
        free(out.p);
        if (o->out == OUT_TEXT && strcmp(r.status, "ok") != 0)
            printf("%-14s %s\n", "status", r.status);
    }
    if (o->out == OUT_TEXT && strcmp(r.status, "ok") != 0 &&
        (!r.failed || strcmp(c->name, "validate") != 0)) {
        vpc_status st = VPC_OK;
        for (int k = 0; k < VPC_STATUS_COUNT; k++)
            if (strcmp(vpc_status_name((vpc_status)k), r.status) == 0)
                st = (vpc_status)k;
        fprintf(stderr, "vpostcode: %s: %s (%s)\n", c->name, vpc_strerror(st), r.status);
    }
    return r.failed ? EXIT_REJECTED : EXIT_OK;
}

/* The whole run after main's allocation: pos has room for every argument. */
static int run_command(int argc, char **argv, char **pos)
{
    options o;
    int npos = 0, help = 0;
    memset(&o, 0, sizeof o);
    o.length = 11;
    o.zoom = -1;
    if (argc < 2)
        return usage_error("a command is required", NULL);
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        print_help();
        return EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "version")) {
        printf("vpostcode %s (libvpostcode %s)\n", VPC_VERSION_STRING, vpc_version());
        return EXIT_OK;
    }
    int status = parse_options(argc - 2, argv + 2, &o, pos, &npos, &help);
    if (status != EXIT_OK)
        return status;

    if (!strcmp(name, "info") || !strcmp(name, "geojson")) {
        int want = !strcmp(name, "info") ? 0 : 1;
        if (help) {
            printf("Usage: vpostcode %s%s\n", name, want ? " CODE" : " [--json]");
            return EXIT_OK;
        }
        if (npos != want)
            return usage_error(want ? "geojson takes CODE" : "info takes no arguments", NULL);
        if (o.out == OUT_CSV)
            return usage_error("--csv does not apply to", name);
        return want ? run_geojson(&o, pos[0]) : run_info(&o);
    }
    const command *c = command_find(name);
    if (c == NULL)
        return usage_error("unknown command", name);
    if (help) {
        printf("Usage: vpostcode %s %s [OPTIONS]\n       vpostcode %s --input FILE|- [OPTIONS]\n\n%s\n",
               c->name, c->usage, c->name, c->help);
        return EXIT_OK;
    }
    if (!strcmp(c->name, "tile") && o.zoom < 0)
        return usage_error("tile needs --zoom Z", NULL);
    int want = c->on_point ? 2 : 1;
    if (o.input == NULL && npos != want)
        return usage_error(c->on_point ? "two numbers are needed:" : "one code is needed:", c->usage);
    if (o.input != NULL && npos != 0)
        return usage_error("--input replaces the arguments of", c->name);
    if (o.input != NULL && o.out != OUT_TEXT)
        return usage_error("--json and --csv do not apply to --input:", "the output follows the input's format");
    if (o.input == NULL && (o.threads || o.strict || o.no_header || o.lat_col || o.lon_col ||
                            o.code_col || o.format != IN_AUTO))
        return usage_error("batch options need --input, for", c->name);

    vpc_db *db = NULL;
    if (c->needs_db && (db = open_db(&o, &status)) == NULL)
        return status;
    status = o.input ? run_batch(c, &o, db) : run_one(c, &o, db, pos);
    vpc_close(db);
    return status;
}

int main(int argc, char **argv)
{
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    if (pos == NULL)
        return EXIT_DATABASE;
    int status = run_command(argc, argv, pos);
    free(pos);
    return status;
}
