/*
 * db_pg.c — the PostgreSQL backend of the db executor (libpq): the
 * platform database, for offices that share one server among several
 * `ogi serve` processes and workers.
 *
 * Parameter types come from the binding calls (an int binds as int8, a
 * text or a NULL text as text, an untyped NULL — an absent reference — as
 * "unknown" for the server to infer from the column), so the store's one
 * query text works on both backends: `$1 = 0 OR agency_id = $1` and
 * `$2 IS NULL OR status = $2` need no cast.  The whole result of a
 * statement is fetched and stepped through row by row, so a caller may run
 * other statements while iterating, as it may on SQLite.
 *
 * Prepared statements: each connection prepares a statement (PQprepare)
 * the first time it runs its SQL text with those parameter types, and
 * afterwards only executes it (PQexecPrepared): the server parses and
 * analyses each query once per connection instead of once per call.
 *
 * The connection pool: a process opens at most pool_size connections to a
 * database (URI parameter pool_size, else env OGI_PG_POOL, else 4; `ogi
 * serve` passes its --db-pool, by default its thread count).  A store
 * handle holds no connection of its own: it borrows one for each statement
 * and gives it back as soon as the connection is outside a transaction, so
 * any number of handles (the web server keeps one per worker thread) share
 * the pool.  A transaction keeps its connection until it ends.  When every
 * connection is lent, a borrower waits for one (at most 30 s, then the
 * statement fails with a message saying so).
 *
 * The data generation (db.h data_version): a one-row counter that a
 * statement trigger on every cached table bumps in the writing transaction
 * (schema.c, migration 7), so it changes exactly when committed data
 * changes, whichever process wrote.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/buf.h"
#include "store/db.h"

enum {
    PG_OID_UNKNOWN = 0,
    PG_OID_INT8 = 20,
    PG_OID_TEXT = 25,
    PG_POOL_DEFAULT = 4,
    PG_POOL_MAX = 1000,
    PG_POOL_WAIT_SECONDS = 30,
    PG_PREPARED_MAX = 256, /* statements kept prepared per connection */
};

/* ---- a connection and the statements prepared on it ---- */

typedef struct {
    char *sql; /* NULL = free slot */
    size_t hash;
    int nparams;
    Oid *types;
    char name[32];
} prepared_stmt;

typedef struct pg_conn {
    PGconn *conn;
    prepared_stmt prepared[PG_PREPARED_MAX];
    size_t next_victim;    /* round-robin eviction when all slots are taken */
    unsigned long serial;  /* statement names ogi_1, ogi_2 … */
    struct pg_conn *next;  /* in the pool's idle list */
} pg_conn;

static void prepared_clear(prepared_stmt *p)
{
    free(p->sql);
    free(p->types);
    *p = (prepared_stmt){0};
}

/* Forget every prepared statement: the session that had them is gone. */
static void conn_forget_prepared(pg_conn *c)
{
    for (size_t i = 0; i < PG_PREPARED_MAX; i++)
        prepared_clear(&c->prepared[i]);
}

static void conn_free(pg_conn *c)
{
    if (!c)
        return;
    PQfinish(c->conn);
    conn_forget_prepared(c);
    free(c);
}

/* NOTICEs (e.g. "… does not exist, skipping") are not errors: keep them
 * off the user's terminal. */
static void quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

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

static pg_conn *connect_new(const char *conninfo, char *err, size_t errlen)
{
    PGconn *c = PQconnectdb(conninfo);
    if (c && PQstatus(c) == CONNECTION_OK && PQsetClientEncoding(c, "UTF8") == 0) {
        PQsetNoticeProcessor(c, quiet_notice, NULL);
        pg_conn *pc = ogi_xcalloc(1, sizeof *pc);
        pc->conn = c;
        return pc;
    }
    char shown[512], msg[512];
    redact(conninfo, shown, sizeof shown);
    snprintf(msg, sizeof msg, "%s", c ? PQerrorMessage(c) : "out of memory");
    msg[strcspn(msg, "\n")] = '\0';
    snprintf(err, errlen, "%s: cannot connect to PostgreSQL: %s", shown, msg);
    PQfinish(c);
    return NULL;
}

/* ---- the connection pool ---- */

typedef struct pg_pool {
    char *conninfo; /* the URI without ogi's own parameters */
    int size;       /* most connections open at once */
    int open;       /* open now: idle and lent */
    pg_conn *idle;
    pthread_cond_t freed; /* a connection came back or closed */
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
        while (p->idle) {
            pg_conn *c = p->idle;
            p->idle = c->next;
            conn_free(c);
        }
        pthread_cond_destroy(&p->freed);
        free(p->conninfo);
        free(p);
    }
    pthread_mutex_unlock(&pools_lock);
}

static void pools_init(void) { atexit(pools_drain); }

