/*
 * fuzz_common.h - what the libFuzzer targets share: reading values out of
 * the fuzzer's bytes, and the check that turns a broken invariant into a
 * crash the fuzzer reports.
 *
 * Inputs are laid out so that the seed corpora can be plain text: the text
 * a target parses runs up to the first NUL byte, and the numbers it needs
 * besides (coordinates, flags, buffer sizes) are read from the bytes after
 * that NUL. Past the end of the input every value reads as 0, so a seed
 * without a NUL still runs every call, with default numbers.
 */
#ifndef VPC_FUZZ_COMMON_H
#define VPC_FUZZ_COMMON_H

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vpostcode.h"

/* A broken invariant: say which, then trap so that libFuzzer keeps the
 * input as a crash artifact. */
#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
            __builtin_trap();                                                         \
        }                                                                             \
    } while (0)

/* The bytes not yet used. */
typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_bytes;

static inline uint8_t fuzz_u8(fuzz_bytes *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

static inline uint32_t fuzz_u32(fuzz_bytes *in)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)fuzz_u8(in) << (8 * i);
    return v;
}

static inline double fuzz_raw_double(fuzz_bytes *in)
{
    uint64_t bits = 0;
    double d;
    for (int i = 0; i < 8; i++)
        bits |= (uint64_t)fuzz_u8(in) << (8 * i);
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* Values that sit on the edges of the coordinate rules. */
static inline double fuzz_special(unsigned i)
{
    static const double v[] = {
        0.0, -0.0, 90.0, -90.0, 180.0, -180.0, 360.0, -360.0, 540.0, -540.0,
        89.99999999999999, -89.99999999999999, 90.00000000000001, -90.00000000000001,
        179.99999999999997, -179.99999999999997, 180.00000000000003, -180.00000000000003,
        85.0511287798066, -85.0511287798066, 1e308, -1e308, DBL_MAX, -DBL_MAX, DBL_MIN,
        -DBL_MIN, 4.9406564584124654e-324, 1e15, -1e15, 9.2233720368547758e18,
        21.0287, 105.8490, 10.7725, 106.6980, 9.3591, 113.65072, 16.406681, 111.9607,
        8.0, 24.0, 102.0, 118.0, 0.0025, 0.05, 1.0, 20.0, 400.0,
    };
    const unsigned count = sizeof v / sizeof v[0];
    if (i % (count + 4) >= count) {
        switch (i % (count + 4) - count) {
        case 0: return NAN;
        case 1: return -NAN;
        case 2: return INFINITY;
        default: return -INFINITY;
        }
    }
    return v[i % (count + 4)];
}

/* A coordinate: mostly inside [lo, hi] (the area a target is about), often
 * on a special value, sometimes any bit pattern or a large decimal. */
static inline double fuzz_coord(fuzz_bytes *in, double lo, double hi)
{
    uint8_t tag = fuzz_u8(in);
    switch (tag % 8) {
    case 0:
        return fuzz_raw_double(in);
    case 1:
        return fuzz_special(fuzz_u8(in));
    case 2:
        return (int32_t)fuzz_u32(in) / 1e5; /* up to +-21474 degrees */
    case 3: {
        /* A few decimals, as people type them. */
        uint32_t u = fuzz_u32(in);
        return lo + fmod((double)u, floor((hi - lo) * 1e4) + 1.0) / 1e4;
    }
    default: {
        uint32_t u = fuzz_u32(in);
        return lo + (hi - lo) * ((double)u / 4294967295.0);
    }
    }
}

/* The bytes up to the first NUL (or all of them) as a string in a buffer
 * of exactly that size, so that AddressSanitizer sees any read past the
 * NUL. *rest gets the bytes after the NUL. */
static inline char *fuzz_text(const uint8_t *data, size_t size, fuzz_bytes *rest)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t len = nul ? (size_t)(nul - data) : size;
    char *s = malloc(len + 1);
    if (s == NULL)
        abort();
    memcpy(s, data, len);
    s[len] = '\0';
    if (rest != NULL) {
        rest->p = nul ? nul + 1 : data + size;
        rest->n = nul ? size - len - 1 : 0;
    }
    return s;
}

/* Longitude as OLC normalises it, into [-180, 180). */
static inline double fuzz_norm_lon(double lon)
{
    if (lon >= -180.0 && lon < 180.0)
        return lon;
    lon = fmod(lon, 360.0);
    if (lon >= 180.0)
        lon -= 360.0;
    else if (lon < -180.0)
        lon += 360.0;
    return lon;
}

static inline double fuzz_clip_lat(double lat)
{
    return lat > 90.0 ? 90.0 : lat < -90.0 ? -90.0 : lat;
}

/* Is (lat, lon) in the cell, allowing for the decimal snapping of the
 * encoder (a point within 1e-6 grid units of a cell edge is taken as on
 * it: about 4e-14 degree)? A longitude just below 180 snaps to 180, which
 * is -180: the cell is then the first one east of the antimeridian, so
 * longitudes are compared modulo 360. */
#define FUZZ_EDGE_SLACK 1e-9

static inline int fuzz_cell_holds(const vpc_cell *c, double lat, double lon)
{
    lat = fuzz_clip_lat(lat);
    lon = fuzz_norm_lon(lon);
    if (!(lat >= c->south - FUZZ_EDGE_SLACK && lat <= c->north + FUZZ_EDGE_SLACK))
        return 0;
    for (int k = -1; k <= 1; k++) {
        double x = lon + 360.0 * k;
        if (x >= c->west - FUZZ_EDGE_SLACK && x <= c->east + FUZZ_EDGE_SLACK)
            return 1;
    }
    return 0;
}

/* fuzz_cell_holds, saying what did not when it does not. */
#define FUZZ_CHECK_HOLDS(c, lat, lon)                                                          \
    do {                                                                                       \
        if (!fuzz_cell_holds((c), (lat), (lon)))                                               \
            fprintf(stderr, "point %.17g, %.17g not in cell S %.17g W %.17g N %.17g E %.17g\n", \
                    (double)(lat), (double)(lon), (c)->south, (c)->west, (c)->north, (c)->east); \
        FUZZ_CHECK(fuzz_cell_holds((c), (lat), (lon)));                                         \
    } while (0)

/* What every cell the library hands out satisfies. */
static inline void fuzz_check_cell(const vpc_cell *c)
{
    FUZZ_CHECK(isfinite(c->south) && isfinite(c->north) && isfinite(c->west) &&
               isfinite(c->east) && isfinite(c->lat) && isfinite(c->lon));
    FUZZ_CHECK(c->south < c->north && c->west < c->east);
    FUZZ_CHECK(c->south >= -90.0 && c->north <= 90.0);
    FUZZ_CHECK(c->west >= -180.0 && c->east <= 180.0 + FUZZ_EDGE_SLACK);
    FUZZ_CHECK(c->lat >= c->south && c->lat <= c->north);
    FUZZ_CHECK(c->lon >= c->west && c->lon <= c->east);
    FUZZ_CHECK(c->length >= 2 && c->length <= VPC_OLC_MAX_DIGITS &&
               (c->length >= 10 || c->length % 2 == 0));
}

static inline int fuzz_same_cell(const vpc_cell *a, const vpc_cell *b)
{
    return a->south == b->south && a->west == b->west && a->north == b->north &&
           a->east == b->east && a->length == b->length;
}

#endif
