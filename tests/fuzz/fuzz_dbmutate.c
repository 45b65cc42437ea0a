/*
 * fuzz_dbmutate.c - vpc_open on damaged versions of a small VALID
 * database, so that mutations get past SQLite and reach what the loader
 * checks (dbopen.c, indexload.c, legacyload.c) and what the lookups then
 * read.
 *
 * The real database (~100 MB) is far too big to mutate per execution, so
 * LLVMFuzzerInitialize builds a miniature from it ($VPOSTCODE_DB; the
 * fuzzer stops at once without it): the rows the loader reads for five
 * wards (four in Hà Nội and the long-form special zone of Hoàng Sa), their
 * provinces, the small metadata, the pre-2025 communes that became those
 * wards with their districts and provinces, and a tile index over just
 * those wards built from their real rings (and one over the districts).
 * The miniature's index is exact: each leaf lists every ward with all its
 * edges, so lookups in it give what the real index gives.
 *
 * Each input is a list of edits of that miniature (9 bytes each, see
 * apply()): bytes, 32-bit words and sizes of the index blobs, a header
 * field, values and types of any column, rows deleted or duplicated,
 * tables dropped, and raw byte patches of the SQLite file itself. The
 * database is written again with the edits (tables with the loader's
 * columns and no constraints, as a foreign file may have), then opened
 * from a temporary file in $TMPDIR; whatever opens is exercised by every
 * lookup (fuzz_db.h) and closed. An empty input opens the miniature as it
 * is, which the initialisation checks.
 *
 * FUZZ_DBMUTATE_DUMP=FILE writes the miniature there at start-up.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include <sqlite3.h>

#include "fuzz_db.h"
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
} table;

enum { T_METADATA, T_PROVINCES, T_WARDS, T_TILE_INDEX, T_LEGACY_UNITS, T_LEGACY_COMMUNES,
       T_LEGACY_MAP, T_LEGACY_TILE_INDEX, NTABLES };

static table tmpl[NTABLES];
static unsigned char *tmpl_image;
static size_t tmpl_size;

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

/* ---- the miniature ---------------------------------------------------------- */

static void build_template(const char *real)
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

    unsigned char *image = write_image(tmpl, &tmpl_size);
    tmpl_image = xmalloc(tmpl_size);
    memcpy(tmpl_image, image, tmpl_size);
    sqlite3_free(image);
}

/* ---- edits ----------------------------------------------------------------- */

static void copy_tables(table *dst, const table *src)
{
    for (int k = 0; k < NTABLES; k++) {
        dst[k] = src[k];
        size_t n = src[k].nrows * (size_t)src[k].ncols;
        dst[k].v = n ? xmalloc(n * sizeof *dst[k].v) : NULL;
        for (size_t i = 0; i < n; i++) {
            dst[k].v[i] = src[k].v[i];
            if (src[k].v[i].p != NULL) {
                dst[k].v[i].p = xmalloc(src[k].v[i].n);
                memcpy(dst[k].v[i].p, src[k].v[i].p, src[k].v[i].n);
            }
        }
    }
}

static void free_tables(table *t)
{
    for (int k = 0; k < NTABLES; k++) {
        size_t n = t[k].nrows * (size_t)t[k].ncols;
        for (size_t i = 0; i < n; i++)
            free(t[k].v[i].p);
        free(t[k].v);
    }
}

static void set_bytes(value *v, const void *p, size_t n, int type)
{
    free(v->p);
    v->p = xmalloc(n);
    memcpy(v->p, p, n);
    v->n = n;
    v->type = type;
}

static uint32_t get32(const value *v, size_t at)
{
    uint32_t x;
    memcpy(&x, v->p + at, 4);
    return x;
}

static void set32(value *v, size_t at, uint32_t x)
{
    memcpy(v->p + at, &x, 4);
}

static void resize(value *v, size_t n)
{
    if (n > (1u << 20))
        n = 1u << 20;
    unsigned char *p = xmalloc(n);
    memset(p, 0, n);
    if (v->p != NULL)
        memcpy(p, v->p, v->n < n ? v->n : n);
    free(v->p);
    v->p = p;
    v->n = n;
    if (v->type != SQLITE_TEXT)
        v->type = SQLITE_BLOB;
}

static value *named_part(table *t, const char *name)
{
    for (size_t r = 0; r < t->nrows; r++) {
        value *n = &t->v[r * 2];
        if (n->type == SQLITE_TEXT && n->n == strlen(name) && memcmp(n->p, name, n->n) == 0)
            return &t->v[r * 2 + 1];
    }
    return NULL;
}

/* Every part of an index sized as its header says (zero-filled), so that
 * edits of the counts get past the size checks to the consistency ones. */
