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
 * The pipeline stores it as little-endian arrays, one blob per part (table
 * tile_index); the runtime file (docs/FORMAT.md) holds the same arrays,
 * one section each, and the library uses them in place where they are
 * mapped. Nothing in them is trusted: every reference a lookup follows is
 * checked against the array it points into, so that a damaged file gives
 * VPC_INDEX_CORRUPT, never a read outside the arrays.
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

_Static_assert(sizeof(vpc_index_header) == 72, "index header is 72 bytes");
_Static_assert(sizeof(vpc_index_cand) == 12, "candidate is 12 bytes");
_Static_assert(sizeof(vpc_index_run) == 8, "run is 8 bytes");
_Static_assert(sizeof(vpc_index_ring) == 12, "ring is 12 bytes");

/* An index: its header and its arrays, wherever they are (mapped from the
 * runtime file, or owned by the builder). The counts of the header are
 * the element counts of the arrays: the caller that fills the struct
 * makes sure of that (and that base_w * base_h <= n_nodes,
 * base_zoom <= max_zoom <= 30). */
typedef struct vpc_index {
    vpc_index_header h;
    const uint32_t *nodes;         /* n_nodes; the base grid first, row by row */
    const uint32_t *leaves;        /* n_leaves + 1: first cand of each leaf */
    const vpc_index_cand *cands;   /* n_cands + 1 (the last one a sentinel) */
    const vpc_index_run *runs;     /* n_runs */
    const int32_t *breaks;         /* n_breaks, latitudes in index units */
    const int32_t *vertices;       /* 2 * n_vertices: lon, lat in index units */
    const vpc_index_ring *rings;   /* n_rings, ward by ward */
    const uint32_t *ward_rings;    /* n_wards + 1: first ring of each ward */
    const char *ward_codes;        /* 5 * n_wards: GSO codes of the ordinals */
} vpc_index;

/* Results of vpc_index_locate besides a ward ordinal (>= 0). */
#define VPC_INDEX_OUTSIDE (-1) /* outside the indexed area */
#define VPC_INDEX_NONE (-2)    /* inside it, but in no ward */
#define VPC_INDEX_CORRUPT (-3) /* a reference points outside its array */

/* Rings [*first, *end) of ward w, checked: 0 if they are not all inside
 * the arrays (a damaged file). */
int vpc_index_ward_rings(const vpc_index *ix, uint32_t w, uint32_t *first, uint32_t *end);

/* Does every reference of the index point inside it? O(size): for
 * vpc_db_verify, never on the lookup path. */
int vpc_index_consistent(const vpc_index *ix);

/* The ward containing (lat, lon) under the rule above. Pure; thread-safe. */
int vpc_index_locate(const vpc_index *ix, double lat, double lon);

/* Does the box (degrees) meet the ward, its inside or its boundary? Exact
 * for boxes smaller than the deepest tiles (about 9 m), such as a 3 m
 * cell: the leaves under its corners hold every edge that can cross it.
 * 1 or 0, or VPC_INDEX_CORRUPT. */
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
    /* Differences in double: exact, and no int32 overflow on a damaged file. */
    double x = ax + (py - ay) * ((double)bx - ax) / ((double)by - ay);
    return px < x;
}

#endif
