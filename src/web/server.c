/*
 * server.c — the libmicrohttpd glue: daemon options (thread pool, epoll,
 * timeouts, connection limit), request bodies (form fields through MHD's
 * post processor, 413 beyond the size limit), one store handle per worker
 * thread, and the security headers every response carries.
 *
 * Nothing here parses HTTP; it only moves data between MHD and the plain
 * web_request that router.c and the handlers work on.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/web_internal.h"

#define FORM_MAX_FIELDS 200

struct ogi_web_server {
    ogi_web_config cfg;
    char *db_path, *host, *static_dir;
    struct MHD_Daemon *daemon;
    pthread_key_t store_key;
    uint16_t port;
};

/* What one request accumulates across MHD's calls. */
typedef struct {
    struct MHD_PostProcessor *pp;
    web_kvs form;
    ogi_buf raw;      /* a body that is not a form (JSON), kept whole */
    size_t body_len;
    bool too_large, bad_form, responded;
} conn_state;

void ogi_web_config_defaults(ogi_web_config *c)
{
    *c = (ogi_web_config){
        .host = "127.0.0.1",
        .port = 8080,
        .static_dir = "data/web",
        .threads = 4,
        .max_connections = 256,
        .timeout_seconds = 30,
        .max_body = 64 * 1024,
        .session_idle = 30 * 60,
        .session_max = 12 * 60 * 60,
    };
}

static void close_store(void *p) { ogi_store_close(p); }

/* This worker thread's store handle, opened on first use. */
static ogi_store *thread_store(ogi_web_server *srv)
{
    ogi_store *s = pthread_getspecific(srv->store_key);
    if (s)
        return s;
    char err[512];
    s = ogi_store_open(srv->db_path, err, sizeof err);
    if (!s) {
        fprintf(stderr, "ogi serve: %s\n", err);
        return NULL;
    }
    pthread_setspecific(srv->store_key, s);
    return s;
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    web_kvs_add(cls, key, value ? value : "");
    return MHD_YES;
}

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    conn_state *st = cls;
    if (filename) /* no file uploads on these forms */
        return MHD_YES;
    if (off == 0) {
        if (st->form.n >= FORM_MAX_FIELDS)
            return MHD_NO;
        web_kvs_add(&st->form, key, "");
    }
    web_kvs_append(&st->form, key, data, size);
    return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char *out, size_t len)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, len, "unknown");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)len);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)len);
}

static void add_security_headers(struct MHD_Response *resp, const web_request *r)
{
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                            "base-uri 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    if (!web_kvs_get(&r->headers, "Cache-Control"))
        MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result send_response(struct MHD_Connection *c, web_request *r, conn_state *st)
{
    /* The page buffer passes to MHD, which frees it: no copy of the page. */
    size_t len = r->out.len;
    char *body = ogi_buf_steal(&r->out);
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", r->content_type);
    add_security_headers(resp, r);
    for (size_t i = 0; i < r->headers.n; i++)
        MHD_add_response_header(resp, r->headers.v[i].key, r->headers.v[i].value);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    st->responded = true;
    return ok;
}

static enum MHD_Result send_too_large(ogi_web_server *srv, struct MHD_Connection *c,
                                      conn_state *st, const char *method, const char *url)
{
    web_request r;
    web_request_init(&r, &srv->cfg, NULL, method, url);
    web_error(&r, 413, "提交的内容过大。");
    enum MHD_Result ok = send_response(c, &r, st);
    web_request_free(&r);
    return ok;
}

static bool declared_too_large(struct MHD_Connection *c, size_t max)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (!cl)
        return false;
    char *end;
    unsigned long long n = strtoull(cl, &end, 10);
    return end == cl || *end || n > max;
}

