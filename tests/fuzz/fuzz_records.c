/*
 * fuzz_records.c - the command-line tool's record reader (tools/records.c,
 * compiled into this program as it is): rec_end, rec_split, rec_prefix, jsonl_valid,
 * jsonl_get and jsonl_is_empty_object, over CSV, TSV and JSON Lines.
 *
 * The data is read as a stream (fmemopen) the way tools/batch.c reads its
 * input: the first line settles the format and the header, then slots of
 * whole records are filled, a record longer than a slot is skipped to its
 * end and stands as one RECORD_TOO_LONG, and each record of a slot is
 * split into fields.
 * batch.c's reading functions are static parts of its threaded driver, so
 * this file follows them in a single thread (prepare, fill, worker); keep
 * it in step when batch.c changes how it reads. The limits are parameters
 * here, small and large: the slot size (batch.c: 256 KiB), the number of
 * fields (batch.c: 4096) and the size of a JSON value's buffer.
 *
 * Input: one configuration byte, then the data.
 *
 * Invariants (a broken one traps; ASan/LSan catch the rest):
 *   - rec_end returns 0 or a position just past a '\n', after where it
 *     started and within the data;
 *   - rec_split writes only the len + max bytes and max pointers it is
 *     given, its fields lie in them, and their lengths add up to at most
 *     the record's; TSV fields are exactly the text between tabs; a CSV
 *     record quoted again field by field splits into the same fields;
 *   - jsonl_get writes at most outsize bytes, NUL-terminated; an object
 *     jsonl_valid accepts is never MALFORMED to jsonl_get;
 *   - the records of a stream never add up to more than its bytes, and
 *     cut into slots it gives the records it gives cut whole, each one
 *     longer than a slot replaced by one RECORD_TOO_LONG: the reading
 *     goes on where rec_end says that record ends.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_common.h"

#include "records.h"

enum { FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSONL };

typedef struct {
    int fmt;          /* FMT_CSV, FMT_TSV or FMT_JSONL once settled */
    char sep;
    size_t slot;      /* bytes per slot */
    int max_fields;
    size_t outsize;   /* JSON value buffer */
    int no_header;
    int too_long;     /* the slot stands for a record longer than a slot */
    unsigned char *log; /* every record read, as length + bytes */
    size_t log_len, log_cap;
} config;

/* A record's length in the log standing for RECORD_TOO_LONG. */
#define TOO_LONG ((size_t)-1)

/* Note a record in c's log (rec NULL and len TOO_LONG: one too long). */
static void log_record(config *c, const char *rec, size_t len)
{
    if (len == TOO_LONG) {
        if (c->log_len + sizeof len > c->log_cap) {
            c->log_cap = 2 * (c->log_len + sizeof len);
            c->log = realloc(c->log, c->log_cap);
            FUZZ_CHECK(c->log != NULL);
        }
        memcpy(c->log + c->log_len, &len, sizeof len);
        c->log_len += sizeof len;
        return;
    }
    if (c->log_len + len + sizeof len > c->log_cap) {
        c->log_cap = 2 * (c->log_len + len + sizeof len);
        c->log = realloc(c->log, c->log_cap);
        FUZZ_CHECK(c->log != NULL);
    }
    memcpy(c->log + c->log_len, &len, sizeof len);
    memcpy(c->log + c->log_len + sizeof len, rec, len);
    c->log_len += sizeof len + len;
}

static const char *const keys[] = {
    "lat", "latitude", "lon", "lng", "long", "longitude", "code", "vpostcode", "postcode",
    "x", "y", "status", "", "id", NULL,
};

static void check_rec_end(const char *buf, size_t i, size_t n, int quoting, char sep, size_t end)
{
    if (end == 0) {
        /* Unquoted, no line end at all; quoted, perhaps one inside quotes. */
        if (!quoting)
            FUZZ_CHECK(memchr(buf + i, '\n', n - i) == NULL);
        return;
    }
    FUZZ_CHECK(end > i && end <= n && buf[end - 1] == '\n');
    const char *first = memchr(buf + i, '\n', n - i);
    FUZZ_CHECK(first != NULL);
    if (!quoting)
        FUZZ_CHECK((size_t)(first - buf) + 1 == end);
    else
        FUZZ_CHECK((size_t)(first - buf) + 1 <= end);
    (void)sep;
}

