/*
 * resolve.c - address text to wards (resolve.h, docs/ADDRESS.md).
 *
 * 1. The text becomes tokens (normalize.c).
 * 2. Every run of up to MAX_SPAN tokens inside one part of the text (parts
 *    are cut by hard separators) is looked up in the lexicon's hash table,
 *    key by key: each name found is a match, scored by its length, the
 *    type word before it (or, in English, after it), its diacritics, the
 *    kind of name and the street words around it.
 * 3. Readings are put together: a current ward and a province, or a
 *    pre-2025 commune, its district and its province, with no two parts
 *    overlapping. Each reading's score adds its matches' scores, rewards the
 *    usual order (ward, district, province from left to right) and charges
 *    for parts that are missing or that the reading leaves unexplained.
 * 4. The best reading wins; readings within MARGIN of it that lead to
 *    other wards make the answer ambiguous. A pre-2025 commune divided
 *    between several wards gives all of them.
 * 5. If no ward was found, names of the province found (or of every
 *    province) are compared with the unexplained runs of tokens allowing
 *    small typos.
 */
#include "resolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

#define MAX_SPAN 6        /* tokens in one name */
#define MAX_KEY 64        /* bytes of a key */
#define MAX_MATCHES 1024
#define MARGIN 0.75       /* readings this close to the best compete with it */
#define STREET_TOKENS 4   /* tokens a street word taints */
#define NONE UINT32_MAX

typedef struct match {
    uint32_t unit;        /* lexicon unit */
    uint32_t name;        /* lexicon name */
    uint32_t parent;      /* its unit's parent unit */
    int province;         /* the current province it lies in, -1 if unknown */
    uint16_t first, end;  /* tokens of the name */
    uint16_t from;        /* first token, its type word included */
    uint16_t to;          /* end, an English type word after it included */
    uint8_t level;        /* VPC_LEX_* */
    uint8_t typo;         /* edits, for a match made allowing typos */
    uint8_t fits;         /* 1: with a type word of its level */
    float score;
} match;

typedef struct reading {
    float score;
    int scheme;
    int w, p, d, c;       /* matches: ward or commune (w or c), district, province; -1 none */
} reading;

typedef struct ctx {
    const vpc_db *db;
    vpc_norm norm;
    uint8_t tw_level[VPC_NORM_MAX_TOKENS];     /* type word starting at a token */
    uint8_t tw_len[VPC_NORM_MAX_TOKENS];
    uint8_t tw_type[VPC_NORM_MAX_TOKENS];
    int16_t tw_before[VPC_NORM_MAX_TOKENS];   /* the type word ending just before, -1 none */
    uint8_t street[VPC_NORM_MAX_TOKENS];      /* 1: in a street part (after ấp, thôn, ...) */
    uint8_t country[VPC_NORM_MAX_TOKENS];     /* 1: a trailing country name */
    size_t nmatch;
    match m[MAX_MATCHES];
    int corrupt;
    unsigned flags;
} ctx;

int vpc_edit_distance(const char *a, size_t na, const char *b, size_t nb, int max)
{
    if (na > MAX_KEY || nb > MAX_KEY)
        return max + 1;
    if ((na > nb ? na - nb : nb - na) > (size_t)max)
        return max + 1;
    int d[MAX_KEY + 1][MAX_KEY + 1];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        int best = max + 1;
        for (size_t j = 1; j <= nb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
    }
    return d[na][nb] > max ? max + 1 : d[na][nb];
}

/* The current province a unit lies in, -1 if unknown (or a damaged file). */
static int unit_province(ctx *c, const vpc_file_lexunit *u)
{
    for (int hops = 0; u != NULL && hops < 4; hops++) {
        if (u->level == VPC_LEX_PROVINCE || u->level == VPC_LEX_OLD_PROVINCE)
            return u->ref < c->db->nprovinces ? (int)u->ref : -1;
        if (u->parent == NONE)
            return -1;
        u = vpc_db_lex_unit(c->db, u->parent);
        if (u == NULL)
            c->corrupt = 1;
    }
    return -1;
}

/* Levels of type words a unit may follow. */
static int typeword_fits(int level, int tw)
{
    switch (level) {
    case VPC_LEX_WARD:
    case VPC_LEX_OLD_COMMUNE:
        return tw == VPC_TW_WARD || tw == VPC_TW_TOWN;
    case VPC_LEX_OLD_DISTRICT:
        return tw == VPC_TW_DISTRICT || tw == VPC_TW_CITY || tw == VPC_TW_TOWN;
    default:
        return tw == VPC_TW_PROVINCE || tw == VPC_TW_CITY;
    }
}

/* Marks, when the text carries diacritics: +2 when the span's agree with
 * the name's, else -3 for each token whose diacritics differ and -1 for
 * each token written without any where the name has some (a word typed
 * bare in a text with diacritics elsewhere). 0 for a text without
 * diacritics or a name without them. */
static float marks_score(const ctx *c, size_t first, size_t end, const char *name_marks)
{
    if (name_marks == NULL || !c->norm.marked)
        return 0;
    float s = 0;
    size_t off = 0;
    for (size_t i = first; i < end; i++) {
        const vpc_token *t = &c->norm.tok[i];
        if (memcmp(c->norm.marks + t->fold, name_marks + off, t->len) != 0)
            s -= t->marked ? 3 : 1;
        off += t->len;
    }
    return s == 0 ? 2 : s;
}

