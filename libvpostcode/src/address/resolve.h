/*
 * resolve.h - address text to wards through the database's lexicon: the
 * names found in the text, the readings they allow in the current and the
 * pre-2025 form, and the best of them (docs/ADDRESS.md).
 */
#ifndef VPC_RESOLVE_H
#define VPC_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "../geodata/db.h"

typedef struct vpc_resolved {
    int scheme;                 /* VPC_SCHEME_*, 0 if nothing was read */
    int ward;                   /* ward ordinal, -1 if not decided */
    int province;               /* province index, -1 if none */
    int commune;                /* pre-2025 commune index, -1 if none */
    uint32_t old_district;      /* lexicon unit of the pre-2025 district named, or UINT32_MAX */
    uint32_t old_province;      /* lexicon unit of the pre-2025 province, or UINT32_MAX */
    int split;                  /* 1: the commune went into several wards */
    int default_ward;           /* for a split commune, its default ward; else -1 */
    double score;               /* in [0, 1] */
    vpc_span ward_span, district_span, province_span, street_span;
    size_t candidate_count;     /* may exceed VPC_ADDRESS_MAX_CANDIDATES */
    int candidates[VPC_ADDRESS_MAX_CANDIDATES]; /* ward ordinals, best first */
} vpc_resolved;

/* Read text[0, len). Returns VPC_OK (one ward), VPC_E_ADDRESS_SPLIT,
 * VPC_E_ADDRESS_AMBIGUOUS, VPC_E_ADDRESS_INCOMPLETE, VPC_E_ADDRESS_NOT_FOUND,
 * the errors of vpc_norm_text, VPC_E_NO_LEXICON, VPC_E_DB_CORRUPT. *out is
 * filled for the VPC_E_ADDRESS_* statuses too. flags: VPC_FLAG_SCHEME_CURRENT
 * or VPC_FLAG_SCHEME_LEGACY restrict the readings. */
vpc_status vpc_resolve(const vpc_db *db, const char *text, size_t len, unsigned flags,
                       vpc_resolved *out, size_t *error_position);

/* Bounded Damerau-Levenshtein distance of a[0, na) and b[0, nb): the
 * distance if at most max, else max + 1. */
int vpc_edit_distance(const char *a, size_t na, const char *b, size_t nb, int max);

#endif
