/*
 * checkchar.c - computing the check character (see checkchar.h).
 */
#include "checkchar.h"

int vpc_check_value(char c)
{
    static const signed char table[256] = {
        ['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
        ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['C'] = 11, ['F'] = 12,
        ['G'] = 13, ['H'] = 14, ['J'] = 15, ['M'] = 16, ['P'] = 17,
        ['Q'] = 18, ['R'] = 19, ['V'] = 20, ['W'] = 21, ['X'] = 22,
        ['K'] = 23,
    };
    return table[(unsigned char)c] - 1; /* stored off by one: 0 is "none" */
}

char vpc_check_compute(const char *chars, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (unsigned)(i + 1) * (unsigned)vpc_check_value(chars[i]);
    sum %= VPC_CHECK_MODULUS;

    /* Solve sum + (n+1)*k == 0 (mod 23): k = -sum * inverse(n+1). The
     * inverse is found by search: 23 candidates, cheaper than a table
     * that would have to be kept in step with the code lengths. */
    unsigned w = (unsigned)(n + 1) % VPC_CHECK_MODULUS;
    unsigned target = (VPC_CHECK_MODULUS - sum) % VPC_CHECK_MODULUS;
    for (unsigned k = 0; k < VPC_CHECK_MODULUS; k++) {
        if ((w * k) % VPC_CHECK_MODULUS == target)
            return VPC_CHECK_ALPHABET[k];
    }
    return '\0'; /* unreachable: 23 is prime and 0 < n+1 < 23 */
}
