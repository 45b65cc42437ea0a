/*
 * lexicon.c - the address lexicon of the runtime file: names found by key
 * through the hash table, units by index, every reference checked as it
 * is followed.
 */
#include <string.h>

#include "db.h"

int vpc_db_lex_find(const vpc_db *db, const char *key, size_t len, uint32_t hash,
                    size_t *first, size_t *count)
{
    if (!db->has_lexicon)
        return 0;
    size_t mask = db->nlexhash - 1;
    size_t k = hash & mask;
    /* The table has more slots than names, so some slot is empty; a damaged
     * table without one is cut short after a full turn. */
    for (size_t probes = 0; probes < db->nlexhash; probes++, k = (k + 1) & mask) {
        uint32_t slot = db->lexhash[k];
        if (slot == 0)
            return 0;
        if (slot > db->nlexnames)
            return -1;
        const vpc_file_lexname *n = &db->lexnames[slot - 1];
        if (n->hash != hash)
            continue;
        const char *s = vpc_db_string(db, n->key);
        if (s == NULL)
            return -1;
        /* The string section ends with NUL: compare only what is inside it. */
        if (len >= db->strings_size - n->key || memcmp(s, key, len) != 0 || s[len] != '\0')
            continue;
        /* The group: the names that follow with the same key string. */
        size_t i = slot - 1, e = i + 1;
        while (e < db->nlexnames && db->lexnames[e].key == n->key)
            e++;
        *first = i;
        *count = e - i;
        return 1;
    }
    return -1;
}

const vpc_file_lexunit *vpc_db_lex_unit(const vpc_db *db, uint32_t i)
{
    return i < db->nlexunits ? &db->lexunits[i] : NULL;
}
