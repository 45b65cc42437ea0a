/*
 * buildindex.c - build the tile index of wards into a vpostcode database.
 *
 *   vpc-buildindex [--districts] DATABASE [BASE_ZOOM [MAX_ZOOM [MAX_EDGES]]]
 *
 * Reads every ward's geometry (table wards, ordered by GSO code; the order
 * is the priority where wards overlap), builds the quadtree described in
 * libvpostcode/src/index/tileindex.h and stores it in table tile_index,
 * replacing any previous index. Prints what it built. With --districts it
 * does the same for the pre-2025 districts (table legacy_districts, into
 * legacy_tile_index), and does nothing when the database has no such
 * table.
 *
 * For each tile and each ward that may touch it, the builder keeps the
 * ward's edges that meet the enlarged tile ("local" edges) and the parity
 * of the eastward ray beyond the tile as a function of latitude: its value
 * at the tile's south edge and the latitudes where it flips. A child tile
 * derives both from its parent: the parent's function, plus the parent's
 * local edges that miss the child and lie east of it. Edges that miss a
 * tile lie wholly east or west of it within its latitude band, so an edge
 * whose span covers a latitude y adds one crossing at every y in
 * [min(ay,by), max(ay,by)) when it is east: the flips sit at its two ends.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tileindex.h"
#include "tilemath.h"

/* ---- growable arrays ---------------------------------------------------- */

typedef struct {
    void *p;
    size_t n, cap, size;
} vec;

static void *vec_push(vec *v, size_t count)
{
    if (v->n + count > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 1024;
        while (cap < v->n + count)
            cap *= 2;
        void *p = realloc(v->p, cap * v->size);
        if (p == NULL) {
            fprintf(stderr, "vpc-buildindex: out of memory\n");
            exit(1);
        }
        v->p = p;
        v->cap = cap;
    }
    void *slot = (char *)v->p + v->n * v->size;
    v->n += count;
    return slot;
}

#define VEC(type) {NULL, 0, 0, sizeof(type)}
#define AT(v, type, i) (((type *)(v).p)[i])

/* ---- the wards ---------------------------------------------------------- */

static vec vertices = VEC(int32_t); /* x, y pairs */
static vec rings = VEC(vpc_index_ring);
static vec ward_rings = VEC(uint32_t);
static vec ward_codes = VEC(char);
static vec ward_bbox = VEC(int32_t); /* minx, miny, maxx, maxy */
static long off_grid;   /* vertices not on the index grid */
static double max_moved; /* how far rounding moved them, in units */

