/*
 * serve.c - `vpostcode serve`: the daemon (libmicrohttpd: a pool of
 * threads on epoll; no thread ever waits for a client), its
 * limits, the request's life (id, access log, CORS),
 * the map page's files, and the database's: opened at start, reopened on
 * SIGHUP while requests go on, SIGTERM letting requests in flight finish.
 */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "serve.h"

#define MAX_URL_DEFAULT 8192
#define MAX_HEADERS_DEFAULT 64
#define MAX_BODY_DEFAULT ((size_t)256 << 20)
#define DRAIN_SECONDS 30          /* SIGTERM: the longest wait for requests in flight */
#define DRAIN_QUIET 0.3           /* ... and then this long without one */

typedef struct server {
    serve_config cfg;
    struct MHD_Daemon *daemon;
    pthread_mutex_t mu;
    served_db *cur;
    long reloads;
    unsigned active;              /* requests begun and not completed */
    unsigned batches;             /* batch POSTs running */
    int stopping;                 /* SIGTERM: every answer closes its connection */
    double started;
    unsigned long long next_id;
    unsigned id_prefix;
    char csp[512];
} server;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the database ------------------------------------------------------- */

static served_db *db_open(const char *path, vpc_status *st)
{
    served_db *sd = calloc(1, sizeof *sd);
    if (sd == NULL) {
        *st = VPC_E_NO_MEMORY;
        return NULL;
    }
    *st = vpc_open(path, &sd->db);
    if (*st == VPC_OK && ((sd->path = strdup(path)) == NULL ||
                          (sd->bounds = boundaries_new(sd->db)) == NULL))
        *st = VPC_E_NO_MEMORY;
    if (*st != VPC_OK) {
        vpc_close(sd->db);
        free(sd->path);
        free(sd);
        return NULL;
    }
    sd->refs = 1; /* the server's own */
    return sd;
}

static void db_free(served_db *sd)
{
    boundaries_free(sd->bounds);
    vpc_close(sd->db);
    free(sd->path);
    free(sd);
}

static served_db *db_hold(server *s)
{
    pthread_mutex_lock(&s->mu);
    served_db *sd = s->cur;
    sd->refs++;
    pthread_mutex_unlock(&s->mu);
    return sd;
}

static void db_release(server *s, served_db *sd)
{
    if (sd == NULL)
        return;
    pthread_mutex_lock(&s->mu);
    int last = --sd->refs == 0;
    pthread_mutex_unlock(&s->mu);
    if (last)
        db_free(sd);
}

/* ---- requests ----------------------------------------------------------- */

typedef struct batch_job batch_job;

typedef struct request {
    server *s;
    char id[65];
    char *raw;                    /* the request target as sent */
    size_t raw_len;
    double t0;
    char method[12];
    char path[96];                /* for the log: the path, without the query */
    int http;
    uint64_t bytes;
    const char *vpc_status;
    served_db *sd;
    int begun;                    /* the handler has seen it */
    int answered;                 /* its answer is made */
    batch_job *job;
    char remote[64];
} request;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    server *s = cls;
    request *rq = calloc(1, sizeof *rq);
    if (rq == NULL)
        return NULL;
    rq->s = s;
    rq->t0 = now();
    rq->raw_len = strlen(uri);
    size_t keep = rq->raw_len <= s->cfg.max_url ? rq->raw_len : 0;
    rq->raw = malloc(keep + 1);
    if (rq->raw != NULL) {
        memcpy(rq->raw, uri, keep);
        rq->raw[keep] = '\0';
    }
    size_t p = strcspn(uri, "?#");
    snprintf(rq->path, sizeof rq->path, "%.*s", (int)(p < 95 ? p : 95), uri);
    for (char *c = rq->path; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == '"' || *c == '\\' || (unsigned char)*c >= 0x7F)
            *c = '?';
    pthread_mutex_lock(&s->mu);
    s->active++;
    unsigned long long n = ++s->next_id;
    pthread_mutex_unlock(&s->mu);
    snprintf(rq->id, sizeof rq->id, "%08x%08llx", s->id_prefix, n & 0xFFFFFFFFull);
    return rq;
}

static void access_log(const request *rq)
{
    const server *s = rq->s;
    if (s->cfg.quiet)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char line[512];
    int n = snprintf(line, sizeof line,
                     "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"id\":\"%s\","
                     "\"remote\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,"
                     "\"vpc_status\":\"%s\",\"bytes\":%llu,\"ms\":%.3f}\n",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                     tm.tm_sec, ts.tv_nsec / 1000000, rq->id, rq->remote, rq->method, rq->path,
                     rq->http, rq->vpc_status ? rq->vpc_status : "", (unsigned long long)rq->bytes,
                     (now() - rq->t0) * 1000.0);
    if (n > 0) {
        ssize_t w = write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        (void)w;
    }
}

static void batch_finish(batch_job *job);

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)conn;
    server *s = cls;
    request *rq = *con_cls;
    if (rq == NULL)
        return;
    if (why != MHD_REQUEST_TERMINATED_COMPLETED_OK && rq->http == 0)
        rq->vpc_status = why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "HTTP_TIMEOUT"
                                                                       : "HTTP_ABORTED";
    if (rq->job != NULL)
        batch_finish(rq->job);
    if (rq->method[0] != '\0')
        access_log(rq);
    db_release(s, rq->sd);
    free(rq->raw);
    free(rq);
    *con_cls = NULL;
    pthread_mutex_lock(&s->mu);
    s->active--;
    pthread_mutex_unlock(&s->mu);
}

