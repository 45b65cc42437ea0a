/*
 * code.h - Vpostcode internals shared by parsing, formatting and making.
 *
 * A code is handled as its canonical significant characters: 5 postal
 * digits, 7 or 11 OLC digits, and an optional check character, 12, 13, 16
 * or 17 upper-case characters in all.
 */
#ifndef VPC_CODE_H
#define VPC_CODE_H

#include <stddef.h>

#include "vpostcode.h"

/* Validate n canonical characters. On error *bad is the index of the
 * offending character (n when characters are missing). */
vpc_status vpc_code_check_chars(const char *sig, size_t n, size_t *bad);

/* The canonical characters of a code struct (with its check character when
 * code->check is set) in sig[VPC_CODE_MAX_LEN], validated. */
vpc_status vpc_code_chars(const vpc_code *code, char *sig, size_t *n);

/* Split validated canonical characters into a struct. */
void vpc_code_split(const char *sig, size_t n, vpc_code *code);

#endif
