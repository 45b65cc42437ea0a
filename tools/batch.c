/*
 * batch.c - a command over every record of a CSV, TSV or JSON Lines file.
 *
 * The rules of the output (the README and vpostcode(1) say the same):
 *
 * Format. The output takes the input's format (CSV with its separator, TSV
 * or JSON Lines) unless --csv or --json asks for CSV (comma) or JSON Lines.
 * Each row is its input record then the result's fields and `status`; a
 * result field named like an input column (any case) is written vpc_NAME.
 * CSV/TSV in, JSON Lines out: an object of the header's names (the column
 * numbers "1", "2", ... with --no-header), values as strings, then the
 * result's members. JSON Lines in, CSV/TSV out: the columns the command
 * read, named as asked (--lat-col etc., else lat, lon; x, y with --crs;
 * code; address) with their values as read, then the result's columns.
 *
 * Width (CSV/TSV out). Every row has exactly as many fields as the header.
 * The input's width is its header's (with --no-header: the first
 * record's). A shorter record is padded with empty fields (MISSING_FIELD if
 * a column the command reads is absent). A longer record whose extra fields
 * are all empty (trailing separators) is cut to the header's width and
 * processed; if an extra field is not empty, or the quoting is broken, the
 * record is MALFORMED_RECORD: written whole, quoted, in the first column,
 * the other input columns empty (TSV has no quoting: the record's tabs and
 * line ends become spaces there). A record longer than 256 KiB is
 * RECORD_TOO_LONG with empty input columns.
 *
 * Addresses. The address command reads the column named by --address-col
 * (else address, addr, dia_chi, diachi) and, when --lat-col and --lon-col
 * or --code-col name them, a point at the address. The point's columns may
 * be missing from a record, empty, or null in JSON: the address is then
 * read from its text alone. A JSON address is read up to one byte past
 * VPC_ADDRESS_MAX_BYTES, so that a longer one is refused as too long.
 *
 * Separator. --delimiter C reads CSV with another separator (';' from
 * spreadsheets of European locales, '|'), quotes as in CSV; tab (or \t)
 * reads TSV. Numbers still need a decimal point: 21,0287 is BAD_NUMBER.
 *
 * Input that is not records is refused with its own message before any
 * output: a directory (exit 2), empty input (nothing but a BOM or white
 * space), gzip data, UTF-16 (a UTF-16 BOM, or NUL bytes in the first line)
 * (exit 1). A column the header lacks (exit 2) is named with the header
 * read, and hints: --no-header when the first line holds numbers,
 * --delimiter when it has ';' or '|' and no ',', the column options and
 * the default names.
 *
 * JSON Lines. Keys are matched ignoring case, with the same default names
 * as CSV headers. A line that is not one JSON object is MALFORMED_RECORD,
 * echoed as {"input":"<the line>", <empty result fields>, "status": ...}
 * (in CSV out: the line in the first column).
 *
 * UTF-8. Input echoed to the output has every byte that is not valid
 * UTF-8 replaced by U+FFFD, in every format, so the output is always UTF-8.
 *
 * Output errors. The output goes out with write(2), past stdio, one slot's
 * rows at a time, so the bytes written are known. A failed write (the
 * header's too) stops the run (the reader stops, the workers finish), the
 * summary is not printed, "cannot write the output: REASON (after N rows)"
 * counts the rows written whole (the output may end in part of the next
 * one), and the exit status is 5. With SIGPIPE at its default a closed
 * pipe ends the process by the signal, as for any Unix filter; with
 * SIGPIPE ignored it is EPIPE: the message, exit 5.
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
#include <errno.h>
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

/* A column the command reads. */
typedef struct {
    const char *want;               /* as given (--lat-col ...): a name or number */
    const char *const *names;       /* the names to try when not given */
    const char *name;               /* JSONL in, CSV/TSV out: the column's name */
    int col;                        /* CSV/TSV: 0-based */
} column;

