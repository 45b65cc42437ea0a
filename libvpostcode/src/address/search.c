/*
 * search.c - current wards and provinces found by name (search.h).
 *
 * The query is folded like an address (normalize.h) and its type words
 * dropped. Each name of a current unit is scored against it: the whole
 * key (1), a prefix of the key (0.9, less 0.005 per letter still missing),
 * every query word inside the key (0.7), or the key's start within one or
 * two typos of the query (0.5, 0.4), the typos only when nothing scores 0.6
 * or more. Diacritics in the query that disagree with the name's cost a
 * fifth. Each unit keeps its best name; hits are sorted by score, then by
 * unit.
 */
#include "search.h"

#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "resolve.h"

typedef struct hit {
    uint32_t unit, name;
    double score;
} hit;

static int by_score(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

static double score_key(const vpc_norm *q, const char *qkey, size_t ql, const char *qmarks,
                        const char *key, const char *marks)
{
    size_t kl = strlen(key);
    double s = 0;
    if (kl == ql && memcmp(key, qkey, ql) == 0)
        s = 1.0;
    else if (kl > ql && memcmp(key, qkey, ql) == 0)
        s = 0.9 - 0.005 * (double)(kl - ql);
    else {
        int all = q->ntok > 1 || ql >= 3;
        for (size_t i = 0; all && i < q->ntok; i++) {
            const vpc_token *t = &q->tok[i];
            char w[VPC_ADDRESS_MAX_BYTES + 1];
            memcpy(w, q->fold + t->fold, t->len);
            w[t->len] = '\0';
            all = strstr(key, w) != NULL;
        }
        if (all)
            s = 0.7;
        else if (ql >= 5) {
            size_t n = kl < ql ? kl : ql;
            int maxd = ql >= 8 ? 2 : 1;
            int d = vpc_edit_distance(qkey, ql, key, kl > ql ? ql : kl, maxd);
            if (d > maxd && kl > ql)
                d = vpc_edit_distance(qkey, ql, key, ql + 1 <= kl ? ql + 1 : kl, maxd);
            if (d <= maxd && n > 0)
                s = d == 0 ? 0.85 : d == 1 ? 0.5 : 0.4;
        }
    }
    if (s > 0 && marks != NULL && q->marked && s >= 0.85) {
        /* Diacritics typed must agree with the name's. */
        size_t n = ql < kl ? ql : kl;
        for (size_t i = 0; i < n; i++) {
            if (qmarks[i] != VPC_MARK_BASE && qmarks[i] != marks[i]) {
                s *= 0.8;
                break;
            }
        }
    }
    return s;
}

vpc_status vpc_search(const vpc_db *db, const char *query, int province, unsigned flags,
                      vpc_search_hit *hits, size_t max, size_t *count)
{
    static _Thread_local vpc_norm q;
    vpc_status st = vpc_norm_text(query, strlen(query), &q, NULL);
    if (st == VPC_E_ADDRESS_NOT_FOUND) { /* letters of other scripts only: no hit */
        *count = 0;
        return VPC_OK;
    }
    if (st != VPC_OK)
        return st;
    /* Type words ("phường", "tỉnh") are dropped; the rest is the key. */
    char qkey[VPC_ADDRESS_MAX_BYTES + 1], qmarks[VPC_ADDRESS_MAX_BYTES + 1];
    size_t ql = 0;
    vpc_norm words = q;
    words.ntok = 0;
    for (size_t i = 0; i < q.ntok;) {
        int type;
        size_t n;
        int l = vpc_norm_typeword(&q, i, &type, &n);
        if (l >= VPC_TW_WARD && l <= VPC_TW_PROVINCE && n > 0 && i + n < q.ntok) {
            i += n;
            continue;
        }
        const vpc_token *t = &q.tok[i];
        memcpy(qkey + ql, q.fold + t->fold, t->len);
        memcpy(qmarks + ql, q.marks + t->fold, t->len);
        ql += t->len;
        words.tok[words.ntok++] = *t;
        i++;
    }
    if (ql == 0)
        return VPC_E_ADDRESS_EMPTY;
    qkey[ql] = qmarks[ql] = '\0';

    hit *found = calloc(db->nlexunits ? db->nlexunits : 1, sizeof *found);
    if (found == NULL)
        return VPC_E_NO_MEMORY;
    for (size_t k = 0; k < db->nlexnames; k++) {
        const vpc_file_lexname *n = &db->lexnames[k];
        const vpc_file_lexunit *u = vpc_db_lex_unit(db, n->unit);
        if (u == NULL) {
            free(found);
            return VPC_E_DB_CORRUPT;
        }
        if (u->level == VPC_LEX_WARD) {
            const vpc_file_lexunit *p = vpc_db_lex_unit(db, u->parent);
            if (p == NULL || u->ref >= db->nwards) {
                free(found);
                return VPC_E_DB_CORRUPT;
            }
            if (province >= 0 && p->ref != (uint32_t)province)
                continue;
        } else if (u->level == VPC_LEX_PROVINCE) {
            if (province >= 0 || u->ref >= db->nprovinces)
                continue;
        } else {
            continue;
        }
        const char *key = vpc_db_string(db, n->key);
        const char *marks = n->marks ? vpc_db_string(db, n->marks) : NULL;
        if (key == NULL || (n->marks && marks == NULL)) {
            free(found);
            return VPC_E_DB_CORRUPT;
        }
        double s = score_key(&words, qkey, ql, qmarks, key, marks);
        if (s <= 0)
            continue;
        if (n->kind != VPC_LEXKIND_OFFICIAL)
            s -= 0.02;
        hit *h = &found[n->unit];
        if (s > h->score) {
            h->unit = n->unit;
            h->name = (uint32_t)k;
            h->score = s;
        }
    }
    /* Typo matches only when nothing matches better. */
    double top = 0;
    for (size_t i = 0; i < db->nlexunits; i++)
        if (found[i].score > top)
            top = found[i].score;
    size_t nf = 0;
    for (size_t i = 0; i < db->nlexunits; i++)
        if (found[i].score > 0 && (top < 0.6 || found[i].score >= 0.6))
            found[nf++] = found[i];
    qsort(found, nf, sizeof *found, by_score);
    *count = nf;
    st = VPC_OK;
    for (size_t i = 0; i < nf && i < max && st == VPC_OK; i++) {
        const vpc_file_lexunit *u = vpc_db_lex_unit(db, found[i].unit);
        const vpc_file_lexname *n = &db->lexnames[found[i].name];
        vpc_search_hit h;
        memset(&h, 0, sizeof h);
        h.score = found[i].score > 1 ? 1 : found[i].score;
        if (u->level == VPC_LEX_WARD) {
            vpc_ward w;
            st = vpc_db_ward(db, (int)u->ref, &w);
            if (st != VPC_OK)
                break;
            h.kind = VPC_SEARCH_WARD;
            memcpy(h.code, w.code, sizeof h.code);
            memcpy(h.postal_code, w.postal_code, sizeof h.postal_code);
            strcpy(h.name, (flags & VPC_FLAG_ASCII) ? w.name_ascii : w.name);
            memcpy(h.province_code, w.province.code, sizeof h.province_code);
            strcpy(h.province_name,
                   (flags & VPC_FLAG_ASCII) ? w.province.name_ascii : w.province.name);
        } else {
            vpc_province p;
            st = vpc_db_province(db, u->ref, &p);
            if (st != VPC_OK)
                break;
            h.kind = VPC_SEARCH_PROVINCE;
            memcpy(h.code, p.code, sizeof p.code);
            strcpy(h.name, (flags & VPC_FLAG_ASCII) ? p.name_ascii : p.name);
            memcpy(h.province_code, p.code, sizeof p.code);
            strcpy(h.province_name, h.name);
        }
        if (n->kind != VPC_LEXKIND_OFFICIAL && n->kind != VPC_LEXKIND_ENGLISH) {
            const char *m = vpc_db_string(db, n->name);
            if (m == NULL || strlen(m) >= sizeof h.matched) {
                st = VPC_E_DB_CORRUPT;
                break;
            }
            if (flags & VPC_FLAG_ASCII)
                vpc_norm_ascii(m, strlen(m), h.matched, sizeof h.matched);
            else
                strcpy(h.matched, m);
        }
        hits[i] = h;
    }
    free(found);
    if (st != VPC_OK)
        *count = 0;
    return st;
}
