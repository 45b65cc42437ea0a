/*
 * olc.h - Open Location Code internals shared by the Vpostcode codec.
 *
 * Coordinates are handled as integers at the finest OLC resolution
 * (1/2.5e7 degree of latitude, 1/8.192e6 degree of longitude), as the OLC
 * specification recommends: floating-point arithmetic produces wrong codes
 * near cell edges.
 */
#ifndef VPC_OLC_H
#define VPC_OLC_H

#include <stdint.h>

#include "vpostcode.h"

#define VPC_OLC_SEPARATOR '+'
#define VPC_OLC_PADDING '0'
#define VPC_OLC_SEPARATOR_POS 8 /* digits before '+' in a full code */

typedef enum {
    VPC_OLC_KIND_INVALID = 0,
    VPC_OLC_KIND_SHORT,
    VPC_OLC_KIND_FULL
} vpc_olc_kind;

/* What vpc_olc_inspect learns about a string. */
typedef struct vpc_olc_info {
    vpc_olc_kind kind;
    int separator;                    /* offset of '+' */
    int padded;                       /* has '0' padding */
    int ndigits;                      /* significant digits kept, at most 15 */
    char digits[VPC_OLC_MAX_DIGITS];  /* upper-case, no '+', no padding */
} vpc_olc_info;

/* Validate `code` against the OLC grammar and classify it. Reads the whole
 * string; never reads past its NUL. */
vpc_olc_kind vpc_olc_inspect(const char *code, vpc_olc_info *info);

/* 1 if `length` is a valid OLC code length: 2, 4, 6, 8, or 10 and above
 * (more than 15 digits are encoded as 15). */
int vpc_olc_length_ok(int length);

/* Format a finite point as a full OLC of a valid `length` into `out`
 * (at least VPC_OLC_BUFSIZE bytes); returns the string length. */
size_t vpc_olc_format(double lat, double lon, int length, char *out);

/* The cell of `n` (1..15) upper-case significant digits of a full code. */
void vpc_olc_cell(const char *digits, int n, vpc_cell *cell);

/* The arithmetic of vpc_olc_recover, without its strings, for the codes of
 * the Vpostcode codec: `missing` (2, 4, 6 or 8) leading digits dropped from
 * a code of `length` (10..15) digits. Both give exactly what recovering the
 * text gives, or -1 where the shortcut does not apply (within a degree of a
 * pole or of the antimeridian, or a bad argument): the caller then
 * recovers the text.
 *   vpc_olc_recovers: 1 if the code of (lat, lon) recovers near the
 *     reference to itself, else 0.
 *   vpc_olc_recover_cell: the cell that recovering the digits (the code's
 *     significant digits after the dropped ones, upper-case, valid) near
 *     the reference and decoding the result gives. */
int vpc_olc_recovers(double lat, double lon, int length, int missing, double ref_lat,
                     double ref_lon);
int vpc_olc_recover_cell(const char *digits, int ndigits, int missing, double ref_lat,
                         double ref_lon, vpc_cell *cell);

#endif
