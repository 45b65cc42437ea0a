/*
 * packread.h - what vpc-pack reads from a vpostcode SQLite database: the
 * tables the runtime file is made of, checked as the library would check
 * them, in memory.
 */
#ifndef VPC_PACKREAD_H
#define VPC_PACKREAD_H

#include <sqlite3.h>
#include <stdio.h>

#include "vpostcode.h"
#include "tileindex.h"

/* A tile index read from its table; the arrays are malloc'd. */
typedef struct {
    vpc_index ix;
    int present;
} pack_index;

/* A commune of before 1 July 2025, as read. */
typedef struct {
    vpc_legacy_unit unit;
    double ref_lat, ref_lon;
    int mapped;
    uint32_t map_start, map_count;
} pack_commune;

typedef struct {
    char **meta; /* key, value, ...; sorted by key */
    size_t nmeta;
    pack_index ix;
    vpc_ward *wards; /* GSO code order */
    size_t nwards;
    uint32_t *by_postal;
    uint32_t *provinces; /* one ward per province, in province code order */
    size_t nprovinces;

    int has_legacy;
    pack_commune *communes;
    size_t ncommunes;
    uint32_t *legacy_wards;
    size_t nlegacy_wards;
    uint32_t *legacy_by_postal;
    size_t nlegacy_postal;
    uint32_t *ward_communes_start;
    uint32_t *ward_communes;
    size_t nward_communes;
    pack_index districts;

    /* The address lexicon (packlex.c), when the database has its tables. */
    int has_lexicon;             /* 0 none, 1 current units, 2 also pre-2025 ones */
    struct pack_lexunit *lexunits;
    size_t nlexunits;
    struct pack_lexname *lexnames; /* sorted by key, unit, kind */
    size_t nlexnames;
    uint32_t *lexhash;           /* the hash table, a power of two slots */
    size_t nlexhash;
    size_t lex_skipped;          /* names with an empty key */
    size_t lex_legacy_skipped;   /* pre-2025 units and their names, in a database without
                                    the pre-2025 tables */
} pack_src;

typedef struct pack_lexunit {
    char code[6];
    char *name;
    uint8_t level, unit_type;
    uint32_t parent, ref;
} pack_lexunit;

typedef struct pack_lexname {
    char *key, *marks, *name;    /* marks NULL: the name has no diacritic */
    uint32_t unit, hash;
    uint8_t kind, unit_type, flags;
} pack_lexname;

/* Read the lexicon tables address_units and address_names, if present,
 * into src (after the wards and the pre-2025 tables): keys made with
 * vpc_norm_name, references resolved and checked. */
vpc_status pack_lexicon(sqlite3 *sql, pack_src *src, char *err, size_t size);
void pack_lexicon_free(pack_src *src);

/* Read everything from the SQLite database at path. On failure, a message
 * in err (size bytes) and a status. */
vpc_status pack_read(const char *path, pack_src *src, char *err, size_t size);
void pack_free(pack_src *src);

/* Write the runtime file of src to path (packwrite.c), atomically, and a
 * table of its sections to report (if not NULL). Exits on failure. */
void pack_write(const pack_src *src, const char *path, FILE *report);

#endif
