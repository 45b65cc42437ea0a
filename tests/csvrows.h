/*
 * csvrows.h - reading the OLC project's CSV test vectors.
 */
#ifndef VPC_TEST_CSVROWS_H
#define VPC_TEST_CSVROWS_H

#include <stddef.h>

#define CSV_MAX_FIELDS 8

typedef struct csv_row {
    int nfields;
    char *field[CSV_MAX_FIELDS];
    char *line; /* the row as written, for failure messages */
} csv_row;

/* Rows of `name` in the directory named by $VPC_OLC_TEST_DATA, skipping
 * blank lines and '#' comments. Returns the number of rows (the array is
 * never freed: the test process ends), or -1 if the file cannot be read. */
int csv_load(const char *name, csv_row **rows);

/* The directory of the vectors, or NULL when the test must be skipped. */
const char *csv_data_dir(void);

#endif
