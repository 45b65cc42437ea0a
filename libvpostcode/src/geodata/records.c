/*
 * records.c - wards, provinces and pre-2025 communes read from the
 * runtime file's records, and found by code: every string offset, ordinal
 * and range checked as it is followed.
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "db.h"

const char *vpc_db_string(const vpc_db *db, uint32_t off)
{
    /* The section ends with NUL, so any offset inside it starts a string
     * that ends inside it. */
    return off < db->strings_size ? db->strings + off : NULL;
}

/* Copy string off into buf (size bytes); 0 if it is not there or too long. */
static int copy_string(const vpc_db *db, uint32_t off, char *buf, size_t size)
{
    const char *s = vpc_db_string(db, off);
    if (s == NULL)
        return 0;
    size_t n = strnlen(s, size);
    if (n == size)
        return 0;
    memcpy(buf, s, n + 1);
    return 1;
}

/* A fixed-width code field as a C string. */
static void copy_code(char *out, const char *field, size_t width)
{
    memcpy(out, field, width);
    out[width] = '\0';
}

int vpc_db_ward_usable(const vpc_file_ward *w)
{
    for (int i = 0; i < 5; i++)
        if (w->postal_code[i] < '0' || w->postal_code[i] > '9')
            return 0;
    return isfinite(w->ref_lat) && isfinite(w->ref_lon);
}

vpc_status vpc_db_province(const vpc_db *db, size_t p, vpc_province *province)
{
    if (p >= db->nprovinces)
        return VPC_E_DB_CORRUPT;
    const vpc_file_province *r = &db->provinces[p];
    vpc_province out;
    copy_code(out.code, r->code, 2);
    if (!copy_string(db, r->name, out.name, sizeof out.name) ||
        !copy_string(db, r->name_ascii, out.name_ascii, sizeof out.name_ascii) ||
        !copy_string(db, r->postal_prefixes, out.postal_prefixes, sizeof out.postal_prefixes))
        return VPC_E_DB_CORRUPT;
    *province = out;
    return VPC_OK;
}

vpc_status vpc_db_ward(const vpc_db *db, int w, vpc_ward *ward)
{
    if (w < 0 || (size_t)w >= db->nwards)
        return VPC_E_DB_CORRUPT;
    const vpc_file_ward *r = &db->wards[w];
    vpc_ward out;
    copy_code(out.code, r->code, 5);
    copy_code(out.postal_code, r->postal_code, 5);
    if (!copy_string(db, r->name, out.name, sizeof out.name) ||
        !copy_string(db, r->name_ascii, out.name_ascii, sizeof out.name_ascii))
        return VPC_E_DB_CORRUPT;
    out.unit_type = r->unit_type;
    out.long_form = r->long_form != 0;
    out.ref_lat = r->ref_lat;
    out.ref_lon = r->ref_lon;
    out.south = r->south;
    out.west = r->west;
    out.north = r->north;
    out.east = r->east;
    vpc_status st = vpc_db_province(db, r->province, &out.province);
    if (st == VPC_OK)
        *ward = out;
    return st;
}

vpc_status vpc_db_commune(const vpc_db *db, int c, vpc_legacy_unit *unit)
{
    if (c < 0 || (size_t)c >= db->ncommunes)
        return VPC_E_DB_CORRUPT;
    const vpc_file_commune *r = &db->communes[c];
    vpc_legacy_unit out;
    copy_code(out.commune_code, r->code, 5);
    copy_code(out.postal_code, r->postal_code, 5);
    copy_code(out.district_code, r->district_code, 3);
    copy_code(out.province_code, r->province_code, 2);
    if (!copy_string(db, r->name, out.commune_name, sizeof out.commune_name) ||
        !copy_string(db, r->district_name, out.district_name, sizeof out.district_name) ||
        !copy_string(db, r->province_name, out.province_name, sizeof out.province_name))
        return VPC_E_DB_CORRUPT;
    *unit = out;
    return VPC_OK;
}

/* Binary search for a key of `width` characters over n records of `stride`
 * bytes from `first`, sorted by the field at `offset`; the record's index,
 * or -1. */
static int search(const void *first, size_t stride, size_t offset, size_t width, size_t n,
                  const char *key)
{
    if (strnlen(key, width + 1) != width)
        return -1;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp((const char *)first + mid * stride + offset, key, width);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int vpc_db_find_code(const vpc_db *db, const char *gso_code)
{
    /* The index's unit codes are the wards' codes in the same order, five
     * bytes each: 16 KB to search instead of the records. */
    return search(db->ix.ward_codes, 5, 0, 5, db->nwards, gso_code);
}

uint32_t vpc_db_postal_key(const char *postal_code)
{
    uint32_t key = 0;
    for (int i = 0; i < 5; i++) {
        if (postal_code[i] < '0' || postal_code[i] > '9')
            return UINT32_MAX;
        key = key * 10 + (uint32_t)(postal_code[i] - '0');
    }
    return postal_code[5] == '\0' ? key : UINT32_MAX;
}

/* The index of the entry with this postal code in a postal table of n
 * entries, checked against limit; -1 if none. */
static int find_postal_key(const vpc_file_postal *table, size_t n, size_t limit,
                           const char *postal_code)
{
    uint32_t key = vpc_db_postal_key(postal_code);
    if (key == UINT32_MAX)
        return -1;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (table[mid].key == key)
            return table[mid].index < limit ? (int)table[mid].index : -1;
        if (table[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int vpc_db_find_postal(const vpc_db *db, const char *postal_code)
{
    return find_postal_key(db->by_postal, db->nwards, db->nwards, postal_code);
}

int vpc_db_find_province(const vpc_db *db, const char *gso_code)
{
    return search(db->provinces, sizeof *db->provinces, offsetof(vpc_file_province, code), 2,
                  db->nprovinces, gso_code);
}

int vpc_db_find_legacy_postal(const vpc_db *db, const char *postal_code)
{
    if (!db->has_legacy)
        return -1;
    return find_postal_key(db->legacy_by_postal, db->nlegacy_postal, db->ncommunes, postal_code);
}

int vpc_db_commune_ward(const vpc_db *db, const vpc_file_commune *c, uint32_t k)
{
    uint64_t i = (uint64_t)c->map_start + k;
    if (k >= c->map_count || i >= db->nlegacy_wards || db->legacy_wards[i] >= db->nwards)
        return -1;
    return (int)db->legacy_wards[i];
}

int vpc_db_ward_communes(const vpc_db *db, int w, uint32_t *first, uint32_t *end)
{
    if (w < 0 || (size_t)w >= db->nwards)
        return 0;
    *first = db->ward_communes_start[w];
    *end = db->ward_communes_start[w + 1];
    if (*first > *end || *end > db->nward_communes)
        return 0;
    for (uint32_t k = *first; k < *end; k++)
        if (db->ward_communes[k] >= db->ncommunes)
            return 0;
    return 1;
}
