/*
 * check_format.c - the runtime file (docs/FORMAT.md) damaged, read into
 * memory, paired with its SQLite database, and replaced while open.
 *
 * Copies of the real file truncated at every section boundary, with
 * sections pointing outside the file, with a wrong header or section
 * table, with empty sections and with bytes changed inside sections give a
 * named status from vpc_open or, where the open passes (it checks the
 * header and the table only), documented statuses from every call, outputs
 * left alone by every failing call, and VPC_E_DB_CORRUPT from
 * vpc_db_verify. Under the sanitizers (scripts/test-all) this is also the
 * proof that no call reads outside the file. A file read into memory
 * answers exactly as the mapped one; an SQLite database opens through the
 * runtime file built from it and no other; a file renamed over or removed
 * while a handle has it open keeps answering through that handle.
 *
 * The file's layout and its CRC-32 are this test's own, written from
 * FORMAT.md, not the library's. Uses $VPOSTCODE_DB (the build's
 * vpostcode.vpc) and $VPOSTCODE_SQLITE (the database it was built from).
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

/* ---- the layout, from docs/FORMAT.md ------------------------------------ */

enum { HEADER_SIZE = 64, ENTRY_SIZE = 32, MAX_SECTIONS = 64, ALIGN = 64 };
/* Header fields. */
enum {
    H_MAGIC = 0, H_VERSION = 8, H_ENDIAN = 12, H_HEADER_SIZE = 16, H_COUNT = 20,
    H_FILE_SIZE = 24, H_TABLE = 32, H_FLAGS = 40, H_TABLE_CRC = 44, H_RESERVED = 48, H_CRC = 60
};
/* Section table entry fields. */
enum { E_ID = 0, E_ELEMENT = 4, E_OFFSET = 8, E_SIZE = 16, E_COUNT = 24, E_CRC = 28 };
/* Section ids; a tile index is ten sections from its base. */
enum {
    SEC_STRINGS = 1, SEC_METADATA, SEC_PROVINCES, SEC_WARDS, SEC_WARDS_BY_POSTAL, SEC_COMMUNES,
    SEC_COMMUNE_WARDS, SEC_COMMUNES_BY_POSTAL, SEC_WARD_COMMUNES_START, SEC_WARD_COMMUNES,
    SEC_WARD_INDEX = 0x10, SEC_DISTRICT_INDEX = 0x20,
    SEC_LEX_UNITS = 0x30, SEC_LEX_NAMES, SEC_LEX_HASH
};
/* Address lexicon records: their sizes and fields. */
enum { LEXUNIT_SIZE = 24, LU_NAME = 0, LU_PARENT = 4, LU_REF = 8, LU_LEVEL = 12, LU_CODE = 14 };
enum { LEXNAME_SIZE = 24, LN_KEY = 0, LN_MARKS = 4, LN_NAME = 8, LN_UNIT = 12, LN_HASH = 16 };
enum {
    IX_HEADER, IX_NODES, IX_LEAVES, IX_CANDS, IX_RUNS, IX_BREAKS, IX_VERTICES, IX_RINGS,
    IX_WARD_RINGS, IX_UNIT_CODES
};
#define FLAG_LEGACY 1u
#define FLAG_DISTRICTS 2u
#define FLAG_LEXICON 4u
#define FLAG_LEGACY_LEXICON 8u

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* CRC-32 as FORMAT.md gives it (reflected, polynomial 0xEDB88320, initial
 * value and final XOR 0xFFFFFFFF), byte by byte from a table of 256. */
static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1u ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* ---- the real file -------------------------------------------------------- */

typedef struct {
    uint32_t id, element;
    uint64_t offset, size;
    uint32_t count, crc;
} entry;

static const char *db_path;
static char tmpdir[256];
static unsigned char *orig; /* the whole file */
static size_t orig_size;
static uint64_t table_off;
static uint32_t nsec, file_flags;
static entry sec[MAX_SECTIONS];
static size_t head_len; /* header and table: what the table tests change */
static vpc_db *ref;     /* the real file, open */

static int sec_index(uint32_t id)
{
    for (uint32_t i = 0; i < nsec; i++)
        if (sec[i].id == id)
            return (int)i;
    return -1;
}

static const char *sec_name(uint32_t id)
{
    static const char *plain[] = {"?", "strings", "metadata", "provinces", "wards",
                                  "wards_by_postal", "communes", "commune_wards",
                                  "communes_by_postal", "ward_communes_start", "ward_communes"};
    static const char *ix[] = {"header", "nodes", "leaves", "cands", "runs", "breaks",
                               "vertices", "rings", "ward_rings", "unit_codes"};
    static char buf[64];
    static const char *lex[] = {"lexicon_units", "lexicon_names", "lexicon_hash"};
    if (id >= 1 && id <= 10)
        return plain[id];
    if (id >= SEC_LEX_UNITS && id <= SEC_LEX_HASH)
        return lex[id - SEC_LEX_UNITS];
    if ((id & 0xF0u) == SEC_WARD_INDEX && (id & 0xFu) <= IX_UNIT_CODES)
        snprintf(buf, sizeof buf, "ward_index.%s", ix[id & 0xFu]);
    else if ((id & 0xF0u) == SEC_DISTRICT_INDEX && (id & 0xFu) <= IX_UNIT_CODES)
        snprintf(buf, sizeof buf, "district_index.%s", ix[id & 0xFu]);
    else
        snprintf(buf, sizeof buf, "0x%x", (unsigned)id);
    return buf;
}

/* ---- what the calls are given ----------------------------------------------- */

#define NPOINTS 20000
#define NLEGACY 200
static double plat[NPOINTS], plon[NPOINTS];
static char pcode[NPOINTS][VPC_CODE_BUFSIZE]; /* the point's code, "" if it has none */
static char (*wcode)[6], (*wpostal)[6];        /* every ward's codes */
static size_t nwards;
static char pcodes[64][3];                     /* every province's code */
static size_t nprovinces;
static char legacy_postal[NLEGACY][6];         /* pre-2025 postal codes */
static char legacy_text[NLEGACY][VPC_CODE_BUFSIZE]; /* codes made with them */
static int nlegacy;
static char small_province[3];                 /* the province with the fewest wards */
#define NADDRESSES 240
static char address_text[NADDRESSES][4 * VPC_NAME_BUFSIZE]; /* addresses as written */
static char search_text[NADDRESSES][VPC_NAME_BUFSIZE];          /* ward names, to search */
static int naddresses;

/* ---- statuses and outputs ------------------------------------------------- */

#define BIT(s) (1ull << (s))
#define ALLOWED(set, st) ((unsigned)(st) < VPC_STATUS_COUNT && (((set) >> (unsigned)(st)) & 1u))
static const uint64_t LOOKUP_SET =
    BIT(VPC_OK) | BIT(VPC_E_NO_WARD) | BIT(VPC_E_OUTSIDE_VIETNAM) | BIT(VPC_E_DB_CORRUPT);
static const uint64_t NEAREST_SET = BIT(VPC_OK) | BIT(VPC_W_NEAREST_WARD) | BIT(VPC_E_NO_WARD) |
                                    BIT(VPC_E_OUTSIDE_VIETNAM) | BIT(VPC_E_DB_CORRUPT);
static const uint64_t DECODE_SET = BIT(VPC_OK) | BIT(VPC_W_OUTSIDE_WARD) |
                                   BIT(VPC_E_UNKNOWN_POSTAL_CODE) | BIT(VPC_E_NEEDS_LONG_FORM) |
                                   BIT(VPC_E_DB_CORRUPT);
/* A pre-2025 reading's place may be in no ward today. */
static const uint64_t DECODE_EX_SET =
    BIT(VPC_OK) | BIT(VPC_W_OUTSIDE_WARD) | BIT(VPC_E_UNKNOWN_POSTAL_CODE) |
    BIT(VPC_E_UNKNOWN_LEGACY_CODE) | BIT(VPC_E_NEEDS_LONG_FORM) | BIT(VPC_E_AMBIGUOUS_SCHEME) |
    BIT(VPC_E_NO_WARD) | BIT(VPC_E_OUTSIDE_VIETNAM) | BIT(VPC_E_DB_CORRUPT);
static const uint64_t LEGACY_LOOKUP_SET = LOOKUP_SET | BIT(VPC_E_NO_LEGACY_DATA) |
                                          BIT(VPC_E_BUFFER_TOO_SMALL);
static const uint64_t LEGACY_POSTAL_SET =
    BIT(VPC_OK) | BIT(VPC_E_UNKNOWN_LEGACY_CODE) | BIT(VPC_E_NO_LEGACY_DATA) |
    BIT(VPC_E_BUFFER_TOO_SMALL) | BIT(VPC_E_DB_CORRUPT);
static const uint64_t ADDRESS_SET =
    BIT(VPC_OK) | BIT(VPC_E_ADDRESS_NOT_FOUND) | BIT(VPC_E_ADDRESS_INCOMPLETE) |
    BIT(VPC_E_ADDRESS_AMBIGUOUS) | BIT(VPC_E_ADDRESS_SPLIT) | BIT(VPC_E_NO_LEXICON) |
    BIT(VPC_E_DB_CORRUPT);
static const uint64_t SEARCH_SET = BIT(VPC_OK) | BIT(VPC_E_NO_LEXICON) | BIT(VPC_E_DB_CORRUPT);

static const char *variant = "the real file"; /* what is being opened, for messages */
static int corrupt_seen;                      /* VPC_E_DB_CORRUPT from the calls */

/* Calls that broke their contract (a status they may not give, an output
 * written by a failing call) are counted, the first few kept, and the test
 * fails at its end: one breach does not hide the variants after it. */
static int breaches;
static char breach[3][400];

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void note_breach(const char *fmt, ...)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("VPC_FORMAT_VERBOSE") != NULL; /* every breach on stderr */
    va_list ap;
    if (breaches < 3) {
        va_start(ap, fmt);
        vsnprintf(breach[breaches], sizeof breach[0], fmt, ap);
        va_end(ap);
    }
    if (verbose) {
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
    }
    breaches++;
}

static void expect_no_breach(void)
{
    ck_assert_msg(breaches == 0, "%d calls broke their contract, the first:\n  %s\n  %s\n  %s",
                  breaches, breach[0], breaches > 1 ? breach[1] : "",
                  breaches > 2 ? breach[2] : "");
}

/* The start of a test: under valgrind (CK_FORK=no) every test runs in one
 * process, after the others. */
static void begin(const char *what)
{
    variant = what;
    breaches = 0;
}

static void expect(uint64_t set, vpc_status st, const char *call, long item)
{
    if (!ALLOWED(set, st))
        note_breach("%s: %s, item %ld: %s (%d)", variant, call, item, vpc_status_name(st),
                    (int)st);
    corrupt_seen += st == VPC_E_DB_CORRUPT;
}

#define POISON 0x5a
static void poison(void *p, size_t n)
{
    memset(p, POISON, n);
}

static int poisoned(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != POISON)
            return 0;
    return 1;
}

static int failed(vpc_status st)
{
    return st != VPC_OK && !vpc_is_warning(st);
}

/* A failing call leaves its output as it was (vpostcode.h, conventions). */
static void expect_untouched(vpc_status st, const void *out, size_t n, const char *call, long item)
{
    if (failed(st) && !poisoned(out, n))
        note_breach("%s: %s, item %ld: %s, but the output was written", variant, call, item,
                    vpc_status_name(st));
}

static int terminated(const char *s, size_t size)
{
    return memchr(s, '\0', size) != NULL;
}

/* A ward written by a call that succeeded: every string ends in its field. */
static void expect_ward_written(const vpc_ward *w, const char *call, long item)
{
    if (!(terminated(w->code, sizeof w->code) &&
          terminated(w->postal_code, sizeof w->postal_code) &&
          terminated(w->name, sizeof w->name) && terminated(w->name_ascii, sizeof w->name_ascii) &&
          terminated(w->province.code, sizeof w->province.code) &&
          terminated(w->province.name, sizeof w->province.name) &&
          terminated(w->province.name_ascii, sizeof w->province.name_ascii) &&
          terminated(w->province.postal_prefixes, sizeof w->province.postal_prefixes)))
        note_breach("%s: %s, item %ld: succeeded without writing its ward", variant, call, item);
}

static void expect_cell_written(const vpc_cell *c, const char *call, long item)
{
    if (!(c->length >= 2 && c->length <= 15))
        note_breach("%s: %s, item %ld: succeeded without writing its cell", variant, call, item);
}

/* ---- every call on one handle ------------------------------------------------ */

