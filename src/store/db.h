/*
 * db.h — the one SQL executor the store layer is written against.
 *
 * Every query of the store is written once, with $1, $2 … placeholders,
 * and runs on SQLite (db_sqlite.c) or PostgreSQL (a later backend) through
 * this small interface.  Nothing outside src/store/ sees SQL.
 */
#ifndef OGI_STORE_DB_H
#define OGI_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { DB_SQLITE, DB_POSTGRES } db_dialect;

typedef struct db db;
typedef struct db_stmt db_stmt;

struct db_ops {
    db_stmt *(*prepare)(db *d, const char *sql);
    void (*bind_text)(db_stmt *s, int idx, const char *v);
    void (*bind_int)(db_stmt *s, int idx, int64_t v);
    void (*bind_null)(db_stmt *s, int idx);
    int (*step)(db_stmt *s); /* 1 row, 0 done, -1 error */
    const char *(*col_text)(db_stmt *s, int col);
    int64_t (*col_int)(db_stmt *s, int col);
    bool (*col_null)(db_stmt *s, int col);
    int (*changes)(db_stmt *s);
    void (*finalize)(db_stmt *s);
    int (*exec)(db *d, const char *sql); /* several statements, no parameters */
    void (*close)(db *d);
};

struct db_result_cache; /* db.c */

struct db {
    const struct db_ops *ops;
    db_dialect dialect;
    char err[512]; /* last error, for messages */
    int tx_depth;  /* nested begin → savepoints */
    /* A number that changes whenever data this connection can see may have
     * changed (committed by any connection, or written by this one); -1 on
     * error.  NULL when the backend cannot tell. */
    int64_t (*data_version)(db *d);
    struct db_result_cache *result_cache; /* the cached queries' results */
    /* Between db_read_begin and db_read_end: the data version read once
     * for the cached queries of that read, and whether a SQLite read
     * transaction is open. */
    bool read_open, read_tx;
    int64_t read_version;
};

/* Open a SQLite database file (created if missing): WAL, foreign keys on. */
db *db_open_sqlite(const char *path, char *err, size_t errlen);
/* Open a PostgreSQL database by postgres:// or postgresql:// URI (db_pg.c);
 * a pool_size=N parameter sets how many connections the process opens to
 * it at most (the handles of a process share them). */
db *db_open_postgres(const char *uri, char *err, size_t errlen);

/* Thin wrappers so call sites read as plain C. */
static inline db_stmt *db_prepare(db *d, const char *sql) { return d->ops->prepare(d, sql); }
int db_exec(db *d, const char *sql);
void db_close(db *d);

/* Transactions (nestable: inner levels are savepoints). 0 on success. */
int db_begin(db *d);
int db_commit(db *d);
void db_rollback(db *d);

/* Several reads as one: on SQLite outside a transaction, a deferred (read)
 * transaction (one snapshot, one lock instead of one per statement); on
 * both backends the data version is read once for every cached query of
 * the read.  Returns whether it began a read (false inside another one);
 * pass that to db_read_end, which ends it.  No writes in between. */
bool db_read_begin(db *d);
void db_read_end(db *d, bool began);

/* Statement helpers (the statement remembers its db for errors). */
void db_bind_text(db_stmt *s, int idx, const char *v); /* NULL binds NULL */
void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_null(db_stmt *s, int idx);
int db_step(db_stmt *s);
const char *db_col_text(db_stmt *s, int col); /* NULL for NULL */
int64_t db_col_int(db_stmt *s, int col);
bool db_col_null(db_stmt *s, int col);
char *db_col_dup(db_stmt *s, int col);        /* malloc'd copy or NULL */
int db_changes(db_stmt *s);
void db_finalize(db_stmt *s);

/* Fill one array element from the current row (the element is zeroed). */
typedef void (*db_row_fn)(db_stmt *s, void *elem);
/* Step a statement to its end, one array element of `size` bytes per row,
 * and finalize it.  Returns the malloc'd array (NULL when empty), *n its
 * length, and *rc 0 or -1 on a database error. */
void *db_collect(db_stmt *s, size_t size, db_row_fn fn, size_t *n, int *rc);

/* Run a statement that returns at most one integer (e.g. RETURNING id or
 * COUNT(*)).  types has one char per parameter: 't' text (const char *,
 * NULL binds NULL), 'i' int64_t, 'I' int64_t where 0 binds NULL.
 * Returns 1 with *out set, 0 when no row, -1 on error. */
int db_query_int(db *d, int64_t *out, const char *sql, const char *types, ...);
/* db_query_int for a read-only query whose result depends only on the
 * data and the parameters (e.g. COUNT(*) of a public listing): the result
 * is remembered per handle, keyed by SQL and parameter values, for as
 * long as the backend's data_version says no data changed.  Without a
 * data_version every call runs the query.  Never for a query whose result
 * depends on anything else (the time, a random value), nor, on
 * PostgreSQL, for one that reads a table whose writes do not move the
 * data version (schema.c: schema_table_versioned). */
int db_query_int_cached(db *d, int64_t *out, const char *sql, const char *types, ...);
/* The same for the first column of every row (e.g. the ids of a page of a
 * listing): *ids malloc'd (NULL when no rows), *n its length; 0 or -1. */
int db_query_ids_cached(db *d, int64_t **ids, size_t *n, const char *sql, const char *types,
                        ...);
/* Run a statement for its effect; same binding convention. Returns the
 * number of rows changed, or -1 on error. */
int db_run(db *d, const char *sql, const char *types, ...);

#endif
