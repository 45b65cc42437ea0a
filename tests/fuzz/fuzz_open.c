/*
 * fuzz_open.c - vpc_open on arbitrary bytes: the input is written to a
 * temporary file (in $TMPDIR, removed after), opened, and if it opens (it
 * almost never does) every kind of call is run on it before vpc_close.
 * fuzz_dbmutate reaches much deeper, from a small valid database; this
 * target covers what is not a database at all, or barely one.
 *
 * Invariants (a broken one traps): vpc_open gives OK or one of its
 * documented statuses, writes the handle only on success, and whatever it
 * allocated is freed (LeakSanitizer).
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4096];
    fuzz_write_temp(data, size, path);
    vpc_db *db = (vpc_db *)(uintptr_t)0x1234;
    vpc_status st = vpc_open(path, &db);
    unlink(path);
    if (st != VPC_OK) {
        FUZZ_CHECK(fuzz_is_db_status(st));
        FUZZ_CHECK(db == (vpc_db *)(uintptr_t)0x1234);
        return 0;
    }
    FUZZ_CHECK(db != NULL && strcmp(vpc_db_path(db), path) == 0);
    fuzz_bytes in = {data, size};
    fuzz_exercise_db(db, &in);
    vpc_close(db);
    return 0;
}
