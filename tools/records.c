/*
 * records.c - the fields of one input record: CSV (RFC 4180 quoting), TSV
 * (no quoting), JSON Lines (one flat object per line).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "records.h"

int rec_split(const char *rec, size_t len, char sep, int quoting, char *buf, char **fields, int max)
{
    int n = 0;
    size_t i = 0;
    char *o = buf;
    for (;;) {
        if (n == max)
            return -1;
        fields[n++] = o;
        if (quoting && i < len && rec[i] == '"') {
            i++; /* quoted: "" stands for ", anything else is literal */
            for (;;) {
                if (i >= len)
                    return -1; /* no closing quote */
                if (rec[i] == '"') {
                    if (i + 1 < len && rec[i + 1] == '"') {
                        *o++ = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                *o++ = rec[i++];
            }
            if (i < len && rec[i] != sep)
                return -1; /* text after the closing quote */
        } else {
            while (i < len && rec[i] != sep) {
                if (quoting && rec[i] == '"')
                    return -1; /* a quote inside an unquoted field */
                *o++ = rec[i++];
            }
        }
        *o++ = '\0';
        if (i >= len)
            return n;
        i++; /* the separator */
    }
}

size_t rec_prefix(const char *rec, size_t len, char sep, int quoting, int n)
{
    int quoted = 0;
    if (n <= 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (quoting && rec[i] == '"')
            quoted = !quoted; /* "" inside quotes toggles twice */
        else if (rec[i] == sep && !quoted && --n == 0)
            return i;
    }
    return len;
}

size_t rec_end(const char *buf, size_t i, size_t n, int quoting, char sep)
{
    int field_start = 1, quoted = 0;
    for (; i < n; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 >= n)
                    return 0; /* "" or the closing quote: the next byte decides */
                if (buf[i + 1] == '"')
                    i++;
                else
                    quoted = 0;
            }
            continue;
        }
        if (c == '\n')
            return i + 1;
        if (quoting && c == '"' && field_start) {
            quoted = 1;
            field_start = 0;
            continue;
        }
        field_start = c == sep;
    }
    return 0;
}

int csv_step(csv_state *q, char c, int quoting, char sep)
{
    if (q->quote_seen) {
        q->quote_seen = 0;
        if (c == '"')
            return 0; /* a doubled quote, still inside */
        q->quoted = 0;
    }
    if (q->quoted) {
        q->quote_seen = c == '"';
        return 0;
    }
    if (c == '\n')
        return 1;
    if (quoting && c == '"' && q->field_start) {
        q->quoted = 1;
        q->field_start = 0;
        return 0;
    }
    q->field_start = c == sep;
    return 0;
}

/* ---- JSON Lines ---------------------------------------------------------- */

static size_t skip_ws(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* The 4 hex digits at s[i..len) as a number, or -1. */
static long hex4(const char *s, size_t i, size_t len)
{
    long v = 0;
    if (i + 4 > len)
        return -1;
    for (size_t k = i; k < i + 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A JSON string starting at s[i] == '"': its end (after the closing quote),
 * or 0. With out != NULL, its value is copied there, the escapes read
 * (\uXXXX as UTF-8, a surrogate pair as one character; a lone surrogate
 * and \u0000 become U+FFFD; a \u without 4 hex digits is kept as written). */
static size_t json_string(const char *s, size_t i, size_t len, char *out, size_t outsize)
{
    size_t k = 0;
    for (i++; i < len; i++) {
        char c = s[i];
        if (c == '"') {
            if (out)
                out[k < outsize ? k : outsize - 1] = '\0';
            return i + 1;
        }
        if (c == '\\') {
            if (++i >= len)
                return 0;
            long cp = s[i] == 'u' ? hex4(s, i + 1, len) : -1;
            if (cp >= 0) {
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && i + 2 < len && s[i + 1] == '\\' &&
                    s[i + 2] == 'u') {
                    long lo = hex4(s, i + 3, len);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                }
                if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) /* NUL would end the text */
                    cp = 0xFFFD;
                char u[4];
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (n == 1) {
                    u[0] = (char)cp;
                } else {
                    for (int j = n - 1; j > 0; j--, cp >>= 6)
                        u[j] = (char)(0x80 | (cp & 0x3F));
                    u[0] = (char)((n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0) | cp);
                }
                for (int j = 0; j < n && out; j++)
                    if (k + 1 < outsize)
                        out[k++] = u[j];
                continue;
            }
            c = s[i] == 'n' ? '\n' : s[i] == 't' ? '\t' : s[i] == 'r' ? '\r' : s[i] == 'b' ? '\b'
                : s[i] == 'f' ? '\f' : s[i] == 'u' ? 'u' : s[i];
            if (s[i] == 'u' && out && k + 1 < outsize)
                out[k++] = '\\';
        }
        if (out && k + 1 < outsize)
            out[k++] = c;
    }
    return 0;
}

/* The end of the JSON value starting at s[i], or 0 if malformed. */
static size_t json_skip(const char *s, size_t i, size_t len)
{
    if (i >= len)
        return 0;
    if (s[i] == '"')
        return json_string(s, i, len, NULL, 0);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < len) {
            if (s[i] == '"') {
                i = json_string(s, i, len, NULL, 0);
                if (i == 0)
                    return 0;
                continue;
            }
            if (s[i] == '{' || s[i] == '[')
                depth++;
            else if (s[i] == '}' || s[i] == ']')
                if (--depth == 0)
                    return i + 1;
            i++;
        }
        return 0;
    }
    size_t start = i; /* number, true, false, null */
    while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '+' || s[i] == '.'))
        i++;
    return i > start ? i : 0;
}