/* ---- responses ---------------------------------------------------------- */

static void common_headers(const request *rq, struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "X-Request-Id", rq->id);
    pthread_mutex_lock(&rq->s->mu);
    int stopping = rq->s->stopping;
    pthread_mutex_unlock(&rq->s->mu);
    if (stopping) /* the client opens no new request on this connection */
        MHD_add_response_header(resp, "Connection", "close");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (rq->s->cfg.cors != NULL) {
        MHD_add_response_header(resp, "Access-Control-Allow-Origin", rq->s->cfg.cors);
        MHD_add_response_header(resp, "Vary", "Origin");
        MHD_add_response_header(resp, "Access-Control-Expose-Headers",
                                "X-Request-Id, X-Vpostcode-Rows, X-Vpostcode-Failed");
    }
}

static enum MHD_Result queue(request *rq, struct MHD_Connection *conn, int http,
                             struct MHD_Response *resp, uint64_t bytes)
{
    if (resp == NULL)
        return MHD_NO;
    common_headers(rq, resp);
    rq->http = http;
    rq->bytes = bytes;
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)http, resp);
    MHD_destroy_response(resp);
    return r;
}

static enum MHD_Result send_reply(request *rq, struct MHD_Connection *conn, reply *rp)
{
    if (rp->body.failed) {
        free(rp->body.p);
        rp->body = (strbuf){0};
        reply_error(rp, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY), rq->id);
    }
    rq->vpc_status = rp->vpc_status;
    struct MHD_Response *resp = MHD_create_response_from_buffer(rp->body.len, rp->body.p,
                                                                MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        free(rp->body.p);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", rp->type ? rp->type : TYPE_JSON);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    return queue(rq, conn, rp->http, resp, rp->body.len);
}

static enum MHD_Result send_error(request *rq, struct MHD_Connection *conn, int http,
                                  const char *status, const char *message)
{
    reply rp = {0};
    reply_error(&rp, http, status, message, rq->id);
    return send_reply(rq, conn, &rp);
}

/* ---- the page's files --------------------------------------------------- */

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot == NULL)
        return "application/octet-stream";
    if (!strcmp(dot, ".html"))
        return "text/html; charset=utf-8";
    if (!strcmp(dot, ".js"))
        return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".css"))
        return "text/css; charset=utf-8";
    if (!strcmp(dot, ".png"))
        return "image/png";
    if (!strcmp(dot, ".json"))
        return TYPE_JSON;
    return "application/octet-stream";
}

/* A file of dir (name from the route's fixed list: never a path the
 * client made up). */
static enum MHD_Result send_file(request *rq, struct MHD_Connection *conn, const char *dir,
                                 const char *name, const char *cache)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
        return send_error(rq, conn, 404, "HTTP_NOT_FOUND", "no such file");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        /* the server's directories are not the client's business: the
         * start-up warning names them */
        return send_error(rq, conn, 404, "HTTP_NOT_FOUND", "this file of the page is not installed");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((size_t)sb.st_size, fd);
    if (resp == NULL) {
        close(fd);
        return MHD_NO;
    }
    rq->vpc_status = "ok";
    MHD_add_response_header(resp, "Content-Type", type_of(name));
    MHD_add_response_header(resp, "Cache-Control", cache);
    if (strstr(name, ".html") != NULL) {
        MHD_add_response_header(resp, "Content-Security-Policy", rq->s->csp);
        MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    }
    return queue(rq, conn, 200, resp, (uint64_t)sb.st_size);
}

/* ---- batches ------------------------------------------------------------ */

/* A batch runs in a thread of its own, reading the body through a stdio
 * stream (fopencookie) from a bounded buffer that the handler fills. The
 * daemon's threads never wait: when the buffer is full the connection is
 * suspended until the batch has read from it, and after the body until the
 * batch is done (MHD_suspend_connection, MHD_resume_connection). */
#define BATCH_BUFFER (1u << 20)

struct batch_job {
    server *s;
    const command *cmd;
    options opt;
    char *params;                 /* the decoded target: the options' strings */
    served_db *sd;
    struct MHD_Connection *conn;
    pthread_mutex_t mu;
    pthread_cond_t more;          /* data or the end in the buffer */
    char *buf;                    /* BATCH_BUFFER bytes, a ring */
    size_t head, len;
    int eof;                      /* no more body: the end, or too much, or gone */
    int done;                     /* the batch has returned */
    int suspended;                /* the connection waits for room, or for done */
    FILE *in;                     /* the buffer as a stream, for run_batch_io */
    int out_fd;                   /* an unlinked temporary file */
    char *err;                    /* the messages */
    size_t err_len;
    FILE *errf;
    pthread_t thread;
    int running;
    int status;                   /* run_batch_io's exit status */
    long rows, failed;
    size_t body;
    int too_large;
    int counted;                  /* in s->batches */
};

/* Resume the connection if it waits (job->mu held). */
static void wake(batch_job *job)
{
    if (job->suspended) {
        job->suspended = 0;
        MHD_resume_connection(job->conn);
    }
}

