/*
 * request.c — the request as plain data and the response helpers every
 * handler uses, so that status codes, cookies and error pages look the same
 * everywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web_internal.h"

void web_kvs_add(web_kvs *l, const char *key, const char *value)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = ogi_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n].key = ogi_strdup(key ? key : "");
    l->v[l->n].value = ogi_strdup(value ? value : "");
    l->n++;
}

void web_kvs_append(web_kvs *l, const char *key, const char *data, size_t len)
{
    if (!l->n || strcmp(l->v[l->n - 1].key, key)) {
        web_kvs_add(l, key, "");
    }
    web_kv *kv = &l->v[l->n - 1];
    size_t old = strlen(kv->value);
    kv->value = ogi_xrealloc(kv->value, old + len + 1);
    memcpy(kv->value + old, data, len);
    kv->value[old + len] = '\0';
}

const char *web_kvs_get(const web_kvs *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].key, key))
            return l->v[i].value;
    return NULL;
}

void web_kvs_free(web_kvs *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

void web_request_init(web_request *r, const ogi_web_config *cfg, ogi_store *store,
                      const char *method, const char *path)
{
    memset(r, 0, sizeof *r);
    r->cfg = cfg;
    r->store = store;
    r->method = method;
    r->path = path;
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    ogi_buf_init(&r->out);
    ogi_buf_init(&r->body);
}

void web_request_free(web_request *r)
{
    web_kvs_free(&r->query);
    web_kvs_free(&r->form);
    web_kvs_free(&r->cookies);
    web_kvs_free(&r->headers);
    web_kvs_free(&r->in_headers);
    ogi_buf_free(&r->body);
    ogi_user_free(&r->user);
    ogi_session_free(&r->session);
    ogi_buf_free(&r->out);
}

const char *web_query(const web_request *r, const char *key) { return web_kvs_get(&r->query, key); }
const char *web_form(const web_request *r, const char *key) { return web_kvs_get(&r->form, key); }
const char *web_header(const web_request *r, const char *name)
{
    for (size_t i = 0; i < r->in_headers.n; i++)
        if (!strcasecmp(r->in_headers.v[i].key, name))
            return r->in_headers.v[i].value;
    return NULL;
}

const char *web_cookie(const web_request *r, const char *key)
{
    return web_kvs_get(&r->cookies, key);
}

void web_set_header(web_request *r, const char *name, const char *value)
{
    web_kvs_add(&r->headers, name, value);
}

void web_redirect(web_request *r, const char *location)
{
    r->status = 303;
    ogi_buf_reset(&r->out);
    web_set_header(r, "Location", location);
    r->content_type = "text/plain; charset=utf-8";
    ogi_buf_puts(&r->out, "请转到 ");
    ogi_buf_puts(&r->out, location);
}

void web_error(web_request *r, int status, const char *message)
{
    if (r->path && !strncmp(r->path, "/api/", 5)) { /* API clients get JSON errors */
        web_api_error(r, status, NULL, message);
        return;
    }
    r->status = status;
    r->content_type = "text/html; charset=utf-8";
    ogi_buf_reset(&r->out);
    char title[32];
    snprintf(title, sizeof title, "错误 %d", status);
    web_page_begin(r, title);
    ogi_buf_puts(&r->out, "<p class=\"error\">");
    ogi_buf_html(&r->out, message);
    ogi_buf_puts(&r->out, "</p>\n<p><a href=\"/\">返回首页</a></p>\n");
    web_page_end(r);
}

void web_set_cookie(web_request *r, const char *name, const char *value, int64_t max_age)
{
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Strict", name, value);
    if (max_age >= 0)
        ogi_buf_printf(&b, "; Max-Age=%lld", (long long)max_age);
    if (r->cfg && r->cfg->secure_cookies)
        ogi_buf_puts(&b, "; Secure");
    web_set_header(r, "Set-Cookie", b.data);
    ogi_buf_free(&b);
}

void web_url_encode(ogi_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~", *p)) {
            ogi_buf_putc(b, (char)*p);
        } else {
            ogi_buf_putc(b, '%');
            ogi_buf_putc(b, hex[*p >> 4]);
            ogi_buf_putc(b, hex[*p & 15]);
        }
    }
}
