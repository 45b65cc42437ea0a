/*
 * dbmap.c - mapping the runtime file (docs/FORMAT.md) and checking its
 * header and section table. Nothing past the table is read here: the
 * sections are used in place, their references checked as they are
 * followed (records.c, tileindex.c).
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE; pread, posix_memalign, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"

/* What each known section holds. */
typedef struct {
    uint32_t id;
    uint32_t element;
    uint32_t needs; /* 0: always; else the header flag that requires it */
} section_kind;

#define INDEX_KINDS(base, needs)                                                      \
    {(base) + VPC_SEC_INDEX_HEADER, sizeof(vpc_index_header), needs},                 \
    {(base) + VPC_SEC_INDEX_NODES, 4, needs},                                         \
    {(base) + VPC_SEC_INDEX_LEAVES, 4, needs},                                        \
    {(base) + VPC_SEC_INDEX_CANDS, sizeof(vpc_index_cand), needs},                    \
    {(base) + VPC_SEC_INDEX_RUNS, sizeof(vpc_index_run), needs},                      \
    {(base) + VPC_SEC_INDEX_BREAKS, 4, needs},                                        \
    {(base) + VPC_SEC_INDEX_VERTICES, 8, needs},                                      \
    {(base) + VPC_SEC_INDEX_RINGS, sizeof(vpc_index_ring), needs},                    \
    {(base) + VPC_SEC_INDEX_WARD_RINGS, 4, needs},                                    \
    {(base) + VPC_SEC_INDEX_UNIT_CODES, 5, needs}

static const section_kind kinds[] = {
    {VPC_SEC_STRINGS, 1, 0},
    {VPC_SEC_METADATA, sizeof(vpc_file_meta), 0},
    {VPC_SEC_PROVINCES, sizeof(vpc_file_province), 0},
    {VPC_SEC_WARDS, sizeof(vpc_file_ward), 0},
    {VPC_SEC_WARDS_BY_POSTAL, sizeof(vpc_file_postal), 0},
    {VPC_SEC_COMMUNES, sizeof(vpc_file_commune), VPC_FILE_HAS_LEGACY},
    {VPC_SEC_COMMUNE_WARDS, 4, VPC_FILE_HAS_LEGACY},
    {VPC_SEC_COMMUNES_BY_POSTAL, sizeof(vpc_file_postal), VPC_FILE_HAS_LEGACY},
    {VPC_SEC_WARD_COMMUNES_START, 4, VPC_FILE_HAS_LEGACY},
    {VPC_SEC_WARD_COMMUNES, 4, VPC_FILE_HAS_LEGACY},
    INDEX_KINDS(VPC_SEC_WARD_INDEX, 0),
    INDEX_KINDS(VPC_SEC_DISTRICT_INDEX, VPC_FILE_HAS_DISTRICTS),
    {VPC_SEC_LEX_UNITS, sizeof(vpc_file_lexunit), VPC_FILE_HAS_LEXICON},
    {VPC_SEC_LEX_NAMES, sizeof(vpc_file_lexname), VPC_FILE_HAS_LEXICON},
    {VPC_SEC_LEX_HASH, 4, VPC_FILE_HAS_LEXICON},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

#define HUGE_ALIGN ((size_t)2 << 20)

static int host_is_little_endian(void)
{
    const uint32_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 1;
}

/* The whole file in memory: mapped, or read when mapping is not wanted
 * or fails. */
static vpc_status load_file(vpc_db *db, const char *path, unsigned flags)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? VPC_E_DB_NOT_FOUND : VPC_E_DB_UNREADABLE;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return VPC_E_DB_UNREADABLE;
    }
    if (sb.st_size < (off_t)VPC_FILE_HEADER_SIZE || (uint64_t)sb.st_size > SIZE_MAX / 2) {
        close(fd);
        return VPC_E_DB_CORRUPT;
    }
    db->size = (size_t)sb.st_size;
    if (!(flags & VPC_OPEN_NO_MMAP)) {
        void *p = mmap(NULL, db->size, PROT_READ, MAP_SHARED, fd, 0);
        if (p != MAP_FAILED) {
            db->mem = p;
            db->base = p;
            db->mapped = 1;
            close(fd); /* the mapping keeps the file */
            return VPC_OK;
        }
    }
    /* Read into memory: aligned on 2 MiB and marked for huge pages where
     * the system has them (fewer TLB misses on the random reads of a
     * lookup); the pages are this process's own. */
    void *buf = NULL;
    if (posix_memalign(&buf, HUGE_ALIGN, db->size) != 0) {
        close(fd);
        return VPC_E_NO_MEMORY;
    }
