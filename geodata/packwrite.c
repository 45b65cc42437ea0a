/*
 * packwrite.c - laying out and writing the runtime file (docs/FORMAT.md):
 * records of fixed width, strings in one pool (each distinct string
 * once), sections aligned to 64 bytes with their CRC-32s, the file
 * written to a temporary name and renamed over the output.
 */
#define _POSIX_C_SOURCE 200809L /* fsync, getpid */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"
#include "packread.h"

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "vpc-pack: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (p == NULL)
        die("out of memory", NULL);
    return p;
}

/* ---- the string pool: each distinct string once ---------------------------- */

typedef struct {
    char *data;
    size_t size, cap;
    uint32_t *slots; /* open addressing: offset + 1, 0 for empty */
    size_t nslots, used;
} pool;

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    while (*s)
        h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

static void pool_grow_slots(pool *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 1u << 16;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (slots == NULL)
        die("out of memory", NULL);
    for (size_t i = 0; i < p->nslots; i++) {
        if (p->slots[i] == 0)
            continue;
        size_t k = hash(p->data + p->slots[i] - 1) & (n - 1);
        while (slots[k])
            k = (k + 1) & (n - 1);
        slots[k] = p->slots[i];
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
}

static uint32_t pool_add(pool *p, const char *s)
{
    if (2 * (p->used + 1) > p->nslots)
        pool_grow_slots(p);
    size_t k = hash(s) & (p->nslots - 1);
    while (p->slots[k]) {
        if (strcmp(p->data + p->slots[k] - 1, s) == 0)
            return p->slots[k] - 1;
        k = (k + 1) & (p->nslots - 1);
    }
    size_t n = strlen(s) + 1;
    if (p->size + n > UINT32_MAX - 1)
        die("too many strings", NULL);
    if (p->size + n > p->cap) {
        p->cap = (p->size + n) * 2;
        p->data = xrealloc(p->data, p->cap);
    }
    memcpy(p->data + p->size, s, n);
    uint32_t off = (uint32_t)p->size;
    p->size += n;
    p->slots[k] = off + 1;
    p->used++;
    return off;
}

/* ---- sections -------------------------------------------------------------- */

typedef struct {
    uint32_t id, element, count;
    const void *data;
} out_section;

static out_section sections[VPC_FILE_MAX_SECTIONS];
static uint32_t nsections;

static void add(uint32_t id, uint32_t element, size_t count, const void *data)
{
    if (nsections == VPC_FILE_MAX_SECTIONS || count > UINT32_MAX)
        die("too many sections or elements", NULL);
    sections[nsections++] = (out_section){id, element, (uint32_t)count, data};
}

/* ---- the quadtree, laid out for the walk ----------------------------------- */

/* The builder numbers child groups breadth first, so each level of a walk
 * down the tree lands on another cache line. Here each group is followed
 * by the groups of its children (5 groups, 80 bytes: one or two lines),
 * then the same again below each grandchild: a walk meets a new line every
 * second level. Only the payloads of internal nodes change. */
typedef struct {
    const uint32_t *in;
    uint32_t n_in;
    uint32_t *out;
    uint32_t next;
} relayout;

static uint32_t child_group(const relayout *r, uint32_t node)
{
    uint32_t g = VPC_NODE_PAYLOAD(node);
    if ((uint64_t)g + 4 > r->n_in)
        die("the tile index has a child outside its nodes", NULL);
    return g;
}

/* Place group g (and what hangs below it); its new position. */
static uint32_t place_block(relayout *r, uint32_t g, int depth)
{
    if (depth > 31)
        die("the tile index is deeper than 31 levels", NULL);
    uint32_t pos = r->next, sub[4] = {0};
    r->next += 4;
    memcpy(r->out + pos, r->in + g, 16);
    for (int k = 0; k < 4; k++) {
        if (VPC_NODE_TAG(r->in[g + k]) != VPC_NODE_INTERNAL)
            continue;
        sub[k] = r->next;
        r->next += 4;
        memcpy(r->out + sub[k], r->in + child_group(r, r->in[g + k]), 16);
        r->out[pos + k] = VPC_NODE(VPC_NODE_INTERNAL, sub[k]);
    }
    for (int k = 0; k < 4; k++) {
        if (VPC_NODE_TAG(r->in[g + k]) != VPC_NODE_INTERNAL)
            continue;
        uint32_t cg = child_group(r, r->in[g + k]);
        for (int j = 0; j < 4; j++)
            if (VPC_NODE_TAG(r->in[cg + j]) == VPC_NODE_INTERNAL)
                r->out[sub[k] + j] = VPC_NODE(
                    VPC_NODE_INTERNAL, place_block(r, child_group(r, r->in[cg + j]), depth + 2));
    }
    return pos;
}

static vpc_index_header headers[2];
static uint32_t *laid_out[2];

static void add_index(uint32_t base, const vpc_index *ix)
{
    int which = base == VPC_SEC_WARD_INDEX ? 0 : 1;
    vpc_index_header *h = &headers[which];
    *h = ix->h;
    uint32_t nbase = h->base_w * h->base_h;
    relayout r = {ix->nodes, h->n_nodes, xrealloc(NULL, (size_t)h->n_nodes * 4), nbase};
    memcpy(r.out, ix->nodes, (size_t)nbase * 4);
    for (uint32_t i = 0; i < nbase; i++)
        if (VPC_NODE_TAG(ix->nodes[i]) == VPC_NODE_INTERNAL)
            r.out[i] = VPC_NODE(VPC_NODE_INTERNAL,
                                place_block(&r, child_group(&r, ix->nodes[i]), 1));
    if (r.next != h->n_nodes)
        die("the tile index is not a tree (nodes unreachable or shared)", NULL);
    free(laid_out[which]);
    laid_out[which] = r.out;

    add(base + VPC_SEC_INDEX_HEADER, sizeof *h, 1, h);
    add(base + VPC_SEC_INDEX_NODES, 4, h->n_nodes, r.out);
    add(base + VPC_SEC_INDEX_LEAVES, 4, (size_t)h->n_leaves + 1, ix->leaves);
    add(base + VPC_SEC_INDEX_CANDS, sizeof(vpc_index_cand), (size_t)h->n_cands + 1, ix->cands);
    add(base + VPC_SEC_INDEX_RUNS, sizeof(vpc_index_run), h->n_runs, ix->runs);
    add(base + VPC_SEC_INDEX_BREAKS, 4, h->n_breaks, ix->breaks);
    add(base + VPC_SEC_INDEX_VERTICES, 8, h->n_vertices, ix->vertices);
    add(base + VPC_SEC_INDEX_RINGS, sizeof(vpc_index_ring), h->n_rings, ix->rings);
    add(base + VPC_SEC_INDEX_WARD_RINGS, 4, (size_t)h->n_wards + 1, ix->ward_rings);
    add(base + VPC_SEC_INDEX_UNIT_CODES, 5, h->n_wards, ix->ward_codes);
}

/* ---- records ----------------------------------------------------------------- */

static void put_code(char *field, const char *s, size_t width)
{
    memset(field, 0, width);
    memcpy(field, s, strnlen(s, width));
}

static const char *sort_pool; /* the pool the metadata keys point into */

static int cmp_meta(const void *a, const void *b)
{
    return strcmp(sort_pool + ((const vpc_file_meta *)a)->key,
                  sort_pool + ((const vpc_file_meta *)b)->key);
}

static const char *section_name(uint32_t id)
{
    static const char *const index_parts[VPC_SEC_INDEX_PARTS] = {
        "header", "nodes", "leaves", "cands", "runs", "breaks", "vertices", "rings",
        "ward_rings", "unit_codes"};
    static char buf[64];
    switch (id) {
    case VPC_SEC_STRINGS: return "strings";
    case VPC_SEC_METADATA: return "metadata";
    case VPC_SEC_PROVINCES: return "provinces";
    case VPC_SEC_WARDS: return "wards";
    case VPC_SEC_WARDS_BY_POSTAL: return "wards_by_postal";
    case VPC_SEC_COMMUNES: return "communes";
    case VPC_SEC_COMMUNE_WARDS: return "commune_wards";
    case VPC_SEC_COMMUNES_BY_POSTAL: return "communes_by_postal";
    case VPC_SEC_WARD_COMMUNES_START: return "ward_communes_start";
    case VPC_SEC_WARD_COMMUNES: return "ward_communes";
    case VPC_SEC_LEX_UNITS: return "lexicon_units";
    case VPC_SEC_LEX_NAMES: return "lexicon_names";
    case VPC_SEC_LEX_HASH: return "lexicon_hash";
    default:
        snprintf(buf, sizeof buf, "%s.%s", (id & 0xf0) == VPC_SEC_WARD_INDEX ? "ward_index"
                                                                           : "district_index",
                 index_parts[(id & 0x0f) % VPC_SEC_INDEX_PARTS]);
        return buf;
    }
}

/* The postal table of n records in `order` (sorted by postal code): keys
 * as numbers, strictly increasing. */
static vpc_file_postal *postal_table(size_t n, const uint32_t *order, const void *records,
                                     size_t stride, size_t offset)
{
    vpc_file_postal *t = xrealloc(NULL, n * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        const char *code = (const char *)records + order[i] * stride + offset;
        uint32_t key = 0;
        for (int k = 0; k < 5; k++) {
            if (code[k] < '0' || code[k] > '9')
                die("a postal code is not five digits", NULL);
            key = key * 10 + (uint32_t)(code[k] - '0');
        }
        if (i > 0 && key <= t[i - 1].key)
            die("postal codes out of order or repeated", NULL);
        t[i] = (vpc_file_postal){key, order[i]};
    }
    return t;
}

/* ---- writing ------------------------------------------------------------------- */

/* Write to the temporary file at path; on failure (a full disk) remove it
 * and stop: the output file is left as it was. */
static void write_all(FILE *f, const void *p, size_t n, const char *path)
{
    if (n && fwrite(p, 1, n, f) != n) {
        fclose(f);
        remove(path);
        die("cannot write", path);
    }
}

static uint64_t align_up(uint64_t x)
{
    return (x + VPC_FILE_ALIGN - 1) / VPC_FILE_ALIGN * VPC_FILE_ALIGN;
}

static void write_file(const char *path, uint32_t flags)
{
    vpc_file_header h;
    vpc_file_section table[VPC_FILE_MAX_SECTIONS];
    memset(&h, 0, sizeof h);
    memset(table, 0, sizeof table);
    uint64_t at = align_up(VPC_FILE_HEADER_SIZE + (uint64_t)nsections * VPC_FILE_ENTRY_SIZE);
    for (uint32_t i = 0; i < nsections; i++) {
        const out_section *s = &sections[i];
        table[i].id = s->id;
        table[i].element_size = s->element;
        table[i].offset = at;
        table[i].size = (uint64_t)s->element * s->count;
        table[i].count = s->count;
        table[i].crc = vpc_crc32(0, s->data, (size_t)table[i].size);
        at = align_up(at + table[i].size);
    }
    memcpy(h.magic, VPC_FILE_MAGIC, 8);
    h.version = VPC_FILE_VERSION;
    h.endian = VPC_FILE_ENDIAN;
    h.header_size = VPC_FILE_HEADER_SIZE;
    h.section_count = nsections;
    h.table_offset = VPC_FILE_HEADER_SIZE;
    h.flags = flags;
    /* The file ends where the last section ends, unpadded. */
    h.file_size = nsections ? table[nsections - 1].offset + table[nsections - 1].size : at;
    h.table_crc = vpc_crc32(0, table, (size_t)nsections * VPC_FILE_ENTRY_SIZE);
    h.header_crc = vpc_crc32(0, &h, offsetof(vpc_file_header, header_crc));

    size_t n = strlen(path);
    char *tmp = xrealloc(NULL, n + 32);
    snprintf(tmp, n + 32, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f == NULL)
        die("cannot create", tmp);
    static const unsigned char zeros[VPC_FILE_ALIGN];
    write_all(f, &h, sizeof h, tmp);
    write_all(f, table, (size_t)nsections * VPC_FILE_ENTRY_SIZE, tmp);
    uint64_t pos = VPC_FILE_HEADER_SIZE + (uint64_t)nsections * VPC_FILE_ENTRY_SIZE;
    for (uint32_t i = 0; i < nsections; i++) {
        write_all(f, zeros, (size_t)(table[i].offset - pos), tmp);
        write_all(f, sections[i].data, (size_t)table[i].size, tmp);
        pos = table[i].offset + table[i].size;
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
        remove(tmp);
        die("cannot write", tmp);
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        die("cannot rename the new file to", path);
    }
    free(tmp);
}

void pack_write(const pack_src *src, const char *out, FILE *report)
{
    pool strings = {0};
    pool_add(&strings, ""); /* offset 0: the empty string */

    /* Metadata, with the file's own format added; sorted by key. */
    size_t nmeta = src->nmeta + 1;
    vpc_file_meta *meta = xrealloc(NULL, nmeta * sizeof *meta);
    int has_build_id = 0;
    for (size_t i = 0; i < src->nmeta; i++) {
        meta[i].key = pool_add(&strings, src->meta[2 * i]);
        meta[i].value = pool_add(&strings, src->meta[2 * i + 1]);
        has_build_id |= strcmp(src->meta[2 * i], "build_id") == 0;
    }
    meta[src->nmeta].key = pool_add(&strings, "runtime_format");
    meta[src->nmeta].value = pool_add(&strings, "1");
    if (!has_build_id)
        die(out, "no build_id in table metadata (build it again with geodata/build-db)");

    /* Provinces, and each ward's province index. */
    vpc_file_province *provinces = xrealloc(NULL, src->nprovinces * sizeof *provinces);
    for (size_t p = 0; p < src->nprovinces; p++) {
        const vpc_province *sp = &src->wards[src->provinces[p]].province;
        if (strlen(sp->code) != 2)
            die(out, "a province code is not 2 characters");
        memset(&provinces[p], 0, sizeof provinces[p]);
        put_code(provinces[p].code, sp->code, 2);
        provinces[p].name = pool_add(&strings, sp->name);
        provinces[p].name_ascii = pool_add(&strings, sp->name_ascii);
        provinces[p].postal_prefixes = pool_add(&strings, sp->postal_prefixes);
    }
    vpc_file_ward *wards = xrealloc(NULL, src->nwards * sizeof *wards);
    for (size_t i = 0; i < src->nwards; i++) {
        const vpc_ward *w = &src->wards[i];
        vpc_file_ward *r = &wards[i];
        memset(r, 0, sizeof *r);
        r->ref_lat = w->ref_lat;
        r->ref_lon = w->ref_lon;
        r->south = w->south;
        r->west = w->west;
        r->north = w->north;
        r->east = w->east;
        r->name = pool_add(&strings, w->name);
        r->name_ascii = pool_add(&strings, w->name_ascii);
        size_t p = 0;
        while (p < src->nprovinces && strcmp(src->wards[src->provinces[p]].province.code,
                                            w->province.code) != 0)
            p++;
        r->province = (uint16_t)p;
        r->unit_type = (uint8_t)w->unit_type;
        r->long_form = (uint8_t)(w->long_form != 0);
        put_code(r->code, w->code, 5);
        put_code(r->postal_code, w->postal_code, 5);
    }

    uint32_t flags = 0;
    vpc_file_commune *communes = NULL;
    vpc_file_postal *commune_postal = NULL;
    if (src->has_legacy) {
        flags |= VPC_FILE_HAS_LEGACY;
        communes = xrealloc(NULL, src->ncommunes * sizeof *communes);
        for (size_t i = 0; i < src->ncommunes; i++) {
            const pack_commune *c = &src->communes[i];
            vpc_file_commune *r = &communes[i];
            memset(r, 0, sizeof *r);
            r->ref_lat = c->ref_lat;
            r->ref_lon = c->ref_lon;
            r->name = pool_add(&strings, c->unit.commune_name);
            r->district_name = pool_add(&strings, c->unit.district_name);
            r->province_name = pool_add(&strings, c->unit.province_name);
            r->map_start = c->map_count ? c->map_start : 0;
            r->map_count = c->map_count;
            if (strlen(c->unit.district_code) > 3 || strlen(c->unit.province_code) > 2)
                die(out, "a pre-2025 district or province code is too long");
            put_code(r->code, c->unit.commune_code, 5);
            put_code(r->postal_code, c->unit.postal_code, 5);
            put_code(r->district_code, c->unit.district_code, 3);
            put_code(r->province_code, c->unit.province_code, 2);
            r->mapped = (uint8_t)(c->mapped != 0);
        }
        if (src->districts.present)
            flags |= VPC_FILE_HAS_DISTRICTS;
    }

    sort_pool = strings.data;
    qsort(meta, nmeta, sizeof *meta, cmp_meta);

    add(VPC_SEC_STRINGS, 1, strings.size, strings.data);
    add(VPC_SEC_METADATA, sizeof *meta, nmeta, meta);
    add(VPC_SEC_PROVINCES, sizeof *provinces, src->nprovinces, provinces);
    add(VPC_SEC_WARDS, sizeof *wards, src->nwards, wards);
    vpc_file_postal *ward_postal = postal_table(src->nwards, src->by_postal, wards, sizeof *wards,
                                                offsetof(vpc_file_ward, postal_code));
    add(VPC_SEC_WARDS_BY_POSTAL, sizeof *ward_postal, src->nwards, ward_postal);
    if (flags & VPC_FILE_HAS_LEGACY) {
        add(VPC_SEC_COMMUNES, sizeof *communes, src->ncommunes, communes);
        add(VPC_SEC_COMMUNE_WARDS, 4, src->nlegacy_wards, src->legacy_wards);
        commune_postal = postal_table(src->nlegacy_postal, src->legacy_by_postal, communes,
                                      sizeof *communes, offsetof(vpc_file_commune, postal_code));
        add(VPC_SEC_COMMUNES_BY_POSTAL, sizeof *commune_postal, src->nlegacy_postal,
            commune_postal);
        add(VPC_SEC_WARD_COMMUNES_START, 4, src->nwards + 1, src->ward_communes_start);
        add(VPC_SEC_WARD_COMMUNES, 4, src->nward_communes, src->ward_communes);
    }
    add_index(VPC_SEC_WARD_INDEX, &src->ix.ix);
    if (flags & VPC_FILE_HAS_DISTRICTS)
        add_index(VPC_SEC_DISTRICT_INDEX, &src->districts.ix);

    /* The address lexicon; its strings join the pool, which is written first
     * but complete only now (the sections are written at the end). */
    vpc_file_lexunit *lexunits = NULL;
    vpc_file_lexname *lexnames = NULL;
    if (src->has_lexicon) {
        flags |= VPC_FILE_HAS_LEXICON;
        if (src->has_lexicon == 2)
            flags |= VPC_FILE_HAS_LEGACY_LEXICON;
        lexunits = xrealloc(NULL, (src->nlexunits ? src->nlexunits : 1) * sizeof *lexunits);
        for (size_t i = 0; i < src->nlexunits; i++) {
            const pack_lexunit *u = &src->lexunits[i];
            vpc_file_lexunit *r = &lexunits[i];
            memset(r, 0, sizeof *r);
            r->name = pool_add(&strings, u->name);
            r->parent = u->parent;
            r->ref = u->ref;
            r->level = u->level;
            r->unit_type = u->unit_type;
            put_code(r->code, u->code, 5);
        }
        lexnames = xrealloc(NULL, (src->nlexnames ? src->nlexnames : 1) * sizeof *lexnames);
        for (size_t i = 0; i < src->nlexnames; i++) {
            const pack_lexname *n = &src->lexnames[i];
            vpc_file_lexname *r = &lexnames[i];
            memset(r, 0, sizeof *r);
            r->key = pool_add(&strings, n->key);
            r->marks = n->marks ? pool_add(&strings, n->marks) : 0;
            r->name = pool_add(&strings, n->name);
            r->unit = n->unit;
            r->hash = n->hash;
            r->kind = n->kind;
            r->unit_type = n->unit_type;
            r->flags = n->flags;
        }
        add(VPC_SEC_LEX_UNITS, sizeof *lexunits, src->nlexunits, lexunits);
        add(VPC_SEC_LEX_NAMES, sizeof *lexnames, src->nlexnames, lexnames);
        add(VPC_SEC_LEX_HASH, 4, src->nlexhash, src->lexhash);
    }
    /* The pool may have moved while growing: point the strings section at it. */
    sections[0].data = strings.data;
    sections[0].count = (uint32_t)strings.size;
    write_file(out, flags);
    if (report != NULL) {
        uint64_t total = 0;
        fprintf(report, "  %-24s %12s %10s\n", "section", "bytes", "elements");
        for (uint32_t i = 0; i < nsections; i++) {
            uint64_t bytes = (uint64_t)sections[i].element * sections[i].count;
            total += bytes;
            fprintf(report, "  %-24s %12llu %10u\n", section_name(sections[i].id),
                    (unsigned long long)bytes, sections[i].count);
        }
        fprintf(report, "  %-24s %12llu bytes (%.1f MB), %zu wards, %zu provinces, "
                "%zu pre-2025 communes\n", "total", (unsigned long long)total, total / 1e6,
                src->nwards, src->nprovinces, src->ncommunes);
        if (src->has_lexicon) {
            size_t keys = 0;
            for (size_t i = 0; i < src->nlexnames; i++)
                keys += i == 0 || strcmp(src->lexnames[i - 1].key, src->lexnames[i].key) != 0;
            fprintf(report, "  address lexicon: %zu units, %zu names, %zu keys, %zu hash slots%s; "
                    "%zu names with no key left out\n", src->nlexunits, src->nlexnames, keys,
                    src->nlexhash, src->has_lexicon == 2 ? " (with pre-2025 units)" : "",
                    src->lex_skipped);
            if (src->lex_legacy_skipped)
                fprintf(report, "  address lexicon: %zu pre-2025 units and names left out (the "
                        "database has no pre-2025 tables)\n", src->lex_legacy_skipped);
        } else {
            fprintf(report, "  address lexicon: none (no tables address_units, address_names)\n");
        }
    }
    free(meta);
    free(provinces);
    free(wards);
    free(communes);
    free(ward_postal);
    free(commune_postal);
    free(lexunits);
    free(lexnames);
    free(strings.data);
    free(strings.slots);
    nsections = 0;
}
