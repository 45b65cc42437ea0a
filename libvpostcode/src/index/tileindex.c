/*
 * tileindex.c - finding the ward of a point in the tile index (see
 * tileindex.h for the rule and the layout). No SQL, no allocation: a walk
 * down the quadtree and, in a boundary tile, a few crossing tests.
 */
#include <math.h>

#include "tileindex.h"
#include "tilemath.h"

/* Is the point inside candidate c of a mixed leaf (c < n_cands)? 1 or 0,
 * or VPC_INDEX_CORRUPT when its runs or breaks leave their arrays. */
static int cand_contains(const vpc_index *ix, const vpc_index_cand *c,
                         double px, double py)
{
    int inside = (c->ward & VPC_CAND_PARITY) != 0;
    uint32_t b_end = c[1].break_start, r_end = c[1].run_start;

    if (c->break_start > b_end || b_end > ix->h.n_breaks || c->run_start > r_end ||
        r_end > ix->h.n_runs)
        return VPC_INDEX_CORRUPT;
    /* Flips of the part of the ray beyond the tile, below the point. */
    for (uint32_t b = c->break_start; b < b_end; b++) {
        if (ix->breaks[b] > py)
            break; /* sorted */
        inside ^= 1;
    }
    for (uint32_t r = c->run_start; r < r_end; r++) {
        const vpc_index_run run = ix->runs[r];
        if ((uint64_t)run.vertex + run.edges >= ix->h.n_vertices)
            return VPC_INDEX_CORRUPT;
        const int32_t *v = ix->vertices + 2 * (size_t)run.vertex;
        for (uint32_t e = 0; e < run.edges; e++, v += 2)
            inside ^= vpc_edge_crossed(v[0], v[1], v[2], v[3], px, py);
    }
    return inside;
}

/* Candidates [*first, *end) of leaf number leaf, checked. */
static int leaf_cands(const vpc_index *ix, uint32_t leaf, uint32_t *first, uint32_t *end)
{
    if (leaf >= ix->h.n_leaves)
        return 0;
    *first = ix->leaves[leaf];
    *end = ix->leaves[leaf + 1];
    return *first <= *end && *end <= ix->h.n_cands;
}

/* The leaf node whose tile holds the point, or 0 (an empty node) when the
 * point is outside the indexed area; *outside says which (-1 for a
 * damaged index: a child outside the nodes, a full node naming no ward). */
/* Which leaf tile a point fell in: its depth (as the shift from the
 * deepest zoom) and its coordinates at that depth. */
typedef struct {
    int shift;
    uint32_t x, y;
} leaf_tile;

static uint32_t find_leaf(const vpc_index *ix, double lat, double lon, int *outside,
                          leaf_tile *tile)
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
        if (shift == 0) { /* deeper than the index says it goes */
            *outside = -1;
            return 0;
        }
        shift--;
        uint32_t child = ((ty >> shift) & 1u) * 2u + ((tx >> shift) & 1u);
        if ((uint64_t)VPC_NODE_PAYLOAD(node) + 4 > h->n_nodes) {
            *outside = -1;
            return 0;
        }
        node = ix->nodes[VPC_NODE_PAYLOAD(node) + child];
    }
    if (VPC_NODE_TAG(node) == VPC_NODE_FULL && VPC_NODE_PAYLOAD(node) >= h->n_wards) {
        *outside = -1;
        return 0;
    }
    if (tile != NULL)
        *tile = (leaf_tile){shift, tx >> shift, ty >> shift};
    return node;
}

int vpc_index_locate(const vpc_index *ix, double lat, double lon)
{
    int outside;
    uint32_t node = find_leaf(ix, lat, lon, &outside, NULL);
    if (outside)
        return outside < 0 ? VPC_INDEX_CORRUPT : VPC_INDEX_OUTSIDE;
    switch (VPC_NODE_TAG(node)) {
    case VPC_NODE_FULL:
        return (int)VPC_NODE_PAYLOAD(node);
    case VPC_NODE_MIXED: {
        uint32_t first, end;
        double px = lon * VPC_INDEX_SCALE, py = lat * VPC_INDEX_SCALE;
        if (!leaf_cands(ix, VPC_NODE_PAYLOAD(node), &first, &end))
            return VPC_INDEX_CORRUPT;
        for (uint32_t c = first; c < end; c++) {
            int in = cand_contains(ix, &ix->cands[c], px, py);
            if (in < 0)
                return in;
            if (in) {
                uint32_t w = ix->cands[c].ward & ~VPC_CAND_PARITY;
                return w < ix->h.n_wards ? (int)w : VPC_INDEX_CORRUPT;
            }
        }
        return VPC_INDEX_NONE;
    }
    default:
        return VPC_INDEX_NONE;
    }
}

