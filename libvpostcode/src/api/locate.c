/*
 * locate.c - points to wards and codes, codes to cells and wards: the
 * functions that join the codec and the database.
 */
#include <string.h>

#include "../codec/point.h"
#include "api.h"

vpc_status vpc_api_find_ward(const vpc_db *db, double lat, double lon, int *ordinal)
{
    vpc_status st = vpc_point_status(lat, lon);
    if (st != VPC_OK)
        return st;
    int w = vpc_index_locate(&db->ix, lat, lon);
    if (w == VPC_INDEX_CORRUPT)
        return VPC_E_DB_CORRUPT;
    if (w < 0) /* in no ward: near one, or outside Vietnam (docs/SPEC.md) */
        return vpc_api_nearest_ward(db, lat, lon, VPC_TERRITORY_METRES, 1, NULL, NULL)
                   ? VPC_E_NO_WARD : VPC_E_OUTSIDE_VIETNAM;
    *ordinal = w;
    return VPC_OK;
}

VPC_API vpc_status vpc_lookup(const vpc_db *db, double lat, double lon, vpc_ward *ward)
{
    int w;
    if (db == NULL || ward == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = vpc_api_find_ward(db, lat, lon, &w);
    if (st == VPC_OK)
        st = vpc_db_ward(db, w, ward);
    return st;
}

vpc_status vpc_api_encode(const vpc_db *db, double lat, double lon, unsigned flags,
                          vpc_code *code, int *ordinal)
{
    int w;
    vpc_code made;
    if ((flags & ~(VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)) != 0)
        return VPC_E_INVALID_ARGUMENT;
    vpc_status st = vpc_api_find_ward(db, lat, lon, &w);
    if (st != VPC_OK)
        return st;
    st = vpc_api_make_code(db, w, lat, lon, flags, &made);
    if (st != VPC_OK)
        return st;
    *code = made;
    *ordinal = w;
    return VPC_OK;
}

vpc_status vpc_api_make_code(const vpc_db *db, int w, double lat, double lon, unsigned flags,
                             vpc_code *code)
{
    const vpc_file_ward *found = &db->wards[w];
    char postal[VPC_POSTAL_BUFSIZE];
    memcpy(postal, found->postal_code, 5);
    postal[5] = '\0';
    if (!vpc_db_ward_usable(found))
        return VPC_E_DB_CORRUPT; /* a damaged record, not the caller's input */
    if (found->long_form)
        flags |= VPC_FLAG_LONG_FORM;
    vpc_status st = vpc_code_make(postal, lat, lon, found->ref_lat, found->ref_lon, flags, code);
    if (st == VPC_E_NEEDS_LONG_FORM) /* a ward reaching further than recorded */
        st = vpc_code_make(postal, lat, lon, found->ref_lat, found->ref_lon,
                           flags | VPC_FLAG_LONG_FORM, code);
    return st;
}

VPC_API vpc_status vpc_encode(const vpc_db *db, double lat, double lon, unsigned flags,
                              vpc_code *code, vpc_ward *ward)
{
    int w;
    if (db == NULL || code == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_code made;
    vpc_status st = vpc_api_encode(db, lat, lon, flags, &made, &w);
    if (st == VPC_OK && ward != NULL)
        st = vpc_db_ward(db, w, ward);
    if (st == VPC_OK)
        *code = made;
    return st;
}

vpc_status vpc_api_decode(const vpc_db *db, const vpc_code *code, vpc_cell *cell, int *ordinal)
{
    vpc_cell c;
    vpc_status st = VPC_E_UNKNOWN_POSTAL_CODE;
    if (memchr(code->postal, '\0', sizeof code->postal) == NULL)
        return VPC_E_POSTAL_CODE;
    int w = vpc_db_find_postal(db, code->postal);
    if (w >= 0 && db->wards[w].long_form && code->form == VPC_FORM_STANDARD) {
        st = VPC_E_NEEDS_LONG_FORM; /* never issued: see read_current in legacy.c */
    } else if (w >= 0) {
        const vpc_file_ward *named = &db->wards[w];
        if (!vpc_db_ward_usable(named))
            return VPC_E_DB_CORRUPT;
        st = vpc_code_locate(code, named->ref_lat, named->ref_lon, &c);
        if (st != VPC_OK)
            return st;
        /* The code names a ward; say so when its cell does not even touch it. */
        int meets = vpc_index_box_meets_ward(&db->ix, c.south, c.west, c.north, c.east, w);
        if (meets < 0)
            return VPC_E_DB_CORRUPT;
        st = meets ? VPC_OK : VPC_W_OUTSIDE_WARD;
    }
    if (st != VPC_OK && db->has_legacy) {
        /* Not a current code that fits: perhaps one issued before 2025. */
        vpc_decoded d;
        vpc_status ls = vpc_decode_parsed(db, code, 0, 0, &d);
        if (ls == VPC_OK || (w < 0 && vpc_is_warning(ls))) {
            *cell = d.cell;
            *ordinal = vpc_db_find_code(db, d.ward.code);
            return ls;
        }
    }
    if (w < 0 || (st != VPC_OK && !vpc_is_warning(st)))
        return st;
    *cell = c;
    *ordinal = w;
    return st;
}

VPC_API vpc_status vpc_decode_code(const vpc_db *db, const vpc_code *code, vpc_cell *cell,
                                   vpc_ward *ward)
{
    int w = -1;
    if (db == NULL || code == NULL || cell == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_cell c;
    vpc_status st = vpc_api_decode(db, code, &c, &w);
    if ((st == VPC_OK || vpc_is_warning(st)) && ward != NULL && w >= 0) {
        vpc_status ws = vpc_db_ward(db, w, ward);
        if (ws != VPC_OK)
            return ws;
    }
    if (st == VPC_OK || vpc_is_warning(st))
        *cell = c;
    return st;
}

VPC_API vpc_status vpc_decode(const vpc_db *db, const char *text, vpc_cell *cell, vpc_ward *ward)
{
    vpc_code code;
    if (db == NULL || text == NULL || cell == NULL)
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = vpc_code_parse(text, &code, NULL);
    if (st != VPC_OK)
        return st;
    return vpc_decode_code(db, &code, cell, ward);
}
