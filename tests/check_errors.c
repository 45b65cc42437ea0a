/*
 * check_errors.c - every vpc_status, produced by a real public call with
 * real inputs and asserted exactly.
 *
 * One table row per case: a name (starting with the status's own name), an
 * adapter calling the public API, and the status it must return. The last
 * test checks that the table has a row for every status from 0 to
 * VPC_STATUS_COUNT - 1, so that a status added to the header without a case
 * here fails the suite.
 *
 * The database is the real one ($VPOSTCODE_DB, opened with vpc_open(NULL)).
 * Four statuses need something the real database does not give:
 *   - VPC_E_NO_LEGACY_DATA: a database without the pre-2025 tables. If the
 *     real one has them, a copy is made with every legacy_* table dropped
 *     (and the lexicon's pre-2025 units, levels 3 to 5).
 *   - VPC_E_AMBIGUOUS_SCHEME: with the real data every number valid in both
 *     schemes names the same place in both (docs/SPEC.md 4.6), so a copy is
 *     made in which one old commune's postal code is reassigned (the column
 *     the loader reads, legacy_communes.postal_code, and legacy_postal with
 *     it): the commune chosen became the ward that holds the point exactly
 *     one degree north of a point of the current ward with that number, so
 *     a code of that point recovers to a cell of the ward in the current
 *     reading and to the cell one degree north, in the commune's ward, in
 *     the old one. Both fit, in different places. No loader check had to
 *     be changed or avoided.
 *   - VPC_E_NO_MEMORY: vpc_open in a child process whose address space is
 *     limited (RLIMIT_AS) to what it already uses plus 32 MB, far below the
 *     database's ~150 MB. Skipped, with a message, under AddressSanitizer or
 *     ThreadSanitizer (their shadow memory needs terabytes of address space)
 *     and under valgrind (its own allocator fails first and the child dies).
 *   - VPC_E_NO_LEXICON: a database without the address lexicon. If the real
 *     one has it, a copy is made with the tables address_units and
 *     address_names dropped.
 * The address rows read texts whose expected statuses follow from the
 * source data (../shared/geodata-src): "Phường Cống Vị" of Quận Ba Đình
 * (00007) is now divided between Phường Ngọc Hà (00008) and Phường Giảng
 * Võ (00025) (dvhcvn-20250701/splits.json.gz); ten old communes named
 * "Phường 5" now lie in Hồ Chí Minh City (of the old provinces 79 and 77);
 * Quảng Ngãi has both Xã Sơn Hà (21289) and Xã Sơn Hạ (21292)
 * (ward_postal_codes_QD2334.tsv), the same without diacritics. Without a
 * lexicon in the real database the address rows are skipped, and without
 * its pre-2025 names the rows that read the pre-2025 form.
 * Without pre-2025 tables in the real database (a build without
 * --enable-legacy-data) the rows that need them say so and are skipped.
 */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef UNDER_VALGRIND
#define UNDER_VALGRIND() 0
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZER_BUILD 1
#endif
#endif

#include "checkrun.h"
#include "vpostcode.h"

static vpc_db *db;         /* the real database */
static const char *db_path;     /* the runtime file */
static const char *sqlite_path; /* the SQLite database it was built from */
static char tmpdir[256];
static int has_legacy;

/* Nhà thờ Lớn, Hà Nội (Phường Hoàn Kiếm), and the point one degree north. */
#define HN_LAT 21.0287
#define HN_LON 105.8490
#define NORTH_LAT (HN_LAT + 1.0)

/* The copy without pre-2025 tables (or the real database if it has none). */
static char nolegacy_path[512];
static const char *nolegacy_error; /* why it could not be made */

/* The copy with a reassigned old postal code, and the facts of it. */
static char amb_path[512];
static const char *amb_error;
static char amb_text[VPC_CODE_BUFSIZE]; /* a current code of Hoàn Kiếm */
static char amb_ward[6], amb_north_ward[6], amb_commune[6];

/* The copy without the address lexicon (or the real database if it has none). */
static char nolexicon_path[512];
static const char *nolexicon_error;
static int has_lexicon; /* vpc_has_lexicon of the real database */

/* ---- helpers ------------------------------------------------------------ */

static int run_sql(const char *path, const char *sql)
{
    size_t size = strlen(path) + strlen(sql) + 32;
    char *cmd = malloc(size);
    if (cmd == NULL)
        return -1;
    snprintf(cmd, size, "sqlite3 '%s' \"%s\"", path, sql);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

/* The first line printed by an SQL query, without its newline. */
static int query_line(const char *path, const char *sql, char *out, size_t size)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", path, sql);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return 0;
    int ok = fgets(out, (int)size, p) != NULL;
    if (pclose(p) != 0)
        ok = 0;
    if (ok)
        out[strcspn(out, "\r\n")] = '\0';
    return ok && out[0] != '\0';
}

static int copy_file(const char *from, const char *to)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    return system(cmd) == 0;
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void tmp_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", tmpdir, name);
}

/* vpc_open of a path that must fail: the handle is never written. */
static vpc_status open_fails(const char *path)
{
    vpc_db *d = (vpc_db *)&d;
    vpc_status st = vpc_open(path, &d);
    if (st == VPC_OK)
        vpc_close(d);
    else
        ck_assert_ptr_eq(d, (vpc_db *)&d);
    return st;
}

/* ---- databases made for the statuses the real one cannot give ------------ */

/* The runtime file of a modified copy of the SQLite database (X.vpc next to
 * X.sqlite), written by the build's vpc-pack; NULL or why it failed. */
static const char *pack(const char *sqlite_copy)
{
    char cmd[2048], runtime[1024];
    size_t n = strlen(sqlite_copy);
    if (n < 7 || n + 1 > sizeof runtime)
        return "bad path";
    snprintf(runtime, sizeof runtime, "%.*s.vpc", (int)(n - 7), sqlite_copy);
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' >/dev/null", getenv("VPC_PACK"), sqlite_copy,
             runtime);
    return system(cmd) == 0 ? NULL : "vpc-pack failed on the modified copy";
}

