/*
 * db_sqlite.c — the SQLite backend of the db executor: the embedded
 * default.  One file, WAL journal, foreign keys enforced, a busy timeout so
 * that several processes can share the file.
 *
 * Each connection keeps the statements it prepared, keyed by their SQL
 * text: preparing a query costs far more than running a small one, and the
 * web server runs the same few queries for every request.  db_finalize
 * resets a cached statement and clears its bindings instead of destroying
 * it, so a statement taken from the cache behaves exactly as a fresh one.
 */
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/db.h"

#define STMT_CACHE_SIZE 64

/* An idle prepared statement, ready for its SQL text to be run again. */
typedef struct {
    char *sql; /* NULL = free slot */
    size_t hash;
    sqlite3_stmt *st;
} cached_stmt;

typedef struct {
    db base;
    sqlite3 *conn;
    cached_stmt cache[STMT_CACHE_SIZE];
    size_t next_victim; /* round-robin eviction when the cache is full */
    /* db_data_version: the last PRAGMA data_version and total_changes seen,
     * and the generation number that changes whenever either does */
    int64_t seen_data_version, seen_changes, generation;
} sqlite_db;

struct db_stmt {
    db *owner; /* first: see db.c */
    sqlite3_stmt *st;
    int changes;
    char *sql; /* the cache key, returned with the statement on finalize */
    size_t hash;
};

static sqlite3 *conn_of(db *d) { return ((sqlite_db *)d)->conn; }

static void note_error(db *d)
{
    snprintf(d->err, sizeof d->err, "%s", sqlite3_errmsg(conn_of(d)));
}

static size_t sql_hash(const char *sql)
{
    size_t h = 5381;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = h * 33 + *p;
    return h;
}

/* Take the idle statement for sql out of the cache, or NULL. */
static sqlite3_stmt *cache_take(sqlite_db *d, const char *sql, size_t hash, char **key)
{
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
        cached_stmt *c = &d->cache[i];
        if (c->sql && c->hash == hash && !strcmp(c->sql, sql)) {
            sqlite3_stmt *st = c->st;
            *key = c->sql;
            *c = (cached_stmt){0};
            return st;
        }
    }
    return NULL;
}

/* Keep a reset statement for its SQL; false when it is not wanted (an idle
 * copy is already cached), and the caller finalizes it. */
static bool cache_put(sqlite_db *d, char *sql, size_t hash, sqlite3_stmt *st)
{
    cached_stmt *slot = NULL;
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
        cached_stmt *c = &d->cache[i];
        if (c->sql && c->hash == hash && !strcmp(c->sql, sql))
            return false;
        if (!c->sql && !slot)
            slot = c;
    }
    if (!slot) {
        slot = &d->cache[d->next_victim];
        d->next_victim = (d->next_victim + 1) % STMT_CACHE_SIZE;
        sqlite3_finalize(slot->st);
        free(slot->sql);
    }
    *slot = (cached_stmt){.sql = sql, .hash = hash, .st = st};
    return true;
}

static void cache_clear(sqlite_db *d)
{
    for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
        sqlite3_finalize(d->cache[i].st);
        free(d->cache[i].sql);
        d->cache[i] = (cached_stmt){0};
    }
}

static db_stmt *s_prepare(db *d, const char *sql)
{
    sqlite_db *sd = (sqlite_db *)d;
    size_t hash = sql_hash(sql);
    char *key = NULL;
    sqlite3_stmt *st = cache_take(sd, sql, hash, &key);
    if (!st) {
        if (sqlite3_prepare_v3(sd->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
            SQLITE_OK) {
            note_error(d);
            sqlite3_finalize(st);
            return NULL;
        }
        key = ogi_strdup(sql);
    }
    db_stmt *s = ogi_xcalloc(1, sizeof *s);
    s->owner = d;
    s->st = st;
    s->sql = key;
    s->hash = hash;
    return s;
}

/* Queries use PostgreSQL-style $N; SQLite names them "$N". */
static int param_index(db_stmt *s, int idx)
{
    char name[16], digits[12];
    int n = 0, k = 0;
    for (unsigned v = (unsigned)idx; n == 0 || v; v /= 10) /* "$N" without printf */
        digits[n++] = (char)('0' + v % 10);
    name[k++] = '$';
    while (n)
        name[k++] = digits[--n];
    name[k] = '\0';
    int i = sqlite3_bind_parameter_index(s->st, name);
    return i ? i : idx;
}

static void s_bind_text(db_stmt *s, int idx, const char *v)
{
    sqlite3_bind_text(s->st, param_index(s, idx), v, -1, SQLITE_TRANSIENT);
}
static void s_bind_int(db_stmt *s, int idx, int64_t v)
{
    sqlite3_bind_int64(s->st, param_index(s, idx), v);
}
static void s_bind_null(db_stmt *s, int idx) { sqlite3_bind_null(s->st, param_index(s, idx)); }

static int s_step(db_stmt *s)
{
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        s->changes = sqlite3_changes(conn_of(s->owner));
        return 0;
    }
    note_error(s->owner);
    return -1;
}

