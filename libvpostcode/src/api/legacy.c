/*
 * legacy.c - codes issued before the 2025 reform: reading a postal code in
 * either scheme, converting to current codes, and the communes of before.
 *
 * A code's postal code names a unit; the location recovers from that
 * unit's reference point. A pre-2025 commune's reference point is that of
 * the current wards it became (the database stores it), so its codes decode
 * to the same cells as when they were issued.
 */
#include <math.h>
#include <string.h>

#include "api.h"

/* One way of reading a code. */
typedef struct {
    int ok;            /* the postal code exists in this scheme */
    int wrong_form;    /* current: a standard-form code of a long-form ward */
    int fits;          /* the cell meets the unit the postal code names */
    vpc_cell cell;
    char olc[VPC_OLC_BUFSIZE];
    int ward;          /* current reading: the ward named */
    int commune;       /* legacy reading: the commune named */
    int corrupt;       /* the file is damaged where this reading looked */
} reading;

static void read_current(const vpc_db *db, const vpc_code *code, reading *r)
{
    memset(r, 0, sizeof *r);
    r->ward = vpc_db_find_postal(db, code->postal);
    if (r->ward < 0)
        return;
    const vpc_file_ward *w = &db->wards[r->ward];
    if (!vpc_db_ward_usable(w)) {
        r->corrupt = 1;
        return;
    }
    if (w->long_form && code->form == VPC_FORM_STANDARD) {
        /* Never issued: 4 recovered digits cannot name one place in a ward
         * this large (docs/SPEC.md). */
        r->wrong_form = 1;
        return;
    }
    if (vpc_code_olc(code, w->ref_lat, w->ref_lon, r->olc, sizeof r->olc) != VPC_OK ||
        vpc_olc_decode(r->olc, &r->cell) != VPC_OK)
        return;
    r->ok = 1;
    r->fits = vpc_index_box_meets_ward(&db->ix, r->cell.south, r->cell.west, r->cell.north,
                                       r->cell.east, r->ward);
    if (r->fits < 0)
        r->corrupt = 1;
}

/* The legacy reading's cell; whether it fits is settled by legacy_fits,
 * only when it is needed. */
static void read_legacy(const vpc_db *db, const vpc_code *code, reading *r)
{
    memset(r, 0, sizeof *r);
    r->commune = db->has_legacy ? vpc_db_find_legacy_postal(db, code->postal) : -1;
    if (r->commune < 0 || !db->communes[r->commune].mapped)
        return;
    const vpc_file_commune *c = &db->communes[r->commune];
    if (!isfinite(c->ref_lat) || !isfinite(c->ref_lon)) {
        r->corrupt = 1;
        return;
    }
    if (vpc_code_olc(code, c->ref_lat, c->ref_lon, r->olc, sizeof r->olc) != VPC_OK ||
        vpc_olc_decode(r->olc, &r->cell) != VPC_OK)
        return;
    r->ok = 1;
}

/* 1 or 0, or -1 for a damaged file. */
static int legacy_fits(const vpc_db *db, const reading *r)
{
    const vpc_file_commune *c = &db->communes[r->commune];
    for (uint32_t k = 0; k < c->map_count; k++) {
        int w = vpc_db_commune_ward(db, c, k);
        int meets = w < 0 ? -1
                          : vpc_index_box_meets_ward(&db->ix, r->cell.south, r->cell.west,
                                                     r->cell.north, r->cell.east, w);
        if (meets != 0)
            return meets < 0 ? -1 : 1;
    }
    return 0;
}

VPC_API int vpc_has_legacy(const vpc_db *db)
{
    return db != NULL && db->has_legacy;
}

