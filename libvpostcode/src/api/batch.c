/*
 * batch.c - n lookups, encodings or decodings in one call, for callers whose
 * cost per call is high. Each item is exactly the single call.
 */
#include <math.h>
#include <string.h>

#include "api.h"

static void fail_cell(vpc_cell *cell)
{
    cell->south = cell->west = cell->north = cell->east = NAN;
    cell->lat = cell->lon = NAN;
    cell->length = 0;
}

static int ward_ordinal(const vpc_db *db, const vpc_ward *ward)
{
    return vpc_db_find_code(db, ward->code);
}

VPC_API vpc_status vpc_lookup_batch(const vpc_db *db, size_t n, const double *lat,
                                    const double *lon, int *ward, int *status)
{
    if (db == NULL || ward == NULL || status == NULL || (n > 0 && (lat == NULL || lon == NULL)))
        return VPC_E_NULL_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        int w = -1;
        status[i] = (int)vpc_api_find_ward(db, lat[i], lon[i], &w);
        ward[i] = status[i] == VPC_OK ? w : -1;
    }
    return VPC_OK;
}

VPC_API vpc_status vpc_encode_batch(const vpc_db *db, size_t n, const double *lat,
                                    const double *lon, unsigned flags, char *codes,
                                    int *ward, int *status)
{
    if (db == NULL || codes == NULL || status == NULL ||
        (n > 0 && (lat == NULL || lon == NULL)))
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~(VPC_FLAG_LONG_FORM | VPC_FLAG_CHECK_CHAR)) != 0)
        return VPC_E_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        char *text = codes + i * VPC_CODE_BUFSIZE;
        vpc_code code;
        int w = -1;
        vpc_status st = vpc_api_encode(db, lat[i], lon[i], flags, &code, &w);
        if (st == VPC_OK)
            st = vpc_code_format(&code, 0, text, VPC_CODE_BUFSIZE);
        status[i] = (int)st;
        if (st != VPC_OK)
            text[0] = '\0';
        if (ward != NULL)
            ward[i] = st == VPC_OK ? w : -1;
    }
    return VPC_OK;
}

VPC_API vpc_status vpc_decode_batch(const vpc_db *db, size_t n, const char *const *texts,
                                    unsigned flags, vpc_cell *cells, int *ward,
                                    int *status)
{
    const unsigned scheme = VPC_FLAG_SCHEME_CURRENT | VPC_FLAG_SCHEME_LEGACY;
    if (db == NULL || cells == NULL || status == NULL || (n > 0 && texts == NULL))
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~scheme) != 0 || flags == scheme)
        return VPC_E_INVALID_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
        vpc_code code;
        vpc_ward found;
        vpc_status st;
        if (texts[i] == NULL) {
            st = VPC_E_NULL_ARGUMENT;
        } else if (flags == 0) {
            int w = -1;
            if ((st = vpc_code_parse(texts[i], &code, NULL)) == VPC_OK)
                st = vpc_api_decode(db, &code, &cells[i], &w);
            status[i] = (int)st;
            if (st != VPC_OK && !vpc_is_warning(st)) {
                fail_cell(&cells[i]);
                w = -1;
            }
            if (ward != NULL)
                ward[i] = w;
            continue;
        } else if ((st = vpc_code_parse(texts[i], &code, NULL)) == VPC_OK) {
            vpc_decoded d;
            st = vpc_decode_parsed(db, &code, flags, 0, &d);
            if (st == VPC_OK || vpc_is_warning(st)) {
                cells[i] = d.cell;
                found = d.ward;
            }
        }
        status[i] = (int)st;
        int ok = st == VPC_OK || vpc_is_warning(st);
        if (!ok)
            fail_cell(&cells[i]);
        if (ward != NULL)
            ward[i] = ok ? ward_ordinal(db, &found) : -1;
    }
    return VPC_OK;
}
