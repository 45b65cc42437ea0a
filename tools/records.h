/*
 * records.h - reading the fields of one input record.
 */
#ifndef VPC_RECORDS_H
#define VPC_RECORDS_H

#include <stddef.h>

/* Split a CSV (quoting: RFC 4180 quotes; sep ',', or another one such as
 * ';' given by --delimiter) or TSV (sep '\t', no quoting) record of len
 * bytes, without its line end, into at most max fields. The unquoted field
 * texts go to buf (at least len + max bytes), their starts to fields.
 * Returns the number of fields, or -1 if the quoting is broken or there are
 * more than max fields. */
int rec_split(const char *rec, size_t len, char sep, int quoting, char *buf, char **fields, int max);

/* The length of the first n fields of a record that rec_split accepts,
 * without the separator after them (so that a record's trailing empty
 * fields can be cut off as written). */
size_t rec_prefix(const char *rec, size_t len, char sep, int quoting, int n);

/* The end (just past its line end) of the record starting at buf[i], or 0
 * if buf[i..n) holds no complete record. With quoting (CSV), a '"' opens a
 * quoted field only at the start of a field, "" inside it is a quote, and
 * a line end inside it belongs to the field; a stray quote elsewhere is
 * left for rec_split to reject, so it can never swallow the lines after
 * it. Without quoting (TSV, JSON Lines) a record is a line. A quoted field
 * that stays open to the end of the data makes the record incomplete. */
size_t rec_end(const char *buf, size_t i, size_t n, int quoting, char sep);

/* Is the record a whole, well-formed JSON object (and nothing else)? */
int jsonl_valid(const char *rec, size_t len);

/* rec_end's rule over a stream, one byte at a time (for skipping a record
 * too long to hold): a quote opens only at a field's start; inside quotes,
 * a quote closes them unless the next byte is another quote. Start from
 * CSV_STATE_START. */
typedef struct {
    int quoted, field_start, quote_seen;
} csv_state;
#define CSV_STATE_START {0, 1, 0}

/* 1 if byte c ends the record. */
int csv_step(csv_state *q, char c, int quoting, char sep);

#define JSONL_FOUND 1
#define JSONL_MISSING 0
#define JSONL_MALFORMED (-1)

/* The value of top-level member `key` of a JSON object on one line: a
 * string's text, or a number, true, false or null as written, cut to fit
 * out[outsize] (outsize at least 1). Member names are matched ignoring
 * ASCII case, as CSV headers are; the first match wins. */
int jsonl_get(const char *rec, size_t len, const char *key, char *out, size_t outsize);

/* Is the record "{}" (so that added members need no leading comma)? */
int jsonl_is_empty_object(const char *rec, size_t len);

#endif
