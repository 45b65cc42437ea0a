/*
 * holddb.c - a process holding a database open, for tests/sharing.sh:
 * opens it, encodes n points (the same ones in every process), prints
 * "ready" with how many got a code, and keeps the handle until its
 * standard input ends.
 *   holddb DATABASE N
 */
#include <stdio.h>
#include <stdlib.h>

#include "testrand.h"
#include "vpostcode.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: holddb DATABASE N\n");
        return 2;
    }
    long n = strtol(argv[2], NULL, 10);
    vpc_db *db = NULL;
    vpc_status st = vpc_open(argv[1], &db);
    if (st != VPC_OK) {
        fprintf(stderr, "holddb: %s: %s\n", argv[1], vpc_strerror(st));
        return 1;
    }
    /* Points over Vietnam's extent, the same in every process, so that
     * they all touch the same pages of the file. */
    uint64_t rng = 12;
    long coded = 0;
    for (long i = 0; i < n; i++) {
        double lat = test_rand_uniform(&rng, 8.4, 23.4);
        double lon = test_rand_uniform(&rng, 102.1, 109.5);
        vpc_code code;
        coded += vpc_encode(db, lat, lon, 0, &code, NULL) == VPC_OK;
    }
    printf("ready %ld of %ld points coded\n", coded, n);
    fflush(stdout);
    while (getchar() != EOF)
        ;
    vpc_close(db);
    return 0;
}
