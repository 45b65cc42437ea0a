/*
 * bench_address.c - how well and how fast vpc_address_parse reads
 * addresses: accuracy over the evaluation sets of tests/address (by set and
 * by slice label), then speed.
 *
 *   bench_address [--db PATH] [--failures N] [--no-speed]
 *                 [--floor [SET:]LABEL[+LABEL...]=PERCENT]... [--max-silent-splits N]
 *                 SET.tsv...
 *
 * A set's rows: id, labels (comma list), text (\n, \t, \\ escaped),
 * expected ward codes (|-joined), class (ok, split or ambiguous); further
 * columns are ignored. A row is right when
 *   class ok:               the status is VPC_OK and the ward is the expected one;
 *   class split, ambiguous: the status is VPC_E_ADDRESS_SPLIT or
 *                           VPC_E_ADDRESS_AMBIGUOUS and the candidates are
 *                           exactly the expected wards.
 * A split row answered VPC_OK, without the split flag, with one of the
 * commune's wards is a silent split single, counted apart (the target is
 * none).
 *
 * Without --floor it passes or fails nothing. Each --floor names a slice
 * (SET is a file's name without .tsv, "all" or absent for every set;
 * LABEL "all" for every row) and the least share of right rows; the exit
 * status is 1 when a floor or --max-silent-splits is not met, 2 on a usage
 * or input error.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#define MAX_LABELS 64
#define MAX_SETS 8
#define MAX_EXPECTED VPC_ADDRESS_MAX_CANDIDATES

typedef struct row {
    char *id, *text, *expected_text;
    int set;
    uint64_t labels;
    int klass; /* 0 ok, 1 split, 2 ambiguous */
    int nexp;
    char expected[MAX_EXPECTED][6];
    /* the answer */
    vpc_status st;
    int right, silent;
    char got[160];
} row;

static char *labels[MAX_LABELS];
static int nlabels;
static char *sets[MAX_SETS];
static int nsets;

static int label_index(const char *name, int add)
{
    for (int i = 0; i < nlabels; i++)
        if (strcmp(labels[i], name) == 0)
            return i;
    if (!add)
        return -1;
    if (nlabels == MAX_LABELS) {
        fprintf(stderr, "bench_address: more than %d labels\n", MAX_LABELS);
        exit(2);
    }
    labels[nlabels] = strdup(name);
    return nlabels++;
}

static const char *status_name(vpc_status st)
{
    switch ((int)st) {
    case VPC_OK: return "OK";
    case VPC_E_ADDRESS_EMPTY: return "EMPTY";
    case VPC_E_ADDRESS_TOO_LONG: return "TOO_LONG";
    case VPC_E_ADDRESS_ENCODING: return "ENCODING";
    case VPC_E_ADDRESS_NOT_FOUND: return "NOT_FOUND";
    case VPC_E_ADDRESS_INCOMPLETE: return "INCOMPLETE";
    case VPC_E_ADDRESS_AMBIGUOUS: return "AMBIGUOUS";
    case VPC_E_ADDRESS_SPLIT: return "SPLIT";
    case VPC_E_NO_LEXICON: return "NO_LEXICON";
    case VPC_W_ADDRESS_DEFAULT: return "W_DEFAULT";
    default: return vpc_strerror(st);
    }
}

/* Undo the set's escapes in place. */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

/* The next sep-separated token of *p (NULL at the end); *p moves past it. */
static char *token(char **p, char sep)
{
    char *s = *p, *end;
    if (s == NULL)
        return NULL;
    end = strchr(s, sep);
    if (end != NULL) {
        *end = '\0';
        *p = end + 1;
    } else {
        *p = NULL;
    }
    return s;
}

static char *field(char **p)
{
    char *s = *p, *tab;
    if (s == NULL)
        return NULL;
    tab = strchr(s, '\t');
    if (tab != NULL) {
        *tab = '\0';
        *p = tab + 1;
    } else {
        *p = NULL;
    }
    return s;
}

