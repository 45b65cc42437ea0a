/*
 * checkchar.h - the optional check character of a Vpostcode.
 *
 * Characters take values 0..22 in the alphabet "0123456789CFGHJMPQRVWXK".
 * For code characters c1..cn (n = 12 or 16) the check value k satisfies
 *     1*v(c1) + 2*v(c2) + ... + n*v(cn) + (n+1)*k == 0 (mod 23).
 * Weights 1..17 are distinct and non-zero modulo the prime 23, and no two
 * values differ by a multiple of 23, so every single substitution and every
 * transposition of adjacent characters (the check character included)
 * changes the sum. docs/SPEC.md gives the argument in full.
 */
#ifndef VPC_CHECKCHAR_H
#define VPC_CHECKCHAR_H

#include <stddef.h>

#define VPC_CHECK_ALPHABET "0123456789CFGHJMPQRVWXK"
#define VPC_CHECK_MODULUS 23

/* Value 0..22 of an upper-case character of the check alphabet, or -1. */
int vpc_check_value(char c);

/* The check character of `n` (12 or 16) canonical code characters. */
char vpc_check_compute(const char *chars, size_t n);

#endif
