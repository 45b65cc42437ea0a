/*
 * batch.c - a command over every record of a CSV, TSV or JSON Lines file.
 *
 * Three kinds of thread share a fixed set of slots, so memory stays bounded
 * whatever the input's size: the reader cuts the input into slots of whole
 * records (it only looks for line ends, minding CSV quotes); workers split
 * fields, run the command and write each slot's output; the writer emits
 * slots strictly in input order and keeps the counts. With --threads N
 * there are N workers.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "records.h"

#define SLOT_BYTES (256 * 1024)   /* input per slot, in whole records; a longer
                                     record is rejected, never buffered whole */
#define MAX_FIELDS 4096
/* Stands for a record that was too long, in place of its text: compared by
 * address, so that no byte of any input can be taken for it. */
static const char too_long_record[1] = "";
#define MAX_STATUSES 48

typedef struct {
    const char *name[MAX_STATUSES];
    long count[MAX_STATUSES];
    int n;
    long rows, failed, warned;
} stats;

enum { SLOT_FREE, SLOT_FILLED, SLOT_WORKING, SLOT_DONE };

typedef struct {
    char *in;
    size_t in_len;
    strbuf out;           /* kept between uses of the slot */
    long seq;
    long first_line;      /* line number of the slot's first record */
    long long bytes_end;  /* input consumed once this slot is written */
    int state;
    int stopped;          /* --strict: a failed row ended the slot */
    int too_long;         /* the slot holds one record too long to keep */
    stats st;
} slot;

typedef struct {
    const command *cmd;
    const options *opt;
    const vpc_db *db;
    in_format fmt;
    char sep;
    int col_a, col_b;               /* CSV/TSV: 0-based columns */
    int ninput;                     /* CSV/TSV: fields in the header (or needed) */
    const char *key_a, *key_b;      /* JSONL: a member name given by the user */
    const char *const *names_a, *const *names_b; /* or the names to try */
    const char *fields[RESULT_MAX_FIELDS];
    char out_names[RESULT_MAX_FIELDS][40]; /* "vpc_" + field: the name written
                                              where the input has the field's
                                              own name (CSV/TSV: the header's
                                              names, settled at the start) */
    int nfields;

    FILE *in;
    long long in_size;              /* -1 when not a regular file */
    slot *slots;
    int nslots;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    long next_fill, next_work, next_write;
    int eof, abort;
    stats total;
    double started;
    int progress;
    int worker_error;
} batch;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count(stats *s, const char *status, int failed, int warned)
{
    s->rows++;
    s->failed += failed;
    s->warned += warned;
    if (!failed && !warned)
        return;
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->name[i], status) == 0) {
            s->count[i]++;
            return;
        }
    }
    if (s->n < MAX_STATUSES) {
        s->name[s->n] = status;
        s->count[s->n++] = 1;
    }
}

static void merge(stats *into, const stats *from)
{
    into->rows += from->rows;
    into->failed += from->failed;
    into->warned += from->warned;
    for (int i = 0; i < from->n; i++) {
        int j = 0;
        while (j < into->n && strcmp(into->name[j], from->name[i]) != 0)
            j++;
        if (j == into->n) {
            if (into->n == MAX_STATUSES)
                continue;
            into->name[into->n] = from->name[i];
            into->count[into->n++] = 0;
        }
        into->count[j] += from->count[i];
    }
}

/* ---- one record ----------------------------------------------------------- */

static void empty_result(const batch *b, result *r, const char *status)
{
    result_clear(r);
    for (int i = 0; i < b->nfields; i++)
        result_add(r, b->fields[i], "%s", "");
    result_fail(r, status);
}