static void exercise_tables(const vpc_db *d)
{
    size_t nm = vpc_db_metadata_count(d);
    for (size_t i = 0; i < nm; i++) {
        const char *k = NULL, *v = NULL;
        vpc_status st = vpc_db_metadata(d, i, &k, &v);
        expect(BIT(VPC_OK) | BIT(VPC_E_DB_CORRUPT), st, "vpc_db_metadata", (long)i);
        if (st == VPC_OK && (k == NULL || v == NULL))
            note_breach("%s: vpc_db_metadata %zu: VPC_OK without its strings", variant, i);
    }
    vpc_province p;
    for (size_t i = 0; i < vpc_province_count(d); i++) {
        poison(&p, sizeof p);
        vpc_status st = vpc_province_at(d, i, &p);
        expect(BIT(VPC_OK) | BIT(VPC_E_DB_CORRUPT), st, "vpc_province_at", (long)i);
        expect_untouched(st, &p, sizeof p, "vpc_province_at", (long)i);
    }
    for (size_t i = 0; i < nprovinces; i++) {
        poison(&p, sizeof p);
        vpc_status st = vpc_province_by_code(d, pcodes[i], &p);
        expect(BIT(VPC_OK) | BIT(VPC_E_UNKNOWN_PROVINCE) | BIT(VPC_E_DB_CORRUPT), st,
               "vpc_province_by_code", (long)i);
        expect_untouched(st, &p, sizeof p, "vpc_province_by_code", (long)i);
    }
    vpc_ward w;
    for (size_t i = 0; i < vpc_ward_count(d); i++) {
        poison(&w, sizeof w);
        vpc_status st = vpc_ward_at(d, i, &w);
        expect(BIT(VPC_OK) | BIT(VPC_E_DB_CORRUPT), st, "vpc_ward_at", (long)i);
        expect_untouched(st, &w, sizeof w, "vpc_ward_at", (long)i);
        if (st == VPC_OK)
            expect_ward_written(&w, "vpc_ward_at", (long)i);
    }
    for (size_t i = 0; i < nwards; i++) {
        poison(&w, sizeof w);
        vpc_status st = vpc_ward_by_code(d, wcode[i], &w);
        expect(BIT(VPC_OK) | BIT(VPC_E_UNKNOWN_WARD) | BIT(VPC_E_DB_CORRUPT), st,
               "vpc_ward_by_code", (long)i);
        expect_untouched(st, &w, sizeof w, "vpc_ward_by_code", (long)i);
        poison(&w, sizeof w);
        st = vpc_ward_by_postal_code(d, wpostal[i], &w);
        expect(BIT(VPC_OK) | BIT(VPC_E_UNKNOWN_POSTAL_CODE) | BIT(VPC_E_DB_CORRUPT), st,
               "vpc_ward_by_postal_code", (long)i);
        expect_untouched(st, &w, sizeof w, "vpc_ward_by_postal_code", (long)i);
    }
    /* Boundaries: measured for a sample of wards (that reads every vertex
     * of each), written for a few. */
    const uint64_t geo =
        BIT(VPC_E_BUFFER_TOO_SMALL) | BIT(VPC_E_UNKNOWN_WARD) | BIT(VPC_E_DB_CORRUPT);
    for (size_t i = 0; i < nwards; i += 97) {
        size_t needed = 0;
        vpc_status st = vpc_ward_geojson(d, wcode[i], NULL, 0, &needed);
        expect(geo, st, "vpc_ward_geojson", (long)i);
        if (st != VPC_E_BUFFER_TOO_SMALL || i % 3 != 0)
            continue;
        char *buf = malloc(needed);
        ck_assert_ptr_nonnull(buf);
        st = vpc_ward_geojson(d, wcode[i], buf, needed, NULL);
        if (st != VPC_OK || strlen(buf) + 1 != needed)
            note_breach("%s: vpc_ward_geojson %s into %zu bytes: %s", variant, wcode[i], needed,
                        vpc_status_name(st));
        free(buf);
    }
    size_t needed = 0;
    expect(geo | BIT(VPC_E_UNKNOWN_PROVINCE),
           vpc_province_geojson(d, small_province, NULL, 0, &needed), "vpc_province_geojson", 0);
}

static void exercise_points(const vpc_db *d, int n)
{
    for (int k = 0; k < n; k++) {
        vpc_ward w;
        vpc_code c;
        vpc_cell cell;
        vpc_decoded dec;
        poison(&w, sizeof w);
        vpc_status st = vpc_lookup(d, plat[k], plon[k], &w);
        expect(LOOKUP_SET, st, "vpc_lookup", k);
        expect_untouched(st, &w, sizeof w, "vpc_lookup", k);
        if (st == VPC_OK)
            expect_ward_written(&w, "vpc_lookup", k);

        poison(&w, sizeof w);
        poison(&c, sizeof c);
        st = vpc_encode(d, plat[k], plon[k], k % 3 ? 0 : VPC_FLAG_CHECK_CHAR, &c, &w);
        expect(LOOKUP_SET, st, "vpc_encode", k);
        expect_untouched(st, &c, sizeof c, "vpc_encode", k);
        expect_untouched(st, &w, sizeof w, "vpc_encode", k);
        if (st == VPC_OK) {
            expect_ward_written(&w, "vpc_encode", k);
            if (c.form != VPC_FORM_STANDARD && c.form != VPC_FORM_LONG)
                note_breach("%s: vpc_encode, item %d: form %d", variant, k, c.form);
        }

        size_t count = 0;
        vpc_legacy_unit units[16];
        poison(units, sizeof units);
        poison(&count, sizeof count);
        st = vpc_legacy_lookup(d, plat[k], plon[k], units, 16, &count);
        expect(LEGACY_LOOKUP_SET, st, "vpc_legacy_lookup", k);
        if (st != VPC_E_BUFFER_TOO_SMALL) {
            expect_untouched(st, units, sizeof units, "vpc_legacy_lookup (units)", k);
            expect_untouched(st, &count, sizeof count, "vpc_legacy_lookup (count)", k);
        }

        if (k % 50 == 0) {
            double metres;
            poison(&w, sizeof w);
            st = vpc_lookup_nearest(d, plat[k], plon[k], 2000.0, &w, &metres);
            expect(NEAREST_SET, st, "vpc_lookup_nearest", k);
            expect_untouched(st, &w, sizeof w, "vpc_lookup_nearest", k);
            poison(&c, sizeof c);
            st = vpc_encode_nearest(d, plat[k], plon[k], 2000.0, 0, &c, NULL, &metres);
            expect(NEAREST_SET, st, "vpc_encode_nearest", k);
            expect_untouched(st, &c, sizeof c, "vpc_encode_nearest", k);
        }

        if (pcode[k][0] == '\0')
            continue;
        poison(&w, sizeof w);
        poison(&cell, sizeof cell);
        st = vpc_decode(d, pcode[k], &cell, &w);
        expect(DECODE_SET, st, "vpc_decode", k);
        expect_untouched(st, &cell, sizeof cell, "vpc_decode", k);
        expect_untouched(st, &w, sizeof w, "vpc_decode", k);
        if (!failed(st)) {
            expect_cell_written(&cell, "vpc_decode", k);
            expect_ward_written(&w, "vpc_decode", k);
        }
        poison(&dec, sizeof dec);
        st = vpc_decode_ex(d, pcode[k], VPC_FLAG_CHECK_CHAR, &dec);
        expect(DECODE_EX_SET, st, "vpc_decode_ex", k);
        expect_untouched(st, &dec, sizeof dec, "vpc_decode_ex", k);
        if (!failed(st)) {
            expect_cell_written(&dec.cell, "vpc_decode_ex", k);
            if (dec.scheme != VPC_SCHEME_CURRENT && dec.scheme != VPC_SCHEME_LEGACY)
                note_breach("%s: vpc_decode_ex, item %d: scheme %d", variant, k, dec.scheme);
        }
        poison(&c, sizeof c);
        st = vpc_convert(d, pcode[k], 0, &c);
        expect(DECODE_EX_SET, st, "vpc_convert", k);
        expect_untouched(st, &c, sizeof c, "vpc_convert", k);
    }
}

static void exercise_legacy(const vpc_db *d)
{
    for (int j = 0; j < nlegacy; j++) {
        vpc_legacy_unit u;
        char wards[32][6];
        size_t nw;
        poison(&u, sizeof u);
        poison(wards, sizeof wards);
        poison(&nw, sizeof nw);
        vpc_status st = vpc_legacy_by_postal_code(d, legacy_postal[j], &u, wards, 32, &nw);
        expect(LEGACY_POSTAL_SET, st, "vpc_legacy_by_postal_code", j);
        expect_untouched(st, &u, sizeof u, "vpc_legacy_by_postal_code", j);
        if (st != VPC_E_BUFFER_TOO_SMALL)
            expect_untouched(st, &nw, sizeof nw, "vpc_legacy_by_postal_code (count)", j);
        vpc_decoded dec;
        poison(&dec, sizeof dec);
        st = vpc_decode_ex(d, legacy_text[j], 0, &dec);
        expect(DECODE_EX_SET, st, "vpc_decode_ex (pre-2025)", j);
        expect_untouched(st, &dec, sizeof dec, "vpc_decode_ex (pre-2025)", j);
        poison(&dec, sizeof dec);
        st = vpc_decode_ex(d, legacy_text[j], VPC_FLAG_SCHEME_LEGACY, &dec);
        expect(DECODE_EX_SET | BIT(VPC_E_NO_LEGACY_DATA), st, "vpc_decode_ex (legacy scheme)", j);
        expect_untouched(st, &dec, sizeof dec, "vpc_decode_ex (legacy scheme)", j);
    }
}

static void exercise_batches(const vpc_db *d, int n)
{
    int m = n < 500 ? n : 500;
    int ward[500], status[500];
    static char codes[500 * VPC_CODE_BUFSIZE];
    static vpc_cell cells[500];
    const char *texts[500];
    int ntexts = 0;
    size_t count = vpc_ward_count(d);

    expect(BIT(VPC_OK), vpc_lookup_batch(d, (size_t)m, plat, plon, ward, status),
           "vpc_lookup_batch", -1);
    for (int i = 0; i < m; i++) {
        expect(LOOKUP_SET, (vpc_status)status[i], "vpc_lookup_batch", i);
        if (ward[i] < -1 || ward[i] >= (int)count)
            note_breach("%s: vpc_lookup_batch, item %d: ward %d", variant, i, ward[i]);
    }
    expect(BIT(VPC_OK), vpc_encode_batch(d, (size_t)m, plat, plon, 0, codes, ward, status),
           "vpc_encode_batch", -1);
    for (int i = 0; i < m; i++) {
        expect(LOOKUP_SET, (vpc_status)status[i], "vpc_encode_batch", i);
        if (ward[i] < -1 || ward[i] >= (int)count ||
            !terminated(codes + (size_t)i * VPC_CODE_BUFSIZE, VPC_CODE_BUFSIZE))
            note_breach("%s: vpc_encode_batch, item %d: ward %d or its code", variant, i, ward[i]);
    }
    for (int i = 0; i < NPOINTS && ntexts < m; i++)
        if (pcode[i][0] != '\0')
            texts[ntexts++] = pcode[i];
    expect(BIT(VPC_OK), vpc_decode_batch(d, (size_t)ntexts, texts, 0, cells, ward, status),
           "vpc_decode_batch", -1);
    for (int i = 0; i < ntexts; i++) {
        expect(DECODE_SET, (vpc_status)status[i], "vpc_decode_batch", i);
        if (ward[i] < -1 || ward[i] >= (int)count)
            note_breach("%s: vpc_decode_batch, item %d: ward %d", variant, i, ward[i]);
    }
}

/* Addresses read and wards searched by name (the address lexicon): only
 * documented statuses, codes and names within their buffers. */
static void exercise_addresses(const vpc_db *d)
{
    for (int j = 0; j < naddresses; j++) {
        vpc_address a;
        poison(&a, sizeof a);
        vpc_status st = vpc_address_parse(d, address_text[j], 0, &a, NULL);
        expect(ADDRESS_SET, st, "vpc_address_parse", j);
        if (!terminated(a.ward.code, sizeof a.ward.code) ||
            !terminated(a.ward.name, sizeof a.ward.name) ||
            !terminated(a.province.code, sizeof a.province.code) ||
            !terminated(a.legacy.commune_name, sizeof a.legacy.commune_name))
            note_breach("%s: vpc_address_parse %d: a string not terminated", variant, j);
        for (size_t k = 0; k < a.candidate_count && k < VPC_ADDRESS_MAX_CANDIDATES; k++)
            if (!terminated(a.candidates[k], sizeof a.candidates[k]))
                note_breach("%s: vpc_address_parse %d: candidate %zu", variant, j, k);
        if (j % 4 != 0)
            continue;
        vpc_search_hit hits[8];
        size_t count = 0;
        poison(hits, sizeof hits);
        st = vpc_ward_search(d, search_text[j], NULL, 0, hits, 8, &count);
        expect(SEARCH_SET, st, "vpc_ward_search", j);
        for (size_t k = 0; st == VPC_OK && k < count && k < 8; k++)
            if (!terminated(hits[k].code, sizeof hits[k].code) ||
                !terminated(hits[k].name, sizeof hits[k].name) ||
                !terminated(hits[k].province_name, sizeof hits[k].province_name) ||
                !terminated(hits[k].matched, sizeof hits[k].matched))
                note_breach("%s: vpc_ward_search %d: hit %zu not terminated", variant, j, k);
    }
}