/* The pool of a database, created on first use; an explicit size (from the
 * URI) resizes an existing pool.  Called with pools_lock. */
static pg_pool *pool_for(const char *conninfo, int size, bool explicit_size)
{
    for (pg_pool *p = pools; p; p = p->next) {
        if (strcmp(p->conninfo, conninfo))
            continue;
        if (explicit_size && p->size != size) {
            p->size = size;
            pthread_cond_broadcast(&p->freed);
        }
        return p;
    }
    pg_pool *p = ogi_xcalloc(1, sizeof *p);
    p->conninfo = ogi_strdup(conninfo);
    p->size = size;
    pthread_cond_init(&p->freed, NULL);
    p->next = pools;
    pools = p;
    return p;
}

/* Wait (with pools_lock held) until a connection is idle or may be opened;
 * false after PG_POOL_WAIT_SECONDS. */
static bool pool_wait(pg_pool *p)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += PG_POOL_WAIT_SECONDS;
    while (!p->idle && p->open >= p->size)
        if (pthread_cond_timedwait(&p->freed, &pools_lock, &until) == ETIMEDOUT)
            return p->idle || p->open < p->size;
    return true;
}

/* Close the idle connections over a shrunken size. */
static void pool_trim(pg_pool *p)
{
    pg_conn *surplus = NULL;
    pthread_mutex_lock(&pools_lock);
    while (p->idle && p->open > p->size) {
        pg_conn *c = p->idle;
        p->idle = c->next;
        c->next = surplus;
        surplus = c;
        p->open--;
    }
    pthread_mutex_unlock(&pools_lock);
    while (surplus) {
        pg_conn *c = surplus;
        surplus = c->next;
        conn_free(c);
    }
}

/* Lend a connection: an idle one, else a new one while fewer than size are
 * open, else wait for one.  NULL with err set on failure. */
static pg_conn *pool_borrow(pg_pool *p, char *err, size_t errlen)
{
    pool_trim(p);
    pthread_mutex_lock(&pools_lock);
    if (!pool_wait(p)) {
        int size = p->size;
        pthread_mutex_unlock(&pools_lock);
        snprintf(err, errlen,
                 "no free PostgreSQL connection within %d s (all %d of pool_size in use)",
                 PG_POOL_WAIT_SECONDS, size);
        return NULL;
    }
    pg_conn *c = p->idle;
    if (c)
        p->idle = c->next;
    else
        p->open++; /* the slot is ours while we connect */
    pthread_mutex_unlock(&pools_lock);
    if (c && PQstatus(c->conn) == CONNECTION_OK)
        return c;
    conn_free(c); /* the server went away while it idled: a fresh one instead */
    c = connect_new(p->conninfo, err, errlen);
    if (!c) {
        pthread_mutex_lock(&pools_lock);
        p->open--;
        pthread_cond_signal(&p->freed);
        pthread_mutex_unlock(&pools_lock);
    }
    return c;
}

/* Take a connection back.  One left inside a transaction or broken, or one
 * over a shrunken size, is closed, so a borrower starts from a clean
 * session. */
static void pool_return(pg_pool *p, pg_conn *c)
{
    bool clean = PQstatus(c->conn) == CONNECTION_OK &&
                 PQtransactionStatus(c->conn) == PQTRANS_IDLE;
    pthread_mutex_lock(&pools_lock);
    if (clean && p->open <= p->size) {
        c->next = p->idle;
        p->idle = c;
        c = NULL;
    } else {
        p->open--;
    }
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&pools_lock);
    conn_free(c);
}

/* ---- the URI ---- */

/* Split ogi's pool_size parameter off the URI (libpq rejects unknown
 * parameters); the last one given counts.  Returns the conninfo for libpq,
 * malloc'd; *pool_size is -1 when the URI does not say. */
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
    return n < 1 ? 1 : n > PG_POOL_MAX ? PG_POOL_MAX : n;
}

/* ---- the executor ---- */

typedef struct {
    db base;
    pg_pool *pool;
    pg_conn *held;      /* the connection lent to this handle, or NULL */
    bool no_generation; /* the data_generation table is missing: no cache */
    char sqlstate[6];   /* of the last failed statement, "" if none */
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

/* A one-line message: trailing newlines of libpq's messages removed. */
static void set_err(db *d, const char *msg)
{
    snprintf(d->err, sizeof d->err, "%s", msg && *msg ? msg : "unknown PostgreSQL error");
    size_t n = strlen(d->err);
    while (n && (d->err[n - 1] == '\n' || d->err[n - 1] == ' '))
        d->err[--n] = '\0';
}

/* The server's message with its detail, e.g. which key is duplicated. */
static void note_result_error(pg_db *d, const PGresult *res)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *detail = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL;
    PGconn *conn = d->held ? d->held->conn : NULL;
    if (!primary) {
        set_err(&d->base, res ? PQresultErrorMessage(res) : conn ? PQerrorMessage(conn) : "");
        if (conn && (!d->base.err[0] || !strcmp(d->base.err, "unknown PostgreSQL error")))
            set_err(&d->base, PQerrorMessage(conn));
        return;
    }
    char msg[sizeof d->base.err];
    snprintf(msg, sizeof msg, "%s%s%s%s", primary, detail ? " (" : "", detail ? detail : "",
             detail ? ")" : "");
    set_err(&d->base, msg);
}

