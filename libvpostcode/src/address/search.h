/*
 * search.h - current wards and provinces found by name, for forms and
 * autocomplete (vpc_ward_search).
 */
#ifndef VPC_SEARCH_H
#define VPC_SEARCH_H

#include "../geodata/db.h"

/* vpc_ward_search with its arguments checked; province is an index or -1. */
vpc_status vpc_search(const vpc_db *db, const char *query, int province, unsigned flags,
                      vpc_search_hit *hits, size_t max, size_t *count);

#endif
