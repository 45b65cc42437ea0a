/*
 * check_nearest.c - points in no ward (VPC_E_NO_WARD within 12 nautical
 * miles of a ward, VPC_E_OUTSIDE_VIETNAM beyond) and nearest-ward mode,
 * against distances computed here independently: exact great-circle
 * distances from the point to every edge of every ward near it, read from
 * the wards' GeoJSON (the library measures in a local plane instead).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

static vpc_db *db;

#define R 6371008.8
#define RAD (3.14159265358979323846 / 180.0)

typedef struct {
    double x, y, z;
} vec;

static vec unit(double lat, double lon)
{
    return (vec){cos(lat * RAD) * cos(lon * RAD), cos(lat * RAD) * sin(lon * RAD), sin(lat * RAD)};
}

static vec cross(vec a, vec b)
{
    return (vec){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

static double dot(vec a, vec b)
{
    return a.x * b.x + a.y * b.y + a.z * b.z;
}

static double norm(vec a)
{
    return sqrt(dot(a, a));
}

static double angle(vec a, vec b)
{
    return atan2(norm(cross(a, b)), dot(a, b));
}

/* Great-circle distance from p to the arc a-b. */
static double arc_distance(vec p, vec a, vec b)
{
    vec n = cross(a, b);
    double len = norm(n);
    double ends = fmin(angle(p, a), angle(p, b));
    if (len < 1e-15)
        return R * ends;
    n = (vec){n.x / len, n.y / len, n.z / len};
    double s = dot(p, n);
    vec c = {p.x - s * n.x, p.y - s * n.y, p.z - s * n.z}; /* p on the great circle */
    if (dot(cross(a, c), n) >= 0 && dot(cross(c, b), n) >= 0)
        return R * fmin(asin(fabs(s) < 1 ? fabs(s) : 1), ends);
    return R * ends;
}

/* Distance from (lat, lon) to ward i's boundary, from its GeoJSON. */
static double ward_distance(size_t i, double lat, double lon)
{
    vpc_ward w;
    size_t need = 0;
    ck_assert_int_eq(vpc_ward_at(db, i, &w), VPC_OK);
    vpc_ward_geojson(db, w.code, NULL, 0, &need);
    char *text = malloc(need);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(vpc_ward_geojson(db, w.code, text, need, NULL), VPC_OK);
    vec p = unit(lat, lon), prev = {0, 0, 0};
    double best = INFINITY;
    int have_prev = 0;
    for (char *s = strstr(text, "\"coordinates\""); s && *s; s++) {
        if (*s == '"' && strncmp(s, "\"properties\"", 12) == 0)
            break;
        if (*s != '[' || !(s[1] == '-' || (s[1] >= '0' && s[1] <= '9')))
            continue;
        double x, y;
        ck_assert_int_eq(sscanf(s + 1, "%lf,%lf", &x, &y), 2);
        vec v = unit(y, x);
        if (s[-1] == '[') /* a ring's first vertex */
            have_prev = 0;
        if (have_prev)
            best = fmin(best, arc_distance(p, prev, v));
        prev = v;
        have_prev = 1;
    }
    free(text);
    return best;
}

/* The distance to the nearest ward (and which), looking at every ward whose
 * box is within `reach` metres (box distances are lower bounds). */
static double brute_nearest(double lat, double lon, double reach, size_t *which)
{
    double best = INFINITY;
    for (size_t i = 0; i < vpc_ward_count(db); i++) {
        vpc_ward w;
        vpc_ward_at(db, i, &w);
        double dlat = lat < w.south ? w.south - lat : lat > w.north ? lat - w.north : 0;
        double dlon = lon < w.west ? w.west - lon : lon > w.east ? lon - w.east : 0;
        double lower = R * RAD * hypot(dlat, dlon * cos((fabs(lat) + 1) * RAD));
        if (lower > reach * 1.05 + 100)
            continue;
        double d = ward_distance(i, lat, lon);
        if (d < best) {
            best = d;
            if (which)
                *which = i;
        }
    }
    return best;
}