static bool result_ok(const PGresult *res)
{
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY;
}

static bool sqlstate_is(const PGresult *res, const char *code)
{
    const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return st && !strcmp(st, code);
}

/* The handle's connection, borrowed from the pool if it holds none.  A
 * broken connection held outside a transaction is given up first (inside
 * one it stays, so that the transaction fails rather than silently
 * continuing on another connection). */
static pg_conn *acquire(pg_db *d)
{
    if (d->held && PQstatus(d->held->conn) != CONNECTION_OK && d->base.tx_depth == 0) {
        pool_return(d->pool, d->held);
        d->held = NULL;
    }
    if (!d->held)
        d->held = pool_borrow(d->pool, d->base.err, sizeof d->base.err);
    return d->held;
}

/* Give the connection back once it is outside a transaction (a broken one
 * only outside the handle's transaction: see acquire). */
static void settle(pg_db *d)
{
    if (!d->held)
        return;
    PGTransactionStatusType st = PQtransactionStatus(d->held->conn);
    if (st == PQTRANS_IDLE || (st == PQTRANS_UNKNOWN && d->base.tx_depth == 0)) {
        pool_return(d->pool, d->held);
        d->held = NULL;
    }
}

/* A connection lost outside a transaction is replaced by a new one: nothing
 * of the session was lost that the next statement needs. */
static bool reconnected(pg_db *d)
{
    if (!d->held || PQstatus(d->held->conn) != CONNECTION_BAD || d->base.tx_depth > 0)
        return false;
    PQreset(d->held->conn);
    conn_forget_prepared(d->held);
    return PQstatus(d->held->conn) == CONNECTION_OK;
}

static size_t sql_hash(const char *sql)
{
    size_t h = 5381;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = h * 33 + *p;
    return h;
}

static prepared_stmt *prepared_find(pg_conn *c, const db_stmt *s, size_t hash)
{
    for (size_t i = 0; i < PG_PREPARED_MAX; i++) {
        prepared_stmt *p = &c->prepared[i];
        if (p->sql && p->hash == hash && p->nparams == s->nparams &&
            (!s->nparams || !memcmp(p->types, s->types, (size_t)s->nparams * sizeof *s->types)) &&
            !strcmp(p->sql, s->sql))
            return p;
    }
    return NULL;
}

/* Drop a prepared statement from the server and the cache. */
static void prepared_drop(pg_conn *c, prepared_stmt *p)
{
    char sql[64];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", p->name);
    PQclear(PQexec(c->conn, sql));
    prepared_clear(p);
}

/* Prepare the statement's SQL for its parameter types on this connection.
 * NULL with *res holding the error result on failure. */
static prepared_stmt *prepare_on(pg_conn *c, const db_stmt *s, size_t hash, PGresult **res)
{
    prepared_stmt *slot = NULL;
    for (size_t i = 0; i < PG_PREPARED_MAX && !slot; i++)
        if (!c->prepared[i].sql)
            slot = &c->prepared[i];
    if (!slot) {
        slot = &c->prepared[c->next_victim];
        c->next_victim = (c->next_victim + 1) % PG_PREPARED_MAX;
        prepared_drop(c, slot);
    }
    snprintf(slot->name, sizeof slot->name, "ogi_%lu", ++c->serial);
    *res = PQprepare(c->conn, slot->name, s->sql, s->nparams, s->types);
    if (!result_ok(*res))
        return NULL;
    PQclear(*res);
    *res = NULL;
    slot->sql = ogi_strdup(s->sql);
    slot->hash = hash;
    slot->nparams = s->nparams;
    if (s->nparams) {
        slot->types = ogi_xmalloc((size_t)s->nparams * sizeof *slot->types);
        memcpy(slot->types, s->types, (size_t)s->nparams * sizeof *slot->types);
    }
    return slot;
}

/* Execute the statement on the handle's connection, preparing it there
 * first if that connection has not yet. */
