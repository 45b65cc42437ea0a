/*
 * cli.h - the vpostcode tool's parts: options, results, records, batch.
 *
 * A command turns one input (a point, or a code) into a result: named
 * fields, written as text, JSON or CSV. In batch mode every record of the
 * input gets the same result fields added to it. All the answers come from
 * libvpostcode; the tool reads, writes and counts.
 */
#ifndef VPC_CLI_H
#define VPC_CLI_H

#include <stdio.h>

#include "strbuf.h"
#include "vpostcode.h"

/* Exit statuses (decisions.md rule 6): 4 is a well-formed code that does
 * not fit (validate: cell outside its ward, standard form for a long-form
 * ward), 5 output that could not be written. */
enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2, EXIT_DATABASE = 3, EXIT_MISFIT = 4,
       EXIT_OUTPUT = 5 };

typedef enum { OUT_TEXT, OUT_JSON, OUT_CSV } out_format;
typedef enum { IN_AUTO, IN_CSV, IN_TSV, IN_JSONL } in_format;

/* Everything the command line said. */
typedef struct options {
    const char *db_path;    /* --db */
    const char *crs;        /* --crs */
    unsigned flags;         /* VPC_FLAG_LONG_FORM, VPC_FLAG_CHECK_CHAR */
    unsigned scheme;        /* --scheme: VPC_FLAG_SCHEME_CURRENT or _LEGACY, or 0 */
    out_format out;         /* --json, --csv */
    int ascii;              /* --ascii */
    int zoom;               /* --zoom */
    int length;             /* --length (olc-encode) */
    const char *input;      /* --input FILE|- */
    in_format format;       /* --format */
    const char *lat_col, *lon_col, *code_col; /* by name or 1-based index */
    const char *address_col; /* --address-col */
    const char *at_lat, *at_lon, *at_code; /* address: --lat, --lon, --code */
    int address_default;    /* address: --default */
    int limit;              /* search: --limit */
    int no_header;          /* --no-header */
    int strict;             /* --strict */
    int threads;            /* --threads */
    char delimiter;         /* --delimiter: CSV input's separator, 0 for the default */
    double nearest;         /* --nearest, in metres; < 0 when not given */
    int number_kind;        /* ward: --postal (1) or --gso (2), 0 when not given */
    const char *ward;       /* geojson --ward */
    const char *province;   /* wards, geojson --province */
    int verify;             /* info --verify */
} options;

/* Read an option's value (name with its "--", val NULL for a flag) into
 * o: NULL, or what is wrong, with *arg the text to show after it (or
 * NULL). Options of the server's query parameters too. */
const char *option_apply(options *o, const char *name, const char *val, const char **arg);

/* A distance for --nearest: "200m", "1.5km" or metres, at most
 * VPC_TERRITORY_METRES; -1 if it is not one. */
double cli_distance(const char *text);

/* ---- results ---------------------------------------------------------- */

#define RESULT_MAX_FIELDS 24
#define RESULT_VALUE_SIZE 8192 /* room for a ward's 14 former communes, and for an
                                  address of VPC_ADDRESS_MAX_BYTES rewritten */

typedef struct result {
    int n;
    const char *name[RESULT_MAX_FIELDS];
    char value[RESULT_MAX_FIELDS][RESULT_VALUE_SIZE];
    const char *status;     /* "ok", a VPC_ status name, or a BAD_ input name */
    int failed;             /* the row counts as failed (warnings do not) */
    int keep;               /* text output: show the fields of a failed result
                               (an address's candidates, or its province) */
    char note[1024];        /* text output: what a failure means, for stderr
                               instead of the status's sentence ("" if none) */
} result;

void result_clear(result *r);
void result_add(result *r, const char *name, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void result_set_text(result *r, int i, const char *text); /* value i, no formatting */
void result_fail(result *r, const char *status);

/* The state a command needs: the database (NULL for the pure commands),
 * a CRS transformation when --crs is given (per thread). */
typedef struct context {
    const options *opt;
    const vpc_db *db;
    vpc_crs *crs;
} context;

/* A command's work on one input: from a point (two numbers as text) or
 * from a code. Fills r, status included. */
typedef void (*point_fn)(const context *cx, const char *a, const char *b, result *r);
typedef void (*code_fn)(const context *cx, const char *code, result *r);
/* From a text (an address) and, if not NULL, a point known to lie there:
 * lat and lon as text, or (lon NULL) a code. */
typedef void (*text_fn)(const context *cx, const char *text, const char *lat, const char *lon,
                        result *r);

typedef struct command {
    const char *name;
    point_fn on_point;      /* one of these three is set */
    code_fn on_code;
    text_fn on_text;
    int needs_db;
    const char *usage;
    const char *help;
} command;

/* A plain decimal number filling the whole text; 0 if it is not one. */
int cli_number(const char *text, double *out);

const command *command_find(const char *name);
const command *command_at(size_t i); /* NULL past the last */
/* The form of c that the options ask for (encode and lookup with --nearest
 * have a distance_m field, address with --json its spans): what batch mode
 * and run_one must use. */
const command *command_for(const command *c, const options *o);

/* The field names every result of a command has, in order (for headers). */
int command_fields(const command *c, const char **names, int max);

/* ---- output ------------------------------------------------------------ */

void write_result(strbuf *out, const result *r, out_format f, int header);
/* The result's members, then "status", closing the object: "a":"1",...}\n
 * names, if not NULL, replaces the field names. */
void write_json_members(strbuf *out, const result *r, const char *const *names);
void csv_put_field(strbuf *out, const char *s, char sep);
void json_put_string(strbuf *out, const char *s);
/* s as valid UTF-8: every invalid byte becomes U+FFFD. */
void sb_put_utf8(strbuf *out, const char *s);
/* The UTF-8 sequence at s: its code point and length in bytes (1 to 4), or
 * -1 and length 1 for a byte that starts no valid sequence. */
long utf8_decode(const char *s, int *len);
/* The 1-based character (code point) position of byte offset off in s; an
 * invalid byte counts as one character. */
size_t utf8_position(const char *s, size_t off);

/* ---- batch ------------------------------------------------------------- */

/* Batch mode on opt->input ("-": standard input) to standard output. */
int run_batch(const command *c, const options *opt, const vpc_db *db);

/* Batch mode on any input and output: records read from in, the output
 * written to out_fd with write(2), messages (and the closing summary) to
 * err. The counts are set on return. */
typedef struct batch_io {
    FILE *in;
    const char *in_label;   /* the input in messages ("the request body"), or NULL */
    int out_fd;
    FILE *err;
    int progress;           /* show progress on err */
    long rows, failed;      /* out: rows read, rows failed */
} batch_io;

int run_batch_io(const command *c, const options *opt, const vpc_db *db, batch_io *io);

/* ---- serve (serve.c) ---------------------------------------------------- */

/* `vpostcode serve` with its arguments (argv[0] is "serve"); the database
 * and the page's files when not given. */
int serve_main(int argc, char **argv, const char *default_db, const char *default_www);

#endif