/* A copy of the real database with every legacy_* table dropped. */
static const char *make_nolegacy(void)
{
    char tables[4096] = "";
    tmp_path(nolegacy_path, sizeof nolegacy_path, "nolegacy.sqlite");
    if (!copy_file(sqlite_path, nolegacy_path))
        return "cannot copy the database";
    if (!query_line(nolegacy_path, "SELECT group_concat('DROP TABLE ' || name || ';', ' ') FROM sqlite_master"
                                   " WHERE type = 'table' AND name LIKE 'legacy!_%' ESCAPE '!'",
                    tables, sizeof tables))
        return "cannot list the legacy_* tables with sqlite3";
    if (run_sql(nolegacy_path, tables) != 0)
        return "sqlite3 could not drop the legacy_* tables";
    /* The lexicon's pre-2025 units (levels 3 to 5) go with them, as in a
     * build without those tables. */
    if (vpc_has_lexicon(db) &&
        run_sql(nolegacy_path, "DELETE FROM address_names WHERE level >= 3;"
                               " DELETE FROM address_units WHERE level >= 3;") != 0)
        return "sqlite3 could not delete the lexicon's pre-2025 units";
    return pack(nolegacy_path);
}

/* A copy of the real database without the address lexicon's tables. */
static const char *make_nolexicon(void)
{
    tmp_path(nolexicon_path, sizeof nolexicon_path, "nolexicon.sqlite");
    if (!copy_file(sqlite_path, nolexicon_path))
        return "cannot copy the database";
    if (run_sql(nolexicon_path, "DROP TABLE address_names; DROP TABLE address_units;") != 0)
        return "sqlite3 could not drop the address_* tables";
    return pack(nolexicon_path);
}

/* A copy in which the old commune of the ward one degree north of Hoàn Kiếm
 * takes Hoàn Kiếm's current postal code (and, if another old commune had
 * that number, that one takes the commune's old number: the numbers stay
 * unique, as the loader requires). */
static const char *make_ambiguous(void)
{
    vpc_code code;
    vpc_ward here, north;
    char row[128], sql[1024], commune[8] = "", old_postal[8] = "";

    if (vpc_encode(db, HN_LAT, HN_LON, 0, &code, &here) != VPC_OK || code.form != VPC_FORM_STANDARD)
        return "Nhà thờ Lớn has no standard-form code";
    if (vpc_code_format(&code, 0, amb_text, sizeof amb_text) != VPC_OK)
        return "cannot format its code";
    if (vpc_lookup(db, NORTH_LAT, HN_LON, &north) != VPC_OK || north.long_form)
        return "the point one degree north is in no standard-form ward";
    memcpy(amb_ward, here.code, 6);
    memcpy(amb_north_ward, north.code, 6);
    /* An old commune that became that ward, with a postal code and a
     * reference point close enough for its codes to recover there. */
    snprintf(sql, sizeof sql,
             "SELECT c.code || ' ' || c.postal_code FROM legacy_communes c JOIN legacy_map m"
             " ON m.old_code = c.code WHERE m.new_code = '%s' AND c.postal_code IS NOT NULL"
             " AND c.long_form = 0 AND abs(c.ref_lat - %.4f) < 0.4 AND abs(c.ref_lon - %.4f) < 0.4"
             " ORDER BY c.code LIMIT 1",
             north.code, NORTH_LAT, HN_LON);
    if (!query_line(sqlite_path, sql, row, sizeof row) ||
        sscanf(row, "%7s %7s", commune, old_postal) != 2)
        return "no old commune of the northern ward found with sqlite3";
    memcpy(amb_commune, commune, 6);

    tmp_path(amb_path, sizeof amb_path, "ambiguous.sqlite");
    if (!copy_file(sqlite_path, amb_path))
        return "cannot copy the database";
    snprintf(sql, sizeof sql,
             "UPDATE legacy_communes SET postal_code = CASE WHEN code = '%s' THEN '%s' ELSE '%s' END"
             " WHERE code = '%s' OR postal_code = '%s';"
             " DELETE FROM legacy_postal WHERE postal_code IN ('%s', '%s');"
             " INSERT INTO legacy_postal SELECT postal_code, code FROM legacy_communes"
             " WHERE postal_code IN ('%s', '%s');",
             commune, here.postal_code, old_postal, commune, here.postal_code,
             here.postal_code, old_postal, here.postal_code, old_postal);
    if (run_sql(amb_path, sql) != 0)
        return "sqlite3 could not reassign the postal code";
    const char *packed = pack(amb_path);
    if (packed != NULL)
        return packed;
    printf("ambiguous copy: old commune %s (of ward %s, one degree north) now has postal code %s"
           " of ward %s; code %s\n", commune, north.code, here.postal_code, here.code, amb_text);
    return NULL;
}

/* ---- the adapters: one public call each ---------------------------------- */

typedef vpc_status (*produce_fn)(const char **skip);

static vpc_status ok_encode(const char **skip)
{
    vpc_code code;
    vpc_ward w;
    (void)skip;
    return vpc_encode(db, HN_LAT, HN_LON, 0, &code, &w);
}

static vpc_status null_lookup_ward(const char **skip)
{
    (void)skip;
    return vpc_lookup(db, HN_LAT, HN_LON, NULL);
}

static vpc_status null_open_handle(const char **skip)
{
    (void)skip;
    return vpc_open(NULL, NULL);
}

static vpc_status invalid_encode_flag(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_encode(db, HN_LAT, HN_LON, VPC_FLAG_DISPLAY, &code, NULL);
}

static vpc_status invalid_ward_position(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_ward_at(db, vpc_ward_count(db), &w);
}

static vpc_status small_olc_buffer(const char **skip)
{
    char buf[12]; /* "7PH72VH3+CM4" needs 13 */
    (void)skip;
    return vpc_olc_encode(21.0285, 105.8542, 11, buf, sizeof buf);
}

static vpc_status small_code_buffer(const char **skip)
{
    vpc_code code;
    char buf[VPC_CODE_STANDARD_LEN]; /* one byte short of the NUL */
    (void)skip;
    ck_assert_int_eq(vpc_code_parse("11024 2RHX+FJJ", &code, NULL), VPC_OK);
    return vpc_code_format(&code, 0, buf, sizeof buf);
}

