/*
 * csvrows.c - reading the OLC project's CSV test vectors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvrows.h"

static char *copy_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c != NULL ? memcpy(c, s, n) : NULL;
}

const char *csv_data_dir(void)
{
    const char *dir = getenv("VPC_OLC_TEST_DATA");
    return (dir != NULL && *dir != '\0') ? dir : NULL;
}

int csv_load(const char *name, csv_row **rows)
{
    char path[4096], buf[1024];
    const char *dir = csv_data_dir();
    int n = 0, cap = 64;

    if (dir == NULL || snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return -1;
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    *rows = malloc((size_t)cap * sizeof **rows);
    while (*rows != NULL && fgets(buf, sizeof buf, f) != NULL) {
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0] == '\0' || buf[0] == '#')
            continue;
        if (n == cap) {
            cap *= 2;
            *rows = realloc(*rows, (size_t)cap * sizeof **rows);
            if (*rows == NULL)
                break;
        }
        csv_row *r = &(*rows)[n++];
        r->line = copy_string(buf);
        char *p = copy_string(buf);
        if (r->line == NULL || p == NULL)
            abort();
        r->nfields = 0;
        while (r->nfields < CSV_MAX_FIELDS) {
            r->field[r->nfields++] = p;
            p = strchr(p, ',');
            if (p == NULL)
                break;
            *p++ = '\0';
        }
    }
    fclose(f);
    return *rows != NULL ? n : -1;
}
