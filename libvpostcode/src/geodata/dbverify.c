/*
 * dbverify.c - vpc_db_verify: the whole runtime file checked, every
 * section's checksum and every reference between sections. O(file size);
 * never run by vpc_open unless asked (VPC_OPEN_VERIFY).
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */
#include <math.h>
#include <string.h>

#include "db.h"

static int string_ok(const vpc_db *db, uint32_t off)
{
    const char *s = vpc_db_string(db, off);
    return s != NULL && strnlen(s, VPC_NAME_BUFSIZE) < VPC_NAME_BUFSIZE;
}

/* The key of a stored postal code (UINT32_MAX if it is not 5 digits). */
static uint32_t postal_key(const char *field)
{
    char s[6];
    memcpy(s, field, 5);
    s[5] = '\0';
    return vpc_db_postal_key(s);
}

static int checksums_ok(const vpc_db *db)
{
    for (uint32_t i = 0; i < db->nsections; i++) {
        const vpc_file_section *s = &db->table[i];
        if (vpc_crc32(0, db->base + s->offset, (size_t)s->size) != s->crc)
            return 0;
    }
    return 1;
}

static int wards_ok(const vpc_db *db)
{
    for (size_t i = 0; i < db->nmeta; i++)
        if (vpc_db_string(db, db->meta[i].key) == NULL ||
            vpc_db_string(db, db->meta[i].value) == NULL)
            return 0;
    for (size_t p = 0; p < db->nprovinces; p++) {
        vpc_province out;
        if (vpc_db_province(db, p, &out) != VPC_OK ||
            (p > 0 && memcmp(db->provinces[p - 1].code, db->provinces[p].code, 2) >= 0))
            return 0;
    }
    for (size_t w = 0; w < db->nwards; w++) {
        const vpc_file_ward *r = &db->wards[w];
        if (!string_ok(db, r->name) || !string_ok(db, r->name_ascii) || !vpc_db_ward_usable(r) ||
            !isfinite(r->south) || !isfinite(r->west) || !isfinite(r->north) ||
            !isfinite(r->east) || memchr(r->code, '\0', 5) != NULL ||
            r->province >= db->nprovinces || r->unit_type < 1 || r->unit_type > 3 ||
            r->long_form > 1 || memcmp(r->code, db->ix.ward_codes + 5 * w, 5) != 0 ||
            (w > 0 && memcmp(db->wards[w - 1].code, r->code, 5) >= 0))
            return 0;
        const vpc_file_postal *e = &db->by_postal[w];
        if (e->index >= db->nwards || e->key != postal_key(db->wards[e->index].postal_code) ||
            (w > 0 && db->by_postal[w - 1].key >= e->key))
            return 0;
    }
    return 1;
}

static int legacy_ok(const vpc_db *db)
{
    for (size_t c = 0; c < db->ncommunes; c++) {
        const vpc_file_commune *r = &db->communes[c];
        if (!string_ok(db, r->name) || !string_ok(db, r->district_name) ||
            !string_ok(db, r->province_name) || (r->mapped && !isfinite(r->ref_lat)) ||
            (r->mapped && !isfinite(r->ref_lon)) ||
            (uint64_t)r->map_start + r->map_count > db->nlegacy_wards ||
            (c > 0 && memcmp(db->communes[c - 1].code, r->code, 5) >= 0))
            return 0;
    }
    for (size_t k = 0; k < db->nlegacy_wards; k++)
        if (db->legacy_wards[k] >= db->nwards)
            return 0;
    for (size_t k = 0; k < db->nlegacy_postal; k++) {
        const vpc_file_postal *e = &db->legacy_by_postal[k];
        if (e->index >= db->ncommunes ||
            e->key != postal_key(db->communes[e->index].postal_code) ||
            (k > 0 && db->legacy_by_postal[k - 1].key >= e->key))
            return 0;
    }
    for (size_t w = 0; w < db->nwards; w++)
        if (db->ward_communes_start[w] > db->ward_communes_start[w + 1])
            return 0;
    if (db->ward_communes_start[db->nwards] != db->nward_communes)
        return 0;
    for (size_t k = 0; k < db->nward_communes; k++)
        if (db->ward_communes[k] >= db->ncommunes)
            return 0;
    return !db->has_districts || vpc_index_consistent(&db->districts);
}

VPC_API vpc_status vpc_db_verify(const vpc_db *db)
{
    if (db == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (!checksums_ok(db) || !vpc_index_consistent(&db->ix) || !wards_ok(db) ||
        (db->has_legacy && !legacy_ok(db)))
        return VPC_E_DB_CORRUPT;
    return VPC_OK;
}