/* Split with buffers of exactly the documented sizes. */
static int split(const char *rec, size_t len, char sep, int max, char ***fields_out, char **buf_out)
{
    char *buf = malloc(len + (size_t)max + 1); /* +1: malloc(0) */
    char **fields = malloc(((size_t)max + 1) * sizeof *fields);
    int n = rec_split(rec, len, sep, sep != '\t', buf, fields, max);
    FUZZ_CHECK(n == -1 || (n >= 1 && n <= max));
    size_t total = 0;
    for (int k = 0; k < n; k++) {
        FUZZ_CHECK(fields[k] >= buf && fields[k] < buf + len + max);
        size_t flen = strnlen(fields[k], len + (size_t)max - (size_t)(fields[k] - buf));
        FUZZ_CHECK(fields[k] + flen < buf + len + max); /* NUL-terminated inside */
        if (k > 0)
            FUZZ_CHECK(fields[k] > fields[k - 1] && fields[k] >= fields[k - 1] + strlen(fields[k - 1]) + 1);
        total += flen;
    }
    FUZZ_CHECK(total <= len);
    *fields_out = fields;
    *buf_out = buf;
    return n;
}

static void check_split(const char *rec, size_t len, char sep, int max)
{
    char **fields, *buf;
    int n = split(rec, len, sep, max, &fields, &buf);

    /* The exact checks below read fields as strings: not with NUL bytes. */
    if (memchr(rec, '\0', len) != NULL) {
        free(fields);
        free(buf);
        return;
    }
    /* Without quotes a field is exactly the text between separators. */
    int quotes = memchr(rec, '"', len) != NULL;
    if (sep == '\t' || !quotes) {
        size_t seps = 0;
        for (size_t i = 0; i < len; i++)
            seps += rec[i] == sep;
        FUZZ_CHECK(n == (seps + 1 <= (size_t)max ? (int)(seps + 1) : -1));
        size_t at = 0;
        for (int k = 0; k < n; k++) {
            size_t flen = strlen(fields[k]);
            FUZZ_CHECK(memcmp(fields[k], rec + at, flen) == 0);
            at += flen;
            FUZZ_CHECK(at == len || rec[at] == sep);
            at++;
        }
    }
    /* rec_prefix: the first k fields, cut as written, split to the same k
     * fields (how the batch drops a record's trailing empty fields). */
    for (int k = 1; k <= n && k <= 8; k++) {
        size_t plen = rec_prefix(rec, len, sep, sep != '\t', k);
        FUZZ_CHECK(plen <= len && (plen == len || rec[plen] == sep));
        char **fp, *bp;
        int np = split(rec, plen, sep, max, &fp, &bp);
        FUZZ_CHECK(np == k);
        for (int j = 0; j < k; j++)
            FUZZ_CHECK(strcmp(fp[j], fields[j]) == 0);
        free(fp);
        free(bp);
    }
    if (sep != '\t' && quotes && n > 0) {
        /* RFC 4180 round trip: quote every field, split again. */
        size_t cap = 2 * len + 3 * (size_t)n + 1, o = 0;
        char *again = malloc(cap);
        for (int k = 0; k < n; k++) {
            if (k > 0)
                again[o++] = ',';
            again[o++] = '"';
            for (const char *p = fields[k]; *p; p++) {
                if (*p == '"')
                    again[o++] = '"';
                again[o++] = *p;
            }
            again[o++] = '"';
        }
        FUZZ_CHECK(o < cap);
        char **f2, *b2;
        int n2 = split(again, o, ',', max, &f2, &b2);
        FUZZ_CHECK(n2 == n);
        for (int k = 0; k < n; k++)
            FUZZ_CHECK(strcmp(f2[k], fields[k]) == 0);
        free(f2);
        free(b2);
        free(again);
    }
    free(fields);
    free(buf);
}

static void check_json(const char *rec, size_t len, size_t outsize)
{
    int valid = jsonl_valid(rec, len);
    FUZZ_CHECK(valid == 0 || valid == 1);
    int empty = jsonl_is_empty_object(rec, len);
    char *out = malloc(outsize);
    for (int k = 0; keys[k] != NULL; k++) {
        memset(out, 'Z', outsize);
        int r = jsonl_get(rec, len, keys[k], out, outsize);
        FUZZ_CHECK(r == JSONL_FOUND || r == JSONL_MISSING || r == JSONL_MALFORMED);
        if (valid)
            FUZZ_CHECK(r != JSONL_MALFORMED);
        if (empty)
            FUZZ_CHECK(r == JSONL_MISSING);
        if (r == JSONL_FOUND)
            FUZZ_CHECK(memchr(out, '\0', outsize) != NULL);
    }
    free(out);
}