static uint32_t rd32(const unsigned char **p, int le)
{
    const unsigned char *b = *p;
    *p += 4;
    return le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
              : (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
}

static double rddouble(const unsigned char **p, int le)
{
    unsigned char b[8];
    memcpy(b, *p, 8);
    *p += 8;
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)b[le ? i : 7 - i] << (8 * i);
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static int32_t to_units(double deg)
{
    double v = deg * VPC_INDEX_SCALE, r = nearbyint(v);
    if (fabs(v - r) > 1e-3) { /* a vertex with more than 7 decimals */
        off_grid++;
        if (fabs(v - r) > max_moved)
            max_moved = fabs(v - r);
    }
    return (int32_t)r;
}

/* Append one ward's MultiPolygon (WKB) to the ring tables. */
static int add_ward(const unsigned char *wkb, int len)
{
    const unsigned char *p = wkb, *end = wkb + len;
    int32_t minx = INT32_MAX, miny = INT32_MAX, maxx = INT32_MIN, maxy = INT32_MIN;

    if (len < 9)
        return -1;
    int le = *p++ == 1;
    if (rd32(&p, le) != 6) /* MultiPolygon */
        return -1;
    uint32_t npoly = rd32(&p, le);
    *(uint32_t *)vec_push(&ward_rings, 1) = (uint32_t)rings.n;
    for (uint32_t i = 0; i < npoly; i++) {
        if (end - p < 9)
            return -1;
        int ple = *p++ == 1;
        if (rd32(&p, ple) != 3) /* Polygon */
            return -1;
        uint32_t nrings = rd32(&p, ple);
        for (uint32_t r = 0; r < nrings; r++) {
            if (end - p < 4)
                return -1;
            uint32_t npts = rd32(&p, ple);
            if (npts < 4 || (size_t)(end - p) < (size_t)npts * 16)
                return -1;
            vpc_index_ring *ring = vec_push(&rings, 1);
            ring->vertex = (uint32_t)(vertices.n / 2);
            ring->count = npts;
            ring->flags = r == 0 ? VPC_RING_OUTER : 0;
            for (uint32_t k = 0; k < npts; k++) {
                int32_t *v = vec_push(&vertices, 2);
                v[0] = to_units(rddouble(&p, ple));
                v[1] = to_units(rddouble(&p, ple));
                if (v[0] < minx) minx = v[0];
                if (v[0] > maxx) maxx = v[0];
                if (v[1] < miny) miny = v[1];
                if (v[1] > maxy) maxy = v[1];
            }
            int32_t *first = &AT(vertices, int32_t, 2 * (size_t)ring->vertex);
            int32_t *last = first + 2 * (size_t)(npts - 1);
            if (first[0] != last[0] || first[1] != last[1])
                return -1; /* open ring */
        }
    }
    int32_t *bb = vec_push(&ward_bbox, 4);
    bb[0] = minx; bb[1] = miny; bb[2] = maxx; bb[3] = maxy;
    return 0;
}

/* ---- geometry of tiles and edges --------------------------------------- */

typedef struct {
    double w, s, e, n; /* index units, enlarged by VPC_TILE_MARGIN */
} rect;

static rect tile_rect(int z, long x, long y)
{
    double w, s, e, n;
    vpc_tile_bounds(z, x, y, &w, &s, &e, &n);
    rect r = {w * VPC_INDEX_SCALE - VPC_TILE_MARGIN, s * VPC_INDEX_SCALE - VPC_TILE_MARGIN,
              e * VPC_INDEX_SCALE + VPC_TILE_MARGIN, n * VPC_INDEX_SCALE + VPC_TILE_MARGIN};
    return r;
}

static const int32_t *edge_at(uint32_t id)
{
    return &AT(vertices, int32_t, 2 * (size_t)id);
}

/* Does the edge meet the closed rectangle? */
static int edge_meets(uint32_t id, const rect *r)
{
    const int32_t *v = edge_at(id);
    return vpc_segment_meets_box(v, v + 2, r->w, r->s, r->e, r->n);
}

/* ---- per-tile state of a candidate ward -------------------------------- */

typedef struct {
    uint32_t ward;
    int base;        /* ray parity beyond the tile at its south edge */
    vec edges;       /* uint32 local edge ids, ascending */
    vec breaks;      /* int32 flip latitudes in (s, n], ascending */
} cand;

static void cand_free(cand *c)
{
    free(c->edges.p);
    free(c->breaks.p);
}

/* Collects flip latitudes, then keeps those flipped an odd number of times. */
static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void settle_breaks(vec *flips)
{
    /* An empty vec has no array yet (p == NULL), which qsort may not be
     * given even with a count of 0. */
    if (flips->n > 1)
        qsort(flips->p, flips->n, sizeof(int32_t), cmp_i32);
    size_t out = 0;
    for (size_t i = 0; i < flips->n;) {
        size_t j = i;
        while (j < flips->n && AT(*flips, int32_t, j) == AT(*flips, int32_t, i))
            j++;
        if ((j - i) % 2 == 1)
            AT(*flips, int32_t, out++) = AT(*flips, int32_t, i);
        i = j;
    }
    flips->n = out;
}

/* A non-local edge's share of the ray beyond tile r: if it lies east of
 * the tile within the band, it adds a crossing for every latitude in
 * [ylo, yhi). Updates the parity at the south edge and the flips. */
static void add_beyond(uint32_t id, const rect *r, int *base, vec *flips)
{
    const int32_t *v = edge_at(id);
    int32_t ax = v[0], ay = v[1], bx = v[2], by = v[3];
    if (ay == by)
        return; /* never crossed */
    if (ay > by) {
        int32_t t = ax; ax = bx; bx = t;
        t = ay; ay = by; by = t;
    }
    if (!(ay <= r->n && by > r->s))
        return; /* outside the band */
    double lo = ay > r->s ? ay : r->s, hi = by < r->n ? by : r->n;
    double yt = (lo + hi) / 2;
    double xt = ax + (yt - ay) * (double)(bx - ax) / (double)(by - ay);
    if (xt <= r->e)
        return; /* west of the tile: never east of a point in it */
    if (ay <= r->s && r->s < by)
        *base ^= 1;
    if (ay > r->s && ay <= r->n)
        *(int32_t *)vec_push(flips, 1) = ay;
    if (by > r->s && by <= r->n)
        *(int32_t *)vec_push(flips, 1) = by;
}

/* ---- the output --------------------------------------------------------- */

static vec nodes = VEC(uint32_t);
static vec leaves = VEC(uint32_t);
static vec cands = VEC(vpc_index_cand);
static vec runs = VEC(vpc_index_run);
static vec breaks = VEC(int32_t);
static int max_zoom_used, max_edges;
static long anomalies, leaf_depth[32], full_leaves, empty_leaves;

static uint32_t emit_leaf(cand *cs, int n)
{
    uint32_t leaf = (uint32_t)leaves.n;
    *(uint32_t *)vec_push(&leaves, 1) = (uint32_t)cands.n;
    for (int i = 0; i < n; i++) {
        vpc_index_cand *c = vec_push(&cands, 1);
        c->ward = cs[i].ward | (cs[i].base ? VPC_CAND_PARITY : 0);
        c->run_start = (uint32_t)runs.n;
        c->break_start = (uint32_t)breaks.n;
        for (size_t k = 0; k < cs[i].edges.n;) {
            uint32_t first = AT(cs[i].edges, uint32_t, k);
            size_t len = 1;
            while (k + len < cs[i].edges.n && AT(cs[i].edges, uint32_t, k + len) == first + len)
                len++;
            vpc_index_run *run = vec_push(&runs, 1);
            run->vertex = first;
            run->edges = (uint32_t)len;
            k += len;
        }
        for (size_t k = 0; k < cs[i].breaks.n; k++)
            *(int32_t *)vec_push(&breaks, 1) = AT(cs[i].breaks, int32_t, k);
    }
    return leaf;
}

/* Drop wards that miss the tile and those ranked below a ward that covers
 * it whole; returns the number kept. */
static int prune(cand *cs, int n)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int no_edges = cs[i].edges.n == 0;
        if (no_edges && cs[i].breaks.n > 0)
            anomalies++; /* parity cannot vary inside a tile no edge meets */
        if (no_edges && !cs[i].base) {
            cand_free(&cs[i]);
            continue;
        }
        cs[kept++] = cs[i];
        if (no_edges && cs[i].base) { /* covers the tile: nothing below it counts */
            for (int j = i + 1; j < n; j++)
                cand_free(&cs[j]);
            break;
        }
    }
    return kept;
}