vpc_status vpc_decode_parsed(const vpc_db *db, const vpc_code *code, unsigned flags,
                             int want_current, vpc_decoded *out)
{
    reading cur, leg;
    if ((flags & VPC_FLAG_SCHEME_LEGACY) && !db->has_legacy)
        return VPC_E_NO_LEGACY_DATA;
    read_current(db, code, &cur);
    read_legacy(db, code, &leg);
    if (cur.corrupt || leg.corrupt)
        return VPC_E_DB_CORRUPT;
    if (flags & VPC_FLAG_SCHEME_CURRENT)
        leg.ok = 0;
    if (flags & VPC_FLAG_SCHEME_LEGACY)
        cur.ok = 0;

    const reading *use;
    if (cur.ok && leg.ok) {
        /* Valid in both schemes. The same cell either way is no question;
         * otherwise the reading that lands in its own unit wins. */
        if (strcmp(cur.olc, leg.olc) == 0) {
            /* The same cell either way: read it in the scheme it fits. */
            leg.fits = cur.fits ? 0 : legacy_fits(db, &leg);
            if (leg.fits < 0)
                return VPC_E_DB_CORRUPT;
            use = leg.fits ? &leg : &cur;
        } else {
            leg.fits = legacy_fits(db, &leg);
            if (leg.fits < 0)
                return VPC_E_DB_CORRUPT;
            if (cur.fits != leg.fits)
                use = cur.fits ? &cur : &leg;
            else if (cur.fits)
                return VPC_E_AMBIGUOUS_SCHEME;
            else
                use = &cur; /* neither fits: the current reading, with a warning */
        }
    } else if (cur.ok) {
        use = &cur;
    } else if (leg.ok) {
        leg.fits = legacy_fits(db, &leg);
        if (leg.fits < 0)
            return VPC_E_DB_CORRUPT;
        if (!leg.fits && cur.wrong_form)
            return VPC_E_NEEDS_LONG_FORM; /* neither reading names a place */
        use = &leg;
    } else if (cur.wrong_form && !(flags & VPC_FLAG_SCHEME_LEGACY)) {
        return VPC_E_NEEDS_LONG_FORM;
    } else if (flags & VPC_FLAG_SCHEME_LEGACY) {
        return VPC_E_UNKNOWN_LEGACY_CODE;
    } else {
        return VPC_E_UNKNOWN_POSTAL_CODE;
    }

    vpc_decoded d;
    memset(&d, 0, sizeof d);
    d.cell = use->cell;
    d.scheme = use == &cur ? VPC_SCHEME_CURRENT : VPC_SCHEME_LEGACY;
    vpc_status st = VPC_OK;
    if (use == &cur) {
        /* A current code that fits its ward is its own current code, even
         * when its cell straddles a boundary and the centre lies in the
         * next ward; one that does not is made again for its place. */
        st = vpc_db_ward(db, cur.ward, &d.ward);
        if (st != VPC_OK)
            return st;
        if (want_current && !cur.fits) {
            st = vpc_encode(db, d.cell.lat, d.cell.lon, flags & VPC_FLAG_CHECK_CHAR, &d.current, NULL);
        } else if (want_current) {
            d.current = *code;
            d.current.check = '\0';
            if (flags & VPC_FLAG_CHECK_CHAR)
                st = vpc_code_check_char(&d.current, &d.current.check);
        }
    } else {
        /* The place today: its ward, and its current code. */
        st = vpc_db_commune(db, leg.commune, &d.legacy);
        if (st != VPC_OK)
            return st;
        st = vpc_encode(db, d.cell.lat, d.cell.lon, flags & VPC_FLAG_CHECK_CHAR, &d.current, &d.ward);
        if (st != VPC_OK)
            return st; /* a pre-2025 code whose place is in no ward today */
    }
    if (st == VPC_E_DB_CORRUPT)
        return st;
    if (st != VPC_OK)
        memset(&d.current, 0, sizeof d.current); /* the cell lies in no ward today */
    *out = d;
    return use->fits ? VPC_OK : VPC_W_OUTSIDE_WARD;
}

VPC_API vpc_status vpc_decode_ex(const vpc_db *db, const char *text, unsigned flags,
                                 vpc_decoded *out)
{
    vpc_code code;
    const unsigned known = VPC_FLAG_CHECK_CHAR | VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY;

    if (db == NULL || text == NULL || out == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~known) != 0 ||
        ((flags & VPC_FLAG_SCHEME_CURRENT) && (flags & VPC_FLAG_SCHEME_LEGACY)))
        return VPC_E_INVALID_ARGUMENT;
    vpc_status st = vpc_code_parse(text, &code, NULL);
    if (st != VPC_OK)
        return st;
    return vpc_decode_parsed(db, &code, flags, 1, out);
}

