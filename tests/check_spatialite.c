/*
 * check_spatialite.c - the library's ward for a point against independent
 * references on the same database:
 *   - SpatiaLite's own ST_Contains (R*Tree filter, then GEOS), for random
 *     points in and around every one of the 3,321 wards;
 *   - a brute-force evaluation of the boundary rule of docs/SPEC.md over
 *     whole rings, written here, for points exactly on vertices and edges,
 *     where ST_Contains says "on the boundary" for both neighbours.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <sqlite3.h> /* before spatialite.h, which needs its types */
#include <spatialite.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

static vpc_db *db;
static sqlite3 *sql;
static sqlite3_stmt *q_contains, *q_ward;

/* Every ward's rings, read from WKB, for the brute-force rule. */
typedef struct {
    char code[6];
    double minx, miny, maxx, maxy; /* degrees */
    size_t nrings;
    size_t *ring_len;
    double **ring; /* x, y pairs in degrees, closed */
} ward_geom;

static ward_geom *wg;
static size_t nwg;

static uint32_t u32(const unsigned char **p, int le)
{
    const unsigned char *b = *p;
    *p += 4;
    return le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
              : (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
}

static double f64(const unsigned char **p, int le)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (*p)[le ? i : 7 - i];
    *p += 8;
    double d;
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u |= (uint64_t)b[i] << (8 * i);
    memcpy(&d, &u, 8);
    return d;
}

/* Read every ward's rings; 0 on any surprise (before the tests run, so no
 * Check assertions here). */
static int load_geometries(void)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(sql, "SELECT code, AsBinary(geom) FROM wards ORDER BY code", -1, &st,
                           NULL) != SQLITE_OK)
        return 0;
    wg = calloc(4000, sizeof *wg);
    while (nwg < 4000 && sqlite3_step(st) == SQLITE_ROW) {
        ward_geom *g = &wg[nwg++];
        snprintf(g->code, sizeof g->code, "%s", (const char *)sqlite3_column_text(st, 0));
        const unsigned char *p = sqlite3_column_blob(st, 1);
        g->minx = g->miny = INFINITY;
        g->maxx = g->maxy = -INFINITY;
        int le = *p++ == 1;
        if (u32(&p, le) != 6)
            return 0;
        uint32_t npoly = u32(&p, le);
        g->ring_len = malloc(64 * sizeof *g->ring_len);
        g->ring = malloc(64 * sizeof *g->ring);
        for (uint32_t i = 0; i < npoly; i++) {
            int ple = *p++ == 1;
            if (u32(&p, ple) != 3)
                return 0;
            uint32_t nr = u32(&p, ple);
            for (uint32_t r = 0; r < nr; r++) {
                uint32_t n = u32(&p, ple);
                if (g->nrings % 64 == 0 && g->nrings > 0) {
                    g->ring_len = realloc(g->ring_len, (g->nrings + 64) * sizeof *g->ring_len);
                    g->ring = realloc(g->ring, (g->nrings + 64) * sizeof *g->ring);
                }
                double *v = malloc(2 * n * sizeof *v);
                for (uint32_t k = 0; k < n; k++) {
                    v[2 * k] = f64(&p, ple);
                    v[2 * k + 1] = f64(&p, ple);
                    g->minx = fmin(g->minx, v[2 * k]);
                    g->maxx = fmax(g->maxx, v[2 * k]);
                    g->miny = fmin(g->miny, v[2 * k + 1]);
                    g->maxy = fmax(g->maxy, v[2 * k + 1]);
                }
                g->ring[g->nrings] = v;
                g->ring_len[g->nrings++] = n;
            }
        }
    }
    sqlite3_finalize(st);
    return nwg == 3321;
}

/* The rule of docs/SPEC.md, evaluated over whole rings: vertices on the
 * 1e-7 degree grid, a ray towards east, an edge crossed when exactly one
 * end is above the point and the point is west of the edge's abscissa
 * computed from its lower end; the lowest GSO code wins an overlap. */
static const char *rule_ward(double lat, double lon)
{
    double px = lon * 1e7, py = lat * 1e7;
    for (size_t w = 0; w < nwg; w++) {
        const ward_geom *g = &wg[w];
        if (lon < g->minx - 1e-6 || lon > g->maxx + 1e-6 || lat < g->miny - 1e-6 || lat > g->maxy + 1e-6)
            continue;
        int inside = 0;
        for (size_t r = 0; r < g->nrings; r++) {
            const double *v = g->ring[r];
            for (size_t k = 0; k + 1 < g->ring_len[r]; k++) {
                double ax = nearbyint(v[2 * k] * 1e7), ay = nearbyint(v[2 * k + 1] * 1e7);
                double bx = nearbyint(v[2 * k + 2] * 1e7), by = nearbyint(v[2 * k + 3] * 1e7);
                if ((ay > py) == (by > py))
                    continue;
                if (ay > by) {
                    double t = ax; ax = bx; bx = t;
                    t = ay; ay = by; by = t;
                }
                double x = ax + (py - ay) * (bx - ax) / (by - ay);
                if (px < x)
                    inside ^= 1;
            }
        }
        if (inside)
            return g->code;
    }
    return "";
}

/* SpatiaLite's answer: the lowest code among the wards containing it. */
static void spatialite_ward(double lat, double lon, char out[6])
{
    sqlite3_bind_double(q_ward, 1, lon);
    sqlite3_bind_double(q_ward, 2, lat);
    out[0] = '\0';
    if (sqlite3_step(q_ward) == SQLITE_ROW)
        snprintf(out, 6, "%s", (const char *)sqlite3_column_text(q_ward, 0));
    sqlite3_reset(q_ward);
}