static ssize_t body_read(void *cookie, char *out, size_t size)
{
    batch_job *job = cookie;
    pthread_mutex_lock(&job->mu);
    while (job->len == 0 && !job->eof)
        pthread_cond_wait(&job->more, &job->mu);
    size_t n = 0;
    while (n < size && job->len > 0) {
        size_t k = BATCH_BUFFER - job->head;
        if (k > job->len)
            k = job->len;
        if (k > size - n)
            k = size - n;
        memcpy(out + n, job->buf + job->head, k);
        job->head = (job->head + k) % BATCH_BUFFER;
        job->len -= k;
        n += k;
    }
    if (job->len <= BATCH_BUFFER / 2 && !job->eof)
        wake(job); /* room for the body again */
    pthread_mutex_unlock(&job->mu);
    return (ssize_t)n;
}

static void *batch_thread(void *arg)
{
    batch_job *job = arg;
    batch_io io = {job->in, "the request body", job->out_fd, job->errf, 0, 0, 0};
    int status = run_batch_io(job->cmd, &job->opt, job->sd->db, &io);
    pthread_mutex_lock(&job->mu);
    job->status = status;
    job->rows = io.rows;
    job->failed = io.failed;
    job->done = 1;
    wake(job);
    pthread_mutex_unlock(&job->mu);
    return NULL;
}

static void batch_finish(batch_job *job)
{
    if (job->running) {
        pthread_mutex_lock(&job->mu); /* a client gone: the batch reads the end */
        job->eof = 1;
        pthread_cond_signal(&job->more);
        pthread_mutex_unlock(&job->mu);
        pthread_join(job->thread, NULL);
        job->running = 0;
    }
    if (job->in != NULL)
        fclose(job->in);
    if (job->errf != NULL)
        fclose(job->errf);
    free(job->err);
    free(job->buf);
    if (job->out_fd >= 0)
        close(job->out_fd);
    if (job->counted) {
        pthread_mutex_lock(&job->s->mu);
        job->s->batches--;
        pthread_mutex_unlock(&job->s->mu);
    }
    pthread_cond_destroy(&job->more);
    pthread_mutex_destroy(&job->mu);
    db_release(job->s, job->sd);
    free(job->params);
    free(job);
}

static int temp_file(void)
{
    const char *dir = getenv("TMPDIR");
    if (dir == NULL || *dir == '\0')
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/vpostcode-batch-XXXXXX", dir);
    fd = mkstemp(path);
    if (fd >= 0)
        unlink(path);
    return fd;
}

/* The batch's parameters: the tool's batch options and the command's. */
static const char batch_params[] =
    " lat-col lon-col code-col address-col format delimiter no-header strict crs nearest long"
    " check-char ascii scheme default ";
static const char batch_flags[] = " no-header strict long check-char ascii default ";

/* Begins a batch: its options point into *buf, which the job takes
 * over (*buf set to NULL). */
static enum MHD_Result batch_begin(request *rq, struct MHD_Connection *conn, const http_route *rt,
                                   const http_target *t, char **buf)
{
    server *s = rq->s;
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl != NULL && strtoull(cl, NULL, 10) > s->cfg.max_body) {
        char msg[128];
        snprintf(msg, sizeof msg, "the body is larger than the server's limit of %zu bytes",
                 s->cfg.max_body);
        return send_error(rq, conn, 413, "HTTP_BODY_TOO_LARGE", msg);
    }
    batch_job *job = calloc(1, sizeof *job);
    if (job == NULL)
        return send_error(rq, conn, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY));
    job->s = s;
    job->params = *buf; /* the options' strings live as long as the job */
    *buf = NULL;
    job->out_fd = -1;
    job->conn = conn;
    pthread_mutex_init(&job->mu, NULL);
    pthread_cond_init(&job->more, NULL);
    job->sd = db_hold(s);
    rq->job = job;
    job->opt.nearest = -1;
    job->opt.input = "-";
    job->opt.threads = 1;
    job->cmd = command_find(rt->arg);
    char msg[256];
    for (int i = 0; i < t->nparams; i++) {
        const char *name = t->params[i].name, *val = t->params[i].value;
        size_t n = strlen(name);
        const char *p = strstr(batch_params, name);
        while (p != NULL && !(p[-1] == ' ' && p[n] == ' '))
            p = strstr(p + 1, name);
        if (n > 40 || p == NULL) {
            snprintf(msg, sizeof msg, "unknown parameter '%.40s'; a batch takes:%s", name,
                     batch_params);
            msg[strlen(msg) - 1] = '\0';
            return send_error(rq, conn, 400, "HTTP_UNKNOWN_PARAMETER", msg);
        }
        const char *f = strstr(batch_flags, name);
        while (f != NULL && !(f[-1] == ' ' && f[n] == ' '))
            f = strstr(f + 1, name);
        if (f != NULL) {
            int v = http_param_flag(t, name, 0);
            if (v < 0) {
                snprintf(msg, sizeof msg, "parameter '%s' takes 1, true, 0 or false", name);
                return send_error(rq, conn, 400, "HTTP_BAD_PARAMETER", msg);
            }
            if (v == 0)
                continue;
            val = NULL;
        }
        char opt[48];
        snprintf(opt, sizeof opt, "--%s", name);
        const char *arg = NULL, *bad = option_apply(&job->opt, opt, val, &arg);
        if (bad != NULL) {
            snprintf(msg, sizeof msg, "%s%s%.80s", bad + 2, arg ? " " : "", arg ? arg : "");
            return send_error(rq, conn, 400, "HTTP_BAD_PARAMETER", msg);
        }
    }
    if (job->opt.format == IN_AUTO) {
        const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
        if (ct != NULL && !strncmp(ct, "text/csv", 8))
            job->opt.format = IN_CSV;
        else if (ct != NULL && !strncmp(ct, "text/tab-separated-values", 25))
            job->opt.format = IN_TSV;
        else if (ct != NULL && (!strncmp(ct, "application/x-ndjson", 20) ||
                                !strncmp(ct, "application/jsonl", 17) ||
                                !strncmp(ct, "application/json-lines", 22)))
            job->opt.format = IN_JSONL;
    }
    if (job->cmd->on_text == NULL && job->opt.address_col != NULL)
        return send_error(rq, conn, 400, "HTTP_BAD_PARAMETER",
                          "address-col goes with /v1/batch/address only");
    if (job->cmd->on_text == NULL && job->cmd->on_point == NULL &&
        (job->opt.lat_col || job->opt.lon_col))
        return send_error(rq, conn, 400, "HTTP_BAD_PARAMETER",
                          "lat-col and lon-col go with encode, lookup and address");
    if (job->cmd->on_text && !vpc_has_lexicon(job->sd->db))
        return send_error(rq, conn, 501, "VPC_E_NO_LEXICON", vpc_strerror(VPC_E_NO_LEXICON));
    job->cmd = command_for(job->cmd, &job->opt);
    if (job->opt.crs != NULL) {
        vpc_crs *c = NULL;
        if (vpc_crs_open(job->opt.crs, &c) != VPC_OK) {
            snprintf(msg, sizeof msg, "unknown coordinate reference system %.128s", job->opt.crs);
            return send_error(rq, conn, 400, "VPC_E_CRS", msg);
        }
        vpc_crs_close(c);
    }
    pthread_mutex_lock(&s->mu);
    int busy = s->batches >= s->cfg.max_batches;
    if (!busy)
        s->batches++;
    pthread_mutex_unlock(&s->mu);
    if (busy) {
        snprintf(msg, sizeof msg, "%u batches are running, the server's limit: try again later",
                 s->cfg.max_batches);
        return send_error(rq, conn, 503, "HTTP_BUSY", msg);
    }
    job->counted = 1;
    cookie_io_functions_t io = {body_read, NULL, NULL, NULL};
    job->buf = malloc(BATCH_BUFFER);
    job->in = job->buf ? fopencookie(job, "rb", io) : NULL;
    job->out_fd = temp_file();
    job->errf = open_memstream(&job->err, &job->err_len);
    if (job->in == NULL || job->out_fd < 0 || job->errf == NULL)
        return send_error(rq, conn, 503, "HTTP_UNAVAILABLE",
                          "cannot make the batch's temporary file (TMPDIR)");
    if (pthread_create(&job->thread, NULL, batch_thread, job) != 0)
        return send_error(rq, conn, 503, "HTTP_UNAVAILABLE", "cannot start the batch");
    job->running = 1;
    return MHD_YES;
}

