/*
 * api.c - the JSON endpoints under /v1/: each runs the tool's own command
 * (commands.c) or a library call, so the objects are those of
 * `vpostcode CMD --json`; query parameters are the tool's options without
 * their "--", read by the same code (options.c).
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "serve.h"

/* ---- per-thread state: a result buffer, the last CRS used --------------- */

typedef struct thread_state {
    result r;
    char crs_def[256];
    vpc_crs *crs;
} thread_state;

static pthread_key_t state_key;
static pthread_once_t state_once = PTHREAD_ONCE_INIT;

static void state_free(void *p)
{
    thread_state *s = p;
    vpc_crs_close(s->crs);
    free(s);
}

static void state_init(void)
{
    pthread_key_create(&state_key, state_free);
}

static thread_state *state(void)
{
    pthread_once(&state_once, state_init);
    thread_state *s = pthread_getspecific(state_key);
    if (s == NULL && (s = calloc(1, sizeof *s)) != NULL)
        pthread_setspecific(state_key, s);
    return s;
}

/* The CRS for definition, opened once per thread. */
static vpc_status crs_for(thread_state *s, const char *def, vpc_crs **crs)
{
    if (s->crs != NULL && strcmp(s->crs_def, def) == 0) {
        *crs = s->crs;
        return VPC_OK;
    }
    if (strlen(def) >= sizeof s->crs_def)
        return VPC_E_CRS;
    vpc_crs *c = NULL;
    vpc_status st = vpc_crs_open(def, &c);
    if (st != VPC_OK)
        return st;
    vpc_crs_close(s->crs);
    s->crs = c;
    snprintf(s->crs_def, sizeof s->crs_def, "%s", def);
    *crs = c;
    return VPC_OK;
}

/* ---- replies ------------------------------------------------------------ */

static vpc_status status_named(const char *name)
{
    for (int k = 0; k < VPC_STATUS_COUNT; k++)
        if (strcmp(vpc_status_name((vpc_status)k), name) == 0)
            return (vpc_status)k;
    return VPC_OK;
}

int http_status_of(const char *status)
{
    if (strcmp(status, "ok") == 0 || strncmp(status, "VPC_W_", 6) == 0)
        return 200;
    if (strncmp(status, "VPC_E_", 6) != 0)
        return 400; /* BAD_NUMBER and the like */
    switch (status_named(status)) {
    case VPC_E_UNKNOWN_POSTAL_CODE:
    case VPC_E_UNKNOWN_WARD:
    case VPC_E_UNKNOWN_LEGACY_CODE:
    case VPC_E_UNKNOWN_PROVINCE:
        return 404;
    case VPC_E_OUTSIDE_VIETNAM:
    case VPC_E_NO_WARD:
    case VPC_E_NEEDS_LONG_FORM:
    case VPC_E_AMBIGUOUS_SCHEME:
    case VPC_E_ADDRESS_NOT_FOUND:
    case VPC_E_ADDRESS_INCOMPLETE:
    case VPC_E_ADDRESS_AMBIGUOUS:
    case VPC_E_ADDRESS_SPLIT:
        return 422;
    case VPC_E_NO_MEMORY:
    case VPC_E_DB_NOT_FOUND:
    case VPC_E_DB_UNREADABLE:
    case VPC_E_DB_CORRUPT:
    case VPC_E_DB_SCHEMA:
    case VPC_E_DB_STALE:
        return 503;
    case VPC_E_NO_LEGACY_DATA:
    case VPC_E_NO_LEXICON:
        return 501;
    default:
        return 400;
    }
}

static void put_tail(strbuf *b, const char *message, const char *request_id)
{
    sb_puts(b, ",\"message\":");
    json_put_string(b, message);
    sb_puts(b, ",\"request_id\":");
    json_put_string(b, request_id);
    sb_puts(b, "}\n");
}

void reply_error(reply *out, int http, const char *status, const char *message,
                 const char *request_id)
{
    out->http = http;
    out->type = TYPE_JSON;
    out->vpc_status = status;
    out->body.len = 0;
    sb_puts(&out->body, "{\"status\":");
    json_put_string(&out->body, status);
    put_tail(&out->body, message, request_id);
}

