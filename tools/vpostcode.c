/*
 * vpostcode.c - command-line face of libvpostcode.
 *
 * Thin over the public API: every answer it prints comes from a vpc_*
 * call. Exit status: 0 success, 1 the input was rejected (the message names
 * the vpc_status), 2 usage error, 3 the database cannot be used.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpostcode.h"

enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2, EXIT_DATABASE = 3 };

static const char *progname = "vpostcode";
static const char *db_path;   /* --db PATH; NULL: the default database */
static const char *crs_name;  /* --crs DEFINITION for input coordinates */

/* "vpostcode: MESSAGE [ARG]" and a hint, on stderr. */
static int usage_error(const char *message, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s\nTry '%s --help'.\n", progname, message,
            arg ? " " : "", arg ? arg : "", progname);
    return EXIT_USAGE;
}

static int rejected(vpc_status st, const char *what)
{
    fprintf(stderr, "%s: %s: %s (%s)\n", progname, what, vpc_strerror(st),
            vpc_status_name(st));
    return EXIT_REJECTED;
}

/* A whole argument as a finite decimal number, or a usage error. */
static int parse_number(const char *arg, const char *what, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (end == arg || *end != '\0' || errno == ERANGE) {
        fprintf(stderr, "%s: %s: '%s' is not a number\n", progname, what, arg);
        return 0;
    }
    *out = v;
    return 1;
}

static void print_cell(const vpc_cell *c)
{
    printf("centre  %.7f %.7f\n", c->lat, c->lon);
    printf("south   %.9f\nwest    %.9f\nnorth   %.9f\neast    %.9f\n",
           c->south, c->west, c->north, c->east);
}

static int cmd_olc_encode(int argc, char **argv)
{
    double lat, lon, len = 11;
    char buf[VPC_OLC_BUFSIZE];
    if (argc < 2 || argc > 3)
        return usage_error("olc-encode takes LAT LON [LENGTH]", NULL);
    if (!parse_number(argv[0], "latitude", &lat) ||
        !parse_number(argv[1], "longitude", &lon) ||
        (argc == 3 && !parse_number(argv[2], "length", &len)))
        return EXIT_USAGE;
    if (len != floor(len) || len < 0 || len > 99)
        return rejected(VPC_E_OLC_LENGTH, argv[2]);
    vpc_status st = vpc_olc_encode(lat, lon, (int)len, buf, sizeof buf);
    if (st != VPC_OK)
        return rejected(st, "olc-encode");
    puts(buf);
    return EXIT_OK;
}

static int cmd_olc_decode(int argc, char **argv)
{
    vpc_cell cell;
    if (argc != 1)
        return usage_error("olc-decode takes CODE", NULL);
    vpc_status st = vpc_olc_decode(argv[0], &cell);
    if (st != VPC_OK)
        return rejected(st, argv[0]);
    print_cell(&cell);
    return EXIT_OK;
}

/* Flags shared by the commands that write codes. */
static int parse_flags(int *argc, char **argv, unsigned allowed, unsigned *flags)
{
    static const struct { const char *name; unsigned flag; } names[] = {
        {"--long", VPC_FLAG_LONG_FORM},
        {"--check-char", VPC_FLAG_CHECK_CHAR},
        {"--no-check-char", VPC_FLAG_NO_CHECK_CHAR},
        {"--display", VPC_FLAG_DISPLAY},
    };
    int kept = 0;
    *flags = 0;
    for (int i = 0; i < *argc; i++) {
        int matched = 0;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            if (strcmp(argv[i], names[k].name) == 0 && (allowed & names[k].flag)) {
                *flags |= names[k].flag;
                matched = 1;
            }
        }
        if (!matched && strncmp(argv[i], "--", 2) == 0) {
            usage_error("unknown option", argv[i]);
            return 0;
        }
        if (!matched)
            argv[kept++] = argv[i];
    }
    *argc = kept;
    return 1;
}