/* A piece of the body into the buffer: how much was taken. When not all
 * of it fits, the connection is suspended until the batch reads; when the
 * batch has stopped (done), the rest is read and dropped. */
static size_t batch_feed(batch_job *job, const char *data, size_t n, size_t max_body)
{
    pthread_mutex_lock(&job->mu);
    size_t took = n;
    if (job->done || job->eof) {
        /* dropped: the batch stopped, or the body is over the limit */
    } else if (job->body + n > max_body) {
        job->too_large = 1;
        job->eof = 1;
        pthread_cond_signal(&job->more);
    } else {
        took = 0;
        while (took < n && job->len < BATCH_BUFFER) {
            size_t tail = (job->head + job->len) % BATCH_BUFFER;
            size_t k = tail >= job->head ? BATCH_BUFFER - tail : job->head - tail;
            if (k > n - took)
                k = n - took;
            memcpy(job->buf + tail, data + took, k);
            job->len += k;
            took += k;
        }
        job->body += took;
        pthread_cond_signal(&job->more);
        if (took < n) { /* full: wait for the batch to read */
            job->suspended = 1;
            MHD_suspend_connection(job->conn);
        }
    }
    pthread_mutex_unlock(&job->mu);
    return took;
}

/* The messages as one sentence: "vpostcode: " prefixes and line ends out. */
static void clean_message(char *m)
{
    char *w = m;
    for (char *r = m; *r;) {
        if (!strncmp(r, "vpostcode: ", 11)) {
            r += 11;
            continue;
        }
        if (!strncmp(r, " --", 3) && r[3] >= 'a' && r[3] <= 'z') { /* options are parameters here */
            *w++ = ' ';
            r += 3;
            continue;
        }
        if (*r == '\n') {
            r++;
            if (*r && w > m && w[-1] != '.' && w[-1] != ':') {
                *w++ = ';';
            }
            if (*r)
                *w++ = ' ';
            continue;
        }
        *w++ = *r++;
    }
    *w = '\0';
    while (w > m && w[-1] == ' ')
        *--w = '\0';
}

/* The body is whole: once the batch is done, its answer (until then the
 * connection waits, suspended). */