/* Build the subtree of tile (z, x, y) whose candidates are cs[0..n), store
 * its node word at nodes[slot]. Takes ownership of cs. */
static void build(uint32_t slot, int z, long x, long y, cand *cs, int n)
{
    n = prune(cs, n);
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += cs[i].edges.n;

    uint32_t word;
    if (n == 0) {
        word = VPC_NODE(VPC_NODE_EMPTY, 0);
        empty_leaves++;
    } else if (cs[0].edges.n == 0) {
        word = VPC_NODE(VPC_NODE_FULL, cs[0].ward);
        full_leaves++;
    } else if (total <= (size_t)max_edges || z == max_zoom_used) {
        word = VPC_NODE(VPC_NODE_MIXED, emit_leaf(cs, n));
        leaf_depth[z]++;
    } else {
        uint32_t first = (uint32_t)nodes.n;
        vec_push(&nodes, 4);
        AT(nodes, uint32_t, slot) = VPC_NODE(VPC_NODE_INTERNAL, first);
        for (int k = 0; k < 4; k++) {
            long cx = 2 * x + (k & 1), cy = 2 * y + (k >> 1);
            rect r = tile_rect(z + 1, cx, cy);
            cand *kids = calloc((size_t)n, sizeof *kids);
            if (kids == NULL) {
                fprintf(stderr, "vpc-buildindex: out of memory\n");
                exit(1);
            }
            for (int i = 0; i < n; i++) {
                cand *p = &cs[i], *c = &kids[i];
                c->ward = p->ward;
                c->edges = (vec)VEC(uint32_t);
                c->breaks = (vec)VEC(int32_t);
                /* The parent's function of latitude, restricted to the
                 * child's band. */
                c->base = p->base;
                for (size_t b = 0; b < p->breaks.n; b++) {
                    int32_t yb = AT(p->breaks, int32_t, b);
                    if (yb <= r.s)
                        c->base ^= 1;
                    else if (yb <= r.n)
                        *(int32_t *)vec_push(&c->breaks, 1) = yb;
                }
                for (size_t k2 = 0; k2 < p->edges.n; k2++) {
                    uint32_t id = AT(p->edges, uint32_t, k2);
                    if (edge_meets(id, &r))
                        *(uint32_t *)vec_push(&c->edges, 1) = id;
                    else
                        add_beyond(id, &r, &c->base, &c->breaks);
                }
                settle_breaks(&c->breaks);
            }
            build(first + (uint32_t)k, z + 1, cx, cy, kids, n);
        }
        for (int i = 0; i < n; i++)
            cand_free(&cs[i]);
        free(cs);
        return;
    }
    AT(nodes, uint32_t, slot) = word;
    for (int i = 0; i < n; i++)
        cand_free(&cs[i]);
    free(cs);
}