static int cmd_make(int argc, char **argv)
{
    double lat, lon, rlat, rlon;
    unsigned flags;
    vpc_code code;
    char canon[VPC_CODE_BUFSIZE], display[VPC_CODE_BUFSIZE];

    if (!parse_flags(&argc, argv, VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR, &flags))
        return EXIT_USAGE;
    if (argc != 5)
        return usage_error("make takes POSTAL LAT LON REF_LAT REF_LON", NULL);
    if (!parse_number(argv[1], "latitude", &lat) ||
        !parse_number(argv[2], "longitude", &lon) ||
        !parse_number(argv[3], "reference latitude", &rlat) ||
        !parse_number(argv[4], "reference longitude", &rlon))
        return EXIT_USAGE;
    vpc_status st = vpc_code_make(argv[0], lat, lon, rlat, rlon, flags, &code);
    if (st == VPC_OK)
        st = vpc_code_format(&code, 0, canon, sizeof canon);
    if (st == VPC_OK)
        st = vpc_code_format(&code, VPC_FLAG_DISPLAY, display, sizeof display);
    if (st != VPC_OK)
        return rejected(st, "make");
    printf("code    %s\ndisplay %s\n", canon, display);
    return EXIT_OK;
}

static int report_parse_error(const char *text, vpc_status st, size_t pos)
{
    fprintf(stderr, "%s: '%s': %s (%s) at position %zu\n", progname, text,
            vpc_strerror(st), vpc_status_name(st), pos + 1);
    return EXIT_REJECTED;
}

static int cmd_locate(int argc, char **argv)
{
    double rlat, rlon;
    vpc_code code;
    vpc_cell cell;
    char olc[VPC_OLC_BUFSIZE];
    size_t pos = 0;

    if (argc != 3)
        return usage_error("locate takes CODE REF_LAT REF_LON", NULL);
    if (!parse_number(argv[1], "reference latitude", &rlat) ||
        !parse_number(argv[2], "reference longitude", &rlon))
        return EXIT_USAGE;
    vpc_status st = vpc_code_parse(argv[0], &code, &pos);
    if (st != VPC_OK)
        return report_parse_error(argv[0], st, pos);
    st = vpc_code_olc(&code, rlat, rlon, olc, sizeof olc);
    if (st == VPC_OK)
        st = vpc_code_locate(&code, rlat, rlon, &cell);
    if (st != VPC_OK)
        return rejected(st, argv[0]);
    printf("postal  %s\nolc     %s\n", code.postal, olc);
    print_cell(&cell);
    return EXIT_OK;
}

static int cmd_normalize(int argc, char **argv)
{
    unsigned flags;
    char out[VPC_CODE_BUFSIZE];
    size_t pos = 0;

    if (!parse_flags(&argc, argv,
                     VPC_FLAG_CHECK_CHAR | VPC_FLAG_NO_CHECK_CHAR | VPC_FLAG_DISPLAY,
                     &flags))
        return EXIT_USAGE;
    if (argc != 1)
        return usage_error("normalize takes CODE", NULL);
    vpc_status st = vpc_code_normalize(argv[0], flags, out, sizeof out, &pos);
    if (st == VPC_E_INVALID_ARGUMENT)
        return usage_error("--check-char and --no-check-char exclude each other", NULL);
    if (st != VPC_OK)
        return report_parse_error(argv[0], st, pos);
    puts(out);
    return EXIT_OK;
}

static int cmd_validate(int argc, char **argv)
{
    vpc_code code;
    size_t pos = 0;

    if (argc != 1)
        return usage_error("validate takes CODE", NULL);
    vpc_status st = vpc_code_parse(argv[0], &code, &pos);
    if (st != VPC_OK)
        return report_parse_error(argv[0], st, pos);
    printf("valid   %s%s%c (%s form%s)\n", code.postal, code.location, code.check,
           code.form == VPC_FORM_LONG ? "long" : "standard",
           code.check ? ", check character verified" : "");
    return EXIT_OK;
}

static vpc_db *open_db(void)
{
    vpc_db *db = NULL;
    vpc_status st = vpc_open(db_path, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: database %s: %s (%s)\n", progname,
                db_path ? db_path : vpc_default_db_path(), vpc_strerror(st), vpc_status_name(st));
        return NULL;
    }
    return db;
}

