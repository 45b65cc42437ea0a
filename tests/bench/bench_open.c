/*
 * bench_open.c - what opening the database costs: vpc_open and vpc_close
 * with the file in the page cache and after evicting it, the command-line
 * tool's wall time and peak memory for one encode against its --version,
 * the memory of 8 processes (and 8 SQLite connections with the extension)
 * that have the same file open, and the files' sizes.
 *
 *   bench_open DATABASE.vpc TOOL [EXTENSION]
 *
 * TOOL is the tool's executable (not a libtool wrapper script; LD_LIBRARY_PATH
 * is passed on to it), EXTENSION the SQLite extension's shared object.
 * Prints figures, targets and ratios; it passes or fails nothing.
 */
#define _DEFAULT_SOURCE /* wait4, posix_fadvise */
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../testrand.h"
#include "vpostcode.h"

#define PROCESSES 8
#define POINTS 100000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const char *verdict(int met)
{
    return met ? "met" : "NOT met";
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

/* ---- vpc_open and vpc_close --------------------------------------------- */

static void bench_open_close(const char *path)
{
    enum { N = 50 };
    double open_ms[N], close_ms[N];
    for (int i = 0; i < N; i++) {
        vpc_db *db;
        double t = now();
        if (vpc_open(path, &db) != VPC_OK) {
            printf("vpc_open failed\n");
            return;
        }
        open_ms[i] = (now() - t) * 1e3;
        t = now();
        vpc_close(db);
        close_ms[i] = (now() - t) * 1e3;
    }
    double o = median(open_ms, N), c = median(close_ms, N);
    printf("vpc_open, file in the page cache: median of %d %.3f ms (target <= 5 ms: %s)\n", N, o,
           verdict(o <= 5));
    printf("vpc_close: median of %d %.3f ms (target <= 5 ms: %s)\n", N, c, verdict(c <= 5));

    /* Cold: the file's pages evicted, then open and a first encode. */
    vpc_code code;
    vpc_db *db;
    int evicted = evict(path);
    double t = now();
    vpc_status st = vpc_open(path, &db);
    double t_open = now();
    if (st == VPC_OK) {
        vpc_encode(db, 21.0287, 105.8490, 0, &code, NULL);
        double t_enc = now();
        vpc_close(db);
        printf("cold (pages evicted with posix_fadvise(DONTNEED)%s): vpc_open %.3f ms, first "
               "encode %.3f ms\n", evicted ? "" : ", refused", (t_open - t) * 1e3,
               (t_enc - t_open) * 1e3);
    }
}

/* ---- the tool as a process ------------------------------------------------ */

/* Run argv; its wall time (s) and peak RSS (KiB). */
static int run(char *const argv[], double *wall, long *rss)
{
    double t = now();
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
    *wall = now() - t;
    *rss = ru.ru_maxrss;
    return 1;
}

static void bench_tool(const char *tool, const char *path)
{
    enum { N = 10 };
    static char a_encode[] = "encode", a_lat[] = "21.0287", a_lon[] = "105.8490",
                a_db[] = "--db", a_version[] = "--version";
    char *t = strdup(tool), *p = strdup(path);
    char *enc[] = {t, a_encode, a_lat, a_lon, a_db, p, NULL};
    char *ver[] = {t, a_version, NULL};
    double we[N], wv[N], re[N], rv[N];
    for (int i = 0; i < N; i++) {
        long r;
        if (!run(enc, &we[i], &r) || (re[i] = (double)r, !run(ver, &wv[i], &r))) {
            printf("%s encode or --version failed\n", tool);
            free(t);
            free(p);
            return;
        }
        rv[i] = (double)r;
    }
    free(t);
    free(p);
    double e = median(we, N) * 1e3, v = median(wv, N) * 1e3;
    double rss = median(re, N) / 1024, rssv = median(rv, N) / 1024;
    printf("vpostcode encode 21.0287 105.8490: median of %d %.1f ms wall (target <= 50 ms: %s), "
           "%.2fx vpostcode --version %.1f ms (target <= 3x: %s)\n", N, e, verdict(e <= 50), e / v,
           v, verdict(e <= 3 * v));
    printf("  peak RSS %.1f MiB (target <= 30 MB: %s); --version %.1f MiB\n", rss,
           verdict(rss * 1.048576 <= 30), rssv);
}

/* ---- shared pages -------------------------------------------------------------- */

/* Pss of a process in KiB, from /proc/PID/smaps_rollup; -1 if unknown. */
static long pss_kib(pid_t pid)
{
    char name[64], line[256];
    snprintf(name, sizeof name, "/proc/%d/smaps_rollup", (int)pid);
    FILE *f = fopen(name, "r");
    long v = -1;
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "Pss: %ld kB", &v) == 1)
            break;
    fclose(f);
    return v;
}

