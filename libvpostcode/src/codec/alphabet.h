/*
 * alphabet.h - the characters of Open Location Codes and Vpostcodes.
 *
 * The OLC digits are "23456789CFGHJMPQRVWX" with values 0..19. A Vpostcode
 * adds the decimal digits of the postal code and, for the check character
 * only, 'K'. Lookups are by table so that they stay branch-free on the hot
 * path and never depend on the C locale.
 */
#ifndef VPC_ALPHABET_H
#define VPC_ALPHABET_H

#define VPC_OLC_ALPHABET "23456789CFGHJMPQRVWX"
#define VPC_OLC_BASE 20

/* Value 0..19 of an OLC digit (either case), or -1. */
static inline int vpc_olc_value(unsigned char c)
{
    static const signed char table[256] = {
        ['2'] = 1, ['3'] = 2, ['4'] = 3, ['5'] = 4, ['6'] = 5, ['7'] = 6,
        ['8'] = 7, ['9'] = 8, ['C'] = 9, ['F'] = 10, ['G'] = 11, ['H'] = 12,
        ['J'] = 13, ['M'] = 14, ['P'] = 15, ['Q'] = 16, ['R'] = 17,
        ['V'] = 18, ['W'] = 19, ['X'] = 20,
        ['c'] = 9, ['f'] = 10, ['g'] = 11, ['h'] = 12, ['j'] = 13,
        ['m'] = 14, ['p'] = 15, ['q'] = 16, ['r'] = 17, ['v'] = 18,
        ['w'] = 19, ['x'] = 20,
    };
    /* Stored off by one so that the zero-initialised entries mean "none". */
    return table[c] - 1;
}

static inline char vpc_ascii_upper(char c)
{
    return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static inline int vpc_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

#endif