/* LAT LON arguments, in --crs coordinates when given (x y order then). */
static int point_args(char **argv, double *lat, double *lon, int *status)
{
    double a, b;
    *status = EXIT_USAGE;
    if (!parse_number(argv[0], crs_name ? "x" : "latitude", &a) ||
        !parse_number(argv[1], crs_name ? "y" : "longitude", &b))
        return 0;
    if (crs_name == NULL) {
        *lat = a;
        *lon = b;
        return 1;
    }
    vpc_crs *crs;
    vpc_status st = vpc_crs_open(crs_name, &crs);
    if (st != VPC_OK) {
        *status = usage_error("unknown coordinate reference system", crs_name);
        return 0;
    }
    st = vpc_crs_to_wgs84(crs, a, b, lat, lon);
    vpc_crs_close(crs);
    if (st != VPC_OK) {
        *status = rejected(st, "coordinates");
        return 0;
    }
    return 1;
}

static void print_ward(const vpc_ward *w)
{
    printf("ward     %s (GSO %s, postal code %s)\n", w->name, w->code, w->postal_code);
    printf("province %s (GSO %s)\n", w->province.name, w->province.code);
}

static int cmd_encode(int argc, char **argv)
{
    unsigned flags;
    double lat, lon;
    int status;
    vpc_code code;
    vpc_ward ward;
    char canon[VPC_CODE_BUFSIZE], display[VPC_CODE_BUFSIZE];

    if (!parse_flags(&argc, argv, VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR, &flags))
        return EXIT_USAGE;
    if (argc != 2)
        return usage_error("encode takes LAT LON", NULL);
    if (!point_args(argv, &lat, &lon, &status))
        return status;
    vpc_db *db = open_db();
    if (db == NULL)
        return EXIT_DATABASE;
    vpc_status st = vpc_encode(db, lat, lon, flags, &code, &ward);
    if (st == VPC_OK)
        st = vpc_code_format(&code, 0, canon, sizeof canon);
    if (st == VPC_OK)
        st = vpc_code_format(&code, VPC_FLAG_DISPLAY, display, sizeof display);
    vpc_close(db);
    if (st != VPC_OK)
        return rejected(st, "encode");
    printf("code     %s\ndisplay  %s\n", canon, display);
    print_ward(&ward);
    return EXIT_OK;
}

static int cmd_decode(int argc, char **argv)
{
    vpc_code code;
    vpc_cell cell;
    vpc_ward ward;
    size_t pos = 0;
    char olc[VPC_OLC_BUFSIZE];

    if (argc != 1)
        return usage_error("decode takes CODE", NULL);
    vpc_status st = vpc_code_parse(argv[0], &code, &pos);
    if (st != VPC_OK)
        return report_parse_error(argv[0], st, pos);
    vpc_db *db = open_db();
    if (db == NULL)
        return EXIT_DATABASE;
    st = vpc_decode_code(db, &code, &cell, &ward);
    vpc_close(db);
    if (st != VPC_OK && !vpc_is_warning(st))
        return rejected(st, argv[0]);
    if (vpc_code_olc(&code, ward.ref_lat, ward.ref_lon, olc, sizeof olc) != VPC_OK)
        olc[0] = '\0';
    print_ward(&ward);
    printf("olc      %s\n", olc);
    print_cell(&cell);
    if (vpc_is_warning(st))
        fprintf(stderr, "%s: %s: %s (%s)\n", progname, argv[0], vpc_strerror(st), vpc_status_name(st));
    return EXIT_OK;
}

static int cmd_lookup(int argc, char **argv)
{
    double lat, lon;
    int status;
    vpc_ward ward;
    if (argc != 2)
        return usage_error("lookup takes LAT LON", NULL);
    if (!point_args(argv, &lat, &lon, &status))
        return status;
    vpc_db *db = open_db();
    if (db == NULL)
        return EXIT_DATABASE;
    vpc_status st = vpc_lookup(db, lat, lon, &ward);
    vpc_close(db);
    if (st != VPC_OK)
        return rejected(st, "lookup");
    print_ward(&ward);
    return EXIT_OK;
}