static vpc_status not_finite_lookup(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_lookup(db, NAN, HN_LON, &w);
}

static vpc_status latitude_lookup(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_lookup(db, 90.0000001, HN_LON, &w);
}

static vpc_status longitude_encode(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_encode(db, HN_LAT, -180.0000001, 0, &code, NULL);
}

static vpc_status olc_length_odd(const char **skip)
{
    char buf[VPC_OLC_BUFSIZE];
    (void)skip;
    return vpc_olc_encode(21.0285, 105.8542, 9, buf, sizeof buf);
}

static vpc_status olc_invalid_no_separator(const char **skip)
{
    vpc_cell cell;
    (void)skip;
    return vpc_olc_decode("7PH72VH3CM4", &cell);
}

static vpc_status olc_not_full(const char **skip)
{
    vpc_cell cell;
    (void)skip;
    return vpc_olc_decode("2VH3+CM4", &cell);
}

static vpc_status olc_padded_shorten(const char **skip)
{
    char buf[VPC_OLC_BUFSIZE];
    (void)skip;
    return vpc_olc_shorten("7PH70000+", 21.03, 105.85, buf, sizeof buf);
}

static vpc_status empty_separators(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_code_parse(" -.+", &code, NULL);
}

static vpc_status bad_character(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_code_parse("1102A2VH3CM4", &code, NULL);
}

static vpc_status code_length_decode(const char **skip)
{
    vpc_cell cell;
    (void)skip;
    return vpc_decode(db, "11024 2RHX+FJ", &cell, NULL);
}

static vpc_status check_character_decode(const char **skip)
{
    vpc_cell cell;
    (void)skip;
    return vpc_decode(db, "11024 2VH3+CM4-Q", &cell, NULL); /* its check character is P */
}

static vpc_status location_range(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_code_parse("11024X2222222222", &code, NULL); /* latitude digit X: 310 N */
}

static vpc_status postal_code_short(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_ward_by_postal_code(db, "1102", &w);
}

static vpc_status postal_code_make(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_code_make("1102a", HN_LAT, HN_LON, HN_LAT, HN_LON, 0, &code);
}

static vpc_status needs_long_form(const char **skip)
{
    vpc_code code;
    (void)skip;
    /* 0.6 degree south of the reference: recovery would land a degree off. */
    return vpc_code_make("11024", HN_LAT, HN_LON, HN_LAT + 0.6, HN_LON, 0, &code);
}

#ifndef SANITIZER_BUILD
/* The virtual memory this process has mapped now. */
static long mapped_bytes(void)
{
    long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f != NULL) {
        if (fscanf(f, "%ld", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return pages * sysconf(_SC_PAGESIZE);
}
#endif

static vpc_status no_memory_open(const char **skip)
{
#ifdef SANITIZER_BUILD
    *skip = "built with a sanitizer, whose shadow memory needs far more address space than any"
            " limit that would make vpc_open fail";
    return VPC_OK;
#else
    if (UNDER_VALGRIND()) {
        *skip = "under valgrind, whose own allocator runs out of the limited address space first";
        return VPC_OK;
    }
    /* Its own child, whatever CK_FORK says: the limit must not outlive it. */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        long now = mapped_bytes();
        struct rlimit lim;
        lim.rlim_cur = lim.rlim_max = (rlim_t)(now + (32L << 20));
        if (now <= 0 || setrlimit(RLIMIT_AS, &lim) != 0)
            _exit(100);
        vpc_db *d = NULL;
        vpc_status st = vpc_open(NULL, &d); /* the real database, ~150 MB in memory */
        if (st == VPC_OK)
            vpc_close(d);
        _exit((int)st);
    }
    int ws = 0;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    ck_assert_msg(WIFEXITED(ws), "vpc_open under RLIMIT_AS crashed (signal %d)",
                  WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
    ck_assert_msg(WEXITSTATUS(ws) != 100, "cannot read /proc/self/statm or set RLIMIT_AS");
    return (vpc_status)WEXITSTATUS(ws);
#endif
}

static vpc_status db_missing(const char **skip)
{
    char path[512];
    (void)skip;
    tmp_path(path, sizeof path, "missing.sqlite");
    return open_fails(path);
}

/* A path through a regular file: stat says ENOTDIR, which is "not there". */
static vpc_status db_under_a_file(const char **skip)
{
    char path[600];
    (void)skip;
    snprintf(path, sizeof path, "%s/vpostcode.sqlite", db_path);
    return open_fails(path);
}

/* A directory: unreadable as a database also for root (chmod 000 would not
 * stop root from reading a file). */
static vpc_status db_directory(const char **skip)
{
    (void)skip;
    return open_fails(tmpdir);
}

static vpc_status db_device(const char **skip)
{
    (void)skip;
    return open_fails("/dev/null");
}

static vpc_status db_text_file(const char **skip)
{
    char path[512];
    (void)skip;
    tmp_path(path, sizeof path, "text.sqlite");
    write_file(path, "this is not a database\n", 23);
    return open_fails(path);
}

/* The first megabyte of the real database: the header promises more. */
static vpc_status db_truncated(const char **skip)
{
    char path[512];
    size_t n = 1 << 20;
    (void)skip;
    tmp_path(path, sizeof path, "truncated.vpc");
    FILE *in = fopen(db_path, "rb");
    ck_assert_ptr_nonnull(in);
    char *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, n, in), n);
    fclose(in);
    write_file(path, buf, n);
    free(buf);
    return open_fails(path);
}

/* An SQLite database whose runtime file next to it was built from
 * another database (here: the real runtime file, another build_id). */
static vpc_status db_stale(const char **skip)
{
    char path[512], runtime[512];
    (void)skip;
    tmp_path(path, sizeof path, "stale.sqlite");
    tmp_path(runtime, sizeof runtime, "stale.vpc");
    unlink(path);
    ck_assert_int_eq(run_sql(path, "CREATE TABLE metadata(key TEXT PRIMARY KEY, value TEXT);"
                                   " INSERT INTO metadata VALUES('schema_version', '1');"
                                   " INSERT INTO metadata VALUES('build_id', 'another');"), 0);
    ck_assert(copy_file(db_path, runtime));
    return open_fails(path);
}