/* A command's result: its object; a failure adds message and request_id. */
static void reply_result(reply *out, const result *r, const char *request_id)
{
    out->http = r->failed ? http_status_of(r->status) : 200;
    if (out->http == 200 && r->failed)
        out->http = 400;
    out->type = TYPE_JSON;
    out->vpc_status = r->status;
    sb_putc(&out->body, '{');
    write_json_members(&out->body, r, NULL);
    if (!r->failed)
        return;
    out->body.len -= 2; /* "}\n" */
    int has_message = 0; /* validate's own message field */
    for (int i = 0; i < r->n; i++)
        has_message |= strcmp(r->name[i], "message") == 0;
    if (has_message) {
        sb_puts(&out->body, ",\"request_id\":");
        json_put_string(&out->body, request_id);
        sb_puts(&out->body, "}\n");
        return;
    }
    const char *message = r->note[0] ? r->note : vpc_strerror(status_named(r->status));
    char said[sizeof r->note];
    size_t k = 0;
    for (const char *p = message; *p && k + 1 < sizeof said; p++) {
        if (p[0] == '-' && p[1] == '-' && p[2] >= 'a' && p[2] <= 'z' &&
            (p == message || p[-1] == ' ' || p[-1] == '(')) {
            p++; /* the tool's "--lat" is the parameter "lat" here */
            continue;
        }
        said[k++] = *p;
    }
    said[k] = '\0';
    put_tail(&out->body, said, request_id);
}

/* ---- parameters --------------------------------------------------------- */

/* Every parameter must be one of allowed (" a b c "); flags and values go
 * into o through options.c. 0 when a reply has been made. */
static int read_params(const http_target *t, const char *allowed, const char *flags, options *o,
                       reply *out, const char *request_id)
{
    char msg[256];
    for (int i = 0; i < t->nparams; i++) {
        const char *name = t->params[i].name, *val = t->params[i].value;
        size_t n = strlen(name);
        const char *p = strstr(allowed, name);
        while (p != NULL && !(p[-1] == ' ' && p[n] == ' '))
            p = strstr(p + 1, name);
        if (n > 40 || p == NULL) {
            snprintf(msg, sizeof msg, "unknown parameter '%.40s'; this endpoint takes:%s", name,
                     allowed);
            msg[strlen(msg) - 1] = '\0';
            reply_error(out, 400, "HTTP_UNKNOWN_PARAMETER", msg, request_id);
            return 0;
        }
        char opt[48];
        snprintf(opt, sizeof opt, "--%s", name);
        const char *f = strstr(flags, name);
        while (f != NULL && !(f[-1] == ' ' && f[n] == ' '))
            f = strstr(f + 1, name);
        if (f != NULL) {
            int v = http_param_flag(t, name, 0);
            if (v < 0) {
                snprintf(msg, sizeof msg, "parameter '%s' takes 1, true, 0 or false, not '%.60s'",
                         name, val);
                reply_error(out, 400, "HTTP_BAD_PARAMETER", msg, request_id);
                return 0;
            }
            if (v == 0)
                continue;
            val = NULL;
        }
        const char *arg = NULL, *bad = option_apply(o, opt, val, &arg);
        if (bad != NULL) {
            snprintf(msg, sizeof msg, "%s%s%.80s", bad + (bad[0] == '-' ? 2 : 0), arg ? " " : "",
                     arg ? arg : "");
            reply_error(out, 400, "HTTP_BAD_PARAMETER", msg, request_id);
            return 0;
        }
    }
    return 1;
}

static const char *need(const http_target *t, const char *name, reply *out,
                        const char *request_id)
{
    const char *v = http_param_get(t, name);
    if (v == NULL) {
        char msg[96];
        snprintf(msg, sizeof msg, "missing parameter '%s'", name);
        reply_error(out, 400, "HTTP_MISSING_PARAMETER", msg, request_id);
    }
    return v;
}

static void init_options(options *o)
{
    memset(o, 0, sizeof *o);
    o->nearest = -1;
    o->out = OUT_JSON;
}

/* ---- endpoints ---------------------------------------------------------- */