static const char *s_col_text(db_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(s->st, col);
}
static int64_t s_col_int(db_stmt *s, int col) { return sqlite3_column_int64(s->st, col); }
static bool s_col_null(db_stmt *s, int col)
{
    return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}
static int s_changes(db_stmt *s) { return s->changes; }

/* Back to the cache, reset and unbound: the next user sees a fresh
 * statement.  A statement without SQL text (none today) is destroyed. */
static void s_finalize(db_stmt *s)
{
    sqlite3_reset(s->st);
    sqlite3_clear_bindings(s->st);
    if (!s->sql || !cache_put((sqlite_db *)s->owner, s->sql, s->hash, s->st)) {
        sqlite3_finalize(s->st);
        free(s->sql);
    }
    free(s);
}

/* One statement without parameters (BEGIN DEFERRED, COMMIT: two for every
 * read of the web server) runs as a cached prepared statement instead of
 * being parsed again by sqlite3_exec.  Scripts of several statements (a
 * ';' anywhere) keep sqlite3_exec. */
static int exec_cached(db *d, const char *sql)
{
    db_stmt *st = s_prepare(d, sql);
    if (!st)
        return -1;
    if (!st->st) { /* nothing but blanks or a comment */
        free(st->sql);
        free(st);
        return 0;
    }
    int rc;
    while ((rc = s_step(st)) == 1)
        ;
    s_finalize(st);
    return rc < 0 ? -1 : 0;
}

static int s_exec(db *d, const char *sql)
{
    if (!strchr(sql, ';'))
        return exec_cached(d, sql);
    char *msg = NULL;
    if (sqlite3_exec(conn_of(d), sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(d->err, sizeof d->err, "%s", msg ? msg : sqlite3_errmsg(conn_of(d)));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void s_close(db *d)
{
    cache_clear((sqlite_db *)d);
    sqlite3_close(conn_of(d));
    free(d);
}

/* Generation numbers are drawn from one counter for the whole process, so
 * that a number names one connection's view of the data and no other: a
 * result remembered under it cannot be taken for another connection's,
 * even one opened later at the same address (store/item.c keeps such
 * results outside the handle). */
static _Atomic int64_t generations;

/* PRAGMA data_version changes when another connection commits;
 * total_changes when this one writes (even if it then rolls back, which
 * only costs a cache miss).  Either change starts a new generation. */
static int64_t s_data_version(db *d)
{
    sqlite_db *sd = (sqlite_db *)d;
    db_stmt *st = s_prepare(d, "PRAGMA data_version");
    if (!st)
        return -1;
    int rc = s_step(st);
    int64_t dv = rc == 1 ? s_col_int(st, 0) : -1;
    s_finalize(st);
    if (rc != 1)
        return -1;
    int64_t changes = sqlite3_total_changes64(sd->conn);
    if (dv != sd->seen_data_version || changes != sd->seen_changes) {
        sd->seen_data_version = dv;
        sd->seen_changes = changes;
        sd->generation = atomic_fetch_add(&generations, 1) + 1;
    }
    return sd->generation;
}

static const struct db_ops sqlite_ops = {
    s_prepare, s_bind_text, s_bind_int, s_bind_null, s_step,   s_col_text,
    s_col_int, s_col_null,  s_changes,  s_finalize,  s_exec,   s_close,
};

db *db_open_sqlite(const char *path, char *err, size_t errlen)
{
    sqlite3 *conn = NULL;
    /* NOMUTEX: a connection is used by one thread at a time (the web server
     * opens one per worker thread; the store's error buffer and this file's
     * statement cache assume it too), so SQLite's per-call connection mutex
     * would only cost time. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &conn, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open database: %s", path,
                 conn ? sqlite3_errmsg(conn) : "out of memory");
        sqlite3_close(conn);
        return NULL;
    }
    sqlite3_busy_timeout(conn, 10000);
    sqlite_db *d = ogi_xcalloc(1, sizeof *d);
    d->base.ops = &sqlite_ops;
    d->base.dialect = DB_SQLITE;
    d->base.data_version = s_data_version;
    d->conn = conn;
    d->seen_data_version = -1; /* the first read starts a generation of its own */
    /* synchronous=FULL: an acknowledged write survives a crash (WAL + FULL
     * syncs the log at every commit). */
    if (s_exec(&d->base, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                         "PRAGMA synchronous=FULL;")) {
        snprintf(err, errlen, "%s: %s", path, d->base.err);
        s_close(&d->base);
        return NULL;
    }
    return &d->base;
}
