/*
 * olc.c - Open Location Code: encode, decode, validate, shorten, recover.
 *
 * Written from the OLC specification (Documentation/Specification in the
 * open-location-code project) and checked against its shared test vectors.
 * Two deliberate choices:
 *   - Padding must run up to the separator ("8F0000WC+" is rejected); the
 *     specification says the digits left before the separator are padding,
 *     some implementations accept a padding block anywhere.
 *   - Odd lengths below 10 are an error rather than rounded up; lengths
 *     above 15 give 15 digits, as the conformance vectors require.
 */
#include <math.h>
#include <string.h>

#include "alphabet.h"
#include "olc.h"
#include "../common/outbuf.h"

/* Integer units per degree at the finest resolution (15 digits). */
#define LAT_UNITS 25000000LL
#define LON_UNITS 8192000LL
#define LAT_SPAN (180LL * LAT_UNITS)
#define LON_SPAN (360LL * LON_UNITS)

int vpc_olc_length_ok(int length)
{
    if (length < 2)
        return 0;
    return length >= 10 || length % 2 == 0;
}

vpc_olc_kind vpc_olc_inspect(const char *code, vpc_olc_info *info)
{
    int len = 0, sep = -1, pad_first = -1, pad_last = -1;

    info->kind = VPC_OLC_KIND_INVALID;
    info->padded = 0;
    info->ndigits = 0;
    for (const char *p = code; *p; p++, len++) {
        char c = *p;
        if (len == INT32_MAX / 2)
            return VPC_OLC_KIND_INVALID; /* absurdly long: cannot be valid */
        if (c == VPC_OLC_SEPARATOR) {
            if (sep >= 0)
                return VPC_OLC_KIND_INVALID; /* more than one separator */
            sep = len;
        } else if (c == VPC_OLC_PADDING) {
            if (sep >= 0)
                return VPC_OLC_KIND_INVALID; /* padding after the separator */
            if (pad_first < 0)
                pad_first = len;
            else if (pad_last != len - 1)
                return VPC_OLC_KIND_INVALID; /* two blocks of padding */
            pad_last = len;
        } else if (vpc_olc_value((unsigned char)c) >= 0) {
            if (pad_first >= 0 && sep < 0)
                return VPC_OLC_KIND_INVALID; /* digit after padding */
            if (info->ndigits < VPC_OLC_MAX_DIGITS)
                info->digits[info->ndigits++] = vpc_ascii_upper(c);
        } else {
            return VPC_OLC_KIND_INVALID;
        }
    }
    if (len < 2 || sep < 0 || sep > VPC_OLC_SEPARATOR_POS || sep % 2 != 0)
        return VPC_OLC_KIND_INVALID;
    if (len - sep - 1 == 1)
        return VPC_OLC_KIND_INVALID; /* a single digit after '+' */
    if (pad_first >= 0) {
        /* Padding fills whole pairs up to the separator of a full code,
         * and nothing may follow the separator. */
        if (sep != VPC_OLC_SEPARATOR_POS || pad_first == 0 ||
            pad_last != sep - 1 || (pad_last - pad_first + 1) % 2 != 0 ||
            len != sep + 1)
            return VPC_OLC_KIND_INVALID;
        info->padded = 1;
    }
    info->separator = sep;
    if (sep < VPC_OLC_SEPARATOR_POS) {
        info->kind = VPC_OLC_KIND_SHORT;
    } else if (vpc_olc_value((unsigned char)info->digits[0]) * 20 < 180 &&
               vpc_olc_value((unsigned char)info->digits[1]) * 20 < 360) {
        info->kind = VPC_OLC_KIND_FULL;
    }
    return info->kind;
}

static double clip_lat(double lat)
{
    return lat > 90.0 ? 90.0 : lat < -90.0 ? -90.0 : lat;
}

/* Longitude in [-180, 180). */
static double normalize_lon(double lon)
{
    if (lon >= -180.0 && lon < 180.0)
        return lon;
    lon = fmod(lon, 360.0); /* exact */
    if (lon >= 180.0)
        lon -= 360.0;
    else if (lon < -180.0)
        lon += 360.0;
    return lon;
}

