/*
 * boundaries.c - ward boundaries for the map, simplified for the zoom at
 * which they are drawn: Douglas-Peucker with a tolerance of one pixel of
 * a 256-pixel web-map tile, rings smaller than a pixel left out,
 * coordinates written with the decimals the zoom can show. The vertices
 * come from vpc_ward_boundary; each ward's simplified Feature is kept per
 * zoom level, up to a memory bound.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

#define MIN_LEVEL 5                /* zooms below are drawn as at 5 */
#define MAX_LEVEL 16               /* zooms above are drawn as at 16 */
#define NLEVELS (MAX_LEVEL - MIN_LEVEL + 1)
#define CACHE_BYTES (256u << 20)   /* simplified Features kept, at most */

typedef struct ward_box {
    char code[6];
    double south, west, north, east;
} ward_box;

struct boundaries {
    size_t n;
    ward_box *w;
    pthread_mutex_t mu;
    char **cache[NLEVELS];         /* [level][ward]: a Feature, or NULL */
    size_t cached;                 /* bytes held */
};

struct boundaries *boundaries_new(const vpc_db *db)
{
    struct boundaries *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->n = vpc_ward_count(db);
    b->w = calloc(b->n + 1, sizeof *b->w);
    for (int l = 0; b->w != NULL && l < NLEVELS; l++)
        if ((b->cache[l] = calloc(b->n + 1, sizeof(char *))) == NULL) {
            boundaries_free(b);
            return NULL;
        }
    if (b->w == NULL) {
        boundaries_free(b);
        return NULL;
    }
    for (size_t i = 0; i < b->n; i++) {
        vpc_ward w;
        if (vpc_ward_at(db, i, &w) != VPC_OK)
            continue;
        memcpy(b->w[i].code, w.code, sizeof w.code);
        b->w[i].south = w.south;
        b->w[i].west = w.west;
        b->w[i].north = w.north;
        b->w[i].east = w.east;
    }
    pthread_mutex_init(&b->mu, NULL);
    return b;
}

void boundaries_free(struct boundaries *b)
{
    if (b == NULL)
        return;
    for (int l = 0; l < NLEVELS; l++) {
        for (size_t i = 0; b->cache[l] != NULL && i < b->n; i++)
            free(b->cache[l][i]);
        free(b->cache[l]);
    }
    if (b->w != NULL)
        pthread_mutex_destroy(&b->mu);
    free(b->w);
    free(b);
}

/* ---- simplification ----------------------------------------------------- */

/* Squared distance from p to the segment a-b. */
static double seg_dist2(const double *p, const double *a, const double *b)
{
    double dx = b[0] - a[0], dy = b[1] - a[1];
    double t = dx == 0 && dy == 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy);
    if (t < 0)
        t = 0;
    else if (t > 1)
        t = 1;
    double x = a[0] + t * dx - p[0], y = a[1] + t * dy - p[1];
    return x * x + y * y;
}

/* Douglas-Peucker on v[0..n) (n >= 2), both ends kept: keep[i] set for the
 * vertices kept. stack has room for 2n entries. */
static void simplify(const double *v, size_t n, double eps2, unsigned char *keep, size_t *stack)
{
    size_t top = 0;
    keep[0] = keep[n - 1] = 1;
    stack[top++] = 0;
    stack[top++] = n - 1;
    while (top > 0) {
        size_t hi = stack[--top], lo = stack[--top];
        double best = -1;
        size_t at = lo;
        for (size_t i = lo + 1; i < hi; i++) {
            double d = seg_dist2(v + 2 * i, v + 2 * lo, v + 2 * hi);
            if (d > best) {
                best = d;
                at = i;
            }
        }
        if (best > eps2) {
            keep[at] = 1;
            stack[top++] = lo;
            stack[top++] = at;
            stack[top++] = at;
            stack[top++] = hi;
        }
    }
}

/* A ring simplified into out as JSON ("[[x,y],...]"): 0 when it is
 * smaller than a pixel or keeps fewer than 4 vertices. */