#ifdef MADV_HUGEPAGE
    madvise(buf, db->size, MADV_HUGEPAGE); /* a hint: its failure changes nothing */
#endif
    size_t got = 0;
    while (got < db->size) {
        ssize_t n = pread(fd, (char *)buf + got, db->size - got, (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* an error, or the file shrank meanwhile */
        got += (size_t)n;
    }
    close(fd);
    if (got != db->size) {
        free(buf);
        return got < db->size ? VPC_E_DB_CORRUPT : VPC_E_DB_UNREADABLE;
    }
    db->mem = buf;
    db->base = buf;
    db->mapped = 0;
    return VPC_OK;
}

void vpc_db_unmap(vpc_db *db)
{
    if (db->mem == NULL)
        return;
    if (db->mapped)
        munmap(db->mem, db->size);
    else
        free(db->mem);
    db->mem = NULL;
    db->base = NULL;
}

static const vpc_file_section *find(const vpc_db *db, uint32_t id)
{
    for (uint32_t i = 0; i < db->nsections; i++)
        if (db->table[i].id == id)
            return &db->table[i];
    return NULL;
}

/* The section's data, or NULL if the file lacks it. */
static const void *section(const vpc_db *db, uint32_t id, uint32_t *count)
{
    const vpc_file_section *s = find(db, id);
    *count = 0;
    if (s == NULL)
        return NULL;
    *count = s->count;
    return db->base + s->offset;
}

static vpc_status check_header(vpc_db *db)
{
    vpc_file_header h;
    memcpy(&h, db->base, sizeof h);
    if (memcmp(h.magic, VPC_FILE_MAGIC, 8) != 0)
        return VPC_E_DB_CORRUPT;
    if (h.endian != VPC_FILE_ENDIAN)
        return VPC_E_DB_CORRUPT;
    if (vpc_crc32(0, db->base, offsetof(vpc_file_header, header_crc)) != h.header_crc)
        return VPC_E_DB_CORRUPT;
    if (h.version != VPC_FILE_VERSION || h.header_size != VPC_FILE_HEADER_SIZE)
        return VPC_E_DB_SCHEMA;
    if (h.file_size != db->size)
        return VPC_E_DB_CORRUPT; /* truncated, or extended */
    if (h.section_count == 0 || h.section_count > VPC_FILE_MAX_SECTIONS ||
        h.table_offset % 8 != 0 || h.table_offset > db->size ||
        (uint64_t)h.section_count * VPC_FILE_ENTRY_SIZE > db->size - h.table_offset)
        return VPC_E_DB_CORRUPT;
    db->table = (const vpc_file_section *)(db->base + h.table_offset);
    db->nsections = h.section_count;
    if (vpc_crc32(0, db->table, (size_t)h.section_count * VPC_FILE_ENTRY_SIZE) != h.table_crc)
        return VPC_E_DB_CORRUPT;
    db->flags = h.flags;
    if (db->flags & ~(uint32_t)(VPC_FILE_HAS_LEGACY | VPC_FILE_HAS_DISTRICTS |
                                VPC_FILE_HAS_LEXICON | VPC_FILE_HAS_LEGACY_LEXICON))
        return VPC_E_DB_SCHEMA; /* features this library does not know */
    if ((db->flags & VPC_FILE_HAS_DISTRICTS) && !(db->flags & VPC_FILE_HAS_LEGACY))
        return VPC_E_DB_CORRUPT;
    if ((db->flags & VPC_FILE_HAS_LEGACY_LEXICON) &&
        (db->flags & (VPC_FILE_HAS_LEXICON | VPC_FILE_HAS_LEGACY)) !=
            (VPC_FILE_HAS_LEXICON | VPC_FILE_HAS_LEGACY))
        return VPC_E_DB_CORRUPT;
    return VPC_OK;
}

/* Every entry inside the file and of its kind's shape; the kinds the
 * flags require present, each once. */
static vpc_status check_table(const vpc_db *db)
{
    for (uint32_t i = 0; i < db->nsections; i++) {
        const vpc_file_section *s = &db->table[i];
        if (s->offset % VPC_FILE_ALIGN != 0 || s->offset > db->size ||
            s->size > db->size - s->offset || s->element_size == 0 ||
            s->size != (uint64_t)s->element_size * s->count)
            return VPC_E_DB_CORRUPT;
        for (uint32_t k = 0; k < i; k++)
            if (db->table[k].id == s->id)
                return VPC_E_DB_CORRUPT;
        for (size_t k = 0; k < NKINDS; k++)
            if (kinds[k].id == s->id && kinds[k].element != s->element_size)
                return VPC_E_DB_CORRUPT;
        /* Sections of unknown kinds are allowed and ignored. */
    }
    for (size_t k = 0; k < NKINDS; k++)
        if ((kinds[k].needs == 0 || (db->flags & kinds[k].needs)) && find(db, kinds[k].id) == NULL)
            return VPC_E_DB_CORRUPT;
    return VPC_OK;
}

/* The arrays of the tile index at base, its counts checked against its
 * header, its grid against its nodes. */
static vpc_status setup_index(const vpc_db *db, uint32_t base, vpc_index *ix)
{
    uint32_t n[VPC_SEC_INDEX_PARTS];
    const void *p[VPC_SEC_INDEX_PARTS];
    for (uint32_t i = 0; i < VPC_SEC_INDEX_PARTS; i++)
        p[i] = section(db, base + i, &n[i]);
    if (n[VPC_SEC_INDEX_HEADER] != 1)
        return VPC_E_DB_CORRUPT;
    memcpy(&ix->h, p[VPC_SEC_INDEX_HEADER], sizeof ix->h);
    const vpc_index_header *h = &ix->h;
    if (memcmp(h->magic, VPC_INDEX_MAGIC, 8) != 0 || h->endian != 0x01020304u)
        return VPC_E_DB_CORRUPT;
    if (h->version != VPC_INDEX_VERSION)
        return VPC_E_DB_SCHEMA;
    if (n[VPC_SEC_INDEX_NODES] != h->n_nodes ||
        (uint64_t)n[VPC_SEC_INDEX_LEAVES] != (uint64_t)h->n_leaves + 1 ||
        (uint64_t)n[VPC_SEC_INDEX_CANDS] != (uint64_t)h->n_cands + 1 ||
        n[VPC_SEC_INDEX_RUNS] != h->n_runs || n[VPC_SEC_INDEX_BREAKS] != h->n_breaks ||
        n[VPC_SEC_INDEX_VERTICES] != h->n_vertices || n[VPC_SEC_INDEX_RINGS] != h->n_rings ||
        (uint64_t)n[VPC_SEC_INDEX_WARD_RINGS] != (uint64_t)h->n_wards + 1 ||
        n[VPC_SEC_INDEX_UNIT_CODES] != h->n_wards || h->n_wards == 0)
        return VPC_E_DB_CORRUPT;
    if (h->base_zoom > h->max_zoom || h->max_zoom > 30 || h->base_w == 0 || h->base_h == 0 ||
        (uint64_t)h->base_w * h->base_h > h->n_nodes ||
        (uint64_t)h->base_x0 + h->base_w > (1ull << h->base_zoom) ||
        (uint64_t)h->base_y0 + h->base_h > (1ull << h->base_zoom))
        return VPC_E_DB_CORRUPT;
    ix->nodes = p[VPC_SEC_INDEX_NODES];
    ix->leaves = p[VPC_SEC_INDEX_LEAVES];
    ix->cands = p[VPC_SEC_INDEX_CANDS];
    ix->runs = p[VPC_SEC_INDEX_RUNS];
    ix->breaks = p[VPC_SEC_INDEX_BREAKS];
    ix->vertices = p[VPC_SEC_INDEX_VERTICES];
    ix->rings = p[VPC_SEC_INDEX_RINGS];
    ix->ward_rings = p[VPC_SEC_INDEX_WARD_RINGS];
    ix->ward_codes = p[VPC_SEC_INDEX_UNIT_CODES];
    return VPC_OK;
}

static vpc_status setup(vpc_db *db)
{
    uint32_t n;
    db->strings = section(db, VPC_SEC_STRINGS, &n);
    if (n == 0 || db->strings[n - 1] != '\0')
        return VPC_E_DB_CORRUPT;
    db->strings_size = n;
    db->meta = section(db, VPC_SEC_METADATA, &n);
    db->nmeta = n;
    db->provinces = section(db, VPC_SEC_PROVINCES, &n);
    db->nprovinces = n;
    db->wards = section(db, VPC_SEC_WARDS, &n);
    db->nwards = n;
    db->by_postal = section(db, VPC_SEC_WARDS_BY_POSTAL, &n);
    if (n != db->nwards || db->nwards == 0 || db->nprovinces == 0 || db->nprovinces > 65535)
        return VPC_E_DB_CORRUPT;
    vpc_status st = setup_index(db, VPC_SEC_WARD_INDEX, &db->ix);
    if (st != VPC_OK)
        return st;
    if (db->ix.h.n_wards != db->nwards)
        return VPC_E_DB_CORRUPT;
    if (db->flags & VPC_FILE_HAS_LEXICON) {
        db->lexunits = section(db, VPC_SEC_LEX_UNITS, &n);
        db->nlexunits = n;
        db->lexnames = section(db, VPC_SEC_LEX_NAMES, &n);
        db->nlexnames = n;
        db->lexhash = section(db, VPC_SEC_LEX_HASH, &n);
        db->nlexhash = n;
        /* A power of two (a probe wraps with a mask). A name's key may be
         * shared with other names, so the names may outnumber the slots;
         * a probe is cut short after a full turn (lexicon.c). */
        if (n == 0 || (n & (n - 1)) != 0)
            return VPC_E_DB_CORRUPT;
        db->has_lexicon = (db->flags & VPC_FILE_HAS_LEGACY_LEXICON) ? 2 : 1;
    }
    if (!(db->flags & VPC_FILE_HAS_LEGACY))
        return VPC_OK;
    db->communes = section(db, VPC_SEC_COMMUNES, &n);
    db->ncommunes = n;
    db->legacy_wards = section(db, VPC_SEC_COMMUNE_WARDS, &n);
    db->nlegacy_wards = n;
    db->legacy_by_postal = section(db, VPC_SEC_COMMUNES_BY_POSTAL, &n);
    db->nlegacy_postal = n;
    db->ward_communes_start = section(db, VPC_SEC_WARD_COMMUNES_START, &n);
    if ((uint64_t)n != (uint64_t)db->nwards + 1)
        return VPC_E_DB_CORRUPT;
    db->ward_communes = section(db, VPC_SEC_WARD_COMMUNES, &n);
    db->nward_communes = n;
    db->has_legacy = 1;
    if (db->flags & VPC_FILE_HAS_DISTRICTS) {
        st = setup_index(db, VPC_SEC_DISTRICT_INDEX, &db->districts);
        if (st != VPC_OK)
            return st;
        db->has_districts = 1;
    }
    return VPC_OK;
}

vpc_status vpc_db_map(vpc_db *db, const char *path, unsigned flags)
{
    if (!host_is_little_endian())
        return VPC_E_DB_SCHEMA; /* docs/FORMAT.md: little-endian hosts only */
    vpc_status st = load_file(db, path, flags);
    if (st == VPC_OK)
        st = check_header(db);
    if (st == VPC_OK)
        st = check_table(db);
    if (st == VPC_OK)
        st = setup(db);
    return st;
}