static void write_row(const batch *b, strbuf *out, const char *rec, size_t len, const result *r)
{
    if (b->fmt == IN_JSONL) {
        size_t end = len;
        while (end > 0 && isspace((unsigned char)rec[end - 1]))
            end--;
        if (end > 0 && rec[end - 1] == '}' && strcmp(r->status, "MALFORMED_RECORD") != 0) {
            sb_put(out, rec, end - 1);
            if (!jsonl_is_empty_object(rec, end))
                sb_putc(out, ',');
        } else {
            sb_putc(out, '{'); /* not an object: the output row stands alone */
        }
        const char *names[RESULT_MAX_FIELDS];
        for (int i = 0; i < r->n; i++) {
            char value[40];
            /* Do not give the object a second member of the same name. */
            names[i] = jsonl_get(rec, len, r->name[i], value, sizeof value) == JSONL_FOUND
                           ? b->out_names[i]
                           : r->name[i];
        }
        write_json_members(out, r, names);
        return;
    }
    if (rec == too_long_record || strcmp(r->status, "MALFORMED_RECORD") == 0) {
        /* Keep the output well formed and its columns in line: a broken
         * record goes out whole in its first column, quoted. */
        if (rec != too_long_record) {
            char *copy = malloc(len + 1);
            if (copy != NULL) {
                memcpy(copy, rec, len);
                copy[len] = '\0';
                csv_put_field(out, copy, b->sep);
                free(copy);
            }
        }
        for (int i = 1; i < b->ninput; i++)
            sb_putc(out, b->sep);
    } else {
        sb_put(out, rec, len);
    }
    for (int i = 0; i < r->n; i++) {
        sb_putc(out, b->sep);
        csv_put_field(out, r->value[i], b->sep);
    }
    sb_putc(out, b->sep);
    sb_puts(out, r->status);
    sb_putc(out, '\n');
}

/* The value of a member: the one named, or the first of the names to try. */
static int jsonl_member(const char *rec, size_t len, const char *key, const char *const *names,
                        char *out, size_t outsize)
{
    if (key != NULL)
        return jsonl_get(rec, len, key, out, outsize) == JSONL_FOUND;
    for (int i = 0; names[i] != NULL; i++)
        if (jsonl_get(rec, len, names[i], out, outsize) == JSONL_FOUND)
            return 1;
    return 0;
}

/* Run the command on one record and write its output row; 1 if it failed. */
static int do_record(const batch *b, const context *cx, const char *rec, size_t len,
                     strbuf *out, stats *st, char *buf, char **fields)
{
    result r;
    char a[256], v[256];
    const char *pa = NULL, *pb = NULL;

    if (rec == too_long_record) {
        empty_result(b, &r, "RECORD_TOO_LONG");
    } else if (b->fmt == IN_JSONL) {
        int point = b->cmd->on_point != NULL;
        if (!jsonl_valid(rec, len)) {
            empty_result(b, &r, "MALFORMED_RECORD");
        } else if (!jsonl_member(rec, len, b->key_a, b->names_a, a, sizeof a) ||
                   (point && !jsonl_member(rec, len, b->key_b, b->names_b, v, sizeof v))) {
            empty_result(b, &r, "MISSING_FIELD");
        } else {
            pa = a;
            pb = point ? v : NULL;
        }
    } else {
        int n = rec_split(rec, len, b->sep, buf, fields, MAX_FIELDS);
        if (n < 0)
            empty_result(b, &r, "MALFORMED_RECORD");
        else if (b->col_a >= n || (b->cmd->on_point && b->col_b >= n))
            empty_result(b, &r, "MISSING_FIELD");
        else
            pa = fields[b->col_a], pb = b->cmd->on_point ? fields[b->col_b] : NULL;
    }
    if (pa != NULL) {
        if (b->cmd->on_point)
            b->cmd->on_point(cx, pa, pb, &r);
        else
            b->cmd->on_code(cx, pa, &r);
    }
    write_row(b, out, rec, len, &r);
    int warned = !r.failed && strcmp(r.status, "ok") != 0;
    count(st, r.status, r.failed, warned);
    return r.failed;
}

/* ---- threads ---------------------------------------------------------------- */

