/*
 * cellblob.h - a cell as a SpatiaLite geometry BLOB and as WKT.
 */
#ifndef VPC_SQL_CELLBLOB_H
#define VPC_SQL_CELLBLOB_H

#include <stddef.h>

#include "vpostcode.h"

/* Size of the SpatiaLite BLOB of a one-ring POLYGON of 5 points. */
#define VPC_CELL_BLOB_SIZE 132

/* The cell as a SpatiaLite internal geometry BLOB: a POLYGON, SRID 4326,
 * little-endian, counter-clockwise from the south-west corner. */
void vpc_cell_blob(const vpc_cell *cell, unsigned char blob[VPC_CELL_BLOB_SIZE]);

/* The same polygon as WKT ("POLYGON((105.849 21.0287, ...))"), with the
 * shortest decimals that read back to the same doubles. Returns the length
 * written, or 0 if bufsize is too small. */
size_t vpc_cell_wkt(const vpc_cell *cell, char *buf, size_t bufsize);

#endif
