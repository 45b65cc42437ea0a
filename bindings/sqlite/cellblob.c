/*
 * cellblob.c - a cell as a SpatiaLite geometry BLOB and as WKT.
 *
 * The BLOB layout is SpatiaLite's internal geometry format ("BLOB-Geometry
 * encoding"): 0x00, an endianness byte (0x01: little), the SRID (int32),
 * the MBR (min x, min y, max x, max y: 4 doubles), 0x7C, the class (int32,
 * 3 = POLYGON), the ring count, then per ring its point count and its
 * points (x, y doubles), and 0xFE.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cellblob.h"

static unsigned char *put_i32(unsigned char *p, int32_t v)
{
    uint32_t u = (uint32_t)v;
    for (int i = 0; i < 4; i++)
        *p++ = (unsigned char)(u >> (8 * i));
    return p;
}

static unsigned char *put_f64(unsigned char *p, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    for (int i = 0; i < 8; i++)
        *p++ = (unsigned char)(u >> (8 * i));
    return p;
}

/* The ring: south-west, south-east, north-east, north-west, south-west. */
static void ring(const vpc_cell *cell, double xy[5][2])
{
    const double pts[5][2] = {
        {cell->west, cell->south}, {cell->east, cell->south}, {cell->east, cell->north},
        {cell->west, cell->north}, {cell->west, cell->south},
    };
    memcpy(xy, pts, sizeof pts);
}

void vpc_cell_blob(const vpc_cell *cell, unsigned char blob[VPC_CELL_BLOB_SIZE])
{
    double xy[5][2];
    unsigned char *p = blob;
    ring(cell, xy);
    *p++ = 0x00;
    *p++ = 0x01;
    p = put_i32(p, 4326);
    p = put_f64(p, cell->west);
    p = put_f64(p, cell->south);
    p = put_f64(p, cell->east);
    p = put_f64(p, cell->north);
    *p++ = 0x7C;
    p = put_i32(p, 3);
    p = put_i32(p, 1);
    p = put_i32(p, 5);
    for (int i = 0; i < 5; i++) {
        p = put_f64(p, xy[i][0]);
        p = put_f64(p, xy[i][1]);
    }
    *p = 0xFE;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
static void shortest(double v, char out[32])
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, 32, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

size_t vpc_cell_wkt(const vpc_cell *cell, char *buf, size_t bufsize)
{
    double xy[5][2];
    size_t len = 0;
    ring(cell, xy);
    int n = snprintf(buf, bufsize, "POLYGON((");
    if (n < 0 || (size_t)n >= bufsize)
        return 0;
    len = (size_t)n;
    for (int i = 0; i < 5; i++) {
        char x[32], y[32];
        shortest(xy[i][0], x);
        shortest(xy[i][1], y);
        n = snprintf(buf + len, bufsize - len, "%s%s %s", i ? ", " : "", x, y);
        if (n < 0 || (size_t)n >= bufsize - len)
            return 0;
        len += (size_t)n;
    }
    n = snprintf(buf + len, bufsize - len, "))");
    if (n < 0 || (size_t)n >= bufsize - len)
        return 0;
    return len + (size_t)n;
}
