/*
 * checkrun.h - running a Check suite as a test program's whole job.
 */
#ifndef VPC_TEST_CHECKRUN_H
#define VPC_TEST_CHECKRUN_H

#include <check.h>
#include <stdlib.h>

/* Run every test of `s` (forking each, so a crash fails only its test) and
 * turn the result into the exit status automake expects. */
static inline int run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* $VPC_TEST_SCALE (a whole number, default 1) divides the sizes of the
 * randomised and exhaustive loops, for runs under valgrind, which are
 * 20 to 50 times slower; scale 1 is the real test. */
static inline int test_scale(void)
{
    const char *s = getenv("VPC_TEST_SCALE");
    int v = s != NULL ? atoi(s) : 1;
    return v > 1 ? v : 1;
}

/* n divided by the scale, at least 1. */
static inline int test_scaled(int n)
{
    int v = n / test_scale();
    return v > 0 ? v : 1;
}

#endif