/* floor(degrees * units), reading the degrees as the decimal number they
 * were written as. A double such as 129.7 lies slightly below 129.7, and
 * its product with 8.192e6 lands just below the integer 1062502400 that the
 * decimal value gives exactly; the OLC conformance vectors expect the
 * decimal result. So a product within SNAP units of an integer is taken as
 * that integer (1e-6 units is about 4e-14 degree, far below the precision of
 * any coordinate), and anything else is floored as the specification says. */
#define SNAP 1e-6

static int64_t scaled_floor(double degrees, double units)
{
    double v = degrees * units;
    double r = nearbyint(v);
    return (int64_t)(fabs(v - r) <= SNAP ? r : floor(v));
}

/* Clip the latitude and normalise the longitude to integer units. */
static void to_units(double lat, double lon, int64_t *ulat, int64_t *ulon)
{
    int64_t a = scaled_floor(clip_lat(lat), (double)LAT_UNITS) + 90 * LAT_UNITS;
    if (a < 0)
        a = 0;
    if (a >= LAT_SPAN)
        a = LAT_SPAN - 1;
    int64_t b = scaled_floor(normalize_lon(lon), (double)LON_UNITS) + 180 * LON_UNITS;
    if (b < 0)
        b += LON_SPAN;
    if (b >= LON_SPAN)
        b -= LON_SPAN;
    *ulat = a;
    *ulon = b;
}

size_t vpc_olc_format(double lat, double lon, int length, char *out)
{
    static const char alphabet[] = VPC_OLC_ALPHABET;
    char digits[VPC_OLC_MAX_DIGITS];
    int64_t a, b;

    to_units(lat, lon, &a, &b);
    /* Least significant first: five grid digits, then five pairs. */
    for (int i = VPC_OLC_MAX_DIGITS - 1; i >= 10; i--) {
        digits[i] = alphabet[(a % 5) * 4 + (b % 4)];
        a /= 5;
        b /= 4;
    }
    for (int i = 8; i >= 0; i -= 2) {
        digits[i] = alphabet[a % 20];
        digits[i + 1] = alphabet[b % 20];
        a /= 20;
        b /= 20;
    }

    size_t n = 0;
    for (int i = 0; i < VPC_OLC_SEPARATOR_POS; i++)
        out[n++] = i < length ? digits[i] : VPC_OLC_PADDING;
    out[n++] = VPC_OLC_SEPARATOR;
    for (int i = VPC_OLC_SEPARATOR_POS; i < length; i++)
        out[n++] = digits[i];
    out[n] = '\0';
    return n;
}

void vpc_olc_cell(const char *digits, int n, vpc_cell *cell)
{
    int64_t a = 0, b = 0;
    int64_t ha = 400 * LAT_UNITS, hb = 400 * LON_UNITS; /* cell height, width */

    for (int i = 0; i < n && i < 10; i += 2) {
        ha /= 20;
        hb /= 20;
        a += vpc_olc_value((unsigned char)digits[i]) * ha;
        b += vpc_olc_value((unsigned char)digits[i + 1]) * hb;
    }
    for (int i = 10; i < n; i++) {
        int v = vpc_olc_value((unsigned char)digits[i]);
        ha /= 5;
        hb /= 4;
        a += (v / 4) * ha;
        b += (v % 4) * hb;
    }
    /* Dividing the signed offsets from the origin gives the double nearest
     * each decimal bound (21.0288, not 21.028800000000004), so a point
     * written with the same decimals falls in its cell, edges included. */
    int64_t sa = a - 90 * LAT_UNITS, sb = b - 180 * LON_UNITS;
    cell->south = (double)sa / LAT_UNITS;
    cell->west = (double)sb / LON_UNITS;
    cell->north = (double)(sa + ha) / LAT_UNITS;
    cell->east = (double)(sb + hb) / LON_UNITS;
    if (cell->north > 90.0)
        cell->north = 90.0;
    cell->lat = (double)(2 * sa + ha) / (2 * LAT_UNITS);
    cell->lon = (double)(2 * sb + hb) / (2 * LON_UNITS);
    if (cell->lat > 90.0)
        cell->lat = 90.0;
    cell->length = n;
}

/* Upper-case copy of a whole code (whatever its length) into a buffer. */
static vpc_status copy_upper(const char *code, size_t skip, char *buf,
                             size_t bufsize)
{
    size_t len = strlen(code);
    if (bufsize < len - skip + 1)
        return VPC_E_BUFFER_TOO_SMALL;
    for (size_t i = skip; i <= len; i++)
        buf[i - skip] = vpc_ascii_upper(code[i]);
    return VPC_OK;
}

