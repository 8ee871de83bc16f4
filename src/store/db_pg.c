/*
 * db_pg.c — the PostgreSQL backend of the db executor (libpq): the
 * platform database, for offices that share one server among several
 * `ogi serve` processes and workers.
 *
 * Every query is sent with PQexecParams and text parameters.  Parameter
 * types come from the binding calls (an int binds as int8, a text or a
 * NULL text as text, an untyped NULL — an absent reference — as "unknown"
 * for the server to infer from the column), so the store's one query text
 * works on both backends: `$1 = 0 OR agency_id = $1` and
 * `$2 IS NULL OR status = $2` need no cast.
 * The whole result of a statement is fetched and stepped through row by
 * row, so a caller may run other statements while iterating, as it may on
 * SQLite.
 *
 * A store handle is owned by one thread at a time (the web server keeps one
 * per worker thread), so a handle holds one connection.  Connections are
 * pooled per process: a handle borrows one on open and gives it back on
 * close, so short-lived handles do not pay for a new connection each time.
 * The pool keeps at most pool_size idle connections per database (URI
 * parameter pool_size, else env OGI_PG_POOL, else 4); handles beyond that
 * connect and disconnect on their own — the pool never blocks.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/db.h"

enum { PG_OID_UNKNOWN = 0, PG_OID_INT8 = 20, PG_OID_TEXT = 25, PG_POOL_DEFAULT = 4 };

/* ---- the connection pool ---- */

typedef struct pg_pool {
    char *conninfo; /* the URI without ogi's own parameters */
    int size;       /* idle connections kept */
    int n_idle;
    PGconn **idle;
    struct pg_pool *next;
} pg_pool;

static pthread_mutex_t pools_lock = PTHREAD_MUTEX_INITIALIZER;
static pg_pool *pools;
static pthread_once_t pools_once = PTHREAD_ONCE_INIT;

/* At exit, close the idle connections so that the server sees a clean
 * goodbye and leak checkers see no open connection. */
static void pools_drain(void)
{
    pthread_mutex_lock(&pools_lock);
    while (pools) {
        pg_pool *p = pools;
        pools = p->next;
        for (int i = 0; i < p->n_idle; i++)
            PQfinish(p->idle[i]);
        free(p->idle);
        free(p->conninfo);
        free(p);
    }
    pthread_mutex_unlock(&pools_lock);
}

static void pools_init(void) { atexit(pools_drain); }

/* The pool of a database, created on first use.  Called with pools_lock. */
static pg_pool *pool_for(const char *conninfo, int size)
{
    for (pg_pool *p = pools; p; p = p->next)
        if (!strcmp(p->conninfo, conninfo))
            return p;
    pg_pool *p = ogi_xcalloc(1, sizeof *p);
    p->conninfo = ogi_strdup(conninfo);
    p->size = size;
    p->idle = ogi_xcalloc(size > 0 ? (size_t)size : 1, sizeof *p->idle);
    p->next = pools;
    pools = p;
    return p;
}

static PGconn *pool_take(pg_pool *p)
{
    pthread_mutex_lock(&pools_lock);
    PGconn *c = p->n_idle ? p->idle[--p->n_idle] : NULL;
    pthread_mutex_unlock(&pools_lock);
    return c;
}

/* Give a connection back; one left inside a transaction or broken is
 * closed instead, so a borrower always starts from a clean session. */
