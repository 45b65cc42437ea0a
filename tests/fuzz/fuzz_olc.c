/*
 * fuzz_olc.c - the Open Location Code functions and the cell functions:
 * vpc_olc_decode, vpc_olc_is_valid / is_short / is_full, vpc_olc_shorten,
 * vpc_olc_recover on arbitrary text; vpc_olc_encode, vpc_cell_tiles and
 * vpc_cell_geojson on coordinates and cells from the input's bytes (NaN,
 * infinities, huge values, -0.0 included).
 *
 * Input: the text up to the first NUL; after it, coordinates, a length,
 * a zoom and a raw cell (fuzz_common.h).
 *
 * Invariants (a broken one traps):
 *   - the validity tests agree with each other and with decode's status;
 *   - a decoded cell is finite, ordered, on Earth, and encodes back to the
 *     same cell from its centre;
 *   - encode's code is full and decodes to a cell holding the clipped,
 *     normalised point, at the requested length (at most 15);
 *   - shorten then recover with the same reference gives the same cell;
 *   - recover gives a full code near the reference;
 *   - a failed call leaves its outputs untouched; GeoJSON's `needed` is
 *     exact; tiles lie on their zoom's grid.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_common.h"

#define FILL 0x5A

static int untouched(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != FILL)
            return 0;
    return 1;
}

/* The upper-case form of a code, as shorten and recover return it. */
static void upper(const char *s, char *out, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
    out[i] = '\0';
}

static void check_geojson(const vpc_cell *c)
{
    size_t needed = 0;
    vpc_status st = vpc_cell_geojson(c, NULL, 0, &needed);
    if (st == VPC_E_NOT_FINITE || st == VPC_E_NULL_ARGUMENT) {
        FUZZ_CHECK(!isfinite(c->south) || !isfinite(c->north) || !isfinite(c->west) ||
                   !isfinite(c->east));
        return;
    }
    FUZZ_CHECK(st == VPC_E_BUFFER_TOO_SMALL && needed > 1);
    char *buf = malloc(needed);
    size_t again = 0;
    FUZZ_CHECK(vpc_cell_geojson(c, buf, needed, &again) == VPC_OK && again == needed);
    FUZZ_CHECK(strlen(buf) == needed - 1 && buf[0] == '{' && buf[needed - 2] == '}');
    FUZZ_CHECK(vpc_cell_geojson(c, buf, needed - 1, NULL) == VPC_E_BUFFER_TOO_SMALL);
    FUZZ_CHECK(buf[0] == '{' && strlen(buf) == needed - 1); /* the buffer left as it was */
    free(buf);
}

static void check_tiles(const vpc_cell *c, int zoom)
{
    vpc_tile tiles[16];
    size_t count = 12345;
    memset(tiles, FILL, sizeof tiles);
    vpc_status st = vpc_cell_tiles(c, zoom, tiles, 16, &count);
    if (st != VPC_OK && st != VPC_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(st == VPC_E_INVALID_ARGUMENT || st == VPC_E_NOT_FINITE ||
                   st == VPC_E_LATITUDE_RANGE || st == VPC_E_LONGITUDE_RANGE);
        FUZZ_CHECK(count == 12345 && untouched(tiles, sizeof tiles));
        return;
    }
    FUZZ_CHECK(zoom >= 0 && zoom <= VPC_TILE_MAX_ZOOM);
    FUZZ_CHECK(count >= 1);
    if (st == VPC_E_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(count > 16 && untouched(tiles, sizeof tiles));
        return;
    }
    FUZZ_CHECK(count <= 16);
    long last = (1L << zoom) - 1;
    for (size_t i = 0; i < count; i++) {
        FUZZ_CHECK(tiles[i].z == zoom);
        FUZZ_CHECK(tiles[i].x >= 0 && tiles[i].x <= last && tiles[i].y >= 0 && tiles[i].y <= last);
        if (i > 0) /* west to east, then north to south */
            FUZZ_CHECK(tiles[i].y > tiles[i - 1].y ||
                       (tiles[i].y == tiles[i - 1].y && tiles[i].x == tiles[i - 1].x + 1));
    }
    size_t none = 99;
    FUZZ_CHECK(vpc_cell_tiles(c, zoom, NULL, 0, &none) == VPC_E_BUFFER_TOO_SMALL && none == count);
}

