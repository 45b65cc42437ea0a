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

void csv_put_field(strbuf *out, const char *s, char sep)
{
    if (strpbrk(s, sep == '\t' ? "\t\n\r" : ",\"\n\r") == NULL && (sep == '\t' || s[0] != ' ')) {
        sb_puts(out, s);
        return;
    }
    if (sep == '\t') { /* TSV has no quoting: keep the row on one line */
        for (; *s; s++)
            sb_putc(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
        return;
    }
    sb_putc(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            sb_putc(out, '"');
        sb_putc(out, *s);
    }
    sb_putc(out, '"');
}

void json_put_string(strbuf *out, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    sb_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            sb_putc(out, '\\');
            sb_putc(out, (char)*p);
        } else if (*p < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            sb_put(out, esc, 6);
        } else {
            sb_putc(out, (char)*p);
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
            sb_puts(out, r->value[i]);
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