/* glued: the level of a type word written in the first token's front
 * ("phuongbennghe"), 0 if none. */
static void add_match(ctx *c, uint32_t name_index, size_t first, size_t end, int typo, int glued,
                      int glued_type)
{
    const vpc_db *db = c->db;
    if (c->nmatch == MAX_MATCHES)
        return;
    const vpc_file_lexname *n = &db->lexnames[name_index];
    const vpc_file_lexunit *u = vpc_db_lex_unit(db, n->unit);
    if (u == NULL) {
        c->corrupt = 1;
        return;
    }
    int level = u->level;
    if ((c->flags & VPC_FLAG_SCHEME_CURRENT) && level >= VPC_LEX_OLD_PROVINCE)
        return;
    if ((c->flags & VPC_FLAG_SCHEME_LEGACY) && level == VPC_LEX_WARD)
        return;

    /* The type word before the name, or an English one after it. */
    int twb = glued ? -1 : c->tw_before[first];
    int tw = glued ? glued : twb >= 0 ? c->tw_level[twb] : 0;
    int tw_type = glued ? glued_type : twb >= 0 ? c->tw_type[twb] : 0;
    size_t to = end;
    if (tw == 0 && end < c->norm.ntok && c->norm.tok[end].sep != VPC_SEP_HARD) {
        int l = c->tw_level[end];
        if ((l >= VPC_TW_WARD && l <= VPC_TW_PROVINCE) || l == VPC_TW_TOWN) {
            const vpc_token *t = &c->norm.tok[end];
            const char *f = c->norm.fold + t->fold;
            /* English words only: "Ward", "District", "City", "Province". */
            if (t->len >= 4 && (memcmp(f, "ward", 4) == 0 || memcmp(f, "dist", 4) == 0 ||
                                memcmp(f, "city", 4) == 0 || memcmp(f, "prov", 4) == 0 ||
                                memcmp(f, "comm", 4) == 0 || memcmp(f, "town", 4) == 0)) {
                tw = l;
                tw_type = c->tw_type[end];
                to = end + c->tw_len[end];
            }
        }
    }
    int fits = tw != 0 && typeword_fits(level, tw);
    if ((n->flags & VPC_LEXNAME_NUMBER) && !fits)
        return; /* "5" names a unit only as "Phường 5", "P5", "Ward 5" */
    /* A district is never its namesake ward: "Quận Hoàn Kiếm" is not
     * Phường Hoàn Kiếm. A province with a type word of another level is
     * still a province, at a cost. */
    if (tw != 0 && !fits && (level == VPC_LEX_WARD || level == VPC_LEX_OLD_COMMUNE)) {
        /* Unless the type word may be the end of a street's name ("Lac
         * Long Quan My Dinh 2"): bare, after a word of the same part. */
        const vpc_token *tt = twb >= 0 ? &c->norm.tok[twb] : NULL;
        if (tt == NULL || tt->sep == VPC_SEP_HARD || tt->marked || twb == 0 ||
            c->norm.tok[twb - 1].number)
            return;
    }
    float s = 0;
    size_t keylen = 0;
    for (size_t i = first; i < end; i++)
        keylen += c->norm.tok[i].len;
    s += 0.5f * (float)(keylen < 16 ? keylen : 16);
    if (fits) {
        s += 6;
        if (tw_type == n->unit_type && n->unit_type != 0)
            s += 1;
    } else if (tw != 0) {
        s -= 6;
    } else if (keylen <= 3 && n->kind != VPC_LEXKIND_SHORT) {
        s -= 3;
    }
    if (n->kind == VPC_LEXKIND_FORMER || n->kind == VPC_LEXKIND_ALIAS)
        s -= 1;
    /* A bare name that starts with a unit's type word ("Quận Thanh Xuân"
     * holds "Quận Thanh", read as Quán Thánh) is likely that type word. */
    if (!fits && !glued && c->tw_level[first] >= VPC_TW_WARD &&
        c->tw_level[first] <= VPC_TW_PROVINCE)
        s -= 4;
    if (typo)
        s -= 4.0f * (float)typo;
    else if (n->marks != 0 && !glued) {
        const char *nm = vpc_db_string(db, n->marks);
        if (nm == NULL) {
            c->corrupt = 1;
            return;
        }
        s += marks_score(c, first, end, nm);
    }
    size_t from = twb >= 0 ? (size_t)twb : first;
    /* Street words before it in its part ("Ấp Thanh Hóa", "KCN ..."). */
    if (c->street[first] && !fits)
        s -= 12;

    /* The same unit found again by another name or span: keep the best. */
    for (size_t k = 0; k < c->nmatch; k++) {
        match *o = &c->m[k];
        if (o->unit == n->unit && o->first == first && o->end == end) {
            if (s > o->score) {
                o->score = s;
                o->name = name_index;
                o->typo = (uint8_t)typo;
                o->fits = (uint8_t)fits;
            }
            return;
        }
    }
    match *m = &c->m[c->nmatch++];
    m->unit = n->unit;
    m->name = name_index;
    m->parent = u->parent;
    m->province = unit_province(c, u);
    m->first = (uint16_t)first;
    m->end = (uint16_t)end;
    m->from = (uint16_t)from;
    m->to = (uint16_t)to;
    m->level = (uint8_t)level;
    m->typo = (uint8_t)typo;
    m->fits = (uint8_t)fits;
    m->score = s;
}

