/*
 * packlex.c - the address lexicon for vpc-pack: the tables address_units
 * and address_names read, their references resolved, each name's key and
 * marks made with the resolver's own normalisation (normalize.h), the
 * names sorted by key and hashed (docs/FORMAT.md, "Address lexicon").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "normalize.h"
#include "packread.h"

static const struct {
    const char *text;
    uint8_t type;
} unit_types[] = {
    {"phường", VPC_LEXTYPE_PHUONG},     {"xã", VPC_LEXTYPE_XA},
    {"thị trấn", VPC_LEXTYPE_THI_TRAN}, {"đặc khu", VPC_LEXTYPE_DAC_KHU},
    {"quận", VPC_LEXTYPE_QUAN},         {"huyện", VPC_LEXTYPE_HUYEN},
    {"thị xã", VPC_LEXTYPE_THI_XA},     {"thành phố", VPC_LEXTYPE_THANH_PHO},
    {"thành phố trung ương", VPC_LEXTYPE_THANH_PHO}, {"tỉnh", VPC_LEXTYPE_TINH},
};

static const char *const kinds[] = {NULL, "official", "former", "alias", "short", "english"};

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

static int cmp_unit(const pack_lexunit *u, int level, const char *code)
{
    if (u->level != level)
        return u->level < level ? -1 : 1;
    return strcmp(u->code, code);
}

/* Index of unit (level, code), or -1. */
static long find_unit(const pack_src *src, int level, const char *code)
{
    size_t lo = 0, hi = src->nlexunits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_unit(&src->lexunits[mid], level, code);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static long find_province(const pack_src *src, const char *code)
{
    for (size_t p = 0; p < src->nprovinces; p++)
        if (strcmp(src->wards[src->provinces[p]].province.code, code) == 0)
            return (long)p;
    return -1;
}

static long find_ward(const pack_src *src, const char *code)
{
    size_t lo = 0, hi = src->nwards;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(src->wards[mid].code, code);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static long find_commune(const pack_src *src, const char *code)
{
    size_t lo = 0, hi = src->ncommunes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(src->communes[mid].unit.commune_code, code);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int cmp_name(const void *a, const void *b)
{
    const pack_lexname *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c != 0)
        return c;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

static int has_table(sqlite3 *sql, const char *name)
{
    sqlite3_stmt *st;
    int found = 0;
    if (sqlite3_prepare_v2(sql, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

#define FAIL(...)                                                                             \
    do {                                                                                      \
        snprintf(err, size, __VA_ARGS__);                                                     \
        sqlite3_finalize(st);                                                                 \
        return VPC_E_DB_CORRUPT;                                                              \
    } while (0)

static vpc_status read_units(sqlite3 *sql, pack_src *src, char *err, size_t size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sql,
                           "SELECT level, code, name, unit_type, parent_code, ref_code "
                           "FROM address_units ORDER BY level, code",
                           -1, &st, NULL) != SQLITE_OK)
        FAIL("reading table address_units: %s", sqlite3_errmsg(sql));
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (src->nlexunits == cap) {
            cap = cap ? 2 * cap : 4096;
            pack_lexunit *u = realloc(src->lexunits, cap * sizeof *u);
            if (u == NULL)
                FAIL("out of memory");
            src->lexunits = u;
        }
        pack_lexunit *u = &src->lexunits[src->nlexunits];
        memset(u, 0, sizeof *u);
        int level = sqlite3_column_int(st, 0);
        /* Without the pre-2025 tables (a database built without them, or
         * with them removed) the pre-2025 units have nothing to refer to:
         * the lexicon is of the current units only. */
        if (level >= VPC_LEX_OLD_PROVINCE && level <= VPC_LEX_OLD_COMMUNE && !src->has_legacy) {
            src->lex_legacy_skipped++;
            continue;
        }
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *name = (const char *)sqlite3_column_text(st, 2);
        const char *type = (const char *)sqlite3_column_text(st, 3);
        static const size_t widths[] = {0, 2, 5, 2, 3, 5};
        if (level < VPC_LEX_PROVINCE || level > VPC_LEX_OLD_COMMUNE || code == NULL ||
            strlen(code) != widths[level] || strspn(code, "0123456789") != widths[level] ||
            name == NULL || name[0] == '\0' || strlen(name) >= VPC_NAME_BUFSIZE || type == NULL)
            FAIL("address_units: a bad row (level %d, code %s)", level, code ? code : "NULL");
        memcpy(u->code, code, widths[level] + 1);
        u->level = (uint8_t)level;
        /* The parents are found by binary search in the order SQLite gave. */
        if (src->nlexunits > 0 && cmp_unit(u - 1, level, code) >= 0)
            FAIL("address_units: not in the order of level and code at %s (level %d)", code,
                 level);
        for (size_t k = 0; k < sizeof unit_types / sizeof unit_types[0]; k++)
            if (strcmp(type, unit_types[k].text) == 0)
                u->unit_type = unit_types[k].type;
        if (u->unit_type == 0)
            FAIL("address_units: unknown unit type '%s' of %s", type, code);
        u->name = dup(name);
        if (u->name == NULL)
            FAIL("out of memory");
        /* The parent is of the level above, so read before (the order is by
         * level); the reference is in the tables read before the lexicon. */
        const char *parent = (const char *)sqlite3_column_text(st, 4);
        const char *ref = (const char *)sqlite3_column_text(st, 5);
        u->parent = UINT32_MAX;
        u->ref = UINT32_MAX;
        if (parent) {
            long k = -1;
            int plevel = level == VPC_LEX_WARD ? VPC_LEX_PROVINCE
                         : level == VPC_LEX_OLD_DISTRICT ? VPC_LEX_OLD_PROVINCE
                         : level == VPC_LEX_OLD_COMMUNE ? VPC_LEX_OLD_DISTRICT : 0;
            if (plevel != 0)
                k = find_unit(src, plevel, parent);
            if (k < 0)
                FAIL("address_units: %s has parent %s, which is not a unit of level %d", code,
                     parent, plevel);
            u->parent = (uint32_t)k;
        } else if (level == VPC_LEX_WARD || level >= VPC_LEX_OLD_DISTRICT) {
            FAIL("address_units: %s (level %d) has no parent", code, level);
        }
        long r = 0;
        switch (level) {
        case VPC_LEX_PROVINCE: r = find_province(src, code); break;
        case VPC_LEX_WARD: r = find_ward(src, code); break;
        case VPC_LEX_OLD_PROVINCE: r = ref ? find_province(src, ref) : -1; break;
        case VPC_LEX_OLD_COMMUNE: r = find_commune(src, code); break;
        default: r = UINT32_MAX; break;
        }
        if (r < 0)
            FAIL("address_units: %s (level %d) is not in the database's %s", code, level,
                 level == VPC_LEX_OLD_COMMUNE ? "pre-2025 communes" : "provinces or wards");
        u->ref = (uint32_t)r;
        /* The parent must agree with the tables the reference leads to. */
        if ((level == VPC_LEX_WARD &&
             strcmp(src->wards[r].province.code, src->lexunits[u->parent].code) != 0) ||
            (level == VPC_LEX_OLD_COMMUNE &&
             strcmp(src->communes[r].unit.district_code, src->lexunits[u->parent].code) != 0))
            FAIL("address_units: the parent of %s (level %d) is %s, not the one of its record",
                 code, level, src->lexunits[u->parent].code);
        src->nlexunits++;
    }
    if (rc != SQLITE_DONE)
        FAIL("reading table address_units: %s", sqlite3_errmsg(sql));
    sqlite3_finalize(st);
    return VPC_OK;
}

static vpc_status read_names(sqlite3 *sql, pack_src *src, char *err, size_t size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sql, "SELECT level, code, name, kind FROM address_names", -1, &st,
                           NULL) != SQLITE_OK)
        FAIL("reading table address_names: %s", sqlite3_errmsg(sql));
    size_t cap = 0;
    int rc;
    char key[512], marks[512];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int level = sqlite3_column_int(st, 0);
        const char *code = (const char *)sqlite3_column_text(st, 1);
        const char *name = (const char *)sqlite3_column_text(st, 2);
        const char *kind = (const char *)sqlite3_column_text(st, 3);
        if (code == NULL || name == NULL || kind == NULL)
            FAIL("address_names: a row with NULL");
        if (level >= VPC_LEX_OLD_PROVINCE && level <= VPC_LEX_OLD_COMMUNE && !src->has_legacy) {
            src->lex_legacy_skipped++;
            continue;
        }
        long unit = find_unit(src, level, code);
        if (unit < 0)
            FAIL("address_names: '%s' names unit %s of level %d, which is not in address_units",
                 name, code, level);
        int k = 0;
        for (int i = 1; i <= VPC_LEXKIND_ENGLISH; i++)
            if (strcmp(kind, kinds[i]) == 0)
                k = i;
        if (k == 0)
            FAIL("address_names: unknown kind '%s'", kind);
        size_t len;
        int type, number, marked;
        vpc_status ns = vpc_norm_name(name, key, marks, sizeof key, &len, &type, &number, &marked);
        if (ns == VPC_E_ADDRESS_EMPTY) {
            src->lex_skipped++;
            continue;
        }
        if (ns != VPC_OK)
            FAIL("address_names: '%s' of %s: %s", name, code, vpc_strerror(ns));
        if (src->nlexnames == cap) {
            cap = cap ? 2 * cap : 16384;
            pack_lexname *n = realloc(src->lexnames, cap * sizeof *n);
            if (n == NULL)
                FAIL("out of memory");
            src->lexnames = n;
        }
        pack_lexname *n = &src->lexnames[src->nlexnames];
        memset(n, 0, sizeof *n);
        n->key = dup(key);
        n->marks = marked ? dup(marks) : NULL;
        n->name = dup(name);
        if (n->key == NULL || n->name == NULL || (marked && n->marks == NULL))
            FAIL("out of memory");
        src->nlexnames++;
        n->unit = (uint32_t)unit;
        n->hash = vpc_lex_hash(key, len);
        n->kind = (uint8_t)k;
        n->unit_type = (uint8_t)type;
        n->flags = number ? VPC_LEXNAME_NUMBER : 0;
    }
    if (rc != SQLITE_DONE)
        FAIL("reading table address_names: %s", sqlite3_errmsg(sql));
    sqlite3_finalize(st);
    return VPC_OK;
}