static PGresult *run(pg_db *d, db_stmt *s)
{
    pg_conn *c = d->held;
    size_t hash = sql_hash(s->sql);
    PGresult *res = NULL;
    prepared_stmt *p = prepared_find(c, s, hash);
    if (!p && !(p = prepare_on(c, s, hash, &res)))
        return res;
    res = PQexecPrepared(c->conn, p->name, s->nparams, (const char *const *)s->values, NULL,
                         NULL, 0);
    /* The statement's plan no longer fits the schema (e.g. a table was
     * re-created with other columns) or the session lost it: prepare
     * afresh, once, where no transaction was spoiled by the failure. */
    if (!result_ok(res) && d->base.tx_depth == 0 &&
        (sqlstate_is(res, "0A000") || sqlstate_is(res, "26000"))) {
        PQclear(res);
        prepared_drop(c, p);
        if (!(p = prepare_on(c, s, hash, &res)))
            return res;
        res = PQexecPrepared(c->conn, p->name, s->nparams, (const char *const *)s->values,
                             NULL, NULL, 0);
    }
    return res;
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

/* Run the statement on a borrowed connection and keep its whole result. */
static int execute(db_stmt *s)
{
    pg_db *d = (pg_db *)s->owner;
    if (!acquire(d))
        return -1;
    s->res = run(d, s);
    if (!result_ok(s->res) && reconnected(d)) {
        PQclear(s->res);
        s->res = run(d, s);
    }
    int rc = 0;
    d->sqlstate[0] = '\0';
    if (!result_ok(s->res)) {
        const char *st = s->res ? PQresultErrorField(s->res, PG_DIAG_SQLSTATE) : NULL;
        snprintf(d->sqlstate, sizeof d->sqlstate, "%s", st ? st : "");
        note_result_error(d, s->res);
        PQclear(s->res);
        s->res = NULL;
        rc = -1;
    } else {
        s->changes = atoi(PQcmdTuples(s->res));
        s->next_row = 0;
    }
    settle(d);
    return rc;
}

static int p_step(db_stmt *s)
{
    if (!s->res && execute(s) < 0)
        return -1;
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

/* Several statements, no parameters (simple query protocol). */
static int p_exec(db *d, const char *sql)
{
    pg_db *pd = (pg_db *)d;
    if (!acquire(pd))
        return -1;
    PGresult *res = PQexec(pd->held->conn, sql);
    if (!result_ok(res) && reconnected(pd)) {
        PQclear(res);
        res = PQexec(pd->held->conn, sql);
    }
    int rc = result_ok(res) ? 0 : -1;
    if (rc)
        note_result_error(pd, res);
    PQclear(res);
    settle(pd);
    return rc;
}

static void p_close(db *d)
{
    pg_db *p = (pg_db *)d;
    if (p->held) {
        if (PQtransactionStatus(p->held->conn) != PQTRANS_IDLE)
            PQclear(PQexec(p->held->conn, "ROLLBACK")); /* an abandoned transaction */
        pool_return(p->pool, p->held);
    }
    free(p);
}

/* The data generation: the counter schema.c's triggers bump with every
 * write to a cached table.  Inside a transaction the cache is off (the
 * transaction may see its own uncommitted writes), and so it is on a
 * database whose schema predates the counter. */
static int64_t p_data_version(db *d)
{
    pg_db *pd = (pg_db *)d;
    if (d->tx_depth > 0 || pd->no_generation)
        return -1;
    char saved[sizeof d->err];
    memcpy(saved, d->err, sizeof saved);
    db_stmt *s = p_prepare(d, "SELECT generation FROM data_generation");
    int rc = p_step(s);
    int64_t gen = rc == 1 ? p_col_int(s, 0) : -1;
    if (rc < 0 && !strcmp(pd->sqlstate, "42P01")) /* undefined_table */
        pd->no_generation = true;
    p_finalize(s);
    if (rc < 0)
        memcpy(d->err, saved, sizeof saved); /* a cache miss, not the caller's error */
    return gen;
}

static const struct db_ops pg_ops = {
    p_prepare, p_bind_text, p_bind_int, p_bind_null, p_step, p_col_text,
    p_col_int, p_col_null,  p_changes,  p_finalize,  p_exec, p_close,
};

db *db_open_postgres(const char *uri, char *err, size_t errlen)
{
    int from_uri;
    char *conninfo = split_pool_size(uri, &from_uri);
    pthread_once(&pools_once, pools_init);
    pthread_mutex_lock(&pools_lock);
    pg_pool *pool = pool_for(conninfo, configured_pool_size(from_uri), from_uri >= 0);
    pthread_mutex_unlock(&pools_lock);
    free(conninfo);
    /* Borrow once now, so that a wrong URI fails here with its message. */
    pg_conn *c = pool_borrow(pool, err, errlen);
    if (!c)
        return NULL;
    pool_return(pool, c);
    pg_db *d = ogi_xcalloc(1, sizeof *d);
    d->base.ops = &pg_ops;
    d->base.dialect = DB_POSTGRES;
    d->base.data_version = p_data_version;
    d->pool = pool;
    return &d->base;
}
