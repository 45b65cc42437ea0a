/*
 * testrand.h - a small deterministic generator (splitmix64) so that every
 * run of a randomised test sees the same points.
 */
#ifndef VPC_TEST_RAND_H
#define VPC_TEST_RAND_H

#include <stdint.h>

static inline uint64_t test_rand_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi). */
static inline double test_rand_uniform(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * (double)(test_rand_next(state) >> 11) * 0x1.0p-53;
}

#endif
