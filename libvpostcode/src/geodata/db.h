/*
 * db.h - an open vpostcode database: the runtime file (docs/FORMAT.md),
 * mapped read-only, and the checked accessors the api layer reads it
 * through.
 *
 * vpc_open checks the header and the section table only (sizes, counts,
 * alignment, the table's checksum), in O(sections). Every reference
 * between sections (string offsets, ordinals, ranges) is checked when it
 * is followed: a damaged file gives VPC_E_DB_CORRUPT from the call that
 * meets the damage, never a read outside the file.
 */
#ifndef VPC_DB_H
#define VPC_DB_H

#include <stddef.h>
#include <stdint.h>

#include "vpostcode.h"
#include "../index/tileindex.h"
#include "format.h"

/* A section as used: its bytes and element count. */
typedef struct vpc_db_section {
    const unsigned char *data;
    uint64_t size;
    uint32_t count;
    uint32_t crc;
} vpc_db_section;

struct vpc_db {
    char *path;                 /* as given to vpc_open */
    void *mem;                  /* the mapping, or the buffer read */
    const unsigned char *base;  /* the whole file (mem) */
    size_t size;
    int mapped;                 /* 1: mmap; 0: read into memory */
    uint32_t flags;             /* VPC_FILE_HAS_* */
    uint32_t nsections;
    const vpc_file_section *table;

    const char *strings;        /* VPC_SEC_STRINGS: ends with NUL */
    uint32_t strings_size;
    const vpc_file_meta *meta;
    size_t nmeta;
    const vpc_file_province *provinces;
    size_t nprovinces;
    vpc_index ix;               /* the current wards' tile index */
    const vpc_file_ward *wards; /* GSO code order: the index's ward ordinals */
    size_t nwards;
    const vpc_file_postal *by_postal; /* ward ordinals in postal code order */

    /* Pre-2025 tables, when the file has them. */
    int has_legacy;
    const vpc_file_commune *communes; /* GSO code order */
    size_t ncommunes;
    const uint32_t *legacy_wards;     /* ward ordinals, grouped by commune */
    size_t nlegacy_wards;
    const vpc_file_postal *legacy_by_postal; /* communes with a postal code, by it */
    size_t nlegacy_postal;
    const uint32_t *ward_communes_start; /* nwards + 1 */
    const uint32_t *ward_communes;       /* communes each current ward was made from */
    size_t nward_communes;
    int has_districts;                /* the pre-2025 district polygons are indexed */
    vpc_index districts;              /* their tile index (codes NUL-padded to 5) */

    /* The address lexicon, when the file has it (lexicon.c). */
    int has_lexicon;                  /* 0 none, 1 current units, 2 also pre-2025 ones */
    const vpc_file_lexunit *lexunits;
    size_t nlexunits;
    const vpc_file_lexname *lexnames;
    size_t nlexnames;
    const uint32_t *lexhash;          /* a power of two slots */
    size_t nlexhash;
};

/* Map or read the runtime file at path and check its header and section
 * table (dbmap.c). */
vpc_status vpc_db_map(vpc_db *db, const char *path, unsigned flags);
void vpc_db_unmap(vpc_db *db);

/* The string at offset off, or NULL if off is outside the string section. */
const char *vpc_db_string(const vpc_db *db, uint32_t off);

/* The public records, filled from the file's (records.c). VPC_E_DB_CORRUPT
 * if a reference in the record leads outside the file. The ordinal must be
 * in range (the callers get it from the checked lookups below). */
vpc_status vpc_db_ward(const vpc_db *db, int w, vpc_ward *ward);
vpc_status vpc_db_province(const vpc_db *db, size_t p, vpc_province *province);
vpc_status vpc_db_commune(const vpc_db *db, int c, vpc_legacy_unit *unit);

/* Can the record's postal code and reference point make and read codes:
 * five digits, a finite point? (0 means a damaged file.) */
int vpc_db_ward_usable(const vpc_file_ward *w);

/* Ordinal of the ward with this GSO code or postal code, or -1 (also for
 * a key that is not 5 characters, and for a damaged order table). */
int vpc_db_find_code(const vpc_db *db, const char *gso_code);
int vpc_db_find_postal(const vpc_db *db, const char *postal_code);

/* Index of the province with this GSO code, or -1. */
int vpc_db_find_province(const vpc_db *db, const char *gso_code);

/* A postal code's key in the postal tables: the value of its five digits,
 * or UINT32_MAX if it is not five digits. */
uint32_t vpc_db_postal_key(const char *postal_code);

/* Index of the pre-2025 commune with this postal code, or -1. */
int vpc_db_find_legacy_postal(const vpc_db *db, const char *postal_code);

/* Ward ordinal k of commune c (k < its map_count), or -1 if the file is
 * damaged there. */
int vpc_db_commune_ward(const vpc_db *db, const vpc_file_commune *c, uint32_t k);

/* Communes [*first, *end) of ward w in ward_communes, checked; 0 if damaged. */
int vpc_db_ward_communes(const vpc_db *db, int w, uint32_t *first, uint32_t *end);

/* The lexicon's names whose key is key[0, len) (hash: vpc_lex_hash of
 * it): names [*first, *first + *count). 1 if found, 0 if not, -1 if the
 * file is damaged there (a slot or a key outside it). */
int vpc_db_lex_find(const vpc_db *db, const char *key, size_t len, uint32_t hash,
                    size_t *first, size_t *count);

/* Lexicon unit i, or NULL if i is out of range. */
const vpc_file_lexunit *vpc_db_lex_unit(const vpc_db *db, uint32_t i);

/* The status for an index result below VPC_INDEX_NONE. */
#define VPC_DB_INDEX_STATUS(r) ((r) == VPC_INDEX_CORRUPT ? VPC_E_DB_CORRUPT : VPC_OK)

/* Is path an SQLite database? Then *runtime gets the path of the runtime
 * file next to it (malloc'd), and build_id the SQLite database's build_id,
 * which the runtime file's must equal (dbpair.c); else *runtime is NULL. */
vpc_status vpc_db_pair(const char *path, char **runtime, char *build_id, size_t size);

/* The build_id in the runtime file's metadata, or NULL. */
const char *vpc_db_build_id(const vpc_db *db);

/* Decode a parsed code in either scheme (legacy.c); with want_current the
 * current code of the cell is filled in even for a current reading. */
vpc_status vpc_decode_parsed(const vpc_db *db, const vpc_code *code, unsigned flags,
                             int want_current, vpc_decoded *out);

#endif
