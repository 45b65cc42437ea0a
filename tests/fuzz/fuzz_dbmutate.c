/*
 * fuzz_dbmutate.c - vpc_open_v2 on damaged versions of a small VALID
 * runtime file (docs/FORMAT.md), so that mutations get past the header and
 * section table checks of vpc_open (dbmap.c) and reach what the lookups
 * check as they follow references (records.c, tileindex.c), and what
 * vpc_db_verify checks (dbverify.c).
 *
 * The real database (~100 MB) is far too big to mutate per execution, so
 * LLVMFuzzerInitialize builds a miniature from its SQLite file
 * ($VPOSTCODE_SQLITE, with its runtime file next to it; the fuzzer stops
 * at once without them): the rows vpc-pack reads for five wards (four in
 * Hà Nội and the long-form special zone of Hoàng Sa), their provinces,
 * the small metadata, the pre-2025 communes that became those wards with
 * their districts and provinces, and a tile index over just those wards
 * built from their real rings (and one over the districts). The
 * miniature's index is exact: each leaf lists every ward with all its
 * edges, so lookups in it give what the real index gives, which the
 * initialisation checks. That database is written to a temporary file and
 * packed into a runtime file by vpc-pack's own code (geodata/packread.c,
 * geodata/packwrite.c): the miniature runtime file.
 *
 * Each input is an options byte, then a list of edits of that file's bytes
 * (10 bytes each, see edit()): bytes and 32-bit words of a section (chosen
 * by its index in the table, the offset modulo its size), words set to
 * counts, sizes and tags that mean something in the file, elements of a
 * section swapped, header fields, fields of section table entries
 * (identifier, element size, offset, size, count, checksum), entries
 * swapped, the file truncated (at a section boundary or anywhere) or
 * extended. After the edits the file is made self-consistent again unless
 * the options say not to: each section's CRC-32 recomputed (so that
 * vpc_db_verify looks past the checksums at the references), the header's
 * file size set to the real size, the table's and the header's CRC-32s
 * recomputed (so that edits of the table reach the lookups). The file is
 * then opened from a temporary file in $TMPDIR, mapped or read; whatever
 * opens is checked with vpc_db_verify and exercised by every call
 * (fuzz_db.h), then closed. An empty input opens the miniature as it is.
 *
 * Options byte: bit 0 VPC_OPEN_NO_MMAP, bit 1 VPC_OPEN_VERIFY, bit 2 keep
 * the sections' CRCs as edited, bit 3 keep the header's file size as
 * edited, bit 4 keep the table's and the header's CRCs as edited.
 *
 * Invariants (a broken one traps): those of fuzz_open (documented
 * statuses, the handle written only on success, nothing leaked), and: if
 * vpc_db_verify passes, no call gives VPC_E_DB_CORRUPT; a file opened
 * with VPC_OPEN_VERIFY verifies; with no edits, the file opens and
 * verifies.
 *
 * FUZZ_DBMUTATE_DUMP=FILE.vpc writes the miniature runtime file there at
 * start-up, and the SQLite database it was packed from to FILE.sqlite
 * (vpc_open opens either).
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include <sqlite3.h>

#include "fuzz_db.h"
#include "format.h"    /* the runtime file's layout, vpc_crc32 */
#include "packread.h"  /* pack_read, pack_write: vpc-pack's own code */
#include "tileindex.h" /* the index layout and the point rule */
#include "tilemath.h"

/* The miniature's wards: GSO codes, in code order. */
static const char *const chosen[] = {"00004", "00008", "00070", "00097", "20333"};
#define NCHOSEN (sizeof chosen / sizeof chosen[0])
#define WARD_LIST "('00004','00008','00070','00097','20333')"

/* ---- tables in memory ---------------------------------------------------- */

typedef struct {
    int type; /* SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB, SQLITE_NULL */
    sqlite3_int64 i;
    double d;
    unsigned char *p;
    size_t n;
} value;

typedef struct {
    const char *name;
    int ncols;
    const char *cols[16];
    value *v;     /* nrows * ncols */
    size_t nrows;
    int present;
    int own_cols; /* cols strdup'd */
} table;

enum { T_METADATA, T_PROVINCES, T_WARDS, T_TILE_INDEX, T_LEGACY_UNITS, T_LEGACY_COMMUNES,
       T_LEGACY_MAP, T_LEGACY_TILE_INDEX, NTABLES };

static table tmpl[NTABLES];

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_dbmutate: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        die("out of memory", NULL);
    return p;
}

static void add_row(table *t, const value *row)
{
    t->v = realloc(t->v, (t->nrows + 1) * (size_t)t->ncols * sizeof *t->v);
    if (t->v == NULL)
        die("out of memory", NULL);
    memcpy(t->v + t->nrows * (size_t)t->ncols, row, (size_t)t->ncols * sizeof *row);
    t->nrows++;
}

static value blob_value(const void *p, size_t n, int type)
{
    value v = {type, 0, 0, xmalloc(n), n};
    memcpy(v.p, p, n);
    return v;
}

static value text_value(const char *s)
{
    return blob_value(s, strlen(s), SQLITE_TEXT);
}

