/*
 * check_threads.c - one database handle shared by several threads: every
 * thread encodes, decodes and looks up the same inputs at the same time,
 * and each must get exactly what one thread alone gets; likewise for
 * addresses read and wards searched by name. Built with
 * --enable-sanitizers=thread, ThreadSanitizer watches the same run.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrun.h"
#include "testrand.h"
#include "vpostcode.h"

#define N 20000
#define THREADS 4

static vpc_db *db;
static double lat[N], lon[N];
static size_t nitems = N; /* fewer under valgrind (VPC_TEST_SCALE) */

/* What one call gives for item i: its statuses and outputs as text, so
 * that results compare byte for byte and padding plays no part. */
typedef struct result {
    int enc_status, dec_status, look_status, conv_status;
    char code[VPC_CODE_BUFSIZE];
    char ward[6], look_ward[6];
    char conv[VPC_CODE_BUFSIZE];
    double cell[6];
} result;

static result *reference;

static void run_one(size_t i, result *r)
{
    vpc_code code, conv;
    vpc_ward w;
    vpc_cell cell;
    memset(r, 0, sizeof *r);
    r->enc_status = vpc_encode(db, lat[i], lon[i], i % 3 == 0 ? VPC_FLAG_CHECK_CHAR : 0, &code, &w);
    if (r->enc_status == VPC_OK) {
        vpc_code_format(&code, i % 2 ? VPC_FLAG_DISPLAY : 0, r->code, sizeof r->code);
        memcpy(r->ward, w.code, sizeof r->ward);
    } else {
        /* decode something anyway: a code of a neighbouring place */
        snprintf(r->code, sizeof r->code, "11024 2RHX+%c%cJ", "23456789CF"[i % 10],
                 "GHJMPQRVWX"[(i / 10) % 10]);
    }
    r->dec_status = vpc_decode(db, r->code, &cell, &w);
    if (r->dec_status == VPC_OK || vpc_is_warning(r->dec_status)) {
        double c[6] = {cell.south, cell.west, cell.north, cell.east, cell.lat, cell.lon};
        memcpy(r->cell, c, sizeof c);
    }
    r->look_status = vpc_lookup(db, lat[i], lon[i], &w);
    if (r->look_status == VPC_OK)
        memcpy(r->look_ward, w.code, sizeof r->look_ward);
    r->conv_status = vpc_convert(db, r->code, 0, &conv);
    if (r->conv_status == VPC_OK)
        vpc_code_format(&conv, 0, r->conv, sizeof r->conv);
}

typedef struct job {
    int id;
    size_t mismatches;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    /* Each thread walks the inputs from its own starting point, so that
     * the threads are at different places of the index at any moment. */
    for (size_t k = 0; k < nitems; k++) {
        size_t i = (k + (size_t)j->id * (nitems / THREADS)) % nitems;
        result r;
        run_one(i, &r);
        if (memcmp(&r, &reference[i], sizeof r) != 0)
            j->mismatches++;
    }
    return NULL;
}

START_TEST(test_threads_agree_with_one_thread)
{
    pthread_t t[THREADS];
    job jobs[THREADS];
    for (int k = 0; k < THREADS; k++) {
        jobs[k].id = k;
        jobs[k].mismatches = 0;
        ck_assert_int_eq(pthread_create(&t[k], NULL, worker, &jobs[k]), 0);
    }
    for (int k = 0; k < THREADS; k++)
        ck_assert_int_eq(pthread_join(t[k], NULL), 0);
    for (int k = 0; k < THREADS; k++)
        ck_assert_msg(jobs[k].mismatches == 0, "thread %d: %zu results differ from one thread's", k,
                      jobs[k].mismatches);
}
END_TEST

/* The batch calls from several threads at once, over the same arrays. */
typedef struct batch_job {
    char *codes;
    int *ward, *status;
} batch_job;

static void *batch_worker(void *arg)
{
    batch_job *b = arg;
    vpc_encode_batch(db, nitems, lat, lon, 0, b->codes, b->ward, b->status);
    return NULL;
}