static void fix_sizes(table *t)
{
    value *hv = t->present && t->ncols == 2 ? named_part(t, "header") : NULL;
    if (hv == NULL || hv->n < sizeof(vpc_index_header))
        return;
    vpc_index_header h;
    memcpy(&h, hv->p, sizeof h);
    const struct { const char *name; uint64_t bytes; } parts[] = {
        {"nodes", 4ull * h.n_nodes}, {"leaves", 4ull * ((uint64_t)h.n_leaves + 1)},
        {"cands", 12ull * ((uint64_t)h.n_cands + 1)}, {"runs", 8ull * h.n_runs},
        {"breaks", 4ull * h.n_breaks}, {"vertices", 8ull * h.n_vertices},
        {"rings", 12ull * h.n_rings}, {"ward_rings", 4ull * ((uint64_t)h.n_wards + 1)},
        {"ward_codes", 5ull * h.n_wards},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        value *v = named_part(t, parts[i].name);
        if (v != NULL && parts[i].bytes <= (1u << 20))
            resize(v, (size_t)parts[i].bytes);
    }
}

/* One edit: 9 bytes, [kind][table][row lo][row hi][column][argument x4],
 * some followed by more bytes. File patches are collected in patches. */
static void apply(table *tabs, fuzz_bytes *in, uint32_t *patches, size_t *npatches)
{
    uint8_t kind = fuzz_u8(in);
    table *t = &tabs[fuzz_u8(in) % NTABLES];
    size_t row = fuzz_u8(in);
    row |= (size_t)fuzz_u8(in) << 8;
    int col = fuzz_u8(in);
    uint32_t arg = fuzz_u32(in);

    switch (kind % 16) {
    case 14: /* a byte of the written file: offset, value */
        if (*npatches < 64)
            patches[(*npatches)++] = arg;
        return;
    case 15: /* sizes from the header */
        fix_sizes(t);
        return;
    case 11: /* drop the table */
        t->present = 0;
        return;
    case 13: { /* a field of an index header */
        value *h = t->ncols == 2 ? named_part(t, "header") : NULL;
        size_t at = 8 + 4 * (size_t)(col % 16); /* version .. n_wards */
        if (h != NULL && at + 4 <= h->n)
            set32(h, at, (arg & 0x80000000u) ? get32(h, at) + (uint32_t)(int8_t)arg : arg);
        return;
    }
    default:
        break;
    }
    if (t->nrows == 0 || t->ncols == 0)
        return;
    row %= t->nrows;
    value *v = &t->v[row * (size_t)t->ncols + (size_t)(col % t->ncols)];
    switch (kind % 16) {
    case 0: /* one byte */
        if (v->n > 0)
            v->p[(arg >> 8) % v->n] = (unsigned char)arg;
        break;
    case 1: /* a 32-bit word */
        if (v->n >= 4)
            set32(v, (arg % (v->n / 4)) * 4, fuzz_u32(in));
        break;
    case 2: /* a 32-bit word, off by a little */
        if (v->n >= 4) {
            size_t at = ((arg >> 8) % (v->n / 4)) * 4;
            set32(v, at, get32(v, at) + (uint32_t)(int8_t)arg);
        }
        break;
    case 3: /* longer or shorter */
        resize(v, (size_t)((int64_t)v->n + (int16_t)arg < 0 ? 0 : (int64_t)v->n + (int16_t)arg));
        break;
    case 4:
        free(v->p);
        v->p = NULL;
        v->n = 0;
        v->type = SQLITE_NULL;
        break;
    case 5:
        free(v->p);
        v->p = NULL;
        v->n = 0;
        v->type = SQLITE_INTEGER;
        v->i = (int32_t)arg;
        break;
    case 6:
        free(v->p);
        v->p = NULL;
        v->n = 0;
        v->type = SQLITE_FLOAT;
        v->d = (arg & 1) ? fuzz_special(arg >> 1) : fuzz_raw_double(in);
        break;
    case 7: { /* text from the input */
        char s[32];
        size_t n = arg % 32;
        for (size_t i = 0; i < n; i++)
            s[i] = (char)fuzz_u8(in);
        set_bytes(v, s, n, SQLITE_TEXT);
        break;
    }
    case 8: /* the same bytes as another type */
        if (v->type == SQLITE_TEXT || v->type == SQLITE_BLOB) {
            v->type = v->type == SQLITE_TEXT ? SQLITE_BLOB : SQLITE_TEXT;
        } else if (v->type == SQLITE_INTEGER || v->type == SQLITE_FLOAT) {
            char s[40];
            if (v->type == SQLITE_INTEGER)
                snprintf(s, sizeof s, "%lld", (long long)v->i);
            else
                snprintf(s, sizeof s, "%.17g", v->d);
            set_bytes(v, s, strlen(s), (arg & 1) ? SQLITE_TEXT : SQLITE_BLOB);
        }
        break;
    case 9: /* delete the row */
        for (int c = 0; c < t->ncols; c++)
            free(t->v[row * (size_t)t->ncols + (size_t)c].p);
        memmove(&t->v[row * (size_t)t->ncols], &t->v[(row + 1) * (size_t)t->ncols],
                (t->nrows - row - 1) * (size_t)t->ncols * sizeof *t->v);
        t->nrows--;
        break;
    case 10: { /* duplicate the row */
        value copy[16];
        for (int c = 0; c < t->ncols; c++) {
            copy[c] = t->v[row * (size_t)t->ncols + (size_t)c];
            if (copy[c].p != NULL) {
                unsigned char *p = xmalloc(copy[c].n);
                memcpy(p, copy[c].p, copy[c].n);
                copy[c].p = p;
            }
        }
        if (t->nrows < 4096)
            add_row(t, copy);
        else
            for (int c = 0; c < t->ncols; c++)
                free(copy[c].p);
        break;
    }
    case 12: /* a 32-bit word set to a count of the header, plus a little */
        if (v->n >= 4 && t->ncols == 2) {
            value *h = named_part(t, "header");
            if (h != NULL && h->n >= sizeof(vpc_index_header)) {
                size_t field = 5 + (arg >> 24) % 11; /* base_w .. n_wards */
                set32(v, ((arg & 0xffff) % (v->n / 4)) * 4,
                      get32(h, 8 + 4 * field) + (uint32_t)(int8_t)(arg >> 16));
            }
        }
        break;
    default:
        break;
    }
}