static enum MHD_Result batch_end(request *rq, struct MHD_Connection *conn)
{
    batch_job *job = rq->job;
    pthread_mutex_lock(&job->mu);
    job->eof = 1;
    pthread_cond_signal(&job->more);
    if (!job->done) {
        job->suspended = 1;
        MHD_suspend_connection(conn);
        pthread_mutex_unlock(&job->mu);
        return MHD_YES;
    }
    pthread_mutex_unlock(&job->mu);
    if (job->running) {
        pthread_join(job->thread, NULL);
        job->running = 0;
    }
    fflush(job->errf);
    if (job->too_large) {
        char msg[128];
        snprintf(msg, sizeof msg, "the body is larger than the server's limit of %zu bytes",
                 rq->s->cfg.max_body);
        return send_error(rq, conn, 413, "HTTP_BODY_TOO_LARGE", msg);
    }
    if (job->status == EXIT_OUTPUT)
        return send_error(rq, conn, 507, "HTTP_INSUFFICIENT_STORAGE",
                          "the batch's output could not be written to the server's temporary"
                          " directory");
    if (job->status == EXIT_DATABASE)
        return send_error(rq, conn, 503, "VPC_E_NO_MEMORY", "a worker of the batch stopped");
    if (job->status != EXIT_OK && (job->status != EXIT_REJECTED || job->rows == 0)) {
        /* The input could not be read as records: what the tool says. */
        static char failed[] = "the batch failed";
        char *m = job->err && job->err[0] ? job->err : failed;
        char *summary = strstr(m, ": 0 rows, ");
        if (summary != NULL) /* the closing count, when there is one */
            while (summary > m && summary[-1] != '\n')
                *--summary = '\0';
        clean_message(m);
        return send_error(rq, conn, 400, "HTTP_BAD_BATCH", m);
    }
    off_t size = lseek(job->out_fd, 0, SEEK_END);
    struct MHD_Response *resp =
        size >= 0 ? MHD_create_response_from_fd((size_t)size, job->out_fd) : NULL;
    if (resp == NULL)
        return send_error(rq, conn, 503, "HTTP_UNAVAILABLE", "cannot send the batch's output");
    job->out_fd = -1; /* the response closes it */
    char n[32];
    const char *type = job->opt.format == IN_JSONL ? "application/x-ndjson; charset=utf-8"
                     : job->opt.format == IN_TSV ? "text/tab-separated-values; charset=utf-8"
                                                 : "text/csv; charset=utf-8";
    MHD_add_response_header(resp, "Content-Type", type);
    snprintf(n, sizeof n, "%ld", job->rows);
    MHD_add_response_header(resp, "X-Vpostcode-Rows", n);
    snprintf(n, sizeof n, "%ld", job->failed);
    MHD_add_response_header(resp, "X-Vpostcode-Failed", n);
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    rq->vpc_status = job->failed ? "rows failed" : "ok";
    return queue(rq, conn, 200, resp, (uint64_t)size);
}

/* ---- the handler -------------------------------------------------------- */

/* An X-Request-Id worth keeping: 1 to 64 of [A-Za-z0-9._-]. */
static int good_id(const char *id)
{
    size_t n = strlen(id);
    return n > 0 && n <= 64 &&
           strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static enum MHD_Result answer(server *s, request *rq, struct MHD_Connection *conn,
                              const char *method);

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)url;
    (void)version;
    server *s = cls;
    request *rq = *con_cls;
    if (rq == NULL)
        return MHD_NO; /* out of memory at the start */
    if (!rq->begun) {
        /* The headers are in. A POST (a batch) is set up now, to take its
         * body; the rest is answered once the request is whole, which
         * keeps the connection open for the next one. */
        rq->begun = 1;
        snprintf(rq->method, sizeof rq->method, "%.11s", method);
        if (strcmp(method, "POST") != 0)
            return MHD_YES;
        rq->answered = 1;
        return answer(s, rq, conn, method);
    }
    if (rq->job != NULL && rq->http == 0) {
        if (*upload_data_size > 0) {
            *upload_data_size -= batch_feed(rq->job, upload_data, *upload_data_size,
                                            s->cfg.max_body);
            return MHD_YES;
        }
        return batch_end(rq, conn);
    }
    if (*upload_data_size > 0) {
        *upload_data_size = 0; /* a body where none is read: dropped */
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    rq->answered = 1;
    return answer(s, rq, conn, method);
}