START_TEST(test_batches_in_threads)
{
    pthread_t t[THREADS];
    batch_job b[THREADS];
    for (int k = 0; k < THREADS; k++) {
        b[k].codes = malloc((size_t)N * VPC_CODE_BUFSIZE);
        b[k].ward = malloc(N * sizeof(int));
        b[k].status = malloc(N * sizeof(int));
        ck_assert(b[k].codes && b[k].ward && b[k].status);
        ck_assert_int_eq(pthread_create(&t[k], NULL, batch_worker, &b[k]), 0);
    }
    for (int k = 0; k < THREADS; k++)
        ck_assert_int_eq(pthread_join(t[k], NULL), 0);
    for (int k = 0; k < THREADS; k++) {
        for (size_t i = 0; i < nitems; i++) {
            const char *code = b[k].codes + i * VPC_CODE_BUFSIZE;
            ck_assert_int_eq(b[k].status[i], reference[i].enc_status);
            if (reference[i].enc_status == VPC_OK) {
                char plain[VPC_CODE_BUFSIZE];
                ck_assert_int_eq(vpc_code_normalize(reference[i].code, VPC_FLAG_NO_CHECK_CHAR,
                                                    plain, sizeof plain, NULL), VPC_OK);
                ck_assert_str_eq(code, plain);
            }
        }
        free(b[k].codes);
        free(b[k].ward);
        free(b[k].status);
    }
}
END_TEST

/* Addresses: each thread reads all of them, from its own starting point,
 * many times over; the results, as text, must be one thread's. */
static const char *const addresses[] = {
    "40 Nhà Chung, Phường Hoàn Kiếm, Hà Nội",
    "40 Nhà Chung, P. Hàng Trống, Q. Hoàn Kiếm, TP. Hà Nội",
    "Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội",
    "Phường 5, TP Hồ Chí Minh",
    "Phường 5, Quận 3, TPHCM",
    "Ward 5, District 3, Ho Chi Minh City",
    "Xa Son Ha, Quang Ngai",
    "Xã Sơn Hạ, Quảng Ngãi",
    "Phuong Ben Thanh, TP Ho Chi Minh",
    "Đặc khu Phú Quốc, An Giang",
    "Hà Nội",
    "221B Baker Street, London",
    ", , -",
    "Hà Nội\xff",
    "12 Lý Thường Kiệt, P. Trần Hưng Đạo, Q. Hoàn Kiếm, Hà Nội",
    "Phường Hải Châu, Đà Nẵng",
    "Số 1 Đại Cồ Việt, Hai Bà Trưng, Hà Nội",
    "xã bát tràng, gia lâm, hà nội",
    "Phuong Ninh Kieu, Can Tho",
    "Phường Thủ Dầu Một, Bình Dương",
};
#define NADDR (sizeof addresses / sizeof addresses[0])
#define ADDR_ROUNDS 200

typedef struct address_result {
    char text[1024];
} address_result;

static address_result addr_reference[2 * NADDR];

/* Item k: address k % NADDR, read plainly or (k >= NADDR) at the point of
 * the Hoàn Kiếm cathedral with VPC_FLAG_ADDRESS_DEFAULT, then a search for
 * its first 12 bytes. */
static void run_address(size_t k, address_result *r)
{
    vpc_address a;
    vpc_search_hit hits[4];
    size_t nhits = 0, pos = 0;
    char formatted[512] = "";
    const char *text = addresses[k % NADDR];
    vpc_status st = k < NADDR
                        ? vpc_address_parse(db, text, 0, &a, &pos)
                        : vpc_address_parse_at(db, text, 21.0287, 105.8490, VPC_FLAG_ADDRESS_DEFAULT,
                                               &a, &pos);
    if (a.ward.code[0] != '\0')
        vpc_address_format(&a, text, 0, formatted, sizeof formatted);
    char query[13];
    snprintf(query, sizeof query, "%s", text);
    vpc_status ss = vpc_ward_search(db, query, NULL, 0, hits, 4, &nhits);
    int n = snprintf(r->text, sizeof r->text,
                     "%d %zu %d %s %s %s %d %d %d %d %.17g %d %d %d %d %d %d %d %d %zu [%s] %d %zu",
                     (int)st, st == VPC_E_ADDRESS_ENCODING ? pos : 0, a.scheme, a.ward.code,
                     a.province.code, a.legacy.commune_code, a.split, a.defaulted, a.point_used,
                     a.point_conflict, a.score, a.ward_span.start, a.ward_span.end,
                     a.province_span.start, a.province_span.end, a.street_span.start,
                     a.street_span.end, a.point_span.start, a.point_span.end, a.candidate_count,
                     formatted, (int)ss, ss == VPC_OK ? nhits : 0);
    for (size_t i = 0; i < a.candidate_count && i < VPC_ADDRESS_MAX_CANDIDATES && n > 0 &&
                       (size_t)n < sizeof r->text - 8;
         i++)
        n += snprintf(r->text + n, sizeof r->text - (size_t)n, " %s", a.candidates[i]);
    for (size_t i = 0; ss == VPC_OK && i < nhits && i < 4 && n > 0 && (size_t)n < sizeof r->text - 8;
         i++)
        n += snprintf(r->text + n, sizeof r->text - (size_t)n, " h%s", hits[i].code);
}

