/*
 * serve.h - `vpostcode serve`: the library over HTTP (libmicrohttpd), and
 * the map page.
 *
 * serve.c runs the daemon: options, limits, signals (SIGTERM stops
 * gracefully, SIGHUP reopens the database), the request's life (id,
 * access log, CORS) and the page's files. api.c answers the JSON
 * endpoints with the tool's own commands (the same objects as
 * `vpostcode CMD --json`), servebatch.c the batch POSTs with the tool's
 * batch mode, boundaries.c the GeoJSON of wards and cells.
 */
#ifndef VPC_SERVE_H
#define VPC_SERVE_H

#include "cli.h"
#include "httpreq.h"
#include "strbuf.h"

/* An open database and what is derived from it, shared by the requests
 * that hold it; replaced on SIGHUP, freed when the last holder lets go. */
typedef struct served_db {
    vpc_db *db;
    char *path;
    struct boundaries *bounds;  /* boundaries.c's simplified wards */
    int refs;                   /* under the server's lock */
} served_db;

/* The server's settings (the command line). */
typedef struct serve_config {
    const char *db_path;
    const char *listen;         /* address (default 127.0.0.1) */
    int port;
    const char *port_file;
    const char *cors;           /* Access-Control-Allow-Origin, or NULL */
    const char *tiles;          /* online tile URL template, or NULL */
    const char *www;            /* the page's files */
    const char *leaflet;        /* Leaflet's installed files */
    unsigned threads;           /* the daemon's pool */
    unsigned max_connections;
    unsigned per_ip;
    unsigned timeout;           /* idle seconds */
    unsigned max_batches;       /* batch POSTs at once */
    size_t max_body;
    size_t max_url;
    unsigned max_headers;
    int quiet;
} serve_config;

/* An answer: HTTP status, body, its type. */
typedef struct reply {
    int http;
    strbuf body;
    const char *type;
    const char *vpc_status;     /* for the access log: "ok" or a status name */
} reply;

#define TYPE_JSON "application/json; charset=utf-8"
#define TYPE_GEOJSON "application/geo+json; charset=utf-8"

/* api.c: the GET endpoints under /v1/ (route r, parameters t). */
void api_answer(const serve_config *cfg, const served_db *sd, const http_route *r,
                const http_target *t, const char *request_id, long reloads, double started,
                reply *out);

/* A server-level error: {"status":..., "message":..., "request_id":...}. */
void reply_error(reply *out, int http, const char *status, const char *message,
                 const char *request_id);

/* The HTTP status for a library or tool status name. */
int http_status_of(const char *status);

/* boundaries.c */
struct boundaries *boundaries_new(const vpc_db *db);
void boundaries_free(struct boundaries *b);
/* The wards meeting [west, east] x [south, north], simplified for zoom. */
void boundaries_geojson(struct boundaries *b, const vpc_db *db, double west, double south,
                        double east, double north, int zoom, strbuf *out);
/* One ward's boundary (zoom < 0: full resolution). VPC_OK or the status. */
vpc_status ward_geojson(struct boundaries *b, const vpc_db *db, const char *gso, int zoom,
                        strbuf *out);

#endif