static void *worker(void *arg)
{
    batch *b = arg;
    context cx = {b->opt, b->db, NULL};
    char *buf = malloc(SLOT_BYTES + MAX_FIELDS + 16);
    char **fields = malloc(MAX_FIELDS * sizeof *fields);
    if (buf == NULL || fields == NULL || (b->opt->crs && vpc_crs_open(b->opt->crs, &cx.crs) != VPC_OK)) {
        pthread_mutex_lock(&b->mu);
        b->worker_error = 1;
        b->abort = 1;
        pthread_cond_broadcast(&b->changed);
        pthread_mutex_unlock(&b->mu);
        free(buf);
        free(fields);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&b->mu);
        slot *s = NULL;
        while (s == NULL) {
            for (int i = 0; i < b->nslots; i++)
                if (b->slots[i].state == SLOT_FILLED && b->slots[i].seq == b->next_work)
                    s = &b->slots[i];
            if (s != NULL || (b->eof && b->next_work == b->next_fill) || b->abort)
                break;
            pthread_cond_wait(&b->changed, &b->mu);
        }
        if (s == NULL) {
            pthread_mutex_unlock(&b->mu);
            break;
        }
        s->state = SLOT_WORKING;
        b->next_work++;
        pthread_mutex_unlock(&b->mu);

        s->out.len = 0;
        memset(&s->st, 0, sizeof s->st);
        s->stopped = 0;
        if (s->too_long &&
            do_record(b, &cx, too_long_record, 0, &s->out, &s->st, buf, fields) && b->opt->strict)
            s->stopped = 1;
        for (size_t i = 0; i < s->in_len;) {
            const char *rec = s->in + i;
            size_t end = rec_end(s->in, i, s->in_len, b->fmt == IN_CSV, b->sep);
            if (end == 0) /* a quoted field left open at the end of the input */
                end = s->in_len;
            size_t len = end - i - 1;
            i = end;
            if (len > 0 && rec[len - 1] == '\r')
                len--;
            size_t k = 0;
            while (k < len && (rec[k] == ' ' || rec[k] == '\t'))
                k++;
            if (k == len && (len == 0 || b->fmt == IN_JSONL))
                continue; /* blank line */
            if (do_record(b, &cx, rec, len, &s->out, &s->st, buf, fields) && b->opt->strict) {
                s->stopped = 1;
                break;
            }
        }
        pthread_mutex_lock(&b->mu);
        if (s->out.failed)
            b->worker_error = b->abort = 1;
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&b->changed);
        pthread_mutex_unlock(&b->mu);
    }
    vpc_crs_close(cx.crs);
    free(buf);
    free(fields);
    return NULL;
}

static void show_progress(batch *b, long long bytes, int final)
{
    double t = now() - b->started;
    long rows = b->total.rows;
    fprintf(stderr, "\r%12ld rows  %9.0f rows/s  %02d:%02d elapsed", rows, t > 0 ? rows / t : 0.0,
            (int)t / 60, (int)t % 60);
    if (b->in_size > 0 && bytes > 0 && !final) {
        double eta = t * (double)(b->in_size - bytes) / (double)bytes;
        fprintf(stderr, "  ETA %02d:%02d  %3.0f%%", (int)eta / 60, (int)eta % 60,
                100.0 * (double)bytes / (double)b->in_size);
    } else {
        fputs("                 ", stderr);
    }
    if (final)
        fputc('\n', stderr);
}

static void *writer(void *arg)
{
    batch *b = arg;
    double last = 0;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        slot *s = NULL;
        while (s == NULL) {
            for (int i = 0; i < b->nslots; i++)
                if (b->slots[i].state == SLOT_DONE && b->slots[i].seq == b->next_write)
                    s = &b->slots[i];
            if (s != NULL || (b->eof && b->next_write == b->next_fill) || b->worker_error)
                break;
            pthread_cond_wait(&b->changed, &b->mu);
        }
        pthread_mutex_unlock(&b->mu);
        if (s == NULL)
            break;
        if (s->out.len > 0)
            fwrite(s->out.p, 1, s->out.len, stdout);
        merge(&b->total, &s->st);
        int stop = s->stopped;
        if (b->progress && now() - last > 0.2) {
            show_progress(b, s->bytes_end, 0);
            last = now();
        }
        pthread_mutex_lock(&b->mu);
        s->state = SLOT_FREE;
        b->next_write++;
        if (stop)
            b->abort = 1;
        pthread_cond_broadcast(&b->changed);
        pthread_mutex_unlock(&b->mu);
        if (stop)
            break;
    }
    fflush(stdout);
    return NULL;
}

