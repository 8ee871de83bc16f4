/*
 * db.c — backend-independent helpers over the db executor: transactions
 * (nested as savepoints), variadic binding, one-value queries, and the
 * per-handle cache of read-query results (db_query_int_cached,
 * db_query_ids_cached), valid for as long as the backend's data version
 * stays the same.
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

#define RESULT_CACHE_SIZE 32

/* Results of the cached queries, all from one data generation: the first
 * column of every row (of the first row only for db_query_int_cached). */
struct db_result_cache {
    int64_t generation;
    struct {
        char *key; /* SQL, types and parameter values; NULL = free */
        size_t key_len;
        int rc;
        int64_t *values;
        size_t n;
    } e[RESULT_CACHE_SIZE];
    size_t next_victim;
};

static void result_cache_clear(struct db_result_cache *c)
{
    for (size_t i = 0; i < RESULT_CACHE_SIZE; i++) {
        free(c->e[i].key);
        free(c->e[i].values);
        c->e[i].key = NULL;
        c->e[i].values = NULL;
    }
}

int db_exec(db *d, const char *sql) { return d->ops->exec(d, sql); }
void db_close(db *d)
{
    if (!d)
        return;
    if (d->result_cache) {
        result_cache_clear(d->result_cache);
        free(d->result_cache);
        d->result_cache = NULL;
    }
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

/* The version is read after the read transaction began, so every result
 * cached under it is at least as new as the data it names: a commit that
 * lands in between only costs a miss on the next read. */
bool db_read_begin(db *d)
{
    if (d->read_open)
        return false;
    d->read_tx = d->dialect == DB_SQLITE && d->tx_depth == 0 && db_exec(d, "BEGIN DEFERRED") == 0;
    d->read_version = d->data_version ? d->data_version(d) : -1;
    d->read_open = true;
    return true;
}

void db_read_end(db *d, bool began)
{
    if (!began)
        return;
    if (d->read_tx)
        db_exec(d, "COMMIT");
    d->read_tx = d->read_open = false;
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

/* The cache key: SQL, types and each value, lengths included so that no two
 * different parameter lists give the same bytes. */
static void cache_key(ogi_buf *k, const char *sql, const char *types, va_list ap)
{
    ogi_buf_printf(k, "%zu:%s|%s|", strlen(sql), sql, types ? types : "");
    for (int i = 0; types && types[i]; i++) {
        if (types[i] == 't') {
            const char *v = va_arg(ap, const char *);
            if (v)
                ogi_buf_printf(k, "%zu:%s|", strlen(v), v);
            else
                ogi_buf_puts(k, "N|");
        } else {
            ogi_buf_printf(k, "%lld|", (long long)va_arg(ap, int64_t));
        }
    }
}

/* Run the query: the first column of the first row (all_rows false) or of
 * every row.  Returns 1 with rows, 0 without, -1 on error. */
static int run_values(db *d, const char *sql, const char *types, va_list ap, bool all_rows,
                      int64_t **values, size_t *n)
{
    *values = NULL;
    *n = 0;
    db_stmt *s = prepare_bound(d, sql, types, ap);
    if (!s)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(s)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *values = ogi_xrealloc(*values, cap * sizeof **values);
        }
        (*values)[(*n)++] = db_col_int(s, 0);
        if (!all_rows)
            break;
    }
    db_finalize(s);
    if (rc < 0) {
        free(*values);
        *values = NULL;
        *n = 0;
        return -1;
    }
    return *n > 0;
}

/* This connection's cache, emptied when the data generation moved on;
 * NULL when the backend cannot tell changes (then nothing is cached). */
static struct db_result_cache *current_cache(db *d)
{
    /* Nothing inside a write transaction: what it reads may be rolled back,
     * and a rollback moves neither data_version nor total_changes. */
    if (d->tx_depth > 0)
        return NULL;
    int64_t gen = d->read_open ? d->read_version : d->data_version ? d->data_version(d) : -1;
    if (gen < 0)
        return NULL;
    struct db_result_cache *c = d->result_cache;
    if (!c)
        c = d->result_cache = ogi_xcalloc(1, sizeof *c);
    if (c->generation != gen) {
        result_cache_clear(c);
        c->generation = gen;
    }
    return c;
}

/* The cached or freshly run result; *values stays owned by the cache when
 * there is one (*owned false), else the caller frees it. */
static int cached_values(db *d, const char *sql, const char *types, va_list ap, bool all_rows,
                         const int64_t **values, size_t *n, bool *owned)
{
    struct db_result_cache *c = current_cache(d);
    int64_t *fresh;
    *owned = c == NULL;
    if (!c) {
        int rc = run_values(d, sql, types, ap, all_rows, &fresh, n);
        *values = fresh;
        return rc;
    }
    ogi_buf key;
    ogi_buf_init(&key);
    va_list key_ap;
    va_copy(key_ap, ap);
    cache_key(&key, sql, types, key_ap);
    va_end(key_ap);
    ogi_buf_putc(&key, all_rows ? 'A' : '1');
    for (size_t i = 0; i < RESULT_CACHE_SIZE; i++) {
        if (c->e[i].key && c->e[i].key_len == key.len && !memcmp(c->e[i].key, key.data, key.len)) {
            ogi_buf_free(&key);
            *values = c->e[i].values;
            *n = c->e[i].n;
            return c->e[i].rc;
        }
    }
    int rc = run_values(d, sql, types, ap, all_rows, &fresh, n);
    *values = fresh;
    if (rc < 0) {
        ogi_buf_free(&key);
        return rc;
    }
    size_t i = c->next_victim;
    c->next_victim = (i + 1) % RESULT_CACHE_SIZE;
    free(c->e[i].key);
    free(c->e[i].values);
    c->e[i].key_len = key.len;
    c->e[i].key = ogi_buf_steal(&key);
    c->e[i].rc = rc;
    c->e[i].values = fresh;
    c->e[i].n = *n;
    return rc;
}

int db_query_int_cached(db *d, int64_t *out, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    const int64_t *values;
    size_t n;
    bool owned;
    int rc = cached_values(d, sql, types, ap, false, &values, &n, &owned);
    va_end(ap);
    if (rc == 1 && out)
        *out = values[0];
    if (owned)
        free((int64_t *)values);
    return rc;
}

int db_query_ids_cached(db *d, int64_t **ids, size_t *n, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    const int64_t *values;
    bool owned;
    int rc = cached_values(d, sql, types, ap, true, &values, n, &owned);
    va_end(ap);
    *ids = NULL;
    if (rc < 0)
        return -1;
    if (owned) {
        *ids = (int64_t *)values;
    } else if (*n) {
        *ids = ogi_xmalloc(*n * sizeof **ids);
        memcpy(*ids, values, *n * sizeof **ids);
    }
    return 0;
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
