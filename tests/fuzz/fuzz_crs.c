/*
 * fuzz_crs.c - coordinate reference systems: vpc_crs_to_wgs84 and
 * vpc_crs_from_wgs84 on coordinates from the input (NaN, infinities, huge
 * values, -0.0 included) through the systems the tool documents, opened
 * once; and vpc_crs_open / vpc_crs_close on definitions (the tool's
 * --crs), valid and not, for inputs that ask for it.
 *
 * The definitions go to PROJ, which is not instrumented here (it is
 * fuzzed upstream); what this target checks is the library's side: its
 * statuses, its range checks, and that a failed call writes nothing.
 *
 * Input: a selector byte, then coordinates; with the selector 0xFF, a
 * definition is opened: the text after the coordinates (up to a NUL) when
 * it starts with "EPSG:" or "+proj=", else one of a list.
 *
 * Invariants (a broken one traps):
 *   - to_wgs84 gives a finite latitude in [-90, 90] and longitude in
 *     [-180, 180], or an error and no output;
 *   - from_wgs84 rejects what is not finite (VPC_E_NOT_FINITE), then what
 *     is out of range, and gives finite numbers otherwise;
 *   - a point of Vietnam taken through one of the systems the tool
 *     documents and back comes back within 1e-7 degree (a centimetre:
 *     the datum shift of VN-2000 is not exactly invertible).
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_common.h"

static const char *const definitions[] = {
    "EPSG:4326", "EPSG:4756", "EPSG:3405", "EPSG:3406", "EPSG:32648", "EPSG:32649", "EPSG:3857",
    "+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs",
};
#define NCRS (sizeof definitions / sizeof definitions[0])
static vpc_crs *crs[NCRS];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < NCRS; i++) {
        vpc_status st = vpc_crs_open(definitions[i], &crs[i]);
        if (st != VPC_OK) {
            fprintf(stderr, "fuzz_crs: cannot open %s: %s (is PROJ's proj.db installed?)\n",
                    definitions[i], vpc_status_name(st));
            exit(2);
        }
    }
    return 0;
}

#define FILL 0x77

static int untouched(const double *d)
{
    const unsigned char *p = (const unsigned char *)d;
    for (size_t i = 0; i < sizeof *d; i++)
        if (p[i] != FILL)
            return 0;
    return 1;
}

static void check(vpc_crs *c, double x, double y, double lat, double lon, int round_trip)
{
    double a, b;
    memset(&a, FILL, sizeof a);
    memset(&b, FILL, sizeof b);
    vpc_status st = vpc_crs_to_wgs84(c, x, y, &a, &b);
    if (st == VPC_OK) {
        FUZZ_CHECK(isfinite(x) && isfinite(y));
        FUZZ_CHECK(isfinite(a) && isfinite(b) && fabs(a) <= 90.0 && fabs(b) <= 180.0);
    } else {
        FUZZ_CHECK(st == VPC_E_NOT_FINITE || st == VPC_E_TRANSFORM);
        FUZZ_CHECK((st == VPC_E_NOT_FINITE) == (!isfinite(x) || !isfinite(y)));
        FUZZ_CHECK(untouched(&a) && untouched(&b));
    }

    memset(&a, FILL, sizeof a);
    memset(&b, FILL, sizeof b);
    st = vpc_crs_from_wgs84(c, lat, lon, &a, &b);
    if (st == VPC_OK) {
        FUZZ_CHECK(isfinite(lat) && isfinite(lon) && fabs(lat) <= 90.0 && fabs(lon) <= 180.0);
        FUZZ_CHECK(isfinite(a) && isfinite(b));
        /* Back again, for points of Vietnam, where these systems are meant
         * to be used. Not for any definition: PROJ may then take another
         * operation each way (a +towgs84 string came back 0.3 m off). */
        if (round_trip && lat > 8.0 && lat < 24.0 && lon > 102.0 && lon < 118.0) {
            double la, lo;
            FUZZ_CHECK(vpc_crs_to_wgs84(c, a, b, &la, &lo) == VPC_OK);
            if (!(fabs(la - lat) < 1e-7 && fabs(lo - lon) < 1e-7))
                fprintf(stderr, "(%.17g, %.17g) -> (%.17g, %.17g) -> (%.17g, %.17g)\n", lat, lon,
                        a, b, la, lo);
            FUZZ_CHECK(fabs(la - lat) < 1e-7 && fabs(lo - lon) < 1e-7);
        }
    } else {
        FUZZ_CHECK(st == VPC_E_NOT_FINITE || st == VPC_E_TRANSFORM || st == VPC_E_LATITUDE_RANGE ||
                   st == VPC_E_LONGITUDE_RANGE);
        if (!isfinite(lat) || !isfinite(lon))
            FUZZ_CHECK(st == VPC_E_NOT_FINITE);
        else if (fabs(lat) > 90.0)
            FUZZ_CHECK(st == VPC_E_LATITUDE_RANGE);
        else if (fabs(lon) > 180.0)
            FUZZ_CHECK(st == VPC_E_LONGITUDE_RANGE);
        FUZZ_CHECK(untouched(&a) && untouched(&b));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    uint8_t sel = fuzz_u8(&in);
    vpc_crs *c = crs[sel % NCRS];
    int geographic = sel % NCRS < 2;
    /* Numbers of the system's own kind: degrees, or metres of a UTM zone
     * or of Web Mercator. */
    double x = geographic ? fuzz_coord(&in, 102.0, 118.0) : fuzz_coord(&in, 100000.0, 900000.0);
    double y = geographic ? fuzz_coord(&in, 8.0, 24.0) : fuzz_coord(&in, 800000.0, 2800000.0);
    double lat = fuzz_coord(&in, 8.0, 24.0), lon = fuzz_coord(&in, 102.0, 118.0);
    check(c, x, y, lat, lon, 1);

    /* Opening a definition costs PROJ thousands of transformations (and
     * up to half a second for a string it cannot parse, which it looks up
     * by name in its database): one input in 256, with a definition of
     * the list or, if it starts like one, the input's text. */
    if (sel == 0xFF) {
        static const char *const more[] = {
            "EPSG:999999", "", "EPSG:", "+proj=utm +zone=61 +datum=WGS84", "+proj=bogus",
            "+proj=longlat +datum=WGS84 +lon_0=1000", "EPSG:4756", "+proj=merc +lat_ts=89.9",
        };
        char *def = fuzz_text(in.p, in.n < 256 ? in.n : 256, NULL);
        if (strncmp(def, "EPSG:", 5) != 0 && strncmp(def, "+proj=", 6) != 0) {
            const char *pick = more[(in.n ? in.p[0] : 0) % (sizeof more / sizeof more[0])];
            free(def);
            def = fuzz_text((const uint8_t *)pick, strlen(pick), NULL);
        }
        vpc_crs *mine = (vpc_crs *)(uintptr_t)0x1234;
        vpc_status st = vpc_crs_open(def, &mine);
        FUZZ_CHECK(st == VPC_OK || st == VPC_E_CRS);
        if (st == VPC_OK) {
            check(mine, x, y, lat, lon, 0);
            vpc_crs_close(mine);
        } else {
            FUZZ_CHECK(mine == (vpc_crs *)(uintptr_t)0x1234);
        }
        free(def);
    }
    return 0;
}