/* Type words, street parts and the trailing country name. */
static void scan_words(ctx *c)
{
    vpc_norm *nm = &c->norm;
    for (size_t i = 0; i < nm->ntok; i++) {
        int type;
        size_t n;
        c->tw_level[i] = (uint8_t)vpc_norm_typeword(nm, i, &type, &n);
        c->tw_len[i] = (uint8_t)n;
        c->tw_type[i] = (uint8_t)type;
        c->tw_before[i] = -1;
        c->street[i] = 0;
        c->country[i] = 0;
    }
    for (size_t i = 0; i < nm->ntok; i++) {
        if (c->tw_level[i] == 0 || c->tw_level[i] == VPC_TW_STREET ||
            c->tw_level[i] == VPC_TW_COUNTRY)
            continue;
        size_t e = i + c->tw_len[i];
        /* "P.5" and "P 5", but not "P" at the end of a part. */
        if (e < nm->ntok && nm->tok[e].sep != VPC_SEP_HARD &&
            (c->tw_before[e] < 0 || (size_t)c->tw_before[e] > i))
            c->tw_before[e] = (int16_t)i;
    }
    /* A street word taints the few tokens after it (the street's, hamlet's
     * or park's own name), up to a hard separator or a unit's type word. */
    int in_street = 0;
    size_t unit_word_end = 0; /* end of the last unit type word ("thành phố" holds "phố") */
    size_t street_word_end = 0;
    for (size_t i = 0; i < nm->ntok; i++) {
        if (nm->tok[i].sep == VPC_SEP_HARD)
            in_street = 0;
        int l = c->tw_level[i];
        if (l >= VPC_TW_WARD && l <= VPC_TW_PROVINCE)
            in_street = 0;
        c->street[i] = (uint8_t)(in_street > 0);
        if (in_street > 0)
            in_street--;
        if (l >= VPC_TW_WARD && l <= VPC_TW_PROVINCE && i + c->tw_len[i] > unit_word_end)
            unit_word_end = i + c->tw_len[i];
        /* Only where a street part begins: at the start of a part, after a
         * number or after another street word ("12 Đường Lê Lợi", "Số 5
         * ngõ 3"); so not inside a name ("Hải Dương", "Phường Phố Huế") nor
         * inside a unit's type word ("thành phố"). */
        if (l == VPC_TW_STREET && c->tw_before[i] < 0 && i >= unit_word_end &&
            (i == 0 || nm->tok[i].sep == VPC_SEP_HARD || nm->tok[i - 1].number ||
             c->tw_level[i - 1] == VPC_TW_STREET || street_word_end == i))
            in_street = STREET_TOKENS + c->tw_len[i] - 1;
        if (l == VPC_TW_STREET)
            street_word_end = i + c->tw_len[i];
    }
    /* "..., Việt Nam", "VN" at the end. */
    size_t e = nm->ntok;
    while (e > 0) {
        size_t k = e - 1;
        if (k > 0 && c->tw_level[k - 1] == VPC_TW_COUNTRY && c->tw_len[k - 1] == 2)
            k--;
        if (c->tw_level[k] != VPC_TW_COUNTRY || k + c->tw_len[k] != e)
            break;
        for (size_t j = k; j < e; j++)
            c->country[j] = 1;
        e = k;
    }
}

/* A name inside a longer one ("Đạ Huoai" in "Đạ Huoai 2", "Tân Thông" in
 * "Tân Thông Hội") is less likely meant: -3. */
static void subsumed(ctx *c)
{
    for (size_t i = 0; i < c->nmatch; i++) {
        match *b = &c->m[i];
        for (size_t j = 0; j < c->nmatch; j++) {
            const match *a = &c->m[j];
            if (a->first <= b->first && b->end <= a->end && a->end - a->first > b->end - b->first &&
                !a->typo) {
                b->score -= 3;
                break;
            }
        }
    }
}

/* Type words written glued to the name ("phuongbennghe", "quan1" is two
 * tokens already): the length of the one the token starts with, 0 if none. */
static size_t glued_typeword(const char *f, size_t len, int *level, int *type)
{
    static const struct {
        const char *w;
        uint8_t level, type;
    } glued[] = {
        {"phuong", VPC_TW_WARD, VPC_LEXTYPE_PHUONG},
        {"thitran", VPC_TW_WARD, VPC_LEXTYPE_THI_TRAN},
        {"xa", VPC_TW_WARD, VPC_LEXTYPE_XA},
        {"quan", VPC_TW_DISTRICT, VPC_LEXTYPE_QUAN},
        {"huyen", VPC_TW_DISTRICT, VPC_LEXTYPE_HUYEN},
        {"thixa", VPC_TW_DISTRICT, VPC_LEXTYPE_THI_XA},
        {"thanhpho", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO},
        {"tp", VPC_TW_CITY, VPC_LEXTYPE_THANH_PHO},
        {"tinh", VPC_TW_PROVINCE, VPC_LEXTYPE_TINH},
    };
    for (size_t k = 0; k < sizeof glued / sizeof glued[0]; k++) {
        size_t n = strlen(glued[k].w);
        if (len >= n + 2 && memcmp(f, glued[k].w, n) == 0) {
            *level = glued[k].level;
            *type = glued[k].type;
            return n;
        }
    }
    return 0;
}