static int put_ring(strbuf *out, const double *v, size_t n, double eps, int decimals,
                    unsigned char *keep, size_t *stack)
{
    if (n < 4)
        return 0;
    double w = v[0], e = v[0], s = v[1], no = v[1];
    for (size_t i = 1; i < n; i++) {
        w = fmin(w, v[2 * i]);
        e = fmax(e, v[2 * i]);
        s = fmin(s, v[2 * i + 1]);
        no = fmax(no, v[2 * i + 1]);
    }
    if (e - w < eps && no - s < eps)
        return 0;
    memset(keep, eps > 0 ? 0 : 1, n);
    /* A closed ring: split at the vertex farthest from the first. */
    size_t far = 0;
    double best = -1;
    for (size_t i = 1; i < n - 1; i++) {
        double dx = v[2 * i] - v[0], dy = v[2 * i + 1] - v[1], d = dx * dx + dy * dy;
        if (d > best) {
            best = d;
            far = i;
        }
    }
    if (far == 0)
        return 0;
    if (eps > 0) {
        simplify(v, far + 1, eps * eps, keep, stack);
        simplify(v + 2 * far, n - far, eps * eps, keep + far, stack);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        kept += keep[i];
    if (kept < 4)
        return 0;
    char num[64];
    sb_putc(out, '[');
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        int len = snprintf(num, sizeof num, "%s[%.*f,%.*f]", first ? "" : ",", decimals, v[2 * i],
                           decimals, v[2 * i + 1]);
        sb_put(out, num, (size_t)len);
        first = 0;
    }
    sb_putc(out, ']');
    return 1;
}

/* Ward i's Feature for zoom (< 0: every vertex), malloc'd; NULL if out of
 * memory, "" if nothing of it shows at that zoom. */