/* ---- reading ------------------------------------------------------------------- */

/* Length of the whole records at the start of buf[0..n): up to and
 * including the last line end that is not inside CSV quotes. */
static size_t whole_records(const batch *b, const char *buf, size_t n)
{
    size_t last = 0, end;
    while ((end = rec_end(buf, last, n, b->fmt == IN_CSV, b->sep)) != 0)
        last = end;
    return last;
}

/* Read the next slot's worth of whole records into s, carrying the partial
 * record at the end over in carry. Returns 0 at the end of the input. */
static int fill(batch *b, slot *s, char *carry, size_t *carry_len, long long *consumed)
{
    size_t n = *carry_len;
    memcpy(s->in, carry, n);
    while (n < SLOT_BYTES) {
        size_t got = fread(s->in + n, 1, SLOT_BYTES - n, b->in);
        if (got == 0)
            break;
        n += got;
    }
    if (n == 0)
        return 0;
    size_t whole = whole_records(b, s->in, n);
    if (whole == 0 && n < SLOT_BYTES) { /* the input's last record, no line end */
        s->in[n] = '\n';
        whole = n + 1;
        n = whole;
    } else if (whole == 0) {
        /* One record larger than a slot: skip it to its end, reading but
         * not keeping it (a line end inside CSV quotes does not end it),
         * and let the slot stand for it. */
        size_t total = n;
        csv_state q = CSV_STATE_START;
        int c, quoting = b->fmt == IN_CSV;
        for (size_t i = 0; i < n; i++)
            csv_step(&q, s->in[i], quoting, b->sep);
        while ((c = fgetc(b->in)) != EOF && !csv_step(&q, (char)c, quoting, b->sep))
            total++;
        *consumed += (long long)total + 1;
        s->too_long = 1;
        s->in_len = 0;
        *carry_len = 0;
        return 1;
    }
    s->too_long = 0;
    *carry_len = n - whole;
    memcpy(carry, s->in + whole, *carry_len);
    s->in_len = whole;
    *consumed += (long long)whole;
    return 1;
}

/* ---- columns and header ------------------------------------------------------- */

static const char *const lat_names[] = {"lat", "latitude", NULL};
static const char *const lon_names[] = {"lon", "lng", "long", "longitude", NULL};
static const char *const x_names[] = {"x", "easting", "e", NULL};   /* with --crs */
static const char *const y_names[] = {"y", "northing", "n", NULL};
static const char *const code_names[] = {"code", "vpostcode", "postcode", NULL};

/* A column given by number (1-based) or by name, or found among defaults. */
static int find_column(char **header, int n, const char *want, const char *const *defaults)
{
    if (want != NULL) {
        char *end;
        long k = strtol(want, &end, 10);
        if (*end == '\0' && end != want)
            return k >= 1 && k <= (header ? n : MAX_FIELDS) ? (int)k - 1 : -1;
        for (int i = 0; header && i < n; i++)
            if (strcasecmp(header[i], want) == 0)
                return i;
        return -1;
    }
    for (int d = 0; header && defaults[d]; d++)
        for (int i = 0; i < n; i++)
            if (strcasecmp(header[i], defaults[d]) == 0)
                return i;
    return -1;
}

static in_format detect_format(const char *path, const char *line, size_t len)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0))
        return IN_JSONL;
    if (dot && strcasecmp(dot, ".tsv") == 0)
        return IN_TSV;
    if (dot && strcasecmp(dot, ".csv") == 0)
        return IN_CSV;
    size_t i = 0;
    while (i < len && isspace((unsigned char)line[i]))
        i++;
    if (i < len && line[i] == '{')
        return IN_JSONL;
    return memchr(line, '\t', len) ? IN_TSV : IN_CSV;
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "vpostcode: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    return EXIT_USAGE;
}

/* Read the first line (and, for CSV/TSV with a header, take it), settle
 * the format and the columns, and write the output's header. */
