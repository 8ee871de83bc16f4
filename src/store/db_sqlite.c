/*
 * db_sqlite.c — the SQLite backend of the db executor: the embedded
 * default.  One file, WAL journal, foreign keys enforced, a busy timeout so
 * that several processes can share the file.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/db.h"

typedef struct {
    db base;
    sqlite3 *conn;
} sqlite_db;

struct db_stmt {
    db *owner; /* first: see db.c */
    sqlite3_stmt *st;
    int changes;
};

static sqlite3 *conn_of(db *d) { return ((sqlite_db *)d)->conn; }

static void note_error(db *d)
{
    snprintf(d->err, sizeof d->err, "%s", sqlite3_errmsg(conn_of(d)));
}

static db_stmt *s_prepare(db *d, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(conn_of(d), sql, -1, &st, NULL) != SQLITE_OK) {
        note_error(d);
        sqlite3_finalize(st);
        return NULL;
    }
    db_stmt *s = ogi_xcalloc(1, sizeof *s);
    s->owner = d;
    s->st = st;
    return s;
}

/* Queries use PostgreSQL-style $N; SQLite names them "$N". */
static int param_index(db_stmt *s, int idx)
{
    char name[16];
    snprintf(name, sizeof name, "$%d", idx);
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

static void s_finalize(db_stmt *s)
{
    sqlite3_finalize(s->st);
    free(s);
}

static int s_exec(db *d, const char *sql)
{
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
    sqlite3_close(conn_of(d));
    free(d);
}

static const struct db_ops sqlite_ops = {
    s_prepare, s_bind_text, s_bind_int, s_bind_null, s_step, s_col_text,
    s_col_int, s_col_null, s_changes,  s_finalize,  s_exec, s_close,
};

db *db_open_sqlite(const char *path, char *err, size_t errlen)
{
    sqlite3 *conn = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
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
    d->conn = conn;
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