int jsonl_get(const char *rec, size_t len, const char *key, char *out, size_t outsize)
{
    char name[256];
    if (outsize == 0)
        return JSONL_MISSING; /* no room even for the terminating NUL */
    size_t i = skip_ws(rec, 0, len);
    if (i >= len || rec[i] != '{')
        return JSONL_MALFORMED;
    i = skip_ws(rec, i + 1, len);
    if (i < len && rec[i] == '}')
        return JSONL_MISSING;
    while (i < len) {
        if (rec[i] != '"')
            return JSONL_MALFORMED;
        i = json_string(rec, i, len, name, sizeof name);
        if (i == 0)
            return JSONL_MALFORMED;
        i = skip_ws(rec, i, len);
        if (i >= len || rec[i] != ':')
            return JSONL_MALFORMED;
        i = skip_ws(rec, i + 1, len);
        size_t end = json_skip(rec, i, len);
        if (end == 0)
            return JSONL_MALFORMED;
        if (strcasecmp(name, key) == 0) {
            if (rec[i] == '"') {
                json_string(rec, i, len, out, outsize);
            } else {
                size_t n = end - i < outsize ? end - i : outsize - 1;
                memcpy(out, rec + i, n);
                out[n] = '\0';
            }
            return JSONL_FOUND;
        }
        i = skip_ws(rec, end, len);
        if (i < len && rec[i] == '}')
            return JSONL_MISSING;
        if (i >= len || rec[i] != ',')
            return JSONL_MALFORMED;
        i = skip_ws(rec, i + 1, len);
    }
    return JSONL_MALFORMED;
}

int jsonl_valid(const char *rec, size_t len)
{
    size_t i = skip_ws(rec, 0, len);
    if (i >= len || rec[i] != '{')
        return 0;
    i = skip_ws(rec, i + 1, len);
    if (i < len && rec[i] == '}')
        return skip_ws(rec, i + 1, len) == len;
    while (i < len && rec[i] == '"') {
        i = json_string(rec, i, len, NULL, 0);
        if (i == 0)
            return 0;
        i = skip_ws(rec, i, len);
        if (i >= len || rec[i] != ':')
            return 0;
        i = json_skip(rec, skip_ws(rec, i + 1, len), len);
        if (i == 0)
            return 0;
        i = skip_ws(rec, i, len);
        if (i < len && rec[i] == '}')
            return skip_ws(rec, i + 1, len) == len;
        if (i >= len || rec[i] != ',')
            return 0;
        i = skip_ws(rec, i + 1, len);
    }
    return 0;
}

int jsonl_is_empty_object(const char *rec, size_t len)
{
    size_t i = skip_ws(rec, 0, len);
    return i < len && rec[i] == '{' && skip_ws(rec, i + 1, len) < len &&
           rec[skip_ws(rec, i + 1, len)] == '}';
}