/* The answer to a request: checks, routing, the endpoint. */
static enum MHD_Result answer(server *s, request *rq, struct MHD_Connection *conn,
                              const char *method)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci != NULL && ci->client_addr != NULL)
        getnameinfo(ci->client_addr,
                    ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                           : sizeof(struct sockaddr_in),
                    rq->remote, sizeof rq->remote, NULL, 0, NI_NUMERICHOST);
    const char *given = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Request-Id");
    if (given != NULL && good_id(given))
        snprintf(rq->id, sizeof rq->id, "%s", given);

    if (MHD_get_connection_values(conn, MHD_HEADER_KIND, NULL, NULL) > (int)s->cfg.max_headers) {
        char msg[96];
        snprintf(msg, sizeof msg, "more than %u header fields", s->cfg.max_headers);
        return send_error(rq, conn, 431, "HTTP_TOO_MANY_HEADERS", msg);
    }
    if (rq->raw_len > s->cfg.max_url) {
        char msg[96];
        snprintf(msg, sizeof msg, "the request target is longer than %zu bytes", s->cfg.max_url);
        return send_error(rq, conn, 414, "HTTP_URI_TOO_LONG", msg);
    }
    if (rq->raw == NULL)
        return send_error(rq, conn, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY));
    size_t bufsize = 2 * rq->raw_len + 2;
    char *buf = malloc(bufsize);
    if (buf == NULL)
        return send_error(rq, conn, 503, "VPC_E_NO_MEMORY", vpc_strerror(VPC_E_NO_MEMORY));
    http_target t;
    http_target_error te = http_parse_target(rq->raw, rq->raw_len, &t, buf, bufsize);
    if (te != TARGET_OK) {
        char msg[192];
        if (te == TARGET_DUPLICATE)
            snprintf(msg, sizeof msg, "the query parameter '%.64s' is given twice", t.error_name);
        else
            snprintf(msg, sizeof msg, "%s (at byte %zu of the request target)",
                     http_target_message(te), t.error_offset);
        free(buf);
        return send_error(rq, conn, 400,
                          te == TARGET_DUPLICATE || te == TARGET_TOO_MANY_PARAMS
                              ? "HTTP_BAD_PARAMETER" : "HTTP_BAD_ENCODING", msg);
    }
    http_route rt;
    http_route_of(t.path, &rt);
    int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    enum MHD_Result ret;
    if (rt.id == ROUTE_NONE) {
        ret = send_error(rq, conn, 404, "HTTP_NOT_FOUND",
                            "no such endpoint: see /v1/openapi.json");
    } else if (!strcmp(method, "OPTIONS")) {
        struct MHD_Response *resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
        if (resp != NULL) {
            MHD_add_response_header(resp, "Allow", rt.post ? "POST, OPTIONS" : "GET, HEAD, OPTIONS");
            if (s->cfg.cors != NULL) {
                MHD_add_response_header(resp, "Access-Control-Allow-Methods",
                                        rt.post ? "POST, OPTIONS" : "GET, HEAD, OPTIONS");
                MHD_add_response_header(resp, "Access-Control-Allow-Headers",
                                        "Content-Type, X-Request-Id");
                MHD_add_response_header(resp, "Access-Control-Max-Age", "600");
            }
        }
        rq->vpc_status = "ok";
        ret = queue(rq, conn, 204, resp, 0);
    } else if (rt.post ? strcmp(method, "POST") != 0 : !get) {
        reply rp = {0};
        char msg[96];
        snprintf(msg, sizeof msg, "%s is not allowed here: use %s", rq->method,
                 rt.post ? "POST" : "GET");
        reply_error(&rp, 405, "HTTP_METHOD_NOT_ALLOWED", msg, rq->id);
        rq->vpc_status = rp.vpc_status;
        struct MHD_Response *resp =
            MHD_create_response_from_buffer(rp.body.len, rp.body.p, MHD_RESPMEM_MUST_FREE);
        if (resp != NULL) {
            MHD_add_response_header(resp, "Content-Type", TYPE_JSON);
            MHD_add_response_header(resp, "Allow", rt.post ? "POST, OPTIONS" : "GET, HEAD, OPTIONS");
        } else {
            free(rp.body.p);
        }
        ret = queue(rq, conn, 405, resp, rp.body.len);
    } else if (rt.id == ROUTE_INDEX) {
        ret = send_file(rq, conn, s->cfg.www, "index.html", "no-cache");
    } else if (rt.id == ROUTE_ASSET) {
        ret = send_file(rq, conn, s->cfg.www, rt.arg, "no-cache");
    } else if (rt.id == ROUTE_OPENAPI) {
        ret = send_file(rq, conn, s->cfg.www, "openapi.json", "no-cache");
    } else if (rt.id == ROUTE_LEAFLET) {
        ret = send_file(rq, conn, s->cfg.leaflet, rt.arg, "public, max-age=86400");
    } else if (rt.id == ROUTE_BATCH) {
        ret = batch_begin(rq, conn, &rt, &t, &buf);
    } else {
        reply rp = {0};
        rq->sd = db_hold(s);
        long reloads;
        pthread_mutex_lock(&s->mu);
        reloads = s->reloads;
        pthread_mutex_unlock(&s->mu);
        api_answer(&s->cfg, rq->sd, &rt, &t, rq->id, reloads, s->started, &rp);
        ret = send_reply(rq, conn, &rp);
    }
    free(buf);
    return ret;
}

/* ---- starting, signals, stopping ---------------------------------------- */

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "vpostcode: serve: %s%s%s\n", msg, arg ? " " : "", arg ? arg : "");
    return EXIT_USAGE;
}

static const char serve_help[] =
    "Usage: vpostcode serve [OPTION...]\n"
    "The HTTP API (JSON, under /v1/; its OpenAPI document at /v1/openapi.json) and the map\n"
    "page (/), on the database. SIGTERM or SIGINT stops after the requests in flight;\n"
    "SIGHUP opens the database file again (a new file moved over it) without dropping any.\n"
    "\n"
    "  --db PATH             the database (default: $VPOSTCODE_DB, else the installed one)\n"
    "  --listen ADDRESS      the address to listen on (default 127.0.0.1; 0.0.0.0 or :: for all)\n"
    "  --port N              the port (default 8080; 0: any free one)\n"
    "  --port-file FILE      write the port there once listening\n"
    "  --cors ORIGIN         allow scripts of ORIGIN (or *) to call the API (default: none)\n"
    "  --tiles URL-TEMPLATE  an online tile layer under the boundaries, e.g.\n"
    "                        https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none)\n"
    "  --threads N           threads answering requests (default: one a core but one)\n"
    "  --max-connections N   connections at once (default 256)\n"
    "  --per-ip N            connections at once from one address (default 0: no limit)\n"
    "  --timeout S           close a connection idle for S seconds (default 15)\n"
    "  --max-body BYTES      the largest batch body (default 268435456; K, M, G suffixes)\n"
    "  --max-url BYTES       the longest request target (default 8192)\n"
    "  --max-headers N       the most header fields in a request (default 64)\n"
    "  --max-batches N       batch POSTs at once (default 4)\n"
    "  --www DIR             the map page's files (default: the installed ones)\n"
    "  --leaflet DIR         Leaflet's files (default: " VPC_LEAFLET_DIR ")\n"
    "  --quiet               no access log (default: one JSON line per request on stderr)\n";