/* ---- the fuzzer ----------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *real = getenv("VPOSTCODE_DB");
    if (real == NULL || *real == '\0')
        die("set VPOSTCODE_DB to a vpostcode database (geodata/vpostcode.sqlite in the build directory)",
            NULL);
    build_template(real);

    const char *dump = getenv("FUZZ_DBMUTATE_DUMP");
    if (dump != NULL && *dump != '\0') {
        FILE *f = fopen(dump, "wb");
        if (f == NULL || fwrite(tmpl_image, 1, tmpl_size, f) != tmpl_size || fclose(f) != 0)
            die("cannot write", dump);
    }

    /* The miniature opens, and finds its wards where the real one does. */
    char path[4096];
    vpc_db *mini, *full;
    fuzz_write_temp(tmpl_image, tmpl_size, path);
    vpc_status st = vpc_open(path, &mini);
    unlink(path);
    if (st != VPC_OK)
        die("the miniature database does not open", vpc_status_name(st));
    if ((st = vpc_open(real, &full)) != VPC_OK)
        die("the real database does not open", vpc_status_name(st));
    for (size_t i = 0; i < vpc_ward_count(mini); i++) {
        vpc_ward w, a, b;
        vpc_ward_at(mini, i, &w);
        if (vpc_lookup(mini, w.ref_lat, w.ref_lon, &a) != vpc_lookup(full, w.ref_lat, w.ref_lon, &b) ||
            strcmp(a.code, b.code) != 0)
            die("the miniature database disagrees with the real one at the reference of", w.code);
    }
    fprintf(stderr, "fuzz_dbmutate: miniature of %zu wards, %zu bytes, %s pre-2025 tables\n",
            vpc_ward_count(mini), tmpl_size, vpc_has_legacy(mini) ? "with" : "without");
    vpc_close(mini);
    vpc_close(full);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    table tabs[NTABLES];
    uint32_t patches[64];
    size_t npatches = 0;
    fuzz_bytes in = {data, size};
    copy_tables(tabs, tmpl);
    for (int k = 0; k < 64 && in.n > 0; k++)
        apply(tabs, &in, patches, &npatches);

    size_t n;
    unsigned char *image = write_image(tabs, &n);
    free_tables(tabs);
    for (size_t i = 0; i < npatches && n > 0; i++)
        image[(patches[i] >> 8) % n] = (unsigned char)patches[i];

    char path[4096];
    fuzz_write_temp(image, n, path);
    sqlite3_free(image);
    vpc_db *db = NULL;
    vpc_status st = vpc_open(path, &db);
    unlink(path);
    if (st != VPC_OK) {
        FUZZ_CHECK(fuzz_is_db_status(st));
        return 0;
    }
    fuzz_bytes points = {data, size};
    fuzz_exercise_db(db, &points);
    vpc_close(db);
    return 0;
}