static int cmd_ward(int argc, char **argv)
{
    vpc_ward ward;
    if (argc != 1)
        return usage_error("ward takes POSTAL_CODE or GSO_CODE", NULL);
    vpc_db *db = open_db();
    if (db == NULL)
        return EXIT_DATABASE;
    vpc_status st = vpc_ward_by_postal_code(db, argv[0], &ward);
    if (st == VPC_E_UNKNOWN_POSTAL_CODE)
        st = vpc_ward_by_code(db, argv[0], &ward);
    vpc_close(db);
    if (st != VPC_OK)
        return rejected(st, argv[0]);
    print_ward(&ward);
    printf("type     %s\nform     %s\nrefpoint %.6f %.6f\n",
           ward.unit_type == VPC_UNIT_WARD ? "phường" : ward.unit_type == VPC_UNIT_COMMUNE ? "xã" : "đặc khu",
           ward.long_form ? "long (16 characters)" : "standard (12 characters)", ward.ref_lat, ward.ref_lon);
    return EXIT_OK;
}

static int cmd_info(int argc, char **argv)
{
    (void)argv;
    if (argc != 0)
        return usage_error("info takes no arguments", NULL);
    vpc_db *db = open_db();
    if (db == NULL)
        return EXIT_DATABASE;
    printf("database %s\nlibrary  %s\nwards    %zu\n", vpc_db_path(db), vpc_version(), vpc_ward_count(db));
    for (size_t i = 0; i < vpc_db_metadata_count(db); i++) {
        const char *k, *v;
        if (vpc_db_metadata(db, i, &k, &v) == VPC_OK)
            printf("%-8s %s\n", k, v);
    }
    vpc_close(db);
    return EXIT_OK;
}

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"encode", cmd_encode, "LAT LON [--long] [--check-char]\n"
     "        the Vpostcode of a point, with its ward and province"},
    {"decode", cmd_decode, "CODE\n        the cell and ward of a code"},
    {"lookup", cmd_lookup, "LAT LON\n        the ward and province of a point"},
    {"ward", cmd_ward, "POSTAL_CODE|GSO_CODE\n        a ward by postal code or GSO code"},
    {"info", cmd_info, "\n        the database: path, counts, sources, licences"},
    {"make", cmd_make, "POSTAL LAT LON REF_LAT REF_LON [--long] [--check-char]\n"
     "        make the code of a point in the unit with postal code POSTAL and\n"
     "        reference point REF_LAT REF_LON"},
    {"locate", cmd_locate, "CODE REF_LAT REF_LON\n"
     "        the full OLC and cell of a code, recovered from the reference point"},
    {"validate", cmd_validate, "CODE\n        check a typed code, saying what is wrong"},
    {"normalize", cmd_normalize, "CODE [--display] [--check-char|--no-check-char]\n"
     "        canonical (or display) form of a typed code"},
    {"olc-encode", cmd_olc_encode, "LAT LON [LENGTH]\n        Open Location Code of a point (default length 11)"},
    {"olc-decode", cmd_olc_decode, "CODE\n        cell of a full Open Location Code"},
};

static void print_help(void)
{
    printf("Usage: %s COMMAND [ARGS]\n\nCommands:\n", progname);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %s %s\n", commands[i].name, commands[i].help);
    printf("  version\n        library version\n\n"
           "Options: --db PATH (default: $VPOSTCODE_DB, else the installed database),\n"
           "         --crs DEFINITION (input coordinates as X Y in that CRS, e.g. EPSG:3405).\n"
           "Exit status: 0 success, 1 input rejected, 2 usage error, 3 database problem.\n");
}

/* Take the options that hold for every command (--db, --crs) out of argv. */
static int global_options(int *argc, char **argv)
{
    int kept = 0;
    for (int i = 0; i < *argc; i++) {
        const char **target = strcmp(argv[i], "--db") == 0    ? &db_path
                              : strcmp(argv[i], "--crs") == 0 ? &crs_name
                                                              : NULL;
        if (target == NULL) {
            argv[kept++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            usage_error("missing value after", argv[i]);
            return 0;
        }
        *target = argv[++i];
    }
    *argc = kept;
    return 1;
}

int main(int argc, char **argv)
{
    if (!global_options(&argc, argv))
        return EXIT_USAGE;
    if (argc < 2)
        return usage_error("a command is required", NULL);
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_help();
        return EXIT_OK;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("vpostcode %s (header %s)\n", vpc_version(), VPC_VERSION_STRING);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    }
    return usage_error("unknown command", cmd);
}