static void pool_give(pg_pool *p, PGconn *c)
{
    bool clean = PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
    pthread_mutex_lock(&pools_lock);
    if (clean && p->n_idle < p->size) {
        p->idle[p->n_idle++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&pools_lock);
    if (c)
        PQfinish(c);
}

/* ---- the URI ---- */

/* The URI with the password masked, for messages. */
static void redact(const char *uri, char *out, size_t len)
{
    ogi_buf b;
    ogi_buf_init(&b);
    const char *scheme = strstr(uri, "://"), *at = strchr(uri, '@');
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    for (const char *p = uri; *p;) {
        if (colon && at && p == colon + 1 && colon < at) {
            ogi_buf_puts(&b, "***");
            p = at;
        } else if (!strncmp(p, "password=", 9)) {
            ogi_buf_puts(&b, "password=***");
            p += strcspn(p, "&");
        } else {
            ogi_buf_putc(&b, *p++);
        }
    }
    snprintf(out, len, "%s", b.data ? b.data : "");
    ogi_buf_free(&b);
}

/* Split ogi's pool_size parameter off the URI (libpq rejects unknown
 * parameters).  Returns the conninfo for libpq, malloc'd; *pool_size is
 * -1 when the URI does not say. */
static char *split_pool_size(const char *uri, int *pool_size)
{
    *pool_size = -1;
    const char *q = strchr(uri, '?');
    if (!q)
        return ogi_strdup(uri);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_put(&b, uri, (size_t)(q - uri));
    char sep = '?';
    for (const char *p = q + 1; *p;) {
        size_t n = strcspn(p, "&");
        if (!strncmp(p, "pool_size=", 10) && n > 10) {
            *pool_size = atoi(p + 10);
        } else if (n) {
            ogi_buf_putc(&b, sep);
            ogi_buf_put(&b, p, n);
            sep = '&';
        }
        p += n + (p[n] == '&');
    }
    return ogi_buf_steal(&b);
}

static int configured_pool_size(int from_uri)
{
    const char *env = getenv("OGI_PG_POOL");
    int n = from_uri >= 0 ? from_uri : env && *env ? atoi(env) : PG_POOL_DEFAULT;
    return n < 0 ? 0 : n > 1000 ? 1000 : n;
}

/* ---- the executor ---- */

typedef struct {
    db base;
    PGconn *conn;
    pg_pool *pool;
} pg_db;

struct db_stmt {
    db *owner; /* first: see db.c */
    char *sql;
    int nparams;
    Oid *types;
    char **values;
    PGresult *res;
    int next_row; /* the row step returns next */
    int changes;
};

static PGconn *conn_of(db *d) { return ((pg_db *)d)->conn; }

/* A one-line message: trailing newlines of libpq's messages removed. */
static void set_err(db *d, const char *msg)
{
    snprintf(d->err, sizeof d->err, "%s", msg && *msg ? msg : "unknown PostgreSQL error");
    size_t n = strlen(d->err);
    while (n && (d->err[n - 1] == '\n' || d->err[n - 1] == ' '))
        d->err[--n] = '\0';
}

/* The server's message with its detail, e.g. which key is duplicated. */
static void note_result_error(db *d, const PGresult *res)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    if (!primary) {
        set_err(d, res ? PQresultErrorMessage(res) : PQerrorMessage(conn_of(d)));
        if (!d->err[0] || !strcmp(d->err, "unknown PostgreSQL error"))
            set_err(d, PQerrorMessage(conn_of(d)));
        return;
    }
    char msg[sizeof d->err];
    snprintf(msg, sizeof msg, "%s%s%s%s", primary, detail ? " (" : "", detail ? detail : "",
             detail ? ")" : "");
    set_err(d, msg);
}

static db_stmt *p_prepare(db *d, const char *sql)
{
    db_stmt *s = ogi_xcalloc(1, sizeof *s);
    s->owner = d;
    s->sql = ogi_strdup(sql);
    return s;
}

static void set_param(db_stmt *s, int idx, Oid type, char *value)
{
    if (idx < 1) {
        free(value);
        return;
    }
    if (idx > s->nparams) {
        s->types = ogi_xrealloc(s->types, (size_t)idx * sizeof *s->types);
        s->values = ogi_xrealloc(s->values, (size_t)idx * sizeof *s->values);
        for (int i = s->nparams; i < idx; i++) {
            s->types[i] = PG_OID_UNKNOWN;
            s->values[i] = NULL;
        }
        s->nparams = idx;
    }
    free(s->values[idx - 1]);
    s->types[idx - 1] = type;
    s->values[idx - 1] = value;
}

static void p_bind_text(db_stmt *s, int idx, const char *v)
{
    set_param(s, idx, PG_OID_TEXT, v ? ogi_strdup(v) : NULL); /* NULL: a text NULL */
}

static void p_bind_int(db_stmt *s, int idx, int64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)v);
    set_param(s, idx, PG_OID_INT8, ogi_strdup(text));
}

static void p_bind_null(db_stmt *s, int idx) { set_param(s, idx, PG_OID_UNKNOWN, NULL); }

static PGresult *run(db_stmt *s)
{
    return PQexecParams(conn_of(s->owner), s->sql, s->nparams, s->types,
                        (const char *const *)s->values, NULL, NULL, 0);
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY;
}

/* A connection lost outside a transaction is re-established once: nothing
 * of the session was lost that the next statement needs. */
static bool reconnected(db *d)
{
    if (PQstatus(conn_of(d)) != CONNECTION_BAD || d->tx_depth > 0)
        return false;
    PQreset(conn_of(d));
    return PQstatus(conn_of(d)) == CONNECTION_OK;
}

