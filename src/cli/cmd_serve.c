/*
 * cmd_serve.c — `ogi serve`: run the portal and staff console until
 * SIGINT or SIGTERM.  The signals are blocked before the server's threads
 * start (so they inherit the mask) and collected with sigwait here, which
 * makes shutdown an ordinary function call instead of work in a handler.
 * On PostgreSQL the process's connection pool is sized here (--db-pool,
 * by default one connection per worker thread) and passed to the store as
 * the URI's pool_size.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/ledger.h"
#include "ogi/store.h"
#include "ogi/web.h"

static const char serve_usage[] =
    "usage: ogi serve --db FILE|URI --listen HOST:PORT [options]\n"
    "\n"
    "Serve the public portal (政府信息公开指南, 公开目录) and the staff console\n"
    "(/admin) over HTTP.  The database is migrated on start, and open applications'\n"
    "due dates are recomputed from the calendar.  Sessions and login throttling\n"
    "live in the database, so several servers may share it.\n"
    "\n"
    "options:\n"
    "  --db DB            the ledger database (required): a SQLite file, or a\n"
    "                     postgres:// or postgresql:// URI (docs/postgresql.md)\n"
    "  --listen HOST:PORT numeric IPv4 address and port, e.g. 127.0.0.1:8080\n"
    "                     (port 0 picks a free port; the URL printed says which)\n"
    "  --calendar PATH    working-day calendar CSV (default data/holidays.csv when\n"
    "                     readable; without one the work queue shows due dates only)\n"
    "  --static DIR       static files (default data/web)\n"
    "  --threads N        worker threads, each with its own database handle (default 4)\n"
    "  --db-pool N        PostgreSQL only: most connections this process opens to the\n"
    "                     database, shared by the worker threads (default: the URI's\n"
    "                     pool_size, else env OGI_PG_POOL, else --threads)\n"
    "  --max-body BYTES   largest request body; larger ones get 413 (default 65536)\n"
    "  --secure-cookies   mark cookies Secure: use when clients reach the server over\n"
    "                     HTTPS (e.g. behind a TLS-terminating reverse proxy)\n"
    "  -h, --help         show this help\n"
    "\n"
    "exit status: 0 after SIGINT/SIGTERM, 2 bad usage or cannot start\n";

typedef struct {
    ogi_web_config web;
    const char *calendar;
    unsigned long db_pool; /* 0: not given */
    bool help;
} serve_options;

static bool parse_listen(const char *arg, ogi_web_config *c, char *host, size_t hostlen)
{
    const char *colon = strrchr(arg, ':');
    if (!colon || colon == arg || (size_t)(colon - arg) >= hostlen)
        return false;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535)
        return false;
    memcpy(host, arg, (size_t)(colon - arg));
    host[colon - arg] = '\0';
    c->host = host;
    c->port = (uint16_t)port;
    return true;
}

static bool parse_count(const char *arg, unsigned long max, unsigned long *out)
{
    char *end;
    unsigned long v = strtoul(arg, &end, 10);
    if (!*arg || *end || v < 1 || v > max || arg[0] == '-')
        return false;
    *out = v;
    return true;
}

static int apply_option(int c, const char *arg, serve_options *o, char *host, size_t hostlen)
{
    unsigned long v;
    switch (c) {
    case 'h': o->help = true; return OGI_EXIT_OK;
    case 'd': o->web.db_path = arg; return OGI_EXIT_OK;
    case 'c': o->calendar = arg; return OGI_EXIT_OK;
    case 's': o->web.static_dir = arg; return OGI_EXIT_OK;
    case 'S': o->web.secure_cookies = true; return OGI_EXIT_OK;
    case 'l':
        if (parse_listen(arg, &o->web, host, hostlen))
            return OGI_EXIT_OK;
        return ogi_cli_usage_error("serve", "--listen must be HOST:PORT, not '%s'", arg);
    case 't':
        if (!parse_count(arg, 256, &v))
            return ogi_cli_usage_error("serve", "--threads must be 1..256, not '%s'", arg);
        o->web.threads = (unsigned)v;
        return OGI_EXIT_OK;
    case 'p':
        if (!parse_count(arg, 1000, &o->db_pool))
            return ogi_cli_usage_error("serve", "--db-pool must be 1..1000, not '%s'", arg);
        return OGI_EXIT_OK;
    case 'b':
        if (!parse_count(arg, 64UL * 1024 * 1024, &v))
            return ogi_cli_usage_error("serve", "--max-body must be 1..67108864, not '%s'", arg);
        o->web.max_body = v;
        return OGI_EXIT_OK;
    default: return ogi_cli_usage_error("serve", "unknown or incomplete option");
    }
}