VPC_API vpc_status vpc_convert(const vpc_db *db, const char *text, unsigned flags,
                               vpc_code *current)
{
    vpc_decoded d;
    if (current == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = vpc_decode_ex(db, text, flags, &d);
    if (st != VPC_OK && !vpc_is_warning(st))
        return st;
    if (d.current.postal[0] == '\0')
        return VPC_E_NO_WARD; /* the place is in no ward today */
    *current = d.current;
    return st;
}

VPC_API vpc_status vpc_legacy_by_postal_code(const vpc_db *db, const char *postal_code,
                                             vpc_legacy_unit *unit, char (*wards)[6],
                                             size_t max, size_t *nwards)
{
    if (db == NULL || postal_code == NULL || unit == NULL || nwards == NULL ||
        (wards == NULL && max > 0))
        return VPC_E_NULL_ARGUMENT;
    if (!db->has_legacy)
        return VPC_E_NO_LEGACY_DATA;
    if (strlen(postal_code) != 5)
        return VPC_E_POSTAL_CODE;
    int c = vpc_db_find_legacy_postal(db, postal_code);
    if (c < 0)
        return VPC_E_UNKNOWN_LEGACY_CODE;
    const vpc_file_commune *lc = &db->communes[c];
    vpc_legacy_unit u;
    vpc_status st = vpc_db_commune(db, c, &u);
    if (st != VPC_OK)
        return st;
    for (uint32_t k = 0; k < lc->map_count; k++)
        if (vpc_db_commune_ward(db, lc, k) < 0)
            return VPC_E_DB_CORRUPT;
    *nwards = lc->map_count;
    if (lc->map_count > max)
        return VPC_E_BUFFER_TOO_SMALL; /* the count says how many to make room for */
    *unit = u;
    for (uint32_t k = 0; k < lc->map_count; k++) {
        memcpy(wards[k], db->wards[vpc_db_commune_ward(db, lc, k)].code, 5);
        wards[k][5] = '\0';
    }
    return VPC_OK;
}

VPC_API vpc_status vpc_legacy_lookup(const vpc_db *db, double lat, double lon,
                                     vpc_legacy_unit *units, size_t max, size_t *count)
{
    if (db == NULL || count == NULL || (units == NULL && max > 0))
        return VPC_E_NULL_ARGUMENT;
    if (!db->has_legacy)
        return VPC_E_NO_LEGACY_DATA;
    int w;
    vpc_status st = vpc_api_find_ward(db, lat, lon, &w);
    if (st != VPC_OK)
        return st;
    uint32_t first, end;
    if (!vpc_db_ward_communes(db, w, &first, &end))
        return VPC_E_DB_CORRUPT;
    uint32_t all = end - first;
    /* With the old districts' polygons, keep the communes of the district
     * the point lay in (all of them where no polygon says). District codes
     * are 3 digits, stored NUL-padded to 5 in the index. */
    char district[6] = "";
    if (db->has_districts) {
        int d = vpc_index_locate(&db->districts, lat, lon);
        if (d == VPC_INDEX_CORRUPT)
            return VPC_E_DB_CORRUPT;
        if (d >= 0)
            memcpy(district, db->districts.ward_codes + 5 * (size_t)d, 5);
    }
    /* Those of the point's old district; if none, all of the ward's. */
#define IN_DISTRICT(k) \
    (memcmp(db->communes[db->ward_communes[first + (k)]].district_code, district, 3) == 0 && \
     strlen(district) == 3)
    int narrow = 0;
    for (uint32_t k = 0; k < all && district[0] != '\0' && !narrow; k++)
        narrow = IN_DISTRICT(k);
    size_t n = 0;
    for (uint32_t k = 0; k < all; k++)
        n += !narrow || IN_DISTRICT(k);
    /* Every record read before any output is written. */
    for (uint32_t k = 0; k < all; k++) {
        vpc_legacy_unit u;
        if ((!narrow || IN_DISTRICT(k)) &&
            vpc_db_commune(db, (int)db->ward_communes[first + k], &u) != VPC_OK)
            return VPC_E_DB_CORRUPT;
    }
    *count = n;
    if (n > max)
        return VPC_E_BUFFER_TOO_SMALL; /* the count says how many to make room for */
    n = 0;
    for (uint32_t k = 0; k < all; k++)
        if (!narrow || IN_DISTRICT(k))
            vpc_db_commune(db, (int)db->ward_communes[first + k], &units[n++]);
#undef IN_DISTRICT
    return VPC_OK;
}
