/*
 * bench.h - what the benchmarks share: a clock, medians, the words for a
 * target, and points spread over the country.
 */
#ifndef VPC_BENCH_H
#define VPC_BENCH_H

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../testrand.h"
#include "vpostcode.h"

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (v is sorted in place). */
static inline double bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static inline const char *bench_verdict(int met)
{
    return met ? "met" : "NOT met";
}

/* The country's bounding box (islands included). */
#define BENCH_SOUTH 7.18
#define BENCH_NORTH 23.39
#define BENCH_WEST 102.14
#define BENCH_EAST 117.83

/* A grid over the country's box marking the cells some ward's bounding box
 * touches: a point in an unmarked cell is in no ward, and is known so
 * without asking the library (which takes its time over a point at sea). */
#define BENCH_GRID 0.05
#define BENCH_ROWS ((int)((BENCH_NORTH - BENCH_SOUTH) / BENCH_GRID) + 1)
#define BENCH_COLS ((int)((BENCH_EAST - BENCH_WEST) / BENCH_GRID) + 1)

static inline int bench_row(double lat)
{
    double d = (lat - BENCH_SOUTH) / BENCH_GRID;
    return d < 0 ? 0 : d >= BENCH_ROWS - 1 ? BENCH_ROWS - 1 : (int)d;
}

static inline int bench_col(double lon)
{
    double d = (lon - BENCH_WEST) / BENCH_GRID;
    return d < 0 ? 0 : d >= BENCH_COLS - 1 ? BENCH_COLS - 1 : (int)d;
}

static inline unsigned char *bench_land_grid(vpc_db *db)
{
    unsigned char *grid = calloc((size_t)BENCH_ROWS * BENCH_COLS, 1);
    size_t n = vpc_ward_count(db);
    for (size_t i = 0; grid != NULL && i < n; i++) {
        vpc_ward w;
        if (vpc_ward_at(db, i, &w) != VPC_OK)
            continue;
        for (int r = bench_row(w.south); r <= bench_row(w.north); r++)
            memset(grid + (size_t)r * BENCH_COLS + bench_col(w.west), 1,
                   (size_t)(bench_col(w.east) - bench_col(w.west) + 1));
    }
    return grid;
}

/* n points uniform over the country's box, kept when they fall in a ward;
 * the draws of rng are those of asking vpc_lookup of every point, so the
 * points are the same with or without the grid. How many were drawn. */
static inline size_t bench_points_spread(vpc_db *db, uint64_t *rng, size_t n, double *lat,
                                         double *lon)
{
    unsigned char *grid = bench_land_grid(db);
    size_t tried = 0;
    for (size_t i = 0; i < n;) {
        vpc_ward w;
        double a = test_rand_uniform(rng, BENCH_SOUTH, BENCH_NORTH),
               b = test_rand_uniform(rng, BENCH_WEST, BENCH_EAST);
        tried++;
        if (grid != NULL && !grid[(size_t)bench_row(a) * BENCH_COLS + bench_col(b)])
            continue;
        if (vpc_lookup(db, a, b, &w) == VPC_OK) {
            lat[i] = a;
            lon[i] = b;
            i++;
        }
    }
    free(grid);
    return tried;
}

#endif
