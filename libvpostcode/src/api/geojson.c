/*
 * geojson.c - cells and ward boundaries as GeoJSON text.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../geodata/db.h"

/* Appends to a caller's buffer and keeps counting once it is full, so that
 * one pass tells the size needed. */
typedef struct {
    char *buf;
    size_t size, len;
} writer;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(writer *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = w->len < w->size ? w->size - w->len : 0;
    int n = vsnprintf(room ? w->buf + w->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        w->len += (size_t)n;
}

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8
 * passes through. */
static void put_string(writer *w, const char *s)
{
    put(w, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            put(w, "\\%c", *p);
        else if (*p < 0x20)
            put(w, "\\u%04x", *p);
        else
            put(w, "%c", *p);
    }
    put(w, "\"");
}

static void write_cell(writer *w, const void *arg)
{
    const vpc_cell *c = arg;
    put(w,
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
        "[[[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f]]]},"
        "\"properties\":{\"south\":%.9f,\"west\":%.9f,\"north\":%.9f,\"east\":%.9f,"
        "\"lat\":%.9f,\"lon\":%.9f,\"length\":%d}}",
        c->west, c->south, c->east, c->south, c->east, c->north, c->west, c->north,
        c->west, c->south, c->south, c->west, c->north, c->east, c->lat, c->lon, c->length);
}

typedef struct {
    const vpc_db *db;
    int wi;
    vpc_ward ward;            /* read and checked before writing */
    uint32_t first, end;      /* its rings, checked */
} ward_ref;

/* Read ward wi and check its rings: VPC_E_DB_CORRUPT if the file is
 * damaged there, so that nothing is written from a damaged ward. */
static vpc_status ward_ref_init(const vpc_db *db, int wi, ward_ref *ref)
{
    ref->db = db;
    ref->wi = wi;
    vpc_status st = vpc_db_ward(db, wi, &ref->ward);
    if (st == VPC_OK && !vpc_index_ward_rings(&db->ix, (uint32_t)wi, &ref->first, &ref->end))
        st = VPC_E_DB_CORRUPT;
    return st;
}

static void write_ward(writer *w, const void *arg)
{
    const ward_ref *ref = arg;
    const vpc_ward *ward = &ref->ward;
    const vpc_index *ix = &ref->db->ix;
    put(w, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[");
    for (uint32_t r = ref->first; r < ref->end; r++) {
        const vpc_index_ring *ring = &ix->rings[r];
        int outer = (ring->flags & VPC_RING_OUTER) != 0;
        if (outer)
            put(w, "%s[", r == ref->first ? "" : "]],");
        else
            put(w, "],");
        put(w, "[");
        const int32_t *v = ix->vertices + 2 * (size_t)ring->vertex;
        for (uint32_t k = 0; k < ring->count; k++)
            put(w, "%s[%.7f,%.7f]", k ? "," : "", v[2 * k] / VPC_INDEX_SCALE,
                v[2 * k + 1] / VPC_INDEX_SCALE);
    }
    put(w, "]]]},\"properties\":{\"code\":");
    put_string(w, ward->code);
    put(w, ",\"postal_code\":");
    put_string(w, ward->postal_code);
    put(w, ",\"name\":");
    put_string(w, ward->name);
    put(w, ",\"province\":");
    put_string(w, ward->province.name);
    put(w, "}}");
}

/* Measure first, then write only into a buffer that holds the whole text,
 * so that a call that fails leaves the caller's buffer as it was. */
static vpc_status write_whole(void (*fn)(writer *, const void *), const void *arg, char *buf,
                              size_t bufsize, size_t *needed)
{
    char tmp[1];
    writer w = {tmp, 0, 0};
    fn(&w, arg);
    if (needed != NULL)
        *needed = w.len + 1;
    if (w.len >= bufsize)
        return VPC_E_BUFFER_TOO_SMALL;
    w = (writer){buf, bufsize, 0};
    fn(&w, arg);
    return VPC_OK;
}

VPC_API vpc_status vpc_cell_geojson(const vpc_cell *c, char *buf, size_t bufsize, size_t *needed)
{
    if (c == NULL || (buf == NULL && bufsize > 0))
        return VPC_E_NULL_ARGUMENT;
    if (!isfinite(c->south) || !isfinite(c->north) || !isfinite(c->west) || !isfinite(c->east))
        return VPC_E_NOT_FINITE;
    return write_whole(write_cell, c, buf, bufsize, needed);
}

VPC_API vpc_status vpc_ward_geojson(const vpc_db *db, const char *gso_code, char *buf,
                                    size_t bufsize, size_t *needed)
{
    if (db == NULL || gso_code == NULL || (buf == NULL && bufsize > 0))
        return VPC_E_NULL_ARGUMENT;
    int wi = strlen(gso_code) == 5 ? vpc_db_find_code(db, gso_code) : -1;
    if (wi < 0)
        return VPC_E_UNKNOWN_WARD;
    ward_ref ref;
    vpc_status st = ward_ref_init(db, wi, &ref);
    if (st != VPC_OK)
        return st;
    return write_whole(write_ward, &ref, buf, bufsize, needed);
}

VPC_API vpc_status vpc_ward_boundary(const vpc_db *db, const char *gso_code, vpc_ring *rings,
                                     size_t max_rings, size_t *nrings, double *lonlat,
                                     size_t max_vertices, size_t *nvertices)
{
    if (db == NULL || gso_code == NULL || (rings == NULL && max_rings > 0) ||
        (lonlat == NULL && max_vertices > 0))
        return VPC_E_NULL_ARGUMENT;
    int wi = strlen(gso_code) == 5 ? vpc_db_find_code(db, gso_code) : -1;
    if (wi < 0)
        return VPC_E_UNKNOWN_WARD;
    ward_ref ref;
    vpc_status st = ward_ref_init(db, wi, &ref);
    if (st != VPC_OK)
        return st;
    const vpc_index *ix = &db->ix;
    size_t nv = 0;
    for (uint32_t r = ref.first; r < ref.end; r++)
        nv += ix->rings[r].count;
    size_t nr = ref.end - ref.first;
    if (nrings != NULL)
        *nrings = nr;
    if (nvertices != NULL)
        *nvertices = nv;
    if (nr > max_rings || nv > max_vertices)
        return VPC_E_BUFFER_TOO_SMALL;
    size_t k = 0;
    for (uint32_t r = ref.first; r < ref.end; r++) {
        const vpc_index_ring *ring = &ix->rings[r];
        const int32_t *v = ix->vertices + 2 * (size_t)ring->vertex;
        rings[r - ref.first] = (vpc_ring){k, ring->count, (ring->flags & VPC_RING_OUTER) != 0};
        for (uint32_t i = 0; i < ring->count; i++, k++) {
            lonlat[2 * k] = v[2 * i] / VPC_INDEX_SCALE;
            lonlat[2 * k + 1] = v[2 * i + 1] / VPC_INDEX_SCALE;
        }
    }
    return VPC_OK;
}

typedef struct {
    const vpc_db *db;
    const char *province;
} province_ref;

/* Is ward i of province p? */
static int in_province(const province_ref *p, size_t i)
{
    const vpc_file_ward *r = &p->db->wards[i];
    return r->province < p->db->nprovinces &&
           memcmp(p->db->provinces[r->province].code, p->province, 2) == 0;
}

static void write_province(writer *w, const void *arg)
{
    const province_ref *p = arg;
    int first = 1;
    put(w, "{\"type\":\"FeatureCollection\",\"features\":[");
    for (size_t i = 0; i < p->db->nwards; i++) {
        ward_ref ref;
        if (!in_province(p, i) || ward_ref_init(p->db, (int)i, &ref) != VPC_OK)
            continue; /* vpc_province_geojson checked them all */
        if (!first)
            put(w, ",");
        first = 0;
        write_ward(w, &ref);
    }
    put(w, "]}");
}

VPC_API vpc_status vpc_province_geojson(const vpc_db *db, const char *gso_code, char *buf,
                                        size_t bufsize, size_t *needed)
{
    vpc_province p;
    if (db == NULL || gso_code == NULL || (buf == NULL && bufsize > 0))
        return VPC_E_NULL_ARGUMENT;
    vpc_status st = vpc_province_by_code(db, gso_code, &p);
    if (st != VPC_OK)
        return st;
    province_ref ref = {db, gso_code};
    for (size_t i = 0; i < db->nwards; i++) {
        ward_ref wr;
        if (in_province(&ref, i) && (st = ward_ref_init(db, (int)i, &wr)) != VPC_OK)
            return st;
    }
    return write_whole(write_province, &ref, buf, bufsize, needed);
}