/* Rows of a query on the real database into table t. */
static void load_rows(sqlite3 *sql, table *t, const char *query)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(sql, query, -1, &st, NULL) != SQLITE_OK)
        die("query on the real database failed", sqlite3_errmsg(sql));
    t->ncols = sqlite3_column_count(st);
    for (int c = 0; c < t->ncols; c++)
        t->cols[c] = strdup(sqlite3_column_name(st, c));
    t->own_cols = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        value row[16];
        for (int c = 0; c < t->ncols; c++) {
            int type = sqlite3_column_type(st, c);
            value v = {type, 0, 0, NULL, 0};
            if (type == SQLITE_INTEGER)
                v.i = sqlite3_column_int64(st, c);
            else if (type == SQLITE_FLOAT)
                v.d = sqlite3_column_double(st, c);
            else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
                const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_column_text(st, c)
                                                    : sqlite3_column_blob(st, c);
                v = blob_value(p, (size_t)sqlite3_column_bytes(st, c), type);
            }
            row[c] = v;
        }
        add_row(t, row);
    }
    if (rc != SQLITE_DONE)
        die("reading the real database failed", sqlite3_errmsg(sql));
    sqlite3_finalize(st);
    t->present = 1;
}

/* ---- a tile index over a few units, from the real one --------------------- */

