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

#endif