static int prepare(batch *b, char *carry, size_t *carry_len, long long *consumed)
{
    const options *opt = b->opt;
    size_t n = fread(carry, 1, SLOT_BYTES, b->in);
    size_t start = 0;
    if (n >= 3 && memcmp(carry, "\xEF\xBB\xBF", 3) == 0)
        start = 3; /* UTF-8 byte order mark */
    const char *nl = memchr(carry + start, '\n', n - start);
    size_t line_len = nl ? (size_t)(nl - carry - start) : n - start;
    b->fmt = opt->format != IN_AUTO ? opt->format
                                    : detect_format(strcmp(opt->input, "-") ? opt->input : NULL,
                                                    carry + start, line_len);
    b->sep = b->fmt == IN_TSV ? '\t' : ',';
    int point = b->cmd->on_point != NULL;
    /* With --crs the two values are x then y (easting, northing). */
    b->names_a = !point ? code_names : opt->crs ? x_names : lat_names;
    b->names_b = opt->crs ? y_names : lon_names;
    for (int i = 0; i < b->nfields; i++)
        snprintf(b->out_names[i], sizeof b->out_names[i], "vpc_%s", b->fields[i]);

    if (b->fmt == IN_JSONL) {
        b->key_a = point ? opt->lat_col : opt->code_col;
        b->key_b = point ? opt->lon_col : NULL;
    } else {
        char **header = NULL, *buf = NULL;
        int nh = 0;
        size_t used = start;
        if (!opt->no_header) {
            size_t hl = line_len;
            if (hl > 0 && carry[start + hl - 1] == '\r')
                hl--;
            buf = malloc(hl + MAX_FIELDS + 16);
            header = malloc(MAX_FIELDS * sizeof *header);
            nh = rec_split(carry + start, hl, b->sep, buf, header, MAX_FIELDS);
            if (nh < 0 || (nl == NULL && n == SLOT_BYTES)) {
                free(buf);
                free(header);
                return usage("cannot read the header line of", opt->input);
            }
            used = start + line_len + (nl != NULL);
        }
        const char *want_a = point ? opt->lat_col : opt->code_col;
        b->col_a = find_column(header, nh, want_a, b->names_a);
        b->col_b = point ? find_column(header, nh, opt->lon_col, b->names_b) : 0;
        /* A result field named like an input column is written vpc_NAME. */
        for (int i = 0; i < b->nfields; i++) {
            int clash = 0;
            for (int k = 0; k < nh; k++)
                clash |= strcasecmp(header[k], b->fields[i]) == 0;
            if (!clash)
                snprintf(b->out_names[i], sizeof b->out_names[i], "%s", b->fields[i]);
        }
        if (opt->no_header && want_a == NULL)
            b->col_a = 0; /* first column(s) by default */
        if (opt->no_header && point && opt->lon_col == NULL)
            b->col_b = 1;
        b->ninput = nh > 0 ? nh : (b->col_a > b->col_b ? b->col_a : b->col_b) + 1;
        free(buf);
        free(header);
        if (b->col_a < 0 || (point && b->col_b < 0)) {
            const char *which = b->col_a < 0 ? (want_a ? want_a : point ? "lat" : "code")
                                             : (opt->lon_col ? opt->lon_col : "lon");
            return usage(opt->no_header ? "bad column number:" : "no such column in the header:", which);
        }
        if (!opt->no_header) {
            size_t hl = line_len;
            if (hl > 0 && carry[start + hl - 1] == '\r')
                hl--;
            fwrite(carry + start, 1, hl, stdout);
            for (int i = 0; i < b->nfields; i++) {
                fputc(b->sep, stdout);
                fputs(b->out_names[i], stdout);
            }
            fputc(b->sep, stdout);
            fputs("status\n", stdout);
        }
        memmove(carry, carry + used, n - (used < n ? used : n));
        *carry_len = used < n ? n - used : 0;
        *consumed = (long long)used;
        return EXIT_OK;
    }
    memmove(carry, carry + start, n - start);
    *carry_len = n - start;
    *consumed = (long long)start;
    return EXIT_OK;
}

