/*
 * nearest.c - distances from a point to wards: the rule that tells a
 * point in no ward near Vietnam (VPC_E_NO_WARD) from one outside it
 * (VPC_E_OUTSIDE_VIETNAM), and the opt-in nearest-ward mode.
 *
 * Distances are measured on the sphere of radius 6,371,008.8 m in a local
 * equirectangular projection centred on the point: up to 22.2 km away its
 * error is below 0.2 % of the spherical distance in Vietnam's latitudes
 * (the scale of a degree of longitude changes by tan(lat) * dlat over the
 * distance). The rings are the index's own, at full resolution. These
 * paths run only for points in no ward, so they favour being exact over
 * being fast: tens of microseconds to a millisecond a point.
 */
#include <math.h>

#include "../codec/point.h"
#include "api.h"

#define EARTH_RADIUS 6371008.8
#define METRES_PER_DEGREE (EARTH_RADIUS * 3.14159265358979323846 / 180.0)

typedef struct {
    double lat, lon;
    double kx, ky; /* metres per degree of longitude and of latitude here */
} frame;

/* Distance from the point to the box of a ward, a lower bound of the
 * distance to the ward. */
static double box_distance(const frame *f, const vpc_file_ward *w)
{
    double dx = w->west > f->lon ? w->west - f->lon : f->lon > w->east ? f->lon - w->east : 0;
    double dy = w->south > f->lat ? w->south - f->lat : f->lat > w->north ? f->lat - w->north : 0;
    return hypot(dx * f->kx, dy * f->ky);
}

/* Distance from the point to ward w's rings, or a value above `limit` if
 * it is farther than that (edges wholly farther are skipped unmeasured). */
static double ward_distance(const vpc_index *ix, int w, const frame *f, double limit)
{
    double best = INFINITY;
    uint32_t first, end;
    if (!vpc_index_ward_rings(ix, (uint32_t)w, &first, &end))
        return INFINITY; /* a damaged ward: not measured */
    for (uint32_t r = first; r < end; r++) {
        const vpc_index_ring *ring = &ix->rings[r];
        const int32_t *v = ix->vertices + 2 * (size_t)ring->vertex;
        if (ring->count == 0)
            continue;
        double ax = (v[0] / VPC_INDEX_SCALE - f->lon) * f->kx;
        double ay = (v[1] / VPC_INDEX_SCALE - f->lat) * f->ky;
        for (uint32_t k = 1; k < ring->count; k++) {
            double bx = (v[2 * k] / VPC_INDEX_SCALE - f->lon) * f->kx;
            double by = (v[2 * k + 1] / VPC_INDEX_SCALE - f->lat) * f->ky;
            double reach = best < limit ? best : limit;
            if (!((ax > reach && bx > reach) || (ax < -reach && bx < -reach) ||
                  (ay > reach && by > reach) || (ay < -reach && by < -reach))) {
                /* The point (the origin) to segment a-b. */
                double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
                double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
                t = t < 0 ? 0 : t > 1 ? 1 : t;
                double d = hypot(ax + t * dx, ay + t * dy);
                if (d < best)
                    best = d;
            }
            ax = bx;
            ay = by;
        }
    }
    return best;
}

int vpc_api_nearest_ward(const vpc_db *db, double lat, double lon, double max_metres,
                         int any_will_do, int *ordinal, double *metres)
{
    frame f = {lat, lon, METRES_PER_DEGREE * cos(lat * 3.14159265358979323846 / 180.0),
               METRES_PER_DEGREE};
    int found = -1;
    double best = INFINITY;
    for (size_t i = 0; i < db->nwards; i++) {
        double limit = best < max_metres ? best : max_metres;
        /* The box is measured with this latitude's scale: allow for the
         * change of scale across it. */
        if (box_distance(&f, &db->wards[i]) > limit * 1.01 + 1.0)
            continue;
        double d = ward_distance(&db->ix, (int)i, &f, limit);
        if (d <= max_metres && d < best) {
            best = d;
            found = (int)i;
            if (any_will_do)
                break;
        }
    }
    if (found < 0)
        return 0;
    if (ordinal != NULL)
        *ordinal = found;
    if (metres != NULL)
        *metres = best;
    return 1;
}

/* The ward of a point in nearest-ward mode: VPC_OK and 0 m inside a ward,
 * VPC_W_NEAREST_WARD and the distance for a ward within max_metres. */
static vpc_status find_nearest(const vpc_db *db, double lat, double lon, double max_metres,
                               int *ordinal, double *metres)
{
    if (!(max_metres >= 0 && max_metres <= VPC_TERRITORY_METRES)) /* NaN too */
        return VPC_E_INVALID_ARGUMENT;
    vpc_status st = vpc_point_status(lat, lon);
    if (st != VPC_OK)
        return st;
    int w = vpc_index_locate(&db->ix, lat, lon);
    if (w == VPC_INDEX_CORRUPT)
        return VPC_E_DB_CORRUPT;
    if (w >= 0) {
        *ordinal = w;
        *metres = 0;
        return VPC_OK;
    }
    /* One search for the nearest ward within the limit; only when there is
     * none, the territory rule of vpc_api_find_ward decides the error. */
    if (vpc_api_nearest_ward(db, lat, lon, max_metres, 0, ordinal, metres))
        return VPC_W_NEAREST_WARD;
    return vpc_api_nearest_ward(db, lat, lon, VPC_TERRITORY_METRES, 1, NULL, NULL)
               ? VPC_E_NO_WARD : VPC_E_OUTSIDE_VIETNAM;
}

VPC_API vpc_status vpc_lookup_nearest(const vpc_db *db, double lat, double lon,
                                      double max_metres, vpc_ward *ward, double *metres)
{
    int w;
    double d;
    if (db == NULL || ward == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = find_nearest(db, lat, lon, max_metres, &w, &d);
    if (st != VPC_OK && st != VPC_W_NEAREST_WARD)
        return st;
    vpc_status ws = vpc_db_ward(db, w, ward);
    if (ws != VPC_OK)
        return ws;
    if (metres != NULL)
        *metres = d;
    return st;
}

VPC_API vpc_status vpc_encode_nearest(const vpc_db *db, double lat, double lon,
                                      double max_metres, unsigned flags, vpc_code *code,
                                      vpc_ward *ward, double *metres)
{
    int w;
    double d;
    vpc_code made;
    if (db == NULL || code == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~(VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)) != 0)
        return VPC_E_INVALID_ARGUMENT;
    vpc_status st = find_nearest(db, lat, lon, max_metres, &w, &d);
    if (st != VPC_OK && st != VPC_W_NEAREST_WARD)
        return st;
    vpc_status made_st = vpc_api_make_code(db, w, lat, lon, flags, &made);
    if (made_st != VPC_OK)
        return made_st;
    if (ward != NULL && (made_st = vpc_db_ward(db, w, ward)) != VPC_OK)
        return made_st;
    *code = made;
    if (metres != NULL)
        *metres = d;
    return st;
}
