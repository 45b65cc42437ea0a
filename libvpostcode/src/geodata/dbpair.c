/*
 * dbpair.c - opening an SQLite database through its runtime file: the
 * file next to it, ending in .vpc instead of .sqlite (or with .vpc added),
 * which must have been built from it. Both carry the metadata key
 * build_id, made once per build of the SQLite database; the runtime file
 * copies it. A different one means the runtime file is stale.
 */
#define _POSIX_C_SOURCE 200809L /* pread, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"

static const char sqlite_magic[16] = "SQLite format 3";

/* The schema_version of the SQLite databases the pipeline writes. */
#define VPC_SQLITE_SCHEMA_VERSION "1"

/* Does the file start like SQLite? -1 if it cannot be read. */
static int is_sqlite(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char magic[16];
    ssize_t got = pread(fd, magic, sizeof magic, 0);
    close(fd);
    return got == (ssize_t)sizeof magic && memcmp(magic, sqlite_magic, 16) == 0;
}

static char *runtime_path(const char *path)
{
    size_t n = strlen(path);
    const char *suffix = ".sqlite";
    size_t sn = strlen(suffix);
    if (n >= sn && strcmp(path + n - sn, suffix) == 0)
        n -= sn;
    char *r = malloc(n + sizeof ".vpc");
    if (r == NULL)
        return NULL;
    memcpy(r, path, n);
    memcpy(r + n, ".vpc", sizeof ".vpc");
    return r;
}

/* "file:" URI for a path: everything but unreserved characters and '/' is
 * percent-encoded, so that '?', '#' and '%' in names are not misread. */
static char *file_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *uri = malloc(5 + 3 * n + sizeof "?immutable=1");
    if (uri == NULL)
        return NULL;
    char *o = uri;
    memcpy(o, "file:", 5);
    o += 5;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '/' || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    strcpy(o, "?immutable=1");
    return uri;
}

/* The SQLite database's build_id into buf ("" if it has none), after
 * checking that it is a vpostcode database of the schema the pipeline
 * writes (VPC_E_DB_SCHEMA if not). */
static vpc_status sqlite_build_id(const char *path, char *buf, size_t size)
{
    char *uri = file_uri(path);
    if (uri == NULL)
        return VPC_E_NO_MEMORY;
    sqlite3 *sql = NULL;
    int rc = sqlite3_open_v2(uri, &sql, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    sqlite3_stmt *st = NULL;
    vpc_status status = VPC_OK;
    int schema_ok = 0;
    buf[0] = '\0';
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(sql, "SELECT key, value FROM metadata"
                                     " WHERE key IN ('build_id', 'schema_version')", -1, &st, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (k == NULL || v == NULL)
            continue;
        if (strcmp(k, "schema_version") == 0)
            schema_ok = strcmp(v, VPC_SQLITE_SCHEMA_VERSION) == 0;
        else if (strlen(v) < size)
            strcpy(buf, v);
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        status = schema_ok ? VPC_OK : VPC_E_DB_SCHEMA;
    else if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_PERM)
        status = VPC_E_DB_UNREADABLE;
    else if ((rc & 0xff) == SQLITE_ERROR)
        status = VPC_E_DB_SCHEMA; /* no metadata table: not a vpostcode database */
    else if ((rc & 0xff) == SQLITE_NOMEM)
        status = VPC_E_NO_MEMORY;
    else
        status = VPC_E_DB_CORRUPT;
    sqlite3_finalize(st);
    sqlite3_close(sql);
    return status;
}

/* The runtime file's build_id, from its metadata; NULL if it has none. */
const char *vpc_db_build_id(const vpc_db *db)
{
    for (size_t i = 0; i < db->nmeta; i++) {
        const char *k = vpc_db_string(db, db->meta[i].key);
        if (k != NULL && strcmp(k, "build_id") == 0)
            return vpc_db_string(db, db->meta[i].value);
    }
    return NULL;
}

VPC_API vpc_status vpc_runtime_path(const char *path, char *buf, size_t bufsize,
                                    size_t *needed)
{
    if (path == NULL || (buf == NULL && bufsize > 0))
        return VPC_E_NULL_ARGUMENT;
    char *r = is_sqlite(path) == 1 ? runtime_path(path) : NULL;
    const char *use = r != NULL ? r : path;
    size_t n = strlen(use) + 1;
    if (needed != NULL)
        *needed = n;
    vpc_status st = VPC_E_BUFFER_TOO_SMALL;
    if (n <= bufsize) {
        memcpy(buf, use, n);
        st = VPC_OK;
    }
    free(r);
    return st;
}

vpc_status vpc_db_pair(const char *path, char **runtime, char *build_id, size_t size)
{
    *runtime = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return errno == ENOENT || errno == ENOTDIR ? VPC_E_DB_NOT_FOUND : VPC_E_DB_UNREADABLE;
    if (!S_ISREG(sb.st_mode))
        return VPC_E_DB_UNREADABLE;
    int sqlite = is_sqlite(path);
    if (sqlite < 0)
        return VPC_E_DB_UNREADABLE;
    if (!sqlite)
        return VPC_OK; /* the runtime file itself (or no database at all) */
    vpc_status st = sqlite_build_id(path, build_id, size);
    if (st != VPC_OK)
        return st;
    if (build_id[0] == '\0')
        return VPC_E_DB_STALE; /* no build_id: no runtime file can be its own */
    *runtime = runtime_path(path);
    return *runtime != NULL ? VPC_OK : VPC_E_NO_MEMORY;
}