/* Names starting at token i, the first token from byte skip of it on. */
static void names_from(ctx *c, size_t i, size_t skip, int glued, int glued_type)
{
    vpc_norm *nm = &c->norm;
    char key[MAX_KEY];
    size_t len = 0;
    for (size_t j = i; j < nm->ntok && j < i + MAX_SPAN; j++) {
        const vpc_token *t = &nm->tok[j];
        size_t from = j == i ? skip : 0;
        if (j > i && t->sep == VPC_SEP_HARD)
            break;
        if (c->country[j] || len + t->len - from > MAX_KEY)
            break;
        memcpy(key + len, nm->fold + t->fold + from, t->len - from);
        len += t->len - from;
        size_t first, count;
        int r = vpc_db_lex_find(c->db, key, len, vpc_lex_hash(key, len), &first, &count);
        if (r < 0) {
            c->corrupt = 1;
            return;
        }
        for (size_t k = 0; r > 0 && k < count; k++)
            add_match(c, (uint32_t)(first + k), i, j + 1, 0, glued, glued_type);
    }
}

/* Every name of the lexicon in the text. */
static void find_names(ctx *c)
{
    vpc_norm *nm = &c->norm;
    for (size_t i = 0; i < nm->ntok && !c->corrupt; i++) {
        if (c->country[i])
            continue;
        names_from(c, i, 0, 0, 0);
        const vpc_token *t = &nm->tok[i];
        int level, type;
        size_t n = t->number ? 0 : glued_typeword(nm->fold + t->fold, t->len, &level, &type);
        if (n > 0)
            names_from(c, i, n, level, type);
    }
}

static int overlap(const match *a, const match *b)
{
    return a->from < b->to && b->from < a->to;
}

/* Order: +2 for each pair in the usual order (smaller unit first), -2
 * for each pair the other way. */
static float order_score(const match *small, const match *big)
{
    if (small == NULL || big == NULL)
        return 0;
    return small->first < big->first ? 2.0f : -2.0f;
}

static const match *at(const ctx *c, int i)
{
    return i >= 0 ? &c->m[i] : NULL;
}

static float unexplained_districts(const ctx *c, const reading *r);

/* Does a province named in the text contradict a reading without a
 * province ("Xã Đông ..., Tỉnh Cao Bằng" read as a Xã Đông of Gia Lai)? */
static int contradicted(const ctx *c, const reading *r)
{
    const match *w = at(c, r->w), *d = at(c, r->d);
    if (r->p >= 0 || (!w && !d))
        return 0;
    int province = w ? w->province : d->province;
    for (size_t i = 0; i < c->nmatch; i++) {
        const match *q = &c->m[i];
        if ((q->level == VPC_LEX_PROVINCE || q->level == VPC_LEX_OLD_PROVINCE) && q->score > 0 &&
            q->province != province && (!w || !overlap(q, w)) && (!d || !overlap(q, d)))
            return 1;
    }
    return 0;
}

static float reading_score(const ctx *c, const reading *r)
{
    const match *w = at(c, r->w), *d = at(c, r->d), *p = at(c, r->p);
    float s = 0;
    if (w)
        s += w->score;
    if (d)
        s += d->score + order_score(w, d);
    if (p)
        s += p->score + order_score(w, p) + order_score(d, p);
    if (w && p && w->province != p->province)
        s -= 1000; /* not a reading at all */
    if (!p)
        s -= d ? 4 : 6;
    if (r->scheme == VPC_SCHEME_LEGACY && w && !d)
        s -= 4;
    if (!w)
        s -= 20;
    if (contradicted(c, r))
        s -= 12;
    return s - unexplained_districts(c, r);
}

/* Wards a reading leads to: its ward, or the wards its commune went into. */
static size_t reading_wards(ctx *c, const reading *r, int *out, size_t max)
{
    const match *w = at(c, r->w);
    if (w == NULL)
        return 0;
    const vpc_file_lexunit *u = vpc_db_lex_unit(c->db, w->unit);
    if (u == NULL) {
        c->corrupt = 1;
        return 0;
    }
    if (u->level == VPC_LEX_WARD) {
        if (u->ref >= c->db->nwards) {
            c->corrupt = 1;
            return 0;
        }
        out[0] = (int)u->ref;
        return 1;
    }
    if (u->ref >= c->db->ncommunes) {
        c->corrupt = 1;
        return 0;
    }
    const vpc_file_commune *cm = &c->db->communes[u->ref];
    size_t n = 0;
    for (uint32_t k = 0; k < cm->map_count && n < max; k++) {
        int ward = vpc_db_commune_ward(c->db, cm, k);
        if (ward < 0) {
            c->corrupt = 1;
            return 0;
        }
        out[n++] = ward;
    }
    return n;
}