static int read_set(const char *path, row **rows, size_t *n, size_t *cap)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t linecap = 0;
    ssize_t len;
    long lineno = 0;
    if (f == NULL) {
        perror(path);
        return -1;
    }
    if (nsets == MAX_SETS) {
        fprintf(stderr, "bench_address: more than %d sets\n", MAX_SETS);
        exit(2);
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *name = strdup(base);
    char *dot = strstr(name, ".tsv");
    if (dot)
        *dot = '\0';
    int set = nsets;
    sets[nsets++] = name;
    while ((len = getline(&line, &linecap, f)) > 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#' || strncmp(line, "id\t", 3) == 0)
            continue;
        char *copy = strdup(line), *p = copy;
        char *id = field(&p), *lab = field(&p), *text = field(&p), *exp = field(&p),
             *klass = field(&p);
        if (klass == NULL) {
            fprintf(stderr, "%s:%ld: fewer than 5 columns\n", path, lineno);
            free(copy);
            fclose(f);
            free(line);
            return -1;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 1024;
            *rows = realloc(*rows, *cap * sizeof **rows);
            if (*rows == NULL) {
                perror("bench_address");
                exit(2);
            }
        }
        row *r = &(*rows)[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = id;
        r->set = set;
        unescape(text);
        r->text = text;
        r->expected_text = exp;
        r->klass = strcmp(klass, "split") == 0 ? 1 : strcmp(klass, "ambiguous") == 0 ? 2 : 0;
        char *lp = lab, *tok;
        while ((tok = token(&lp, ',')) != NULL)
            if (*tok)
                r->labels |= UINT64_C(1) << label_index(tok, 1);
        char expbuf[1024];
        snprintf(expbuf, sizeof expbuf, "%s", exp);
        char *ep = expbuf;
        while ((tok = token(&ep, '|')) != NULL && r->nexp < MAX_EXPECTED)
            if (strlen(tok) == 5)
                memcpy(r->expected[r->nexp++], tok, 6);
        if (r->nexp == 0) {
            fprintf(stderr, "%s:%ld: no expected ward code\n", path, lineno);
            fclose(f);
            free(line);
            return -1;
        }
    }
    free(line);
    fclose(f);
    return 0;
}

static int has_code(const row *r, const char *code)
{
    for (int i = 0; i < r->nexp; i++)
        if (strcmp(r->expected[i], code) == 0)
            return 1;
    return 0;
}

static void score(row *r, vpc_status st, const vpc_address *a)
{
    r->st = st;
    r->right = r->silent = 0;
    if (r->klass == 0) {
        r->right = st == VPC_OK && has_code(r, a->ward.code);
    } else if (st == VPC_E_ADDRESS_SPLIT || st == VPC_E_ADDRESS_AMBIGUOUS) {
        size_t n = a->candidate_count < VPC_ADDRESS_MAX_CANDIDATES ? a->candidate_count
                                                                   : VPC_ADDRESS_MAX_CANDIDATES;
        int all = (size_t)r->nexp == a->candidate_count;
        for (size_t i = 0; all && i < n; i++)
            all = has_code(r, a->candidates[i]);
        r->right = all;
    } else if (r->klass == 1 && st == VPC_OK && !a->split && has_code(r, a->ward.code)) {
        r->silent = 1;
    }
    /* What was answered, for the failure lists. */
    int len = snprintf(r->got, sizeof r->got, "%s", status_name(st));
    if (st == VPC_OK || st == VPC_W_ADDRESS_DEFAULT)
        len += snprintf(r->got + len, sizeof r->got - (size_t)len, " %s %s", a->ward.code,
                        a->ward.name);
    else if (a->candidate_count > 0)
        for (size_t i = 0; i < a->candidate_count && i < VPC_ADDRESS_MAX_CANDIDATES &&
                           (size_t)len < sizeof r->got - 8; i++)
            len += snprintf(r->got + len, sizeof r->got - (size_t)len, "%s%s", i ? "|" : " ",
                            a->candidates[i]);
    else if (a->province.code[0])
        snprintf(r->got + len, sizeof r->got - (size_t)len, " (province %s)", a->province.code);
}

typedef struct tally {
    size_t n, right, silent;
} tally;

static double pct(tally t)
{
    return t.n ? 100.0 * (double)t.right / (double)t.n : 0;
}

/* The rows of a slice: set (-1 any) and every label of mask. */
static tally count(const row *rows, size_t n, int set, uint64_t mask)
{
    tally t = {0, 0, 0};
    for (size_t i = 0; i < n; i++)
        if ((set < 0 || rows[i].set == set) && (rows[i].labels & mask) == mask) {
            t.n++;
            t.right += (size_t)rows[i].right;
            t.silent += (size_t)rows[i].silent;
        }
    return t;
}

static void print_failures(const row *rows, size_t n, int set, uint64_t mask, int max)
{
    int shown = 0;
    for (size_t i = 0; i < n && shown < max; i++) {
        const row *r = &rows[i];
        if (r->right || (set >= 0 && r->set != set) || (r->labels & mask) != mask)
            continue;
        char text[512];
        size_t k = 0;
        for (const char *s = r->text; *s && k < sizeof text - 3; s++) {
            if (*s == '\n') {
                text[k++] = '\\';
                text[k++] = 'n';
            } else {
                text[k++] = *s;
            }
        }
        text[k] = '\0';
        printf("      %s  %s\n        expected %s%s, got %s\n", r->id, text, r->expected_text,
               r->klass == 1 ? " (split)" : r->klass == 2 ? " (ambiguous)" : "", r->got);
        shown++;
    }
}

/* A slice named [SET:]LABEL[+LABEL...]: -1 when a name is unknown. */
static int parse_slice(const char *spec, int *set, uint64_t *mask)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *p = buf, *colon = strchr(buf, ':');
    *set = -1;
    *mask = 0;
    if (colon != NULL) {
        *colon = '\0';
        if (strcmp(buf, "all") != 0) {
            int found = -1;
            for (int i = 0; i < nsets; i++)
                if (strcmp(sets[i], buf) == 0)
                    found = i;
            if (found < 0)
                return -1;
            *set = found;
        }
        p = colon + 1;
    }
    char *tok;
    while ((tok = token(&p, '+')) != NULL) {
        if (strcmp(tok, "all") == 0 || *tok == '\0')
            continue;
        int li = label_index(tok, 0);
        if (li < 0)
            return -1;
        *mask |= UINT64_C(1) << li;
    }
    return 0;
}