static void free_name(pack_lexname *n)
{
    free(n->key);
    free(n->marks);
    free(n->name);
}

vpc_status pack_lexicon(sqlite3 *sql, pack_src *src, char *err, size_t size)
{
    int tables = has_table(sql, "address_units") + has_table(sql, "address_names");
    if (tables == 0)
        return VPC_OK; /* built without them */
    if (tables == 1) {
        snprintf(err, size, "the database has one of the tables address_units and "
                            "address_names, not both");
        return VPC_E_DB_SCHEMA;
    }
    vpc_status status = read_units(sql, src, err, size);
    if (status == VPC_OK)
        status = read_names(sql, src, err, size);
    if (status != VPC_OK)
        return status;

    /* By key, unit, kind; each (key, unit) once, with its lowest kind. */
    qsort(src->lexnames, src->nlexnames, sizeof *src->lexnames, cmp_name);
    size_t m = 0, keys = 0;
    for (size_t i = 0; i < src->nlexnames; i++) {
        pack_lexname *n = &src->lexnames[i];
        if (m > 0 && strcmp(src->lexnames[m - 1].key, n->key) == 0 &&
            src->lexnames[m - 1].unit == n->unit) {
            free_name(n);
            continue;
        }
        if (m == 0 || strcmp(src->lexnames[m - 1].key, n->key) != 0)
            keys++;
        src->lexnames[m++] = *n;
    }
    src->nlexnames = m;

    size_t slots = 1;
    while (slots < 2 * keys)
        slots *= 2;
    src->lexhash = calloc(slots, sizeof *src->lexhash);
    if (src->lexhash == NULL) {
        snprintf(err, size, "out of memory");
        return VPC_E_NO_MEMORY;
    }
    src->nlexhash = slots;
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && strcmp(src->lexnames[i - 1].key, src->lexnames[i].key) == 0)
            continue;
        size_t k = src->lexnames[i].hash & (slots - 1);
        while (src->lexhash[k] != 0)
            k = (k + 1) & (slots - 1);
        src->lexhash[k] = (uint32_t)i + 1;
    }
    src->has_lexicon = 1;
    for (size_t i = 0; i < src->nlexunits; i++)
        if (src->lexunits[i].level >= VPC_LEX_OLD_PROVINCE)
            src->has_lexicon = 2;
    return VPC_OK;
}

void pack_lexicon_free(pack_src *src)
{
    for (size_t i = 0; i < src->nlexunits; i++)
        free(src->lexunits[i].name);
    for (size_t i = 0; i < src->nlexnames; i++)
        free_name(&src->lexnames[i]);
    free(src->lexunits);
    free(src->lexnames);
    free(src->lexhash);
}
