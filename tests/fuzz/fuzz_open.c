/*
 * fuzz_open.c - vpc_open_v2 on arbitrary bytes. The first byte of the
 * input chooses how (bit 0: VPC_OPEN_NO_MMAP, read instead of mapped;
 * bit 1: VPC_OPEN_VERIFY); the rest is written to a temporary file (in
 * $TMPDIR, removed after) and opened. A file that opens is checked with
 * vpc_db_verify and every kind of call is run on it (fuzz_db.h) before
 * vpc_close. The seeds are small valid runtime files (docs/FORMAT.md)
 * and pieces of them, so that mutations start from the real structure;
 * fuzz_dbmutate edits a valid file field by field, this target covers
 * what is not a database at all, or barely one.
 *
 * Invariants (a broken one traps): vpc_open_v2 gives OK or one of its
 * documented statuses, writes the handle only on success, never maps
 * with VPC_OPEN_NO_MMAP; a file opened with VPC_OPEN_VERIFY verifies;
 * on a file that verifies, no call gives VPC_E_DB_CORRUPT; every call
 * gives a documented status; whatever was allocated is freed
 * (LeakSanitizer).
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fmemopen, strdup, strnlen: the POSIX the fuzzers use */
#include "fuzz_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    uint8_t how = fuzz_u8(&in);
    unsigned flags = ((how & 1) ? VPC_OPEN_NO_MMAP : 0) | ((how & 2) ? VPC_OPEN_VERIFY : 0);
    vpc_status st;
    vpc_db *db = fuzz_open_bytes(in.p, in.n, flags, &st);
    if (db == NULL)
        return 0;
    fuzz_bytes points = in;
    int verified = fuzz_verify_and_exercise(db, &points);
    FUZZ_CHECK(verified || !(flags & VPC_OPEN_VERIFY));
    vpc_close(db);
    return 0;
}