typedef struct {
    unsigned char *p;
    size_t n, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
    if (b->n + n > b->cap) {
        b->cap = (b->n + n) * 2;
        b->p = realloc(b->p, b->cap);
        if (b->p == NULL)
            die("out of memory", NULL);
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
}

static void put32(bytes *b, uint32_t v)
{
    put(b, &v, 4);
}

static void *part(sqlite3 *sql, const char *tab, const char *name, size_t *n)
{
    char q[160];
    sqlite3_stmt *st;
    snprintf(q, sizeof q, "SELECT data FROM src.%s WHERE name = '%s'", tab, name);
    if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        die("the real database has no index part", name);
    *n = (size_t)sqlite3_column_bytes(st, 0);
    void *p = xmalloc(*n);
    memcpy(p, sqlite3_column_blob(st, 0), *n);
    sqlite3_finalize(st);
    return p;
}

/* A ring of a unit, its vertices in index units. */
typedef struct {
    uint32_t vertex, count, flags; /* in the miniature's vertices */
    const int32_t *v;
    double x0, y0, x1, y1;         /* bounding box */
} ring;

typedef struct {
    ring *rings;
    size_t nrings;
} unit;

/* The index being built. */
typedef struct {
    const unit *units;
    size_t nunits;
    int max_zoom;
    bytes nodes, leaves, cands, runs, breaks;
    uint32_t nnodes, nleaves, ncands, nruns, nbreaks;
} builder;

static int box_meets(double ax0, double ay0, double ax1, double ay1, double bx0, double by0,
                     double bx1, double by1)
{
    return ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1;
}

/* Does an edge of the ring meet the box (index units)? */
static int ring_edges_meet(const ring *r, double x0, double y0, double x1, double y1)
{
    if (!box_meets(r->x0, r->y0, r->x1, r->y1, x0, y0, x1, y1))
        return 0;
    for (uint32_t i = 0; i + 1 < r->count; i++)
        if (vpc_segment_meets_box(r->v + 2 * i, r->v + 2 * i + 2, x0, y0, x1, y1))
            return 1;
    return 0;
}

/* The library's rule, over all the unit's rings. */
static int unit_contains(const unit *u, double px, double py)
{
    int inside = 0;
    for (size_t k = 0; k < u->nrings; k++) {
        const ring *r = &u->rings[k];
        for (uint32_t i = 0; i + 1 < r->count; i++)
            inside ^= vpc_edge_crossed(r->v[2 * i], r->v[2 * i + 1], r->v[2 * i + 2], r->v[2 * i + 3],
                                       px, py);
    }
    return inside;
}

/* The node word of tile (z, x, y). A tile that no edge meets is empty or
 * inside one unit; one that edges meet is split down to max_zoom, where
 * it becomes a mixed leaf whose candidates are the units with a ring
 * near the tile, each with those rings whole. A ring that misses the
 * tile crosses a ray from inside it an even number of times (it is
 * closed), so leaving it out changes nothing: the leaf is exact, without
 * the parities and flip latitudes of the real builder. Odd leaves get a
 * flip latitude above every point (never reached), so that that loop of
 * the lookup runs too. */
static uint32_t build_node(builder *b, int z, uint32_t x, uint32_t y)
{
    double w, s, e, n;
    vpc_tile_bounds(z, x, y, &w, &s, &e, &n);
    const double m = 10.0; /* index units: far more than rounding */
    double x0 = w * VPC_INDEX_SCALE - m, y0 = s * VPC_INDEX_SCALE - m;
    double x1 = e * VPC_INDEX_SCALE + m, y1 = n * VPC_INDEX_SCALE + m;
    int edges = 0;
    for (size_t u = 0; u < b->nunits && !edges; u++)
        for (size_t k = 0; k < b->units[u].nrings && !edges; k++)
            edges = ring_edges_meet(&b->units[u].rings[k], x0, y0, x1, y1);
    if (!edges) {
        double cx = (w + e) / 2 * VPC_INDEX_SCALE, cy = (s + n) / 2 * VPC_INDEX_SCALE;
        for (size_t u = 0; u < b->nunits; u++)
            if (unit_contains(&b->units[u], cx, cy))
                return VPC_NODE(VPC_NODE_FULL, u); /* the lowest code wins */
        return VPC_NODE(VPC_NODE_EMPTY, 0);
    }
    if (z < b->max_zoom) {
        uint32_t first = b->nnodes;
        b->nnodes += 4;
        for (int i = 0; i < 4; i++)
            put32(&b->nodes, 0);
        for (uint32_t c = 0; c < 4; c++) {
            uint32_t word = build_node(b, z + 1, 2 * x + (c & 1), 2 * y + (c >> 1));
            memcpy(b->nodes.p + 4 * (size_t)(first + c), &word, 4);
        }
        return VPC_NODE(VPC_NODE_INTERNAL, first);
    }
    uint32_t leaf = b->nleaves++;
    put32(&b->leaves, b->ncands);
    for (size_t u = 0; u < b->nunits; u++) {
        int listed = 0;
        for (size_t k = 0; k < b->units[u].nrings; k++) {
            const ring *r = &b->units[u].rings[k];
            if (!box_meets(r->x0, r->y0, r->x1, r->y1, x0, y0, x1, y1))
                continue;
            if (!listed) {
                vpc_index_cand c = {(uint32_t)u, b->nruns, b->nbreaks};
                put(&b->cands, &c, sizeof c);
                b->ncands++;
                listed = 1;
                if (leaf % 2) {
                    put32(&b->breaks, 900000000u); /* 90 degrees */
                    b->nbreaks++;
                }
            }
            vpc_index_run run = {r->vertex, r->count - 1};
            put(&b->runs, &run, sizeof run);
            b->nruns++;
        }
    }
    return VPC_NODE(VPC_NODE_MIXED, leaf);
}

/* The index of table `tab` restricted to the units whose codes (5 bytes,
 * NUL-padded) are given, in the order given, into table t as name/data
 * rows. The vertices are read from the real blob piece by piece. */
static void build_index(sqlite3 *sql, const char *tab, char (*codes)[5], size_t ncodes, table *t)
{
    size_t hn, rn, wrn, cn;
    vpc_index_header *rh = part(sql, tab, "header", &hn);
    uint32_t *rrings = part(sql, tab, "rings", &rn);
    uint32_t *rward_rings = part(sql, tab, "ward_rings", &wrn);
    char *rcodes = part(sql, tab, "ward_codes", &cn);
    if (hn != sizeof *rh || cn != 5 * (size_t)rh->n_wards || rn != 12 * (size_t)rh->n_rings)
        die("unexpected index layout in", tab);
    char q[160];
    sqlite3_stmt *st;
    snprintf(q, sizeof q, "SELECT rowid FROM src.%s WHERE name = 'vertices'", tab);
    if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        die("no vertices in", tab);
    sqlite3_int64 rowid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_blob *blob;
    if (sqlite3_blob_open(sql, "src", tab, "data", rowid, 0, &blob) != SQLITE_OK)
        die("cannot read the vertices of", tab);

    bytes vertices = {0}, rings = {0}, ward_rings = {0}, ward_codes = {0};
    unit *units = xmalloc(ncodes * sizeof *units);
    uint32_t nv = 0, nr = 0;
    double south = 90, north = -90, west = 180, east = -180;
    for (size_t k = 0; k < ncodes; k++) {
        size_t o = 0;
        while (o < rh->n_wards && memcmp(rcodes + 5 * o, codes[k], 5) != 0)
            o++;
        if (o == rh->n_wards)
            die("a unit of the miniature is not in the index of", tab);
        put32(&ward_rings, nr);
        put(&ward_codes, codes[k], 5);
        units[k].nrings = rward_rings[o + 1] - rward_rings[o];
        units[k].rings = xmalloc(units[k].nrings * sizeof *units[k].rings);
        for (uint32_t r = rward_rings[o]; r < rward_rings[o + 1]; r++) {
            uint32_t vertex = rrings[3 * r], count = rrings[3 * r + 1], flags = rrings[3 * r + 2];
            int32_t *v = xmalloc(8 * (size_t)count);
            if (sqlite3_blob_read(blob, v, (int)(8 * count), (int)(8 * vertex)) != SQLITE_OK)
                die("cannot read the vertices of", tab);
            ring *g = &units[k].rings[r - rward_rings[o]];
            *g = (ring){nv, count, flags, v, 1e300, 1e300, -1e300, -1e300};
            for (uint32_t i = 0; i < count; i++) {
                double lon = v[2 * i] / VPC_INDEX_SCALE, lat = v[2 * i + 1] / VPC_INDEX_SCALE;
                south = lat < south ? lat : south;
                north = lat > north ? lat : north;
                west = lon < west ? lon : west;
                east = lon > east ? lon : east;
                g->x0 = v[2 * i] < g->x0 ? v[2 * i] : g->x0;
                g->x1 = v[2 * i] > g->x1 ? v[2 * i] : g->x1;
                g->y0 = v[2 * i + 1] < g->y0 ? v[2 * i + 1] : g->y0;
                g->y1 = v[2 * i + 1] > g->y1 ? v[2 * i + 1] : g->y1;
            }
            put(&vertices, v, 8 * (size_t)count);
            put32(&rings, nv);
            put32(&rings, count);
            put32(&rings, flags);
            nv += count;
            nr++;
        }
    }
    put32(&ward_rings, nr);
    sqlite3_blob_close(blob);

    /* A base grid at zoom 8 over the units, refined to zoom 16 along
     * their boundaries. */
    vpc_index_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, VPC_INDEX_MAGIC, 8);
    h.version = VPC_INDEX_VERSION;
    h.endian = 0x01020304u;
    h.base_zoom = 8;
    h.max_zoom = 16;
    double fx0, fy0, fx1, fy1;
    vpc_tile_from_lonlat(west, north, (int)h.base_zoom, &fx0, &fy0);
    vpc_tile_from_lonlat(east, south, (int)h.base_zoom, &fx1, &fy1);
    h.base_x0 = (uint32_t)fx0;
    h.base_y0 = (uint32_t)fy0;
    h.base_w = (uint32_t)fx1 - h.base_x0 + 1;
    h.base_h = (uint32_t)fy1 - h.base_y0 + 1;
    builder b;
    memset(&b, 0, sizeof b);
    b.units = units;
    b.nunits = ncodes;
    b.max_zoom = (int)h.max_zoom;
    b.nnodes = h.base_w * h.base_h;
    for (uint32_t i = 0; i < b.nnodes; i++)
        put32(&b.nodes, 0);
    for (uint32_t i = 0; i < h.base_w * h.base_h; i++) {
        uint32_t word = build_node(&b, (int)h.base_zoom, h.base_x0 + i % h.base_w, h.base_y0 + i / h.base_w);
        memcpy(b.nodes.p + 4 * (size_t)i, &word, 4);
    }
    put32(&b.leaves, b.ncands);
    vpc_index_cand sentinel = {0, b.nruns, b.nbreaks};
    put(&b.cands, &sentinel, sizeof sentinel);
    h.n_nodes = b.nnodes;
    h.n_leaves = b.nleaves;
    h.n_cands = b.ncands;
    h.n_runs = b.nruns;
    h.n_breaks = b.nbreaks;
    h.n_vertices = nv;
    h.n_rings = nr;
    h.n_wards = (uint32_t)ncodes;

    static const char *const names[] = {"header", "nodes", "leaves", "cands", "runs", "breaks",
                                        "vertices", "rings", "ward_rings", "ward_codes"};
    bytes *parts[] = {NULL, &b.nodes, &b.leaves, &b.cands, &b.runs, &b.breaks,
                      &vertices, &rings, &ward_rings, &ward_codes};
    t->ncols = 2;
    t->cols[0] = "name";
    t->cols[1] = "data";
    t->present = 1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        value row[2] = {text_value(names[i]),
                        i == 0 ? blob_value(&h, sizeof h, SQLITE_BLOB)
                               : blob_value(parts[i]->p ? (const void *)parts[i]->p : (const void *)"",
                                            parts[i]->n, SQLITE_BLOB)};
        add_row(t, row);
        if (i > 0)
            free(parts[i]->p);
    }
    for (size_t k = 0; k < ncodes; k++) {
        for (size_t r = 0; r < units[k].nrings; r++)
            free((void *)(uintptr_t)units[k].rings[r].v);
        free(units[k].rings);
    }
    free(units);
    free(rh);
    free(rrings);
    free(rward_rings);
    free(rcodes);
}