static void summary(const batch *b)
{
    fprintf(stderr, "vpostcode: %s: %ld row%s, %ld ok, %ld failed", b->cmd->name, b->total.rows,
            b->total.rows == 1 ? "" : "s", b->total.rows - b->total.failed, b->total.failed);
    if (b->total.warned)
        fprintf(stderr, ", %ld with a warning", b->total.warned);
    for (int i = 0; i < b->total.n; i++)
        fprintf(stderr, "%s%s %ld", i ? ", " : " (", b->total.name[i], b->total.count[i]);
    fprintf(stderr, "%s\n", b->total.n ? ")" : "");
}

int run_batch(const command *c, const options *opt, const vpc_db *db)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.cmd = c;
    b.opt = opt;
    b.db = db;
    b.nfields = command_fields(c, b.fields, RESULT_MAX_FIELDS);
    b.in = strcmp(opt->input, "-") == 0 ? stdin : fopen(opt->input, "rb");
    if (b.in == NULL)
        return usage("cannot open the input file", opt->input);
    struct stat sb;
    b.in_size = fstat(fileno(b.in), &sb) == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : -1;
    b.progress = isatty(STDERR_FILENO);

    int nworkers = opt->threads > 0 ? opt->threads : 1;
    b.nslots = 2 * nworkers + 2;
    b.slots = calloc((size_t)b.nslots, sizeof *b.slots);
    char *carry = malloc(SLOT_BYTES + 1);
    int status = b.slots && carry ? EXIT_OK : EXIT_DATABASE;
    for (int i = 0; status == EXIT_OK && i < b.nslots; i++) {
        b.slots[i].in = malloc(SLOT_BYTES + 2);
        if (b.slots[i].in == NULL)
            status = EXIT_DATABASE;
    }
    size_t carry_len = 0;
    long long consumed = 0;
    if (status == EXIT_OK)
        status = prepare(&b, carry, &carry_len, &consumed);
    if (status != EXIT_OK)
        goto out;

    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.changed, NULL);
    b.started = now();
    pthread_t *workers = malloc((size_t)nworkers * sizeof *workers), wt;
    for (int i = 0; i < nworkers; i++)
        pthread_create(&workers[i], NULL, worker, &b);
    pthread_create(&wt, NULL, writer, &b);

    for (;;) {
        pthread_mutex_lock(&b.mu);
        slot *s = NULL;
        while (s == NULL && !b.abort) {
            for (int i = 0; i < b.nslots; i++)
                if (b.slots[i].state == SLOT_FREE)
                    s = &b.slots[i];
            if (s == NULL)
                pthread_cond_wait(&b.changed, &b.mu);
        }
        pthread_mutex_unlock(&b.mu);
        if (s == NULL)
            break;
        int more = fill(&b, s, carry, &carry_len, &consumed);
        pthread_mutex_lock(&b.mu);
        if (more) {
            s->seq = b.next_fill++;
            s->bytes_end = consumed;
            s->state = SLOT_FILLED;
        } else {
            b.eof = 1;
        }
        pthread_cond_broadcast(&b.changed);
        pthread_mutex_unlock(&b.mu);
        if (!more)
            break;
    }
    pthread_mutex_lock(&b.mu);
    b.eof = 1;
    pthread_cond_broadcast(&b.changed);
    pthread_mutex_unlock(&b.mu);
    for (int i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    pthread_join(wt, NULL);
    free(workers);
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.changed);

    if (b.progress)
        show_progress(&b, consumed, 1);
    if (b.worker_error) {
        fprintf(stderr, "vpostcode: a worker stopped (out of memory, or --crs %s unusable)\n",
                opt->crs ? opt->crs : "");
        status = opt->crs ? EXIT_USAGE : EXIT_DATABASE;
    } else {
        summary(&b);
        status = b.total.failed ? EXIT_REJECTED : EXIT_OK;
    }
out:
    for (int i = 0; b.slots && i < b.nslots; i++) {
        free(b.slots[i].in);
        free(b.slots[i].out.p);
    }
    free(b.slots);
    free(carry);
    if (b.in != stdin)
        fclose(b.in);
    return status;
}
