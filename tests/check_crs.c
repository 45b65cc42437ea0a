/*
 * check_crs.c - coordinates in other reference systems through PROJ.
 *
 * UTM figures were computed independently with the Krüger series
 * (Karney 2011, sixth order) for WGS84; Web Mercator is checked with its
 * closed form written here.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkrun.h"
#include "vpostcode.h"

#define PI 3.14159265358979323846

static const struct {
    const char *crs;
    double lat, lon, x, y;
} utm[] = {
    {"EPSG:32648", 21.0288, 105.8525, 588584.7500, 2325571.5128},  /* Hồ Hoàn Kiếm */
    {"EPSG:32648", 10.7725, 106.6980, 685662.2844, 1191339.1611},  /* Bến Thành */
    {"EPSG:32649", 16.0611, 108.2275, 203357.4624, 1777680.7043},  /* Đà Nẵng */
};

START_TEST(test_utm_wgs84)
{
    vpc_crs *crs;
    double x, y, lat, lon;
    ck_assert_int_eq(vpc_crs_open(utm[_i].crs, &crs), VPC_OK);
    ck_assert_int_eq(vpc_crs_from_wgs84(crs, utm[_i].lat, utm[_i].lon, &x, &y), VPC_OK);
    ck_assert_msg(fabs(x - utm[_i].x) < 0.001 && fabs(y - utm[_i].y) < 0.001, "%s: %.4f %.4f",
                  utm[_i].crs, x, y);
    ck_assert_int_eq(vpc_crs_to_wgs84(crs, utm[_i].x, utm[_i].y, &lat, &lon), VPC_OK);
    ck_assert(fabs(lat - utm[_i].lat) < 1e-8 && fabs(lon - utm[_i].lon) < 1e-8);
    vpc_crs_close(crs);
}
END_TEST

START_TEST(test_web_mercator)
{
    vpc_crs *crs;
    double x, y, lat, lon;
    const double R = 6378137.0, la = 21.0288, lo = 105.8525;
    ck_assert_int_eq(vpc_crs_open("EPSG:3857", &crs), VPC_OK);
    ck_assert_int_eq(vpc_crs_from_wgs84(crs, la, lo, &x, &y), VPC_OK);
    ck_assert(fabs(x - R * lo * PI / 180) < 0.001);
    ck_assert(fabs(y - R * log(tan(PI / 4 + la * PI / 360))) < 0.001);
    ck_assert_int_eq(vpc_crs_to_wgs84(crs, x, y, &lat, &lon), VPC_OK);
    ck_assert(fabs(lat - la) < 1e-9 && fabs(lon - lo) < 1e-9);
    vpc_crs_close(crs);
}
END_TEST

/* VN-2000 is a different datum: the same numbers name a point a few
 * hundred metres away; through its UTM projection the result must be the
 * same as through its geographic form. */
START_TEST(test_vn2000)
{
    vpc_crs *geo, *utm48;
    double lat, lon, lat2, lon2, e, n;
    ck_assert_int_eq(vpc_crs_open("EPSG:4756", &geo), VPC_OK);
    ck_assert_int_eq(vpc_crs_open("EPSG:3405", &utm48), VPC_OK);
    /* (x, y) = (longitude, latitude) in VN-2000. */
    ck_assert_int_eq(vpc_crs_to_wgs84(geo, 105.8525, 21.0288, &lat, &lon), VPC_OK);
    double dn = (lat - 21.0288) * 111320.0, de = (lon - 105.8525) * 111320.0 * cos(21.0288 * PI / 180);
    double shift = sqrt(dn * dn + de * de);
    ck_assert_msg(shift > 50 && shift < 1000, "datum shift %.1f m", shift);
    ck_assert_int_eq(vpc_crs_from_wgs84(geo, lat, lon, &lon2, &lat2), VPC_OK);
    ck_assert(fabs(lat2 - 21.0288) < 1e-8 && fabs(lon2 - 105.8525) < 1e-8);

    ck_assert_int_eq(vpc_crs_from_wgs84(utm48, lat, lon, &e, &n), VPC_OK);
    ck_assert_int_eq(vpc_crs_to_wgs84(utm48, e, n, &lat2, &lon2), VPC_OK);
    ck_assert(fabs(lat2 - lat) < 1e-8 && fabs(lon2 - lon) < 1e-8);
    printf("VN-2000 to WGS84 at Hồ Hoàn Kiếm: %.1f m; VN-2000 / UTM 48N E %.3f N %.3f\n", shift, e, n);
    vpc_crs_close(geo);
    vpc_crs_close(utm48);
}
END_TEST