/* The best reading; *count gets how many there were. */
static void read_all(ctx *c, reading *best, reading *list, size_t max, size_t *count)
{
    size_t n = 0;
    best->score = -INFINITY;
    best->w = best->d = best->p = -1;
    best->scheme = 0;
#define CONSIDER(R)                                                                           \
    do {                                                                                      \
        (R).score = reading_score(c, &(R));                                                   \
        if ((R).score > -500) {                                                               \
            if ((R).score > best->score)                                                      \
                *best = (R);                                                                  \
            if (n < max)                                                                      \
                list[n++] = (R);                                                              \
        }                                                                                     \
    } while (0)

    for (size_t i = 0; i < c->nmatch; i++) {
        const match *w = &c->m[i];
        if (w->level != VPC_LEX_WARD && w->level != VPC_LEX_OLD_COMMUNE)
            continue;
        int legacy = w->level == VPC_LEX_OLD_COMMUNE;
        /* The best district for a commune: its own. */
        int bd = -1;
        if (legacy) {
            for (size_t j = 0; j < c->nmatch; j++) {
                const match *d = &c->m[j];
                if (d->level == VPC_LEX_OLD_DISTRICT && d->unit == w->parent && !overlap(d, w) &&
                    (bd < 0 || d->score > c->m[bd].score))
                    bd = (int)j;
            }
        }
        const vpc_file_lexunit *du = NULL;
        if (legacy) {
            du = vpc_db_lex_unit(c->db, w->parent);
            if (du == NULL) {
                c->corrupt = 1;
                return;
            }
        }
        reading r = {0, legacy ? VPC_SCHEME_LEGACY : VPC_SCHEME_CURRENT, (int)i, -1, bd, -1};
        /* A bare name alone ("Lê Lợi": a street as often as a ward) is no
         * reading; with its type word, or a district, it is. */
        if (bd >= 0 || w->fits)
            CONSIDER(r);
        for (size_t j = 0; j < c->nmatch; j++) {
            const match *p = &c->m[j];
            if (p->level != VPC_LEX_PROVINCE && p->level != VPC_LEX_OLD_PROVINCE)
                continue;
            if (p->province != w->province || overlap(p, w))
                continue;
            if (bd >= 0 && overlap(p, &c->m[bd]))
                continue;
            reading rp = r;
            rp.p = (int)j;
            if (legacy && p->level == VPC_LEX_OLD_PROVINCE && p->unit != du->parent)
                continue;
            if (!legacy && p->level == VPC_LEX_OLD_PROVINCE)
                rp.score -= 0; /* an old province name with a current ward: fine */
            CONSIDER(rp);
        }
    }
    /* Readings without a ward: a province, or a district and its province. */
    for (size_t j = 0; j < c->nmatch; j++) {
        const match *p = &c->m[j];
        if (p->level == VPC_LEX_PROVINCE || p->level == VPC_LEX_OLD_PROVINCE) {
            reading r = {0, p->level == VPC_LEX_PROVINCE ? VPC_SCHEME_CURRENT : VPC_SCHEME_LEGACY,
                         -1, (int)j, -1, -1};
            CONSIDER(r);
        } else if (p->level == VPC_LEX_OLD_DISTRICT) {
            reading r = {0, VPC_SCHEME_LEGACY, -1, -1, (int)j, -1};
            CONSIDER(r);
            for (size_t k = 0; k < c->nmatch; k++) {
                const match *q = &c->m[k];
                if ((q->level == VPC_LEX_OLD_PROVINCE && q->unit == p->parent) ||
                    (q->level == VPC_LEX_PROVINCE && q->province == p->province)) {
                    if (overlap(p, q))
                        continue;
                    reading rp = r;
                    rp.p = (int)k;
                    CONSIDER(rp);
                }
            }
        }
    }
#undef CONSIDER
    *count = n;
}

/* Districts the current reading leaves unexplained: a type word of a
 * district before a district's name costs a current-form reading. */
static float unexplained_districts(const ctx *c, const reading *r)
{
    if (r->scheme != VPC_SCHEME_CURRENT)
        return 0;
    for (size_t i = 0; i < c->nmatch; i++) {
        const match *d = &c->m[i];
        if (d->level == VPC_LEX_OLD_DISTRICT && d->from < d->first &&
            typeword_fits(VPC_LEX_OLD_DISTRICT, c->tw_level[d->from]) &&
            (r->w < 0 || !overlap(d, &c->m[r->w])) && (r->p < 0 || !overlap(d, &c->m[r->p])))
            return 5;
    }
    return 0;
}

static void histogram(uint8_t *hist, const char *s, size_t n)
{
    memset(hist, 0, 36);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 'a' && ch <= 'z')
            hist[ch - 'a']++;
        else if (ch >= '0' && ch <= '9')
            hist[26 + ch - '0']++;
    }
}

static int covers(const ctx *c, int m, size_t k);

/* Is the text in the pre-2025 form? A district's type word, or a ward's
 * followed by a number, outside the street part and outside the reading's
 * parts. */
static int old_form(const ctx *c, const reading *r)
{
    const vpc_norm *nm = &c->norm;
    for (size_t k = 0; k < nm->ntok; k++) {
        int l = c->tw_level[k];
        size_t e = k + c->tw_len[k];
        if (c->street[k] || e >= nm->ntok || nm->tok[e].sep == VPC_SEP_HARD ||
            covers(c, r->w, k) || covers(c, r->p, k))
            continue;
        /* Numbered wards went up to 28 or so; "P1203" is a room. */
        if (l == VPC_TW_DISTRICT ||
            (l == VPC_TW_WARD && nm->tok[e].number && nm->tok[e].len <= 2))
            return 1;
    }
    return 0;
}

