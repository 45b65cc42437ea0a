/*
 * tileindex.c - finding the ward of a point in the tile index (see
 * tileindex.h for the rule and the layout). No SQL, no allocation: a walk
 * down the quadtree and, in a boundary tile, a few crossing tests.
 */
#include <math.h>

#include "tileindex.h"
#include "tilemath.h"

/* Is the point inside candidate c of a mixed leaf? */
static int cand_contains(const vpc_index *ix, const vpc_index_cand *c,
                         double px, double py)
{
    int inside = (c->ward & VPC_CAND_PARITY) != 0;

    /* Flips of the part of the ray beyond the tile, below the point. */
    for (uint32_t b = c->break_start; b < c[1].break_start; b++) {
        if (ix->breaks[b] > py)
            break; /* sorted */
        inside ^= 1;
    }
    for (uint32_t r = c->run_start; r < c[1].run_start; r++) {
        const int32_t *v = ix->vertices + 2 * (size_t)ix->runs[r].vertex;
        for (uint32_t e = 0; e < ix->runs[r].edges; e++, v += 2)
            inside ^= vpc_edge_crossed(v[0], v[1], v[2], v[3], px, py);
    }
    return inside;
}

/* The leaf node whose tile holds the point, or 0 (an empty node) when the
 * point is outside the indexed area; *outside says which. */
static uint32_t find_leaf(const vpc_index *ix, double lat, double lon, int *outside)
{
    const vpc_index_header *h = &ix->h;
    double fx, fy;

    *outside = 1;
    if (!(lat > -VPC_MERCATOR_MAX_LAT && lat < VPC_MERCATOR_MAX_LAT) ||
        !(lon >= -180.0 && lon <= 180.0))
        return 0;
    vpc_tile_from_lonlat(lon, lat, (int)h->max_zoom, &fx, &fy);
    if (!(fx >= 0 && fy >= 0))
        return 0;
    uint32_t tx = (uint32_t)fx, ty = (uint32_t)fy;

    int shift = (int)(h->max_zoom - h->base_zoom);
    uint32_t bx = tx >> shift, by = ty >> shift;
    if (bx < h->base_x0 || by < h->base_y0 || bx - h->base_x0 >= h->base_w ||
        by - h->base_y0 >= h->base_h)
        return 0;
    *outside = 0;
    uint32_t node = ix->nodes[(size_t)(by - h->base_y0) * h->base_w + (bx - h->base_x0)];
    while (VPC_NODE_TAG(node) == VPC_NODE_INTERNAL) {
        if (shift == 0)
            return 0; /* deeper than the index says it goes */
        shift--;
        uint32_t child = ((ty >> shift) & 1u) * 2u + ((tx >> shift) & 1u);
        node = ix->nodes[VPC_NODE_PAYLOAD(node) + child];
    }
    return node;
}

int vpc_index_locate(const vpc_index *ix, double lat, double lon)
{
    int outside;
    uint32_t node = find_leaf(ix, lat, lon, &outside);
    if (outside)
        return VPC_INDEX_OUTSIDE;
    switch (VPC_NODE_TAG(node)) {
    case VPC_NODE_FULL:
        return (int)VPC_NODE_PAYLOAD(node);
    case VPC_NODE_MIXED: {
        uint32_t leaf = VPC_NODE_PAYLOAD(node);
        double px = lon * VPC_INDEX_SCALE, py = lat * VPC_INDEX_SCALE;
        for (uint32_t c = ix->leaves[leaf]; c < ix->leaves[leaf + 1]; c++) {
            if (cand_contains(ix, &ix->cands[c], px, py))
                return (int)(ix->cands[c].ward & ~VPC_CAND_PARITY);
        }
        return VPC_INDEX_NONE;
    }
    default:
        return VPC_INDEX_NONE;
    }
}

int vpc_index_box_meets_ward(const vpc_index *ix, double south, double west, double north,
                             double east, int ward)
{
    const double pts[5][2] = {
        {(south + north) / 2, (west + east) / 2},
        {south, west}, {south, east}, {north, west}, {north, east},
    };
    double x0 = west * VPC_INDEX_SCALE, x1 = east * VPC_INDEX_SCALE;
    double y0 = south * VPC_INDEX_SCALE, y1 = north * VPC_INDEX_SCALE;
    for (int i = 0; i < 5; i++) {
        int outside;
        uint32_t node = find_leaf(ix, pts[i][0], pts[i][1], &outside);
        if (VPC_NODE_TAG(node) == VPC_NODE_FULL && (int)VPC_NODE_PAYLOAD(node) == ward)
            return 1;
        if (VPC_NODE_TAG(node) != VPC_NODE_MIXED)
            continue;
        uint32_t leaf = VPC_NODE_PAYLOAD(node);
        for (uint32_t c = ix->leaves[leaf]; c < ix->leaves[leaf + 1]; c++) {
            const vpc_index_cand *cand = &ix->cands[c];
            if ((int)(cand->ward & ~VPC_CAND_PARITY) != ward)
                continue;
            if (cand_contains(ix, cand, pts[i][1] * VPC_INDEX_SCALE, pts[i][0] * VPC_INDEX_SCALE))
                return 1;
            for (uint32_t r = cand->run_start; r < cand[1].run_start; r++) {
                const int32_t *v = ix->vertices + 2 * (size_t)ix->runs[r].vertex;
                for (uint32_t e = 0; e < ix->runs[r].edges; e++, v += 2)
                    if (vpc_segment_meets_box(v, v + 2, x0, y0, x1, y1))
                        return 1;
            }
        }
    }
    return 0;
}
