/*
 * indexload.c - reading the tile index from its table and checking it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

vpc_status vpc_db_sqlite_status(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_NOMEM:
        return VPC_E_NO_MEMORY;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        return VPC_E_DB_UNREADABLE;
    case SQLITE_ERROR: /* no such table or column */
        return VPC_E_DB_SCHEMA;
    default: /* SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR (short file), ... */
        return VPC_E_DB_CORRUPT;
    }
}

typedef struct {
    const char *name;
    size_t element;  /* bytes per element */
    void **dest;
    uint64_t count;  /* expected elements, from the header */
} part;

static vpc_status read_part(sqlite3 *sql, const char *table, const part *p)
{
    sqlite3_stmt *st;
    char q[100];
    snprintf(q, sizeof q, "SELECT data FROM %s WHERE name = ?1", table);
    int rc = sqlite3_prepare_v2(sql, q, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return vpc_db_sqlite_status(rc);
    sqlite3_bind_text(st, 1, p->name, -1, SQLITE_STATIC);
    vpc_status status = VPC_E_DB_CORRUPT;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const void *data = sqlite3_column_blob(st, 0);
        uint64_t bytes = (uint64_t)sqlite3_column_bytes(st, 0);
        if (bytes == p->count * p->element && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
            *p->dest = malloc(bytes ? (size_t)bytes : 1);
            if (*p->dest == NULL) {
                status = VPC_E_NO_MEMORY;
            } else {
                if (bytes)
                    memcpy(*p->dest, data, (size_t)bytes);
                status = VPC_OK;
            }
        }
    } else if (rc != SQLITE_DONE) {
        status = vpc_db_sqlite_status(rc);
    }
    sqlite3_finalize(st);
    return status;
}

static vpc_status read_header(sqlite3 *sql, const char *table, vpc_index_header *h)
{
    void *buf = NULL;
    part p = {"header", sizeof *h, &buf, 1};
    vpc_status st = read_part(sql, table, &p);
    if (st != VPC_OK)
        return st;
    memcpy(h, buf, sizeof *h);
    free(buf);
    if (memcmp(h->magic, VPC_INDEX_MAGIC, 8) != 0 || h->endian != 0x01020304u)
        return VPC_E_DB_CORRUPT;
    if (h->version != VPC_INDEX_VERSION)
        return VPC_E_DB_SCHEMA;
    return VPC_OK;
}

/* Every reference inside the index points inside it. */
static int index_consistent(const vpc_index *ix)
{
    const vpc_index_header *h = &ix->h;
    if (h->base_zoom > h->max_zoom || h->max_zoom > 30 || h->base_w == 0 || h->base_h == 0 ||
        (uint64_t)h->base_w * h->base_h > h->n_nodes ||
        (uint64_t)h->base_x0 + h->base_w > (1ull << h->base_zoom) ||
        (uint64_t)h->base_y0 + h->base_h > (1ull << h->base_zoom) || h->n_wards == 0)
        return 0;
    for (uint32_t i = 0; i < h->n_nodes; i++) {
        uint32_t w = ix->nodes[i], v = VPC_NODE_PAYLOAD(w);
        switch (VPC_NODE_TAG(w)) {
        case VPC_NODE_FULL:
            if (v >= h->n_wards) return 0;
            break;
        case VPC_NODE_MIXED:
            if (v >= h->n_leaves) return 0;
            break;
        case VPC_NODE_INTERNAL:
            if ((uint64_t)v + 4 > h->n_nodes) return 0;
            break;
        default:
            break;
        }
    }
    for (uint32_t i = 0; i < h->n_leaves; i++)
        if (ix->leaves[i] > ix->leaves[i + 1]) return 0;
    if (ix->leaves[h->n_leaves] != h->n_cands)
        return 0;
    for (uint32_t i = 0; i < h->n_cands; i++) {
        const vpc_index_cand *c = &ix->cands[i];
        if ((c->ward & ~VPC_CAND_PARITY) >= h->n_wards || c->run_start > c[1].run_start ||
            c->break_start > c[1].break_start)
            return 0;
    }
    if (ix->cands[h->n_cands].run_start != h->n_runs ||
        ix->cands[h->n_cands].break_start != h->n_breaks)
        return 0;
    for (uint32_t i = 0; i < h->n_runs; i++)
        if ((uint64_t)ix->runs[i].vertex + ix->runs[i].edges >= h->n_vertices) return 0;
    for (uint32_t i = 0; i < h->n_rings; i++)
        if (ix->rings[i].count < 1 ||
            (uint64_t)ix->rings[i].vertex + ix->rings[i].count > h->n_vertices) return 0;
    for (uint32_t i = 0; i < h->n_wards; i++)
        if (ix->ward_rings[i] > ix->ward_rings[i + 1]) return 0;
    return ix->ward_rings[h->n_wards] == h->n_rings;
}

vpc_status vpc_index_load(sqlite3 *sql, const char *table, vpc_index *ix)
{
    memset(ix, 0, sizeof *ix);
    vpc_status st = read_header(sql, table, &ix->h);
    if (st != VPC_OK)
        return st;
    const vpc_index_header *h = &ix->h;
    part parts[] = {
        {"nodes", 4, (void **)&ix->nodes, h->n_nodes},
        {"leaves", 4, (void **)&ix->leaves, (uint64_t)h->n_leaves + 1},
        {"cands", sizeof(vpc_index_cand), (void **)&ix->cands, (uint64_t)h->n_cands + 1},
        {"runs", sizeof(vpc_index_run), (void **)&ix->runs, h->n_runs},
        {"breaks", 4, (void **)&ix->breaks, h->n_breaks},
        {"vertices", 8, (void **)&ix->vertices, h->n_vertices},
        {"rings", sizeof(vpc_index_ring), (void **)&ix->rings, h->n_rings},
        {"ward_rings", 4, (void **)&ix->ward_rings, (uint64_t)h->n_wards + 1},
        {"ward_codes", 5, (void **)&ix->ward_codes, h->n_wards},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        st = read_part(sql, table, &parts[i]);
        if (st != VPC_OK) {
            vpc_index_free(ix);
            return st;
        }
    }
    if (!index_consistent(ix)) {
        vpc_index_free(ix);
        return VPC_E_DB_CORRUPT;
    }
    return VPC_OK;
}

void vpc_index_free(vpc_index *ix)
{
    free(ix->nodes);
    free(ix->leaves);
    free(ix->cands);
    free(ix->runs);
    free(ix->breaks);
    free(ix->vertices);
    free(ix->rings);
    free(ix->ward_rings);
    free(ix->ward_codes);
    memset(ix, 0, sizeof *ix);
}