static vpc_status db_other_schema(const char **skip)
{
    char path[512];
    (void)skip;
    tmp_path(path, sizeof path, "orders.sqlite");
    unlink(path);
    ck_assert_int_eq(run_sql(path, "CREATE TABLE orders(id INTEGER PRIMARY KEY, lat REAL, lon REAL);"), 0);
    return open_fails(path);
}

static vpc_status outside_paris(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_lookup(db, 48.8584, 2.2945, &w);
}

static vpc_status no_ward_offshore(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_encode(db, 16.06, 108.27, 0, &code, NULL); /* 2.4 km off Đà Nẵng */
}

static vpc_status outside_gulf(const char **skip)
{
    vpc_code code;
    (void)skip;
    return vpc_encode(db, 18.5, 107.5, 0, &code, NULL); /* mid Gulf of Tonkin */
}

static vpc_status nearest_woody_island(const char **skip)
{
    vpc_ward w;
    double m;
    (void)skip;
    return vpc_lookup_nearest(db, 16.8344, 112.3389, 2000, &w, &m); /* 1.8 km from Hoàng Sa */
}

static vpc_status unknown_province(const char **skip)
{
    vpc_province p;
    (void)skip;
    return vpc_province_by_code(db, "99", &p);
}

static vpc_status long_form_decode(const char **skip)
{
    vpc_cell cell;
    (void)skip;
    return vpc_decode(db, "57906 P99M+88M", &cell, NULL); /* Trường Sa, standard form */
}

static vpc_status unknown_postal_decode(const char **skip)
{
    vpc_cell cell;
    (void)skip;
    return vpc_decode(db, "00000 2RHX+FJJ", &cell, NULL);
}

static vpc_status unknown_postal_ward(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_ward_by_postal_code(db, "00000", &w);
}

static vpc_status unknown_ward(const char **skip)
{
    vpc_ward w;
    (void)skip;
    return vpc_ward_by_code(db, "99999", &w);
}

static vpc_status crs_unknown_epsg(const char **skip)
{
    vpc_crs *crs = NULL;
    (void)skip;
    vpc_status st = vpc_crs_open("EPSG:999999", &crs);
    ck_assert_ptr_null(crs);
    return st;
}

static vpc_status crs_bad_proj_string(const char **skip)
{
    vpc_crs *crs = NULL;
    (void)skip;
    vpc_status st = vpc_crs_open("+proj=no_such_projection +datum=WGS84", &crs);
    ck_assert_ptr_null(crs);
    return st;
}

/* From a CRS to WGS84 through a point the CRS cannot hold. */
static vpc_status transform(const char *definition, double x, double y)
{
    vpc_crs *crs;
    double lat = 1.5, lon = 2.5;
    ck_assert_int_eq(vpc_crs_open(definition, &crs), VPC_OK);
    vpc_status st = vpc_crs_to_wgs84(crs, x, y, &lat, &lon);
    vpc_crs_close(crs);
    if (st != VPC_OK)
        ck_assert(lat == 1.5 && lon == 2.5);
    return st;
}

static vpc_status transform_vn2000_latitude(const char **skip)
{
    (void)skip;
    return transform("EPSG:4756", 105.85, 95.0); /* VN-2000 (lon, lat): 95 N */
}

static vpc_status transform_utm_easting(const char **skip)
{
    (void)skip;
    return transform("EPSG:32648", 1e308, 2325571.0);
}

/* A code made in Hà Nội given the postal code of a ward of Hồ Chí Minh City:
 * the cell recovers near that ward's reference point, outside the ward. */
static vpc_status outside_ward(const char **skip)
{
    vpc_code code, other;
    vpc_cell cell;
    vpc_ward w;
    (void)skip;
    ck_assert_int_eq(vpc_encode(db, 21.0288, 105.8525, 0, &code, NULL), VPC_OK);
    ck_assert_int_eq(vpc_encode(db, 10.7725, 106.6980, 0, &other, NULL), VPC_OK);
    memcpy(code.postal, other.postal, sizeof code.postal);
    memset(&cell, 0, sizeof cell);
    vpc_status st = vpc_decode_code(db, &code, &cell, &w);
    if (st == VPC_W_OUTSIDE_WARD) {
        ck_assert_int_eq(cell.length, 11); /* a warning writes the outputs */
        ck_assert_str_eq(w.postal_code, other.postal);
    }
    return st;
}

/* The database without pre-2025 tables, opened for one call. */
static vpc_db *open_nolegacy(void)
{
    vpc_db *d = NULL;
    ck_assert_msg(nolegacy_error == NULL, "no database without pre-2025 tables: %s", nolegacy_error);
    ck_assert_int_eq(vpc_open(nolegacy_path, &d), VPC_OK);
    ck_assert_int_eq(vpc_has_legacy(d), 0);
    return d;
}

static vpc_status no_legacy_lookup(const char **skip)
{
    vpc_legacy_unit units[4];
    size_t n = 99;
    vpc_db *d = open_nolegacy();
    (void)skip;
    vpc_status st = vpc_legacy_lookup(d, HN_LAT, HN_LON, units, 4, &n);
    vpc_close(d);
    return st;
}

static vpc_status no_legacy_scheme(const char **skip)
{
    vpc_decoded out;
    vpc_db *d = open_nolegacy();
    (void)skip;
    vpc_status st = vpc_decode_ex(d, "11024 2RHX+FJJ", VPC_FLAG_SCHEME_LEGACY, &out);
    vpc_close(d);
    return st;
}

static vpc_status ambiguous_scheme(const char **skip)
{
    vpc_decoded out;
    vpc_db *d = NULL;
    if (!has_legacy) {
        *skip = "the database has no pre-2025 tables to reassign a postal code in";
        return VPC_OK;
    }
    ck_assert_msg(amb_error == NULL, "no ambiguous database: %s", amb_error);
    ck_assert_int_eq(vpc_open(amb_path, &d), VPC_OK);
    vpc_status st = vpc_decode_ex(d, amb_text, 0, &out);
    vpc_close(d);
    return st;
}