static void print_slices(const row *rows, size_t n, int set, int failures)
{
    tally all = count(rows, n, set, 0);
    printf("  %-22s %7zu %7zu %7.2f%%\n", "all", all.n, all.right, pct(all));
    for (int l = 0; l < nlabels; l++) {
        tally t = count(rows, n, set, UINT64_C(1) << l);
        if (t.n == 0)
            continue;
        printf("  %-22s %7zu %7zu %7.2f%%\n", labels[l], t.n, t.right, pct(t));
        if (failures > 0 && t.right < t.n)
            print_failures(rows, n, set, UINT64_C(1) << l, failures);
    }
}

static double parse_pass(const vpc_db *db, row *rows, size_t n, vpc_address *a)
{
    double t = bench_now();
    for (size_t i = 0; i < n; i++)
        (void)vpc_address_parse(db, rows[i].text, 0, a, NULL);
    return bench_now() - t;
}

/* Addresses per second over the whole set, passes repeated to at least a
 * second; the median of 3 such runs. */
static double speed_single(const vpc_db *db, row *rows, size_t n)
{
    vpc_address a;
    double runs[3];
    for (int k = 0; k < 3; k++) {
        size_t done = 0;
        double spent = 0;
        while (spent < 1.0) {
            spent += parse_pass(db, rows, n, &a);
            done += n;
        }
        runs[k] = (double)done / spent;
    }
    return bench_median(runs, 3);
}