/* Every call over the first n points and every ward: only documented
 * statuses, failing calls writing nothing. How many said VPC_E_DB_CORRUPT. */
static int exercise(const vpc_db *d, int n)
{
    corrupt_seen = 0;
    exercise_tables(d);
    exercise_points(d, n);
    exercise_legacy(d);
    exercise_batches(d, n);
    exercise_addresses(d);
    return corrupt_seen;
}

/* ---- files ----------------------------------------------------------------- */

static void write_all(int fd, const void *p, size_t n, uint64_t off)
{
    const unsigned char *c = p;
    while (n > 0) {
        ssize_t w = pwrite(fd, c, n, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        ck_assert_msg(w > 0, "pwrite: %s", strerror(errno));
        c += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
}

/* A copy of the real file that the tests change in place (between opens:
 * a file must not change under an open handle) and put back. */
typedef struct {
    char path[512];
    int fd;
} workfile;

static void work_open(workfile *w, const char *name)
{
    snprintf(w->path, sizeof w->path, "%s/%s", tmpdir, name);
    w->fd = open(w->path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    ck_assert_msg(w->fd >= 0, "%s: %s", w->path, strerror(errno));
    write_all(w->fd, orig, orig_size, 0);
}

static void work_write(const workfile *w, uint64_t off, const void *p, size_t n)
{
    write_all(w->fd, p, n, off);
}

static void work_restore(const workfile *w, uint64_t off, size_t n)
{
    write_all(w->fd, orig + off, n, off);
}

static void work_close(workfile *w)
{
    close(w->fd);
    unlink(w->path);
}

static void write_file(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
    write_all(fd, data, n, 0);
    close(fd);
}

/* The header and table, to change and write back. */
static unsigned char head[HEADER_SIZE + MAX_SECTIONS * ENTRY_SIZE];

static void head_reset(void)
{
    memcpy(head, orig, head_len);
}

static unsigned char *head_entry(uint32_t i)
{
    return head + table_off + (size_t)i * ENTRY_SIZE;
}

/* Make the header's and the table's CRCs right again, so that the damage
 * reaches the checks behind them. */
static void head_fix(void)
{
    uint32_t count = get32(head + H_COUNT);
    uint64_t toff = get64(head + H_TABLE);
    if (count <= MAX_SECTIONS && toff <= head_len &&
        (uint64_t)count * ENTRY_SIZE <= head_len - toff)
        put32(head + H_TABLE_CRC, crc32_of(head + toff, (size_t)count * ENTRY_SIZE));
    put32(head + H_CRC, crc32_of(head, H_CRC));
}

/* ---- opening ----------------------------------------------------------------- */

static vpc_status open_status(const char *path, unsigned flags)
{
    vpc_db *d = (vpc_db *)&flags; /* must stay as it is on failure */
    vpc_db *before = d;
    vpc_status st = vpc_open_v2(path, flags, &d);
    if (st == VPC_OK)
        vpc_close(d);
    else
        ck_assert_msg(d == before, "%s: %s wrote the handle", variant, vpc_status_name(st));
    return st;
}

/* The file at path is refused with `want`, mapped and read. */
static void expect_refused(const char *path, vpc_status want, int both)
{
    vpc_status st = open_status(path, 0);
    ck_assert_msg(st == want, "%s: vpc_open gives %s, not %s", variant, vpc_status_name(st),
                  vpc_status_name(want));
    if (both) {
        st = open_status(path, VPC_OPEN_NO_MMAP);
        ck_assert_msg(st == want, "%s: vpc_open_v2(NO_MMAP) gives %s, not %s", variant,
                      vpc_status_name(st), vpc_status_name(want));
    }
}

/* A damaged file that may open: a named status from vpc_open; if it opens,
 * every call gives a documented status and vpc_db_verify finds the damage
 * (when verify_must_fail). *verify gets its status (VPC_OK if not opened),
 * the result is the open's status; *corrupt how many calls said
 * VPC_E_DB_CORRUPT. */
static int cross_check; /* also open with VPC_OPEN_VERIFY (verifying takes a while) */

static vpc_status try_damaged(const char *path, int npts, int verify_must_fail, vpc_status *verify,
                              int *corrupt)
{
    vpc_db *d = NULL;
    vpc_status st = vpc_open(path, &d);
    *verify = VPC_OK;
    *corrupt = 0;
    ck_assert_msg(st == VPC_OK || st == VPC_E_DB_CORRUPT || st == VPC_E_DB_SCHEMA,
                  "%s: vpc_open gives %s", variant, vpc_status_name(st));
    if (st != VPC_OK)
        return st;
    if (npts > 0)
        *corrupt = exercise(d, npts);
    *verify = vpc_db_verify(d);
    ck_assert_msg(*verify == VPC_OK || *verify == VPC_E_DB_CORRUPT, "%s: vpc_db_verify gives %s",
                  variant, vpc_status_name(*verify));
    if (verify_must_fail)
        ck_assert_msg(*verify == VPC_E_DB_CORRUPT, "%s: vpc_db_verify finds nothing", variant);
    if (cross_check) {
        /* Opening with VPC_OPEN_VERIFY is open and verify in one. */
        vpc_db *v = NULL;
        vpc_status vst = vpc_open_v2(path, VPC_OPEN_VERIFY, &v);
        ck_assert_msg(vst == *verify, "%s: VPC_OPEN_VERIFY gives %s, vpc_db_verify %s", variant,
                      vpc_status_name(vst), vpc_status_name(*verify));
        vpc_close(v);
    }
    vpc_close(d);
    return st;
}

static int damage_points(void)
{
    return test_scaled(2000);
}

/* Under valgrind ($VPC_TEST_SCALE above 1, where checking the whole file
 * takes a minute) the damaged files that are opened, used and verified
 * are sampled: every scale-th section or target. */
static int sampled_out(size_t i)
{
    return i % (size_t)test_scale() != 0;
}

/* ---- the intact file ------------------------------------------------------------ */

/* The base line: on the real file every call succeeds or gives an
 * ordinary status, never VPC_E_DB_CORRUPT; verify passes; this test's
 * CRC-32 and reading of the layout agree with the file. */
START_TEST(test_intact)
{
    begin("intact");
    ck_assert_uint_eq(crc32_of((const unsigned char *)"123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(get32(orig + H_CRC), crc32_of(orig, H_CRC));
    ck_assert_uint_eq(get32(orig + H_TABLE_CRC),
                      crc32_of(orig + table_off, (size_t)nsec * ENTRY_SIZE));
    for (uint32_t i = 0; i < nsec; i++) {
        if (test_scale() == 1 || sec[i].size < (1u << 22))
            ck_assert_msg(crc32_of(orig + sec[i].offset, sec[i].size) == sec[i].crc,
                          "section %s", sec_name(sec[i].id));
        ck_assert(sec[i].offset % ALIGN == 0);
        ck_assert(sec[i].size == (uint64_t)sec[i].element * sec[i].count);
    }
    ck_assert_uint_eq(get64(orig + H_FILE_SIZE), orig_size);
    variant = "the real file";
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(vpc_db_verify(ref), VPC_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_eq(exercise(ref, test_scaled(NPOINTS)), 0);
    expect_no_breach();
    printf("format: %s, %zu bytes, %u sections, flags %u; %d points, %d pre-2025 codes; "
           "vpc_db_verify took %.2f s\n",
           db_path, orig_size, (unsigned)nsec, (unsigned)file_flags, test_scaled(NPOINTS),
           nlegacy, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9);
}
END_TEST

/* ---- truncated and extended ---------------------------------------------------- */

static int cmp_desc(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Cut at the start and end (and middle) of every section and at odd
 * places: VPC_E_DB_CORRUPT, also when the header is made to agree with
 * the cut (then the table check meets a section past the end). */
START_TEST(test_truncated)
{
    begin("truncated");
    uint64_t cuts[4 * MAX_SECTIONS + 32];
    size_t n = 0;
    for (uint32_t i = 0; i < nsec; i++) {
        cuts[n++] = sec[i].offset;
        cuts[n++] = sec[i].offset + sec[i].size;
        cuts[n++] = sec[i].offset + sec[i].size / 2;
        cuts[n++] = sec[i].offset + 1;
    }
    const uint64_t odd[] = {0, 1, 7, 8, 32, 59, 60, 63, 64, 65, 100, head_len - 1, head_len,
                            head_len + 1, orig_size / 2 + 13, orig_size - 4096, orig_size - 64,
                            orig_size - 1};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        cuts[n++] = odd[i];
    qsort(cuts, n, sizeof cuts[0], cmp_desc);

    workfile w;
    work_open(&w, "truncated.vpc");
    char name[128];
    int tried = 0, consistent = 0;
    for (size_t i = 0; i < n; i++) {
        if (cuts[i] >= orig_size || (i > 0 && cuts[i] == cuts[i - 1]))
            continue;
        ck_assert_int_eq(ftruncate(w.fd, (off_t)cuts[i]), 0);
        snprintf(name, sizeof name, "truncated at %llu", (unsigned long long)cuts[i]);
        variant = name;
        expect_refused(w.path, VPC_E_DB_CORRUPT, tried % 16 == 0);
        tried++;
        if (cuts[i] >= head_len) {
            head_reset();
            put64(head + H_FILE_SIZE, cuts[i]);
            head_fix();
            work_write(&w, 0, head, head_len);
            snprintf(name, sizeof name, "truncated at %llu, header saying so",
                     (unsigned long long)cuts[i]);
            expect_refused(w.path, VPC_E_DB_CORRUPT, 0);
            work_restore(&w, 0, head_len);
            consistent++;
        }
    }
    work_close(&w);

    /* Longer than the header says. */
    work_open(&w, "extended.vpc");
    static const unsigned char zeros[ALIGN];
    work_write(&w, orig_size, zeros, 1);
    variant = "one byte appended";
    expect_refused(w.path, VPC_E_DB_CORRUPT, 1);
    work_write(&w, orig_size, zeros, ALIGN);
    variant = "64 bytes appended";
    expect_refused(w.path, VPC_E_DB_CORRUPT, 1);
    work_close(&w);
    printf("format: %d cuts refused, %d of them also with the header's size agreeing\n", tried,
           consistent);
}
END_TEST

/* ---- sections outside the file ----------------------------------------------- */

START_TEST(test_sections_outside)
{
    begin("sections outside");
    workfile w;
    work_open(&w, "outside.vpc");
    char name[160];
    int tried = 0;
    for (uint32_t i = 0; i < nsec; i++) {
        const entry *e = &sec[i];
        uint64_t last = (orig_size - 1) / ALIGN * ALIGN;
        for (int v = 0; v < 6; v++) {
            head_reset();
            unsigned char *t = head_entry(i);
            const char *how = "";
            switch (v) {
            case 0:
                how = "offset past the end";
                put64(t + E_OFFSET, (orig_size + ALIGN - 1) / ALIGN * ALIGN + ALIGN);
                break;
            case 1:
                how = "offset wrapping with the size";
                put64(t + E_OFFSET, UINT64_MAX - (ALIGN - 1));
                break;
            case 2:
                if (e->size <= orig_size - last)
                    continue;
                how = "offset at the last 64 bytes";
                put64(t + E_OFFSET, last);
                break;
            case 3: {
                uint64_t c = (orig_size - e->offset) / e->element + 1;
                if (c > UINT32_MAX)
                    continue;
                how = "one element more than the file holds";
                put32(t + E_COUNT, (uint32_t)c);
                put64(t + E_SIZE, c * e->element);
                break;
            }
            case 4:
                how = "count 2^32 - 1";
                put32(t + E_COUNT, UINT32_MAX);
                put64(t + E_SIZE, (uint64_t)UINT32_MAX * e->element);
                break;
            default:
                how = "size 2^64 - 64";
                put64(t + E_SIZE, UINT64_MAX - (ALIGN - 1));
                break;
            }
            head_fix();
            work_write(&w, 0, head, head_len);
            snprintf(name, sizeof name, "section %s: %s", sec_name(e->id), how);
            variant = name;
            expect_refused(w.path, VPC_E_DB_CORRUPT, v == 0 && i % 8 == 0);
            tried++;
        }
    }
    work_restore(&w, 0, head_len);
    work_close(&w);
    printf("format: %d sections pointing outside the file refused\n", tried);
}
END_TEST

/* ---- the header ---------------------------------------------------------------- */

typedef struct {
    const char *what;
    unsigned field;   /* offset in the header */
    int width;        /* 4 or 8; 1 for a byte xor-ed with value */
    uint64_t value;
    int fix;          /* make the CRCs right again */
    vpc_status want;
} header_case;

START_TEST(test_header)
{
    begin("header");
    uint64_t size = orig_size;
    const header_case cases[] = {
        {"magic byte 0", H_MAGIC + 0, 1, 0x20, 1, VPC_E_DB_CORRUPT},
        {"magic byte 5 (NUL)", H_MAGIC + 5, 1, 0x01, 1, VPC_E_DB_CORRUPT},
        {"magic byte 6 (CR)", H_MAGIC + 6, 1, 0x07, 1, VPC_E_DB_CORRUPT},
        {"magic byte 7 (LF)", H_MAGIC + 7, 1, 0x0a, 1, VPC_E_DB_CORRUPT},
        {"magic byte 3, CRC not fixed", H_MAGIC + 3, 1, 0x01, 0, VPC_E_DB_CORRUPT},
        {"version 0", H_VERSION, 4, 0, 1, VPC_E_DB_SCHEMA},
        {"version 2", H_VERSION, 4, 2, 1, VPC_E_DB_SCHEMA},
        {"version 1 big-endian", H_VERSION, 4, 0x01000000, 1, VPC_E_DB_SCHEMA},
        {"version 2^32 - 1", H_VERSION, 4, UINT32_MAX, 1, VPC_E_DB_SCHEMA},
        {"version 2, CRC not fixed", H_VERSION, 4, 2, 0, VPC_E_DB_CORRUPT},
        {"endian word swapped", H_ENDIAN, 4, 0x04030201, 1, VPC_E_DB_CORRUPT},
        {"endian word 0", H_ENDIAN, 4, 0, 1, VPC_E_DB_CORRUPT},
        {"header size 32", H_HEADER_SIZE, 4, 32, 1, VPC_E_DB_SCHEMA},
        {"header size 128", H_HEADER_SIZE, 4, 128, 1, VPC_E_DB_SCHEMA},
        {"section count 0", H_COUNT, 4, 0, 1, VPC_E_DB_CORRUPT},
        {"section count 65", H_COUNT, 4, MAX_SECTIONS + 1, 1, VPC_E_DB_CORRUPT},
        {"section count 2^32 - 1", H_COUNT, 4, UINT32_MAX, 1, VPC_E_DB_CORRUPT},
        {"section count one less", H_COUNT, 4, nsec - 1, 1, VPC_E_DB_CORRUPT},
        {"file size - 1", H_FILE_SIZE, 8, size - 1, 1, VPC_E_DB_CORRUPT},
        {"file size + 1", H_FILE_SIZE, 8, size + 1, 1, VPC_E_DB_CORRUPT},
        {"file size + 64", H_FILE_SIZE, 8, size + 64, 1, VPC_E_DB_CORRUPT},
        {"file size 0", H_FILE_SIZE, 8, 0, 1, VPC_E_DB_CORRUPT},
        {"table offset 4", H_TABLE, 8, 4, 1, VPC_E_DB_CORRUPT},
        {"table offset 72", H_TABLE, 8, 72, 1, VPC_E_DB_CORRUPT},
        {"table offset at the end", H_TABLE, 8, size / 8 * 8, 1, VPC_E_DB_CORRUPT},
        {"table offset past the end", H_TABLE, 8, size + 8, 1, VPC_E_DB_CORRUPT},
        {"table offset 2^64 - 8", H_TABLE, 8, UINT64_MAX - 7, 1, VPC_E_DB_CORRUPT},
        {"flags: an unknown bit", H_FLAGS, 4, file_flags | 16u, 1, VPC_E_DB_SCHEMA},
        {"flags: bit 31", H_FLAGS, 4, file_flags | 0x80000000u, 1, VPC_E_DB_SCHEMA},
        {"flags: districts without legacy", H_FLAGS, 4, FLAG_DISTRICTS, 1, VPC_E_DB_CORRUPT},
        {"flags: legacy lexicon without the lexicon", H_FLAGS, 4,
         (file_flags & ~FLAG_LEXICON) | FLAG_LEGACY_LEXICON, 1, VPC_E_DB_CORRUPT},
        {"flags: legacy lexicon without legacy", H_FLAGS, 4, FLAG_LEXICON | FLAG_LEGACY_LEXICON, 1,
         VPC_E_DB_CORRUPT},
        {"header CRC", H_CRC, 1, 0x01, 0, VPC_E_DB_CORRUPT},
        {"table CRC", H_TABLE_CRC, 1, 0x80, 1, VPC_E_DB_CORRUPT},
        {"table CRC 0", H_TABLE_CRC, 4, 0, 1, VPC_E_DB_CORRUPT},
    };
    workfile w;
    work_open(&w, "header.vpc");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const header_case *c = &cases[i];
        head_reset();
        if (c->width == 1)
            head[c->field] ^= (unsigned char)c->value;
        else if (c->width == 4)
            put32(head + c->field, (uint32_t)c->value);
        else
            put64(head + c->field, c->value);
        if (c->fix) {
            /* The table's CRC after a deliberate change to it stays wrong. */
            uint32_t table_crc = get32(head + H_TABLE_CRC);
            head_fix();
            if (c->field == H_TABLE_CRC) {
                put32(head + H_TABLE_CRC, table_crc);
                put32(head + H_CRC, crc32_of(head, H_CRC));
            }
        }
        work_write(&w, 0, head, head_len);
        variant = c->what;
        expect_refused(w.path, c->want, i % 6 == 0); /* reading 90 MB takes a while */
    }

    /* Flags that say less than the file has: the sections they no longer
     * require are ignored, and what remains is a whole database. */
    const uint32_t fewer[] = {0, FLAG_LEGACY, file_flags & ~(FLAG_LEXICON | FLAG_LEGACY_LEXICON)};
    const char *fewer_what[] = {"flags: none", "flags: legacy without districts",
                                "flags: without the lexicon"};
    for (size_t i = 0; i < 3; i++) {
        if ((file_flags & ~fewer[i]) == 0)
            continue;
        head_reset();
        put32(head + H_FLAGS, fewer[i]);
        head_fix();
        work_write(&w, 0, head, head_len);
        variant = fewer_what[i];
        vpc_db *d = NULL;
        ck_assert_int_eq(vpc_open(w.path, &d), VPC_OK);
        ck_assert_int_eq(vpc_has_legacy(d), (fewer[i] & FLAG_LEGACY) != 0);
        ck_assert_int_eq(vpc_has_lexicon(d), 0);
        vpc_address a;
        ck_assert_int_eq(vpc_address_parse(d, "Phường Hoàn Kiếm, Hà Nội", 0, &a, NULL),
                         VPC_E_NO_LEXICON);
        ck_assert_int_eq(vpc_db_verify(d), VPC_OK);
        ck_assert_int_eq(exercise(d, damage_points()), 0);
        size_t count;
        vpc_legacy_unit u;
        if (fewer[i] == 0)
            ck_assert_int_eq(vpc_legacy_lookup(d, 21.0288, 105.8525, &u, 1, &count),
                             VPC_E_NO_LEGACY_DATA);
        vpc_close(d);
    }
    /* A lexicon with pre-2025 units, its flag saying it has none: it opens,
     * and verify finds the units it should not have. */
    if (file_flags & FLAG_LEGACY_LEXICON) {
        head_reset();
        put32(head + H_FLAGS, file_flags & ~FLAG_LEGACY_LEXICON);
        head_fix();
        work_write(&w, 0, head, head_len);
        variant = "flags: the lexicon's pre-2025 units unsaid";
        vpc_db *d = NULL;
        ck_assert_int_eq(vpc_open(w.path, &d), VPC_OK);
        ck_assert_int_eq(vpc_has_lexicon(d), 1);
        ck_assert_int_eq(vpc_db_verify(d), VPC_E_DB_CORRUPT);
        exercise(d, 0);
        vpc_close(d);
    } else if (!(file_flags & FLAG_LEXICON)) {
        head_reset();
        put32(head + H_FLAGS, file_flags | FLAG_LEXICON);
        head_fix();
        work_write(&w, 0, head, head_len);
        variant = "flags: a lexicon the file does not have";
        expect_refused(w.path, VPC_E_DB_CORRUPT, 0);
    }

    /* Reserved words: nothing reads them. */
    head_reset();
    put32(head + H_RESERVED, 1);
    head_fix();
    work_write(&w, 0, head, head_len);
    vpc_status reserved = open_status(w.path, 0);
    work_restore(&w, 0, head_len);
    work_close(&w);
    printf("format: %zu damaged headers refused; a reserved word set: vpc_open gives %s\n",
           sizeof cases / sizeof cases[0], vpc_status_name(reserved));
    expect_no_breach();
}
END_TEST

/* ---- the section table ------------------------------------------------------------ */

START_TEST(test_table)
{
    begin("table");
    workfile w;
    work_open(&w, "table.vpc");
    char name[160];
    int refused = 0, alias_opened = 0;
    for (uint32_t i = 0; i < nsec; i++) {
        const entry *e = &sec[i];
        for (int v = 0; v < 7; v++) {
            head_reset();
            unsigned char *t = head_entry(i);
            const char *how = "";
            switch (v) {
            case 0:
                how = "element size + 1";
                put32(t + E_ELEMENT, e->element + 1);
                break;
            case 1: /* another element size, the size still element * count */
                how = "element size changed, count to match";
                if (e->count > 1 && e->size <= UINT32_MAX) {
                    put32(t + E_ELEMENT, (uint32_t)e->size);
                    put32(t + E_COUNT, 1);
                } else if (e->element % 2 == 0) {
                    put32(t + E_ELEMENT, e->element / 2);
                    put32(t + E_COUNT, e->count * 2);
                } else {
                    continue;
                }
                break;
            case 2:
                how = "the id of the next section";
                put32(t + E_ID, sec[(i + 1) % nsec].id);
                break;
            case 3:
                how = "an unknown id (a required section missing)";
                put32(t + E_ID, 0x7F00u + i);
                break;
            case 4:
                how = "removed from the table";
                if (i + 1 < nsec)
                    memcpy(t, head_entry(nsec - 1), ENTRY_SIZE);
                put32(head + H_COUNT, nsec - 1);
                break;
            case 5:
                how = "offset not aligned";
                put64(t + E_OFFSET, e->offset + 8);
                break;
            default:
                how = "id 0";
                put32(t + E_ID, 0);
                break;
            }
            head_fix();
            work_write(&w, 0, head, head_len);
            snprintf(name, sizeof name, "section %s: %s", sec_name(e->id), how);
            variant = name;
            expect_refused(w.path, VPC_E_DB_CORRUPT, v == 2 && i % 8 == 0);
            refused++;
        }

        /* The entry pointing at another section's bytes (of its own kind,
         * inside the file): the open may pass, and then nothing can be
         * trusted, but every call still answers with a documented status. */
        if (sampled_out(i))
            continue;
        head_reset();
        int vx = sec_index(SEC_WARD_INDEX + IX_VERTICES);
        uint64_t target = (int)i == vx || vx < 0 ? 0 : sec[vx].offset;
        put64(head_entry(i) + E_OFFSET, target);
        head_fix();
        work_write(&w, 0, head, head_len);
        snprintf(name, sizeof name, "section %s read from offset %llu", sec_name(e->id),
                 (unsigned long long)target);
        variant = name;
        vpc_status verify;
        int corrupt, before = breaches;
        vpc_status st = try_damaged(w.path, damage_points() / 3, 1, &verify, &corrupt);
        printf("format: %s: vpc_open %s", name, vpc_status_name(st));
        if (st == VPC_OK)
            printf(", %d calls VPC_E_DB_CORRUPT, vpc_db_verify %s", corrupt,
                   vpc_status_name(verify));
        if (breaches > before)
            printf(", %d calls BROKE THEIR CONTRACT", breaches - before);
        printf("\n");
        alias_opened += st == VPC_OK;
    }

    /* The table in another order: still the same database. */
    head_reset();
    for (uint32_t i = 0; i < nsec / 2; i++) {
        unsigned char tmp[ENTRY_SIZE];
        memcpy(tmp, head_entry(i), ENTRY_SIZE);
        memcpy(head_entry(i), head_entry(nsec - 1 - i), ENTRY_SIZE);
        memcpy(head_entry(nsec - 1 - i), tmp, ENTRY_SIZE);
    }
    head_fix();
    work_write(&w, 0, head, head_len);
    variant = "the table reversed";
    vpc_db *d = NULL;
    ck_assert_int_eq(vpc_open_v2(w.path, VPC_OPEN_VERIFY, &d), VPC_OK);
    for (int k = 0; k < damage_points(); k++) {
        vpc_code a, b;
        vpc_status sa = vpc_encode(ref, plat[k], plon[k], 0, &a, NULL);
        vpc_status sb = vpc_encode(d, plat[k], plon[k], 0, &b, NULL);
        ck_assert_int_eq(sa, sb);
        if (sa == VPC_OK)
            ck_assert(strcmp(a.postal, b.postal) == 0 && strcmp(a.location, b.location) == 0);
    }
    vpc_close(d);
    work_restore(&w, 0, head_len);
    work_close(&w);
    printf("format: %d damaged section tables refused; %d of %u sections read from the wrong "
           "place opened; the reversed table opens and answers as the real one\n",
           refused, alias_opened, (unsigned)nsec);
    expect_no_breach();
}
END_TEST

/* ---- empty sections -------------------------------------------------------------- */

START_TEST(test_empty_sections)
{
    begin("empty sections");
    workfile w;
    work_open(&w, "empty-sections.vpc");
    char name[160];
    for (uint32_t i = 0; i < nsec; i++) {
        const entry *e = &sec[i];
        vpc_status st[2], verify[2];
        int corrupt[2], before = breaches;
        if (sampled_out(i))
            continue;
        for (int v = 0; v < 2; v++) {
            /* v 0: the section's CRC as it was; v 1: the CRC of nothing, so
             * that only the references can tell. */
            head_reset();
            put32(head_entry(i) + E_COUNT, 0);
            put64(head_entry(i) + E_SIZE, 0);
            if (v == 1)
                put32(head_entry(i) + E_CRC, 0);
            head_fix();
            work_write(&w, 0, head, head_len);
            snprintf(name, sizeof name, "section %s empty%s", sec_name(e->id),
                     v ? ", its CRC that of nothing" : "");
            variant = name;
            /* Without the CRC, an empty metadata or list of communes by
             * postal code is a smaller database, not a damaged one. */
            int must = v == 0 || (e->id != SEC_METADATA && e->id != SEC_COMMUNES_BY_POSTAL);
            st[v] = try_damaged(w.path, v ? 0 : damage_points() / 3, must, &verify[v], &corrupt[v]);
        }
        printf("format: section %-28s empty: vpc_open %s", sec_name(e->id),
               vpc_status_name(st[0]));
        if (st[0] == VPC_OK)
            printf(", %d calls VPC_E_DB_CORRUPT, vpc_db_verify %s (without the CRC: %s)",
                   corrupt[0], vpc_status_name(verify[0]), vpc_status_name(verify[1]));
        if (breaches > before)
            printf(", %d calls BROKE THEIR CONTRACT", breaches - before);
        printf("\n");
    }
    work_restore(&w, 0, head_len);
    work_close(&w);
    expect_no_breach();
}
END_TEST

/* ---- bytes changed inside sections ----------------------------------------------- */

typedef void damage_fn(unsigned char *s, const entry *e, uint64_t *rng);

/* Every step-th u32 set to value. */
static void every_u32(unsigned char *s, const entry *e, uint32_t step, uint32_t value)
{
    for (uint64_t i = 0; i < e->size / 4; i += step)
        put32(s + 4 * i, value);
}

static void d_nodes(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    /* Internal nodes whose children, full nodes whose ward, mixed nodes
     * whose leaf, lie past the arrays. */
    static const uint32_t bad[] = {0xFFFFFFFFu, 0x7FFFFFFFu, 0xBFFFFFFFu};
    for (uint32_t i = 0, k = 0; i < e->count; i += 7, k++)
        put32(s + 4 * (size_t)i, bad[k % 3]);
}

static void d_every7(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    every_u32(s, e, 7, 0xFFFFFFFFu);
}

static void d_every5(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    every_u32(s, e, 5, 0xFFFFFFF0u);
}

/* Records of e->element bytes: every step-th gets one of its u32 fields
 * (at fields[k % nfields]) set to value. */
static void records(unsigned char *s, const entry *e, uint32_t step, const unsigned *fields,
                    int nfields, uint32_t value)
{
    for (uint32_t i = 0, k = 0; i < e->count; i += step, k++)
        put32(s + (size_t)i * e->element + fields[k % (unsigned)nfields], value);
}

static void d_cands(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    static const unsigned f[] = {0, 4, 8}; /* ward, run_start, break_start */
    records(s, e, 5, f, 3, 0x7FFFFFF0u);
}

static void d_runs(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    static const unsigned f[] = {0, 4}; /* vertex, edges */
    records(s, e, 5, f, 2, 0xFFFFFFF0u);
}

static void d_rings(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0; i < e->count; i += 3) {
        unsigned char *r = s + (size_t)i * 12;
        switch (i / 3 % 3) {
        case 0: put32(r, 0xFFFFFFF0u); break;     /* vertex */
        case 1: put32(r + 4, 0); break;           /* count 0 */
        default: put32(r + 4, 0xFFFFFFFFu); break; /* count */
        }
    }
}

static void d_unit_codes(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0; i < e->count; i += 5)
        s[(size_t)i * 5] = 'X';
}

static uint32_t strings_size(void)
{
    return sec[sec_index(SEC_STRINGS)].count;
}

/* Ward records: the offsets of their strings past the pool, their
 * province past the provinces. */
static void d_wards(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0; i < e->count; i += 3) {
        unsigned char *r = s + (size_t)i * 72;
        switch (i / 3 % 3) {
        case 0: put32(r + 48, 0xFFFFFFF0u); break;     /* name */
        case 1: put32(r + 52, strings_size()); break; /* name_ascii, just past the pool */
        default: put32(r + 56, get32(r + 56) | 0xFFFFu); break; /* province */
        }
    }
}

static void d_provinces(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    static const unsigned f[] = {4, 12}; /* name, postal_prefixes */
    records(s, e, 2, f, 2, strings_size());
}

static void d_metadata(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    static const unsigned f[] = {0, 4}; /* key, value */
    records(s, e, 2, f, 2, 0xFFFFFFFFu);
}

static void d_communes(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    static const unsigned f[] = {16, 20, 24, 28, 32}; /* names, map_start, map_count */
    records(s, e, 3, f, 5, 0xFFFFFFF0u);
}

/* Lexicon units: parents, references and names past their arrays. */
static void d_lexunits(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0; i < e->count; i += 3) {
        unsigned char *r = s + (size_t)i * LEXUNIT_SIZE;
        switch (i / 3 % 3) {
        case 0: put32(r + LU_PARENT, 0xFFFFFFF0u); break;
        case 1: put32(r + LU_REF, 0xFFFFFFF0u); break;
        default: put32(r + LU_NAME, strings_size()); break;
        }
    }
}

/* Lexicon names: keys past the strings, units past the units, marks far
 * out. */
static void d_lexnames(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0; i < e->count; i += 3) {
        unsigned char *r = s + (size_t)i * LEXNAME_SIZE;
        switch (i / 3 % 3) {
        case 0: put32(r + LN_KEY, strings_size()); break;
        case 1: put32(r + LN_UNIT, 0xFFFFFFF0u); break;
        default: put32(r + LN_MARKS, 0xFFFFFFF0u); break;
        }
    }
}

/* Lexicon names: every 7th key's hash changed (its lookups miss). */
static void d_lexhashes(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0; i < e->count; i += 7)
        s[(size_t)i * LEXNAME_SIZE + LN_HASH] ^= 1;
}

