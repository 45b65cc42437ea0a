/*
 * tileindex.h - the spatial index of wards over web-map tiles.
 *
 * The point-in-ward rule (docs/SPEC.md, "Which ward contains a point"):
 * vertices are integers in units of 1e-7 degree (VPC_INDEX_SCALE); a point
 * (px, py) = (lon, lat) * 1e7 as doubles is inside a ward when a ray from it towards
 * east crosses the ward's rings an odd number of times, an edge (a, b)
 * being crossed when (a.y > py) != (b.y > py) and px < x, with x the
 * edge's abscissa at py computed from its lower end. A point on a boundary
 * shared by two wards therefore belongs to exactly one of them (the one to
 * its east, or north on an east-west edge). Where wards overlap, the ward
 * with the lowest GSO code wins.
 *
 * The index answers that rule without looking at whole rings. Vietnam is
 * covered by a grid of tiles at a base zoom, refined as a quadtree where
 * boundaries are dense. A leaf is empty (no ward), full (inside one ward),
 * or mixed. A mixed leaf lists candidate wards in priority order, each with
 * the runs of its edges that meet the leaf's tile (slightly enlarged), and
 * with what the ray meets beyond the tile: a parity at the tile's south
 * edge and the latitudes where that parity flips inside the tile. Edges
 * that miss the tile lie wholly east or west of it within its latitude
 * band, so that parity is exact, and a lookup equals the global rule.
 *
 * Everything is stored in the database as little-endian arrays, one blob
 * per part (table tile_index), and loaded into memory as is.
 */
#ifndef VPC_TILEINDEX_H
#define VPC_TILEINDEX_H

#include <stddef.h>
#include <stdint.h>

#define VPC_INDEX_MAGIC "VPCTIDX1"
#define VPC_INDEX_VERSION 1

/* Node words: two tag bits, 30 bits of payload. */
#define VPC_NODE_EMPTY 0u    /* no ward */
#define VPC_NODE_FULL 1u     /* payload: ward ordinal */
#define VPC_NODE_MIXED 2u    /* payload: leaf number */
#define VPC_NODE_INTERNAL 3u /* payload: index of the first of 4 children */
#define VPC_NODE_TAG(w) ((w) >> 30)
#define VPC_NODE_PAYLOAD(w) ((w) & 0x3fffffffu)
#define VPC_NODE(tag, payload) (((uint32_t)(tag) << 30) | (uint32_t)(payload))
/* Children of a tile (x, y) are stored in the order (2x,2y), (2x+1,2y),
 * (2x,2y+1), (2x+1,2y+1). */

/* Index units per degree. The source's 6-decimal vertices are exact on
 * this grid and int32 holds any longitude. */
#define VPC_INDEX_SCALE 1e7

/* How much each tile is enlarged, in index units, before edges are matched
 * to it: far more than the rounding error of placing a point in a tile, far
 * less than anything on the ground (0.2 unit ~ 2 mm). */
#define VPC_TILE_MARGIN 0.2

typedef struct vpc_index_header {
    char magic[8];
    uint32_t version;
    uint32_t endian;       /* 0x01020304 as written by the builder */
    uint32_t base_zoom;
    uint32_t max_zoom;
    uint32_t base_x0, base_y0; /* first base tile */
    uint32_t base_w, base_h;   /* base grid size in tiles */
    uint32_t n_nodes, n_leaves, n_cands, n_runs, n_breaks;
    uint32_t n_vertices, n_rings, n_wards;
} vpc_index_header;

/* A candidate ward of a mixed leaf. */
typedef struct vpc_index_cand {
    uint32_t ward;       /* ordinal; bit 31: ray parity at the tile's south edge */
    uint32_t run_start;  /* its runs: [run_start, next cand's run_start) */
    uint32_t break_start; /* its flip latitudes: [break_start, next's) */
} vpc_index_cand;

#define VPC_CAND_PARITY 0x80000000u

/* Consecutive edges of one ring: vertices [vertex, vertex + edges]. */
typedef struct vpc_index_run {
    uint32_t vertex;
    uint32_t edges;
} vpc_index_run;

/* A ring of a ward: vertices [vertex, vertex + count), closed (the last
 * vertex repeats the first). VPC_RING_OUTER starts a new polygon. */
typedef struct vpc_index_ring {
    uint32_t vertex;
    uint32_t count;
    uint32_t flags;
} vpc_index_ring;

#define VPC_RING_OUTER 1u

/* The loaded index. Arrays are owned by the struct (one allocation each). */
typedef struct vpc_index {
    vpc_index_header h;
    uint32_t *nodes;         /* n_nodes; the base grid first, row by row */
    uint32_t *leaves;        /* n_leaves + 1: first cand of each leaf */
    vpc_index_cand *cands;   /* n_cands + 1 (the last one a sentinel) */
    vpc_index_run *runs;     /* n_runs */
    int32_t *breaks;         /* n_breaks, latitudes in index units */
    int32_t *vertices;       /* 2 * n_vertices: lon, lat in index units */
    vpc_index_ring *rings;   /* n_rings, ward by ward */
    uint32_t *ward_rings;    /* n_wards + 1: first ring of each ward */
    char *ward_codes;        /* 5 * n_wards: GSO codes of the ordinals */
} vpc_index;

/* Results of vpc_index_locate besides a ward ordinal (>= 0). */
#define VPC_INDEX_OUTSIDE (-1) /* outside the indexed area */
#define VPC_INDEX_NONE (-2)    /* inside it, but in no ward */

/* The ward containing (lat, lon) under the rule above. Pure; thread-safe. */
int vpc_index_locate(const vpc_index *ix, double lat, double lon);

/* Does the box (degrees) meet the ward, its inside or its boundary? Exact
 * for boxes smaller than the deepest tiles (about 9 m), such as a 3 m
 * cell: the leaves under its corners hold every edge that can cross it. */
int vpc_index_box_meets_ward(const vpc_index *ix, double south, double west, double north,
                             double east, int ward);

/* Does segment a-b (index units) meet the closed box [x0, x1] x [y0, y1]?
 * (Liang-Barsky clipping.) Shared by the index and its builder. */
static inline int vpc_segment_meets_box(const int32_t *a, const int32_t *b, double x0,
                                        double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = (double)b[0] - a[0], dy = (double)b[1] - a[1];
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {a[0] - x0, x1 - a[0], a[1] - y0, y1 - a[1]};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1)
                return 0;
            if (t > t0)
                t0 = t;
        } else {
            if (t < t0)
                return 0;
            if (t < t1)
                t1 = t;
        }
    }
    return 1;
}

/* The crossing test of the rule, shared by the index and its builder.
 * Edge (ax, ay)-(bx, by) and point (px, py) in index units. */
static inline int vpc_edge_crossed(int32_t ax, int32_t ay, int32_t bx, int32_t by,
                                   double px, double py)
{
    if ((ay > py) == (by > py))
        return 0;
    if (ay > by) { /* compute from the lower end, whichever way the ring runs */
        int32_t t = ax; ax = bx; bx = t;
        t = ay; ay = by; by = t;
    }
    double x = ax + (py - ay) * (double)(bx - ax) / (double)(by - ay);
    return px < x;
}

#endif