/* ---- writing a database --------------------------------------------------- */

static unsigned char *write_image(const table *tabs, size_t *size)
{
    sqlite3 *sql;
    if (sqlite3_open_v2(":memory:", &sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        die("sqlite3_open", NULL);
    sqlite3_exec(sql, "PRAGMA page_size = 1024; BEGIN", NULL, NULL, NULL);
    for (int k = 0; k < NTABLES; k++) {
        const table *t = &tabs[k];
        if (!t->present)
            continue;
        char q[1024];
        size_t o = (size_t)snprintf(q, sizeof q, "CREATE TABLE %s(", t->name);
        for (int c = 0; c < t->ncols; c++)
            o += (size_t)snprintf(q + o, sizeof q - o, "%s\"%s\"", c ? ", " : "", t->cols[c]);
        snprintf(q + o, sizeof q - o, ")");
        if (sqlite3_exec(sql, q, NULL, NULL, NULL) != SQLITE_OK)
            die("CREATE TABLE failed", sqlite3_errmsg(sql));
        o = (size_t)snprintf(q, sizeof q, "INSERT INTO %s VALUES (", t->name);
        for (int c = 0; c < t->ncols; c++)
            o += (size_t)snprintf(q + o, sizeof q - o, "%s?", c ? ", " : "");
        snprintf(q + o, sizeof q - o, ")");
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK)
            die("INSERT failed", sqlite3_errmsg(sql));
        for (size_t r = 0; r < t->nrows; r++) {
            for (int c = 0; c < t->ncols; c++) {
                const value *v = &t->v[r * (size_t)t->ncols + (size_t)c];
                switch (v->type) {
                case SQLITE_INTEGER: sqlite3_bind_int64(st, c + 1, v->i); break;
                case SQLITE_FLOAT: sqlite3_bind_double(st, c + 1, v->d); break;
                case SQLITE_TEXT:
                    sqlite3_bind_text(st, c + 1, (const char *)v->p, (int)v->n, SQLITE_STATIC);
                    break;
                case SQLITE_BLOB:
                    sqlite3_bind_blob(st, c + 1, v->p ? (const void *)v->p : (const void *)"", (int)v->n,
                                      SQLITE_STATIC);
                    break;
                default: sqlite3_bind_null(st, c + 1); break;
                }
            }
            if (sqlite3_step(st) != SQLITE_DONE)
                die("INSERT failed", sqlite3_errmsg(sql));
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
    }
    sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL);
    sqlite3_int64 n = 0;
    unsigned char *image = sqlite3_serialize(sql, "main", &n, 0);
    if (image == NULL)
        die("sqlite3_serialize failed", NULL);
    sqlite3_close(sql);
    *size = (size_t)n;
    return image; /* sqlite3_free */
}

/* ---- the miniature, in SQLite -------------------------------------------- */

/* The miniature as an SQLite database, in memory (sqlite3_free). */
static unsigned char *build_sqlite(const char *real, size_t *size)
{
    sqlite3 *sql;
    if (sqlite3_open_v2(":memory:", &sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
        die("sqlite3_open", NULL);
    char *uri = sqlite3_mprintf("file:%s?immutable=1", real);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(sql, "ATTACH ?1 AS src", -1, &st, NULL) != SQLITE_OK)
        die("ATTACH", sqlite3_errmsg(sql));
    sqlite3_bind_text(st, 1, uri, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        die("cannot open the real database", real);
    sqlite3_finalize(st);
    sqlite3_free(uri);

    static const char *const names[NTABLES] = {
        "metadata", "provinces", "wards", "tile_index", "legacy_units", "legacy_communes",
        "legacy_map", "legacy_tile_index"};
    for (int k = 0; k < NTABLES; k++)
        tmpl[k].name = names[k];

    load_rows(sql, &tmpl[T_METADATA],
              "SELECT key, value FROM src.metadata WHERE length(value) < 160 ORDER BY key");
    load_rows(sql, &tmpl[T_WARDS],
              "SELECT code, postal_code, name, name_ascii, unit_type, long_form, ref_lat, ref_lon,"
              " min_lat, min_lon, max_lat, max_lon, province_code FROM src.wards"
              " WHERE code IN " WARD_LIST " ORDER BY code");
    load_rows(sql, &tmpl[T_PROVINCES],
              "SELECT code, name, name_ascii, postal_prefixes FROM src.provinces WHERE code IN"
              " (SELECT province_code FROM src.wards WHERE code IN " WARD_LIST ") ORDER BY code");
    if (tmpl[T_WARDS].nrows != NCHOSEN)
        die("the real database lacks a ward of the miniature", NULL);
    char codes[NCHOSEN][5];
    for (size_t i = 0; i < NCHOSEN; i++)
        memcpy(codes[i], chosen[i], 5);
    build_index(sql, "tile_index", codes, NCHOSEN, &tmpl[T_TILE_INDEX]);

    int legacy = 0;
    if (sqlite3_prepare_v2(sql, "SELECT count(*) FROM src.sqlite_master WHERE name IN"
                                " ('legacy_units', 'legacy_communes', 'legacy_map')", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        legacy = sqlite3_column_int(st, 0) == 3;
    sqlite3_finalize(st);
    if (legacy) {
        load_rows(sql, &tmpl[T_LEGACY_MAP],
                  "SELECT old_code, new_code FROM src.legacy_map WHERE new_code IN " WARD_LIST
                  " ORDER BY old_code, new_code");
        load_rows(sql, &tmpl[T_LEGACY_COMMUNES],
                  "SELECT code, postal_code, ref_lat, ref_lon, district_code, province_code"
                  " FROM src.legacy_communes WHERE code IN (SELECT old_code FROM src.legacy_map"
                  " WHERE new_code IN " WARD_LIST ") ORDER BY code");
        load_rows(sql, &tmpl[T_LEGACY_UNITS],
                  "WITH c AS (SELECT * FROM src.legacy_communes WHERE code IN (SELECT old_code"
                  " FROM src.legacy_map WHERE new_code IN " WARD_LIST "))"
                  " SELECT code, name FROM src.legacy_units WHERE code IN (SELECT code FROM c"
                  " UNION SELECT district_code FROM c UNION SELECT province_code FROM c) ORDER BY code");
        int districts = 0;
        if (sqlite3_prepare_v2(sql, "SELECT count(*) FROM src.sqlite_master WHERE name ="
                                    " 'legacy_tile_index'", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            districts = sqlite3_column_int(st, 0) == 1;
        sqlite3_finalize(st);
        if (districts) {
            /* The districts of those communes that the real index has. */
            size_t cn;
            char *rcodes = part(sql, "legacy_tile_index", "ward_codes", &cn);
            char dcodes[64][5];
            size_t nd = 0;
            const table *c = &tmpl[T_LEGACY_COMMUNES];
            for (size_t r = 0; r < c->nrows && nd < 64; r++) {
                const value *v = &c->v[r * (size_t)c->ncols + 4];
                char code[5] = {0};
                if (v->type != SQLITE_TEXT || v->n > 5)
                    continue;
                memcpy(code, v->p, v->n);
                int seen = 0, indexed = 0;
                for (size_t k = 0; k < nd; k++)
                    seen |= memcmp(dcodes[k], code, 5) == 0;
                for (size_t k = 0; k < cn / 5; k++)
                    indexed |= memcmp(rcodes + 5 * k, code, 5) == 0;
                if (!seen && indexed)
                    memcpy(dcodes[nd++], code, 5);
            }
            free(rcodes);
            if (nd > 0)
                build_index(sql, "legacy_tile_index", dcodes, nd, &tmpl[T_LEGACY_TILE_INDEX]);
        }
    }
    sqlite3_close(sql);

    *size = 0;
    unsigned char *image = write_image(tmpl, size);
    for (int k = 0; k < NTABLES; k++) {
        table *t = &tmpl[k];
        for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
            free(t->v[i].p);
        free(t->v);
        for (int c = 0; c < t->ncols && t->own_cols; c++)
            free((void *)(uintptr_t)t->cols[c]);
    }
    memset(tmpl, 0, sizeof tmpl);
    return image; /* sqlite3_free */
}

/* ---- the miniature runtime file ------------------------------------------- */

static unsigned char *tmpl_image; /* the runtime file */
static size_t tmpl_size;
static vpc_file_section tmpl_sec[VPC_FILE_MAX_SECTIONS]; /* its section table */
static uint32_t tmpl_nsec;
static uint64_t tmpl_table_offset;

/* Values that mean something in the file: counts, sizes, offsets, the
 * index headers' fields, node tags, limits. */
static uint32_t specials[512];
static size_t nspecials;

static void add_special(uint32_t v)
{
    if (nspecials < sizeof specials / sizeof specials[0])
        specials[nspecials++] = v;
}

static void write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
        die("cannot write", path);
}

static unsigned char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0)
        die("cannot read", path);
    long size = ftell(f);
    if (size <= 0 || fseek(f, 0, SEEK_SET) != 0)
        die("cannot read", path);
    unsigned char *p = xmalloc((size_t)size);
    if (fread(p, 1, (size_t)size, f) != (size_t)size)
        die("cannot read", path);
    fclose(f);
    *n = (size_t)size;
    return p;
}

/* The SQLite miniature packed by vpc-pack's code into tmpl_image. */
static void build_template(const char *real, const char *dump)
{
    size_t n;
    unsigned char *image = build_sqlite(real, &n);
    char sqlpath[4096], vpcpath[4096];
    fuzz_write_temp(image, n, sqlpath);
    pack_src src;
    char err[512];
    if (pack_read(sqlpath, &src, err, sizeof err) != VPC_OK)
        die("vpc-pack cannot read the miniature", err);
    unlink(sqlpath);
    fuzz_write_temp("", 0, vpcpath);
    pack_write(&src, vpcpath, NULL);
    pack_free(&src);
    tmpl_image = read_file(vpcpath, &tmpl_size);
    unlink(vpcpath);
    if (dump != NULL && *dump != '\0') {
        size_t len = strlen(dump);
        char *sqlname = xmalloc(len + sizeof ".sqlite");
        memcpy(sqlname, dump, len + 1);
        if (len > 4 && strcmp(dump + len - 4, ".vpc") == 0)
            sqlname[len - 4] = '\0';
        strcat(sqlname, ".sqlite");
        write_file(dump, tmpl_image, tmpl_size);
        write_file(sqlname, image, n);
        free(sqlname);
    }
    sqlite3_free(image);

    vpc_file_header h;
    memcpy(&h, tmpl_image, sizeof h);
    tmpl_nsec = h.section_count;
    tmpl_table_offset = h.table_offset;
    memcpy(tmpl_sec, tmpl_image + h.table_offset, (size_t)tmpl_nsec * sizeof *tmpl_sec);

    static const uint32_t constants[] = {
        0, 1, 2, 3, 4, 5, 8, 64, 255, 256, 65535, 65536, 0x7fffffffu, 0x80000000u,
        0xffffffffu, 0xfffffffeu, 0x3fffffffu, 0x40000000u, 0x80000001u, 0xc0000000u,
        900000000u, (uint32_t)-900000000, 1800000000u, (uint32_t)-1800000000};
    for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
        add_special(constants[i]);
    for (uint32_t i = 0; i < tmpl_nsec; i++) {
        const vpc_file_section *s = &tmpl_sec[i];
        add_special(s->count - 1);
        add_special(s->count);
        add_special(s->count + 1);
        add_special((uint32_t)s->size);
        add_special((uint32_t)s->offset);
        if ((s->id & 0x0f) == VPC_SEC_INDEX_HEADER && s->id >= VPC_SEC_WARD_INDEX) {
            vpc_index_header ih;
            memcpy(&ih, tmpl_image + s->offset, sizeof ih);
            const uint32_t tiles = ih.base_w * ih.base_h;
            add_special(tiles - 1);
            add_special(tiles);
            add_special(ih.base_x0);
            add_special(ih.base_y0);
            add_special(ih.base_x0 + ih.base_w);
            add_special(ih.base_y0 + ih.base_h);
            add_special(1u << ih.base_zoom);
            add_special(ih.max_zoom);
            add_special(VPC_NODE(VPC_NODE_FULL, ih.n_wards - 1));
            add_special(VPC_NODE(VPC_NODE_FULL, ih.n_wards));
            add_special(VPC_NODE(VPC_NODE_MIXED, ih.n_leaves - 1));
            add_special(VPC_NODE(VPC_NODE_MIXED, ih.n_leaves));
            add_special(VPC_NODE(VPC_NODE_INTERNAL, ih.n_nodes - 4));
            add_special(VPC_NODE(VPC_NODE_INTERNAL, ih.n_nodes - 3));
            add_special(VPC_NODE(VPC_NODE_INTERNAL, tiles));
            add_special(VPC_NODE(VPC_NODE_INTERNAL, 0));
            add_special(ih.n_wards | VPC_CAND_PARITY);
        }
    }
}

/* ---- edits ---------------------------------------------------------------- */

/* The file being damaged: room for the miniature and what edits add. */
#define MAX_EXTRA 65536
#define EDIT_SIZE 10
#define MAX_EDITS 64

typedef struct {
    unsigned char *p;
    size_t n, cap;
} file;

static uint32_t peek32(const file *f, uint64_t at)
{
    uint32_t v = 0;
    if (at <= f->n && f->n - at >= 4)
        memcpy(&v, f->p + at, 4);
    return v;
}

static void poke32(file *f, uint64_t at, uint32_t v)
{
    if (at <= f->n && f->n - at >= 4)
        memcpy(f->p + at, &v, 4);
}

static void poke64(file *f, uint64_t at, uint64_t v)
{
    if (at <= f->n && f->n - at >= 8)
        memcpy(f->p + at, &v, 8);
}

static uint64_t peek64(const file *f, uint64_t at)
{
    uint64_t v = 0;
    if (at <= f->n && f->n - at >= 8)
        memcpy(&v, f->p + at, 8);
    return v;
}

static uint32_t special(uint32_t b)
{
    uint32_t v = specials[b % nspecials];
    if (((b >> 16) & 3) == 0)
        v += (uint32_t)(int8_t)(b >> 24);
    return v;
}

/* One edit: [kind][section or field][a x4][b x4]. Sections are named by
 * their place in the miniature's table, whatever the edits did to it. */
static void edit(file *f, fuzz_bytes *in)
{
    uint8_t kind = fuzz_u8(in), sel = fuzz_u8(in);
    uint32_t a = fuzz_u32(in), b = fuzz_u32(in);
    const vpc_file_section *s = &tmpl_sec[sel % tmpl_nsec];
    const uint64_t so = s->offset, ss = s->size, es = s->element_size;
    const uint64_t words = ss / 4;

    switch (kind % 12) {
    case 0: /* a byte of a section */
        if (ss > 0 && so + a % ss < f->n)
            f->p[so + a % ss] = (unsigned char)b;
        break;
    case 1: /* a word of a section */
        if (words > 0)
            poke32(f, so + 4 * (a % words), b);
        break;
    case 2: /* a word of a section, off by a little */
        if (words > 0) {
            uint64_t at = so + 4 * (a % words);
            poke32(f, at, peek32(f, at) + (uint32_t)(int8_t)b);
        }
        break;
    case 3: /* a word of a section set to a value that means something */
        if (words > 0)
            poke32(f, so + 4 * (a % words), special(b));
        break;
    case 4: /* a word near the end of a section (the sentinels) */
        if (words > 0) {
            uint64_t at = so + 4 * (words - 1 - a % (words < 16 ? words : 16));
            poke32(f, at, (b & 1) ? peek32(f, at) + (uint32_t)(int8_t)(b >> 8) : special(b >> 1));
        }
        break;
    case 5: /* two elements of a section swapped */
        if (es > 0 && es <= 128 && ss / es >= 2) {
            uint64_t i = so + es * (a % (ss / es)), j = so + es * (b % (ss / es));
            if (i + es <= f->n && j + es <= f->n) {
                unsigned char t[128];
                memcpy(t, f->p + i, es);
                memmove(f->p + i, f->p + j, es);
                memcpy(f->p + j, t, es);
            }
        }
        break;
    case 6: { /* a word of the header */
        uint64_t at = 4 * (uint64_t)(sel % (VPC_FILE_HEADER_SIZE / 4));
        poke32(f, at, (a & 1) ? peek32(f, at) + (uint32_t)(int8_t)(a >> 8) : b);
        break;
    }
    case 7: { /* a field of a section table entry (or one past the table) */
        uint64_t at = tmpl_table_offset + VPC_FILE_ENTRY_SIZE * (uint64_t)(sel % (tmpl_nsec + 2));
        const vpc_file_section *other = &tmpl_sec[(b >> 1) % tmpl_nsec];
        uint32_t element = peek32(f, at + offsetof(vpc_file_section, element_size));
        switch (a % 8) {
        case 0:
            poke32(f, at + offsetof(vpc_file_section, id), (b & 1) ? other->id : b >> 1);
            break;
        case 1:
            poke32(f, at + offsetof(vpc_file_section, element_size),
                   (b & 1) ? other->element_size : b >> 1);
            break;
        case 2: /* another section's offset, or this one's moved by whole lines */
            poke64(f, at + offsetof(vpc_file_section, offset),
                   (b & 1) ? other->offset
                           : peek64(f, at + offsetof(vpc_file_section, offset)) +
                                 (uint64_t)(int64_t)(int8_t)(b >> 8) * VPC_FILE_ALIGN +
                                 ((b >> 16) & 1));
            break;
        case 3: /* the size alone */
            poke64(f, at + offsetof(vpc_file_section, size),
                   (b & 1) ? peek64(f, at + offsetof(vpc_file_section, size)) +
                                 (uint64_t)(int64_t)(int8_t)(b >> 8)
                           : (uint64_t)(b >> 1));
            break;
        case 4: /* the count, and the size to match */
        case 5: {
            uint32_t count = (a % 8 == 4) ? special(b)
                                          : peek32(f, at + offsetof(vpc_file_section, count)) +
                                                (uint32_t)(int8_t)b;
            poke32(f, at + offsetof(vpc_file_section, count), count);
            poke64(f, at + offsetof(vpc_file_section, size), (uint64_t)element * count);
            break;
        }
        case 6:
            poke32(f, at + offsetof(vpc_file_section, crc), b);
            break;
        default: /* the high word of the offset or the size */
            poke32(f, at + ((b & 1) ? offsetof(vpc_file_section, offset)
                                    : offsetof(vpc_file_section, size)) + 4,
                   (b & 2) ? 0xffffffffu : b >> 2);
            break;
        }
        break;
    }
    case 8: { /* two entries of the table swapped */
        uint64_t i = tmpl_table_offset + VPC_FILE_ENTRY_SIZE * (uint64_t)(sel % tmpl_nsec);
        uint64_t j = tmpl_table_offset + VPC_FILE_ENTRY_SIZE * (uint64_t)(a % tmpl_nsec);
        if (i + VPC_FILE_ENTRY_SIZE <= f->n && j + VPC_FILE_ENTRY_SIZE <= f->n) {
            unsigned char t[VPC_FILE_ENTRY_SIZE];
            memcpy(t, f->p + i, sizeof t);
            memmove(f->p + i, f->p + j, sizeof t);
            memcpy(f->p + j, t, sizeof t);
        }
        break;
    }
    case 9: { /* truncated: at a section's start or end (give or take), or anywhere */
        int64_t at = (b & 1) ? (int64_t)((b & 2) ? so + ss : so) + (int8_t)(b >> 8)
                             : (int64_t)(a % (f->n + 1));
        if (at >= 0 && (uint64_t)at < f->n)
            f->n = (size_t)at;
        break;
    }
    case 10: { /* extended */
        size_t more = 1 + a % 4096;
        if (more > f->cap - f->n)
            more = f->cap - f->n;
        memset(f->p + f->n, (int)(b & 0xff), more);
        f->n += more;
        break;
    }
    default: /* a byte of the header or the table */
        if (f->n > 0) {
            uint64_t end = tmpl_table_offset + (uint64_t)tmpl_nsec * VPC_FILE_ENTRY_SIZE;
            uint64_t at = a % (end < f->n ? end : f->n);
            f->p[at] = (unsigned char)b;
        }
        break;
    }
}

/* Options. */
#define OPT_NO_MMAP 1u
#define OPT_VERIFY 2u
#define OPT_KEEP_SECTION_CRCS 4u
#define OPT_KEEP_FILE_SIZE 8u
#define OPT_KEEP_CRCS 16u

/* The checksums and the size made to match the edited bytes again, as far
 * as the header and table still lead to them. */
static void make_consistent(file *f, unsigned options)
{
    if (f->n < VPC_FILE_HEADER_SIZE)
        return;
    if (!(options & OPT_KEEP_FILE_SIZE))
        poke64(f, offsetof(vpc_file_header, file_size), f->n);
    vpc_file_header h;
    memcpy(&h, f->p, sizeof h);
    uint64_t bytes = (uint64_t)h.section_count * VPC_FILE_ENTRY_SIZE;
    if (h.section_count <= VPC_FILE_MAX_SECTIONS && h.table_offset <= f->n &&
        bytes <= f->n - h.table_offset) {
        if (!(options & OPT_KEEP_SECTION_CRCS))
            for (uint32_t i = 0; i < h.section_count; i++) {
                uint64_t at = h.table_offset + (uint64_t)i * VPC_FILE_ENTRY_SIZE;
                uint64_t off = peek64(f, at + offsetof(vpc_file_section, offset));
                uint64_t size = peek64(f, at + offsetof(vpc_file_section, size));
                if (off > f->n || size > f->n - off)
                    continue;
                /* Bytes the edits left as they were keep their CRC. */
                uint32_t crc = 0;
                int same = 0;
                for (uint32_t k = 0; k < tmpl_nsec && !same; k++)
                    if (tmpl_sec[k].offset == off && tmpl_sec[k].size == size &&
                        memcmp(f->p + off, tmpl_image + off, (size_t)size) == 0) {
                        crc = tmpl_sec[k].crc;
                        same = 1;
                    }
                if (!same)
                    crc = vpc_crc32(0, f->p + off, (size_t)size);
                poke32(f, at + offsetof(vpc_file_section, crc), crc);
            }
        if (!(options & OPT_KEEP_CRCS))
            poke32(f, offsetof(vpc_file_header, table_crc),
                   vpc_crc32(0, f->p + h.table_offset, (size_t)bytes));
    }
    if (!(options & OPT_KEEP_CRCS))
        poke32(f, offsetof(vpc_file_header, header_crc),
               vpc_crc32(0, f->p, offsetof(vpc_file_header, header_crc)));
}

/* One input: the damaged file opened and exercised. Whether it opened,
 * and whether it verified. */
static void run(const uint8_t *data, size_t size, int *opened, int *verified)
{
    fuzz_bytes in = {data, size};
    unsigned options = fuzz_u8(&in);
    file f = {xmalloc(tmpl_size + MAX_EXTRA), tmpl_size, tmpl_size + MAX_EXTRA};
    memcpy(f.p, tmpl_image, tmpl_size);
    int edits = 0;
    for (; edits < MAX_EDITS && in.n > 0; edits++)
        edit(&f, &in);
    make_consistent(&f, options);

    unsigned flags = ((options & OPT_NO_MMAP) ? VPC_OPEN_NO_MMAP : 0) |
                     ((options & OPT_VERIFY) ? VPC_OPEN_VERIFY : 0);
    vpc_status st;
    vpc_db *db = fuzz_open_bytes(f.p, f.n, flags, &st);
    free(f.p);
    *opened = db != NULL;
    *verified = 0;
    if (edits == 0 && db == NULL)
        fprintf(stderr, "fuzz_dbmutate: the miniature does not open: %s\n", vpc_status_name(st));
    FUZZ_CHECK(edits > 0 || db != NULL);
    if (db == NULL)
        return;
    fuzz_bytes points = {data, size};
    *verified = fuzz_verify_and_exercise(db, &points);
    FUZZ_CHECK(*verified || !(flags & VPC_OPEN_VERIFY));
    FUZZ_CHECK(edits > 0 || *verified);
    vpc_close(db);
}

/* ---- the fuzzer ----------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *real = getenv("VPOSTCODE_SQLITE");
    if (real == NULL || *real == '\0')
        die("set VPOSTCODE_SQLITE to a vpostcode SQLite database with its runtime file next to it"
            " (geodata/vpostcode.sqlite in the build directory)", NULL);
    build_template(real, getenv("FUZZ_DBMUTATE_DUMP"));

    /* The miniature opens as it is, mapped and read, and verifies. */
    static const uint8_t as_is[][1] = {{0}, {OPT_NO_MMAP}, {OPT_VERIFY}};
    for (size_t i = 0; i < 3; i++) {
        int opened, verified;
        run(as_is[i], i == 0 ? 0 : 1, &opened, &verified);
        if (!opened || !verified)
            die("the miniature runtime file does not open and verify", NULL);
    }

    /* It finds its wards where the real database does. */
    vpc_db *mini, *full;
    vpc_status st;
    if ((mini = fuzz_open_bytes(tmpl_image, tmpl_size, 0, &st)) == NULL)
        die("the miniature runtime file does not open", vpc_status_name(st));
    if ((st = vpc_open(real, &full)) != VPC_OK)
        die("the real database does not open", vpc_status_name(st));
    for (size_t i = 0; i < vpc_ward_count(mini); i++) {
        vpc_ward w, a, b;
        vpc_ward_at(mini, i, &w);
        if (vpc_lookup(mini, w.ref_lat, w.ref_lon, &a) !=
                vpc_lookup(full, w.ref_lat, w.ref_lon, &b) ||
            strcmp(a.code, b.code) != 0)
            die("the miniature database disagrees with the real one at the reference of", w.code);
    }
    fprintf(stderr, "fuzz_dbmutate: miniature of %zu wards, %zu bytes in %u sections, %s pre-2025"
            " tables\n", vpc_ward_count(mini), tmpl_size, tmpl_nsec,
            vpc_has_legacy(mini) ? "with" : "without");
    vpc_close(mini);
    vpc_close(full);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int opened, verified;
    run(data, size, &opened, &verified);
    return 0;
}
