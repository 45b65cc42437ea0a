/*
 * strbuf.h - a growable byte buffer for the tool's output: rows are built
 * here and written with one fwrite, without stdio's per-call locking.
 */
#ifndef VPC_STRBUF_H
#define VPC_STRBUF_H

#include <stdlib.h>
#include <string.h>

typedef struct strbuf {
    char *p;
    size_t len, cap;
    int failed; /* an allocation failed: the content is incomplete */
} strbuf;

static inline int sb_reserve(strbuf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (p == NULL) {
        b->failed = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

static inline void sb_put(strbuf *b, const char *s, size_t n)
{
    if (sb_reserve(b, n)) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    }
}

static inline void sb_puts(strbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static inline void sb_putc(strbuf *b, char c)
{
    if (sb_reserve(b, 1))
        b->p[b->len++] = c;
}

#endif