/* The hash table: every 3rd key's slot emptied. */
static void d_lexslots(unsigned char *s, const entry *e, uint64_t *rng)
{
    (void)rng;
    for (uint32_t i = 0, k = 0; i < e->count; i++)
        if (get32(s + 4 * (size_t)i) != 0 && k++ % 3 == 0)
            put32(s + 4 * (size_t)i, 0);
}

/* Random bits flipped: values, not references (vertices, breaks, text). */
static void d_bits(unsigned char *s, const entry *e, uint64_t *rng)
{
    for (int i = 0; i < 2000; i++) {
        uint64_t at = test_rand_next(rng) % e->size;
        if (e->id == SEC_STRINGS && at == e->size - 1)
            continue; /* the pool's final NUL is checked at open */
        s[at] ^= (unsigned char)(1u << (test_rand_next(rng) % 8));
    }
}

/* Random bytes anywhere in the section. */
static void d_bytes(unsigned char *s, const entry *e, uint64_t *rng)
{
    for (int i = 0; i < 64; i++)
        s[test_rand_next(rng) % e->size] ^= (unsigned char)(1 + test_rand_next(rng) % 255);
}

typedef struct {
    uint32_t id;
    const char *what;
    damage_fn *damage;
    int refs; /* references leave their arrays: vpc_db_verify finds it without the CRC */
    int met;  /* the calls meet the damage: some say VPC_E_DB_CORRUPT */
} target;

