/*
 * ogi/web.h — `ogi serve`: the public portal and the staff console over HTTP.
 *
 * The server keeps no shared mutable state in memory: sessions, login
 * throttling and everything else live in the database, and every worker
 * thread opens its own store handle, so several servers may run against
 * one database.  HTTP itself is libmicrohttpd's job.
 */
#ifndef OGI_WEB_H
#define OGI_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/calendar.h"

typedef struct {
    const char *db_path;        /* store URI, migrated by ogi_web_start */
    const char *host;           /* numeric IPv4 address to bind, e.g. "127.0.0.1" */
    uint16_t port;              /* 0 = any free port (see ogi_web_port) */
    const char *static_dir;     /* data/web */
    const ogi_calendar *cal;    /* working-day calendar; NULL = clocks not shown */
    unsigned threads;           /* worker threads, each with its own store handle */
    unsigned max_connections;
    unsigned timeout_seconds;   /* idle connection timeout */
    size_t max_body;            /* larger request bodies get 413 */
    bool secure_cookies;        /* add Secure to cookies (served behind HTTPS) */
    int64_t session_idle;       /* seconds without a request before a session ends */
    int64_t session_max;        /* seconds after login before a session ends regardless */
} ogi_web_config;

typedef struct ogi_web_server ogi_web_server;

void ogi_web_config_defaults(ogi_web_config *c);
/* Migrate the database and start serving.  NULL with err on failure. */
ogi_web_server *ogi_web_start(const ogi_web_config *c, char *err, size_t errlen);
/* The bound port (useful when the configured port was 0). */
uint16_t ogi_web_port(const ogi_web_server *srv);
/* Stop accepting, finish running requests, free everything. */
void ogi_web_stop(ogi_web_server *srv);

/* Password hashing (argon2id, libsodium).  The cost is INTERACTIVE unless
 * the environment variable OGI_PWHASH_COST=min is set — for tests only, it
 * makes hashes cheap and weak.  Returns a malloc'd hash string or NULL. */
char *ogi_web_password_hash(const char *password);
bool ogi_web_password_verify(const char *hash, const char *password);

#endif