/* Candidates of a base tile: every ward whose box meets it, with all of its
 * edges sorted into local ones and the rest. */
static int base_cands(const rect *r, cand **out)
{
    size_t nw = ward_rings.n - 1;
    cand *cs = calloc(nw, sizeof *cs);
    if (cs == NULL) {
        fprintf(stderr, "vpc-buildindex: out of memory\n");
        exit(1);
    }
    int n = 0;
    for (size_t w = 0; w < nw; w++) {
        const int32_t *bb = &AT(ward_bbox, int32_t, 4 * w);
        if (bb[2] < r->w || bb[0] > r->e || bb[3] < r->s || bb[1] > r->n) {
            /* Misses the tile; its ring parity at any point of the tile
             * is 0 (the ray meets the ring an even number of times). */
            continue;
        }
        cand *c = &cs[n++];
        c->ward = (uint32_t)w;
        c->edges = (vec)VEC(uint32_t);
        c->breaks = (vec)VEC(int32_t);
        for (uint32_t ri = AT(ward_rings, uint32_t, w); ri < AT(ward_rings, uint32_t, w + 1); ri++) {
            const vpc_index_ring *ring = &AT(rings, vpc_index_ring, ri);
            for (uint32_t id = ring->vertex; id + 1 < ring->vertex + ring->count; id++) {
                if (edge_meets(id, r))
                    *(uint32_t *)vec_push(&c->edges, 1) = id;
                else
                    add_beyond(id, r, &c->base, &c->breaks);
            }
        }
        settle_breaks(&c->breaks);
    }
    *out = cs;
    return n;
}

/* ---- database I/O -------------------------------------------------------- */