static double speed_batch(const vpc_db *db, row *rows, size_t n)
{
    const char **texts = malloc(n * sizeof *texts);
    vpc_address *out = malloc(n * sizeof *out);
    int *status = malloc(n * sizeof *status);
    double runs[3] = {0, 0, 0};
    if (texts == NULL || out == NULL || status == NULL) {
        free(texts);
        free(out);
        free(status);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        texts[i] = rows[i].text;
    for (int k = 0; k < 3; k++) {
        size_t done = 0;
        double spent = 0;
        while (spent < 1.0) {
            double t = bench_now();
            (void)vpc_address_batch(db, n, texts, NULL, NULL, 0, out, status);
            spent += bench_now() - t;
            done += n;
        }
        runs[k] = (double)done / spent;
    }
    free(texts);
    free(out);
    free(status);
    return bench_median(runs, 3);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_address [--db PATH] [--failures N] [--no-speed] "
                    "[--floor [SET:]LABEL[+LABEL...]=PERCENT]... [--max-silent-splits N] "
                    "SET.tsv...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    int failures = 0, speed = 1;
    long max_silent = -1;
    const char *floors[32];
    int nfloors = 0;
    row *rows = NULL;
    size_t n = 0, cap = 0;
    int i;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            path = argv[++i];
        else if (strcmp(argv[i], "--failures") == 0 && i + 1 < argc)
            failures = atoi(argv[++i]);
        else if (strcmp(argv[i], "--no-speed") == 0)
            speed = 0;
        else if (strcmp(argv[i], "--floor") == 0 && i + 1 < argc && nfloors < 32)
            floors[nfloors++] = argv[++i];
        else if (strcmp(argv[i], "--max-silent-splits") == 0 && i + 1 < argc)
            max_silent = atol(argv[++i]);
        else
            usage();
    }
    if (i == argc)
        usage();
    for (; i < argc; i++)
        if (read_set(argv[i], &rows, &n, &cap) != 0)
            return 2;
    if (path == NULL)
        path = vpc_default_db_path();

    /* Opening, the lexicon included (the first open reads from disk or page cache). */
    vpc_db *db = NULL;
    double opens[5];
    for (int k = 0; k < 5; k++) {
        double t = bench_now();
        vpc_status st = vpc_open(path, &db);
        opens[k] = bench_now() - t;
        if (st != VPC_OK) {
            fprintf(stderr, "bench_address: %s: %s\n", path, vpc_strerror(st));
            return 2;
        }
        if (k < 4)
            vpc_close(db);
    }
    int lex = vpc_has_lexicon(db);
    printf("database   %s (lexicon: %s)\n", path,
           lex == 2 ? "current and pre-2025 names" : lex == 1 ? "current names only" : "none");
    printf("vpc_open   first %.3f ms, median of 5 %.3f ms\n", opens[0] * 1e3,
           bench_median(opens, 5) * 1e3);

    /* Accuracy. The first pass also pages the file in. */
    vpc_address a;
    for (size_t k = 0; k < n; k++) {
        vpc_status st = vpc_address_parse(db, rows[k].text, 0, &a, NULL);
        score(&rows[k], st, &a);
    }
    printf("\naccuracy   slice                     rows   right  share\n");
    for (int s = 0; s < nsets; s++) {
        printf("set %s\n", sets[s]);
        print_slices(rows, n, s, failures);
    }

    /* The targets. */
    int realistic = -1, generated = -1;
    for (int s = 0; s < nsets; s++) {
        if (strcmp(sets[s], "handwritten") == 0)
            realistic = s;
        else if (generated < 0)
            generated = s;
    }
    printf("\ntargets\n");
    int lnew = label_index("new", 0), lclean = label_index("clean", 0),
        lnocommas = label_index("nocommas", 0);
    if (realistic >= 0) {
        tally t = count(rows, n, realistic, 0);
        printf("  realistic (handwritten) overall %6.2f%% of %zu (target >= 97%%: %s)\n", pct(t),
               t.n, bench_verdict(pct(t) >= 97));
    }
    if (lnew >= 0 && lclean >= 0) {
        tally t = count(rows, n, -1, (UINT64_C(1) << lnew) | (UINT64_C(1) << lclean));
        printf("  clean current form              %6.2f%% of %zu (target >= 99%%: %s)\n", pct(t),
               t.n, bench_verdict(pct(t) >= 99));
    }
    if (lnocommas >= 0) {
        tally t = count(rows, n, -1, UINT64_C(1) << lnocommas);
        printf("  no commas                       %6.2f%% of %zu (target >= 95%%: %s)\n", pct(t),
               t.n, bench_verdict(pct(t) >= 95));
    }
    tally all = count(rows, n, -1, 0);
    printf("  silent split singles            %zu (target 0: %s)\n", all.silent,
           bench_verdict(all.silent == 0));

    int failed = 0;
    for (int f = 0; f < nfloors; f++) {
        char spec[256];
        snprintf(spec, sizeof spec, "%s", floors[f]);
        char *eq = strrchr(spec, '=');
        int set;
        uint64_t mask;
        if (eq == NULL) {
            fprintf(stderr, "bench_address: --floor %s: no =PERCENT\n", floors[f]);
            return 2;
        }
        *eq = '\0';
        double want = atof(eq + 1);
        if (parse_slice(spec, &set, &mask) != 0) {
            fprintf(stderr, "bench_address: --floor %s: no such set or label\n", floors[f]);
            return 2;
        }
        tally t = count(rows, n, set, mask);
        int met = t.n > 0 && pct(t) >= want;
        printf("  floor %-30s %6.2f%% of %zu (>= %.1f%%: %s)\n", spec, pct(t), t.n, want,
               bench_verdict(met));
        failed |= !met;
    }
    if (max_silent >= 0 && all.silent > (size_t)max_silent) {
        printf("  silent split singles: %zu, more than %ld\n", all.silent, max_silent);
        failed = 1;
    }

    if (speed) {
        double one = speed_single(db, rows, n);
        printf("\nspeed      %zu addresses, one thread: %.0f addresses/s (%.2f us each)\n", n,
               one, 1e6 / one);
        double b = speed_batch(db, rows, n);
        printf("batch      vpc_address_batch over the %zu: %.0f addresses/s\n", n, b);
    }

    vpc_close(db);
    for (size_t k = 0; k < n; k++)
        free(rows[k].id);
    free(rows);
    for (int l = 0; l < nlabels; l++)
        free(labels[l]);
    for (int s = 0; s < nsets; s++)
        free(sets[s]);
    return failed;
}
