/*
 * httpreq.c - reading the request target: percent-decoding, parameters,
 * routes.
 */
#include <string.h>

#include "httpreq.h"

static int hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 1 if s[0..n) is valid UTF-8 (RFC 3629: no overlongs, no surrogates, at
 * most U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return 0;
        }
        if (n - i <= k)
            return 0;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return 0;
        for (size_t j = 2; j <= k; j++)
            if (s[i + j] < 0x80 || s[i + j] > 0xBF)
                return 0;
        i += k + 1;
    }
    return 1;
}

/* Decode raw[from..to) into out (room checked by the caller): *slash set
 * when an encoded '/' was met. */
static http_target_error decode(const char *raw, size_t from, size_t to, int plus_space,
                                char *out, size_t *outlen, size_t *err_at, int *slash)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c == '%') {
            /* two characters must follow, within the part */
            int h = i + 2 < to ? hex(raw[i + 1]) : -1, l = i + 2 < to ? hex(raw[i + 2]) : -1;
            if (h < 0 || l < 0) {
                *err_at = i;
                return TARGET_BAD_ESCAPE;
            }
            c = (unsigned char)(h * 16 + l);
            if (c == 0) {
                *err_at = i;
                return TARGET_NUL;
            }
            if (c == '/' && slash != NULL)
                *slash = 1;
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        } else if (c == 0) {
            *err_at = i;
            return TARGET_NUL;
        }
        out[n++] = (char)c;
    }
    out[n] = '\0';
    *outlen = n;
    if (!valid_utf8((const unsigned char *)out, n)) {
        *err_at = from;
        return TARGET_BAD_UTF8;
    }
    return TARGET_OK;
}

http_target_error http_parse_target(const char *raw, size_t len, http_target *t, char *buf,
                                    size_t bufsize)
{
    memset(t, 0, sizeof *t);
    if (len == 0 || raw[0] != '/') {
        t->error_offset = 0;
        return TARGET_NOT_ORIGIN_FORM;
    }
    size_t q = 0;
    while (q < len && raw[q] != '?' && raw[q] != '#')
        q++;
    /* Every decoded string is no longer than its raw text, plus its NUL. */
    size_t used = 0, n;
    if (bufsize < q + 1)
        return TARGET_TOO_LONG;
    int slash = 0;
    http_target_error e = decode(raw, 0, q, 0, buf, &n, &t->error_offset, &slash);
    if (e != TARGET_OK)
        return e;
    if (slash || strstr(buf, "//") != NULL) {
        t->error_offset = 0;
        return TARGET_BAD_PATH;
    }
    for (const char *s = buf; (s = strchr(s, '/')) != NULL; s++) {
        size_t k = strcspn(s + 1, "/");
        if ((k == 1 && s[1] == '.') || (k == 2 && s[1] == '.' && s[2] == '.')) {
            t->error_offset = 0;
            return TARGET_BAD_PATH;
        }
    }
    t->path = buf;
    used = n + 1;
    if (q == len || raw[q] == '#')
        return TARGET_OK;
    size_t end = q + 1;
    while (end < len && raw[end] != '#')
        end++;
    for (size_t i = q + 1; i < end;) {
        size_t amp = i;
        while (amp < end && raw[amp] != '&')
            amp++;
        size_t eq = i;
        while (eq < amp && raw[eq] != '=')
            eq++;
        if (eq > i) { /* a parameter with a name */
            if (t->nparams == HTTP_MAX_PARAMS) {
                t->error_offset = i;
                return TARGET_TOO_MANY_PARAMS;
            }
            size_t vlen = eq < amp ? amp - eq - 1 : 0;
            if (bufsize - used < (eq - i) + vlen + 2)
                return TARGET_TOO_LONG;
            char *name = buf + used;
            e = decode(raw, i, eq, 1, name, &n, &t->error_offset, NULL);
            if (e != TARGET_OK)
                return e;
            used += n + 1;
            char *value = buf + used;
            e = decode(raw, eq < amp ? eq + 1 : amp, amp, 1, value, &n, &t->error_offset, NULL);
            if (e != TARGET_OK)
                return e;
            used += n + 1;
            if (name[0] != '\0') {
                for (int k = 0; k < t->nparams; k++)
                    if (strcmp(t->params[k].name, name) == 0) {
                        t->error_offset = i;
                        t->error_name = t->params[k].name;
                        return TARGET_DUPLICATE;
                    }
                t->params[t->nparams].name = name;
                t->params[t->nparams].value = value;
                t->nparams++;
            }
        }
        i = amp + 1;
    }
    return TARGET_OK;
}

