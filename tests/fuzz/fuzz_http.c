/*
 * fuzz_http.c - the server's own reading of a request target
 * (tools/httpreq.c, compiled into this program as it is):
 * http_parse_target, http_param_get, http_param_flag and http_route_of on
 * arbitrary bytes (the target as a client may send it: any bytes up to the
 * end of the input).
 *
 * Invariants (a broken one traps; ASan catches the rest):
 *   - the call never writes past the buffer it is given, whatever its size
 *     (the buffer is exactly 2 * len + 2 bytes, or a smaller one chosen by
 *     the input's first byte, which must then give TARGET_TOO_LONG or a
 *     result that fits);
 *   - on TARGET_OK: the path starts with '/', holds no "//", no "." or ".."
 *     segment, no NUL; every name and value is NUL-terminated inside the
 *     buffer, valid UTF-8 by the server's own check; names are not empty
 *     and all distinct; at most HTTP_MAX_PARAMS; http_param_get finds each
 *     parameter's own value;
 *   - the target written again from what was read (every byte other than
 *     an unreserved character percent-encoded) reads the same;
 *   - a route's variable part is at most 63 bytes of its set; a page or
 *     Leaflet file is one of the listed names (never a path of the
 *     client's making).
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include "httpreq.h"

static int is_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~';
}

static size_t put_encoded(char *out, const char *s, int keep_slash)
{
    static const char hexd[] = "0123456789ABCDEF";
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_unreserved(*p) || (keep_slash && *p == '/')) {
            out[n++] = (char)*p;
        } else {
            out[n++] = '%';
            out[n++] = hexd[*p >> 4];
            out[n++] = hexd[*p & 15];
        }
    }
    return n;
}

static void check_route(const char *path)
{
    http_route r;
    http_route_id id = http_route_of(path, &r);
    FUZZ_CHECK(id == r.id);
    FUZZ_CHECK(strlen(r.arg) < sizeof r.arg);
    if (id == ROUTE_ASSET)
        FUZZ_CHECK(!strcmp(r.arg, "map.js") || !strcmp(r.arg, "map.css"));
    if (id == ROUTE_LEAFLET) {
        FUZZ_CHECK(strstr(r.arg, "..") == NULL && r.arg[0] != '/');
        FUZZ_CHECK(!strncmp(r.arg, "leaflet.", 8) || !strncmp(r.arg, "images/", 7));
    }
    if (id == ROUTE_WARD || id == ROUTE_WARD_GEOJSON)
        FUZZ_CHECK(r.arg[0] != '\0' && strspn(r.arg, "0123456789") == strlen(r.arg));
    if (id == ROUTE_NONE)
        FUZZ_CHECK(r.arg[0] == '\0' || 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sel = data[0];
    const char *raw = (const char *)data + 1;
    size_t len = size - 1;
    size_t full = 2 * len + 2;
    size_t bufsize = sel < 0xF0 ? full : (size_t)(sel - 0xF0) * len / 16;
    char *buf = malloc(bufsize ? bufsize : 1);
    http_target t;
    http_target_error e = http_parse_target(raw, len, &t, buf, bufsize);
    FUZZ_CHECK(e >= TARGET_OK && e <= TARGET_TOO_LONG);
    FUZZ_CHECK(http_target_message(e) != NULL);
    if (sel < 0xF0)
        FUZZ_CHECK(e != TARGET_TOO_LONG);
    if (e != TARGET_OK) {
        free(buf);
        return 0;
    }
    FUZZ_CHECK(t.path >= buf && t.path < buf + bufsize && t.path[0] == '/');
    FUZZ_CHECK(strstr(t.path, "//") == NULL && strstr(t.path, "/./") == NULL &&
               strstr(t.path, "/../") == NULL);
    size_t pl = strlen(t.path);
    FUZZ_CHECK(!(pl >= 2 && !strcmp(t.path + pl - 2, "/.")) &&
               !(pl >= 3 && !strcmp(t.path + pl - 3, "/..")));
    FUZZ_CHECK(t.nparams >= 0 && t.nparams <= HTTP_MAX_PARAMS);
    for (int i = 0; i < t.nparams; i++) {
        const http_param *p = &t.params[i];
        FUZZ_CHECK(p->name >= buf && p->name < buf + bufsize && p->name[0] != '\0');
        FUZZ_CHECK(p->value >= buf && p->value < buf + bufsize);
        FUZZ_CHECK(p->name + strlen(p->name) < buf + bufsize);
        FUZZ_CHECK(p->value + strlen(p->value) < buf + bufsize);
        for (int k = 0; k < i; k++)
            FUZZ_CHECK(strcmp(t.params[k].name, p->name) != 0);
        FUZZ_CHECK(http_param_get(&t, p->name) == p->value);
        int f = http_param_flag(&t, p->name, 7);
        FUZZ_CHECK(f == 0 || f == 1 || f == -1);
    }
    if (http_param_get(&t, "zz-absent") == NULL)
        FUZZ_CHECK(http_param_flag(&t, "zz-absent", 7) == 7);
    check_route(t.path);

    /* Written again and read again: the same. */
    size_t need = 3 * len + 16;
    char *again = malloc(need), *buf2 = malloc(2 * need + 2);
    size_t n = put_encoded(again, t.path, 1);
    for (int i = 0; i < t.nparams; i++) {
        again[n++] = i ? '&' : '?';
        n += put_encoded(again + n, t.params[i].name, 0);
        again[n++] = '=';
        n += put_encoded(again + n, t.params[i].value, 0);
    }
    FUZZ_CHECK(n <= need);
    http_target t2;
    FUZZ_CHECK(http_parse_target(again, n, &t2, buf2, 2 * need + 2) == TARGET_OK);
    FUZZ_CHECK(strcmp(t.path, t2.path) == 0 && t.nparams == t2.nparams);
    for (int i = 0; i < t.nparams; i++)
        FUZZ_CHECK(!strcmp(t.params[i].name, t2.params[i].name) &&
                   !strcmp(t.params[i].value, t2.params[i].value));
    free(again);
    free(buf2);
    free(buf);
    return 0;
}