static void *address_worker(void *arg)
{
    job *j = arg;
    for (size_t round = 0; round < (size_t)test_scaled(ADDR_ROUNDS); round++)
        for (size_t m = 0; m < 2 * NADDR; m++) {
            size_t k = (m + (size_t)j->id * 7 + round) % (2 * NADDR);
            address_result r;
            run_address(k, &r);
            if (strcmp(r.text, addr_reference[k].text) != 0)
                j->mismatches++;
        }
    return NULL;
}

START_TEST(test_addresses_in_threads)
{
    pthread_t t[THREADS];
    job jobs[THREADS];
    if (vpc_has_lexicon(db) == 0) {
        printf("SKIP addresses: the database has no address lexicon\n");
        return;
    }
    for (size_t k = 0; k < 2 * NADDR; k++)
        run_address(k, &addr_reference[k]);
    /* The reference is itself what a single call gives, and says something. */
    ck_assert_msg(strncmp(addr_reference[0].text, "0 0 1 00070 01", 14) == 0, "%s",
                  addr_reference[0].text);
    for (int k = 0; k < THREADS; k++) {
        jobs[k].id = k;
        jobs[k].mismatches = 0;
        ck_assert_int_eq(pthread_create(&t[k], NULL, address_worker, &jobs[k]), 0);
    }
    for (int k = 0; k < THREADS; k++)
        ck_assert_int_eq(pthread_join(t[k], NULL), 0);
    for (int k = 0; k < THREADS; k++)
        ck_assert_msg(jobs[k].mismatches == 0, "thread %d: %zu address results differ from one"
                      " thread's", k, jobs[k].mismatches);
}
END_TEST

int main(void)
{
    const char *path = getenv("VPOSTCODE_DB");
    if (path == NULL || *path == '\0') {
        fprintf(stderr, "VPOSTCODE_DB is not set\n");
        return 1;
    }
    vpc_status st = vpc_open(NULL, &db);
    if (st != VPC_OK) {
        fprintf(stderr, "%s: %s\n", path, vpc_strerror(st));
        return 1;
    }
    /* Points in ward boxes (most on land), a tenth anywhere in the region. */
    uint64_t rng = 11;
    size_t nw = vpc_ward_count(db);
    for (size_t i = 0; i < N; i++) {
        vpc_ward w;
        if (vpc_ward_at(db, test_rand_next(&rng) % nw, &w) != VPC_OK)
            return 1;
        lat[i] = test_rand_uniform(&rng, w.south, w.north);
        lon[i] = test_rand_uniform(&rng, w.west, w.east);
        if (i % 10 == 0) {
            lat[i] = test_rand_uniform(&rng, 5, 25);
            lon[i] = test_rand_uniform(&rng, 100, 120);
        }
    }
    reference = calloc(N, sizeof *reference);
    if (reference == NULL)
        return 1;
    size_t encoded = 0;
    nitems = (size_t)test_scaled(N);
    for (size_t i = 0; i < nitems; i++) {
        run_one(i, &reference[i]);
        encoded += reference[i].enc_status == VPC_OK;
    }
    printf("%zu items, %zu encoded, %d threads\n", nitems, encoded, THREADS);

    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_threads_agree_with_one_thread);
    tcase_add_test(tc, test_batches_in_threads);
    tcase_add_test(tc, test_addresses_in_threads);
    suite_add_tcase(s, tc);
    int rc = run_suite(s);
    free(reference);
    vpc_close(db);
    return rc;
}
