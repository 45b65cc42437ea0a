/*
 * bench_open.c - what opening the database costs: the files' sizes, the
 * command-line tool's wall time and peak memory for one encode against its
 * --version, vpc_open and vpc_close with the file in the page cache and
 * after evicting it, and the memory of 8 processes (and of 8 processes each
 * with an SQLite connection that loaded the extension) using the same file.
 *
 *   bench_open DATABASE.vpc TOOL [EXTENSION]
 *
 * TOOL is the tool as built: when it is a libtool wrapper script, the
 * executable libtool made next to it (.libs/NAME, else .libs/lt-NAME) is
 * run instead, with the environment as given (LD_LIBRARY_PATH). EXTENSION
 * is the SQLite extension's shared object. The processes measured for
 * their memory are this program again (bench_open --worker ...), started
 * afresh so that they share no pages with it. Prints figures, targets and
 * ratios; it passes or fails nothing.
 */
#define _DEFAULT_SOURCE /* wait4, posix_fadvise, mincore */
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define PROCESSES 8
#define POINTS 100000

/* ---- the file in the page cache -------------------------------------------- */

/* The share of the file's pages in the page cache (mincore); -1 if unknown. */
static double resident(const char *path)
{
    int fd = open(path, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || sb.st_size == 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return -1;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = ((size_t)sb.st_size + page - 1) / page;
    unsigned char *v = malloc(pages);
    double share = -1;
    if (v != NULL && mincore(p, (size_t)sb.st_size, v) == 0) {
        size_t in = 0;
        for (size_t i = 0; i < pages; i++)
            in += v[i] & 1;
        share = (double)in / (double)pages;
    }
    free(v);
    munmap(p, (size_t)sb.st_size);
    return share;
}

/* Read the file through once, so that its pages are in the page cache. */
static void warm(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    enum { CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    while (buf != NULL && read(fd, buf, CHUNK) > 0)
        ;
    free(buf);
    close(fd);
}

/* Evict the file's pages from the page cache (clean pages, no root
 * needed); 1 if the kernel took the advice. */
static int evict(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    int ok = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
    close(fd);
    return ok;
}

/* Drop the clean pages of the whole page cache, when this process may;
 * 1 if it did. */
static int drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0)
        return 0;
    int ok = write(fd, "1\n", 2) == 2;
    close(fd);
    return ok;
}

static void percent(char *buf, size_t size, double share)
{
    if (share < 0)
        snprintf(buf, size, "?");
    else
        snprintf(buf, size, "%.0f%%", share * 100);
}

/* ---- vpc_open and vpc_close --------------------------------------------- */

static void bench_open_close(const char *path)
{
    enum { N = 50, N_COPY = 5 };
    double open_s[N], close_s[N];
    char res[16];
    warm(path);
    percent(res, sizeof res, resident(path));
    for (int i = 0; i < N; i++) {
        vpc_db *db;
        double t = bench_now();
        if (vpc_open(path, &db) != VPC_OK) {
            printf("open       vpc_open failed\n");
            return;
        }
        open_s[i] = bench_now() - t;
        t = bench_now();
        vpc_close(db);
        close_s[i] = bench_now() - t;
    }
    double o = bench_median(open_s, N) * 1e3, c = bench_median(close_s, N) * 1e3;
    printf("open       file in the page cache (%s of its pages resident): vpc_open median of %d"
           " %.3f ms (target <= 5 ms: %s), vpc_close median of %d %.3f ms (target <= 5 ms: %s)\n",
           res, N, o, bench_verdict(o <= 5), N, c, bench_verdict(c <= 5));

    /* The alternative: the file read into memory. */
    double copy_s[N_COPY];
    for (int i = 0; i < N_COPY; i++) {
        vpc_db *db;
        double t = bench_now();
        if (vpc_open_v2(path, VPC_OPEN_NO_MMAP, &db) != VPC_OK) {
            printf("open       vpc_open_v2(VPC_OPEN_NO_MMAP) failed\n");
            return;
        }
        vpc_close(db);
        copy_s[i] = bench_now() - t;
    }
    printf("open       vpc_open_v2(VPC_OPEN_NO_MMAP), the file read into memory: open + close"
           " median of %d %.1f ms (no target)\n", N_COPY, bench_median(copy_s, N_COPY) * 1e3);

    /* Cold: the file's pages evicted, then one open and a first encode. */
    char before[16], after_advice[16], after_drop[16];
    percent(before, sizeof before, resident(path));
    int advised = evict(path);
    percent(after_advice, sizeof after_advice, resident(path));
    int dropped = drop_caches();
    percent(after_drop, sizeof after_drop, resident(path));
    char method[256];
    int len = snprintf(method, sizeof method,
                       "posix_fadvise(POSIX_FADV_DONTNEED)%s (pages resident %s -> %s)",
                       advised ? "" : " (refused)", before, after_advice);
    if (dropped)
        snprintf(method + len, sizeof method - (size_t)len,
                 ", then /proc/sys/vm/drop_caches (-> %s)", after_drop);
    else
        snprintf(method + len, sizeof method - (size_t)len,
                 " (/proc/sys/vm/drop_caches not writable, not used)");
    vpc_code code;
    vpc_db *db;
    double t = bench_now();
    vpc_status st = vpc_open(path, &db);
    double t_open = bench_now();
    if (st != VPC_OK) {
        printf("cold       vpc_open failed: %s\n", vpc_strerror(st));
        return;
    }
    st = vpc_encode(db, 21.0287, 105.8490, 0, &code, NULL);
    double t_enc = bench_now();
    vpc_close(db);
    printf("cold       file evicted with %s: vpc_open %.3f ms + first encode"
           " %.3f ms%s = %.3f ms (no target)\n", method, (t_open - t) * 1e3,
           (t_enc - t_open) * 1e3, st == VPC_OK ? "" : " (failed)", (t_enc - t) * 1e3);
}