static int covers(const ctx *c, int m, size_t k)
{
    return m >= 0 && k >= c->m[m].from && k < c->m[m].to;
}

/* Is a reading worth a search allowing typos? When it has no ward; when a
 * ward's type word followed by a name is left unexplained ("Phường Nguyyễn
 * Du, Hai Bà Trưng"); or when its ward is a bare name that is also a
 * pre-2025 district's there ("..., Thanh Xuân, Hà Nội"), as when the
 * commune before it was not recognised. */
static int doubtful(const ctx *c, const reading *r)
{
    if (r->w < 0 || contradicted(c, r))
        return 1;
    const vpc_norm *nm = &c->norm;
    for (size_t k = 0; k < nm->ntok; k++) {
        if (c->tw_level[k] != VPC_TW_WARD || c->street[k] || covers(c, r->w, k) ||
            covers(c, r->d, k) || covers(c, r->p, k))
            continue;
        size_t e = k + c->tw_len[k];
        if (e < nm->ntok && !nm->tok[e].number && nm->tok[e].sep != VPC_SEP_HARD &&
            c->tw_level[e] == 0)
            return 1;
    }
    const match *w = &c->m[r->w];
    if (w->level == VPC_LEX_WARD && !w->fits) {
        for (size_t i = 0; i < c->nmatch; i++) {
            const match *d = &c->m[i];
            if (d->level == VPC_LEX_OLD_DISTRICT && d->first == w->first && d->end == w->end &&
                d->province == w->province)
                return 1;
        }
    }
    return 0;
}

/* Runs of tokens no match of the reading covers, compared with the names
 * of the province (or of every province) allowing typos. */
static void find_typos(ctx *c, int province, int want_provinces, const reading *best)
{
    const vpc_db *db = c->db;
    vpc_norm *nm = &c->norm;
    typedef struct run {
        uint16_t first, end;
        uint16_t len;
        char key[MAX_KEY];
        uint8_t hist[36]; /* letters and digits counted */
    } run;
    run runs[64];
    size_t nruns = 0;
    /* Tokens of the reading's district and province are no typo (its ward
     * may be the doubtful part). */
    uint8_t used[VPC_NORM_MAX_TOKENS];
    memset(used, 0, nm->ntok);
    const int parts[2] = {best->d, best->p};
    for (int k = 0; k < 2; k++)
        if (parts[k] >= 0)
            for (size_t t = c->m[parts[k]].from; t < c->m[parts[k]].to; t++)
                used[t] = 1;
    for (size_t i = 0; i < nm->ntok && nruns < 64; i++) {
        if (c->country[i] || nm->tok[i].number || c->tw_level[i] != 0 || used[i])
            continue;
        char kb[MAX_KEY];
        size_t len = 0;
        for (size_t j = i; j < nm->ntok && j < i + 4 && nruns < 64; j++) {
            const vpc_token *t = &nm->tok[j];
            if ((j > i && t->sep == VPC_SEP_HARD) || t->number || c->country[j] || used[j] ||
                len + t->len > MAX_KEY)
                break;
            if (j > i && c->tw_level[j] != 0 && c->tw_level[j] != VPC_TW_STREET)
                break;
            memcpy(kb + len, nm->fold + t->fold, t->len);
            len += t->len;
            if (len >= 5) {
                run *r = &runs[nruns++];
                memcpy(r->key, kb, len);
                histogram(r->hist, kb, len);
                r->first = (uint16_t)i;
                r->end = (uint16_t)(j + 1);
                r->len = (uint16_t)len;
            }
        }
    }
    if (nruns == 0)
        return;
    size_t minlen = MAX_KEY, maxlen = 0;
    for (size_t r = 0; r < nruns; r++) {
        if (runs[r].len < minlen)
            minlen = runs[r].len;
        if (runs[r].len > maxlen)
            maxlen = runs[r].len;
    }
    /* Each unit's current province, parents first (they sort before their
     * children: a lower level). */
    int16_t *prov = malloc(db->nlexunits * sizeof *prov + 1);
    if (prov == NULL) {
        c->corrupt = 1;
        return;
    }
    for (size_t i = 0; i < db->nlexunits; i++) {
        const vpc_file_lexunit *u = &db->lexunits[i];
        if (u->level == VPC_LEX_PROVINCE || u->level == VPC_LEX_OLD_PROVINCE)
            prov[i] = u->ref < db->nprovinces ? (int16_t)u->ref : -1;
        else
            prov[i] = u->parent < i ? prov[u->parent] : -1;
    }
    for (size_t k = 0; k < db->nlexnames; k++) {
        const vpc_file_lexname *n = &db->lexnames[k];
        if ((n->flags & VPC_LEXNAME_NUMBER) || n->unit >= db->nlexunits)
            continue;
        const vpc_file_lexunit *u = &db->lexunits[n->unit];
        int is_province = u->level == VPC_LEX_PROVINCE || u->level == VPC_LEX_OLD_PROVINCE;
        if (want_provinces ? !is_province : is_province)
            continue;
        if (u->level == VPC_LEX_OLD_DISTRICT)
            continue;
        if ((c->flags & VPC_FLAG_SCHEME_CURRENT) && u->level >= VPC_LEX_OLD_PROVINCE)
            continue;
        if ((c->flags & VPC_FLAG_SCHEME_LEGACY) && u->level == VPC_LEX_WARD)
            continue;
        if (!want_provinces && prov[n->unit] != province)
            continue;
        const char *key = vpc_db_string(db, n->key);
        if (key == NULL) {
            c->corrupt = 1;
            break;
        }
        size_t kl = strlen(key);
        if (kl < 5 || kl > maxlen + 2 || kl + 2 < minlen)
            continue;
        int maxd = kl >= 9 ? 2 : 1;
        uint8_t hist[36];
        histogram(hist, key, kl);
        for (size_t r = 0; r < nruns; r++) {
            /* An edit changes at most two letter counts. */
            int diff = 0;
            for (int h = 0; h < 36; h++)
                diff += hist[h] > runs[r].hist[h] ? hist[h] - runs[r].hist[h]
                                                  : runs[r].hist[h] - hist[h];
            if (diff > 2 * maxd)
                continue;
            int dist = vpc_edit_distance(runs[r].key, runs[r].len, key, kl, maxd);
            if (dist >= 1 && dist <= maxd)
                add_match(c, (uint32_t)k, runs[r].first, runs[r].end, dist, 0, 0);
        }
    }
    free(prov);
}

