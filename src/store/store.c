/*
 * store.c — opening a store by URI, migrations, errors, the audit log.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/buf.h"
#include "store/schema.h"
#include "store/store_internal.h"

bool ogi_store_uri_is_postgres(const char *uri)
{
    return uri && (!strncmp(uri, "postgres://", 11) || !strncmp(uri, "postgresql://", 13));
}

ogi_store *ogi_store_open(const char *uri, char *err, size_t errlen)
{
    if (!uri || !*uri) {
        snprintf(err, errlen, "no database given");
        return NULL;
    }
    db *d = ogi_store_uri_is_postgres(uri) ? db_open_postgres(uri, err, errlen)
                                           : db_open_sqlite(uri, err, errlen);
    if (!d)
        return NULL;
    ogi_store *s = ogi_xcalloc(1, sizeof *s);
    s->db = d;
    return s;
}

void ogi_store_close(ogi_store *s)
{
    if (!s)
        return;
    db_close(s->db);
    free(s);
}

int ogi_store_migrate(ogi_store *s, int *applied, char *err, size_t errlen)
{
    int n = 0;
    int rc = schema_migrate(s->db, &n, err, errlen);
    if (applied)
        *applied = n;
    return rc;
}

int ogi_store_schema_version(ogi_store *s) { return schema_version(s->db); }
int ogi_store_latest_schema_version(void) { return schema_latest_version(); }
const char *ogi_store_error(const ogi_store *s) { return s->err; }

int ogi_store_integrity_check(ogi_store *s, char *out, size_t outlen)
{
    if (s->db->dialect != DB_SQLITE) {
        snprintf(out, outlen, "ok");
        return 0; /* PostgreSQL checks its own pages; nothing to ask for */
    }
    db_stmt *st = db_prepare(s->db, "PRAGMA integrity_check(20)");
    if (!st)
        return store_fail(s, "integrity check");
    ogi_buf b;
    ogi_buf_init(&b);
    int rc;
    while ((rc = db_step(st)) == 1) {
        if (b.len)
            ogi_buf_puts(&b, "; ");
        ogi_buf_puts(&b, db_col_text(st, 0) ? db_col_text(st, 0) : "");
    }
    db_finalize(st);
    snprintf(out, outlen, "%s", b.data ? b.data : "");
    ogi_buf_free(&b);
    if (rc < 0)
        return store_fail(s, "integrity check");
    return strcmp(out, "ok") != 0;
}

const char *store_now(char *buf)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int store_fail(ogi_store *s, const char *what)
{
    snprintf(s->err, sizeof s->err, "%s: %s", what, s->db->err);
    return -1;
}

int ogi_store_audit(ogi_store *s, const char *actor, const char *action, const char *entity,
                    int64_t entity_id, const char *before_json, const char *after_json)
{
    int rc = db_run(s->db,
                    "INSERT INTO audit_log (actor, action, entity, entity_id, before_json, "
                    "after_json) VALUES ($1, $2, $3, $4, $5, $6)",
                    "tttitt", actor ? actor : "", action, entity, entity_id, before_json,
                    after_json);
    return rc < 0 ? store_fail(s, "audit log") : 0;
}

void ogi_audit_entry_free(ogi_audit_entry *e)
{
    if (!e)
        return;
    free(e->at);
    free(e->actor);
    free(e->action);
    free(e->entity);
    free(e->before_json);
    free(e->after_json);
    memset(e, 0, sizeof *e);
}

static void audit_from_row(db_stmt *st, void *elem)
{
    ogi_audit_entry *e = elem;
    e->id = db_col_int(st, 0);
    e->at = db_col_dup(st, 1);
    e->actor = db_col_dup(st, 2);
    e->action = db_col_dup(st, 3);
    e->entity = db_col_dup(st, 4);
    e->entity_id = db_col_int(st, 5);
    e->before_json = db_col_dup(st, 6);
    e->after_json = db_col_dup(st, 7);
}

int ogi_store_audit_list(ogi_store *s, size_t offset, size_t limit, ogi_audit_entry **out,
                         size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, "SELECT id, at, actor, action, entity, COALESCE(entity_id, 0), "
                                    "before_json, after_json FROM audit_log ORDER BY id DESC "
                                    "LIMIT $1 OFFSET $2");
    if (!st)
        return store_fail(s, "audit log");
    db_bind_int(st, 1, limit ? (int64_t)limit : 50);
    db_bind_int(st, 2, (int64_t)offset);
    int rc;
    *out = db_collect(st, sizeof **out, audit_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "audit log") : 0;
}