static void do_command(const served_db *sd, const http_route *rt, const http_target *t,
                       const char *rid, reply *out)
{
    static const struct {
        const char *name, *allowed, *flags;
    } spec[] = {
        {"encode", " lat lon x y crs nearest long check-char ascii ", " long check-char ascii "},
        {"lookup", " lat lon x y crs nearest ascii ", " ascii "},
        {"decode", " code scheme check-char ascii ", " check-char ascii "},
        {"convert", " code scheme check-char ", " check-char "},
        {"validate", " code ascii ", " ascii "},
        {"normalize", " code check-char ", " check-char "},
        {"address", " q lat lon code default scheme ascii ", " default ascii "},
    };
    size_t k = 0;
    while (k < sizeof spec / sizeof spec[0] && strcmp(spec[k].name, rt->arg) != 0)
        k++;
    thread_state *ts = state();
    if (k == sizeof spec / sizeof spec[0] || ts == NULL) {
        reply_error(out, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY), rid);
        return;
    }
    options o;
    init_options(&o);
    /* address: lat, lon and code are the point at the address */
    int text = strcmp(rt->arg, "address") == 0;
    if (!read_params(t, spec[k].allowed, spec[k].flags, &o, out, rid))
        return;
    const command *c = command_for(command_find(rt->arg), &o);
    context cx = {&o, sd->db, NULL};
    result *r = &ts->r;
    if (c->on_point) {
        const char *a, *b;
        if (o.crs != NULL) {
            /* x (easting) and y (northing); lon and lat stand for them */
            a = http_param_get(t, "x") ? http_param_get(t, "x") : http_param_get(t, "lon");
            b = http_param_get(t, "y") ? http_param_get(t, "y") : http_param_get(t, "lat");
            if (a == NULL || b == NULL) {
                reply_error(out, 400, "HTTP_MISSING_PARAMETER",
                            "with crs, the point is x and y (easting and northing)", rid);
                return;
            }
            vpc_status st = crs_for(ts, o.crs, &cx.crs);
            if (st != VPC_OK) {
                char msg[320];
                snprintf(msg, sizeof msg, "unknown coordinate reference system %.256s", o.crs);
                reply_error(out, 400, vpc_status_name(st), msg, rid);
                return;
            }
        } else {
            if (http_param_get(t, "x") || http_param_get(t, "y")) {
                reply_error(out, 400, "HTTP_BAD_PARAMETER",
                            "x and y go with crs; without it the point is lat and lon", rid);
                return;
            }
            if ((a = need(t, "lat", out, rid)) == NULL || (b = need(t, "lon", out, rid)) == NULL)
                return;
        }
        c->on_point(&cx, a, b, r);
        if (strcmp(r->status, "BAD_NUMBER") == 0) {
            double unused;
            snprintf(r->note, sizeof r->note, "not a number: %.64s", cli_number(a, &unused) ? b : a);
        }
    } else if (c->on_code) {
        const char *code = need(t, "code", out, rid);
        if (code == NULL)
            return;
        c->on_code(&cx, code, r);
    } else {
        const char *q = need(t, "q", out, rid);
        if (q == NULL)
            return;
        if (!vpc_has_lexicon(sd->db)) {
            reply_error(out, 501, "VPC_E_NO_LEXICON", vpc_strerror(VPC_E_NO_LEXICON), rid);
            return;
        }
        if ((o.at_lat != NULL) != (o.at_lon != NULL) || (o.at_code && o.at_lat)) {
            reply_error(out, 400, "HTTP_BAD_PARAMETER",
                        "a point at the address is lat and lon together, or code", rid);
            return;
        }
        const char *at_a = o.at_code ? o.at_code : o.at_lat, *at_b = o.at_code ? NULL : o.at_lon;
        c->on_text(&cx, q, at_a, at_b, r);
        if (strcmp(r->status, "BAD_NUMBER") == 0)
            snprintf(r->note, sizeof r->note, "not a number: lat %.64s, lon %.64s", o.at_lat,
                     o.at_lon);
    }
    (void)text;
    reply_result(out, r, rid);
}