static const target targets[] = {
    {SEC_WARD_INDEX + IX_NODES, "every 7th node pointing nowhere", d_nodes, 1, 1},
    {SEC_WARD_INDEX + IX_LEAVES, "every 7th leaf's first candidate 2^32 - 1", d_every7, 1, 1},
    {SEC_WARD_INDEX + IX_CANDS, "candidates' ward, runs or breaks past their arrays", d_cands, 1,
     1},
    {SEC_WARD_INDEX + IX_RUNS, "runs' vertex or length past the vertices", d_runs, 1, 1},
    {SEC_WARD_INDEX + IX_BREAKS, "bits flipped", d_bits, 0, 0},
    {SEC_WARD_INDEX + IX_VERTICES, "bits flipped", d_bits, 0, 0},
    {SEC_WARD_INDEX + IX_RINGS, "rings past the vertices, or empty", d_rings, 1, 1},
    {SEC_WARD_INDEX + IX_WARD_RINGS, "every 5th ward's first ring past the rings", d_every5, 1, 1},
    {SEC_WARD_INDEX + IX_UNIT_CODES, "every 5th unit's code changed", d_unit_codes, 1, 0},
    {SEC_STRINGS, "bits flipped", d_bits, 0, 0},
    {SEC_METADATA, "keys and values past the strings", d_metadata, 1, 1},
    {SEC_PROVINCES, "names and prefixes just past the strings", d_provinces, 1, 1},
    {SEC_WARDS, "string offsets past the strings, province past the provinces", d_wards, 1, 1},
    {SEC_WARDS_BY_POSTAL, "every 5th ordinal past the wards", d_every5, 1, 0},
    {SEC_COMMUNES, "names and ward ranges past their arrays", d_communes, 1, 1},
    {SEC_COMMUNE_WARDS, "every 5th ordinal past the wards", d_every5, 1, 0},
    {SEC_COMMUNES_BY_POSTAL, "every 5th index past the communes", d_every5, 1, 0},
    {SEC_WARD_COMMUNES_START, "every 5th start past the list", d_every5, 1, 1},
    {SEC_WARD_COMMUNES, "every 5th index past the communes", d_every5, 1, 1},
    {SEC_DISTRICT_INDEX + IX_NODES, "every 7th node pointing nowhere", d_nodes, 1, 1},
    {SEC_DISTRICT_INDEX + IX_CANDS, "candidates' ward, runs or breaks past their arrays", d_cands,
     1, 1},
    {SEC_DISTRICT_INDEX + IX_RUNS, "runs' vertex or length past the vertices", d_runs, 1, 1},
    {SEC_DISTRICT_INDEX + IX_RINGS, "rings past the vertices, or empty", d_rings, 1, 0},
    {SEC_DISTRICT_INDEX + IX_WARD_RINGS, "every 5th unit's first ring past the rings", d_every5, 1,
     0},
    {SEC_LEX_UNITS, "parents, references and names past their arrays", d_lexunits, 1, 1},
    {SEC_LEX_NAMES, "keys, units and marks past their arrays", d_lexnames, 1, 1},
    {SEC_LEX_NAMES, "every 7th key's hash changed", d_lexhashes, 1, 0},
    {SEC_LEX_HASH, "every 5th slot past the names", d_every5, 1, 1},
    {SEC_LEX_HASH, "every 3rd key's slot emptied", d_lexslots, 1, 0},
};

/* One section damaged, the header and table as they were (so that their
 * CRCs hold and vpc_open, which reads nothing else, succeeds), then the
 * same with the section's CRC made right (only the references can tell). */