static int spatialite_contains(const char *code, double lat, double lon)
{
    sqlite3_bind_text(q_contains, 1, code, -1, SQLITE_STATIC);
    sqlite3_bind_double(q_contains, 2, lon);
    sqlite3_bind_double(q_contains, 3, lat);
    int r = sqlite3_step(q_contains) == SQLITE_ROW && sqlite3_column_int(q_contains, 0) == 1;
    sqlite3_reset(q_contains);
    return r;
}

static const char *library_ward(double lat, double lon, vpc_ward *w)
{
    vpc_status st = vpc_lookup(db, lat, lon, w);
    ck_assert_msg(st == VPC_OK || st == VPC_E_NO_WARD || st == VPC_E_OUTSIDE_VIETNAM, "%.9f %.9f: %s", lat, lon, vpc_status_name(st));
    return st == VPC_OK ? w->code : "";
}

/* Random points in each ward's box: at least 5 inside the ward itself by
 * ST_Contains, and every point compared with SpatiaLite's full answer. */
START_TEST(test_every_ward_against_st_contains)
{
    uint64_t rng = 1000 + (uint64_t)_i;
    size_t first = (size_t)_i * 3321 / 8, last = (size_t)(_i + 1) * 3321 / 8;
    long compared = 0, inside_own = 0;
    for (size_t i = first; i < last; i++) {
        vpc_ward w;
        ck_assert_int_eq(vpc_ward_at(db, i, &w), VPC_OK);
        int own = 0;
        for (int tries = 0; own < 5 && tries < 600; tries++) {
            double lat = test_rand_uniform(&rng, w.south, w.north);
            double lon = test_rand_uniform(&rng, w.west, w.east);
            int in_own = spatialite_contains(w.code, lat, lon);
            if (!in_own && tries % 8 != 0)
                continue; /* compare some outside points too, not all */
            char want[6];
            vpc_ward got;
            spatialite_ward(lat, lon, want);
            const char *have = library_ward(lat, lon, &got);
            ck_assert_msg(strcmp(want, have) == 0, "ward %s, point %.9f %.9f: SpatiaLite '%s', library '%s'",
                          w.code, lat, lon, want, have);
            compared++;
            own += in_own;
        }
        ck_assert_msg(own > 0, "no random point found inside ward %s", w.code);
        inside_own += own;
    }
    printf("ST_Contains: wards %zu-%zu, %ld points compared, %ld inside their own ward, all agree\n",
           first, last - 1, compared, inside_own);
}
END_TEST

/* Points exactly on vertices and on edges (and just beside them): the
 * library must give exactly the ward the rule gives. */
START_TEST(test_boundary_rule)
{
    uint64_t rng = 77;
    long points = 0, on_boundary_in_ward = 0;
    for (int n = 0; n < 1000; n++) {
        const ward_geom *g = &wg[test_rand_next(&rng) % nwg];
        size_t r = test_rand_next(&rng) % g->nrings;
        size_t k = test_rand_next(&rng) % (g->ring_len[r] - 1);
        const double *v = g->ring[r] + 2 * k;
        double cand[6][2] = {
            {v[1], v[0]},                               /* a vertex */
            {(v[1] + v[3]) / 2, (v[0] + v[2]) / 2},     /* an edge's midpoint */
            {v[1] + 1e-9, v[0]}, {v[1] - 1e-9, v[0]},   /* beside the vertex */
            {v[1], v[0] + 1e-9}, {v[1], v[0] - 1e-9},
        };
        for (int c = 0; c < 6; c++) {
            vpc_ward got;
            const char *want = rule_ward(cand[c][0], cand[c][1]);
            const char *have = library_ward(cand[c][0], cand[c][1], &got);
            ck_assert_msg(strcmp(want, have) == 0, "%.10f %.10f (ward %s): rule '%s', library '%s'",
                          cand[c][0], cand[c][1], g->code, want, have);
            points++;
            if (c < 2 && *have)
                on_boundary_in_ward++;
        }
    }
    printf("boundary rule: %ld points on and beside boundaries agree; %ld of the boundary points"
           " went to a ward\n", points, on_boundary_in_ward);
}
END_TEST

int main(void)
{
    const char *path = getenv("VPOSTCODE_DB");
    if (path == NULL || vpc_open(path, &db) != VPC_OK) {
        fprintf(stderr, "cannot open $VPOSTCODE_DB\n");
        return 1;
    }
    const char *sqlite_path = getenv("VPOSTCODE_SQLITE"); /* the same build's SQLite database */
    if (sqlite_path == NULL || sqlite3_open_v2(sqlite_path, &sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return 1;
    void *cache = spatialite_alloc_connection();
    spatialite_init_ex(sql, cache, 0);
    if (sqlite3_prepare_v2(sql, "SELECT ST_Contains(geom, MakePoint(?2, ?3, 4326)) FROM wards WHERE code = ?1",
                           -1, &q_contains, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sql,
                           "SELECT code FROM wards WHERE ROWID IN (SELECT ROWID FROM SpatialIndex"
                           " WHERE f_table_name = 'wards' AND search_frame = MakePoint(?1, ?2, 4326))"
                           " AND ST_Contains(geom, MakePoint(?1, ?2, 4326)) ORDER BY code LIMIT 1",
                           -1, &q_ward, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(sql));
        return 1;
    }
    if (!load_geometries()) {
        fprintf(stderr, "cannot read the ward geometries\n");
        return 1;
    }

    Suite *s = suite_create("spatialite");
    TCase *tc = tcase_create("agreement");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_every_ward_against_st_contains, 0, test_scaled(8));
    tcase_add_test(tc, test_boundary_rule);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    sqlite3_finalize(q_contains);
    sqlite3_finalize(q_ward);
    sqlite3_close(sql);
    spatialite_cleanup_ex(cache);
    vpc_close(db);
    return rc;
}