static vpc_status unknown_legacy_postal(const char **skip)
{
    vpc_legacy_unit unit;
    char wards[4][6];
    size_t n;
    if (!has_legacy) {
        *skip = "the database has no pre-2025 tables (it answers VPC_E_NO_LEGACY_DATA)";
        return VPC_OK;
    }
    return vpc_legacy_by_postal_code(db, "99999", &unit, wards, 4, &n);
}

static vpc_status unknown_legacy_decode(const char **skip)
{
    vpc_decoded out;
    if (!has_legacy) {
        *skip = "the database has no pre-2025 tables (it answers VPC_E_NO_LEGACY_DATA)";
        return VPC_OK;
    }
    return vpc_decode_ex(db, "99999 2RHX+FJJ", VPC_FLAG_SCHEME_LEGACY, &out);
}

/* ---- addresses ------------------------------------------------------------ */

/* The address rows need the lexicon, some its pre-2025 names (level 2). */
static int lexicon_missing(const char **skip, int level)
{
    if (has_lexicon == 0) {
        *skip = "the database has no address lexicon (it answers VPC_E_NO_LEXICON)";
        return 1;
    }
    if (has_lexicon < level) {
        *skip = "the database has no pre-2025 names in its lexicon";
        return 1;
    }
    return 0;
}

static vpc_status address(const char *text, unsigned flags)
{
    vpc_address a;
    return vpc_address_parse(db, text, flags, &a, NULL);
}

static vpc_status address_empty(const char **skip)
{
    if (lexicon_missing(skip, 1))
        return VPC_OK;
    return address(", , -", 0);
}

static vpc_status address_too_long(const char **skip)
{
    char text[VPC_ADDRESS_MAX_BYTES + 2];
    if (lexicon_missing(skip, 1))
        return VPC_OK;
    memset(text, 'a', VPC_ADDRESS_MAX_BYTES + 1);
    text[VPC_ADDRESS_MAX_BYTES + 1] = '\0';
    return address(text, 0);
}

static vpc_status address_encoding(const char **skip)
{
    if (lexicon_missing(skip, 1))
        return VPC_OK;
    return address("\xff", 0);
}

static vpc_status address_not_found(const char **skip)
{
    if (lexicon_missing(skip, 1))
        return VPC_OK;
    return address("221B Baker Street, London", 0);
}

static vpc_status address_incomplete(const char **skip)
{
    if (lexicon_missing(skip, 1))
        return VPC_OK;
    return address("Hà Nội", 0);
}

static vpc_status address_ambiguous_folded(const char **skip)
{
    if (lexicon_missing(skip, 1))
        return VPC_OK;
    return address("Xa Son Ha, Quang Ngai", 0);
}

static vpc_status address_ambiguous_legacy(const char **skip)
{
    if (lexicon_missing(skip, 2))
        return VPC_OK;
    return address("Phường 5, TP Hồ Chí Minh", 0);
}

static vpc_status address_split(const char **skip)
{
    if (lexicon_missing(skip, 2))
        return VPC_OK;
    return address("Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội", 0);
}

static vpc_status address_default(const char **skip)
{
    if (lexicon_missing(skip, 2))
        return VPC_OK;
    return address("Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội", VPC_FLAG_ADDRESS_DEFAULT);
}

/* The database without the lexicon, opened for one call. */
static vpc_db *open_nolexicon(void)
{
    vpc_db *d = NULL;
    ck_assert_msg(nolexicon_error == NULL, "no database without the lexicon: %s", nolexicon_error);
    ck_assert_int_eq(vpc_open(nolexicon_path, &d), VPC_OK);
    ck_assert_int_eq(vpc_has_lexicon(d), 0);
    return d;
}

static vpc_status no_lexicon_parse(const char **skip)
{
    vpc_address a;
    vpc_db *d = open_nolexicon();
    (void)skip;
    vpc_status st = vpc_address_parse(d, "40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội", 0, &a, NULL);
    vpc_close(d);
    return st;
}

static vpc_status no_lexicon_search(const char **skip)
{
    vpc_search_hit hits[4];
    size_t n = 99;
    vpc_db *d = open_nolexicon();
    (void)skip;
    vpc_status st = vpc_ward_search(d, "hoan kiem", NULL, 0, hits, 4, &n);
    vpc_close(d);
    return st;
}

/* ---- the table ------------------------------------------------------------ */