static int p_step(db_stmt *s)
{
    if (!s->res) {
        s->res = run(s);
        if (!result_ok(s->res) && reconnected(s->owner)) {
            PQclear(s->res);
            s->res = run(s);
        }
        if (!result_ok(s->res)) {
            note_result_error(s->owner, s->res);
            PQclear(s->res);
            s->res = NULL;
            return -1;
        }
        s->changes = atoi(PQcmdTuples(s->res));
        s->next_row = 0;
    }
    if (s->next_row >= PQntuples(s->res))
        return 0;
    s->next_row++;
    return 1;
}

/* The row step last returned. */
static int cur_row(db_stmt *s) { return s->next_row - 1; }

static bool p_col_null(db_stmt *s, int col)
{
    return !s->res || cur_row(s) < 0 || col >= PQnfields(s->res) ||
           PQgetisnull(s->res, cur_row(s), col);
}

static const char *p_col_text(db_stmt *s, int col)
{
    return p_col_null(s, col) ? NULL : PQgetvalue(s->res, cur_row(s), col);
}

/* Integers come as decimal text; a boolean (t/f) reads as 1/0, as on SQLite. */
static int64_t p_col_int(db_stmt *s, int col)
{
    const char *v = p_col_text(s, col);
    if (!v)
        return 0;
    if (!strcmp(v, "t"))
        return 1;
    return strtoll(v, NULL, 10);
}

static int p_changes(db_stmt *s) { return s->changes; }

static void p_finalize(db_stmt *s)
{
    PQclear(s->res);
    for (int i = 0; i < s->nparams; i++)
        free(s->values[i]);
    free(s->values);
    free(s->types);
    free(s->sql);
    free(s);
}

static int p_exec(db *d, const char *sql)
{
    PGresult *res = PQexec(conn_of(d), sql);
    if (!result_ok(res) && reconnected(d)) {
        PQclear(res);
        res = PQexec(conn_of(d), sql);
    }
    int rc = result_ok(res) ? 0 : -1;
    if (rc)
        note_result_error(d, res);
    PQclear(res);
    return rc;
}

static void p_close(db *d)
{
    pg_db *p = (pg_db *)d;
    if (PQtransactionStatus(p->conn) != PQTRANS_IDLE)
        PQclear(PQexec(p->conn, "ROLLBACK")); /* an abandoned transaction */
    pool_give(p->pool, p->conn);
    free(p);
}

static const struct db_ops pg_ops = {
    p_prepare, p_bind_text, p_bind_int, p_bind_null, p_step, p_col_text,
    p_col_int, p_col_null,  p_changes,  p_finalize,  p_exec, p_close,
};

/* NOTICEs (e.g. "… does not exist, skipping") are not errors: keep them
 * off the user's terminal. */
static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *connect_new(const char *conninfo, const char *uri, char *err, size_t errlen)
{
    PGconn *c = PQconnectdb(conninfo);
    if (c && PQstatus(c) == CONNECTION_OK && PQsetClientEncoding(c, "UTF8") == 0) {
        PQsetNoticeProcessor(c, quiet_notice, NULL);
        return c;
    }
    char shown[512], msg[512];
    redact(uri, shown, sizeof shown);
    snprintf(msg, sizeof msg, "%s", c ? PQerrorMessage(c) : "out of memory");
    msg[strcspn(msg, "\n")] = '\0';
    snprintf(err, errlen, "%s: cannot connect to PostgreSQL: %s", shown, msg);
    PQfinish(c);
    return NULL;
}

db *db_open_postgres(const char *uri, char *err, size_t errlen)
{
    int from_uri;
    char *conninfo = split_pool_size(uri, &from_uri);
    pthread_once(&pools_once, pools_init);
    pthread_mutex_lock(&pools_lock);
    pg_pool *pool = pool_for(conninfo, configured_pool_size(from_uri));
    pthread_mutex_unlock(&pools_lock);
    PGconn *c = pool_take(pool);
    if (c && PQstatus(c) != CONNECTION_OK) { /* the server went away while it idled */
        PQfinish(c);
        c = NULL;
    }
    if (!c)
        c = connect_new(conninfo, uri, err, errlen);
    free(conninfo);
    if (!c)
        return NULL;
    pg_db *d = ogi_xcalloc(1, sizeof *d);
    d->base.ops = &pg_ops;
    d->base.dialect = DB_POSTGRES;
    d->conn = c;
    d->pool = pool;
    return &d->base;
}
