/*
 * pack.c - vpc-pack: write the runtime file (docs/FORMAT.md) of a
 * vpostcode SQLite database.
 *
 *   vpc-pack DATABASE.sqlite OUTPUT.vpc
 *
 * Reads the tables the library needs (packread.c), writes them as the
 * runtime file (packwrite.c), atomically: a temporary file renamed over
 * OUTPUT, so that a process that has the old file mapped keeps it whole.
 * Then opens the result with vpc_open_v2(VPC_OPEN_VERIFY) and prints its
 * sections.
 */
#include <stdio.h>
#include <stdlib.h>

#include "packread.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: vpc-pack DATABASE.sqlite OUTPUT.vpc\n");
        return 2;
    }
    pack_src src;
    char err[512];
    if (pack_read(argv[1], &src, err, sizeof err) != VPC_OK) {
        fprintf(stderr, "vpc-pack: %s: %s\n", argv[1], err);
        return 1;
    }
    printf("vpc-pack: %s from %s\n", argv[2], argv[1]);
    pack_write(&src, argv[2], stdout);
    pack_free(&src);

    /* Read it back as the library will, all of it. */
    vpc_db *db;
    vpc_status st = vpc_open_v2(argv[2], VPC_OPEN_VERIFY, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "vpc-pack: %s: the file written does not verify: %s\n", argv[2],
                vpc_strerror(st));
        remove(argv[2]);
        return 1;
    }
    vpc_close(db);
    return 0;
}
