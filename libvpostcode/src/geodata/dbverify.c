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

/* ---- the address lexicon ---------------------------------------------------- */

/* Digits of a unit's code at each level (docs/FORMAT.md). */
static const size_t lex_code_width[] = {0, 2, 5, 2, 3, 5};

static int lex_units_ok(const vpc_db *db)
{
    for (size_t i = 0; i < db->nlexunits; i++) {
        const vpc_file_lexunit *u = &db->lexunits[i];
        if (u->level < VPC_LEX_PROVINCE || u->level > VPC_LEX_OLD_COMMUNE ||
            (u->level >= VPC_LEX_OLD_PROVINCE && db->has_lexicon != 2) ||
            u->unit_type < VPC_LEXTYPE_PHUONG || u->unit_type > VPC_LEXTYPE_TINH ||
            !string_ok(db, u->name) || db->strings[u->name] == '\0')
            return 0;
        /* Its digits, then NUL bytes to the end of the field. */
        for (size_t k = 0, w = lex_code_width[u->level]; k < sizeof u->code; k++)
            if (k < w ? u->code[k] < '0' || u->code[k] > '9' : u->code[k] != '\0')
                return 0;
        if (i > 0) {
            const vpc_file_lexunit *p = &db->lexunits[i - 1];
            if (p->level > u->level ||
                (p->level == u->level && memcmp(p->code, u->code, sizeof u->code) >= 0))
                return 0;
        }
        /* The parent: a unit of the level above, earlier in the order. */
        int parent_level = u->level == VPC_LEX_WARD ? VPC_LEX_PROVINCE
                           : u->level == VPC_LEX_OLD_DISTRICT ? VPC_LEX_OLD_PROVINCE
                           : u->level == VPC_LEX_OLD_COMMUNE ? VPC_LEX_OLD_DISTRICT : 0;
        if (parent_level == 0 ? u->parent != UINT32_MAX
                              : u->parent >= i || db->lexunits[u->parent].level != parent_level)
            return 0;
        /* The reference: the record of the same unit in the other tables. */
        switch (u->level) {
        case VPC_LEX_PROVINCE:
            if (u->ref >= db->nprovinces || memcmp(db->provinces[u->ref].code, u->code, 2) != 0)
                return 0;
            break;
        case VPC_LEX_WARD:
            if (u->ref >= db->nwards || memcmp(db->wards[u->ref].code, u->code, 5) != 0 ||
                memcmp(db->provinces[db->wards[u->ref].province].code,
                       db->lexunits[u->parent].code, 2) != 0)
                return 0;
            break;
        case VPC_LEX_OLD_PROVINCE:
            if (u->ref >= db->nprovinces)
                return 0;
            break;
        case VPC_LEX_OLD_DISTRICT:
            if (u->ref != UINT32_MAX)
                return 0;
            break;
        default:
            if (u->ref >= db->ncommunes || memcmp(db->communes[u->ref].code, u->code, 5) != 0 ||
                memcmp(db->communes[u->ref].district_code, db->lexunits[u->parent].code, 3) != 0)
                return 0;
            break;
        }
    }
    return 1;
}

/* Name i's key: its string and length, or NULL if it is not a string of
 * [a-z0-9] of at least one byte. */
static const char *lex_key(const vpc_db *db, size_t i, size_t *len)
{
    const char *s = vpc_db_string(db, db->lexnames[i].key);
    if (s == NULL)
        return NULL;
    *len = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
    return *len > 0 && s[*len] == '\0' ? s : NULL;
}

static int lex_names_ok(const vpc_db *db)
{
    const char *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < db->nlexnames; i++) {
        const vpc_file_lexname *n = &db->lexnames[i];
        size_t len;
        const char *key = lex_key(db, i, &len);
        if (key == NULL || n->hash != vpc_lex_hash(key, len) || n->unit >= db->nlexunits ||
            vpc_db_string(db, n->name) == NULL || db->strings[n->name] == '\0' ||
            n->kind < VPC_LEXKIND_OFFICIAL || n->kind > VPC_LEXKIND_ENGLISH ||
            n->unit_type > VPC_LEXTYPE_TINH || (n->flags & ~VPC_LEXNAME_NUMBER) != 0 ||
            ((n->flags & VPC_LEXNAME_NUMBER) && strspn(key, "0123456789") != len))
            return 0;
        if (n->marks != 0) {
            const char *m = vpc_db_string(db, n->marks);
            if (m == NULL || strnlen(m, len + 1) != len)
                return 0;
        }
        /* By key, then unit; a key's names share its string. */
        if (prev != NULL) {
            int c = memcmp(prev, key, (prev_len < len ? prev_len : len) + 1);
            const vpc_file_lexname *p = &db->lexnames[i - 1];
            if (c > 0 || (c == 0 && (p->key != n->key || p->unit >= n->unit)))
                return 0;
        }
        prev = key;
        prev_len = len;
    }
    return 1;
}

/* Every slot empty or at the first name of a key; at least twice as many
 * slots as keys and as many keys in slots as there are keys; each key's
 * names found by vpc_db_lex_find. The slots' total displacement from the
 * keys' home slots (hash & mask) is at most 4 per slot, which bounds the
 * lookups' cost. */
static int lex_hash_ok(const vpc_db *db)
{
    size_t mask = db->nlexhash - 1, keys = 0, slotted = 0;
    uint64_t displacement = 0;
    for (size_t i = 0; i < db->nlexnames; i++)
        keys += i == 0 || db->lexnames[i - 1].key != db->lexnames[i].key;
    if (db->nlexhash < 2 * keys)
        return 0;
    for (size_t k = 0; k < db->nlexhash; k++) {
        uint32_t v = db->lexhash[k];
        if (v == 0)
            continue;
        size_t first = (size_t)v - 1;
        if (v > db->nlexnames ||
            (first > 0 && db->lexnames[first - 1].key == db->lexnames[first].key))
            return 0;
        displacement += (k - (db->lexnames[first].hash & mask)) & mask;
        slotted++;
    }
    if (slotted != keys || displacement > 4 * (uint64_t)db->nlexhash)
        return 0;
    /* Each key found, at its first name: with as many slots as keys, each
     * key is in exactly one. */
    for (size_t i = 0; i < db->nlexnames; i++) {
        if (i > 0 && db->lexnames[i - 1].key == db->lexnames[i].key)
            continue;
        size_t first, count, len;
        const char *key = lex_key(db, i, &len);
        if (key == NULL ||
            vpc_db_lex_find(db, key, len, db->lexnames[i].hash, &first, &count) != 1 ||
            first != i)
            return 0;
    }
    return 1;
}

VPC_API vpc_status vpc_db_verify(const vpc_db *db)
{
    if (db == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (!checksums_ok(db) || !vpc_index_consistent(&db->ix) || !wards_ok(db) ||
        (db->has_legacy && !legacy_ok(db)) ||
        (db->has_lexicon && (!lex_units_ok(db) || !lex_names_ok(db) || !lex_hash_ok(db))))
        return VPC_E_DB_CORRUPT;
    return VPC_OK;
}