typedef struct {
    char *in;
    size_t in_len;
    strbuf out;           /* kept between uses of the slot */
    size_t *row_end;      /* where each output row of out ends */
    size_t nrows, rows_cap;
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
    char sep;                       /* the input's separator (CSV/TSV) */
    int quoting;                    /* the input has CSV quotes */
    int out_json;                   /* JSON Lines out */
    char osep;                      /* CSV/TSV out: the separator */
    int oquoting;                   /* CSV/TSV out: quotes where needed */
    int same;                       /* CSV/TSV in and out alike: records go
                                       out as they are written */
    char *hbuf, **hnames;           /* CSV/TSV in, JSON out: the header's
                                       names (ninput of them) */
    column cols[3];                 /* the columns read: lat and lon, code, or
                                       address (then lat and lon, or code) */
    int ncols;
    int text;                       /* the command reads a text (address) */
    int ninput;                     /* CSV/TSV: fields in the header (or needed) */
    const char *fields[RESULT_MAX_FIELDS];
    char out_names[RESULT_MAX_FIELDS][40]; /* "vpc_" + field: the name written
                                              where the input has the field's
                                              own name (CSV/TSV: the header's
                                              names, settled at the start) */
    int nfields;

    FILE *in;
    int out_fd;                     /* where the output goes */
    FILE *err;                      /* where messages go */
    const char *in_label;           /* the input in messages, or NULL */
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
    int write_errno;                /* the first failed write's errno */
    long rows_written;              /* rows wholly written (when that failed) */
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

enum { REC_OK, REC_MALFORMED, REC_TOO_LONG };

static void empty_result(const batch *b, result *r, const char *status)
{
    result_clear(r);
    for (int i = 0; i < b->nfields; i++)
        result_add(r, b->fields[i], "%s", "");
    result_fail(r, status);
}

/* The length of the valid UTF-8 sequence of at most n bytes at s, or 0. */
static int utf8_len(const unsigned char *s, size_t n)
{
    unsigned long c;
    int len;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        c = s[0] & 0x1F, len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        c = s[0] & 0x0F, len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        c = s[0] & 0x07, len = 4;
    else
        return 0;
    if ((size_t)len > n)
        return 0;
    for (int k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
        (len == 4 && (c < 0x10000 || c > 0x10FFFF)))
        return 0;
    return len;
}

/* len bytes of s as they are, but for every byte that is not part of a
 * valid UTF-8 sequence: U+FFFD instead. */
static void put_utf8(strbuf *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int n = utf8_len(u + i, len - i);
        if (n > 0) {
            i += (size_t)n;
            continue;
        }
        sb_put(out, s + run, i - run);
        sb_puts(out, "\xEF\xBF\xBD");
        run = ++i;
    }
    sb_put(out, s + run, i - run);
}

/* A JSON string of len bytes of s: valid UTF-8 whatever s holds. */
static void put_json(strbuf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    sb_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        int n;
        if (u[i] == '"' || u[i] == '\\') {
            sb_putc(out, '\\');
            sb_putc(out, (char)u[i]);
        } else if (u[i] < 0x20 || u[i] == 0x7F) {
            char esc[6] = {'\\', 'u', '0', '0', hex[u[i] >> 4], hex[u[i] & 15]};
            sb_put(out, esc, 6);
        } else if (u[i] < 0x80) {
            sb_putc(out, (char)u[i]);
        } else if ((n = utf8_len(u + i, len - i)) > 0) {
            sb_put(out, s + i, (size_t)n);
            i += (size_t)n - 1;
        } else {
            sb_puts(out, "\\ufffd");
        }
    }
    sb_putc(out, '"');
}

/* One CSV or TSV field: quoted when it holds the separator, a quote, a
 * line end or starts with a space (CSV); TSV has no quoting, so tabs and
 * line ends become spaces there. */
static void put_field(strbuf *out, const char *s, size_t len, char sep, int quoting)
{
    int special = quoting && len > 0 && s[0] == ' ';
    for (size_t i = 0; i < len && !special; i++)
        special = s[i] == sep || s[i] == '\n' || s[i] == '\r' || (quoting && s[i] == '"');
    if (!special) {
        put_utf8(out, s, len);
        return;
    }
    if (quoting)
        sb_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (quoting ? s[i] == '"' : (s[i] == sep || s[i] == '\n' || s[i] == '\r')) {
            put_utf8(out, s + run, i - run);
            sb_puts(out, quoting ? "\"\"" : " ");
            run = i + 1;
        }
    }
    put_utf8(out, s + run, len - run);
    if (quoting)
        sb_putc(out, '"');
}

static void put_cell(const batch *b, strbuf *out, const char *s)
{
    put_field(out, s, strlen(s), b->osep, b->oquoting);
}

static void put_seps(const batch *b, strbuf *out, int n)
{
    for (int i = 0; i < n; i++)
        sb_putc(out, b->osep);
}

