/*
 * wardfind.c - finding wards by GSO code and by postal code, and provinces
 * by GSO code, in memory.
 */
#include <stddef.h>
#include <string.h>

#include "db.h"

/* Binary search over the n ordinals of `order` (or 0..n-1 when order is
 * NULL), sorted by the field at `offset` of the wards they name; the
 * position in `order` of the match, or -1. */
static int search(const vpc_db *db, const uint32_t *order, size_t n, size_t offset,
                  const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t w = order ? order[mid] : (uint32_t)mid;
        int c = strcmp((const char *)&db->wards[w] + offset, key);
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
    return search(db, NULL, db->nwards, offsetof(vpc_ward, code), gso_code);
}

int vpc_db_find_postal(const vpc_db *db, const char *postal_code)
{
    int i = search(db, db->by_postal, db->nwards, offsetof(vpc_ward, postal_code), postal_code);
    return i < 0 ? -1 : (int)db->by_postal[i];
}

int vpc_db_find_province(const vpc_db *db, const char *gso_code)
{
    return search(db, db->provinces, db->nprovinces,
                  offsetof(vpc_ward, province) + offsetof(vpc_province, code), gso_code);
}
