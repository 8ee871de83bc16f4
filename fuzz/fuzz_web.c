/*
 * fuzz_web.c — libFuzzer target: one HTTP request through everything of
 * src/web that reads what a client sends — the router (path patterns,
 * {id} segments, the API prefix), the static-path guard, session cookies,
 * CSRF tokens, bearer tokens, query integers, form fields and JSON bodies —
 * and the handler it reaches, against a small ledger.
 *
 * libmicrohttpd parses HTTP itself (request line, headers, percent-decoding
 * of the query, urlencoded and multipart forms, cookies); what it hands
 * over is modelled here as the lists server.c copies into web_request.
 *
 * Input, lines separated by LF: the first byte is flags (bit 0: send the
 * admin's session cookie; bit 1: send that session's CSRF token as the
 * form field "csrf" and the X-CSRF-Token header; bit 2: send the admin's
 * API token as a bearer token), then the method, then the path with an
 * optional "?k=v&k2=v2" query, then lines "C name=value" (cookie),
 * "H name: value" (header), "F name=value" (form field) and finally
 * "B" followed by the raw body (the rest of the input).
 *
 * Every request runs in a transaction that is rolled back, so each input
 * meets the same ledger.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_store.h"
#include "web/web_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A fixed clock (inside the calendar's years) and fixed credentials. */
#define FUZZ_NOW INT64_C(1732000000) /* 2024-11-19 */
static const char session_token[] =
    "5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55";
static const char api_token[] =
    "a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a";
static const char csrf_token[] =
    "c5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cfc5cf";

static ogi_store *store;
static ogi_calendar *cal;
static ogi_web_config cfg;

static void setup(void)
{
    setenv("OGI_PWHASH_COST", "min", 1); /* a login attempt must not cost 100 ms */
    store = fuzz_store_open();
    cal = fuzz_calendar_load();
    ogi_web_config_defaults(&cfg);
    cfg.db_path = ":memory:";
    cfg.static_dir = OGI_FUZZ_SOURCE_DIR "/data/web";
    cfg.cal = cal;
    char *hash = ogi_web_password_hash("fuzz-password");
    ogi_user u = {.name = (char *)"admin", .role = (char *)"admin"};
    if (!hash || ogi_store_user_add(store, &u, hash, "fuzz"))
        fuzz_die("user", ogi_store_error(store));
    free(hash);
    char h[WEB_TOKEN_HEX];
    web_token_hash(session_token, h);
    ogi_session se = {.id_hash = h, .user_id = u.id, .csrf_token = (char *)csrf_token,
                      .created_at = FUZZ_NOW, .expires_at = FUZZ_NOW + 3600,
                      .last_seen = FUZZ_NOW};
    if (ogi_store_session_add(store, &se))
        fuzz_die("session", ogi_store_error(store));
    web_token_hash(api_token, h);
    if (ogi_store_api_token_add(store, h, u.id, "fuzz", "fuzz"))
        fuzz_die("api token", ogi_store_error(store));
}

/* "name=value" (no '=': an empty value). */
static void add_pair(web_kvs *l, char *s)
{
    char *v = strchr(s, '=');
    if (v)
        *v++ = '\0';
    web_kvs_add(l, s, v ? v : "");
}

/* "k=v&k2=v2" into a list, as MHD hands the query over.  The harness does
 * not percent-decode: what MHD would decode is already plain bytes here. */
static void split_query(web_kvs *l, char *s)
{
    while (s && *s) {
        char *next = strchr(s, '&');
        if (next)
            *next++ = '\0';
        add_pair(l, s);
        s = next;
    }
}

static char *next_line(char **p, char *end)
{
    if (*p >= end)
        return NULL;
    char *line = *p, *nl = memchr(line, '\n', (size_t)(end - line));
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = end;
    }
    return line;
}

/* The C/H/F lines and the body. */
static void read_fields(web_request *r, char *p, char *end)
{
    char *line;
    while ((line = next_line(&p, end))) {
        switch (line[0]) {
        case 'C': add_pair(&r->cookies, line + 1 + (line[1] == ' ')); break;
        case 'F': add_pair(&r->form, line + 1 + (line[1] == ' ')); break;
        case 'H': {
            char *v = strchr(line, ':');
            if (v) {
                *v++ = '\0';
                web_kvs_add(&r->in_headers, line + 1 + (line[1] == ' '), v + (*v == ' '));
            }
            break;
        }
        case 'B':
            ogi_buf_put(&r->body, line + 1, strlen(line + 1));
            if (p < end) { /* the body runs to the end of the input, LFs included */
                ogi_buf_putc(&r->body, '\n');
                ogi_buf_put(&r->body, p, (size_t)(end - p));
            }
            return;
        default: break;
        }
    }
}

static void add_credentials(web_request *r, uint8_t flags)
{
    if (flags & 1)
        web_kvs_add(&r->cookies, WEB_SESSION_COOKIE, session_token);
    if (flags & 2) {
        web_kvs_add(&r->form, "csrf", csrf_token);
        web_kvs_add(&r->in_headers, "X-CSRF-Token", csrf_token);
    }
    if (flags & 4) {
        char bearer[8 + WEB_TOKEN_HEX];
        snprintf(bearer, sizeof bearer, "Bearer %s", api_token);
        web_kvs_add(&r->in_headers, "Authorization", bearer);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        setup();
    if (size < 1)
        return 0;
    char *text = malloc(size); /* data[1..] plus a NUL */
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *p = text, *end = text + size - 1;
    char *method = next_line(&p, end), *path = next_line(&p, end);
    if (!method || !path || path[0] != '/') { /* MHD refuses a request line without them */
        free(text);
        return 0;
    }
    char *query = strchr(path, '?');
    if (query)
        *query++ = '\0';
    web_request r;
    web_request_init(&r, &cfg, store, method, path);
    r.now = FUZZ_NOW;
    snprintf(r.addr, sizeof r.addr, "127.0.0.1");
    split_query(&r.query, query);
    read_fields(&r, p, end);
    add_credentials(&r, data[0]);
    if (ogi_store_begin(store))
        fuzz_die("begin", ogi_store_error(store));
    web_dispatch(&r);
    ogi_store_rollback(store);
    if (r.status < 100 || r.status > 599)
        fuzz_die("status out of range", path);
    web_request_free(&r);
    free(text);
    return 0;
}