/* Text as a code, with the reference point for shorten and recover. */
static void check_text(const char *text, double ref_lat, double ref_lon, int zoom)
{
    int valid = vpc_olc_is_valid(text), is_short = vpc_olc_is_short(text),
        full = vpc_olc_is_full(text);
    FUZZ_CHECK(valid == 0 || valid == 1);
    FUZZ_CHECK(!(is_short && full));
    FUZZ_CHECK(valid == (is_short || full));

    vpc_cell cell;
    memset(&cell, FILL, sizeof cell);
    vpc_status st = vpc_olc_decode(text, &cell);
    FUZZ_CHECK((st == VPC_OK) == full);
    FUZZ_CHECK((st == VPC_E_OLC_NOT_FULL) == is_short);
    FUZZ_CHECK((st == VPC_E_OLC_INVALID) == !valid);
    if (st != VPC_OK)
        FUZZ_CHECK(untouched(&cell, sizeof cell));

    char up[64];
    upper(text, up, sizeof up);
    size_t len = strlen(text);

    if (full) {
        fuzz_check_cell(&cell);
        /* The centre encodes back to the same cell. */
        char again[VPC_OLC_BUFSIZE];
        vpc_cell back;
        FUZZ_CHECK(vpc_olc_encode(cell.lat, cell.lon, cell.length, again, sizeof again) == VPC_OK);
        FUZZ_CHECK(vpc_olc_decode(again, &back) == VPC_OK && fuzz_same_cell(&back, &cell));
        if (len < sizeof up && cell.length <= VPC_OLC_MAX_DIGITS && len <= 16)
            FUZZ_CHECK(strcmp(again, up) == 0); /* at most 15 digits: the same text */
        check_tiles(&cell, zoom);
        check_geojson(&cell);
    }

    /* shorten */
    char out[64], rec[64];
    memset(out, FILL, sizeof out);
    st = vpc_olc_shorten(text, ref_lat, ref_lon, out, sizeof out);
    if (!valid)
        FUZZ_CHECK(st == VPC_E_OLC_INVALID);
    else if (is_short)
        FUZZ_CHECK(st == VPC_E_OLC_NOT_FULL);
    if (st != VPC_OK) {
        FUZZ_CHECK(untouched(out, sizeof out));
        FUZZ_CHECK(st == VPC_E_OLC_INVALID || st == VPC_E_OLC_NOT_FULL || st == VPC_E_OLC_PADDED ||
                   st == VPC_E_NOT_FINITE || st == VPC_E_BUFFER_TOO_SMALL);
        if (st == VPC_E_BUFFER_TOO_SMALL)
            FUZZ_CHECK(len >= sizeof out - 8);
    } else {
        FUZZ_CHECK(full && isfinite(ref_lat) && isfinite(ref_lon));
        size_t olen = strlen(out);
        FUZZ_CHECK(olen <= len && (olen == len || olen == len - 4 || olen == len - 6 ||
                                   olen == len - 8));
        FUZZ_CHECK(len >= sizeof up || strcmp(out, up + (len - olen)) == 0);
        FUZZ_CHECK(vpc_olc_is_valid(out));
        if (olen < len) {
            /* Shortened: recovering from the same reference restores it. */
            vpc_cell back;
            FUZZ_CHECK(vpc_olc_is_short(out));
            FUZZ_CHECK(vpc_olc_recover(out, ref_lat, ref_lon, rec, sizeof rec) == VPC_OK);
            FUZZ_CHECK(vpc_olc_decode(rec, &back) == VPC_OK);
            FUZZ_CHECK(fuzz_same_cell(&back, &cell));
        }
    }

    /* recover */
    memset(rec, FILL, sizeof rec);
    st = vpc_olc_recover(text, ref_lat, ref_lon, rec, sizeof rec);
    if (st != VPC_OK) {
        FUZZ_CHECK(untouched(rec, sizeof rec));
        FUZZ_CHECK((st == VPC_E_OLC_INVALID && !full && !is_short) ||
                   (st == VPC_E_NOT_FINITE && is_short) ||
                   (st == VPC_E_BUFFER_TOO_SMALL && len >= sizeof rec));
        return;
    }
    FUZZ_CHECK(valid);
    if (full) {
        FUZZ_CHECK(len >= sizeof up || strcmp(rec, up) == 0);
        return;
    }
    vpc_cell got;
    FUZZ_CHECK(isfinite(ref_lat) && isfinite(ref_lon));
    FUZZ_CHECK(vpc_olc_is_full(rec));
    FUZZ_CHECK(vpc_olc_decode(rec, &got) == VPC_OK);
    fuzz_check_cell(&got);
    /* The nearest such code: within half the recovered block of the
     * reference (away from the poles, where the latitude is clipped). */
    const char *plus = strchr(text, '+');
    int missing = 8 - (int)(plus - text);
    double block = pow(20.0, 2 - missing / 2);
    double rlat = fuzz_clip_lat(ref_lat), rlon = fuzz_norm_lon(ref_lon);
    if (fabs(rlat) + block < 89.0) {
        double dlon = fabs(got.lon - rlon);
        if (dlon > 180.0)
            dlon = 360.0 - dlon;
        if (!(fabs(got.lat - rlat) <= block / 2 + 1e-9 && dlon <= block / 2 + 1e-9))
            fprintf(stderr, "recover(\"%s\", %.17g, %.17g) = \"%s\", centre %.17g, %.17g\n", text,
                    ref_lat, ref_lon, rec, got.lat, got.lon);
        FUZZ_CHECK(fabs(got.lat - rlat) <= block / 2 + 1e-9);
        FUZZ_CHECK(dlon <= block / 2 + 1e-9);
    }
}