/* A worker does its work, writes one byte to fd `ready`, and waits to be
 * killed (its memory is measured meanwhile). */
typedef int (*worker_fn)(const char *path, const char *extension, int ready);

static void say_ready(int ready)
{
    char c = 1;
    if (write(ready, &c, 1) != 1)
        _exit(1);
}

/* A process holding an open handle, having encoded POINTS points. */
static int library_worker(const char *path, const char *extension, int ready)
{
    (void)extension;
    vpc_db *db;
    if (vpc_open(path, &db) != VPC_OK)
        return 1;
    uint64_t rng = 42;
    vpc_code code;
    for (int i = 0; i < POINTS; i++)
        vpc_encode(db, test_rand_uniform(&rng, 8.5, 23.4), test_rand_uniform(&rng, 102.1, 109.5),
                   0, &code, NULL);
    say_ready(ready);
    pause(); /* until the parent has measured and kills it */
    vpc_close(db);
    return 0;
}

/* A process with an SQLite connection that loaded the extension and ran
 * vpc_encode over POINTS points. */
static int sqlite_worker(const char *path, const char *extension, int ready)
{
    (void)path;
    sqlite3 *sql;
    sqlite3_stmt *st;
    if (sqlite3_open(":memory:", &sql) != SQLITE_OK ||
        sqlite3_enable_load_extension(sql, 1) != SQLITE_OK ||
        sqlite3_load_extension(sql, extension, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(sql, "SELECT vpc_encode(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
        return 1;
    uint64_t rng = 42;
    for (int i = 0; i < POINTS; i++) {
        sqlite3_bind_double(st, 1, test_rand_uniform(&rng, 8.5, 23.4));
        sqlite3_bind_double(st, 2, test_rand_uniform(&rng, 102.1, 109.5));
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    say_ready(ready);
    pause();
    sqlite3_finalize(st);
    sqlite3_close(sql);
    return 0;
}

/* Start n workers; when each is ready (its work done), the sum of their
 * Pss in KiB; -1 on failure. */
static long workers_pss(int n, worker_fn fn, const char *path, const char *extension)
{
    pid_t pids[PROCESSES];
    int ready[2];
    if (pipe(ready) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        pids[i] = fork();
        if (pids[i] == 0) {
            close(ready[0]);
            _exit(fn(path, extension, ready[1]));
        }
    }
    close(ready[1]);
    /* Every worker writes one byte when ready. */
    char buf[PROCESSES];
    size_t got = 0;
    while (got < (size_t)n) {
        ssize_t r = read(ready[0], buf, (size_t)n - got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(ready[0]);
    long total = got == (size_t)n ? 0 : -1;
    for (int i = 0; i < n && total >= 0; i++) {
        long p = pss_kib(pids[i]);
        total = p < 0 ? -1 : total + p;
    }
    for (int i = 0; i < n; i++) {
        kill(pids[i], SIGTERM);
        waitpid(pids[i], NULL, 0);
    }
    return total;
}

static void bench_sharing(const char *label, worker_fn fn, const char *path,
                          const char *extension)
{
    long one = workers_pss(1, fn, path, extension);
    long all = workers_pss(PROCESSES, fn, path, extension);
    if (one <= 0 || all <= 0) {
        printf("%s: cannot measure (no /proc/PID/smaps_rollup, or a worker failed)\n", label);
        return;
    }
    double ratio = (double)all / (double)one;
    printf("%s: PSS of one %.1f MiB, of %d together %.1f MiB: %.2fx (target <= 1.3x: %s)\n",
           label, one / 1024.0, PROCESSES, all / 1024.0, ratio, verdict(ratio <= 1.3));
}

int main(int argc, char **argv)
{
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
    printf("runtime file %s: %.1f MB (target <= 100 MB: %s)\n", path, sb.st_size / 1e6,
           verdict(sb.st_size <= 100000000));
    char sqlite_path[4096];
    size_t n = strlen(path);
    if (n > 4 && n < sizeof sqlite_path - 8 && strcmp(path + n - 4, ".vpc") == 0) {
        snprintf(sqlite_path, sizeof sqlite_path, "%.*s.sqlite", (int)(n - 4), path);
        if (stat(sqlite_path, &sb) == 0)
            printf("SQLite database %s: %.1f MB\n", sqlite_path, sb.st_size / 1e6);
    }
    bench_open_close(path);
    bench_tool(tool, path);
    setenv("VPOSTCODE_DB", path, 1);
    bench_sharing("8 processes, each with the database open and 100,000 points encoded",
                  library_worker, path, NULL);
    if (extension != NULL)
        bench_sharing("8 processes, each an SQLite connection with the extension loaded and "
                      "vpc_encode run over 100,000 points", sqlite_worker, path, extension);
    return 0;
}
