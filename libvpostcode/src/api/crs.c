/*
 * crs.c - coordinates in other reference systems, through PROJ.
 *
 * Each vpc_crs has its own PROJ context, so that different threads can
 * each use their own without locking. Axis order is normalised ("GIS
 * order"): easting or longitude first, whatever the CRS's definition says.
 */
#include <math.h>
#include <proj.h>
#include <stdlib.h>

#include "vpostcode.h"

struct vpc_crs {
    PJ_CONTEXT *ctx;
    PJ *pj; /* the CRS to EPSG:4326, normalised axis order */
    int geographic; /* the CRS is in degrees: no projection domain to leave */
};

VPC_API vpc_status vpc_crs_open(const char *definition, vpc_crs **out)
{
    if (definition == NULL || out == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_crs *crs = calloc(1, sizeof *crs);
    if (crs == NULL)
        return VPC_E_NO_MEMORY;
    crs->ctx = proj_context_create();
    if (crs->ctx == NULL) {
        free(crs);
        return VPC_E_NO_MEMORY;
    }
    proj_log_level(crs->ctx, PJ_LOG_NONE);
    proj_context_set_enable_network(crs->ctx, 0); /* grids only from disk */
    PJ *src = proj_create(crs->ctx, definition);
    if (src != NULL) {
        PJ_TYPE t = proj_get_type(src);
        crs->geographic = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS;
        proj_destroy(src);
    }
    PJ *raw = proj_create_crs_to_crs(crs->ctx, definition, "EPSG:4326", NULL);
    if (raw != NULL) {
        crs->pj = proj_normalize_for_visualization(crs->ctx, raw);
        proj_destroy(raw);
    }
    if (crs->pj == NULL) {
        vpc_crs_close(crs);
        return VPC_E_CRS;
    }
    *out = crs;
    return VPC_OK;
}

VPC_API void vpc_crs_close(vpc_crs *crs)
{
    if (crs == NULL)
        return;
    proj_destroy(crs->pj);
    proj_context_destroy(crs->ctx);
    free(crs);
}

/* Transform (a, b), then back: a point outside a projection's domain can
 * come out finite but meaningless (PROJ clamps or wraps it), and then it
 * does not come back where it started. The tolerance is a millionth of the
 * coordinate's size or 1e-6, whichever is larger: far below any real
 * transformation error and far above any that means "out of domain".
 * Between two geographic CRSs there is no such domain (and longitudes wrap
 * at 180, the poles have every longitude), so the check is left out. */
static vpc_status run(vpc_crs *crs, PJ_DIRECTION dir, double a, double b, double *x, double *y)
{
    if (!isfinite(a) || !isfinite(b))
        return VPC_E_NOT_FINITE;
    proj_errno_reset(crs->pj);
    PJ_COORD c = proj_trans(crs->pj, dir, proj_coord(a, b, 0, 0));
    if (proj_errno(crs->pj) != 0 || !isfinite(c.xy.x) || !isfinite(c.xy.y))
        return VPC_E_TRANSFORM;
    if (!crs->geographic) {
        PJ_COORD back = proj_trans(crs->pj, dir == PJ_FWD ? PJ_INV : PJ_FWD, c);
        if (proj_errno(crs->pj) != 0 || !(fabs(back.xy.x - a) <= 1e-6 * fmax(1.0, fabs(a))) ||
            !(fabs(back.xy.y - b) <= 1e-6 * fmax(1.0, fabs(b))))
            return VPC_E_TRANSFORM;
    }
    *x = c.xy.x;
    *y = c.xy.y;
    return VPC_OK;
}

VPC_API vpc_status vpc_crs_to_wgs84(vpc_crs *crs, double x, double y, double *lat, double *lon)
{
    double lo, la;
    if (crs == NULL || lat == NULL || lon == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = run(crs, PJ_FWD, x, y, &lo, &la);
    if (st != VPC_OK)
        return st;
    if (la < -90.0 || la > 90.0 || lo < -180.0 || lo > 180.0)
        return VPC_E_TRANSFORM;
    *lat = la;
    *lon = lo;
    return VPC_OK;
}

VPC_API vpc_status vpc_crs_from_wgs84(vpc_crs *crs, double lat, double lon, double *x, double *y)
{
    if (crs == NULL || x == NULL || y == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (!isfinite(lat) || !isfinite(lon))
        return VPC_E_NOT_FINITE;
    if (lat < -90.0 || lat > 90.0)
        return VPC_E_LATITUDE_RANGE;
    if (lon < -180.0 || lon > 180.0)
        return VPC_E_LONGITUDE_RANGE;
    return run(crs, PJ_INV, lon, lat, x, y);
}