/* ---- the tool as a process ------------------------------------------------ */

static int is_elf(const char *path)
{
    char magic[4];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    int elf = read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0;
    close(fd);
    return elf && access(path, X_OK) == 0;
}

/* The executable to run for TOOL into buf, and what it is into how. */
static void real_tool(const char *tool, char *buf, size_t size, char *how, size_t howsize)
{
    if (is_elf(tool)) {
        snprintf(buf, size, "%s", tool);
        snprintf(how, howsize, "an ELF executable");
        return;
    }
    char *d = strdup(tool), *b = strdup(tool);
    const char *names[] = {"", "lt-"};
    for (int i = 0; i < 2; i++) {
        snprintf(buf, size, "%s/.libs/%s%s", dirname(d), names[i], basename(b));
        if (is_elf(buf)) {
            const char *ld = getenv("LD_LIBRARY_PATH");
            snprintf(how, howsize, "the ELF executable libtool built (%s is a wrapper script);"
                     " LD_LIBRARY_PATH=%s", tool, ld != NULL ? ld : "(unset)");
            free(d);
            free(b);
            return;
        }
    }
    free(d);
    free(b);
    snprintf(buf, size, "%s", tool);
    snprintf(how, howsize, "not an ELF executable and no .libs/ one beside it: its own start-up is"
             " counted");
}

/* Run argv; its wall time (s) and peak RSS (KiB). */
static int run(char *const argv[], double *wall, long *rss)
{
    double t = bench_now();
    pid_t pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return 0;
    *wall = bench_now() - t;
    *rss = ru.ru_maxrss;
    return 1;
}

/* A field of /proc/self/status in KiB; -1 if unknown. */
static long self_status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            v = atol(line + n + 1);
            break;
        }
    fclose(f);
    return v;
}

static void bench_tool(const char *tool, const char *path)
{
    enum { N = 10 };
    char exe[4096], how[4096 + 256];
    real_tool(tool, exe, sizeof exe, how, sizeof how);
    printf("tool       %s: %s\n", exe, how);
    static char a_encode[] = "encode", a_lat[] = "21.0287", a_lon[] = "105.8490",
                a_db[] = "--db", a_version[] = "--version";
    char *p = strdup(path);
    char *enc[] = {exe, a_encode, a_lat, a_lon, a_db, p, NULL};
    char *ver[] = {exe, a_version, NULL};
    double we[N], wv[N], re[N], rv[N];
    long anon = self_status_kib("RssAnon");
    for (int i = 0; i < N; i++) {
        long r;
        if (!run(enc, &we[i], &r) || (re[i] = (double)r, !run(ver, &wv[i], &r))) {
            printf("tool       %s encode or --version failed\n", exe);
            free(p);
            return;
        }
        rv[i] = (double)r;
    }
    free(p);
    double e = bench_median(we, N) * 1e3, v = bench_median(wv, N) * 1e3;
    double rss = bench_median(re, N) * 1024 / 1e6, rssv = bench_median(rv, N) * 1024 / 1e6;
    printf("tool       vpostcode encode 21.0287 105.8490 --db %s: median of %d %.1f ms wall"
           " (target <= 50 ms: %s); vpostcode --version %.1f ms, encode %.2fx that (target <= 3x:"
           " %s)\n", path, N, e, bench_verdict(e <= 50), v, e / v, bench_verdict(e <= 3 * v));
    printf("tool       peak RSS (wait4 ru_maxrss) of encode median %.1f MB (target <= 30 MB: %s);"
           " --version %.1f MB", rss, bench_verdict(rss <= 30), rssv);
    if (anon >= 0)
        printf(" (both include up to %.1f MB of this process's own pages, which the child has"
               " from fork until exec)", anon * 1024 / 1e6);
    printf("\n");
}