static vpc_span span_of(const ctx *c, const match *m)
{
    vpc_span s = {-1, -1};
    if (m) {
        s.start = (int)c->norm.tok[m->from].start;
        s.end = (int)c->norm.tok[m->to - 1].end;
    }
    return s;
}

static void add_candidate(vpc_resolved *out, int ward)
{
    size_t n = out->candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? out->candidate_count
                                                                 : VPC_ADDRESS_MAX_CANDIDATES;
    for (size_t i = 0; i < n; i++)
        if (out->candidates[i] == ward)
            return;
    if (out->candidate_count < VPC_ADDRESS_MAX_CANDIDATES)
        out->candidates[out->candidate_count] = ward;
    out->candidate_count++;
}

/* The default among a divided commune's wards: the one with its name, else
 * the first. */
static int default_ward(const vpc_db *db, int commune, const int *wards, size_t n)
{
    const char *cname = vpc_db_string(db, db->communes[commune].name);
    if (cname) {
        const char *sp = strchr(cname, ' ');
        for (size_t i = 0; i < n; i++) {
            const char *wn = vpc_db_string(db, db->wards[wards[i]].name);
            if (wn == NULL || sp == NULL)
                continue;
            const char *wsp = strchr(wn, ' ');
            /* Compare the names after the type word ("Xã An Bình"). */
            const char *a =
                strstr(cname, "Thị trấn ") == cname ? cname + strlen("Thị trấn ") : sp + 1;
            const char *b = wsp ? wsp + 1 : wn;
            if (strcmp(a, b) == 0)
                return wards[i];
        }
    }
    return wards[0];
}

static vpc_status resolve(ctx *c, const vpc_db *db, const char *text, size_t len, unsigned flags,
                          vpc_resolved *out, size_t *error_position);

vpc_status vpc_resolve(const vpc_db *db, const char *text, size_t len, unsigned flags,
                       vpc_resolved *out, size_t *error_position)
{
    memset(out, 0, sizeof *out);
    out->ward = out->province = out->commune = out->default_ward = -1;
    out->old_district = out->old_province = NONE;
    out->ward_span = out->district_span = out->province_span = out->street_span =
        (vpc_span){-1, -1};
    if (!db->has_lexicon)
        return VPC_E_NO_LEXICON;
    /* About 90 KB: too much for small thread stacks. */
    ctx *c = malloc(sizeof *c);
    if (c == NULL)
        return VPC_E_NO_MEMORY;
    vpc_status st = resolve(c, db, text, len, flags, out, error_position);
    free(c);
    return st;
}

