/*
 * httpreq.h - the request target as the server reads it: the path and the
 * query parameters, strictly percent-decoded, and the route they name.
 *
 * The server reads the raw target itself (libmicrohttpd's own unescaping
 * lets a bad escape through unchanged): a malformed target is refused
 * with a precise reason instead of being half-read. No allocation: the
 * decoded strings live in the caller's buffer.
 */
#ifndef VPC_HTTPREQ_H
#define VPC_HTTPREQ_H

#include <stddef.h>

#define HTTP_MAX_PARAMS 24

typedef enum http_target_error {
    TARGET_OK = 0,
    TARGET_NOT_ORIGIN_FORM,  /* does not start with '/' */
    TARGET_BAD_ESCAPE,       /* '%' not followed by two hexadecimal digits */
    TARGET_NUL,              /* %00 (a NUL byte) in the path or a parameter */
    TARGET_BAD_UTF8,         /* a decoded path or parameter is not valid UTF-8 */
    TARGET_BAD_PATH,         /* an encoded '/' (%2F), a "." or ".." segment, "//" */
    TARGET_TOO_MANY_PARAMS,  /* more than HTTP_MAX_PARAMS parameters */
    TARGET_DUPLICATE,        /* a parameter given twice */
    TARGET_TOO_LONG          /* the decoded target does not fit the buffer */
} http_target_error;

typedef struct http_param {
    const char *name, *value; /* decoded, NUL-terminated; value "" when no '=' */
} http_param;

typedef struct http_target {
    const char *path;         /* decoded, starts with '/' */
    int nparams;
    http_param params[HTTP_MAX_PARAMS];
    size_t error_offset;      /* for an error: the offset in the raw target */
    const char *error_name;   /* TARGET_DUPLICATE: the parameter */
} http_target;

/* Read the raw request target raw[0..len) into t; the decoded strings are
 * written to buf (bufsize >= 2 * len + 2 always suffices). In the query,
 * '+' stands for a space (HTML forms). Parameters with an empty name
 * ("&&") are skipped. */
http_target_error http_parse_target(const char *raw, size_t len, http_target *t, char *buf,
                                    size_t bufsize);

/* A sentence for an error. */
const char *http_target_message(http_target_error e);

/* The value of parameter name, or NULL. */
const char *http_param_get(const http_target *t, const char *name);

/* A flag parameter: 1 for "", "1", "true", "yes", 0 for "0", "false", "no",
 * -1 for anything else; def when absent. */
int http_param_flag(const http_target *t, const char *name, int def);

/* ---- routes ------------------------------------------------------------ */

typedef enum http_route_id {
    ROUTE_NONE = 0,
    ROUTE_INDEX,              /* / and /index.html */
    ROUTE_ASSET,              /* a file of the page: arg is its name */
    ROUTE_LEAFLET,            /* /leaflet/NAME: arg is NAME */
    ROUTE_HEALTHZ,
    ROUTE_INFO,
    ROUTE_OPENAPI,
    ROUTE_COMMAND,            /* /v1/encode ...: arg is the command */
    ROUTE_WARD,               /* /v1/ward/NUMBER: arg is NUMBER */
    ROUTE_WARD_GEOJSON,       /* /v1/ward/CODE.geojson: arg is CODE */
    ROUTE_CELL_GEOJSON,       /* /v1/cell/CODE.geojson: arg is CODE */
    ROUTE_WARDS,
    ROUTE_PROVINCES,
    ROUTE_BOUNDARIES,
    ROUTE_SEARCH,
    ROUTE_BATCH               /* /v1/batch/COMMAND: arg is the command */
} http_route_id;

typedef struct http_route {
    http_route_id id;
    int post;                 /* the route takes POST (else GET and HEAD) */
    char arg[64];             /* the path's variable part, decoded */
} http_route;

/* The route of a decoded path (ROUTE_NONE if none). A variable part longer
 * than 63 bytes, or with characters outside its set, names no route. */
http_route_id http_route_of(const char *path, http_route *r);

#endif