static void damaged_section(workfile *w, uint32_t i, damage_fn *damage, const char *what,
                            int refs, int met, uint64_t seed, int must_open, int npts)
{
    const entry *e = &sec[i];
    unsigned char *s = malloc(e->size ? e->size : 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, orig + e->offset, e->size);
    uint64_t rng = seed;
    damage(s, e, &rng);
    work_write(w, e->offset, s, e->size);
    char name[200];
    snprintf(name, sizeof name, "section %s: %s", sec_name(e->id), what);
    variant = name;
    vpc_status verify_a, verify_b = VPC_OK, st_b = VPC_OK;
    int corrupt_a, corrupt_b, before = breaches;
    vpc_status st = try_damaged(w->path, npts, 1, &verify_a, &corrupt_a);
    if (must_open)
        ck_assert_msg(st == VPC_OK, "%s: vpc_open gives %s", name, vpc_status_name(st));
    if (met && st == VPC_OK)
        ck_assert_msg(corrupt_a > 0, "%s: no call met the damage", name);
    if (st == VPC_OK) {
        /* The same bytes: the calls answer as above; only verify differs. */
        head_reset();
        put32(head_entry(i) + E_CRC, crc32_of(s, e->size));
        head_fix();
        work_write(w, 0, head, head_len);
        snprintf(name, sizeof name, "section %s: %s, its CRC made right", sec_name(e->id), what);
        st_b = try_damaged(w->path, 0, refs, &verify_b, &corrupt_b);
        ck_assert_int_eq(st_b, VPC_OK);
        work_restore(w, 0, head_len);
    }
    work_restore(w, e->offset, e->size);
    free(s);
    printf("format: %-28s %-58s vpc_open %s", sec_name(e->id), what, vpc_status_name(st));
    if (st == VPC_OK)
        printf(", %d calls VPC_E_DB_CORRUPT, verify %s (CRC made right: %s)", corrupt_a,
               vpc_status_name(verify_a), vpc_status_name(verify_b));
    if (breaches > before)
        printf(", %d calls BROKE THEIR CONTRACT", breaches - before);
    printf("\n");
}

START_TEST(test_damaged_references)
{
    begin("damaged references");
    workfile w;
    work_open(&w, "damaged.vpc");
    int done = 0;
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        int i = sec_index(targets[t].id);
        if (i < 0 || sampled_out(t))
            continue; /* a file without that part */
        uint32_t id = targets[t].id;
        int legacy = (id >= SEC_COMMUNES && id <= SEC_WARD_COMMUNES) ||
                     (id >= SEC_DISTRICT_INDEX && id < SEC_LEX_UNITS);
        cross_check = t < 3;
        damaged_section(&w, (uint32_t)i, targets[t].damage, targets[t].what, targets[t].refs,
                        targets[t].met && (!legacy || nlegacy > 0), 1000 + t, 1, damage_points());
        done++;
    }
    cross_check = 0;
    work_close(&w);
    ck_assert_int_gt(done, 10 / test_scale());
    expect_no_breach();
}
END_TEST

START_TEST(test_random_bytes)
{
    begin("random bytes");
    workfile w;
    work_open(&w, "random-bytes.vpc");
    for (uint32_t i = 0; i < nsec; i++) {
        if (sec[i].size == 0 || sampled_out(i))
            continue;
        /* An index's header is read at open: there the open may refuse. */
        int header = (sec[i].id & 0xFu) == IX_HEADER && sec[i].id >= SEC_WARD_INDEX;
        damaged_section(&w, i, d_bytes, "64 random bytes changed", 0, 0, 77 + i,
                        !header && sec[i].id != SEC_STRINGS, damage_points() / 2);
    }
    work_close(&w);
    expect_no_breach();
}
END_TEST

/* ---- one record damaged, met by the call that reads it ------------------------ */

/* The offset in the file of the record (of `size` bytes, its code at
 * code_at) with this code in section id. */
static uint64_t find_record(uint32_t id, size_t size, size_t code_at, const char *code)
{
    int si = sec_index(id);
    ck_assert_int_ge(si, 0);
    for (uint64_t k = 0; k < sec[si].count; k++)
        if (memcmp(orig + sec[si].offset + size * k + code_at, code, 5) == 0)
            return sec[si].offset + size * k;
    ck_abort_msg("no record %s in section %s", code, sec_name(id));
    return 0;
}

static void put_double(unsigned char *p, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put64(p, bits);
}

/* The ward record of a point in Hoàn Kiếm with a postal code that is not
 * digits, or a reference point that is not a number: the file is damaged
 * (its CRC says so), and a call that uses the record says
 * VPC_E_DB_CORRUPT, not an error about arguments the caller never gave.
 * A commune record whose name lies past the strings: vpc_legacy_lookup
 * says VPC_E_DB_CORRUPT and, like every failing call, writes nothing. */
START_TEST(test_record_damage)
{
    begin("record damage");
    const double lat = 21.0288, lon = 105.8525;
    vpc_ward ward;
    vpc_code code;
    vpc_cell cell;
    char text[VPC_CODE_BUFSIZE];
    ck_assert_int_eq(vpc_encode(ref, lat, lon, 0, &code, &ward), VPC_OK);
    ck_assert_int_eq(vpc_code_format(&code, 0, text, sizeof text), VPC_OK);
    uint64_t rec = find_record(SEC_WARDS, 72, 60, ward.code);
    workfile w;
    work_open(&w, "record.vpc");
    unsigned char r[72];
    for (int c = 0; c < 3; c++) {
        static const char *what[] = {"postal code \"1102A\"", "reference latitude NaN",
                                     "reference longitude infinite"};
        memcpy(r, orig + rec, sizeof r);
        if (c == 0)
            memcpy(r + 65, "1102A", 5);
        else if (c == 1)
            put_double(r, NAN);
        else
            put_double(r + 8, INFINITY);
        work_write(&w, rec, r, sizeof r);
        char name[160];
        snprintf(name, sizeof name, "ward %s: %s", ward.code, what[c]);
        variant = name;
        vpc_db *d = NULL;
        ck_assert_int_eq(vpc_open(w.path, &d), VPC_OK);
        vpc_status enc = vpc_encode(d, lat, lon, 0, &code, NULL);
        vpc_status dec = vpc_decode(d, text, &cell, NULL);
        vpc_status verify = vpc_db_verify(d);
        vpc_close(d);
        if (enc != VPC_E_DB_CORRUPT)
            note_breach("%s: vpc_encode(%.4f, %.4f) gives %s, not VPC_E_DB_CORRUPT", name, lat,
                        lon, vpc_status_name(enc));
        if (c > 0 && dec != VPC_E_DB_CORRUPT)
            note_breach("%s: vpc_decode(\"%s\") gives %s, not VPC_E_DB_CORRUPT", name, text,
                        vpc_status_name(dec));
        if (verify != VPC_E_DB_CORRUPT)
            note_breach("%s: vpc_db_verify gives %s", name, vpc_status_name(verify));
        /* With the section's CRC made right, only the values can tell. */
        int wi = sec_index(SEC_WARDS);
        unsigned char *s = malloc(sec[wi].size);
        ck_assert_ptr_nonnull(s);
        memcpy(s, orig + sec[wi].offset, sec[wi].size);
        memcpy(s + (rec - sec[wi].offset), r, sizeof r);
        head_reset();
        put32(head_entry((uint32_t)wi) + E_CRC, crc32_of(s, sec[wi].size));
        free(s);
        head_fix();
        work_write(&w, 0, head, head_len);
        vpc_status verify_b = open_status(w.path, VPC_OPEN_VERIFY);
        work_restore(&w, 0, head_len);
        work_restore(&w, rec, sizeof r);
        printf("format: %s: vpc_encode %s, vpc_decode %s, vpc_db_verify %s "
               "(CRC made right: %s)\n",
               name, vpc_status_name(enc), vpc_status_name(dec), vpc_status_name(verify),
               vpc_status_name(verify_b));
    }

    /* The ward's unit in the address lexicon: its reference past the wards
     * (met by reading its name), then at another ward (only verify can
     * tell). */
    int lu = sec_index(SEC_LEX_UNITS);
    uint64_t lrec = 0;
    for (uint32_t k = 0; lu >= 0 && lrec == 0 && k < sec[lu].count; k++) {
        const unsigned char *u = orig + sec[lu].offset + (uint64_t)k * LEXUNIT_SIZE;
        if (u[LU_LEVEL] == 2 && memcmp(u + LU_CODE, ward.code, 5) == 0)
            lrec = sec[lu].offset + (uint64_t)k * LEXUNIT_SIZE;
    }
    for (int c = 0; lrec != 0 && c < 2; c++) {
        char address[4 * VPC_NAME_BUFSIZE], name[160];
        snprintf(address, sizeof address, "%s, %s", ward.name, ward.province.name);
        unsigned char ref_field[4];
        uint32_t other = get32(orig + lrec + LU_REF) == 0 ? 1 : 0;
        put32(ref_field, c == 0 ? 0xFFFFFFF0u : other);
        work_write(&w, lrec + LU_REF, ref_field, 4);
        snprintf(name, sizeof name, "lexicon unit of ward %s: its ward %s", ward.code,
                 c == 0 ? "past the wards" : "another one");
        variant = name;
        vpc_db *d = NULL;
        ck_assert_int_eq(vpc_open(w.path, &d), VPC_OK);
        vpc_address a;
        vpc_status st = vpc_address_parse(d, address, 0, &a, NULL);
        vpc_status verify = vpc_db_verify(d);
        vpc_close(d);
        work_restore(&w, lrec + LU_REF, 4);
        if (c == 0 && st != VPC_E_DB_CORRUPT)
            note_breach("%s: vpc_address_parse(\"%s\") gives %s, not VPC_E_DB_CORRUPT", name,
                        address, vpc_status_name(st));
        if (verify != VPC_E_DB_CORRUPT)
            note_breach("%s: vpc_db_verify gives %s", name, vpc_status_name(verify));
        printf("format: %s: vpc_address_parse %s, vpc_db_verify %s\n", name,
               vpc_status_name(st), vpc_status_name(verify));
    }

    /* A point whose ward was made of several communes. */
    int k = 0;
    vpc_legacy_unit units[16];
    size_t count = 0;
    while (nlegacy > 0 && k < NPOINTS &&
           !(vpc_legacy_lookup(ref, plat[k], plon[k], units, 16, &count) == VPC_OK && count >= 2))
        k++;
    if (nlegacy > 0 && k < NPOINTS) {
        uint64_t crec = find_record(SEC_COMMUNES, 56, 36, units[count - 1].commune_code);
        unsigned char name_off[4];
        put32(name_off, 0xFFFFFFF0u);
        work_write(&w, crec + 16, name_off, 4);
        char name[160];
        snprintf(name, sizeof name, "commune %s: name past the strings",
                 units[count - 1].commune_code);
        variant = name;
        vpc_db *d = NULL;
        ck_assert_int_eq(vpc_open(w.path, &d), VPC_OK);
        vpc_legacy_unit got[16];
        size_t got_count;
        poison(got, sizeof got);
        poison(&got_count, sizeof got_count);
        vpc_status st = vpc_legacy_lookup(d, plat[k], plon[k], got, 16, &got_count);
        vpc_close(d);
        work_restore(&w, crec + 16, 4);
        if (st != VPC_E_DB_CORRUPT)
            note_breach("%s: vpc_legacy_lookup(%.7f, %.7f) gives %s, not VPC_E_DB_CORRUPT", name,
                        plat[k], plon[k], vpc_status_name(st));
        int count_written = !poisoned(&got_count, sizeof got_count);
        int units_written = !poisoned(got, sizeof got);
        if (count_written || units_written)
            note_breach("%s: vpc_legacy_lookup(%.7f, %.7f) gives %s and writes%s%s", name,
                        plat[k], plon[k], vpc_status_name(st), count_written ? " *count" : "",
                        units_written ? " units[0..]" : "");
        printf("format: %s: vpc_legacy_lookup(%.7f, %.7f) %s, *count %s, units %s\n", name,
               plat[k], plon[k], vpc_status_name(st), count_written ? "written" : "untouched",
               units_written ? "written" : "untouched");
    }
    work_close(&w);
    expect_no_breach();
}
END_TEST

/* ---- odd paths ---------------------------------------------------------------- */

