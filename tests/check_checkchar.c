/*
 * check_checkchar.c - the check character detects every single-character
 * substitution and every adjacent transposition, shown exhaustively.
 *
 * For both forms, every position, every character that may stand there and
 * every other character of the code alphabet (0-9, the 20 OLC digits, K),
 * the altered code is parsed. It must be rejected; when the alteration is
 * still well formed (right kind of character in every position), the only
 * thing that can catch it is the check character, and the status must be
 * VPC_E_CHECK_CHARACTER. The same for every adjacent pair of characters,
 * the check character included. The whole sweep is repeated over several
 * random contexts for the other positions.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testrand.h"
#include "checkrun.h"
#include "vpostcode.h"

#define ALL "0123456789CFGHJMPQRVWXK" /* every character a code may hold */
#define DIGITS "0123456789"
#define OLC "23456789CFGHJMPQRVWX"
#define CONTEXTS 24

static long substitutions, transpositions, caught_by_check;

/* Characters allowed at position i of a code body of length `body`. */
static const char *allowed(size_t i, size_t body, char *scratch)
{
    if (i < VPC_POSTAL_LEN)
        return DIGITS;
    if (i >= body)
        return ALL; /* the check character */
    if (body == VPC_CODE_LONG_LEN && (i == 5 || i == 6)) {
        /* First OLC pair of the long form: latitude digit below 9,
         * longitude digit below 18. */
        size_t n = i == 5 ? 9 : 18;
        memcpy(scratch, OLC, n);
        scratch[n] = '\0';
        return scratch;
    }
    return OLC;
}

/* Append the check character computed by the library to a body. */
static void add_check(char *text, size_t body)
{
    vpc_code c;
    char check;
    text[body] = '\0';
    ck_assert_int_eq(vpc_code_parse(text, &c, NULL), VPC_OK);
    ck_assert_int_eq(vpc_code_check_char(&c, &check), VPC_OK);
    ck_assert_ptr_nonnull(strchr(ALL, check));
    text[body] = check;
    text[body + 1] = '\0';
}

/* Give the code the check character `want` by changing its first two
 * postal digits (weights 1 and 2 reach every residue modulo 23). Only
 * used when the positions being altered are far from the start. */
static int force_check(char *text, size_t body, char want)
{
    for (int d = 0; d < 100; d++) {
        text[0] = (char)('0' + d % 10);
        text[1] = (char)('0' + d / 10);
        add_check(text, body);
        if (text[body] == want)
            return 1;
    }
    return 0;
}

static void random_body(uint64_t *rng, char *text, size_t body)
{
    char scratch[24];
    for (size_t i = 0; i < body; i++) {
        const char *a = allowed(i, body, scratch);
        text[i] = a[test_rand_next(rng) % strlen(a)];
    }
}

/* Parse an altered code and assert how it is rejected. */
static void expect_rejected(const char *text, size_t body, int well_formed)
{
    vpc_code c;
    vpc_status st = vpc_code_parse(text, &c, NULL);
    ck_assert_msg(st != VPC_OK, "altered code '%s' was accepted", text);
    if (well_formed) {
        ck_assert_msg(st == VPC_E_CHECK_CHARACTER, "'%s': %s", text, vpc_status_name(st));
        caught_by_check++;
    } else {
        ck_assert_msg(st == VPC_E_BAD_CHARACTER || st == VPC_E_LOCATION_RANGE,
                      "'%s' (body %zu): %s", text, body, vpc_status_name(st));
    }
}

static int well_formed_at(const char *text, size_t i, size_t body)
{
    char scratch[24];
    return strchr(allowed(i, body, scratch), text[i]) != NULL;
}

static void sweep(uint64_t *rng, size_t body)
{
    char text[VPC_CODE_MAX_LEN + 1], scratch[24];
    size_t n = body + 1;

    /* Substitutions: position i holds a, becomes b. */
    for (size_t i = 0; i < n; i++) {
        const char *as = allowed(i, body, scratch);
        for (const char *a = as; *a; a++) {
            random_body(rng, text, body);
            if (i < body) {
                text[i] = *a;
                add_check(text, body);
            } else {
                ck_assert_msg(force_check(text, body, *a), "no code with check %c", *a);
            }
            for (const char *b = ALL; *b; b++) {
                if (*b == *a)
                    continue;
                char altered[VPC_CODE_MAX_LEN + 1];
                memcpy(altered, text, n + 1);
                altered[i] = *b;
                expect_rejected(altered, body, well_formed_at(altered, i, body));
                substitutions++;
            }
        }
    }

    /* Adjacent transpositions: positions i, i+1 hold a, b (a != b). */
    for (size_t i = 0; i + 1 < n; i++) {
        char s2[24];
        const char *as = allowed(i, body, scratch);
        const char *bs = allowed(i + 1, body, s2);
        for (const char *a = as; *a; a++) {
            for (const char *b = bs; *b; b++) {
                if (*a == *b)
                    continue;
                random_body(rng, text, body);
                text[i] = *a;
                if (i + 1 < body) {
                    text[i + 1] = *b;
                    add_check(text, body);
                } else if (!force_check(text, body, *b)) {
                    ck_abort_msg("no code with %c before check %c", *a, *b);
                }
                ck_assert(text[i] == *a && text[i + 1] == *b);
                char swapped[VPC_CODE_MAX_LEN + 1];
                memcpy(swapped, text, n + 1);
                swapped[i] = *b;
                swapped[i + 1] = *a;
                expect_rejected(swapped, body,
                                well_formed_at(swapped, i, body) &&
                                    well_formed_at(swapped, i + 1, body));
                transpositions++;
            }
        }
    }
}

START_TEST(test_exhaustive)
{
    uint64_t rng = 0x5eed0000u + (uint64_t)_i;
    substitutions = transpositions = caught_by_check = 0;
    sweep(&rng, VPC_CODE_STANDARD_LEN);
    sweep(&rng, VPC_CODE_LONG_LEN);

    /* Every (position, original, replacement) triple was tried:
     * standard: 5*10*22 + 7*20*22 + 23*22; long: 5*10*22 + (9+18+9*20)*22
     * + 23*22. */
    long want_sub = (5 * 10 + 7 * 20 + 23) * 22 + (5 * 10 + 9 + 18 + 9 * 20 + 23) * 22;
    ck_assert_int_eq(substitutions, want_sub);
    ck_assert(transpositions > 0);
    if (_i == 0)
        printf("check character: %ld substitutions and %ld adjacent transpositions per "
               "context, %ld of them well formed and caught by the check character, "
               "%d contexts\n", substitutions, transpositions, caught_by_check, test_scaled(CONTEXTS));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("checkchar");
    TCase *tc = tcase_create("exhaustive");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_exhaustive, 0, test_scaled(CONTEXTS));
    suite_add_tcase(s, tc);
    return run_suite(s);
}
