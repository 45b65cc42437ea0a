/*
 * point.h - what makes a coordinate pair acceptable as a point on Earth.
 */
#ifndef VPC_POINT_H
#define VPC_POINT_H

#include <math.h>

#include "vpostcode.h"

/* Points are never clipped or wrapped: an out-of-range value is an error. */
static inline vpc_status vpc_point_status(double lat, double lon)
{
    if (!isfinite(lat) || !isfinite(lon))
        return VPC_E_NOT_FINITE;
    if (lat < -90.0 || lat > 90.0)
        return VPC_E_LATITUDE_RANGE;
    if (lon < -180.0 || lon > 180.0)
        return VPC_E_LONGITUDE_RANGE;
    return VPC_OK;
}

#endif
