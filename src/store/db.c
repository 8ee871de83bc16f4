/*
 * db.c — backend-independent helpers over the db executor: transactions
 * (nested as savepoints), variadic binding, one-value queries.
 */
#include "store/db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"

/* Statements of every backend start with a pointer to their db. */
typedef struct {
    db *owner;
} stmt_head;

int db_exec(db *d, const char *sql) { return d->ops->exec(d, sql); }
void db_close(db *d)
{
    if (d)
        d->ops->close(d);
}

static db *stmt_db(db_stmt *s) { return ((stmt_head *)s)->owner; }

/* A NULL text goes to bind_text too: PostgreSQL then knows the NULL is a
 * text, which `$2 IS NULL OR status = $2` needs (SQLite binds it as NULL). */
void db_bind_text(db_stmt *s, int idx, const char *v) { stmt_db(s)->ops->bind_text(s, idx, v); }
void db_bind_int(db_stmt *s, int idx, int64_t v) { stmt_db(s)->ops->bind_int(s, idx, v); }
void db_bind_null(db_stmt *s, int idx) { stmt_db(s)->ops->bind_null(s, idx); }
int db_step(db_stmt *s) { return stmt_db(s)->ops->step(s); }
const char *db_col_text(db_stmt *s, int col) { return stmt_db(s)->ops->col_text(s, col); }
int64_t db_col_int(db_stmt *s, int col) { return stmt_db(s)->ops->col_int(s, col); }
bool db_col_null(db_stmt *s, int col) { return stmt_db(s)->ops->col_null(s, col); }
char *db_col_dup(db_stmt *s, int col) { return ogi_strdup(db_col_text(s, col)); }
int db_changes(db_stmt *s) { return stmt_db(s)->ops->changes(s); }
void db_finalize(db_stmt *s)
{
    if (s)
        stmt_db(s)->ops->finalize(s);
}

void *db_collect(db_stmt *s, size_t size, db_row_fn fn, size_t *n, int *rc)
{
    char *arr = NULL;
    size_t cap = 0;
    int step;
    *n = 0;
    while ((step = db_step(s)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            arr = ogi_xrealloc(arr, cap * size);
        }
        void *elem = arr + *n * size;
        memset(elem, 0, size);
        fn(s, elem);
        (*n)++;
    }
    db_finalize(s);
    *rc = step < 0 ? -1 : 0;
    return arr;
}

int db_begin(db *d)
{
    char sql[64];
    if (d->tx_depth == 0)
        snprintf(sql, sizeof sql, "%s", d->dialect == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN");
    else
        snprintf(sql, sizeof sql, "SAVEPOINT sp%d", d->tx_depth);
    if (db_exec(d, sql))
        return -1;
    d->tx_depth++;
    return 0;
}

int db_commit(db *d)
{
    char sql[64];
    if (d->tx_depth <= 0)
        return -1;
    if (d->tx_depth == 1)
        snprintf(sql, sizeof sql, "COMMIT");
    else
        snprintf(sql, sizeof sql, "RELEASE SAVEPOINT sp%d", d->tx_depth - 1);
    if (db_exec(d, sql)) {
        db_rollback(d);
        return -1;
    }
    d->tx_depth--;
    return 0;
}

void db_rollback(db *d)
{
    char sql[96];
    if (d->tx_depth <= 0)
        return;
    if (d->tx_depth == 1)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT sp%d; RELEASE SAVEPOINT sp%d",
                 d->tx_depth - 1, d->tx_depth - 1);
    char saved[sizeof d->err];
    memcpy(saved, d->err, sizeof saved); /* keep the error that caused the rollback */
    db_exec(d, sql);
    memcpy(d->err, saved, sizeof saved);
    d->tx_depth--;
}

static db_stmt *prepare_bound(db *d, const char *sql, const char *types, va_list ap)
{
    db_stmt *s = db_prepare(d, sql);
    if (!s)
        return NULL;
    for (int i = 0; types && types[i]; i++) {
        switch (types[i]) {
        case 't': db_bind_text(s, i + 1, va_arg(ap, const char *)); break;
        case 'i': db_bind_int(s, i + 1, va_arg(ap, int64_t)); break;
        case 'I': { /* an optional reference: 0 means NULL */
            int64_t v = va_arg(ap, int64_t);
            if (v)
                db_bind_int(s, i + 1, v);
            else
                db_bind_null(s, i + 1);
            break;
        }
        default: abort(); /* a programming error in a type string */
        }
    }
    return s;
}

int db_query_int(db *d, int64_t *out, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt *s = prepare_bound(d, sql, types, ap);
    va_end(ap);
    if (!s)
        return -1;
    int rc = db_step(s);
    if (rc == 1 && out)
        *out = db_col_int(s, 0);
    db_finalize(s);
    return rc;
}

int db_run(db *d, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt *s = prepare_bound(d, sql, types, ap);
    va_end(ap);
    if (!s)
        return -1;
    int rc = db_step(s);
    int n = rc < 0 ? -1 : db_changes(s);
    db_finalize(s);
    return n;
}