static void check_encode(double lat, double lon, int length, size_t bufsize)
{
    char buf[VPC_OLC_BUFSIZE + 8];
    if (bufsize > sizeof buf)
        bufsize = sizeof buf;
    memset(buf, FILL, sizeof buf);
    vpc_status st = vpc_olc_encode(lat, lon, length, buf, bufsize);
    int length_ok = length >= 2 && (length >= 10 || length % 2 == 0);
    if (!isfinite(lat) || !isfinite(lon)) {
        FUZZ_CHECK(st == VPC_E_NOT_FINITE && untouched(buf, sizeof buf));
        return;
    }
    if (!length_ok) {
        FUZZ_CHECK(st == VPC_E_OLC_LENGTH && untouched(buf, sizeof buf));
        return;
    }
    int digits = length > VPC_OLC_MAX_DIGITS ? VPC_OLC_MAX_DIGITS : length;
    size_t textlen = digits <= 8 ? 9 : (size_t)digits + 1;
    if (bufsize < textlen + 1) {
        FUZZ_CHECK(st == VPC_E_BUFFER_TOO_SMALL && untouched(buf, sizeof buf));
        return;
    }
    FUZZ_CHECK(st == VPC_OK);
    FUZZ_CHECK(strlen(buf) == textlen);
    FUZZ_CHECK(vpc_olc_is_full(buf));
    vpc_cell cell;
    FUZZ_CHECK(vpc_olc_decode(buf, &cell) == VPC_OK);
    fuzz_check_cell(&cell);
    FUZZ_CHECK(cell.length == digits);
    FUZZ_CHECK_HOLDS(&cell, lat, lon);
    check_tiles(&cell, length % (VPC_TILE_MAX_ZOOM + 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in;
    char *text = fuzz_text(data, size, &in);
    double lat = fuzz_coord(&in, -90.0, 90.0), lon = fuzz_coord(&in, -180.0, 180.0);
    double ref_lat = fuzz_coord(&in, -90.0, 90.0), ref_lon = fuzz_coord(&in, -180.0, 180.0);
    int length = (int8_t)fuzz_u8(&in);
    int zoom = (int8_t)fuzz_u8(&in);
    size_t bufsize = VPC_OLC_BUFSIZE - (fuzz_u8(&in) % 8 == 0 ? fuzz_u8(&in) % 8 : 0);
    if (in.n == 0 && size > 0 && data[size - 1] != '\0') {
        /* A text seed without numbers: still encode something near it. */
        lat = ref_lat = 21.0 + (double)(size % 97) / 100.0;
        lon = ref_lon = 105.8 + (double)(size % 89) / 100.0;
        length = 10 + (int)(size % 6);
        zoom = (int)(size % 23);
    }

    check_text(text, ref_lat, ref_lon, zoom < 0 ? -zoom % 31 : zoom);
    check_encode(lat, lon, length, bufsize);
    check_encode(-lat, -lon, 11, VPC_OLC_BUFSIZE);
    check_encode(lat, lon + 360.0, 15, VPC_OLC_BUFSIZE);

    /* A cell of raw numbers. */
    vpc_cell raw;
    raw.south = fuzz_coord(&in, -90.0, 90.0);
    raw.north = raw.south + fuzz_coord(&in, 0.0, 1.0);
    raw.west = fuzz_coord(&in, -180.0, 180.0);
    raw.east = raw.west + fuzz_coord(&in, 0.0, 1.0);
    raw.lat = (raw.south + raw.north) / 2;
    raw.lon = (raw.west + raw.east) / 2;
    raw.length = (int)fuzz_u32(&in);
    check_tiles(&raw, zoom);
    check_geojson(&raw);
    free(text);
    return 0;
}