static void do_ward(const served_db *sd, const http_route *rt, const http_target *t,
                    const char *rid, reply *out)
{
    options o;
    init_options(&o);
    if (!read_params(t, " postal gso ascii ", " postal gso ascii ", &o, out, rid))
        return;
    thread_state *ts = state();
    if (ts == NULL) {
        reply_error(out, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY), rid);
        return;
    }
    context cx = {&o, sd->db, NULL};
    command_find("ward")->on_code(&cx, rt->arg, &ts->r);
    reply_result(out, &ts->r, rid);
}

static const char *const unit_types[] = {"", "phường", "xã", "đặc khu"};
static const char *const unit_types_ascii[] = {"", "phuong", "xa", "dac khu"};

static void member(strbuf *b, const char *name, const char *value, int first)
{
    if (!first)
        sb_putc(b, ',');
    json_put_string(b, name);
    sb_putc(b, ':');
    json_put_string(b, value);
}

static void do_wards(const served_db *sd, const http_target *t, const char *rid, reply *out)
{
    options o;
    init_options(&o);
    if (!read_params(t, " province ascii ", " ascii ", &o, out, rid))
        return;
    if (o.province == NULL) {
        reply_error(out, 400, "HTTP_MISSING_PARAMETER",
                    "missing parameter 'province' (a GSO code, see /v1/provinces)", rid);
        return;
    }
    vpc_province p;
    vpc_status st = vpc_province_by_code(sd->db, o.province, &p);
    if (st != VPC_OK) {
        reply_error(out, http_status_of(vpc_status_name(st)), vpc_status_name(st),
                    vpc_strerror(st), rid);
        return;
    }
    strbuf *b = &out->body;
    size_t count = 0;
    sb_puts(b, "{\"province_code\":");
    json_put_string(b, p.code);
    sb_puts(b, ",\"province\":");
    json_put_string(b, o.ascii ? p.name_ascii : p.name);
    sb_puts(b, ",\"wards\":[");
    for (size_t k = 0; k < vpc_ward_count(sd->db); k++) {
        vpc_ward w;
        if (vpc_ward_at(sd->db, k, &w) != VPC_OK || strcmp(w.province.code, p.code) != 0)
            continue;
        sb_puts(b, count ? ",{" : "{");
        member(b, "ward_code", w.code, 1);
        member(b, "postal_code", w.postal_code, 0);
        member(b, "ward", o.ascii ? w.name_ascii : w.name, 0);
        member(b, "type", (o.ascii ? unit_types_ascii : unit_types)[w.unit_type & 3], 0);
        sb_putc(b, '}');
        count++;
    }
    char n[32];
    snprintf(n, sizeof n, "%zu", count);
    sb_puts(b, "],\"count\":");
    sb_puts(b, n);
    sb_puts(b, ",\"status\":\"ok\"}\n");
    out->http = 200;
    out->type = TYPE_JSON;
    out->vpc_status = "ok";
}

static void do_provinces(const served_db *sd, const http_target *t, const char *rid, reply *out)
{
    options o;
    init_options(&o);
    if (!read_params(t, " ascii ", " ascii ", &o, out, rid))
        return;
    strbuf *b = &out->body;
    size_t np = vpc_province_count(sd->db), nw = vpc_ward_count(sd->db);
    size_t *counts = calloc(np + 1, sizeof *counts);
    if (counts == NULL) {
        reply_error(out, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY), rid);
        return;
    }
    vpc_province *ps = calloc(np + 1, sizeof *ps);
    for (size_t i = 0; ps != NULL && i < np; i++)
        vpc_province_at(sd->db, i, &ps[i]);
    for (size_t k = 0; ps != NULL && k < nw; k++) {
        vpc_ward w;
        if (vpc_ward_at(sd->db, k, &w) != VPC_OK)
            continue;
        for (size_t i = 0; i < np; i++)
            if (strcmp(ps[i].code, w.province.code) == 0) {
                counts[i]++;
                break;
            }
    }
    sb_puts(b, "{\"provinces\":[");
    for (size_t i = 0; ps != NULL && i < np; i++) {
        char n[32];
        snprintf(n, sizeof n, "%zu", counts[i]);
        sb_puts(b, i ? ",{" : "{");
        member(b, "code", ps[i].code, 1);
        member(b, "name", o.ascii ? ps[i].name_ascii : ps[i].name, 0);
        member(b, "postal_prefixes", ps[i].postal_prefixes, 0);
        member(b, "ward_count", n, 0);
        sb_putc(b, '}');
    }
    char n[32];
    snprintf(n, sizeof n, "%zu", np);
    sb_puts(b, "],\"count\":");
    sb_puts(b, n);
    sb_puts(b, ",\"status\":\"ok\"}\n");
    free(counts);
    free(ps);
    out->http = 200;
    out->type = TYPE_JSON;
    out->vpc_status = "ok";
}