/* ---- shared pages -------------------------------------------------------------- */

typedef struct pss {
    long pss, anon, file; /* KiB */
} pss;

/* The Pss of a process from /proc/PID/smaps_rollup; 0 if unknown. */
static int read_pss(pid_t pid, pss *out)
{
    char name[64], line[256];
    snprintf(name, sizeof name, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(name, "r");
    if (f == NULL)
        return 0;
    *out = (pss){-1, 0, 0};
    while (fgets(line, sizeof line, f) != NULL) {
        long v;
        if (sscanf(line, "Pss: %ld kB", &v) == 1)
            out->pss = v;
        else if (sscanf(line, "Pss_Anon: %ld kB", &v) == 1)
            out->anon = v;
        else if (sscanf(line, "Pss_File: %ld kB", &v) == 1)
            out->file = v;
    }
    fclose(f);
    return out->pss >= 0;
}

/* Points in wards for the workers: a file of POINTS latitudes then POINTS
 * longitudes. 1 if written. */
static int write_points(const char *path, const char *file)
{
    vpc_db *db;
    if (vpc_open(path, &db) != VPC_OK)
        return 0;
    double *ll = malloc(2 * POINTS * sizeof *ll);
    uint64_t rng = 20250702;
    int ok = 0;
    if (ll != NULL) {
        bench_points_spread(db, &rng, POINTS, ll, ll + POINTS);
        FILE *f = fopen(file, "wb");
        ok = f != NULL && fwrite(ll, sizeof *ll, 2 * POINTS, f) == 2 * POINTS;
        if (f != NULL && fclose(f) != 0)
            ok = 0;
    }
    free(ll);
    vpc_close(db);
    return ok;
}

static double *read_points(const char *file)
{
    double *ll = malloc(2 * POINTS * sizeof *ll);
    FILE *f = fopen(file, "rb");
    if (ll == NULL || f == NULL || fread(ll, sizeof *ll, 2 * POINTS, f) != 2 * POINTS) {
        free(ll);
        ll = NULL;
    }
    if (f != NULL)
        fclose(f);
    return ll;
}

/* A worker tells the parent how many points it encoded (-1: it failed),
 * then waits to be killed (its memory is measured meanwhile). */
static int report_and_wait(int ready, int encoded)
{
    if (write(ready, &encoded, sizeof encoded) != sizeof encoded)
        return 1;
    if (encoded < 0)
        return 1;
    pause();
    return 0;
}

/* A process holding an open handle, having encoded the points (their array
 * freed again, so that what stays is the library's). */
static int library_worker(const char *path, const char *points, int ready)
{
    vpc_db *db;
    double *ll = read_points(points);
    if (ll == NULL || vpc_open(path, &db) != VPC_OK)
        return report_and_wait(ready, -1);
    int n = 0;
    vpc_code code;
    for (int i = 0; i < POINTS; i++)
        n += vpc_encode(db, ll[i], ll[POINTS + i], 0, &code, NULL) == VPC_OK;
    free(ll);
    return report_and_wait(ready, n);
}

/* A process with an SQLite connection that loaded the extension (which
 * opens $VPOSTCODE_DB) and ran SELECT vpc_encode(?1, ?2) over the points. */
static int sqlite_worker(const char *extension, const char *points, int ready)
{
    sqlite3 *sql;
    sqlite3_stmt *st;
    double *ll = read_points(points);
    if (ll == NULL || sqlite3_open(":memory:", &sql) != SQLITE_OK ||
        sqlite3_enable_load_extension(sql, 1) != SQLITE_OK ||
        sqlite3_load_extension(sql, extension, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sql, "SELECT vpc_encode(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        return report_and_wait(ready, -1);
    int n = 0;
    for (int i = 0; i < POINTS; i++) {
        sqlite3_bind_double(st, 1, ll[i]);
        sqlite3_bind_double(st, 2, ll[POINTS + i]);
        n += sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT;
        sqlite3_reset(st);
    }
    free(ll);
    return report_and_wait(ready, n);
}

/* Start n workers of a kind (this program again, run as a worker); when
 * all have done their work, the sum of their Pss, and how many points each
 * encoded at least. 0 on failure. */
static int workers_pss(int n, const char *kind, const char *arg, const char *points, pss *total,
                       int *least)
{
    pid_t pids[PROCESSES];
    int ready[2];
    if (pipe(ready) != 0)
        return 0;
    char fd[16];
    snprintf(fd, sizeof fd, "%d", ready[1]);
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            close(ready[0]);
            execl("/proc/self/exe", "bench_open", "--worker", kind, arg, points, fd, (char *)NULL);
            _exit(report_and_wait(ready[1], -1));
        }
    }
    close(ready[1]);
    int got = 0;
    *least = POINTS;
    while (got < n) {
        int count;
        struct pollfd pfd = {ready[0], POLLIN, 0};
        if (poll(&pfd, 1, 120 * 1000) != 1 ||
            read(ready[0], &count, sizeof count) != sizeof count || count < 0)
            break;
        if (count < *least)
            *least = count;
        got++;
    }
    close(ready[0]);
    int ok = got == n;
    *total = (pss){0, 0, 0};
    for (int i = 0; i < n && ok; i++) {
        pss p = {0, 0, 0};
        ok = read_pss(pids[i], &p);
        total->pss += p.pss;
        total->anon += p.anon;
        total->file += p.file;
    }
    for (int i = 0; i < n; i++) {
        kill(pids[i], SIGTERM);
        waitpid(pids[i], NULL, 0);
    }
    return ok;
}

static void bench_sharing(const char *label, const char *kind, const char *arg,
                          const char *points)
{
    pss one, all;
    int least_one, least_all;
    if (!workers_pss(1, kind, arg, points, &one, &least_one) ||
        !workers_pss(PROCESSES, kind, arg, points, &all, &least_all)) {
        printf("sharing    %s: cannot measure (no /proc/PID/smaps_rollup, or a worker failed)\n",
               label);
        return;
    }
    double ratio = (double)all.pss / (double)one.pss;
    int least = least_one < least_all ? least_one : least_all;
    printf("sharing    %s: PSS of one alone %.1f MiB (file %.1f, anon %.1f), of %d together"
           " %.1f MiB (file %.1f, anon %.1f): %.2fx (target <= 1.3x: %s)", label, one.pss / 1024.0,
           one.file / 1024.0, one.anon / 1024.0, PROCESSES, all.pss / 1024.0, all.file / 1024.0,
           all.anon / 1024.0, ratio, bench_verdict(ratio <= 1.3));
    if (least < POINTS)
        printf(" -- but a process encoded only %d of the %d points", least, POINTS);
    printf("\n");
}

static int worker(char **argv)
{
    const char *kind = argv[2], *arg = argv[3], *points = argv[4];
    int ready = atoi(argv[5]);
    if (strcmp(kind, "library") == 0)
        return library_worker(arg, points, ready);
    return sqlite_worker(arg, points, ready);
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--worker") == 0)
        return worker(argv);
    if (argc < 3) {
        fprintf(stderr, "usage: bench_open DATABASE.vpc TOOL [EXTENSION]\n");
        return 2;
    }
    const char *path = argv[1], *tool = argv[2], *extension = argc > 3 ? argv[3] : NULL;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        fprintf(stderr, "bench_open: %s: no such file\n", path);
        return 1;
    }
    printf("size       runtime file %s: %.1f MB (target <= 100 MB: %s)\n", path, sb.st_size / 1e6,
           bench_verdict(sb.st_size <= 100000000));
    char sqlite_path[4096];
    size_t n = strlen(path);
    if (n > 4 && n < sizeof sqlite_path - 8 && strcmp(path + n - 4, ".vpc") == 0) {
        snprintf(sqlite_path, sizeof sqlite_path, "%.*s.sqlite", (int)(n - 4), path);
        if (stat(sqlite_path, &sb) == 0)
            printf("size       SQLite database %s: %.1f MB (no target)\n", sqlite_path,
                   sb.st_size / 1e6);
    }
    fflush(stdout);

    /* The tool first, while this process is small (see bench_tool). */
    warm(path);
    bench_tool(tool, path);
    fflush(stdout);
    bench_open_close(path);
    fflush(stdout);

    char points[] = "/tmp/bench_open.XXXXXX";
    int fd = mkstemp(points);
    if (fd < 0 || close(fd) != 0 || !write_points(path, points)) {
        printf("sharing    cannot write the points to %s\n", points);
        return 1;
    }
    setenv("VPOSTCODE_DB", path, 1);
    bench_sharing("8 processes (fork + exec), each with a handle of vpc_open and 100,000 points"
                  " in wards encoded", "library", path, points);
    fflush(stdout);
    if (extension != NULL)
        bench_sharing("8 processes (fork + exec), each with one SQLite connection that loaded the"
                      " extension with sqlite3_load_extension and ran SELECT vpc_encode(?1, ?2)"
                      " over the same points", "sqlite", extension, points);
    unlink(points);
    return 0;
}