static enum MHD_Result handle(ogi_web_server *srv, struct MHD_Connection *c, const char *url,
                              const char *method, conn_state *st)
{
    web_request r;
    web_request_init(&r, &srv->cfg, thread_store(srv), method, url);
    r.form = st->form;
    memset(&st->form, 0, sizeof st->form);
    r.now = (int64_t)time(NULL);
    client_address(c, r.addr, sizeof r.addr);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, &r.query);
    MHD_get_connection_values(c, MHD_COOKIE_KIND, collect, &r.cookies);
    MHD_get_connection_values(c, MHD_HEADER_KIND, collect, &r.in_headers);
    ogi_buf_free(&r.body);
    r.body = st->raw;
    memset(&st->raw, 0, sizeof st->raw);
    if (st->bad_form)
        web_error(&r, 400, "提交的表单无效。");
    else if (r.store)
        web_dispatch(&r);
    else
        web_error(&r, 503, "数据库暂时不可用，请稍后再试。");
    enum MHD_Result ok = send_response(c, &r, st);
    web_request_free(&r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    ogi_web_server *srv = cls;
    conn_state *st = *con_cls;
    if (!st) {
        st = ogi_xcalloc(1, sizeof *st);
        *con_cls = st;
        if (declared_too_large(c, srv->cfg.max_body)) {
            st->too_large = true;
            return send_too_large(srv, c, st, method, url);
        }
        if (!strcmp(method, "POST"))
            st->pp = MHD_create_post_processor(c, 8192, on_field, st);
        return MHD_YES;
    }
    if (st->responded) {
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        st->body_len += *upload_size;
        if (st->body_len > srv->cfg.max_body)
            st->too_large = true;
        else if (st->pp && MHD_post_process(st->pp, upload, *upload_size) != MHD_YES)
            st->bad_form = true; /* malformed, or more fields than any form of ours */
        else if (!st->pp)
            ogi_buf_put(&st->raw, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (st->too_large)
        return send_too_large(srv, c, st, method, url);
    return handle(srv, c, url, method, st);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c, (void)toe;
    conn_state *st = *con_cls;
    if (!st)
        return;
    if (st->pp)
        MHD_destroy_post_processor(st->pp);
    web_kvs_free(&st->form);
    ogi_buf_free(&st->raw);
    free(st);
    *con_cls = NULL;
}

static int migrate(const char *db_path, char *err, size_t errlen)
{
    ogi_store *s = ogi_store_open(db_path, err, errlen);
    if (!s)
        return -1;
    int rc = ogi_store_migrate(s, NULL, err, errlen);
    ogi_store_close(s);
    return rc;
}

static struct MHD_Daemon *start_daemon(ogi_web_server *srv, const struct sockaddr_in *addr)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    return MHD_start_daemon(flags, srv->cfg.port, NULL, NULL, on_request, srv,
                            MHD_OPTION_SOCK_ADDR, addr,
                            MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads,
                            MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.timeout_seconds,
                            MHD_OPTION_CONNECTION_LIMIT, srv->cfg.max_connections,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
                            MHD_OPTION_END);
}

static void server_free(ogi_web_server *srv)
{
    free(srv->db_path);
    free(srv->host);
    free(srv->static_dir);
    free(srv);
}

ogi_web_server *ogi_web_start(const ogi_web_config *c, char *err, size_t errlen)
{
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(c->port)};
    if (!c->host || inet_pton(AF_INET, c->host, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "%s: not a numeric IPv4 address", c->host ? c->host : "");
        return NULL;
    }
    if (migrate(c->db_path, err, errlen))
        return NULL;
    ogi_web_server *srv = ogi_xcalloc(1, sizeof *srv);
    srv->cfg = *c;
    srv->cfg.db_path = srv->db_path = ogi_strdup(c->db_path);
    srv->cfg.host = srv->host = ogi_strdup(c->host);
    srv->cfg.static_dir = srv->static_dir = ogi_strdup(c->static_dir);
    if (srv->cfg.threads < 1)
        srv->cfg.threads = 1;
    pthread_key_create(&srv->store_key, close_store);
    srv->daemon = start_daemon(srv, &addr);
    if (!srv->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%u", c->host, (unsigned)c->port);
        pthread_key_delete(srv->store_key);
        server_free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : c->port;
    return srv;
}

uint16_t ogi_web_port(const ogi_web_server *srv) { return srv->port; }

void ogi_web_stop(ogi_web_server *srv)
{
    if (!srv)
        return;
    /* Worker threads exit here; their store handles close with them. */
    MHD_stop_daemon(srv->daemon);
    pthread_key_delete(srv->store_key);
    server_free(srv);
}