/* The output row of one record: its input part (kind REC_OK: the n
 * fields of a CSV/TSV record, cut to the header's width, or the values of
 * the columns read from a JSON Lines record, NULL when missing), then the
 * result. */
static void write_row(const batch *b, strbuf *out, const char *rec, size_t len, int kind,
                      char **fields, int n, const char *const *vals, const result *r)
{
    if (b->out_json) {
        const char *names[RESULT_MAX_FIELDS];
        for (int i = 0; i < r->n; i++)
            names[i] = b->fmt == IN_JSONL ? r->name[i] : b->out_names[i];
        if (b->fmt == IN_JSONL && kind == REC_OK) {
            size_t end = len; /* a valid object: it ends with '}' */
            while (end > 0 && isspace((unsigned char)rec[end - 1]))
                end--;
            put_utf8(out, rec, end - 1);
            if (!jsonl_is_empty_object(rec, end))
                sb_putc(out, ',');
            for (int i = 0; i < r->n; i++) {
                char value[40];
                /* Do not give the object a second member of the same name. */
                if (jsonl_get(rec, len, r->name[i], value, sizeof value) == JSONL_FOUND)
                    names[i] = b->out_names[i];
            }
        } else {
            sb_putc(out, '{');
            if (kind == REC_MALFORMED) {
                sb_puts(out, "\"input\":");
                put_json(out, rec, len);
                sb_putc(out, ',');
            } else if (kind == REC_OK) {
                for (int i = 0; i < b->ninput; i++) {
                    put_json(out, b->hnames[i], strlen(b->hnames[i]));
                    sb_putc(out, ':');
                    put_json(out, i < n ? fields[i] : "", i < n ? strlen(fields[i]) : 0);
                    sb_putc(out, ',');
                }
            }
        }
        write_json_members(out, r, names);
        return;
    }
    if (b->fmt == IN_JSONL) {
        for (int c = 0; c < b->ncols; c++) {
            if (c > 0)
                sb_putc(out, b->osep);
            if (c == 0 && kind == REC_MALFORMED)
                put_field(out, rec, len, b->osep, b->oquoting);
            else if (vals[c] != NULL)
                put_cell(b, out, vals[c]);
        }
    } else if (kind == REC_MALFORMED) {
        /* Keep the columns in line: a broken record goes out whole in its
         * first column, quoted. */
        put_field(out, rec, len, b->osep, b->oquoting);
        put_seps(b, out, b->ninput - 1);
    } else if (kind == REC_TOO_LONG) {
        put_seps(b, out, b->ninput - 1);
    } else {
        if (b->same) {
            put_utf8(out, rec, len);
        } else {
            for (int i = 0; i < n; i++) {
                if (i > 0)
                    sb_putc(out, b->osep);
                put_cell(b, out, fields[i]);
            }
        }
        put_seps(b, out, b->ninput - n); /* a short record, padded */
    }
    for (int i = 0; i < r->n; i++) {
        sb_putc(out, b->osep);
        put_cell(b, out, r->value[i]);
    }
    sb_putc(out, b->osep);
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

/* Is column c one a record may lack? An address's point: without it the
 * address is read from its text alone. */
static int optional(const batch *b, int c)
{
    return b->text && c > 0;
}

/* Run the command on one record and write its output row; 1 if it failed. */
static int do_record(const batch *b, const context *cx, const char *rec, size_t len,
                     strbuf *out, stats *st, char *buf, char **fields)
{
    result r;
    /* JSON values: an address may be longer than the library reads, and is
     * then cut just past that length, so that it is refused as too long. */
    char v0[256], v1[256], v2[256], text[VPC_ADDRESS_MAX_BYTES + 2];
    char *vbuf[3] = {b->text ? text : v0, v1, v2};
    size_t vsize[3] = {b->text ? sizeof text : sizeof v0, sizeof v1, sizeof v2};
    const char *vals[3] = {NULL, NULL, NULL}, *use[3] = {NULL, NULL, NULL};
    int kind = REC_OK, n = 0;

    if (rec == too_long_record) {
        kind = REC_TOO_LONG;
        empty_result(b, &r, "RECORD_TOO_LONG");
    } else if (b->fmt == IN_JSONL) {
        if (!jsonl_valid(rec, len)) {
            kind = REC_MALFORMED;
            empty_result(b, &r, "MALFORMED_RECORD");
        } else {
            int missing = 0;
            for (int c = 0; c < b->ncols; c++) {
                const column *col = &b->cols[c];
                if (jsonl_member(rec, len, col->want, col->names, vbuf[c], vsize[c]))
                    vals[c] = vbuf[c];
                else if (!optional(b, c))
                    missing = 1;
                /* An address's point that is absent or null: no point. */
                use[c] = vals[c] == NULL || (optional(b, c) && !strcmp(vals[c], "null"))
                         ? "" : vals[c];
            }
            if (missing) {
                empty_result(b, &r, "MISSING_FIELD");
                use[0] = NULL;
            }
        }
    } else {
        n = rec_split(rec, len, b->sep, b->quoting, buf, fields, MAX_FIELDS);
        if (n > b->ninput) { /* trailing empty fields are dropped, others are an error */
            int extra = 0;
            for (int i = b->ninput; i < n; i++)
                extra |= fields[i][0] != '\0';
            if (extra) {
                n = -1;
            } else {
                len = rec_prefix(rec, len, b->sep, b->quoting, b->ninput);
                n = b->ninput;
            }
        }
        if (n < 0) {
            kind = REC_MALFORMED;
            empty_result(b, &r, "MALFORMED_RECORD");
        } else {
            int missing = 0;
            for (int c = 0; c < b->ncols; c++)
                missing |= b->cols[c].col >= n && !optional(b, c);
            if (missing)
                empty_result(b, &r, "MISSING_FIELD");
            for (int c = 0; c < b->ncols && !missing; c++)
                use[c] = b->cols[c].col < n ? fields[b->cols[c].col] : "";
        }
    }
    if (use[0] != NULL) {
        if (b->cmd->on_point)
            b->cmd->on_point(cx, use[0], use[1], &r);
        else if (b->cmd->on_code)
            b->cmd->on_code(cx, use[0], &r);
        else /* a point as lat and lon, or a code, or none */
            b->cmd->on_text(cx, use[0], use[1], b->ncols == 3 ? use[2] : NULL, &r);
    }
    write_row(b, out, rec, len, kind, fields, n, vals, &r);
    int warned = !r.failed && strcmp(r.status, "ok") != 0;
    count(st, r.status, r.failed, warned);
    return r.failed;
}

/* ---- threads ---------------------------------------------------------------- */

/* Note where the slot's last output row ends (for counting the rows of a
 * slot written in part). */
static void note_row(slot *s)
{
    if (s->nrows == s->rows_cap) {
        size_t cap = s->rows_cap ? 2 * s->rows_cap : 1024;
        size_t *p = realloc(s->row_end, cap * sizeof *p);
        if (p == NULL) {
            s->out.failed = 1;
            return;
        }
        s->row_end = p;
        s->rows_cap = cap;
    }
    s->row_end[s->nrows++] = s->out.len;
}

/* Write all n bytes to standard output, bypassing stdio so that the bytes
 * written are known exactly; the count written, errno set if short. */
static size_t write_all(int fd, const char *p, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(fd, p + done, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = EIO;
            break;
        }
        done += (size_t)k;
    }
    return done;
}

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
        s->nrows = 0;
        memset(&s->st, 0, sizeof s->st);
        s->stopped = 0;
        if (s->too_long) {
            if (do_record(b, &cx, too_long_record, 0, &s->out, &s->st, buf, fields) && b->opt->strict)
                s->stopped = 1;
            note_row(s);
        }
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
            int failed = do_record(b, &cx, rec, len, &s->out, &s->st, buf, fields);
            note_row(s);
            if (failed && b->opt->strict) {
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
    fprintf(b->err, "\r%12ld rows  %9.0f rows/s  %02d:%02d elapsed", rows, t > 0 ? rows / t : 0.0,
            (int)t / 60, (int)t % 60);
    if (b->in_size > 0 && bytes > 0 && !final) {
        double eta = t * (double)(b->in_size - bytes) / (double)bytes;
        fprintf(b->err, "  ETA %02d:%02d  %3.0f%%", (int)eta / 60, (int)eta % 60,
                100.0 * (double)bytes / (double)b->in_size);
    } else {
        fputs("                 ", b->err);
    }
    if (final)
        fputc('\n', b->err);
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
        size_t done = s->out.len > 0 ? write_all(b->out_fd, s->out.p, s->out.len) : 0;
        if (done < s->out.len) {
            /* Stop: the reader stops, the workers finish. Only the rows
             * written whole are claimed. */
            int err = errno;
            size_t k = 0;
            while (k < s->nrows && s->row_end[k] <= done)
                k++;
            pthread_mutex_lock(&b->mu);
            b->write_errno = err ? err : EIO;
            b->rows_written = b->total.rows + (long)k;
            b->abort = 1;
            s->state = SLOT_FREE;
            pthread_cond_broadcast(&b->changed);
            pthread_mutex_unlock(&b->mu);
            break;
        }
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
static const char *const address_names[] = {"address", "addr", "dia_chi", "diachi", NULL};

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

static in_format detect_format(const options *opt, const char *line, size_t len)
{
    if (opt->delimiter != 0) /* CSV with another separator (or TSV) */
        return opt->delimiter == '\t' ? IN_TSV : IN_CSV;
    const char *path = strcmp(opt->input, "-") ? opt->input : NULL;
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

static int usage(const batch *b, const char *msg, const char *arg)
{
    fprintf(b->err, "vpostcode: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    return EXIT_USAGE;
}

static const char *input_name(const batch *b)
{
    const options *opt = b->opt;
    if (b->in_label != NULL)
        return b->in_label;
    return strcmp(opt->input, "-") ? opt->input : "the standard input";
}

/* Input that is not text records: a directory, nothing, gzip, UTF-16.
 * EXIT_OK if it may be read as records. */
static int check_input(const batch *b, const char *data, size_t n, int read_error)
{
    const options *opt = b->opt;
    const char *name = input_name(b);
    if (read_error == EISDIR) {
        fprintf(b->err, "vpostcode: %s is a directory, not a file of records\n", name);
        return EXIT_USAGE;
    }
    if (read_error != 0) {
        fprintf(b->err, "vpostcode: cannot read %s: %s\n", name, strerror(read_error));
        return EXIT_REJECTED;
    }
    size_t i = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && isspace((unsigned char)data[i]))
        i++;
    if (i == n) {
        fprintf(b->err, "vpostcode: the input is empty: %s has no %s\n", name,
                opt->no_header || b->fmt == IN_JSONL ? "records" : "header line");
        return EXIT_REJECTED;
    }
    if (n >= 2 && (unsigned char)data[0] == 0x1F && (unsigned char)data[1] == 0x8B) {
        fprintf(b->err, "vpostcode: %s is gzip-compressed: decompress it first, e.g. gzip -dc %s |"
                " vpostcode %s --input -\n", name, strcmp(opt->input, "-") ? opt->input : "FILE",
                b->cmd->name);
        return EXIT_REJECTED;
    }
    const char *nl = memchr(data, '\n', n);
    size_t first = nl ? (size_t)(nl - data) : n;
    if ((n >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                    ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) ||
        memchr(data, '\0', first) != NULL) {
        fprintf(b->err, "vpostcode: %s is UTF-16 (or holds NUL bytes): convert it to UTF-8, e.g."
                " iconv -f UTF-16 -t UTF-8 %s | vpostcode %s --input -\n", name,
                strcmp(opt->input, "-") ? opt->input : "FILE", b->cmd->name);
        return EXIT_REJECTED;
    }
    return EXIT_OK;
}

/* A column the header lacks: say which, show the header read, and what
 * might be meant. */
static int missing_column(const batch *b, const column *col, const char *line, size_t len,
                          char **header, int nh)
{
    const options *opt = b->opt;
    int point = b->cmd->on_point != NULL;
    const char *const *defaults = col->names;
    fprintf(b->err, "vpostcode: no such column in the header: %s", col->want ? col->want
                                                                           : defaults[0]);
    if (col->want == NULL) {
        for (int d = 1; defaults[d] != NULL; d++)
            fprintf(b->err, "%s%s", d == 1 ? " (nor " : ", ", defaults[d]);
        fputs(defaults[1] ? ")" : "", b->err);
    }
    strbuf shown = {0};
    size_t cut = len > 100 ? 100 : len;
    while (cut < len && cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
        cut--; /* not inside a character */
    put_utf8(&shown, line, cut);
    sb_putc(&shown, '\0');
    fprintf(b->err, "\nvpostcode: the header read (%d field%s): %s%s\n", nh, nh == 1 ? "" : "s",
            shown.failed ? "" : shown.p, cut < len ? "..." : "");
    free(shown.p);
    int numbers = 0;
    for (int i = 0; i < nh; i++) {
        double x;
        numbers += cli_number(header[i], &x);
    }
    if (numbers > 0)
        fprintf(b->err, "vpostcode: the first line looks like data: if there is no header line, use"
                " --no-header (columns by number: %s)\n", point ? "--lat-col 1 --lon-col 2 by default"
                                                         : b->text ? "--address-col 1 by default"
                                                                   : "--code-col 1 by default");
    if (b->sep == ',' && memchr(line, ',', len) == NULL) {
        const char *other = memchr(line, ';', len) ? ";" : memchr(line, '|', len) ? "|" : NULL;
        if (other != NULL)
            fprintf(b->err, "vpostcode: the line is separated by '%s', not ',': use --delimiter '%s'"
                    " (numbers still need a decimal point: 21.0287)\n", other, other);
    }
    if (b->text && col != &b->cols[0])
        fprintf(b->err, "vpostcode: name the point's columns with --lat-col and --lon-col, or"
                " --code-col (by name or number from 1)\n");
    else
        fprintf(b->err, "vpostcode: name the column with %s (by name or number from 1); the names"
                " taken by default are %s\n", point ? "--lat-col and --lon-col"
                                                : b->text ? "--address-col" : "--code-col",
                b->text ? "address, addr, dia_chi, diachi"
                : !point ? "code, vpostcode, postcode"
                : opt->crs ? "x, easting, e and y, northing, n"
                           : "lat, latitude and lon, lng, long, longitude");
    return EXIT_USAGE;
}

/* The output's header, written at once: EXIT_OUTPUT if it cannot be. */
static int write_header(batch *b, const char *line, size_t len, char **header, int nh)
{
    strbuf out = {0};
    if (b->out_json || (b->opt->no_header && b->fmt != IN_JSONL))
        return EXIT_OK;
    if (b->fmt == IN_JSONL) {
        for (int c = 0; c < b->ncols; c++) {
            if (c > 0)
                sb_putc(&out, b->osep);
            put_cell(b, &out, b->cols[c].name);
        }
    } else if (b->same) {
        put_utf8(&out, line, len);
    } else {
        for (int i = 0; i < nh; i++) {
            if (i > 0)
                sb_putc(&out, b->osep);
            put_cell(b, &out, header[i]);
        }
    }
    for (int i = 0; i < b->nfields; i++) {
        sb_putc(&out, b->osep);
        put_cell(b, &out, b->out_names[i]);
    }
    sb_putc(&out, b->osep);
    sb_puts(&out, "status\n");
    int status = EXIT_OK;
    if (out.failed || write_all(b->out_fd, out.p, out.len) < out.len) {
        b->write_errno = out.failed ? ENOMEM : errno ? errno : EIO;
        status = EXIT_OUTPUT;
    }
    free(out.p);
    return status;
}

/* Read the first line (and, for CSV/TSV with a header, take it), settle
 * the format and the columns, and write the output's header. */
static int prepare(batch *b, char *carry, size_t *carry_len, long long *consumed)
{
    const options *opt = b->opt;
    errno = 0;
    size_t n = fread(carry, 1, SLOT_BYTES, b->in);
    int read_error = ferror(b->in) ? (errno ? errno : EIO) : 0;
    size_t start = 0;
    if (n >= 3 && memcmp(carry, "\xEF\xBB\xBF", 3) == 0)
        start = 3; /* UTF-8 byte order mark */
    const char *nl = memchr(carry + start, '\n', n - start);
    size_t line_len = nl ? (size_t)(nl - carry - start) : n - start;
    b->fmt = opt->format != IN_AUTO ? opt->format : detect_format(opt, carry + start, line_len);
    int status = check_input(b, carry, n, read_error);
    if (status != EXIT_OK)
        return status;
    if (b->fmt == IN_JSONL && opt->delimiter != 0)
        return usage(b, "--delimiter does not apply to JSON Lines input", NULL);
    b->sep = opt->delimiter ? opt->delimiter : b->fmt == IN_TSV ? '\t' : ',';
    b->quoting = b->fmt == IN_CSV;
    /* The output: --json, --csv, else the input's own format. */
    b->out_json = opt->out == OUT_JSON || (opt->out != OUT_CSV && b->fmt == IN_JSONL);
    b->osep = opt->out == OUT_CSV ? ',' : b->fmt == IN_JSONL ? ',' : b->sep;
    b->oquoting = b->osep != '\t';
    b->same = !b->out_json && b->fmt != IN_JSONL && b->osep == b->sep && b->oquoting == b->quoting;
    int point = b->cmd->on_point != NULL;
    /* The columns read: an address's first, then a point's (lat and lon; x
     * and y with --crs) or a code. */
    b->text = b->cmd->on_text != NULL;
    b->ncols = 0;
    if (b->text)
        b->cols[b->ncols++] = (column){opt->address_col, address_names, NULL, 0};
    if (point || (b->text && opt->lat_col != NULL)) {
        b->cols[b->ncols++] = (column){opt->lat_col, opt->crs ? x_names : lat_names, NULL, 0};
        b->cols[b->ncols++] = (column){opt->lon_col, opt->crs ? y_names : lon_names, NULL, 0};
    } else if (!b->text || opt->code_col != NULL) {
        b->cols[b->ncols++] = (column){opt->code_col, code_names, NULL, 0};
    }
    for (int c = 0; c < b->ncols; c++)
        b->cols[c].name = b->cols[c].want ? b->cols[c].want : b->cols[c].names[0];
    for (int i = 0; i < b->nfields; i++)
        snprintf(b->out_names[i], sizeof b->out_names[i], "vpc_%s", b->fields[i]);

    if (b->fmt == IN_JSONL) {
        /* JSON out: vpc_NAME where a record has a member NAME (write_row);
         * CSV out: where NAME is one of the columns read. */
        for (int i = 0; i < b->nfields; i++) {
            int clash = b->out_json;
            for (int c = 0; c < b->ncols; c++)
                clash |= strcasecmp(b->cols[c].name, b->fields[i]) == 0;
            if (!clash)
                snprintf(b->out_names[i], sizeof b->out_names[i], "%s", b->fields[i]);
        }
        memmove(carry, carry + start, n - start);
        *carry_len = n - start;
        *consumed = (long long)start;
        return write_header(b, NULL, 0, NULL, 0);
    }

    char **header = malloc(MAX_FIELDS * sizeof *header);
    char *buf = malloc(SLOT_BYTES + MAX_FIELDS + 16);
    if (header == NULL || buf == NULL) {
        free(header);
        free(buf);
        return EXIT_DATABASE;
    }
    int nh = 0;
    size_t used = start;
    /* The header line, or (--no-header) the first record, for its width. */
    size_t hl = line_len;
    if (opt->no_header) {
        size_t end = rec_end(carry, start, n, b->quoting, b->sep);
        hl = end ? end - start - 1 : n - start;
    }
    if (hl > 0 && carry[start + hl - 1] == '\r')
        hl--;
    nh = rec_split(carry + start, hl, b->sep, b->quoting, buf, header, MAX_FIELDS);
    if (!opt->no_header) {
        if (nh < 0 || (nl == NULL && n == SLOT_BYTES)) {
            free(buf);
            free(header);
            return usage(b, "cannot read the header line of", opt->input);
        }
        used = start + line_len + (nl != NULL);
    }
    if (opt->no_header) {
        int need = 0, bad = -1;
        for (int c = 0; c < b->ncols; c++) {
            column *col = &b->cols[c];
            /* The first column(s) by default. */
            col->col = col->want ? find_column(NULL, 0, col->want, col->names) : c;
            if (col->col < 0 && bad < 0)
                bad = c;
            if (col->col + 1 > need)
                need = col->col + 1;
        }
        b->ninput = nh > need ? nh : need;
        /* Headerless JSON keys: the column numbers. */
        b->hbuf = malloc((size_t)b->ninput * 12);
        b->hnames = malloc((size_t)b->ninput * sizeof *b->hnames);
        for (int i = 0; b->hbuf && b->hnames && i < b->ninput; i++) {
            b->hnames[i] = b->hbuf + 12 * i;
            snprintf(b->hnames[i], 12, "%d", i + 1);
        }
        if (bad >= 0) {
            free(buf);
            free(header);
            return usage(b, "bad column number:", b->cols[bad].want);
        }
    } else {
        b->ninput = nh;
        for (int c = 0; c < b->ncols; c++) {
            column *col = &b->cols[c];
            col->col = find_column(header, nh, col->want, col->names);
            if (col->col < 0) {
                status = missing_column(b, col, carry + start, hl, header, nh);
                free(buf);
                free(header);
                return status;
            }
        }
        /* A result field named like an input column is written vpc_NAME. */
        for (int i = 0; i < b->nfields; i++) {
            int clash = 0;
            for (int k = 0; k < nh; k++)
                clash |= strcasecmp(header[k], b->fields[i]) == 0;
            if (!clash)
                snprintf(b->out_names[i], sizeof b->out_names[i], "%s", b->fields[i]);
        }
        /* The header's names, kept for JSON output. */
        size_t total = 0;
        for (int i = 0; i < nh; i++)
            total += strlen(header[i]) + 1;
        b->hbuf = malloc(total + 1);
        b->hnames = malloc((size_t)nh * sizeof *b->hnames);
        for (int i = 0, at = 0; b->hbuf && b->hnames && i < nh; i++) {
            b->hnames[i] = strcpy(b->hbuf + at, header[i]);
            at += (int)strlen(header[i]) + 1;
        }
    }
    if (opt->no_header)
        for (int i = 0; i < b->nfields; i++)
            snprintf(b->out_names[i], sizeof b->out_names[i], "%s", b->fields[i]);
    if (b->hbuf == NULL || b->hnames == NULL) {
        free(buf);
        free(header);
        return EXIT_DATABASE;
    }
    status = write_header(b, carry + start, hl, header, nh);
    free(buf);
    free(header);
    if (status != EXIT_OK)
        return status;
    memmove(carry, carry + used, n - (used < n ? used : n));
    *carry_len = used < n ? n - used : 0;
    *consumed = (long long)used;
    return EXIT_OK;
}

static void summary(const batch *b)
{
    fprintf(b->err, "vpostcode: %s: %ld row%s, %ld ok, %ld failed", b->cmd->name, b->total.rows,
            b->total.rows == 1 ? "" : "s", b->total.rows - b->total.failed, b->total.failed);
    if (b->total.warned)
        fprintf(b->err, ", %ld with a warning", b->total.warned);
    for (int i = 0; i < b->total.n; i++)
        fprintf(b->err, "%s%s %ld", i ? ", " : " (", b->total.name[i], b->total.count[i]);
    fprintf(b->err, "%s\n", b->total.n ? ")" : "");
}

int run_batch(const command *c, const options *opt, const vpc_db *db)
{
    FILE *in = strcmp(opt->input, "-") == 0 ? stdin : fopen(opt->input, "rb");
    if (in == NULL) {
        fprintf(stderr, "vpostcode: cannot open the input file %s\n", opt->input);
        return EXIT_USAGE;
    }
    /* The output is written with write(2), after anything stdio holds. */
    if (fflush(stdout) != 0) {
        fprintf(stderr, "vpostcode: cannot write the output: %s (after 0 rows)\n",
                strerror(errno ? errno : EIO));
        if (in != stdin)
            fclose(in);
        return EXIT_OUTPUT;
    }
    batch_io io = {in, NULL, STDOUT_FILENO, stderr, isatty(STDERR_FILENO), 0, 0};
    int status = run_batch_io(c, opt, db, &io);
    if (in != stdin)
        fclose(in);
    return status;
}

int run_batch_io(const command *c, const options *opt, const vpc_db *db, batch_io *io)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.cmd = c;
    b.opt = opt;
    b.db = db;
    b.nfields = command_fields(c, b.fields, RESULT_MAX_FIELDS);
    b.in = io->in;
    b.in_label = io->in_label;
    b.out_fd = io->out_fd;
    b.err = io->err;
    struct stat sb;
    b.in_size = fstat(fileno(b.in), &sb) == 0 && S_ISREG(sb.st_mode) ? (long long)sb.st_size : -1;
    b.progress = io->progress;

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
    if (status == EXIT_OUTPUT)
        fprintf(b.err, "vpostcode: cannot write the output: %s (after 0 rows)\n",
                strerror(b.write_errno));
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
    if (b.write_errno) {
        fprintf(b.err, "vpostcode: cannot write the output: %s (after %ld row%s)\n",
                strerror(b.write_errno), b.rows_written, b.rows_written == 1 ? "" : "s");
        status = EXIT_OUTPUT;
    } else if (b.worker_error) {
        fprintf(b.err, "vpostcode: a worker stopped (out of memory, or --crs %s unusable)\n",
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
        free(b.slots[i].row_end);
    }
    free(b.hbuf);
    free(b.hnames);
    free(b.slots);
    free(carry);
    io->rows = b.total.rows;
    io->failed = b.total.failed;
    return status;
}
