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

#include "bench.h"

#define BATCH 1000

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
        double t = bench_now();
        st = vpc_open(path, &db);
        opens[i] = bench_now() - t;
        if (st != VPC_OK) {
            fprintf(stderr, "bench_encode: %s: %s\n", path, vpc_strerror(st));
            return 1;
        }
        if (i < 4)
            vpc_close(db);
    }
    double rss1 = rss_mib();
    printf("database   %s (%zu wards)\n", path, vpc_ward_count(db));
    double open_median = bench_median(opens, 5);
    printf("vpc_open   first %.3f ms, median of 5 %.3f ms (target <= 5 ms: %s); resident memory"
           " +%.1f MiB (process %.0f MiB; the file is mapped, its pages count when read)\n",
           opens[0] * 1e3, open_median * 1e3, bench_verdict(open_median <= 0.005), rss1 - rss0,
           rss1);

    /* Points in wards, spread over the country. */
    double *lat = malloc(npoints * sizeof *lat), *lon = malloc(npoints * sizeof *lon);
    vpc_code *codes = malloc(npoints * sizeof *codes);
    int *ward_of = malloc(npoints * sizeof *ward_of);
    uint64_t rng = 20250701;
    size_t tried = bench_points_spread(db, &rng, npoints, lat, lon);
    printf("points     %zu in wards (%.0f%% of the country's box is land in a ward)\n",
           npoints, 100.0 * (double)npoints / (double)tried);

    /* The first pass over the points maps the file's pages into the process
     * (page faults); a long-running process pays it once. Timed apart. */
    size_t nb = npoints / BATCH;
    double *batch = malloc(nb * sizeof *batch);
    double t_first = bench_now();
    for (size_t i = 0; i < npoints; i++)
        if (vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL) != VPC_OK)
            return 1;
    t_first = bench_now() - t_first;
    printf("first pass %.0f ns/point (encode, faulting the mapped pages in; process %.0f MiB)\n",
           t_first / npoints * 1e9, rss_mib());

    /* Encode with ward lookup, timed by batches of consecutive calls. */
    double t_all = bench_now();
    for (size_t b = 0; b < nb; b++) {
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL) != VPC_OK)
                return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    t_all = bench_now() - t_all;
    double enc_median = bench_median(batch, nb);
    printf("encode     median %.0f ns/point (batches of %d; target <= 400 ns: %s), %.2f M points/s"
           " overall, one thread\n", enc_median * 1e9, BATCH, bench_verdict(enc_median <= 400e-9),
           npoints / t_all / 1e6);

    /* Lookup alone (ward and province), the reverse-geocoding call. */
    for (size_t b = 0; b < nb; b++) {
        vpc_ward w;
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_lookup(db, lat[i], lon[i], &w) != VPC_OK)
                return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    double lookup_median = bench_median(batch, nb);
    printf("lookup     median %.0f ns/point\n", lookup_median * 1e9);

    /* Lookup of points in no ward (at sea, abroad): the first 2,000 draws
     * over the country's box, each timed, apart from those in a ward. */
    {
        enum { DRAWS = 2000 };
        double miss[DRAWS];
        size_t nmiss = 0;
        uint64_t r = 20250701;
        for (size_t i = 0; i < DRAWS; i++) {
            vpc_ward w;
            double a = test_rand_uniform(&r, BENCH_SOUTH, BENCH_NORTH),
                   b = test_rand_uniform(&r, BENCH_WEST, BENCH_EAST);
            double t = bench_now();
            st = vpc_lookup(db, a, b, &w);
            t = bench_now() - t;
            if (st != VPC_OK)
                miss[nmiss++] = t;
        }
        if (nmiss > 0)
            printf("lookup     median %.1f us/point for points in no ward (at sea, abroad: %zu of %d"
                   " points drawn over the country's box; no target)\n",
                   bench_median(miss, nmiss) * 1e6, nmiss, (int)DRAWS);
    }

    /* Decode, from parsed codes and from text. */
    char (*texts)[VPC_CODE_BUFSIZE] = malloc(npoints * sizeof *texts);
    for (size_t i = 0; i < npoints; i++)
        vpc_code_format(&codes[i], 0, texts[i], sizeof texts[i]);
    for (size_t b = 0; b < nb; b++) {
        vpc_cell c;
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_decode_code(db, &codes[i], &c, NULL) != VPC_OK)
                return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    double dec_median = bench_median(batch, nb);
    printf("decode     median %.0f ns/code (parsed; target <= 500 ns: %s)", dec_median * 1e9,
           bench_verdict(dec_median <= 500e-9));
    for (size_t b = 0; b < nb; b++) {
        vpc_cell c;
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_decode(db, texts[i], &c, NULL) != VPC_OK)
                return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    printf(", %.0f ns/code (from text)\n", bench_median(batch, nb) * 1e9);

    /* The batch calls over the same points and codes, BATCH items a call. */
    char *btext = malloc((size_t)BATCH * VPC_CODE_BUFSIZE);
    int *bward = malloc(BATCH * sizeof *bward), *bstatus = malloc(BATCH * sizeof *bstatus);
    vpc_cell *bcell = malloc(BATCH * sizeof *bcell);
    const char **bptr = malloc(BATCH * sizeof *bptr);
    for (size_t b = 0; b < nb; b++) {
        double t = bench_now();
        if (vpc_encode_batch(db, BATCH, lat + b * BATCH, lon + b * BATCH, 0, btext, bward,
                             bstatus) != VPC_OK)
            return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    printf("batch      vpc_encode_batch median %.0f ns/point", bench_median(batch, nb) * 1e9);
    for (size_t b = 0; b < nb; b++) {
        for (size_t i = 0; i < BATCH; i++)
            bptr[i] = texts[b * BATCH + i];
        double t = bench_now();
        if (vpc_decode_batch(db, BATCH, bptr, 0, bcell, bward, bstatus) != VPC_OK)
            return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    printf(", vpc_decode_batch %.0f ns/code\n", bench_median(batch, nb) * 1e9);
    free(btext); free(bward); free(bstatus); free(bcell); free(bptr);

    /* The same encodes over 64 points only, whose data stays in the cache:
     * the arithmetic of the lookup path without its memory latency. */
    for (size_t b = 0; b < nb; b++) {
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            vpc_encode(db, lat[i % 64], lon[i % 64], 0, &codes[i], NULL);
        batch[b] = (bench_now() - t) / BATCH;
    }
    printf("cached     encode median %.0f ns/point over 64 points (the rest of encode is memory latency)\n",
           bench_median(batch, nb) * 1e9);
    for (size_t i = 0; i < npoints; i++) /* the codes again, for what follows */
        vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL);

    /* A bare OLC encode of the same points: the codec alone, no database. */
    for (size_t b = 0; b < nb; b++) {
        char olc[VPC_OLC_BUFSIZE];
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            vpc_olc_encode(lat[i], lon[i], 11, olc, sizeof olc);
        batch[b] = (bench_now() - t) / BATCH;
    }
    double olc_median = bench_median(batch, nb);
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
        double t = bench_now();
        sqlite3_bind_double(q, 1, lon[i]);
        sqlite3_bind_double(q, 2, lat[i]);
        int rc = sqlite3_step(q);
        char got[6] = "";
        if (rc == SQLITE_ROW)
            snprintf(got, sizeof got, "%s", (const char *)sqlite3_column_text(q, 0));
        sqlite3_reset(q);
        each[i] = bench_now() - t;
        vpc_ward w;
        vpc_lookup(db, lat[i], lon[i], &w);
        if (strcmp(got, w.code) != 0)
            disagree++;
    }
    double sql_median = bench_median(each, nsql);
    printf("SpatiaLite median %.0f us/point (R*Tree + ST_Contains, %zu points; %zu disagree with the library)\n",
           sql_median * 1e6, nsql, disagree);
    printf("ratio      encode with ward lookup is %.0fx faster than the SpatiaLite lookup alone"
           " (target >= 100x: %s); lookup alone %.0fx\n", sql_median / enc_median,
           bench_verdict(sql_median / enc_median >= 100), sql_median / lookup_median);
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
        double t = bench_now();
        for (size_t i = b * BATCH; i < (b + 1) * BATCH; i++)
            if (vpc_encode(db, lat[i], lon[i], 0, &codes[i], NULL) != VPC_OK)
                return 1;
        batch[b] = (bench_now() - t) / BATCH;
    }
    double ward_median = bench_median(batch, nb);
    printf("encode     median %.0f ns/point for points drawn ward by ward (target <= 500 ns: %s);"
           " %.1fx vpc_olc_encode, %.0fx faster than SpatiaLite\n", ward_median * 1e9,
           bench_verdict(ward_median <= 500e-9), ward_median / olc_median, sql_median / ward_median);

    printf("targets    encode <= 400 ns (spread): %s; <= 500 ns (ward by ward): %s;"
           " decode <= 500 ns: %s; ratio to SpatiaLite >= 100x: %s; open <= 5 ms: %s\n",
           enc_median <= 400e-9 ? "met" : "NOT met", ward_median <= 500e-9 ? "met" : "NOT met",
           dec_median <= 500e-9 ? "met" : "NOT met",
           sql_median / enc_median >= 100 ? "met" : "NOT met",
           open_median <= 0.005 ? "met" : "NOT met");
    vpc_close(db);
    free(lat); free(lon); free(codes); free(ward_of); free(batch); free(texts); free(each);
    return 0;
}