static char *make_feature(const vpc_db *db, const char *code, int zoom, vpc_status *st)
{
    size_t nr = 0, nv = 0;
    *st = vpc_ward_boundary(db, code, NULL, 0, &nr, NULL, 0, &nv);
    if (*st != VPC_OK && *st != VPC_E_BUFFER_TOO_SMALL)
        return NULL;
    vpc_ward ward;
    vpc_ring *rings = malloc((nr + 1) * sizeof *rings);
    double *v = malloc((2 * nv + 2) * sizeof *v);
    unsigned char *keep = malloc(nv + 1);
    size_t *stack = malloc((4 * nv + 4) * sizeof *stack);
    strbuf out = {0};
    char *made = NULL;
    *st = VPC_E_NO_MEMORY;
    if (rings == NULL || v == NULL || keep == NULL || stack == NULL)
        goto done;
    if ((*st = vpc_ward_boundary(db, code, rings, nr, NULL, v, nv, NULL)) != VPC_OK ||
        (*st = vpc_ward_by_code(db, code, &ward)) != VPC_OK)
        goto done;
    double eps = zoom < 0 ? 0 : 360.0 / (256.0 * (double)(1L << zoom));
    int decimals = zoom < 0 ? 7 : (int)ceil(-log10(eps)) + 1;
    if (decimals > 7)
        decimals = 7;
    sb_puts(&out, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
    int polygons = 0, open = 0, skip = 0;
    for (size_t r = 0; r < nr; r++) {
        if (rings[r].outer) {
            if (open)
                sb_putc(&out, ']');
            open = 0;
            size_t mark = out.len;
            if (polygons)
                sb_putc(&out, ',');
            sb_putc(&out, '[');
            if (put_ring(&out, v + 2 * rings[r].first, rings[r].count, eps, decimals, keep, stack)) {
                open = 1;
                skip = 0;
                polygons++;
            } else {
                out.len = mark;
                skip = 1;
            }
        } else if (!skip && open) {
            size_t mark = out.len;
            sb_putc(&out, ',');
            if (!put_ring(&out, v + 2 * rings[r].first, rings[r].count, eps, decimals, keep,
                          stack))
                out.len = mark;
        }
    }
    if (open)
        sb_putc(&out, ']');
    sb_puts(&out, "]},\"properties\":{\"code\":");
    json_put_string(&out, ward.code);
    sb_puts(&out, ",\"postal_code\":");
    json_put_string(&out, ward.postal_code);
    sb_puts(&out, ",\"name\":");
    json_put_string(&out, ward.name);
    sb_puts(&out, ",\"province\":");
    json_put_string(&out, ward.province.name);
    sb_puts(&out, "}}");
    sb_putc(&out, '\0');
    if (out.failed) {
        *st = VPC_E_NO_MEMORY;
        goto done;
    }
    *st = VPC_OK;
    if (polygons == 0)
        out.p[0] = '\0';
    made = out.p;
    out.p = NULL;
done:
    free(out.p);
    free(rings);
    free(v);
    free(keep);
    free(stack);
    return made;
}

static int level_of(int zoom)
{
    return zoom < MIN_LEVEL ? MIN_LEVEL : zoom > MAX_LEVEL ? MAX_LEVEL : zoom;
}

/* Ward i's Feature at level: from the cache, else made (and kept while
 * the cache has room). *owned set when the caller must free it. */
static char *feature_at(struct boundaries *b, const vpc_db *db, size_t i, int level,
                              int *owned)
{
    char **slot = &b->cache[level - MIN_LEVEL][i];
    *owned = 0;
    pthread_mutex_lock(&b->mu);
    char *f = *slot;
    pthread_mutex_unlock(&b->mu);
    if (f != NULL)
        return f;
    vpc_status st;
    f = make_feature(db, b->w[i].code, level, &st);
    if (f == NULL)
        return NULL;
    size_t len = strlen(f) + 1;
    pthread_mutex_lock(&b->mu);
    if (*slot == NULL && b->cached + len <= CACHE_BYTES) {
        *slot = f;
        b->cached += len;
    } else if (*slot != NULL) {
        free(f);
        f = *slot;
    } else {
        *owned = 1;
    }
    pthread_mutex_unlock(&b->mu);
    return f;
}

void boundaries_geojson(struct boundaries *b, const vpc_db *db, double west, double south,
                        double east, double north, int zoom, strbuf *out)
{
    int level = level_of(zoom), n = 0;
    sb_puts(out, "{\"type\":\"FeatureCollection\",\"features\":[");
    for (size_t i = 0; b != NULL && i < b->n; i++) {
        const ward_box *w = &b->w[i];
        if (w->east < west || w->west > east || w->north < south || w->south > north)
            continue;
        int owned;
        char *f = feature_at(b, db, i, level, &owned);
        if (f == NULL || f[0] == '\0') {
            if (owned)
                free(f);
            continue;
        }
        if (n++)
            sb_putc(out, ',');
        sb_puts(out, f);
        if (owned)
            free(f);
    }
    sb_puts(out, "]}\n");
}

vpc_status ward_geojson(struct boundaries *b, const vpc_db *db, const char *gso, int zoom,
                        strbuf *out)
{
    vpc_ward w;
    vpc_status st = vpc_ward_by_code(db, gso, &w);
    if (st != VPC_OK)
        return st;
    char *f = NULL;
    if (zoom >= 0 && b != NULL) {
        for (size_t i = 0; i < b->n; i++)
            if (strcmp(b->w[i].code, gso) == 0) {
                int owned;
                char *c = feature_at(b, db, i, level_of(zoom), &owned);
                if (c == NULL)
                    return VPC_E_NO_MEMORY;
                /* nothing shows at that zoom: the ward at full resolution */
                int shown = c[0] != '\0';
                if (shown) {
                    sb_puts(out, c);
                    sb_putc(out, '\n');
                }
                if (owned)
                    free(c);
                if (shown || out->failed)
                    return out->failed ? VPC_E_NO_MEMORY : VPC_OK;
                break;
            }
    }
    f = make_feature(db, gso, -1, &st);
    if (f == NULL)
        return st;
    sb_puts(out, f);
    sb_putc(out, '\n');
    free(f);
    return out->failed ? VPC_E_NO_MEMORY : VPC_OK;
}