static int number(const char *v, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || errno != 0 || v[0] == '-')
        return 0;
    unsigned long long mul = 1;
    if (*end == 'K' || *end == 'k')
        mul = 1024, end++;
    else if (*end == 'M')
        mul = 1024 * 1024, end++;
    else if (*end == 'G')
        mul = 1024ull * 1024 * 1024, end++;
    if (*end != '\0' || n > max / mul)
        return 0;
    *out = n * mul;
    return 1;
}

/* A socket listening on address:port (port 0: any); -1 with a message. */
static int listen_on(const char *address, int port, char *where, size_t size)
{
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    char p[16];
    snprintf(p, sizeof p, "%d", port);
    int e = getaddrinfo(address, p, &hints, &ai);
    if (e != 0) {
        fprintf(stderr, "vpostcode: serve: --listen %s: not a numeric IPv4 or IPv6 address (%s)\n",
                address, gai_strerror(e));
        return -1;
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 256) != 0) {
        fprintf(stderr, "vpostcode: serve: cannot listen on %s port %d: %s\n", address, port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(ai);
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &len);
    char host[64] = "", serv[16] = "";
    getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, serv, sizeof serv,
                NI_NUMERICHOST | NI_NUMERICSERV);
    snprintf(where, size, ai->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, serv);
    freeaddrinfo(ai);
    return fd;
}

static int port_of(const char *where)
{
    const char *colon = strrchr(where, ':');
    return colon ? atoi(colon + 1) : 0;
}

static void reload(server *s)
{
    vpc_status st;
    served_db *sd = db_open(s->cfg.db_path, &st);
    if (sd == NULL) {
        fprintf(stderr, "vpostcode: serve: SIGHUP: database %s: %s (%s); still serving the one"
                        " opened before\n", s->cfg.db_path, vpc_strerror(st), vpc_status_name(st));
        return;
    }
    pthread_mutex_lock(&s->mu);
    served_db *old = s->cur;
    s->cur = sd;
    s->reloads++;
    pthread_mutex_unlock(&s->mu);
    db_release(s, old);
    fprintf(stderr, "vpostcode: serve: SIGHUP: database %s opened again\n", s->cfg.db_path);
}

int serve_main(int argc, char **argv, const char *default_db, const char *default_www)
{
    server s;
    memset(&s, 0, sizeof s);
    serve_config *c = &s.cfg;
    c->db_path = default_db;
    c->listen = "127.0.0.1";
    c->port = 8080;
    c->www = default_www;
    c->leaflet = VPC_LEAFLET_DIR;
    c->max_connections = 256;
    c->timeout = 15;
    c->max_body = MAX_BODY_DEFAULT;
    c->max_url = MAX_URL_DEFAULT;
    c->max_headers = MAX_HEADERS_DEFAULT;
    c->max_batches = 4;
    /* One thread a core but one: that core is left to the batches' threads
     * and to what shares the machine (a proxy, the clients); on 2 cores
     * with the load generator beside it, 1 thread answers more requests
     * than 2 within 5 ms (tests/bench/bench_serve.sh). */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    c->threads = cores <= 2 ? 1 : cores > 17 ? 16 : (unsigned)cores - 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(serve_help, stdout);
            return EXIT_OK;
        }
        if (!strcmp(a, "--quiet")) {
            c->quiet = 1;
            continue;
        }
        static const char *const valued[] = {"--db", "--listen", "--port", "--port-file",
                                             "--cors", "--tiles", "--max-connections",
                                             "--per-ip", "--timeout", "--max-body", "--max-url", "--threads",
                                             "--max-headers", "--max-batches", "--www",
                                             "--leaflet", NULL};
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        int k = 0;
        while (valued[k] && (strlen(valued[k]) != len || strncmp(a, valued[k], len) != 0))
            k++;
        if (valued[k] == NULL)
            return usage(a[0] == '-' ? "unknown option" : "takes no arguments, not", a);
        const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (v == NULL)
            return usage("missing value after", valued[k]);
        const char *name = valued[k];
        unsigned long long n = 0;
        if (!strcmp(name, "--db")) c->db_path = v;
        else if (!strcmp(name, "--listen")) c->listen = v;
        else if (!strcmp(name, "--port-file")) c->port_file = v;
        else if (!strcmp(name, "--cors")) c->cors = v;
        else if (!strcmp(name, "--tiles")) c->tiles = v;
        else if (!strcmp(name, "--www")) c->www = v;
        else if (!strcmp(name, "--leaflet")) c->leaflet = v;
        else if (!strcmp(name, "--port")) {
            if (!number(v, 65535, &n) || strpbrk(v, "KMGk"))
                return usage("--port takes 0 to 65535, not", v);
            c->port = (int)n;
        } else if (!strcmp(name, "--max-body")) {
            if (!number(v, 1ull << 40, &n) || n == 0)
                return usage("--max-body takes a size in bytes (K, M, G), not", v);
            c->max_body = (size_t)n;
        } else {
            unsigned long long max = !strcmp(name, "--max-url") ? 65536 : 100000;
            if (!number(v, max, &n) || strpbrk(v, "KMGk") ||
                (n == 0 && strcmp(name, "--per-ip") != 0))
                return usage("takes a whole number: not", v);
            if (!strcmp(name, "--max-connections")) c->max_connections = (unsigned)n;
            else if (!strcmp(name, "--per-ip")) c->per_ip = (unsigned)n;
            else if (!strcmp(name, "--timeout")) c->timeout = (unsigned)n;
            else if (!strcmp(name, "--max-url")) c->max_url = (size_t)n;
            else if (!strcmp(name, "--max-headers")) c->max_headers = (unsigned)n;
            else if (!strcmp(name, "--threads")) c->threads = (unsigned)(n > 64 ? 64 : n);
            else c->max_batches = (unsigned)n;
        }
    }
    if (c->cors != NULL && (strpbrk(c->cors, "\r\n") != NULL || c->cors[0] == '\0'))
        return usage("--cors takes an origin (https://example.com) or *, not", c->cors);
    if (c->tiles != NULL && strncmp(c->tiles, "https://", 8) != 0 &&
        strncmp(c->tiles, "http://", 7) != 0)
        return usage("--tiles takes an http(s) URL template with {z}, {x} and {y}, not", c->tiles);
    snprintf(s.csp, sizeof s.csp,
             "default-src 'self'; img-src 'self' data:%s; style-src 'self' 'unsafe-inline';"
             " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
             c->tiles ? " https: http:" : "");

    vpc_status st;
    s.cur = db_open(c->db_path, &st);
    if (s.cur == NULL) {
        fprintf(stderr, "vpostcode: serve: database %s: %s (%s)\n", c->db_path, vpc_strerror(st),
                vpc_status_name(st));
        if (st == VPC_E_DB_NOT_FOUND)
            fprintf(stderr, "Use --db PATH or set VPOSTCODE_DB, or install one with 'make install'.\n");
        return EXIT_DATABASE;
    }
    char index[PATH_MAX];
    snprintf(index, sizeof index, "%s/index.html", c->www);
    if (access(index, R_OK) != 0)
        fprintf(stderr, "vpostcode: serve: warning: no map page at %s (--www DIR); the API works\n",
                index);
    snprintf(index, sizeof index, "%s/leaflet.js", c->leaflet);
    if (access(index, R_OK) != 0)
        fprintf(stderr, "vpostcode: serve: warning: no Leaflet at %s (Debian package"
                        " libjs-leaflet, or --leaflet DIR); the API works\n", c->leaflet);

    char where[96];
    int fd = listen_on(c->listen, c->port, where, sizeof where);
    if (fd < 0) {
        db_release(&s, s.cur);
        return EXIT_USAGE;
    }
    pthread_mutex_init(&s.mu, NULL);
    s.started = now();
    s.id_prefix = (unsigned)getpid() ^ (unsigned)time(NULL) ^ (unsigned)(uintptr_t)&s;

    /* Signals go to this thread only (sigwait below): every thread the
     * daemon starts inherits the blocked set. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
#ifdef M_ARENA_MAX
    /* One malloc arena per connection thread would hold memory long after
     * a burst of connections: a few shared ones do. */
    mallopt(M_ARENA_MAX, 4);