START_TEST(test_odd_paths)
{
    begin("odd paths");
    char path[600], other[600];
    variant = "an empty file";
    snprintf(path, sizeof path, "%s/empty.vpc", tmpdir);
    write_file(path, "", 0);
    expect_refused(path, VPC_E_DB_CORRUPT, 1);
    variant = "63 bytes";
    snprintf(path, sizeof path, "%s/short.vpc", tmpdir);
    write_file(path, orig, 63);
    expect_refused(path, VPC_E_DB_CORRUPT, 1);
    variant = "the header alone";
    write_file(path, orig, HEADER_SIZE);
    expect_refused(path, VPC_E_DB_CORRUPT, 1);
    variant = "header and table alone";
    write_file(path, orig, head_len);
    expect_refused(path, VPC_E_DB_CORRUPT, 1);

    variant = "a directory";
    snprintf(path, sizeof path, "%s/dir.vpc", tmpdir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    expect_refused(path, VPC_E_DB_UNREADABLE, 1);
    variant = "a FIFO"; /* refused without waiting for a writer */
    snprintf(path, sizeof path, "%s/fifo.vpc", tmpdir);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    expect_refused(path, VPC_E_DB_UNREADABLE, 1);
    variant = "a character device";
    if (access("/dev/null", R_OK) == 0)
        expect_refused("/dev/null", VPC_E_DB_UNREADABLE, 1);

    variant = "a missing file";
    snprintf(path, sizeof path, "%s/missing.vpc", tmpdir);
    expect_refused(path, VPC_E_DB_NOT_FOUND, 1);
    variant = "an empty path";
    expect_refused("", VPC_E_DB_NOT_FOUND, 1);
    variant = "a path through a file";
    snprintf(path, sizeof path, "%s/short.vpc/x.vpc", tmpdir);
    expect_refused(path, VPC_E_DB_NOT_FOUND, 1);
    variant = "a dangling symbolic link";
    snprintf(path, sizeof path, "%s/dangling.vpc", tmpdir);
    snprintf(other, sizeof other, "%s/nowhere.vpc", tmpdir);
    ck_assert_int_eq(symlink(other, path), 0);
    expect_refused(path, VPC_E_DB_NOT_FOUND, 1);
    variant = "a symbolic link to the real file";
    snprintf(path, sizeof path, "%s/link.vpc", tmpdir);
    ck_assert_int_eq(symlink(db_path, path), 0);
    ck_assert_int_eq(open_status(path, 0), VPC_OK);
    ck_assert_int_eq(open_status(path, VPC_OPEN_NO_MMAP), VPC_OK);

    /* Permissions do not apply to root. */
    snprintf(path, sizeof path, "%s/unreadable.vpc", tmpdir);
    write_file(path, orig, head_len);
    ck_assert_int_eq(chmod(path, 0), 0);
    if (geteuid() == 0) {
        printf("format: running as root: the unreadable file is not tried\n");
    } else {
        variant = "a file without read permission";
        expect_refused(path, VPC_E_DB_UNREADABLE, 1);
    }
}
END_TEST

/* ---- read into memory: the same answers ---------------------------------------- */

static void same_province(const vpc_province *a, const vpc_province *b, const char *what, long k)
{
    ck_assert_msg(strcmp(a->code, b->code) == 0 && strcmp(a->name, b->name) == 0 &&
                      strcmp(a->name_ascii, b->name_ascii) == 0 &&
                      strcmp(a->postal_prefixes, b->postal_prefixes) == 0,
                  "%s %ld: provinces differ (%s, %s)", what, k, a->code, b->code);
}

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void same_ward(const vpc_ward *a, const vpc_ward *b, const char *what, long k)
{
    ck_assert_msg(strcmp(a->code, b->code) == 0 && strcmp(a->postal_code, b->postal_code) == 0 &&
                      strcmp(a->name, b->name) == 0 && strcmp(a->name_ascii, b->name_ascii) == 0 &&
                      a->unit_type == b->unit_type && a->long_form == b->long_form &&
                      same_double(a->ref_lat, b->ref_lat) && same_double(a->ref_lon, b->ref_lon) &&
                      same_double(a->south, b->south) && same_double(a->west, b->west) &&
                      same_double(a->north, b->north) && same_double(a->east, b->east),
                  "%s %ld: wards differ (%s, %s)", what, k, a->code, b->code);
    same_province(&a->province, &b->province, what, k);
}

static void same_cell(const vpc_cell *a, const vpc_cell *b, const char *what, long k)
{
    ck_assert_msg(same_double(a->south, b->south) && same_double(a->west, b->west) &&
                      same_double(a->north, b->north) && same_double(a->east, b->east) &&
                      same_double(a->lat, b->lat) && same_double(a->lon, b->lon) &&
                      a->length == b->length,
                  "%s %ld: cells differ", what, k);
}

static void same_code(const vpc_code *a, const vpc_code *b, const char *what, long k)
{
    ck_assert_msg(strcmp(a->postal, b->postal) == 0 && strcmp(a->location, b->location) == 0 &&
                      a->check == b->check && a->form == b->form,
                  "%s %ld: codes differ (%s%s, %s%s)", what, k, a->postal, a->location, b->postal,
                  b->location);
}

static void same_unit(const vpc_legacy_unit *a, const vpc_legacy_unit *b, const char *what, long k)
{
    ck_assert_msg(strcmp(a->postal_code, b->postal_code) == 0 &&
                      strcmp(a->commune_code, b->commune_code) == 0 &&
                      strcmp(a->commune_name, b->commune_name) == 0 &&
                      strcmp(a->district_code, b->district_code) == 0 &&
                      strcmp(a->district_name, b->district_name) == 0 &&
                      strcmp(a->province_code, b->province_code) == 0 &&
                      strcmp(a->province_name, b->province_name) == 0,
                  "%s %ld: pre-2025 units differ (%s, %s)", what, k, a->commune_code,
                  b->commune_code);
}

/* Handles a and b answer alike: metadata (unless skip_meta), provinces,
 * every ward, and for n points lookup, encode, decode of the codes and the
 * pre-2025 lookups, field by field. */
static void same_answers(const vpc_db *a, const vpc_db *b, int n, int skip_meta, const char *what)
{
    if (!skip_meta) {
        ck_assert_uint_eq(vpc_db_metadata_count(a), vpc_db_metadata_count(b));
        for (size_t i = 0; i < vpc_db_metadata_count(a); i++) {
            const char *ka, *va, *kb, *vb;
            ck_assert_int_eq(vpc_db_metadata(a, i, &ka, &va), VPC_OK);
            ck_assert_int_eq(vpc_db_metadata(b, i, &kb, &vb), VPC_OK);
            ck_assert_str_eq(ka, kb);
            ck_assert_str_eq(va, vb);
        }
    }
    ck_assert_int_eq(vpc_has_legacy(a), vpc_has_legacy(b));
    ck_assert_uint_eq(vpc_province_count(a), vpc_province_count(b));
    for (size_t i = 0; i < vpc_province_count(a); i++) {
        vpc_province pa, pb;
        ck_assert_int_eq(vpc_province_at(a, i, &pa), VPC_OK);
        ck_assert_int_eq(vpc_province_at(b, i, &pb), VPC_OK);
        same_province(&pa, &pb, what, (long)i);
    }
    ck_assert_uint_eq(vpc_ward_count(a), vpc_ward_count(b));
    for (size_t i = 0; i < vpc_ward_count(a); i++) {
        vpc_ward wa, wb;
        ck_assert_int_eq(vpc_ward_at(a, i, &wa), VPC_OK);
        ck_assert_int_eq(vpc_ward_at(b, i, &wb), VPC_OK);
        same_ward(&wa, &wb, what, (long)i);
    }
    for (int k = 0; k < n; k++) {
        vpc_ward wa, wb;
        vpc_code ca, cb;
        vpc_cell la, lb;
        vpc_status sa = vpc_lookup(a, plat[k], plon[k], &wa);
        vpc_status sb = vpc_lookup(b, plat[k], plon[k], &wb);
        ck_assert_msg(sa == sb, "%s %d: lookup %s, %s", what, k, vpc_status_name(sa),
                      vpc_status_name(sb));
        if (sa == VPC_OK)
            same_ward(&wa, &wb, what, k);
        unsigned flags = k % 4 == 0 ? VPC_FLAG_CHECK_CHAR : k % 4 == 1 ? VPC_FLAG_LONG_FORM : 0;
        sa = vpc_encode(a, plat[k], plon[k], flags, &ca, &wa);
        sb = vpc_encode(b, plat[k], plon[k], flags, &cb, &wb);
        ck_assert_int_eq(sa, sb);
        if (sa != VPC_OK)
            continue;
        same_code(&ca, &cb, what, k);
        same_ward(&wa, &wb, what, k);
        sa = vpc_decode_code(a, &ca, &la, &wa);
        sb = vpc_decode_code(b, &cb, &lb, &wb);
        ck_assert_int_eq(sa, sb);
        ck_assert_msg(sa == VPC_OK, "%s %d: %s", what, k, vpc_status_name(sa));
        same_cell(&la, &lb, what, k);
        same_ward(&wa, &wb, what, k);
        vpc_decoded da, db;
        if (pcode[k][0] == '\0')
            continue;
        sa = vpc_decode_ex(a, pcode[k], 0, &da);
        sb = vpc_decode_ex(b, pcode[k], 0, &db);
        ck_assert_int_eq(sa, sb);
        if (!failed(sa)) {
            same_cell(&da.cell, &db.cell, what, k);
            ck_assert_int_eq(da.scheme, db.scheme);
            same_ward(&da.ward, &db.ward, what, k);
            same_code(&da.current, &db.current, what, k);
        }
        vpc_legacy_unit ua[16], ub[16];
        size_t na = 0, nb = 0;
        sa = vpc_legacy_lookup(a, plat[k], plon[k], ua, 16, &na);
        sb = vpc_legacy_lookup(b, plat[k], plon[k], ub, 16, &nb);
        ck_assert_int_eq(sa, sb);
        if (sa == VPC_OK) {
            ck_assert_uint_eq(na, nb);
            for (size_t u = 0; u < na; u++)
                same_unit(&ua[u], &ub[u], what, k);
        }
    }
}

START_TEST(test_no_mmap)
{
    begin("no mmap");
    vpc_db *mapped = NULL, *inmem = NULL;
    ck_assert_int_eq(vpc_open_v2(db_path, 0, &mapped), VPC_OK);
    ck_assert_int_eq(vpc_open_v2(db_path, VPC_OPEN_NO_MMAP | VPC_OPEN_VERIFY, &inmem), VPC_OK);
    ck_assert_int_eq(vpc_db_mapped(mapped), 1);
    ck_assert_int_eq(vpc_db_mapped(inmem), 0);
    ck_assert_int_eq(vpc_db_mapped(NULL), 0);
    ck_assert_str_eq(vpc_db_path(mapped), vpc_db_path(inmem));
    ck_assert_int_eq(vpc_db_verify(inmem), VPC_OK);
    ck_assert_int_eq(vpc_db_verify(mapped), VPC_OK);
    int n = test_scaled(NPOINTS);
    same_answers(mapped, inmem, n, 0, "read into memory");
    vpc_close(mapped);
    vpc_close(inmem);
    printf("format: read into memory: %d points and %zu wards answer as mapped\n", n, nwards);
}
END_TEST

/* ---- the SQLite database and its runtime file -------------------------------------- */

/* Place a copy (or a hard link, when the tests only read it) of src at dst. */
static void place(const char *src, const char *dst, int may_link)
{
    unlink(dst);
    if (may_link && link(src, dst) == 0)
        return;
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, dst);
    ck_assert_int_eq(system(cmd), 0);
}

/* Run SQL on an SQLite database with the sqlite3 library. */
static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *s = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *err = NULL;
    int rc = sqlite3_exec(s, sql, NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "?");
    sqlite3_free(err);
    sqlite3_close(s);
}

static const char *meta_value(const vpc_db *d, const char *key)
{
    for (size_t i = 0; i < vpc_db_metadata_count(d); i++) {
        const char *k, *v;
        if (vpc_db_metadata(d, i, &k, &v) == VPC_OK && strcmp(k, key) == 0)
            return v;
    }
    return NULL;
}

START_TEST(test_sqlite_pairing)
{
    begin("sqlite pairing");
    const char *sqlite_path = getenv("VPOSTCODE_SQLITE");
    if (sqlite_path == NULL || access(sqlite_path, R_OK) != 0) {
        printf("format: no SQLite database ($VPOSTCODE_SQLITE): pairing not tried\n");
        return;
    }
    char x_sqlite[600], x_vpc[600], y_db[600], y_vpc[600];
    snprintf(x_sqlite, sizeof x_sqlite, "%s/x.sqlite", tmpdir);
    snprintf(x_vpc, sizeof x_vpc, "%s/x.vpc", tmpdir);
    place(sqlite_path, x_sqlite, 0); /* a copy: changed below */
    place(db_path, x_vpc, 1);
    const char *build_id = meta_value(ref, "build_id");
    ck_assert_ptr_nonnull(build_id);

    variant = "x.sqlite with x.vpc built from it";
    vpc_db *d = NULL;
    ck_assert_int_eq(vpc_open(x_sqlite, &d), VPC_OK);
    ck_assert_str_eq(vpc_db_path(d), x_sqlite);
    ck_assert_int_eq(vpc_db_mapped(d), 1);
    ck_assert_str_eq(meta_value(d, "build_id"), build_id);
    same_answers(ref, d, test_scaled(2000), 0, variant);
    vpc_close(d);
    ck_assert_int_eq(vpc_open_v2(x_sqlite, VPC_OPEN_NO_MMAP | VPC_OPEN_VERIFY, &d), VPC_OK);
    ck_assert_int_eq(vpc_db_mapped(d), 0);
    vpc_close(d);

    /* Another name: the runtime file is the name with ".vpc" added. */
    snprintf(y_db, sizeof y_db, "%s/y.db", tmpdir);
    snprintf(y_vpc, sizeof y_vpc, "%s/y.db.vpc", tmpdir);
    place(x_sqlite, y_db, 1);
    place(db_path, y_vpc, 1);
    variant = "y.db with y.db.vpc";
    ck_assert_int_eq(open_status(y_db, 0), VPC_OK);
    unlink(y_vpc);
    ck_assert_int_eq(open_status(y_db, 0), VPC_E_DB_NOT_FOUND);
    unlink(y_db);

    /* The SQLite database built again (another build_id): stale. */
    variant = "x.sqlite with another build_id";
    sql_exec(x_sqlite, "UPDATE metadata SET value = value || '-rebuilt' WHERE key = 'build_id'");
    expect_refused(x_sqlite, VPC_E_DB_STALE, 1);
    variant = "x.sqlite without a build_id";
    sql_exec(x_sqlite, "DELETE FROM metadata WHERE key = 'build_id'");
    expect_refused(x_sqlite, VPC_E_DB_STALE, 1);
    char sql[400];
    snprintf(sql, sizeof sql, "INSERT INTO metadata(key, value) VALUES('build_id', '%s')",
             build_id);
    sql_exec(x_sqlite, sql);
    variant = "x.sqlite with its build_id back";
    ck_assert_int_eq(open_status(x_sqlite, 0), VPC_OK);

    /* The runtime file damaged, or missing. */
    variant = "x.sqlite with x.vpc truncated";
    unlink(x_vpc);
    write_file(x_vpc, orig, orig_size / 2);
    expect_refused(x_sqlite, VPC_E_DB_CORRUPT, 1);
    variant = "x.sqlite without x.vpc";
    unlink(x_vpc);
    expect_refused(x_sqlite, VPC_E_DB_NOT_FOUND, 1);
    variant = "x.sqlite with x.vpc a directory";
    ck_assert_int_eq(mkdir(x_vpc, 0755), 0);
    expect_refused(x_sqlite, VPC_E_DB_UNREADABLE, 1);
    rmdir(x_vpc);
    unlink(x_sqlite);
    printf("format: x.sqlite + x.vpc opens (build_id %s); another build_id or none: "
           "VPC_E_DB_STALE; x.vpc missing: VPC_E_DB_NOT_FOUND\n", build_id);
}
END_TEST

