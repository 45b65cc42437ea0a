/*
 * combined.h - sequences of libvpostcode calls made in one cgo crossing.
 *
 * Each crossing from Go to C costs about as much as a whole encoding, so
 * where the binding needs several library calls for one Go call, they are
 * made here, on the C side, in one go.
 */
#ifndef VPOSTCODE_GO_COMBINED_H
#define VPOSTCODE_GO_COMBINED_H

#include <stddef.h>
#include <vpostcode.h>

/* The single calls below go through the batch functions with one item:
 * they give the ward as its position, which the binding turns into the
 * ward it converted once, instead of a vpc_ward to convert every time. */

/* vpc_lookup, the ward as a position. */
vpc_status vpcgo_lookup(const vpc_db *db, double lat, double lon, int *ward);

/* vpc_encode, the code in canonical and display forms (each
 * VPC_CODE_BUFSIZE bytes) and the ward as a position. */
vpc_status vpcgo_encode(const vpc_db *db, double lat, double lon, unsigned flags,
                        char *code, char *display, int *ward);

/* vpc_decode, or with VPC_FLAG_SCHEME_CURRENT or VPC_FLAG_SCHEME_LEGACY
 * the reading of vpc_decode_batch; the ward as a position. On a parse
 * error *pos is the byte offset vpc_code_parse reports, otherwise -1. */
vpc_status vpcgo_decode(const vpc_db *db, const char *text, unsigned scheme_flags,
                        vpc_cell *cell, int *ward, long *pos);

/* vpc_decode_batch, plus pos[i] as vpcgo_decode sets it. */
vpc_status vpcgo_decode_batch(const vpc_db *db, size_t n, const char *const *texts,
                              unsigned scheme_flags, vpc_cell *cells, int *ward,
                              int *status, long *pos);

/* vpc_convert, refused with VPC_E_NO_LEGACY_DATA when the database has no
 * pre-2025 tables, then the result's canonical and display forms; *pos as
 * in vpcgo_decode. */
vpc_status vpcgo_convert(const vpc_db *db, const char *text, unsigned flags,
                         char *code, char *display, long *pos);

/* vpc_code_normalize, vpc_code_parse and vpc_code_check_char with the
 * error position as a long, -1 when there is none. */
vpc_status vpcgo_normalize(const char *text, unsigned flags, char *buf, long *pos);
vpc_status vpcgo_parse(const char *text, vpc_code *code, long *pos);
vpc_status vpcgo_check_char(const char *text, char *check, long *pos);

/* The canonical and the display form of a code. */
vpc_status vpcgo_format(const vpc_code *code, char *canonical, char *display);

#endif
