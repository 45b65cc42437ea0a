/*
 * wardfind.c - finding wards by GSO code and by postal code in memory.
 */
#include <stddef.h>
#include <string.h>

#include "db.h"

/* Binary search over n ordinals; order[i] (or i itself when order is NULL)
 * names the ward at position i, sorted by the field at `offset`. */
static int search(const vpc_db *db, const uint32_t *order, size_t offset, const char *key)
{
    size_t lo = 0, hi = db->nwards;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t w = order ? order[mid] : (uint32_t)mid;
        int c = strcmp((const char *)&db->wards[w] + offset, key);
        if (c == 0)
            return (int)w;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int vpc_db_find_code(const vpc_db *db, const char *gso_code)
{
    return search(db, NULL, offsetof(vpc_ward, code), gso_code);
}

int vpc_db_find_postal(const vpc_db *db, const char *postal_code)
{
    return search(db, db->by_postal, offsetof(vpc_ward, postal_code), postal_code);
}

int vpc_db_find_province(const vpc_db *db, const char *gso_code)
{
    size_t lo = 0, hi = db->nprovinces;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(db->wards[db->provinces[mid]].province.code, gso_code);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
