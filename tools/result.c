/*
 * result.c - a command's answer as named fields, and writing it as text,
 * JSON or CSV.
 */
#include <stdarg.h>
#include <string.h>

#include "cli.h"

void result_clear(result *r)
{
    r->n = 0;
    r->status = "ok";
    r->failed = 0;
    r->keep = 0;
    r->note[0] = '\0';
}

void result_add(result *r, const char *name, const char *fmt, ...)
{
    if (r->n == RESULT_MAX_FIELDS)
        return;
    va_list ap;
    va_start(ap, fmt);
    r->name[r->n] = name;
    vsnprintf(r->value[r->n], RESULT_VALUE_SIZE, fmt, ap);
    va_end(ap);
    r->n++;
}

void result_set_text(result *r, int i, const char *text)
{
    size_t n = strlen(text);
    if (n >= RESULT_VALUE_SIZE)
        n = RESULT_VALUE_SIZE - 1;
    memcpy(r->value[i], text, n);
    r->value[i][n] = '\0';
}

void result_fail(result *r, const char *status)
{
    r->status = status;
    r->failed = 1;
}

long utf8_decode(const char *s, int *len)
{
    const unsigned char *p = (const unsigned char *)s;
    long c;
    int n;
    *len = 1;
    if (p[0] < 0x80)
        return p[0];
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        c = p[0] & 0x1F, n = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        c = p[0] & 0x0F, n = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        c = p[0] & 0x07, n = 4;
    else
        return -1;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) /* also stops at the NUL */
            return -1;
        c = (c << 6) | (p[i] & 0x3F);
    }
    /* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return -1;
    *len = n;
    return c;
}

size_t utf8_position(const char *s, size_t off)
{
    size_t pos = 1;
    for (size_t i = 0; i < off && s[i] != '\0'; pos++) {
        int n;
        utf8_decode(s + i, &n);
        i += (size_t)n;
    }
    return pos;
}

void sb_put_utf8(strbuf *out, const char *s)
{
    while (*s) {
        size_t run = 0; /* ASCII and valid sequences go out as they are */
        int n;
        while (s[run] != '\0' && utf8_decode(s + run, &n) >= 0)
            run += (size_t)n;
        sb_put(out, s, run);
        s += run;
        if (*s) {
            sb_puts(out, "\xEF\xBF\xBD"); /* U+FFFD */
            s++;
        }
    }
}

void csv_put_field(strbuf *out, const char *s, char sep)
{
    if (strpbrk(s, sep == '\t' ? "\t\n\r" : ",\"\n\r") == NULL && (sep == '\t' || s[0] != ' ')) {
        sb_put_utf8(out, s);
        return;
    }
    if (sep == '\t') { /* TSV has no quoting: keep the row on one line */
        for (; *s; s++) {
            int n;
            if (*s == '\t' || *s == '\n' || *s == '\r')
                sb_putc(out, ' ');
            else if (utf8_decode(s, &n) < 0)
                sb_puts(out, "\xEF\xBF\xBD");
            else
                sb_put(out, s, (size_t)n), s += n - 1;
        }
        return;
    }
    sb_putc(out, '"');
    for (; *s; s++) {
        int n;
        if (*s == '"')
            sb_putc(out, '"');
        if (utf8_decode(s, &n) < 0)
            sb_puts(out, "\xEF\xBF\xBD");
        else
            sb_put(out, s, (size_t)n), s += n - 1;
    }
    sb_putc(out, '"');
}

void json_put_string(strbuf *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sb_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int n;
        if (*p == '"' || *p == '\\') {
            sb_putc(out, '\\');
            sb_putc(out, (char)*p);
        } else if (*p < 0x20 || *p == 0x7F) {
            char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            sb_put(out, esc, 6);
        } else if (*p < 0x80) {
            sb_putc(out, (char)*p);
        } else if (utf8_decode((const char *)p, &n) < 0) {
            sb_puts(out, "\\ufffd"); /* never invalid UTF-8 in JSON */
        } else {
            sb_put(out, (const char *)p, (size_t)n);
            p += n - 1;
        }
    }
    sb_putc(out, '"');
}

void write_json_members(strbuf *out, const result *r, const char *const *names)
{
    for (int i = 0; i < r->n; i++) {
        json_put_string(out, names ? names[i] : r->name[i]);
        sb_putc(out, ':');
        json_put_string(out, r->value[i]);
        sb_putc(out, ',');
    }
    sb_puts(out, "\"status\":");
    json_put_string(out, r->status);
    sb_puts(out, "}\n");
}

void write_result(strbuf *out, const result *r, out_format f, int header)
{
    switch (f) {
    case OUT_TEXT:
        for (int i = 0; i < r->n; i++) {
            if (r->value[i][0] == '\0')
                continue;
            size_t n = strlen(r->name[i]);
            sb_put(out, r->name[i], n);
            do
                sb_putc(out, ' ');
            while (++n < 15);
            sb_put_utf8(out, r->value[i]);
            sb_putc(out, '\n');
        }
        break;
    case OUT_JSON:
        sb_putc(out, '{');
        write_json_members(out, r, NULL);
        break;
    case OUT_CSV:
        if (header) {
            for (int i = 0; i < r->n; i++) {
                csv_put_field(out, r->name[i], ',');
                sb_putc(out, ',');
            }
            sb_puts(out, "status\n");
        }
        for (int i = 0; i < r->n; i++) {
            csv_put_field(out, r->value[i], ',');
            sb_putc(out, ',');
        }
        sb_puts(out, r->status);
        sb_putc(out, '\n');
        break;
    }
}
