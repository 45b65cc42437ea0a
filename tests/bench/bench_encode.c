/*
 * bench_encode.c - how fast encoding, decoding and opening are, measured
 * against the usual way of finding a ward in SpatiaLite SQL (R*Tree filter
 * plus ST_Contains) in the same run, on the same points.
 *
 *   bench_encode [DATABASE [POINTS]]
 *
 * Prints figures and ratios; it passes or fails nothing. Points are spread
 * over Vietnam: uniform over the country's bounding box, kept when they
 * fall in a ward, with a fixed seed so runs are comparable.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../testrand.h"
#include "vpostcode.h"

#define BATCH 1000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Resident memory of this process, in MiB, from /proc. */
static double rss_mib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident * 4096.0 / 1048576.0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : vpc_default_db_path();
    size_t npoints = argc > 2 ? (size_t)atol(argv[2]) : 200000;
    vpc_db *db;
    vpc_status st;

    /* Opening: the first open reads the file from disk or page cache, the
     * next ones show the steady cost. */
    double rss0 = rss_mib();
    double opens[5];
    for (int i = 0; i < 5; i++) {
        double t = now();
        st = vpc_open(path, &db);
        opens[i] = now() - t;
        if (st != VPC_OK) {
            fprintf(stderr, "bench_encode: %s: %s\n", path, vpc_strerror(st));
            return 1;
        }
        if (i < 4)
            vpc_close(db);
    }
    double rss1 = rss_mib();
    printf("database   %s (%zu wards)\n", path, vpc_ward_count(db));
    printf("vpc_open   first %.3f ms, median of 5 %.3f ms; resident memory +%.1f MiB (process %.0f MiB;"
           " the file is mapped, its pages count when read)\n",
           opens[0] * 1e3, median(opens, 5) * 1e3, rss1 - rss0, rss1);

    /* Points in wards, spread over the country. */
    double *lat = malloc(npoints * sizeof *lat), *lon = malloc(npoints * sizeof *lon);
    vpc_code *codes = malloc(npoints * sizeof *codes);
    int *ward_of = malloc(npoints * sizeof *ward_of);
    uint64_t rng = 20250701;
    size_t tried = 0;
    for (size_t i = 0; i < npoints;) {
        vpc_ward w;
        double a = test_rand_uniform(&rng, 7.18, 23.39), b = test_rand_uniform(&rng, 102.14, 117.83);
        tried++;
        if (vpc_lookup(db, a, b, &w) == VPC_OK) {
            lat[i] = a;
            lon[i] = b;
            i++;
        }
    }
    printf("points     %zu in wards (%.0f%% of the country's box is land in a ward)\n",
           npoints, 100.0 * (double)npoints / (double)tried);

    /* The first pass over the points maps the file's pages into the process
     * (page faults); a long-running process pays it once. Timed apart. */
    size_t nb = npoints / BATCH;
    double *batch = malloc(nb * sizeof *batch);
    double t_first = now();
    for (size_t i = 0; i < npoints; i++)
        if (vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL) != VPC_OK)
            return 1;
    t_first = now() - t_first;
    printf("first pass %.0f ns/point (encode, faulting the mapped pages in; process %.0f MiB)\n",
           t_first / npoints * 1e9, rss_mib());

    /* Encode with ward lookup, timed by batches of consecutive calls. */
    double t_all = now();
    for (size_t b = 0; b < nb; b++) {
        double t = now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL) != VPC_OK)
                return 1;
        batch[b] = (now() - t) / BATCH;
    }
    t_all = now() - t_all;
    double enc_median = median(batch, nb);
    printf("encode     median %.0f ns/point (batches of %d), %.2f M points/s overall, one thread\n",
           enc_median * 1e9, BATCH, npoints / t_all / 1e6);

    /* Lookup alone (ward and province), the reverse-geocoding call. */
    for (size_t b = 0; b < nb; b++) {
        vpc_ward w;
        double t = now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_lookup(db, lat[i], lon[i], &w) != VPC_OK)
                return 1;
        batch[b] = (now() - t) / BATCH;
    }
    printf("lookup     median %.0f ns/point\n", median(batch, nb) * 1e9);

    /* Decode, from parsed codes and from text. */
    char (*texts)[VPC_CODE_BUFSIZE] = malloc(npoints * sizeof *texts);
    for (size_t i = 0; i < npoints; i++)
        vpc_code_format(&codes[i], 0, texts[i], sizeof texts[i]);
    for (size_t b = 0; b < nb; b++) {
        vpc_cell c;
        double t = now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_decode_code(db, &codes[i], &c, NULL) != VPC_OK)
                return 1;
        batch[b] = (now() - t) / BATCH;
    }
    double dec_median = median(batch, nb);
    printf("decode     median %.0f ns/code (parsed)", dec_median * 1e9);
    for (size_t b = 0; b < nb; b++) {
        vpc_cell c;
        double t = now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_decode(db, texts[i], &c, NULL) != VPC_OK)
                return 1;
        batch[b] = (now() - t) / BATCH;
    }
    printf(", %.0f ns/code (from text)\n", median(batch, nb) * 1e9);

    /* The batch calls over the same points and codes, BATCH items a call. */
    char *btext = malloc((size_t)BATCH * VPC_CODE_BUFSIZE);
    int *bward = malloc(BATCH * sizeof *bward), *bstatus = malloc(BATCH * sizeof *bstatus);
    vpc_cell *bcell = malloc(BATCH * sizeof *bcell);
    const char **bptr = malloc(BATCH * sizeof *bptr);
    for (size_t b = 0; b < nb; b++) {
        double t = now();
        if (vpc_encode_batch(db, BATCH, lat + b * BATCH, lon + b * BATCH, 0, btext, bward,
                             bstatus) != VPC_OK)
            return 1;
        batch[b] = (now() - t) / BATCH;
    }
    printf("batch      vpc_encode_batch median %.0f ns/point", median(batch, nb) * 1e9);
    for (size_t b = 0; b < nb; b++) {
        for (size_t i = 0; i < BATCH; i++)
            bptr[i] = texts[b * BATCH + i];
        double t = now();
        if (vpc_decode_batch(db, BATCH, bptr, 0, bcell, bward, bstatus) != VPC_OK)
            return 1;
        batch[b] = (now() - t) / BATCH;
    }
    printf(", vpc_decode_batch %.0f ns/code\n", median(batch, nb) * 1e9);
    free(btext); free(bward); free(bstatus); free(bcell); free(bptr);

    /* A bare OLC encode of the same points: the codec alone, no database. */
    for (size_t b = 0; b < nb; b++) {
        char olc[VPC_OLC_BUFSIZE];
        double t = now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            vpc_olc_encode(lat[i], lon[i], 11, olc, sizeof olc);
        batch[b] = (now() - t) / BATCH;
    }
    double olc_median = median(batch, nb);
    printf("OLC        vpc_olc_encode median %.0f ns/point; encode with ward lookup is %.1fx that\n",
           olc_median * 1e9, enc_median / olc_median);

    /* The same lookup the usual way: SpatiaLite SQL on the SQLite database
     * the runtime file was built from (X.sqlite for X.vpc). */
    char sqlite_path[4096];
    size_t plen = strlen(path);
    if (plen > 4 && plen < sizeof sqlite_path - 8 && strcmp(path + plen - 4, ".vpc") == 0)
        snprintf(sqlite_path, sizeof sqlite_path, "%.*s.sqlite", (int)(plen - 4), path);
    else
        snprintf(sqlite_path, sizeof sqlite_path, "%s", path);
    sqlite3 *sql;
    if (sqlite3_open_v2(sqlite_path, &sql, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_encode: cannot open %s with SQLite\n", sqlite_path);
        return 1;
    }
    void *cache = spatialite_alloc_connection();
    spatialite_init_ex(sql, cache, 0);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(sql,
            "SELECT code FROM wards WHERE ROWID IN (SELECT ROWID FROM SpatialIndex"
            " WHERE f_table_name = 'wards' AND search_frame = MakePoint(?1, ?2, 4326))"
            " AND ST_Contains(geom, MakePoint(?1, ?2, 4326)) ORDER BY code LIMIT 1",
            -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_encode: %s\n", sqlite3_errmsg(sql));
        return 1;
    }
    size_t nsql = npoints < 2000 ? npoints : 2000, disagree = 0;
    double *each = malloc(nsql * sizeof *each);
    for (size_t i = 0; i < nsql; i++) {
        double t = now();
        sqlite3_bind_double(q, 1, lon[i]);
        sqlite3_bind_double(q, 2, lat[i]);
        int rc = sqlite3_step(q);
        char got[6] = "";
        if (rc == SQLITE_ROW)
            snprintf(got, sizeof got, "%s", (const char *)sqlite3_column_text(q, 0));
        sqlite3_reset(q);
        each[i] = now() - t;
        vpc_ward w;
        vpc_lookup(db, lat[i], lon[i], &w);
        if (strcmp(got, w.code) != 0)
            disagree++;
    }
    double sql_median = median(each, nsql);
    printf("SpatiaLite median %.0f us/point (R*Tree + ST_Contains, %zu points; %zu disagree with the library)\n",
           sql_median * 1e6, nsql, disagree);
    printf("ratio      encode with ward lookup is %.0fx faster than the SpatiaLite lookup alone\n",
           sql_median / enc_median);
    sqlite3_finalize(q);
    sqlite3_close(sql);
    spatialite_cleanup_ex(cache);

    /* Points drawn ward by ward (every ward equally likely, so the small
     * wards of the towns weigh as much as the large rural ones, as parcels
     * do), kept when they fall in a ward. */
    size_t nwards = vpc_ward_count(db);
    for (size_t i = 0; i < npoints;) {
        vpc_ward w;
        if (vpc_ward_at(db, test_rand_next(&rng) % nwards, &w) != VPC_OK)
            return 1;
        double a = test_rand_uniform(&rng, w.south, w.north), b = test_rand_uniform(&rng, w.west, w.east);
        if (vpc_lookup(db, a, b, &w) == VPC_OK) {
            lat[i] = a;
            lon[i] = b;
            i++;
        }
    }
    for (size_t i = 0; i < npoints; i++) /* the first pass, untimed */
        vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL);
    for (size_t b = 0; b < nb; b++) {
        double t = now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL) != VPC_OK)
                return 1;
        batch[b] = (now() - t) / BATCH;
    }
    double ward_median = median(batch, nb);
    printf("encode     median %.0f ns/point for points drawn ward by ward\n", ward_median * 1e9);

    printf("targets    encode <= 400 ns (spread): %s; <= 500 ns (ward by ward): %s;"
           " decode <= 500 ns: %s; ratio to SpatiaLite >= 100x: %s; open <= 5 ms: %s\n",
           enc_median <= 400e-9 ? "met" : "NOT met", ward_median <= 500e-9 ? "met" : "NOT met",
           dec_median <= 500e-9 ? "met" : "NOT met",
           sql_median / enc_median >= 100 ? "met" : "NOT met",
           median(opens, 5) <= 0.005 ? "met" : "NOT met");
    vpc_close(db);
    free(lat); free(lon); free(codes); free(ward_of); free(batch); free(texts); free(each);
    return 0;
}