const char *http_target_message(http_target_error e)
{
    switch (e) {
    case TARGET_OK:
        return "the request target is well-formed";
    case TARGET_NOT_ORIGIN_FORM:
        return "the request target does not start with '/'";
    case TARGET_BAD_ESCAPE:
        return "bad percent-encoding: '%' must be followed by two hexadecimal digits";
    case TARGET_NUL:
        return "the request target encodes a NUL byte (%00)";
    case TARGET_BAD_UTF8:
        return "a decoded path or parameter is not valid UTF-8";
    case TARGET_BAD_PATH:
        return "the path has an encoded '/', an empty, '.' or '..' segment";
    case TARGET_TOO_MANY_PARAMS:
        return "too many query parameters";
    case TARGET_DUPLICATE:
        return "a query parameter is given twice";
    case TARGET_TOO_LONG:
        return "the request target is too long";
    }
    return "the request target is malformed";
}

const char *http_param_get(const http_target *t, const char *name)
{
    for (int i = 0; i < t->nparams; i++)
        if (strcmp(t->params[i].name, name) == 0)
            return t->params[i].value;
    return NULL;
}

int http_param_flag(const http_target *t, const char *name, int def)
{
    const char *v = http_param_get(t, name);
    if (v == NULL)
        return def;
    if (!*v || !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"))
        return 1;
    if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no"))
        return 0;
    return -1;
}

/* ---- routes ------------------------------------------------------------ */

static const char *const page_assets[] = {"map.js", "map.css", NULL};
static const char *const leaflet_assets[] = {"leaflet.js", "leaflet.css",
                                             "images/layers.png", "images/layers-2x.png",
                                             "images/marker-icon.png",
                                             "images/marker-icon-2x.png",
                                             "images/marker-shadow.png", NULL};
static const char *const get_commands[] = {"encode", "decode", "lookup", "convert", "validate",
                                           "normalize", "address", NULL};
static const char *const batch_commands[] = {"encode", "decode", "lookup", "convert",
                                             "validate", "address", NULL};

static int listed(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

/* s after prefix, or NULL. */
static const char *after(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* Copy the variable part s[0..n) (n <= 63, characters of set) to r->arg. */
static int take(http_route *r, const char *s, size_t n, const char *set)
{
    if (n == 0 || n >= sizeof r->arg || strspn(s, set) < n)
        return 0;
    memcpy(r->arg, s, n);
    r->arg[n] = '\0';
    return 1;
}

static const char code_chars[] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+- ";

http_route_id http_route_of(const char *path, http_route *r)
{
    memset(r, 0, sizeof *r);
    const char *s;
    size_t n;
    if (!strcmp(path, "/") || !strcmp(path, "/index.html"))
        return r->id = ROUTE_INDEX;
    if (!strcmp(path, "/healthz"))
        return r->id = ROUTE_HEALTHZ;
    if ((s = after(path, "/leaflet/")) != NULL)
        return r->id = listed(leaflet_assets, s) &&
                               take(r, s, strlen(s), "abcdefghijklmnopqrstuvwxyz0123456789-./")
                           ? ROUTE_LEAFLET
                           : ROUTE_NONE;
    if ((s = after(path, "/v1/")) == NULL)
        return r->id = listed(page_assets, path + 1) && take(r, path + 1, strlen(path + 1),
                                                             "abcdefghijklmnopqrstuvwxyz.")
                           ? ROUTE_ASSET
                           : ROUTE_NONE;
    if (!strcmp(s, "info"))
        return r->id = ROUTE_INFO;
    if (!strcmp(s, "openapi.json"))
        return r->id = ROUTE_OPENAPI;
    if (!strcmp(s, "wards"))
        return r->id = ROUTE_WARDS;
    if (!strcmp(s, "provinces"))
        return r->id = ROUTE_PROVINCES;
    if (!strcmp(s, "boundaries.geojson"))
        return r->id = ROUTE_BOUNDARIES;
    if (!strcmp(s, "search"))
        return r->id = ROUTE_SEARCH;
    if (listed(get_commands, s)) {
        take(r, s, strlen(s), "abcdefghijklmnopqrstuvwxyz");
        return r->id = ROUTE_COMMAND;
    }
    const char *v;
    if ((v = after(s, "batch/")) != NULL) {
        if (!listed(batch_commands, v))
            return r->id = ROUTE_NONE;
        take(r, v, strlen(v), "abcdefghijklmnopqrstuvwxyz");
        r->post = 1;
        return r->id = ROUTE_BATCH;
    }
    if ((v = after(s, "ward/")) != NULL) {
        n = strlen(v);
        if (n > 8 && !strcmp(v + n - 8, ".geojson"))
            return r->id = take(r, v, n - 8, "0123456789") ? ROUTE_WARD_GEOJSON : ROUTE_NONE;
        return r->id = take(r, v, n, "0123456789") ? ROUTE_WARD : ROUTE_NONE;
    }
    if ((v = after(s, "cell/")) != NULL) {
        n = strlen(v);
        if (n > 8 && !strcmp(v + n - 8, ".geojson"))
            return r->id = take(r, v, n - 8, code_chars) ? ROUTE_CELL_GEOJSON : ROUTE_NONE;
        return r->id = ROUTE_NONE;
    }
    return r->id = ROUTE_NONE;
}