static void do_search(const served_db *sd, const http_target *t, const char *rid, reply *out)
{
    options o;
    init_options(&o);
    if (!read_params(t, " q province limit ascii ", " ascii ", &o, out, rid))
        return;
    const char *q = need(t, "q", out, rid);
    if (q == NULL)
        return;
    if (!vpc_has_lexicon(sd->db)) {
        reply_error(out, 501, "VPC_E_NO_LEXICON", vpc_strerror(VPC_E_NO_LEXICON), rid);
        return;
    }
    size_t max = o.limit > 0 ? (size_t)o.limit : 10, n = 0;
    vpc_search_hit *hits = malloc(max * sizeof *hits);
    if (hits == NULL) {
        reply_error(out, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY), rid);
        return;
    }
    vpc_status st = vpc_ward_search(sd->db, q, o.province, o.ascii ? VPC_FLAG_ASCII : 0, hits,
                                    max, &n);
    if (st != VPC_OK) {
        reply_error(out, http_status_of(vpc_status_name(st)), vpc_status_name(st),
                    vpc_strerror(st), rid);
        free(hits);
        return;
    }
    strbuf *b = &out->body;
    sb_puts(b, "{\"hits\":[");
    for (size_t i = 0; i < n && i < max; i++) {
        const vpc_search_hit *h = &hits[i];
        char score[32];
        snprintf(score, sizeof score, "%.3f", h->score);
        sb_puts(b, i ? ",{" : "{");
        member(b, "kind", h->kind == VPC_SEARCH_PROVINCE ? "province" : "ward", 1);
        member(b, "code", h->code, 0);
        member(b, "postal_code", h->postal_code, 0);
        member(b, "name", h->name, 0);
        member(b, "province_code", h->province_code, 0);
        member(b, "province", h->province_name, 0);
        member(b, "score", score, 0);
        member(b, "matched", h->matched, 0);
        sb_putc(b, '}');
    }
    char count[32];
    snprintf(count, sizeof count, "%zu", n < max ? n : max);
    sb_puts(b, "],\"count\":");
    sb_puts(b, count);
    sb_puts(b, ",\"status\":\"ok\"}\n");
    free(hits);
    out->http = 200;
    out->type = TYPE_JSON;
    out->vpc_status = "ok";
}