/* What batch.c's worker does with one record (do_record, write_row). */
static void one_record(const config *c, const char *rec, size_t len)
{
    if (c->fmt == FMT_JSONL) {
        check_json(rec, len, c->outsize);
        check_json(rec, len, 256);
        size_t end = len;
        while (end > 0 && (rec[end - 1] == ' ' || rec[end - 1] == '\t' || rec[end - 1] == '\r' ||
                           rec[end - 1] == '\n' || rec[end - 1] == '\v' || rec[end - 1] == '\f'))
            end--;
        (void)jsonl_is_empty_object(rec, end);
    } else {
        check_split(rec, len, c->sep, c->max_fields);
    }
}

/* batch.c's worker loop over one slot. Returns the bytes of the records. */
static size_t run_slot(config *c, const char *in, size_t in_len)
{
    size_t used = 0;
    if (c->too_long) { /* the slot stands for one record, not kept */
        FUZZ_CHECK(in_len == 0);
        log_record(c, NULL, TOO_LONG);
    }
    for (size_t i = 0; i < in_len;) {
        const char *rec = in + i;
        size_t end = rec_end(in, i, in_len, c->fmt == FMT_CSV, c->sep);
        check_rec_end(in, i, in_len, c->fmt == FMT_CSV, c->sep, end);
        if (end == 0)
            end = in_len;
        FUZZ_CHECK(end > i);
        size_t len = end - i - 1;
        i = end;
        used += len + 1;
        log_record(c, rec, len);
        if (len > 0 && rec[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (rec[k] == ' ' || rec[k] == '\t'))
            k++;
        if (k == len && (len == 0 || c->fmt == FMT_JSONL))
            continue;
        one_record(c, rec, len);
    }
    return used;
}

static size_t whole_records(const config *c, const char *buf, size_t n)
{
    size_t last = 0, end;
    while ((end = rec_end(buf, last, n, c->fmt == FMT_CSV, c->sep)) != 0) {
        check_rec_end(buf, last, n, c->fmt == FMT_CSV, c->sep, end);
        last = end;
    }
    return last;
}



/* batch.c's fill(): the next slot of whole records. */
static int fill(config *c, FILE *f, char *s_in, size_t *s_len, char *carry, size_t *carry_len)
{
    size_t n = *carry_len;
    memcpy(s_in, carry, n);
    while (n < c->slot) {
        size_t got = fread(s_in + n, 1, c->slot - n, f);
        if (got == 0)
            break;
        n += got;
    }
    if (n == 0)
        return 0;
    size_t whole = whole_records(c, s_in, n);
    if (whole == 0 && n < c->slot) {
        s_in[n] = '\n';
        whole = n + 1;
        n = whole;
    } else if (whole == 0) {
        /* One record larger than a slot: skipped to its end (a line end
         * inside CSV quotes does not end it); the slot stands for it. */
        csv_state q = CSV_STATE_START;
        int ch, quoting = c->fmt == FMT_CSV;
        for (size_t i = 0; i < n; i++)
            csv_step(&q, s_in[i], quoting, c->sep);
        while ((ch = fgetc(f)) != EOF && !csv_step(&q, (char)ch, quoting, c->sep)) {
        }
        c->too_long = 1;
        *s_len = 0;
        *carry_len = 0;
        return 1;
    }
    c->too_long = 0;
    *carry_len = n - whole;
    memcpy(carry, s_in + whole, *carry_len);
    *s_len = whole;
    return 1;
}

/* batch.c's prepare(): format, header, and what is left of the first read.
 * Returns the bytes of the input it took (byte order mark, header line),
 * or (size_t)-1 where batch.c stops: a header it cannot read. */
static size_t prepare(config *c, FILE *f, char *carry, size_t *carry_len, int fmt)
{
    size_t n = fread(carry, 1, c->slot, f);
    size_t start = 0;
    if (n >= 3 && memcmp(carry, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    const char *nl = memchr(carry + start, '\n', n - start);
    size_t line_len = nl ? (size_t)(nl - carry - start) : n - start;
    if (fmt == FMT_AUTO) {
        size_t i = 0;
        while (i < line_len && (carry[start + i] == ' ' || (carry[start + i] >= '\t' && carry[start + i] <= '\r')))
            i++;
        fmt = i < line_len && carry[start + i] == '{' ? FMT_JSONL
              : memchr(carry + start, '\t', line_len) ? FMT_TSV : FMT_CSV;
    }
    c->fmt = fmt;
    c->sep = fmt == FMT_TSV ? '\t' : ',';
    if (fmt != FMT_JSONL && !c->no_header) {
        size_t hl = line_len;
        if (hl > 0 && carry[start + hl - 1] == '\r')
            hl--;
        check_split(carry + start, hl, c->sep, c->max_fields);
        char **fields, *buf;
        int nh = split(carry + start, hl, c->sep, 4096, &fields, &buf); /* batch.c's MAX_FIELDS */
        free(fields);
        free(buf);
        if (nh < 0 || (nl == NULL && n == c->slot))
            return (size_t)-1;
        size_t used = start + line_len + (nl != NULL);
        memmove(carry, carry + used, n - (used < n ? used : n));
        *carry_len = used < n ? n - used : 0;
        return used;
    }
    memmove(carry, carry + start, n - start);
    *carry_len = n - start;
    return start;
}

/* The records of data[0, n) cut all at once, as the slots should cut
 * them: the same records as the stream's, each one that a slot cannot hold
 * (with its line end) standing as one RECORD_TOO_LONG. */
static void check_same_records(const config *c, const char *data, size_t n)
{
    config whole = *c;
    whole.log = NULL;
    whole.log_len = whole.log_cap = 0;
    for (size_t i = 0; i < n;) {
        size_t end = rec_end(data, i, n, c->fmt == FMT_CSV, c->sep);
        size_t len = end ? end - i - 1 : n - i; /* no line end, or a quote left open: the rest */
        log_record(&whole, data + i, len >= c->slot ? TOO_LONG : len);
        if (end == 0)
            break;
        i = end;
    }
    FUZZ_CHECK(whole.log_len == c->log_len);
    FUZZ_CHECK(c->log_len == 0 || memcmp(whole.log, c->log, c->log_len) == 0);
    free(whole.log);
}

static void *xmalloc_copy(const void *p, size_t n)
{
    void *c = malloc(n);
    FUZZ_CHECK(c != NULL);
    return memcpy(c, p, n);
}

static void run_stream(const uint8_t *data, size_t size, config c, int fmt)
{
    if (size == 0)
        return; /* fmemopen wants at least one byte */
    /* fmemopen takes a non-const buffer: give it a copy. */
    void *copy = xmalloc_copy(data, size);
    FILE *f = fmemopen(copy, size, "rb");
    FUZZ_CHECK(f != NULL);
    char *carry = malloc(c.slot + 1);
    char *s_in = malloc(c.slot + 2);
    size_t carry_len = 0, s_len = 0, total = 0;
    size_t used = prepare(&c, f, carry, &carry_len, fmt);
    if (used != (size_t)-1) {
        while (fill(&c, f, s_in, &s_len, carry, &carry_len)) {
            if (c.too_long)
                FUZZ_CHECK(s_len == 0);
            else
                FUZZ_CHECK(s_len >= 1 && s_len <= c.slot + 1 && s_in[s_len - 1] == '\n');
            total += run_slot(&c, s_in, s_len);
        }
        /* The records are the input's bytes, plus at most the line end a
         * slot adds at the end of the input. */
        FUZZ_CHECK(total <= size - used + 1);
        /* Cut into slots, the input gives the records it gives whole. */
        check_same_records(&c, (const char *)data + used, size - used);
    }
    free(c.log);
    fclose(f);
    free(copy);
    free(carry);
    free(s_in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t slots[] = {16, 100, 4096, 256 * 1024};
    static const int maxes[] = {1, 4, 64, 4096};
    if (size == 0)
        return 0;
    uint8_t cfg = data[0];
    data++;
    size--;

    config c;
    memset(&c, 0, sizeof c);
    c.slot = slots[(cfg >> 2) & 3];
    c.no_header = (cfg >> 4) & 1;
    c.max_fields = maxes[(cfg >> 5) & 3];
    c.outsize = (cfg & 0x80) ? 1 + (size % 16) : 256;
    run_stream(data, size, c, cfg & 3);

    /* The whole input as one record, in every format, with the limits
     * small and large. */
    const char *rec = (const char *)data;
    for (int m = 0; m < 4; m++) {
        check_split(rec, size, ',', maxes[m]);
        check_split(rec, size, '\t', maxes[m]);
        check_split(rec, size, ';', maxes[m]); /* --delimiter ';', quoted */
    }
    check_json(rec, size, 1);
    check_json(rec, size, 7);
    check_json(rec, size, 256);
    for (int q = 0; q < 2; q++) {
        size_t i = 0, end;
        while (i < size && (end = rec_end(rec, i, size, q, q ? ',' : '\t')) != 0) {
            check_rec_end(rec, i, size, q, ',', end);
            i = end;
        }
    }
    return 0;
}