VPC_API vpc_status vpc_olc_encode(double lat, double lon, int length,
                                  char *buf, size_t bufsize)
{
    char out[VPC_OLC_BUFSIZE];

    if (buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (!isfinite(lat) || !isfinite(lon))
        return VPC_E_NOT_FINITE;
    if (!vpc_olc_length_ok(length))
        return VPC_E_OLC_LENGTH;
    if (length > VPC_OLC_MAX_DIGITS)
        length = VPC_OLC_MAX_DIGITS; /* the conformance vectors require this */
    size_t n = vpc_olc_format(lat, lon, length, out);
    return vpc_outbuf_copy(out, n, buf, bufsize);
}

VPC_API vpc_status vpc_olc_decode(const char *code, vpc_cell *cell)
{
    vpc_olc_info info;

    if (code == NULL || cell == NULL)
        return VPC_E_NULL_ARGUMENT;
    switch (vpc_olc_inspect(code, &info)) {
    case VPC_OLC_KIND_FULL:
        vpc_olc_cell(info.digits, info.ndigits, cell);
        return VPC_OK;
    case VPC_OLC_KIND_SHORT:
        return VPC_E_OLC_NOT_FULL;
    default:
        return VPC_E_OLC_INVALID;
    }
}

VPC_API int vpc_olc_is_valid(const char *code)
{
    vpc_olc_info info;
    return code != NULL && vpc_olc_inspect(code, &info) != VPC_OLC_KIND_INVALID;
}

VPC_API int vpc_olc_is_short(const char *code)
{
    vpc_olc_info info;
    return code != NULL && vpc_olc_inspect(code, &info) == VPC_OLC_KIND_SHORT;
}

VPC_API int vpc_olc_is_full(const char *code)
{
    vpc_olc_info info;
    return code != NULL && vpc_olc_inspect(code, &info) == VPC_OLC_KIND_FULL;
}

VPC_API vpc_status vpc_olc_shorten(const char *code, double ref_lat,
                                   double ref_lon, char *buf, size_t bufsize)
{
    /* Digits that may be removed, with the cell size they stand for. */
    static const struct { int digits; double resolution; } steps[] = {
        {8, 0.0025}, {6, 0.05}, {4, 1.0}
    };
    vpc_olc_info info;
    vpc_cell cell;

    if (code == NULL || buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_olc_kind kind = vpc_olc_inspect(code, &info);
    if (kind == VPC_OLC_KIND_SHORT)
        return VPC_E_OLC_NOT_FULL;
    if (kind != VPC_OLC_KIND_FULL)
        return VPC_E_OLC_INVALID;
    if (info.padded)
        return VPC_E_OLC_PADDED;
    if (!isfinite(ref_lat) || !isfinite(ref_lon))
        return VPC_E_NOT_FINITE;

    vpc_olc_cell(info.digits, info.ndigits, &cell);
    double dlat = fabs(cell.lat - clip_lat(ref_lat));
    double dlon = fabs(cell.lon - normalize_lon(ref_lon));
    double range = dlat > dlon ? dlat : dlon;
    /* Shorten only while the reference is well inside the cell the removed
     * digits stand for (0.3 of it, the specification's safety margin). */
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        /* Never all the digits: "+" alone is no code. */
        if (info.ndigits > steps[i].digits && range < steps[i].resolution * 0.3)
            return copy_upper(code, (size_t)steps[i].digits, buf, bufsize);
    }
    return copy_upper(code, 0, buf, bufsize);
}

/* The size in degrees of the cells named by the `missing` (2, 4, 6, 8)
 * leading digits a short code lacks: 20^(2 - missing / 2), each the double
 * nearest the exact value. */
static double recovery_resolution(int missing)
{
    static const double sizes[5] = {400.0, 20.0, 1.0, 1.0 / 20, 1.0 / 400};
    return sizes[missing / 2];
}

VPC_API vpc_status vpc_olc_recover(const char *short_code, double ref_lat,
                                   double ref_lon, char *buf, size_t bufsize)
{
    vpc_olc_info info;
    char ref_code[VPC_OLC_BUFSIZE], digits[VPC_OLC_MAX_DIGITS];
    char out[VPC_OLC_BUFSIZE];
    vpc_cell cell;

    if (short_code == NULL || buf == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_olc_kind kind = vpc_olc_inspect(short_code, &info);
    if (kind == VPC_OLC_KIND_FULL)
        return copy_upper(short_code, 0, buf, bufsize);
    if (kind != VPC_OLC_KIND_SHORT)
        return VPC_E_OLC_INVALID;
    if (!isfinite(ref_lat) || !isfinite(ref_lon))
        return VPC_E_NOT_FINITE;
    ref_lat = clip_lat(ref_lat);
    ref_lon = normalize_lon(ref_lon);

    /* Borrow the missing leading digits from the reference point... */
    int missing = VPC_OLC_SEPARATOR_POS - info.separator;
    vpc_olc_format(ref_lat, ref_lon, 10, ref_code);
    memcpy(digits, ref_code, (size_t)missing);
    /* Measure from the reference as the format snapped it: a longitude a
     * hair below 180 snaps to 180, which is -180. */
    char ref_digits[10];
    vpc_cell ref_cell;
    memcpy(ref_digits, ref_code, 8);
    memcpy(ref_digits + 8, ref_code + 9, 2);
    vpc_olc_cell(ref_digits, 10, &ref_cell);
    if (ref_lon - ref_cell.lon > 180.0)
        ref_lon -= 360.0;
    int n = missing;
    for (int i = 0; i < info.ndigits && n < VPC_OLC_MAX_DIGITS; i++)
        digits[n++] = info.digits[i];
    vpc_olc_cell(digits, n, &cell);

    /* ...then move to the neighbouring cell of that size if the result is
     * more than half a cell away from the reference. */
    double resolution = recovery_resolution(missing);
    double half = resolution / 2.0;
    double lat = cell.lat, lon = cell.lon;
    if (ref_lat + half < lat && lat - resolution >= -90.0)
        lat -= resolution;
    else if (ref_lat - half > lat && lat + resolution <= 90.0)
        lat += resolution;
    if (ref_lon + half < lon)
        lon -= resolution;
    else if (ref_lon - half > lon)
        lon += resolution;

    size_t len = vpc_olc_format(lat, lon, n, out);
    return vpc_outbuf_copy(out, len, buf, bufsize);
}

/* ---- recovery in integer units ----------------------------------------------- */

/* Where the shortcut applies: finite, at least a degree from the poles and
 * the antimeridian (no clipping, no wrapping, no snapping of the reference
 * to -180). */
static int shortcut_applies(double lat, double lon)
{
    return lat > -89.0 && lat < 89.0 && lon > -179.0 && lon < 179.0;
}

/* Height and width, in units, of the cells of n digits. */
static void cell_size(int n, int64_t *ha, int64_t *hb)
{
    *ha = 400 * LAT_UNITS;
    *hb = 400 * LON_UNITS;
    for (int i = 0; i < n && i < 10; i += 2) {
        *ha /= 20;
        *hb /= 20;
    }
    for (int i = 10; i < n; i++) {
        *ha /= 5;
        *hb /= 4;
    }
}

/* The block a reference lends its leading digits from, and the block the
 * recovered code ends in: vpc_olc_recover's choice, on the cell whose
 * offsets (a_off, b_off) inside a block of size (ba, bb) and size (ha, hb)
 * are given. The results are the recovered cell's south-west corner. */
static void recover_units(int64_t a_off, int64_t b_off, int64_t ha, int64_t hb, int missing,
                          double ref_lat, double ref_lon, int64_t *a, int64_t *b)
{
    int64_t ba = 400 * LAT_UNITS, bb = 400 * LON_UNITS;
    for (int i = 0; i < missing; i += 2) {
        ba /= 20;
        bb /= 20;
    }
    int64_t ra, rb;
    to_units(ref_lat, ref_lon, &ra, &rb);
    int64_t ca = ra - ra % ba + a_off, cb = rb - rb % bb + b_off;
    /* The centre as vpc_olc_cell computes it, compared as vpc_olc_recover
     * compares it. */
    double lat = (double)(2 * (ca - 90 * LAT_UNITS) + ha) / (2 * LAT_UNITS);
    double lon = (double)(2 * (cb - 180 * LON_UNITS) + hb) / (2 * LON_UNITS);
    double resolution = recovery_resolution(missing), half = resolution / 2.0;
    if (ref_lat + half < lat && lat - resolution >= -90.0)
        ca -= ba;
    else if (ref_lat - half > lat && lat + resolution <= 90.0)
        ca += ba;
    if (ref_lon + half < lon)
        cb -= bb;
    else if (ref_lon - half > lon)
        cb += bb;
    *a = ca;
    *b = cb;
}

/* Is the recovered cell's centre where the shortcut applies? */
static int recovered_ok(int64_t a, int64_t b, int64_t ha, int64_t hb)
{
    if (a < 0 || a >= LAT_SPAN || b < 0 || b >= LON_SPAN)
        return 0;
    return shortcut_applies((double)(2 * (a - 90 * LAT_UNITS) + ha) / (2 * LAT_UNITS),
                            (double)(2 * (b - 180 * LON_UNITS) + hb) / (2 * LON_UNITS));
}

int vpc_olc_recovers(double lat, double lon, int length, int missing, double ref_lat,
                     double ref_lon)
{
    if (!shortcut_applies(lat, lon) || !shortcut_applies(ref_lat, ref_lon) || length < 10 ||
        length > VPC_OLC_MAX_DIGITS || missing < 2 || missing > 8 || missing % 2 != 0)
        return -1;
    int64_t a, b, ha, hb, ba = 400 * LAT_UNITS, bb = 400 * LON_UNITS;
    to_units(lat, lon, &a, &b);
    cell_size(length, &ha, &hb);
    a -= a % ha; /* the code's cell */
    b -= b % hb;
    for (int i = 0; i < missing; i += 2) {
        ba /= 20;
        bb /= 20;
    }
    int64_t ra, rb;
    recover_units(a % ba, b % bb, ha, hb, missing, ref_lat, ref_lon, &ra, &rb);
    if (!recovered_ok(ra, rb, ha, hb))
        return -1;
    return ra == a && rb == b;
}

int vpc_olc_recover_cell(const char *digits, int ndigits, int missing, double ref_lat,
                         double ref_lon, vpc_cell *cell)
{
    static const char alphabet[] = VPC_OLC_ALPHABET;
    int n = missing + ndigits;
    if (!shortcut_applies(ref_lat, ref_lon) || missing < 2 || missing > 8 || missing % 2 != 0 ||
        n < 10 || n > VPC_OLC_MAX_DIGITS)
        return -1;
    /* The digits' offsets inside the block the dropped digits named. */
    int64_t a_off = 0, b_off = 0, ha = 400 * LAT_UNITS, hb = 400 * LON_UNITS;
    for (int i = 0; i < n; i++) {
        if (i < 10) {
            if (i % 2 == 0) {
                ha /= 20;
                hb /= 20;
            }
        } else {
            ha /= 5;
            hb /= 4;
        }
        if (i < missing)
            continue;
        int v = vpc_olc_value((unsigned char)digits[i - missing]);
        if (v < 0)
            return -1;
        if (i < 10)
            *(i % 2 == 0 ? &a_off : &b_off) += v * (i % 2 == 0 ? ha : hb);
        else {
            a_off += (v / 4) * ha;
            b_off += (v % 4) * hb;
        }
    }
    int64_t a, b;
    recover_units(a_off, b_off, ha, hb, missing, ref_lat, ref_lon, &a, &b);
    if (!recovered_ok(a, b, ha, hb))
        return -1;
    /* The recovered code's leading digits, then its cell as decoding the
     * code computes it. */
    char full[VPC_OLC_MAX_DIGITS];
    int64_t qa = a / (400 * LAT_UNITS / 20), qb = b / (400 * LON_UNITS / 20);
    int64_t unit_a = 400 * LAT_UNITS / 20, unit_b = 400 * LON_UNITS / 20;
    for (int i = 0; i < missing; i += 2) {
        full[i] = alphabet[qa];
        full[i + 1] = alphabet[qb];
        a -= qa * unit_a;
        b -= qb * unit_b;
        unit_a /= 20;
        unit_b /= 20;
        qa = a / unit_a;
        qb = b / unit_b;
    }
    memcpy(full + missing, digits, (size_t)ndigits);
    vpc_olc_cell(full, n, cell);
    return 0;
}