static void do_info(const serve_config *cfg, const served_db *sd, long reloads, double started,
                    reply *out)
{
    strbuf *b = &out->body;
    char n[64];
    const char *key, *v, *licence = NULL, *format = NULL;
    for (size_t i = 0; i < vpc_db_metadata_count(sd->db); i++)
        if (vpc_db_metadata(sd->db, i, &key, &v) == VPC_OK) {
            if (strcmp(key, "license") == 0)
                licence = v;
            else if (strcmp(key, "runtime_format") == 0)
                format = v;
        }
    sb_puts(b, "{\"library\":");
    json_put_string(b, vpc_version());
    sb_puts(b, ",\"library_licence\":\"MIT\",\"database_licence\":");
    json_put_string(b, licence ? licence : "");
    sb_puts(b, ",\"database\":{\"path\":");
    json_put_string(b, sd->path);
    struct stat st;
    snprintf(n, sizeof n, "%lld", stat(sd->path, &st) == 0 ? (long long)st.st_size : -1LL);
    sb_puts(b, ",\"size\":");
    sb_puts(b, n);
    sb_puts(b, ",\"format\":");
    json_put_string(b, format ? format : "");
    snprintf(n, sizeof n, "%zu", vpc_ward_count(sd->db));
    sb_puts(b, ",\"wards\":");
    sb_puts(b, n);
    snprintf(n, sizeof n, "%zu", vpc_province_count(sd->db));
    sb_puts(b, ",\"provinces\":");
    sb_puts(b, n);
    sb_puts(b, vpc_has_legacy(sd->db) ? ",\"legacy\":true" : ",\"legacy\":false");
    int lex = vpc_has_lexicon(sd->db);
    sb_puts(b, ",\"lexicon\":");
    sb_puts(b, lex == 2 ? "\"current + pre-2025\"" : lex == 1 ? "\"current\"" : "null");
    sb_puts(b, vpc_db_mapped(sd->db) ? ",\"mapped\":true" : ",\"mapped\":false");
    sb_puts(b, ",\"metadata\":{");
    for (size_t i = 0, k = 0; i < vpc_db_metadata_count(sd->db); i++) {
        if (vpc_db_metadata(sd->db, i, &key, &v) != VPC_OK)
            continue;
        if (k++)
            sb_putc(b, ',');
        json_put_string(b, key);
        sb_putc(b, ':');
        json_put_string(b, v);
    }
    sb_puts(b, "}},\"tiles\":");
    if (cfg->tiles)
        json_put_string(b, cfg->tiles);
    else
        sb_puts(b, "null");
    snprintf(n, sizeof n, "%ld", reloads);
    sb_puts(b, ",\"reloads\":");
    sb_puts(b, n);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    snprintf(n, sizeof n, "%.0f", (double)now.tv_sec + now.tv_nsec / 1e9 - started);
    sb_puts(b, ",\"uptime_s\":");
    sb_puts(b, n);
    sb_puts(b, ",\"status\":\"ok\"}\n");
    out->http = 200;
    out->type = TYPE_JSON;
    out->vpc_status = "ok";
}

/* zoom parameter: 0 to 22, or -1 when absent; -2 when bad. */
static int zoom_of(const http_target *t)
{
    const char *z = http_param_get(t, "zoom");
    if (z == NULL)
        return -1;
    char *end;
    long v = strtol(z, &end, 10);
    return end != z && *end == '\0' && v >= 0 && v <= 22 ? (int)v : -2;
}

static int only(const http_target *t, const char *allowed, reply *out, const char *rid)
{
    options o;
    init_options(&o);
    for (int i = 0; i < t->nparams; i++) {
        size_t n = strlen(t->params[i].name);
        const char *p = strstr(allowed, t->params[i].name);
        while (p != NULL && !(p[-1] == ' ' && p[n] == ' '))
            p = strstr(p + 1, t->params[i].name);
        if (p == NULL || n > 40) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown parameter '%.40s'; this endpoint takes:%s",
                     t->params[i].name, allowed);
            msg[strlen(msg) - 1] = '\0';
            if (strcmp(allowed, " ") == 0)
                snprintf(msg, sizeof msg, "unknown parameter '%.40s'; this endpoint takes none",
                         t->params[i].name);
            reply_error(out, 400, "HTTP_UNKNOWN_PARAMETER", msg, rid);
            return 0;
        }
    }
    return 1;
}