/* ---- replaced or removed while open ------------------------------------------------ */

START_TEST(test_replaced_while_open)
{
    begin("replaced while open");
    char live[600], next[600];
    snprintf(live, sizeof live, "%s/live.vpc", tmpdir);
    snprintf(next, sizeof next, "%s/next.vpc", tmpdir);
    write_file(live, orig, orig_size);

    /* The next file: the same database with another build_id, its CRCs
     * made right. */
    int si = sec_index(SEC_STRINGS), mi = sec_index(SEC_METADATA);
    ck_assert(si >= 0 && mi >= 0);
    unsigned char *copy = malloc(orig_size);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, orig, orig_size);
    const unsigned char *strings = orig + sec[si].offset;
    int changed = 0;
    for (uint32_t m = 0; m < sec[mi].count; m++) {
        const unsigned char *me = orig + sec[mi].offset + 8 * (size_t)m;
        uint32_t k = get32(me), v = get32(me + 4);
        if (k < sec[si].count && strcmp((const char *)strings + k, "build_id") == 0 &&
            v < sec[si].count && strings[v] != '\0') {
            unsigned char *c = copy + sec[si].offset + v;
            *c = *c == 'a' ? 'b' : 'a';
            changed = 1;
        }
    }
    ck_assert_msg(changed, "no build_id in the file's metadata");
    memcpy(head, copy, head_len);
    put32(head_entry((uint32_t)si) + E_CRC, crc32_of(copy + sec[si].offset, sec[si].size));
    head_fix();
    memcpy(copy, head, head_len);
    write_file(next, copy, orig_size);
    free(copy);
    vpc_db *probe = NULL;
    ck_assert_int_eq(vpc_open_v2(next, VPC_OPEN_VERIFY, &probe), VPC_OK); /* CRCs right */
    char new_id[128];
    snprintf(new_id, sizeof new_id, "%s", meta_value(probe, "build_id"));
    vpc_close(probe);
    const char *old_id = meta_value(ref, "build_id");
    ck_assert_str_ne(new_id, old_id);

    vpc_db *mapped = NULL, *inmem = NULL, *again = NULL;
    ck_assert_int_eq(vpc_open(live, &mapped), VPC_OK);
    ck_assert_int_eq(vpc_open_v2(live, VPC_OPEN_NO_MMAP, &inmem), VPC_OK);
    int n = test_scaled(NPOINTS);

    /* Renamed over: the handles keep the file they opened. */
    ck_assert_int_eq(rename(next, live), 0);
    same_answers(ref, mapped, n, 0, "renamed over, mapped");
    same_answers(ref, inmem, test_scaled(2000), 0, "renamed over, read");
    ck_assert_str_eq(meta_value(mapped, "build_id"), old_id);
    ck_assert_int_eq(vpc_db_verify(mapped), VPC_OK);
    ck_assert_int_eq(vpc_open(live, &again), VPC_OK);
    ck_assert_str_eq(meta_value(again, "build_id"), new_id); /* a new open sees the new file */

    /* Removed: the same. */
    ck_assert_int_eq(unlink(live), 0);
    same_answers(ref, mapped, n, 0, "removed, mapped");
    same_answers(ref, again, n, 1, "removed, the new file");
    ck_assert_int_eq(vpc_db_verify(mapped), VPC_OK);
    ck_assert_int_eq(vpc_db_verify(again), VPC_OK);
    ck_assert_int_eq(open_status(live, 0), VPC_E_DB_NOT_FOUND);
    vpc_close(mapped);
    vpc_close(inmem);
    vpc_close(again);
    printf("format: renamed over and removed while open: %d points answer as before; "
           "a new open sees build_id %s\n", n, new_id);
}
END_TEST

/* ---- setup ------------------------------------------------------------------------ */

static int load(void)
{
    FILE *f = fopen(db_path, "rb");
    if (f == NULL)
        return 0;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < HEADER_SIZE) {
        fclose(f);
        return 0;
    }
    orig_size = (size_t)sb.st_size;
    orig = malloc(orig_size);
    size_t got = orig ? fread(orig, 1, orig_size, f) : 0;
    fclose(f);
    if (got != orig_size)
        return 0;
    nsec = get32(orig + H_COUNT);
    table_off = get64(orig + H_TABLE);
    file_flags = get32(orig + H_FLAGS);
    if (nsec == 0 || nsec > MAX_SECTIONS || table_off != HEADER_SIZE)
        return 0;
    head_len = (size_t)table_off + (size_t)nsec * ENTRY_SIZE;
    for (uint32_t i = 0; i < nsec; i++) {
        const unsigned char *t = orig + table_off + (size_t)i * ENTRY_SIZE;
        sec[i] = (entry){get32(t + E_ID), get32(t + E_ELEMENT), get64(t + E_OFFSET),
                         get64(t + E_SIZE), get32(t + E_COUNT), get32(t + E_CRC)};
        if (sec[i].offset > orig_size || sec[i].size > orig_size - sec[i].offset)
            return 0;
    }
    return 1;
}

/* Points (half anywhere over Vietnam's extent, half in the box of a
 * random ward), their codes, every ward's codes, pre-2025 postal codes. */
static int sample(void)
{
    nwards = vpc_ward_count(ref);
    wcode = calloc(nwards, sizeof *wcode);
    wpostal = calloc(nwards, sizeof *wpostal);
    if (wcode == NULL || wpostal == NULL)
        return 0;
    for (size_t i = 0; i < nwards; i++) {
        vpc_ward w;
        if (vpc_ward_at(ref, i, &w) != VPC_OK)
            return 0;
        memcpy(wcode[i], w.code, 6);
        memcpy(wpostal[i], w.postal_code, 6);
    }
    nprovinces = vpc_province_count(ref);
    if (nprovinces > 64)
        return 0;
    size_t fewest = SIZE_MAX;
    for (size_t p = 0; p < nprovinces; p++) {
        vpc_province pr;
        if (vpc_province_at(ref, p, &pr) != VPC_OK)
            return 0;
        memcpy(pcodes[p], pr.code, 3);
        size_t count = 0;
        for (size_t i = 0; i < nwards; i++) {
            vpc_ward w;
            vpc_ward_at(ref, i, &w);
            count += strcmp(w.province.code, pr.code) == 0;
        }
        if (count < fewest) {
            fewest = count;
            memcpy(small_province, pr.code, 3);
        }
    }
    /* Addresses: every ward's name with its province's, some without the
     * type words; the search its name alone. */
    size_t step = nwards / (NADDRESSES / 2) + 1;
    for (size_t i = 0; i < nwards && naddresses < NADDRESSES / 2; i += step) {
        vpc_ward w;
        if (vpc_ward_at(ref, i, &w) != VPC_OK)
            return 0;
        snprintf(address_text[naddresses], sizeof address_text[0], "%s 12 Lê Lợi, %s, %s",
                 naddresses % 3 ? "Số" : "", w.name, w.province.name);
        const char *space = strchr(w.name, ' ');
        snprintf(search_text[naddresses], sizeof search_text[0], "%s", space ? space + 1 : w.name);
        naddresses++;
    }
    uint64_t rng = 20250701;
    for (int k = 0; k < test_scaled(NPOINTS); k++) {
        if (k % 2) {
            plat[k] = test_rand_uniform(&rng, 7.18, 23.39);
            plon[k] = test_rand_uniform(&rng, 102.14, 117.83);
        } else {
            vpc_ward w;
            vpc_ward_at(ref, test_rand_next(&rng) % nwards, &w);
            plat[k] = test_rand_uniform(&rng, w.south, w.north);
            plon[k] = test_rand_uniform(&rng, w.west, w.east);
        }
        vpc_code c;
        pcode[k][0] = '\0';
        if (vpc_encode(ref, plat[k], plon[k], k % 3 ? 0 : VPC_FLAG_CHECK_CHAR, &c, NULL) != VPC_OK)
            continue;
        if (vpc_code_format(&c, k % 4 == 1 ? VPC_FLAG_DISPLAY : 0, pcode[k], VPC_CODE_BUFSIZE) !=
            VPC_OK)
            return 0;
        vpc_legacy_unit units[16];
        size_t count;
        if (nlegacy < NLEGACY &&
            vpc_legacy_lookup(ref, plat[k], plon[k], units, 16, &count) == VPC_OK && count > 0 &&
            units[0].postal_code[0] != '\0') {
            int seen = 0;
            for (int j = 0; j < nlegacy; j++)
                seen |= strcmp(legacy_postal[j], units[0].postal_code) == 0;
            if (seen)
                continue;
            memcpy(legacy_postal[nlegacy], units[0].postal_code, 6);
            if (naddresses < NADDRESSES) {
                snprintf(address_text[naddresses], sizeof address_text[0], "%s, %s, %s",
                         units[0].commune_name, units[0].district_name, units[0].province_name);
                snprintf(search_text[naddresses], sizeof search_text[0], "%s",
                         units[0].commune_name);
                naddresses++;
            }
            vpc_code old = c;
            memcpy(old.postal, units[0].postal_code, 6);
            old.check = '\0';
            if (vpc_code_format(&old, 0, legacy_text[nlegacy], VPC_CODE_BUFSIZE) != VPC_OK)
                return 0;
            nlegacy++;
        }
    }
    return 1;
}

int main(void)
{
    db_path = getenv("VPOSTCODE_DB");
    if (db_path == NULL || *db_path == '\0') {
        fprintf(stderr, "VPOSTCODE_DB is not set\n");
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* each line out before a failing test ends */
    crc_init();
    if (!load()) {
        fprintf(stderr, "%s: cannot read it as a runtime file\n", db_path);
        return 1;
    }
    vpc_status st = vpc_open(db_path, &ref);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: %s\n", db_path, vpc_strerror(st));
        return 1;
    }
    if (!sample()) {
        fprintf(stderr, "%s: cannot sample it\n", db_path);
        return 1;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/check_format.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(tmpdir) == NULL)
        return 1;

    /* One case per test, so that CK_RUN_CASE=truncated runs one. */
    const struct {
        const char *name;
        const TTest *test;
    } tests[] = {
        {"intact", test_intact},
        {"truncated", test_truncated},
        {"outside", test_sections_outside},
        {"header", test_header},
        {"table", test_table},
        {"empty", test_empty_sections},
        {"references", test_damaged_references},
        {"random", test_random_bytes},
        {"records", test_record_damage},
        {"paths", test_odd_paths},
        {"no_mmap", test_no_mmap},
        {"sqlite", test_sqlite_pairing},
        {"replaced", test_replaced_while_open},
    };
    Suite *s = suite_create("format");
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        TCase *tc = tcase_create(tests[i].name);
        tcase_set_timeout(tc, 600);
        tcase_add_test(tc, tests[i].test);
        suite_add_tcase(s, tc);
    }
    int rc = run_suite(s);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s'; rm -rf '%s'", tmpdir, tmpdir);
    if (system(cmd) != 0)
        rc = EXIT_FAILURE;
    vpc_close(ref);
    free(orig);
    free(wcode);
    free(wpostal);
    return rc;
}