START_TEST(test_foreign_cities)
{
    static const struct {
        const char *name;
        double lat, lon;
    } cities[] = {
        {"Phnom Penh", 11.5564, 104.9282}, {"Vientiane", 17.9757, 102.6331},
        {"Bangkok", 13.7563, 100.5018},    {"Nanning", 22.8170, 108.3665},
        {"Manila", 14.5995, 120.9842},     {"Kunming", 25.0389, 102.7183},
    };
    for (size_t i = 0; i < sizeof cities / sizeof cities[0]; i++) {
        vpc_ward w;
        vpc_code c;
        ck_assert_msg(vpc_lookup(db, cities[i].lat, cities[i].lon, &w) == VPC_E_OUTSIDE_VIETNAM,
                      "%s", cities[i].name);
        ck_assert_msg(vpc_encode(db, cities[i].lat, cities[i].lon, 0, &c, NULL) ==
                          VPC_E_OUTSIDE_VIETNAM, "%s", cities[i].name);
        ck_assert_msg(brute_nearest(cities[i].lat, cities[i].lon, VPC_TERRITORY_METRES, NULL) >
                          VPC_TERRITORY_METRES, "%s", cities[i].name);
    }
}
END_TEST

START_TEST(test_sea_and_gap)
{
    vpc_ward w;
    /* Open sea 150 km off the coast of Phú Yên: outside. */
    ck_assert(brute_nearest(12.0, 110.6, VPC_TERRITORY_METRES, NULL) > VPC_TERRITORY_METRES);
    ck_assert_int_eq(vpc_lookup(db, 12.0, 110.6, &w), VPC_E_OUTSIDE_VIETNAM);
    /* 2.4 km off the beach of Đà Nẵng: no ward. */
    double d = brute_nearest(16.06, 108.27, VPC_TERRITORY_METRES, NULL);
    ck_assert_msg(d > 1000 && d < 5000, "%.1f m", d);
    ck_assert_int_eq(vpc_lookup(db, 16.06, 108.27, &w), VPC_E_NO_WARD);
    /* The largest gap the database build reports: a 5.6 ha hole inside
     * ward 11455 (Hải Phòng). */
    ck_assert_int_eq(vpc_lookup(db, 20.691106, 106.793325, &w), VPC_E_NO_WARD);
    ck_assert(brute_nearest(20.691106, 106.793325, 1000, NULL) < 1000);
}
END_TEST

START_TEST(test_nearest_mode)
{
    static const struct {
        double lat, lon, enough, too_little;
        const char *ward_name;
    } cases[] = {
        {16.0544, 108.2500, 500, 100, "Phường Ngũ Hành Sơn"}, /* a Đà Nẵng beach */
        {16.8344, 112.3389, 2000, 1000, "Đặc khu Hoàng Sa"},  /* Woody Island */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vpc_ward w, w2;
        vpc_code code;
        vpc_cell cell;
        double m = -1, m2 = -1;
        size_t which = 0;
        ck_assert_int_eq(vpc_lookup(db, cases[i].lat, cases[i].lon, &w), VPC_E_NO_WARD);
        ck_assert_int_eq(vpc_lookup_nearest(db, cases[i].lat, cases[i].lon, cases[i].enough, &w, &m),
                         VPC_W_NEAREST_WARD);
        ck_assert_str_eq(w.name, cases[i].ward_name);
        double brute = brute_nearest(cases[i].lat, cases[i].lon, cases[i].enough, &which);
        vpc_ward_at(db, which, &w2);
        ck_assert_str_eq(w2.code, w.code);
        ck_assert_msg(fabs(m - brute) <= 0.005 * brute + 1.0, "library %.2f m, here %.2f m", m, brute);
        ck_assert(m > cases[i].too_little && m <= cases[i].enough);

        ck_assert_int_eq(vpc_encode_nearest(db, cases[i].lat, cases[i].lon, cases[i].enough,
                                            VPC_FLAG_CHECK_CHAR, &code, &w2, &m2),
                         VPC_W_NEAREST_WARD);
        ck_assert_str_eq(w2.code, w.code);
        ck_assert_str_eq(code.postal, w.postal_code);
        ck_assert(m2 == m);
        /* The code holds the point itself, outside its ward's polygon. */
        ck_assert_int_eq(vpc_decode_code(db, &code, &cell, &w2), VPC_W_OUTSIDE_WARD);
        ck_assert(cell.south <= cases[i].lat && cases[i].lat < cell.north);
        ck_assert(cell.west <= cases[i].lon && cases[i].lon < cell.east);

        /* Too little distance allowed: no ward, and the outputs untouched. */
        memset(&w2, 0x5a, sizeof w2);
        vpc_ward before = w2;
        m2 = 7;
        ck_assert_int_eq(vpc_lookup_nearest(db, cases[i].lat, cases[i].lon, cases[i].too_little,
                                            &w2, &m2), VPC_E_NO_WARD);
        ck_assert(memcmp(&w2, &before, sizeof w2) == 0 && m2 == 7);
    }
}
END_TEST