/* Is the point inside a tile already looked at? */
static int seen_tile(const leaf_tile *seen, int nseen, const vpc_index *ix, double lat,
                     double lon)
{
    double fx, fy;
    if (nseen == 0 || !(lat > -VPC_MERCATOR_MAX_LAT && lat < VPC_MERCATOR_MAX_LAT) ||
        !(lon >= -180.0 && lon <= 180.0))
        return 0;
    vpc_tile_from_lonlat(lon, lat, (int)ix->h.max_zoom, &fx, &fy);
    if (!(fx >= 0 && fy >= 0))
        return 0;
    uint32_t tx = (uint32_t)fx, ty = (uint32_t)fy;
    for (int k = 0; k < nseen; k++)
        if (tx >> seen[k].shift == seen[k].x && ty >> seen[k].shift == seen[k].y)
            return 1;
    return 0;
}

/* The leaves under the box's centre and corners decide. Within one leaf,
 * any edge of the ward that crosses the box meets the leaf's tile, so it
 * is among the candidate's runs; if none does, the box lies wholly inside
 * or wholly outside the ward there, and one of its points tells which.
 * So each leaf is looked at once, however many of the points fall in it
 * (for a 3 m cell, usually all five). */
int vpc_index_box_meets_ward(const vpc_index *ix, double south, double west, double north,
                             double east, int ward)
{
    const double pts[5][2] = {
        {(south + north) / 2, (west + east) / 2},
        {south, west}, {south, east}, {north, west}, {north, east},
    };
    double x0 = west * VPC_INDEX_SCALE, x1 = east * VPC_INDEX_SCALE;
    double y0 = south * VPC_INDEX_SCALE, y1 = north * VPC_INDEX_SCALE;
    leaf_tile seen[5];
    int nseen = 0;
    for (int i = 0; i < 5; i++) {
        int outside;
        if (seen_tile(seen, nseen, ix, pts[i][0], pts[i][1]))
            continue;
        uint32_t node = find_leaf(ix, pts[i][0], pts[i][1], &outside, &seen[nseen]), first, end;
        if (outside < 0)
            return VPC_INDEX_CORRUPT;
        if (outside)
            continue;
        nseen++;
        if (VPC_NODE_TAG(node) == VPC_NODE_FULL && (int)VPC_NODE_PAYLOAD(node) == ward)
            return 1;
        if (VPC_NODE_TAG(node) != VPC_NODE_MIXED)
            continue;
        if (!leaf_cands(ix, VPC_NODE_PAYLOAD(node), &first, &end))
            return VPC_INDEX_CORRUPT;
        for (uint32_t c = first; c < end; c++) {
            const vpc_index_cand *cand = &ix->cands[c];
            if ((int)(cand->ward & ~VPC_CAND_PARITY) != ward)
                continue;
            int in = cand_contains(ix, cand, pts[i][1] * VPC_INDEX_SCALE,
                                   pts[i][0] * VPC_INDEX_SCALE);
            if (in != 0)
                return in; /* inside, or a damaged index */
            /* cand_contains checked the runs. */
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

int vpc_index_ward_rings(const vpc_index *ix, uint32_t w, uint32_t *first, uint32_t *end)
{
    if (w >= ix->h.n_wards)
        return 0;
    *first = ix->ward_rings[w];
    *end = ix->ward_rings[w + 1];
    if (*first > *end || *end > ix->h.n_rings)
        return 0;
    for (uint32_t r = *first; r < *end; r++)
        if (ix->rings[r].count < 1 ||
            (uint64_t)ix->rings[r].vertex + ix->rings[r].count > ix->h.n_vertices)
            return 0;
    return 1;
}

/* Does every walk down from the base grid end at a leaf by max_zoom, as
 * find_leaf requires? An internal node at max_zoom (a loop, or a tree
 * deeper than its header says) fails. Children are known to lie inside
 * the nodes. A tree is walked once, node by node; a walk that would meet
 * more nodes than there are is not a tree, and fails too. */
static int tree_ok(const vpc_index *ix)
{
    const vpc_index_header *h = &ix->h;
    const uint32_t levels = h->max_zoom - h->base_zoom; /* at most 30 */
    uint32_t group[31], next[31];                         /* per level below the base */
    uint64_t met = 0;
    for (uint64_t i = 0; i < (uint64_t)h->base_w * h->base_h; i++) {
        if (VPC_NODE_TAG(ix->nodes[i]) != VPC_NODE_INTERNAL)
            continue;
        if (levels == 0)
            return 0;
        uint32_t d = 1;
        group[d] = VPC_NODE_PAYLOAD(ix->nodes[i]);
        next[d] = 0;
        while (d > 0) {
            if (next[d] == 4) {
                d--;
                continue;
            }
            uint32_t w = ix->nodes[group[d] + next[d]++];
            if (++met > h->n_nodes)
                return 0;
            if (VPC_NODE_TAG(w) != VPC_NODE_INTERNAL)
                continue;
            if (d == levels)
                return 0;
            d++;
            group[d] = VPC_NODE_PAYLOAD(w);
            next[d] = 0;
        }
    }
    return 1;
}

int vpc_index_consistent(const vpc_index *ix)
{
    const vpc_index_header *h = &ix->h;
    if (h->base_zoom > h->max_zoom || h->max_zoom > 30 || h->base_w == 0 || h->base_h == 0 ||
        (uint64_t)h->base_w * h->base_h > h->n_nodes ||
        (uint64_t)h->base_x0 + h->base_w > (1ull << h->base_zoom) ||
        (uint64_t)h->base_y0 + h->base_h > (1ull << h->base_zoom) || h->n_wards == 0)
        return 0;
    for (uint32_t i = 0; i < h->n_nodes; i++) {
        uint32_t w = ix->nodes[i], v = VPC_NODE_PAYLOAD(w);
        switch (VPC_NODE_TAG(w)) {
        case VPC_NODE_FULL:
            if (v >= h->n_wards) return 0;
            break;
        case VPC_NODE_MIXED:
            if (v >= h->n_leaves) return 0;
            break;
        case VPC_NODE_INTERNAL:
            if ((uint64_t)v + 4 > h->n_nodes) return 0;
            break;
        default:
            break;
        }
    }
    if (!tree_ok(ix))
        return 0;
    for (uint32_t i = 0; i < h->n_leaves; i++)
        if (ix->leaves[i] > ix->leaves[i + 1]) return 0;
    if (ix->leaves[h->n_leaves] != h->n_cands)
        return 0;
    for (uint32_t i = 0; i < h->n_cands; i++) {
        const vpc_index_cand *c = &ix->cands[i];
        if ((c->ward & ~VPC_CAND_PARITY) >= h->n_wards || c->run_start > c[1].run_start ||
            c->break_start > c[1].break_start)
            return 0;
    }
    if (ix->cands[h->n_cands].run_start != h->n_runs ||
        ix->cands[h->n_cands].break_start != h->n_breaks)
        return 0;
    for (uint32_t i = 0; i < h->n_runs; i++)
        if ((uint64_t)ix->runs[i].vertex + ix->runs[i].edges >= h->n_vertices) return 0;
    for (uint32_t i = 0; i < h->n_rings; i++)
        if (ix->rings[i].count < 1 ||
            (uint64_t)ix->rings[i].vertex + ix->rings[i].count > h->n_vertices) return 0;
    for (uint32_t i = 0; i < h->n_wards; i++)
        if (ix->ward_rings[i] > ix->ward_rings[i + 1]) return 0;
    return ix->ward_rings[h->n_wards] == h->n_rings;
}