static const struct {
    const char *name; /* begins with the status's name */
    produce_fn produce;
    vpc_status expected;
} cases[] = {
    {"VPC_OK: vpc_encode at Nhà thờ Lớn, Hà Nội", ok_encode, VPC_OK},
    {"VPC_E_NULL_ARGUMENT: vpc_lookup without a ward to fill", null_lookup_ward, VPC_E_NULL_ARGUMENT},
    {"VPC_E_NULL_ARGUMENT: vpc_open without a handle to fill", null_open_handle, VPC_E_NULL_ARGUMENT},
    {"VPC_E_INVALID_ARGUMENT: vpc_encode with VPC_FLAG_DISPLAY", invalid_encode_flag, VPC_E_INVALID_ARGUMENT},
    {"VPC_E_INVALID_ARGUMENT: vpc_ward_at(vpc_ward_count())", invalid_ward_position, VPC_E_INVALID_ARGUMENT},
    {"VPC_E_BUFFER_TOO_SMALL: vpc_olc_encode of 12 characters into 12 bytes", small_olc_buffer,
     VPC_E_BUFFER_TOO_SMALL},
    {"VPC_E_BUFFER_TOO_SMALL: vpc_code_format of 12 characters into 12 bytes", small_code_buffer,
     VPC_E_BUFFER_TOO_SMALL},
    {"VPC_E_NOT_FINITE: vpc_lookup of latitude NaN", not_finite_lookup, VPC_E_NOT_FINITE},
    {"VPC_E_LATITUDE_RANGE: vpc_lookup of latitude 90.0000001", latitude_lookup, VPC_E_LATITUDE_RANGE},
    {"VPC_E_LONGITUDE_RANGE: vpc_encode of longitude -180.0000001", longitude_encode, VPC_E_LONGITUDE_RANGE},
    {"VPC_E_OLC_LENGTH: vpc_olc_encode of length 9", olc_length_odd, VPC_E_OLC_LENGTH},
    {"VPC_E_OLC_INVALID: vpc_olc_decode(\"7PH72VH3CM4\"), no '+'", olc_invalid_no_separator, VPC_E_OLC_INVALID},
    {"VPC_E_OLC_NOT_FULL: vpc_olc_decode(\"2VH3+CM4\")", olc_not_full, VPC_E_OLC_NOT_FULL},
    {"VPC_E_OLC_PADDED: vpc_olc_shorten(\"7PH70000+\")", olc_padded_shorten, VPC_E_OLC_PADDED},
    {"VPC_E_EMPTY: vpc_code_parse(\" -.+\")", empty_separators, VPC_E_EMPTY},
    {"VPC_E_BAD_CHARACTER: vpc_code_parse(\"1102A2VH3CM4\")", bad_character, VPC_E_BAD_CHARACTER},
    {"VPC_E_CODE_LENGTH: vpc_decode(\"11024 2RHX+FJ\")", code_length_decode, VPC_E_CODE_LENGTH},
    {"VPC_E_CHECK_CHARACTER: vpc_decode(\"11024 2VH3+CM4-Q\")", check_character_decode,
     VPC_E_CHECK_CHARACTER},
    {"VPC_E_LOCATION_RANGE: vpc_code_parse(\"11024X2222222222\")", location_range, VPC_E_LOCATION_RANGE},
    {"VPC_E_POSTAL_CODE: vpc_ward_by_postal_code(\"1102\")", postal_code_short, VPC_E_POSTAL_CODE},
    {"VPC_E_POSTAL_CODE: vpc_code_make(\"1102a\", ...)", postal_code_make, VPC_E_POSTAL_CODE},
    {"VPC_E_NEEDS_LONG_FORM: vpc_code_make 0.6 degree from the reference", needs_long_form,
     VPC_E_NEEDS_LONG_FORM},
    {"VPC_E_NEEDS_LONG_FORM: vpc_decode of a standard-form code of Trường Sa", long_form_decode,
     VPC_E_NEEDS_LONG_FORM},
    {"VPC_E_NO_MEMORY: vpc_open of the real database under RLIMIT_AS = used + 32 MB", no_memory_open,
     VPC_E_NO_MEMORY},
    {"VPC_E_DB_NOT_FOUND: vpc_open of a missing file", db_missing, VPC_E_DB_NOT_FOUND},
    {"VPC_E_DB_NOT_FOUND: vpc_open of a path through a regular file", db_under_a_file, VPC_E_DB_NOT_FOUND},
    {"VPC_E_DB_UNREADABLE: vpc_open of a directory", db_directory, VPC_E_DB_UNREADABLE},
    {"VPC_E_DB_UNREADABLE: vpc_open of /dev/null", db_device, VPC_E_DB_UNREADABLE},
    {"VPC_E_DB_CORRUPT: vpc_open of a text file", db_text_file, VPC_E_DB_CORRUPT},
    {"VPC_E_DB_CORRUPT: vpc_open of the database's first megabyte", db_truncated, VPC_E_DB_CORRUPT},
    {"VPC_E_DB_SCHEMA: vpc_open of an SQLite database of orders", db_other_schema, VPC_E_DB_SCHEMA},
    {"VPC_E_DB_STALE: vpc_open of an SQLite database whose runtime file is another's", db_stale,
     VPC_E_DB_STALE},
    {"VPC_E_OUTSIDE_VIETNAM: vpc_lookup at the Eiffel Tower", outside_paris, VPC_E_OUTSIDE_VIETNAM},
    {"VPC_E_OUTSIDE_VIETNAM: vpc_encode in the middle of the Gulf of Tonkin", outside_gulf,
     VPC_E_OUTSIDE_VIETNAM},
    {"VPC_E_NO_WARD: vpc_encode 2.4 km off Đà Nẵng", no_ward_offshore, VPC_E_NO_WARD},
    {"VPC_E_UNKNOWN_POSTAL_CODE: vpc_decode(\"00000 2RHX+FJJ\")", unknown_postal_decode,
     VPC_E_UNKNOWN_POSTAL_CODE},
    {"VPC_E_UNKNOWN_POSTAL_CODE: vpc_ward_by_postal_code(\"00000\")", unknown_postal_ward,
     VPC_E_UNKNOWN_POSTAL_CODE},
    {"VPC_E_UNKNOWN_WARD: vpc_ward_by_code(\"99999\")", unknown_ward, VPC_E_UNKNOWN_WARD},
    {"VPC_E_CRS: vpc_crs_open(\"EPSG:999999\")", crs_unknown_epsg, VPC_E_CRS},
    {"VPC_E_CRS: vpc_crs_open of an unknown PROJ projection", crs_bad_proj_string, VPC_E_CRS},
    {"VPC_E_TRANSFORM: vpc_crs_to_wgs84 of VN-2000 latitude 95", transform_vn2000_latitude, VPC_E_TRANSFORM},
    {"VPC_E_TRANSFORM: vpc_crs_to_wgs84 of UTM 48N easting 1e308", transform_utm_easting, VPC_E_TRANSFORM},
    {"VPC_W_OUTSIDE_WARD: vpc_decode_code of a Hà Nội location with a Hồ Chí Minh City postal code",
     outside_ward, VPC_W_OUTSIDE_WARD},
    {"VPC_E_NO_LEGACY_DATA: vpc_legacy_lookup without pre-2025 tables", no_legacy_lookup,
     VPC_E_NO_LEGACY_DATA},
    {"VPC_E_NO_LEGACY_DATA: vpc_decode_ex with VPC_FLAG_SCHEME_LEGACY without pre-2025 tables",
     no_legacy_scheme, VPC_E_NO_LEGACY_DATA},
    {"VPC_E_AMBIGUOUS_SCHEME: vpc_decode_ex of a code whose number is reassigned to an old commune"
     " one degree north", ambiguous_scheme, VPC_E_AMBIGUOUS_SCHEME},
    {"VPC_E_UNKNOWN_LEGACY_CODE: vpc_legacy_by_postal_code(\"99999\")", unknown_legacy_postal,
     VPC_E_UNKNOWN_LEGACY_CODE},
    {"VPC_E_UNKNOWN_LEGACY_CODE: vpc_decode_ex(\"99999 2RHX+FJJ\", VPC_FLAG_SCHEME_LEGACY)",
     unknown_legacy_decode, VPC_E_UNKNOWN_LEGACY_CODE},
    {"VPC_W_NEAREST_WARD: vpc_lookup_nearest on Woody Island within 2 km", nearest_woody_island,
     VPC_W_NEAREST_WARD},
    {"VPC_E_UNKNOWN_PROVINCE: vpc_province_by_code(\"99\")", unknown_province,
     VPC_E_UNKNOWN_PROVINCE},
    {"VPC_E_ADDRESS_EMPTY: vpc_address_parse(\", , -\")", address_empty, VPC_E_ADDRESS_EMPTY},
    {"VPC_E_ADDRESS_TOO_LONG: vpc_address_parse of 4097 bytes", address_too_long,
     VPC_E_ADDRESS_TOO_LONG},
    {"VPC_E_ADDRESS_ENCODING: vpc_address_parse(\"\\xff\")", address_encoding,
     VPC_E_ADDRESS_ENCODING},
    {"VPC_E_ADDRESS_NOT_FOUND: vpc_address_parse(\"221B Baker Street, London\")", address_not_found,
     VPC_E_ADDRESS_NOT_FOUND},
    {"VPC_E_ADDRESS_INCOMPLETE: vpc_address_parse(\"Hà Nội\")", address_incomplete,
     VPC_E_ADDRESS_INCOMPLETE},
    {"VPC_E_ADDRESS_AMBIGUOUS: vpc_address_parse(\"Xa Son Ha, Quang Ngai\"): Sơn Hà or Sơn Hạ",
     address_ambiguous_folded, VPC_E_ADDRESS_AMBIGUOUS},
    {"VPC_E_ADDRESS_AMBIGUOUS: vpc_address_parse(\"Phường 5, TP Hồ Chí Minh\"): ten old communes",
     address_ambiguous_legacy, VPC_E_ADDRESS_AMBIGUOUS},
    {"VPC_E_ADDRESS_SPLIT: vpc_address_parse of Phường Cống Vị, Quận Ba Đình (now two wards)",
     address_split, VPC_E_ADDRESS_SPLIT},
    {"VPC_E_NO_LEXICON: vpc_address_parse without the address lexicon", no_lexicon_parse,
     VPC_E_NO_LEXICON},
    {"VPC_E_NO_LEXICON: vpc_ward_search without the address lexicon", no_lexicon_search,
     VPC_E_NO_LEXICON},
    {"VPC_W_ADDRESS_DEFAULT: vpc_address_parse of Phường Cống Vị with VPC_FLAG_ADDRESS_DEFAULT",
     address_default, VPC_W_ADDRESS_DEFAULT},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(test_case)
{
    const char *skip = NULL;
    vpc_status st = cases[_i].produce(&skip);
    if (skip != NULL) {
        printf("SKIP %s: %s\n", cases[_i].name, skip);
        return;
    }
    ck_assert_msg(st == cases[_i].expected, "%s: got %s", cases[_i].name, vpc_status_name(st));
}
END_TEST

/* Every status has a case; the names say which. */
START_TEST(test_every_status_covered)
{
    ck_assert_str_eq(vpc_status_name((vpc_status)VPC_STATUS_COUNT), "VPC_E_UNKNOWN");
    ck_assert_str_ne(vpc_status_name((vpc_status)(VPC_STATUS_COUNT - 1)), "VPC_E_UNKNOWN");
    for (int i = 0; i < NCASES; i++) {
        const char *name = vpc_status_name(cases[i].expected);
        size_t len = strlen(name);
        ck_assert_msg(strncmp(cases[i].name, name, len) == 0 && cases[i].name[len] == ':',
                      "case '%s' expects %s", cases[i].name, name);
    }
    for (int s = 0; s < VPC_STATUS_COUNT; s++) {
        int rows = 0;
        for (int i = 0; i < NCASES; i++)
            rows += (int)cases[i].expected == s;
        ck_assert_msg(rows > 0, "no case produces %s (%d)", vpc_status_name((vpc_status)s), s);
    }
}
END_TEST

/* The two made databases are what they claim: without pre-2025 tables the
 * current codes still read and an old number is unknown (the header's
 * promise); with the reassigned number both readings fit, in different
 * places, and each forced scheme reads its own. */
START_TEST(test_nolegacy_copy)
{
    vpc_db *d = open_nolegacy();
    vpc_decoded out;
    vpc_code code;
    ck_assert_uint_eq(vpc_ward_count(d), vpc_ward_count(db));
    ck_assert_int_eq(vpc_has_lexicon(d), has_lexicon ? 1 : 0); /* current names only */
    ck_assert_int_eq(vpc_decode_ex(d, "11024 2RHX+FJJ", 0, &out), VPC_OK);
    ck_assert_int_eq(out.scheme, VPC_SCHEME_CURRENT);
    ck_assert_int_eq(vpc_convert(d, "11024 2RHX+FJJ", 0, &code), VPC_OK);
    if (has_legacy) {
        /* An old postal code that is no current one, from the real database. */
        vpc_legacy_unit units[16];
        size_t n = 0;
        vpc_ward w;
        char text[32] = "";
        ck_assert_int_eq(vpc_legacy_lookup(db, NORTH_LAT, HN_LON, units, 16, &n), VPC_OK);
        for (size_t k = 0; k < n && k < 16 && text[0] == '\0'; k++)
            if (units[k].postal_code[0] != '\0' &&
                vpc_ward_by_postal_code(db, units[k].postal_code, &w) == VPC_E_UNKNOWN_POSTAL_CODE)
                snprintf(text, sizeof text, "%.5s 2RHX+FJJ", units[k].postal_code);
        ck_assert_msg(text[0] != '\0', "no old-only postal code near %.4f %.4f", NORTH_LAT, HN_LON);
        ck_assert_int_eq(vpc_decode_ex(d, text, 0, &out), VPC_E_UNKNOWN_POSTAL_CODE);
        ck_assert_int_eq(vpc_convert(d, text, 0, &code), VPC_E_UNKNOWN_POSTAL_CODE);
        vpc_status st = vpc_decode_ex(db, text, 0, &out);
        ck_assert_msg(st == VPC_OK || st == VPC_W_OUTSIDE_WARD, "%s in the real database: %s", text,
                      vpc_status_name(st));
        ck_assert_int_eq(out.scheme, VPC_SCHEME_LEGACY);
    }
    vpc_close(d);
}
END_TEST

/* The copy without the lexicon is what it claims: the wards and lookups
 * are those of the real database, the address calls answer
 * VPC_E_NO_LEXICON and still clear the result. */
START_TEST(test_nolexicon_copy)
{
    vpc_db *d = open_nolexicon();
    vpc_ward a, b;
    vpc_address addr;
    ck_assert_uint_eq(vpc_ward_count(d), vpc_ward_count(db));
    ck_assert_int_eq(vpc_has_legacy(d), vpc_has_legacy(db));
    ck_assert_int_eq(vpc_lookup(d, HN_LAT, HN_LON, &a), VPC_OK);
    ck_assert_int_eq(vpc_lookup(db, HN_LAT, HN_LON, &b), VPC_OK);
    ck_assert_str_eq(a.code, b.code);
    memset(&addr, 0x5a, sizeof addr);
    ck_assert_int_eq(vpc_address_parse(d, "Hà Nội", 0, &addr, NULL), VPC_E_NO_LEXICON);
    ck_assert_str_eq(addr.ward.code, "");
    ck_assert_int_eq(addr.ward_span.start, -1);
    ck_assert_int_eq(addr.province_span.end, -1);
    ck_assert_uint_eq(addr.candidate_count, 0);
    vpc_close(d);
}
END_TEST

static int contains(const vpc_cell *c, double lat, double lon)
{
    return c->south <= lat && lat < c->north && c->west <= lon && lon < c->east;
}

START_TEST(test_ambiguous_copy)
{
    vpc_db *d = NULL;
    vpc_decoded out, before;
    if (!has_legacy) {
        printf("SKIP ambiguous copy: the database has no pre-2025 tables\n");
        return;
    }
    ck_assert_msg(amb_error == NULL, "no ambiguous database: %s", amb_error);
    ck_assert_int_eq(vpc_open(amb_path, &d), VPC_OK);

    ck_assert_int_eq(vpc_decode_ex(d, amb_text, VPC_FLAG_SCHEME_CURRENT, &out), VPC_OK);
    ck_assert_int_eq(out.scheme, VPC_SCHEME_CURRENT);
    ck_assert_str_eq(out.ward.code, amb_ward);
    ck_assert(contains(&out.cell, HN_LAT, HN_LON));

    ck_assert_int_eq(vpc_decode_ex(d, amb_text, VPC_FLAG_SCHEME_LEGACY, &out), VPC_OK);
    ck_assert_int_eq(out.scheme, VPC_SCHEME_LEGACY);
    ck_assert_str_eq(out.legacy.commune_code, amb_commune);
    ck_assert_str_eq(out.ward.code, amb_north_ward);
    ck_assert(contains(&out.cell, NORTH_LAT, HN_LON));

    memset(&out, 0x5a, sizeof out);
    memcpy(&before, &out, sizeof out);
    ck_assert_int_eq(vpc_decode_ex(d, amb_text, 0, &out), VPC_E_AMBIGUOUS_SCHEME);
    ck_assert(memcmp(&out, &before, sizeof out) == 0);
    vpc_code code;
    ck_assert_int_eq(vpc_convert(d, amb_text, 0, &code), VPC_E_AMBIGUOUS_SCHEME);
    /* The plain decode takes a current reading that fits as it is. */
    vpc_cell cell;
    ck_assert_int_eq(vpc_decode(d, amb_text, &cell, NULL), VPC_OK);
    ck_assert(contains(&cell, HN_LAT, HN_LON));
    vpc_close(d);

    /* The real database reads the same code as current, unasked. */
    ck_assert_int_eq(vpc_decode_ex(db, amb_text, 0, &out), VPC_OK);
    ck_assert_int_eq(out.scheme, VPC_SCHEME_CURRENT);
}
END_TEST

int main(void)
{
    sqlite_path = getenv("VPOSTCODE_SQLITE");
    db_path = getenv("VPOSTCODE_DB");
    if (sqlite_path == NULL || getenv("VPC_PACK") == NULL) {
        fprintf(stderr, "VPOSTCODE_SQLITE and VPC_PACK must be set (make check sets them)\n");
        return 1;
    }
    if (db_path == NULL || *db_path == '\0') {
        fprintf(stderr, "VPOSTCODE_DB is not set\n");
        return 1;
    }
    vpc_status st = vpc_open(NULL, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: %s\n", db_path, vpc_strerror(st));
        return 1;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_errors.XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return 1;
    has_legacy = vpc_has_legacy(db);
    if (has_legacy) {
        nolegacy_error = make_nolegacy();
        amb_error = make_ambiguous();
    } else {
        snprintf(nolegacy_path, sizeof nolegacy_path, "%s", db_path);
        amb_error = "the database has no pre-2025 tables";
    }
    has_lexicon = vpc_has_lexicon(db);
    if (has_lexicon)
        nolexicon_error = make_nolexicon();
    else
        snprintf(nolexicon_path, sizeof nolexicon_path, "%s", db_path);

    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("errors");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_case, 0, NCASES);
    tcase_add_test(tc, test_every_status_covered);
    tcase_add_test(tc, test_nolegacy_copy);
    tcase_add_test(tc, test_nolexicon_copy);
    tcase_add_test(tc, test_ambiguous_copy);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        rc = EXIT_FAILURE;
    vpc_close(db);
    return rc;
}