static int parse_options(int argc, char **argv, serve_options *o, char *host, size_t hostlen)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},       {"listen", required_argument, NULL, 'l'},
        {"calendar", required_argument, NULL, 'c'}, {"static", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},  {"max-body", required_argument, NULL, 'b'},
        {"secure-cookies", no_argument, NULL, 'S'}, {"db-pool", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    ogi_web_config_defaults(&o->web);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1)
        if (apply_option(c, optarg, o, host, hostlen) != OGI_EXIT_OK)
            return OGI_EXIT_USAGE;
    if (o->help)
        return OGI_EXIT_OK;
    if (optind < argc)
        return ogi_cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    if (!o->web.db_path)
        return ogi_cli_usage_error("serve", "--db FILE is required");
    return OGI_EXIT_OK;
}

/* The calendar: the named file (an error if unreadable), else the default if present. */
static int load_calendar(const char *path, ogi_calendar **cal)
{
    char err[1024];
    *cal = NULL;
    const char *file = path ? path : "data/holidays.csv";
    *cal = ogi_calendar_load(file, err, sizeof err);
    if (!*cal && path) {
        fprintf(stderr, "ogi serve: %s\n", err);
        return -1;
    }
    return 0;
}

/* The database URI the server opens: on PostgreSQL with pool_size set from
 * --db-pool, or to the thread count when nothing else sizes the pool, so
 * that no worker waits for a connection.  malloc'd. */
static char *pooled_uri(const serve_options *o)
{
    const char *uri = o->web.db_path, *query = strchr(uri, '?');
    const char *env = getenv("OGI_PG_POOL");
    bool sized = (query && strstr(query, "pool_size=")) || (env && *env);
    if (!ogi_store_uri_is_postgres(uri) || (!o->db_pool && sized))
        return ogi_strdup(uri);
    ogi_buf b;
    ogi_buf_init(&b);
    /* A later pool_size overrides an earlier one in the URI. */
    ogi_buf_printf(&b, "%s%cpool_size=%lu", uri, query ? '&' : '?',
                   o->db_pool ? o->db_pool : (unsigned long)o->web.threads);
    return ogi_buf_steal(&b);
}

/* The calendar the server judges clocks by may be newer than the one the
 * stored due dates were computed with (a holiday arrangement for the next
 * year loaded, an amendment): bring every open application's due date in
 * line with it before serving, as `ogi app recompute` would.  A failure is
 * reported and serving goes on with the stored dates. */
static void recompute_due_dates(const char *uri, const ogi_calendar *cal)
{
    char err[1024];
    ogi_store *s = ogi_store_open(uri, err, sizeof err);
    size_t changed = 0;
    if (!s || ogi_app_recompute_all(s, cal, &changed, err, sizeof err))
        fprintf(stderr, "ogi serve: due dates not recomputed: %s\n", err);
    else if (changed)
        printf("ogi serve: %zu open application due date(s) recomputed from the calendar\n",
               changed);
    ogi_store_close(s);
}

static int wait_for_signal(const sigset_t *set)
{
    int sig = 0;
    sigwait(set, &sig);
    return sig;
}

int ogi_cmd_serve(int argc, char **argv)
{
    serve_options o;
    char host[64];
    if (parse_options(argc, argv, &o, host, sizeof host) != OGI_EXIT_OK)
        return OGI_EXIT_USAGE;
    if (o.help) {
        fputs(serve_usage, stdout);
        return OGI_EXIT_OK;
    }
    ogi_calendar *cal;
    if (load_calendar(o.calendar, &cal))
        return OGI_EXIT_USAGE;
    o.web.cal = cal;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    char err[1024];
    char *uri = pooled_uri(&o);
    o.web.db_path = uri;
    ogi_web_server *srv = ogi_web_start(&o.web, err, sizeof err);
    if (srv && cal) /* after the server's start, which migrates the schema */
        recompute_due_dates(uri, cal);
    free(uri); /* the server keeps its own copy */
    if (!srv) {
        fprintf(stderr, "ogi serve: %s\n", err);
        ogi_calendar_free(cal);
        return OGI_EXIT_USAGE;
    }
    printf("ogi serve: listening on http://%s:%u/\n", o.web.host, (unsigned)ogi_web_port(srv));
    fflush(stdout);
    int sig = wait_for_signal(&set);
    fprintf(stderr, "ogi serve: %s received, shutting down\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    ogi_web_stop(srv);
    ogi_calendar_free(cal);
    return OGI_EXIT_OK;
}