static vpc_status resolve(ctx *c, const vpc_db *db, const char *text, size_t len, unsigned flags,
                          vpc_resolved *out, size_t *error_position)
{
    c->db = db;
    c->nmatch = 0;
    c->corrupt = 0;
    c->flags = flags;
    vpc_status st = vpc_norm_text(text, len, &c->norm, error_position);
    if (st != VPC_OK)
        return st;
    scan_words(c);
    find_names(c);
    if (c->corrupt)
        return VPC_E_DB_CORRUPT;
    subsumed(c);

    reading list[256];
    size_t nlist;
    reading best;
    read_all(c, &best, list, 256, &nlist);
    if (c->corrupt)
        return VPC_E_DB_CORRUPT;

    /* No ward, or a doubtful one: try the names of the province with typos,
     * or the provinces. */
    if (doubtful(c, &best)) {
        int best_province = -1;
        int province = best.p >= 0 ? c->m[best.p].province
                       : best.d >= 0 ? c->m[best.d].province : -1;
        /* Else the best province named anywhere in the text. */
        float top = 0;
        for (size_t i = 0; province < 0 && i < c->nmatch; i++) {
            const match *q = &c->m[i];
            if ((q->level == VPC_LEX_PROVINCE || q->level == VPC_LEX_OLD_PROVINCE) &&
                q->score > top) {
                top = q->score;
                best_province = q->province;
            }
        }
        if (province < 0)
            province = best_province;
        if (province < 0) {
            find_typos(c, -1, 1, &best);
            read_all(c, &best, list, 256, &nlist);
            province = best.p >= 0 ? c->m[best.p].province : -1;
        }
        if (province >= 0) {
            find_typos(c, province, 0, &best);
            read_all(c, &best, list, 256, &nlist);
        }
        if (c->corrupt)
            return VPC_E_DB_CORRUPT;
    }
    if (best.scheme == 0)
        return VPC_E_ADDRESS_NOT_FOUND;


    const match *w = at(c, best.w), *d = at(c, best.d), *p = at(c, best.p);
    out->scheme = (flags & VPC_FLAG_SCHEME_LEGACY)    ? VPC_SCHEME_LEGACY
                  : (flags & VPC_FLAG_SCHEME_CURRENT) ? VPC_SCHEME_CURRENT
                                                      : best.scheme;
    out->ward_span = span_of(c, w);
    out->district_span = span_of(c, d);
    out->province_span = span_of(c, p);
    out->province = w ? w->province : p ? p->province : d ? d->province : -1;
    if (d)
        out->old_district = d->unit;
    if (p && p->level == VPC_LEX_OLD_PROVINCE)
        out->old_province = p->unit;
    if (w && w->level == VPC_LEX_OLD_COMMUNE) {
        const vpc_file_lexunit *u = vpc_db_lex_unit(db, w->unit);
        out->commune = (int)u->ref;
        out->old_district = w->parent;
        const vpc_file_lexunit *du = vpc_db_lex_unit(db, w->parent);
        if (du)
            out->old_province = du->parent;
    } else if (d && out->old_province == NONE) {
        out->old_province = d->parent;
    }
    /* The street part: what comes before the first unit, trimmed. */
    int first_unit = -1;
    const match *parts[3] = {w, d, p};
    for (int k = 0; k < 3; k++)
        if (parts[k] && (first_unit < 0 || parts[k]->from < first_unit))
            first_unit = parts[k]->from;
    if (first_unit > 0) {
        /* From the text's start to the first unit, separators and symbols
         * between included (vpc_address_format trims the separators). */
        size_t a = 0, e = c->norm.tok[first_unit].start;
        while (a < e && strchr(" ,;|-/\t\r\n", text[a]) != NULL)
            a++;
        while (e > a && strchr(" ,;|-/\t\r\n", text[e - 1]) != NULL)
            e--;
        if (e > a) {
            out->street_span.start = (int)a;
            out->street_span.end = (int)e;
        }
    }
    /* Without the pre-2025 names, the three-tier form cannot be read: a
     * district ("Quận 3", "H. Củ Chi") or a numbered ward ("P.14") says the
     * text is in it, and a current ward found in it would be a guess. */
    if (db->has_lexicon == 1 && !(flags & VPC_FLAG_SCHEME_CURRENT) && w != NULL &&
        old_form(c, &best)) {
        out->ward_span = (vpc_span){-1, -1};
        out->score = 0;
        return VPC_E_ADDRESS_INCOMPLETE;
    }
    float raw = best.score;
    out->score = 1.0 / (1.0 + exp(-(raw - 6.0) / 4.0));

    if (!w) {
        return VPC_E_ADDRESS_INCOMPLETE;
    }
    int wards[VPC_ADDRESS_MAX_CANDIDATES];
    size_t nw = reading_wards(c, &best, wards, VPC_ADDRESS_MAX_CANDIDATES);
    if (c->corrupt)
        return VPC_E_DB_CORRUPT;
    for (size_t i = 0; i < nw; i++)
        add_candidate(out, wards[i]);
    if (nw > 1) {
        out->split = 1;
        out->default_ward = default_ward(db, out->commune, wards, nw);
    }
    /* Readings as good as the best that lead elsewhere. */
    int others = 0;
    for (size_t i = 0; i < nlist; i++) {
        const reading *r = &list[i];
        if (r->w < 0 || r->score < best.score - MARGIN || r->w == best.w)
            continue;
        int rw[VPC_ADDRESS_MAX_CANDIDATES];
        size_t nr = reading_wards(c, r, rw, VPC_ADDRESS_MAX_CANDIDATES);
        int same = nr == nw;
        for (size_t k = 0; same && k < nr; k++) {
            int found = 0;
            for (size_t q = 0; q < nw; q++)
                found |= rw[k] == wards[q];
            same = found;
        }
        if (same)
            continue;
        others = 1;
        for (size_t k = 0; k < nr; k++)
            add_candidate(out, rw[k]);
    }
    if (c->corrupt)
        return VPC_E_DB_CORRUPT;
    if (others) {
        /* Which commune was meant is not known either. */
        out->split = 0;
        out->default_ward = -1;
        out->commune = -1;
        out->old_district = NONE;
        if (!(p && p->level == VPC_LEX_OLD_PROVINCE))
            out->old_province = NONE;
        out->district_span = span_of(c, NULL);
        out->score *= 0.5;
        return VPC_E_ADDRESS_AMBIGUOUS;
    }
    if (nw > 1)
        return VPC_E_ADDRESS_SPLIT;
    out->ward = wards[0];
    return VPC_OK;
}
