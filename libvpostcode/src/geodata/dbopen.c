/*
 * dbopen.c - vpc_open: the path to open, the runtime file mapped, and what
 * the handle tells of it (path, metadata).
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"

#ifndef VPC_DEFAULT_DB_PATH
#define VPC_DEFAULT_DB_PATH "vpostcode.vpc"
#endif

VPC_API const char *vpc_default_db_path(void)
{
    const char *env = getenv("VPOSTCODE_DB");
    return (env != NULL && *env != '\0') ? env : VPC_DEFAULT_DB_PATH;
}

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

VPC_API vpc_status vpc_open_v2(const char *path, unsigned flags, vpc_db **out)
{
    if (out == NULL)
        return VPC_E_NULL_ARGUMENT;
    if ((flags & ~(VPC_OPEN_NO_MMAP | VPC_OPEN_VERIFY)) != 0)
        return VPC_E_INVALID_ARGUMENT;
    if (path == NULL)
        path = vpc_default_db_path();

    char *runtime = NULL; /* the runtime file of an SQLite database */
    char build_id[128];
    vpc_status status = vpc_db_pair(path, &runtime, build_id, sizeof build_id);
    if (status != VPC_OK)
        return status;
    vpc_db *db = calloc(1, sizeof *db);
    if (db == NULL || (db->path = copy_string(path)) == NULL) {
        free(db);
        free(runtime);
        return VPC_E_NO_MEMORY;
    }
    status = vpc_db_map(db, runtime ? runtime : path, flags);
    if (status == VPC_OK && runtime != NULL) {
        /* Checked on the mapping in use, so that a file renamed over the
         * runtime file meanwhile cannot slip through. */
        const char *id = vpc_db_build_id(db);
        if (id == NULL || strcmp(id, build_id) != 0)
            status = VPC_E_DB_STALE;
    }
    free(runtime);
    if (status == VPC_OK && (flags & VPC_OPEN_VERIFY))
        status = vpc_db_verify(db);
    if (status != VPC_OK) {
        vpc_close(db);
        return status;
    }
    *out = db;
    return VPC_OK;
}

VPC_API vpc_status vpc_open(const char *path, vpc_db **out)
{
    return vpc_open_v2(path, 0, out);
}

VPC_API void vpc_close(vpc_db *db)
{
    if (db == NULL)
        return;
    vpc_db_unmap(db);
    free(db->path);
    free(db);
}

VPC_API int vpc_db_mapped(const vpc_db *db)
{
    return db != NULL && db->mapped;
}

VPC_API const char *vpc_db_path(const vpc_db *db)
{
    return db ? db->path : NULL;
}

VPC_API size_t vpc_db_metadata_count(const vpc_db *db)
{
    return db ? db->nmeta : 0;
}

VPC_API vpc_status vpc_db_metadata(const vpc_db *db, size_t i, const char **key,
                                   const char **value)
{
    if (db == NULL || key == NULL || value == NULL)
        return VPC_E_NULL_ARGUMENT;
    if (i >= db->nmeta)
        return VPC_E_INVALID_ARGUMENT;
    const char *k = vpc_db_string(db, db->meta[i].key);
    const char *v = vpc_db_string(db, db->meta[i].value);
    if (k == NULL || v == NULL)
        return VPC_E_DB_CORRUPT;
    *key = k;
    *value = v;
    return VPC_OK;
}