static void do_geojson(const served_db *sd, const http_route *rt, const http_target *t,
                       const char *rid, reply *out)
{
    out->type = TYPE_GEOJSON;
    out->http = 200;
    out->vpc_status = "ok";
    if (rt->id == ROUTE_WARD_GEOJSON) {
        if (!only(t, " zoom ", out, rid))
            return;
        int zoom = zoom_of(t);
        if (zoom == -2) {
            reply_error(out, 400, "HTTP_BAD_PARAMETER", "zoom takes 0 to 22", rid);
            return;
        }
        vpc_status st = ward_geojson(sd->bounds, sd->db, rt->arg, zoom, &out->body);
        if (st != VPC_OK)
            reply_error(out, http_status_of(vpc_status_name(st)), vpc_status_name(st),
                        vpc_strerror(st), rid);
        return;
    }
    if (rt->id == ROUTE_CELL_GEOJSON) {
        if (!only(t, " scheme ", out, rid))
            return;
        options o;
        init_options(&o);
        if (!read_params(t, " scheme ", " ", &o, out, rid))
            return;
        vpc_decoded d;
        vpc_status st = vpc_decode_ex(sd->db, rt->arg, o.scheme | VPC_FLAG_CHECK_CHAR, &d);
        if (st != VPC_OK && !vpc_is_warning(st)) {
            reply_error(out, http_status_of(vpc_status_name(st)), vpc_status_name(st),
                        vpc_strerror(st), rid);
            return;
        }
        char display[40] = "", compact[40] = "", g[1024];
        vpc_code_format(&d.current, VPC_FLAG_DISPLAY | VPC_FLAG_CHECK_CHAR, display,
                        sizeof display);
        vpc_code_format(&d.current, VPC_FLAG_NO_CHECK_CHAR, compact, sizeof compact);
        const char *props = "\"properties\":{";
        char *at = vpc_cell_geojson(&d.cell, g, sizeof g, NULL) == VPC_OK ? strstr(g, props) : NULL;
        if (at == NULL) {
            reply_error(out, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY), rid);
            return;
        }
        /* the library's Feature, the code's properties first */
        at += strlen(props);
        sb_put(&out->body, g, (size_t)(at - g));
        member(&out->body, "code", compact, 1);
        member(&out->body, "display", display, 0);
        member(&out->body, "postal_code", d.ward.postal_code, 0);
        member(&out->body, "ward_code", d.ward.code, 0);
        member(&out->body, "ward", d.ward.name, 0);
        member(&out->body, "scheme", d.scheme == VPC_SCHEME_LEGACY ? "legacy" : "current", 0);
        if (*at != '}')
            sb_putc(&out->body, ',');
        sb_puts(&out->body, at);
        sb_putc(&out->body, '\n');
        return;
    }
    /* ROUTE_BOUNDARIES */
    if (!only(t, " bbox zoom ", out, rid))
        return;
    const char *bbox = need(t, "bbox", out, rid);
    if (bbox == NULL)
        return;
    double w, s, e, n;
    char extra;
    int zoom = zoom_of(t);
    if (sscanf(bbox, "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &extra) != 4 || !isfinite(w) ||
        !isfinite(s) || !isfinite(e) || !isfinite(n) || w > e || s > n || s < -90 || n > 90 ||
        w < -180 || e > 180) {
        reply_error(out, 400, "HTTP_BAD_PARAMETER",
                    "bbox takes west,south,east,north in degrees (west <= east, south <= north)",
                    rid);
        return;
    }
    if (zoom < 0) {
        reply_error(out, 400, zoom == -1 ? "HTTP_MISSING_PARAMETER" : "HTTP_BAD_PARAMETER",
                    "zoom takes 0 to 22", rid);
        return;
    }
    boundaries_geojson(sd->bounds, sd->db, w, s, e, n, zoom, &out->body);
}

void api_answer(const serve_config *cfg, const served_db *sd, const http_route *r,
                const http_target *t, const char *request_id, long reloads, double started,
                reply *out)
{
    switch (r->id) {
    case ROUTE_HEALTHZ:
        if (!only(t, " ", out, request_id))
            return;
        sb_puts(&out->body, "{\"status\":\"ok\",\"database\":");
        json_put_string(&out->body, sd->path);
        sb_puts(&out->body, "}\n");
        out->http = 200;
        out->type = TYPE_JSON;
        out->vpc_status = "ok";
        return;
    case ROUTE_INFO:
        if (only(t, " ", out, request_id))
            do_info(cfg, sd, reloads, started, out);
        return;
    case ROUTE_COMMAND:
        do_command(sd, r, t, request_id, out);
        return;
    case ROUTE_WARD:
        do_ward(sd, r, t, request_id, out);
        return;
    case ROUTE_WARDS:
        do_wards(sd, t, request_id, out);
        return;
    case ROUTE_PROVINCES:
        do_provinces(sd, t, request_id, out);
        return;
    case ROUTE_SEARCH:
        do_search(sd, t, request_id, out);
        return;
    case ROUTE_WARD_GEOJSON:
    case ROUTE_CELL_GEOJSON:
    case ROUTE_BOUNDARIES:
        do_geojson(sd, r, t, request_id, out);
        return;
    default:
        reply_error(out, 404, "HTTP_NOT_FOUND", "no such endpoint", request_id);
        return;
    }
}