START_TEST(test_nearest_inside_and_arguments)
{
    vpc_ward w, before;
    vpc_code code, code_before;
    double m = -1;
    ck_assert_int_eq(vpc_lookup_nearest(db, 21.0287, 105.8490, 200, &w, &m), VPC_OK);
    ck_assert_str_eq(w.code, "00070");
    ck_assert(m == 0);
    ck_assert_int_eq(vpc_encode_nearest(db, 21.0287, 105.8490, 0, 0, &code, NULL, NULL), VPC_OK);
    ck_assert_str_eq(code.location, "2RHXFJJ");

    memset(&w, 0x5a, sizeof w);
    before = w;
    memset(&code, 0x5a, sizeof code);
    code_before = code;
    m = 7;
    const double bad[] = {NAN, -1, VPC_TERRITORY_METRES + 1, INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_int_eq(vpc_lookup_nearest(db, 16.0544, 108.25, bad[i], &w, &m),
                         VPC_E_INVALID_ARGUMENT);
        ck_assert_int_eq(vpc_encode_nearest(db, 16.0544, 108.25, bad[i], 0, &code, &w, &m),
                         VPC_E_INVALID_ARGUMENT);
    }
    ck_assert_int_eq(vpc_lookup_nearest(db, NAN, 108.25, 100, &w, &m), VPC_E_NOT_FINITE);
    ck_assert_int_eq(vpc_lookup_nearest(db, 13.7563, 100.5018, VPC_TERRITORY_METRES, &w, &m),
                     VPC_E_OUTSIDE_VIETNAM);
    ck_assert_int_eq(vpc_encode_nearest(db, 16.0544, 108.25, 500, VPC_FLAG_DISPLAY, &code, &w, &m),
                     VPC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(vpc_lookup_nearest(NULL, 16.0544, 108.25, 500, &w, &m), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_lookup_nearest(db, 16.0544, 108.25, 500, NULL, &m), VPC_E_NULL_ARGUMENT);
    ck_assert_int_eq(vpc_encode_nearest(db, 16.0544, 108.25, 500, 0, NULL, &w, &m),
                     VPC_E_NULL_ARGUMENT);
    ck_assert(memcmp(&w, &before, sizeof w) == 0);
    ck_assert(memcmp(&code, &code_before, sizeof code) == 0);
    ck_assert(m == 7);
}
END_TEST

/* Random points in no ward around the country: the status follows the
 * 12-nautical-mile rule and the nearest distance agrees with the one
 * computed here. */
START_TEST(test_random_points_in_no_ward)
{
    uint64_t rng = 7;
    int checked = 0, near = 0, far = 0;
    while (checked < test_scaled(24)) {
        double lat = test_rand_uniform(&rng, 8.0, 23.0), lon = test_rand_uniform(&rng, 102.5, 110.0);
        vpc_ward w;
        vpc_status st = vpc_lookup(db, lat, lon, &w);
        if (st == VPC_OK)
            continue;
        double brute = brute_nearest(lat, lon, VPC_TERRITORY_METRES, NULL);
        if (fabs(brute - VPC_TERRITORY_METRES) < 200)
            continue; /* too close to the limit to call */
        ck_assert_msg(st == (brute <= VPC_TERRITORY_METRES ? VPC_E_NO_WARD : VPC_E_OUTSIDE_VIETNAM),
                      "%.6f %.6f: %s, nearest ward %.0f m", lat, lon, vpc_status_name(st), brute);
        if (brute <= VPC_TERRITORY_METRES) {
            double m = -1;
            ck_assert_int_eq(vpc_lookup_nearest(db, lat, lon, VPC_TERRITORY_METRES, &w, &m),
                             VPC_W_NEAREST_WARD);
            ck_assert_msg(fabs(m - brute) <= 0.005 * brute + 1.0, "%.6f %.6f: %.2f vs %.2f m",
                          lat, lon, m, brute);
            near++;
        } else {
            far++;
        }
        checked++;
    }
    ck_assert(checked == test_scaled(24) && far > 0);
    (void)near;
}
END_TEST

int main(void)
{
    const char *path = getenv("VPOSTCODE_DB");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "VPOSTCODE_DB is not set\n");
        return 1;
    }
    vpc_status st = vpc_open(NULL, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: %s\n", path, vpc_strerror(st));
        return 1;
    }
    Suite *s = suite_create("nearest");
    TCase *tc = tcase_create("nearest");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_foreign_cities);
    tcase_add_test(tc, test_sea_and_gap);
    tcase_add_test(tc, test_nearest_mode);
    tcase_add_test(tc, test_nearest_inside_and_arguments);
    tcase_add_test(tc, test_random_points_in_no_ward);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    vpc_close(db);
    return rc;
}