/* WGS84 itself is the identity (in longitude, latitude order); VN-2000's
 * UTM 49N zone agrees with its geographic form like the 48N zone. */
START_TEST(test_wgs84_and_zone_49)
{
    vpc_crs *wgs, *geo, *utm49;
    double lat, lon, lat2, lon2, e, n;
    ck_assert_int_eq(vpc_crs_open("EPSG:4326", &wgs), VPC_OK);
    ck_assert_int_eq(vpc_crs_to_wgs84(wgs, 108.2275, 16.0611, &lat, &lon), VPC_OK);
    ck_assert(fabs(lat - 16.0611) < 1e-12 && fabs(lon - 108.2275) < 1e-12);
    vpc_crs_close(wgs);

    ck_assert_int_eq(vpc_crs_open("EPSG:4756", &geo), VPC_OK);
    ck_assert_int_eq(vpc_crs_open("EPSG:3406", &utm49), VPC_OK);
    ck_assert_int_eq(vpc_crs_to_wgs84(geo, 108.2275, 16.0611, &lat, &lon), VPC_OK);
    ck_assert_int_eq(vpc_crs_from_wgs84(utm49, lat, lon, &e, &n), VPC_OK);
    ck_assert(e > 100000 && e < 900000 && n > 1000000 && n < 3000000);
    ck_assert_int_eq(vpc_crs_to_wgs84(utm49, e, n, &lat2, &lon2), VPC_OK);
    ck_assert(fabs(lat2 - lat) < 1e-8 && fabs(lon2 - lon) < 1e-8);
    vpc_crs_close(geo);
    vpc_crs_close(utm49);
}
END_TEST

START_TEST(test_errors)
{
    vpc_crs *crs = NULL;
    double lat = 1, lon = 2;
    ck_assert_int_eq(vpc_crs_open("EPSG:999999", &crs), VPC_E_CRS);
    ck_assert_int_eq(vpc_crs_open("not a crs", &crs), VPC_E_CRS);
    ck_assert_int_eq(vpc_crs_open("", &crs), VPC_E_CRS);
    ck_assert_ptr_null(crs);
    ck_assert_int_eq(vpc_crs_open(NULL, &crs), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_crs_open("EPSG:32648", &crs), VPC_OK);
    ck_assert_int_eq(vpc_crs_to_wgs84(crs, NAN, 2325571.0, &lat, &lon), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_crs_to_wgs84(crs, 1e30, 1e30, &lat, &lon), VPC_E_TRANSFORM);
    ck_assert(lat == 1 && lon == 2);
    ck_assert_int_eq(vpc_crs_from_wgs84(crs, 95.0, 105.0, &lat, &lon), VPC_E_LATITUDE_RANGE);
    ck_assert_int_eq(vpc_crs_to_wgs84(crs, 1.0, 1.0, NULL, &lon), VPC_E_NULL_ARGUMENT);
    vpc_crs_close(crs);
    vpc_crs_close(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("crs");
    TCase *tc = tcase_create("proj");
    tcase_add_loop_test(tc, test_utm_wgs84, 0, (int)(sizeof utm / sizeof utm[0]));
    tcase_add_test(tc, test_web_mercator);
    tcase_add_test(tc, test_vn2000);
    tcase_add_test(tc, test_wgs84_and_zone_49);
    tcase_add_test(tc, test_errors);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