static void die_sql(sqlite3 *db, const char *what)
{
    fprintf(stderr, "vpc-buildindex: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static const char *store_table = "tile_index";

static void store(sqlite3 *db, const char *name, const void *data, size_t bytes)
{
    sqlite3_stmt *st;
    char sql[120];
    snprintf(sql, sizeof sql, "INSERT INTO %s(name, data) VALUES (?1, ?2)", store_table);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
        die_sql(db, "prepare insert");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 2, bytes ? data : "", bytes, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        die_sql(db, name);
    sqlite3_finalize(st);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Close the database on the way out (so that LeakSanitizer, in a build
 * with sanitizers, has nothing to report); returns status. */
static int finish(sqlite3 *db, void *cache, int status)
{
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    return status;
}

int main(int argc, char **argv)
{
    int districts = argc > 1 && strcmp(argv[1], "--districts") == 0;
    if (districts) {
        argv++;
        argc--;
    }
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: vpc-buildindex [--districts] DATABASE [BASE_ZOOM [MAX_ZOOM [MAX_EDGES]]]\n");
        return 2;
    }
    const char *source = districts ? "legacy_districts" : "wards";
    const char *target = districts ? "legacy_tile_index" : "tile_index";
    int base_zoom = argc > 2 ? atoi(argv[2]) : 14;
    max_zoom_used = argc > 3 ? atoi(argv[3]) : 22;
    max_edges = argc > 4 ? atoi(argv[4]) : 32;
    if (base_zoom < 4 || base_zoom > max_zoom_used || max_zoom_used > 28 || max_edges < 1) {
        fprintf(stderr, "vpc-buildindex: need 4 <= BASE_ZOOM <= MAX_ZOOM <= 28, MAX_EDGES >= 1\n");
        return 2;
    }
    double t0 = now();

    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        die_sql(db, argv[1]);
    void *cache = spatialite_alloc_connection();
    spatialite_init_ex(db, cache, 0);

    sqlite3_stmt *st;
    char query[200];
    if (districts) {
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'legacy_districts'",
                               -1, &st, NULL) || sqlite3_step(st) != SQLITE_ROW)
            die_sql(db, "look for legacy_districts");
        int present = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (!present) {
            printf("district index: no table legacy_districts, nothing to do\n");
            return finish(db, cache, 0);
        }
    }
    snprintf(query, sizeof query, "SELECT code, AsBinary(geom) FROM %s ORDER BY code", source);
    if (sqlite3_prepare_v2(db, query, -1, &st, NULL))
        die_sql(db, "read the polygons");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *code = sqlite3_column_text(st, 0);
        const unsigned char *wkb = sqlite3_column_blob(st, 1);
        size_t len = code ? strlen((const char *)code) : 0;
        if (len == 0 || len > 5 || wkb == NULL || add_ward(wkb, sqlite3_column_bytes(st, 1)) != 0) {
            fprintf(stderr, "vpc-buildindex: %s %s: unreadable geometry\n", source,
                    code ? (const char *)code : "?");
            sqlite3_finalize(st);
            return finish(db, cache, 1);
        }
        char *slot = vec_push(&ward_codes, 5); /* codes NUL-padded to 5 bytes */
        memset(slot, 0, 5);
        memcpy(slot, code, len);
    }
    sqlite3_finalize(st);
    size_t nw = ward_codes.n / 5;
    *(uint32_t *)vec_push(&ward_rings, 1) = (uint32_t)rings.n;
    if (nw == 0) {
        fprintf(stderr, "vpc-buildindex: no wards\n");
        return finish(db, cache, 1);
    }
    double t_read = now();

    /* The base grid covers every ward's box. */
    int32_t minx = INT32_MAX, miny = INT32_MAX, maxx = INT32_MIN, maxy = INT32_MIN;
    for (size_t w = 0; w < nw; w++) {
        const int32_t *bb = &AT(ward_bbox, int32_t, 4 * w);
        if (bb[0] < minx) minx = bb[0];
        if (bb[1] < miny) miny = bb[1];
        if (bb[2] > maxx) maxx = bb[2];
        if (bb[3] > maxy) maxy = bb[3];
    }
    double fx0, fy0, fx1, fy1;
    vpc_tile_from_lonlat(minx / VPC_INDEX_SCALE, maxy / VPC_INDEX_SCALE, base_zoom, &fx0, &fy0);
    vpc_tile_from_lonlat(maxx / VPC_INDEX_SCALE, miny / VPC_INDEX_SCALE, base_zoom, &fx1, &fy1);
    long x0 = (long)floor(fx0), y0 = (long)floor(fy0);
    long bw = (long)floor(fx1) - x0 + 1, bh = (long)floor(fy1) - y0 + 1;
    vec_push(&nodes, (size_t)(bw * bh));
    for (long by = 0; by < bh; by++) {
        for (long bx = 0; bx < bw; bx++) {
            rect r = tile_rect(base_zoom, x0 + bx, y0 + by);
            cand *cs;
            int n = base_cands(&r, &cs);
            build((uint32_t)(by * bw + bx), base_zoom, x0 + bx, y0 + by, cs, n);
        }
    }
    vpc_index_cand *sentinel = vec_push(&cands, 1);
    sentinel->ward = 0;
    sentinel->run_start = (uint32_t)runs.n;
    sentinel->break_start = (uint32_t)breaks.n;
    *(uint32_t *)vec_push(&leaves, 1) = (uint32_t)(cands.n - 1);
    double t_build = now();

    vpc_index_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, VPC_INDEX_MAGIC, 8);
    h.version = VPC_INDEX_VERSION;
    h.endian = 0x01020304u;
    h.base_zoom = (uint32_t)base_zoom;
    h.max_zoom = (uint32_t)max_zoom_used;
    h.base_x0 = (uint32_t)x0;
    h.base_y0 = (uint32_t)y0;
    h.base_w = (uint32_t)bw;
    h.base_h = (uint32_t)bh;
    h.n_nodes = (uint32_t)nodes.n;
    h.n_leaves = (uint32_t)leaves.n - 1;
    h.n_cands = (uint32_t)cands.n - 1;
    h.n_runs = (uint32_t)runs.n;
    h.n_breaks = (uint32_t)breaks.n;
    h.n_vertices = (uint32_t)(vertices.n / 2);
    h.n_rings = (uint32_t)rings.n;
    h.n_wards = (uint32_t)nw;

    char ddl[200];
    snprintf(ddl, sizeof ddl, "BEGIN; DROP TABLE IF EXISTS %s;"
             "CREATE TABLE %s(name TEXT PRIMARY KEY, data BLOB NOT NULL);", target, target);
    if (sqlite3_exec(db, ddl, NULL, NULL, NULL))
        die_sql(db, "create the index table");
    store_table = target;
    store(db, "header", &h, sizeof h);
    store(db, "nodes", nodes.p, nodes.n * sizeof(uint32_t));
    store(db, "leaves", leaves.p, leaves.n * sizeof(uint32_t));
    store(db, "cands", cands.p, cands.n * sizeof(vpc_index_cand));
    store(db, "runs", runs.p, runs.n * sizeof(vpc_index_run));
    store(db, "breaks", breaks.p, breaks.n * sizeof(int32_t));
    store(db, "vertices", vertices.p, vertices.n * sizeof(int32_t));
    store(db, "rings", rings.p, rings.n * sizeof(vpc_index_ring));
    store(db, "ward_rings", ward_rings.p, ward_rings.n * sizeof(uint32_t));
    store(db, "ward_codes", ward_codes.p, ward_codes.n);
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL))
        die_sql(db, "commit");
    sqlite3_close(db);
    spatialite_cleanup_ex(cache);
    double t_end = now();

    size_t bytes = nodes.n * 4 + leaves.n * 4 + cands.n * sizeof(vpc_index_cand) +
                   runs.n * sizeof(vpc_index_run) + breaks.n * 4 + vertices.n * 4 +
                   rings.n * sizeof(vpc_index_ring) + ward_rings.n * 4;
    printf("%s: %zu %s, %u rings, %u vertices\n", target, nw, districts ? "districts" : "wards",
           h.n_rings, h.n_vertices);
    printf("  %ld coordinate values given with more than 7 decimals, moved by at most %.1f mm to the 1e-7 degree grid\n",
           off_grid, max_moved / VPC_INDEX_SCALE * 111320.0 * 1000.0);
    printf("  base grid zoom %d: %ld x %ld tiles from (%ld, %ld); max zoom %d; at most %d edges a leaf\n",
           base_zoom, bw, bh, x0, y0, max_zoom_used, max_edges);
    printf("  %u nodes; leaves: %ld empty, %ld inside one ward, %u on boundaries\n",
           h.n_nodes, empty_leaves, full_leaves, h.n_leaves);
    printf("  boundary leaves by zoom:");
    for (int z = 0; z < 32; z++)
        if (leaf_depth[z])
            printf(" z%d:%ld", z, leaf_depth[z]);
    printf("\n  %u candidates, %u edge runs, %u flip latitudes; %.1f MiB in memory\n",
           h.n_cands, h.n_runs, h.n_breaks, bytes / 1048576.0);
    printf("  read %.1f s, built %.1f s, stored %.1f s\n", t_read - t0, t_build - t_read, t_end - t_build);
    if (anomalies) {
        fprintf(stderr, "vpc-buildindex: %ld inconsistent tiles\n", anomalies);
        return 1;
    }
    return 0;
}