#endif

    s.daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, on_request, &s,
        MHD_OPTION_THREAD_POOL_SIZE, c->threads, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, &s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s,
        MHD_OPTION_CONNECTION_LIMIT, c->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        c->per_ip, MHD_OPTION_CONNECTION_TIMEOUT, c->timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)(c->max_url + 120 * 1024), MHD_OPTION_END);
    if (s.daemon == NULL) {
        fprintf(stderr, "vpostcode: serve: cannot start the HTTP daemon\n");
        close(fd);
        db_release(&s, s.cur);
        return EXIT_DATABASE;
    }
    fprintf(stderr, "vpostcode: serving http://%s/ (database %s)\n", where, c->db_path);
    if (c->port_file != NULL) {
        char tmp[PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s.tmp", c->port_file);
        FILE *f = fopen(tmp, "w");
        if (f == NULL || fprintf(f, "%d\n", port_of(where)) < 0 || fclose(f) != 0 ||
            rename(tmp, c->port_file) != 0)
            fprintf(stderr, "vpostcode: serve: cannot write the port file %s\n", c->port_file);
    }

    int sig = 0;
    for (;;) {
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            reload(&s);
            continue;
        }
        break;
    }
    /* Stop accepting, let the requests in flight finish, then stop. */
    fprintf(stderr, "vpostcode: serve: %s: stopping after the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    int lfd = MHD_quiesce_daemon(s.daemon);
    if (lfd >= 0)
        close(lfd);
    /* Requests in flight finish, and answer with "Connection: close";
     * a client of a kept-alive connection whose next request was on its
     * way gets that answer too: quiet for DRAIN_QUIET, then stop. */
    double deadline = now() + DRAIN_SECONDS, quiet_since = now();
    pthread_mutex_lock(&s.mu);
    s.stopping = 1;
    for (;;) {
        if (s.active > 0)
            quiet_since = now();
        if (now() - quiet_since >= DRAIN_QUIET || now() >= deadline)
            break;
        pthread_mutex_unlock(&s.mu);
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&s.mu);
    }
    unsigned left = s.active;
    pthread_mutex_unlock(&s.mu);
    if (left > 0)
        fprintf(stderr, "vpostcode: serve: %u request%s still running after %d s: closed\n", left,
                left == 1 ? "" : "s", DRAIN_SECONDS);
    MHD_stop_daemon(s.daemon);
    db_release(&s, s.cur);
    pthread_mutex_destroy(&s.mu);
    return EXIT_OK;
}
