/*
 * cases.c — administrative reviews and lawsuits over disclosure, and the
 * section 四 counts.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/store_internal.h"

#define CASE_COLUMNS \
    "id, agency_id, COALESCE(application_id, 0), kind, filed_date, result, decided_date, note"

void ogi_case_free(ogi_case *c)
{
    if (!c)
        return;
    free(c->kind);
    free(c->filed_date);
    free(c->result);
    free(c->decided_date);
    free(c->note);
    memset(c, 0, sizeof *c);
}

static void case_from_row(db_stmt *st, void *elem)
{
    ogi_case *c = elem;
    c->id = db_col_int(st, 0);
    c->agency_id = db_col_int(st, 1);
    c->application_id = db_col_int(st, 2);
    c->kind = db_col_dup(st, 3);
    c->filed_date = db_col_dup(st, 4);
    c->result = db_col_dup(st, 5);
    c->decided_date = db_col_dup(st, 6);
    c->note = db_col_dup(st, 7);
}

static char *case_json(const ogi_case *c)
{
    json_t *o = json_pack("{s:I, s:I, s:I, s:s?, s:s?, s:s?, s:s?}", "id", (json_int_t)c->id,
                          "agency_id", (json_int_t)c->agency_id, "application_id",
                          (json_int_t)c->application_id, "kind", c->kind, "filed_date",
                          c->filed_date, "result", c->result, "decided_date", c->decided_date);
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

static int audit_commit(ogi_store *s, const char *actor, const char *action, int64_t id,
                        const char *before, const char *after)
{
    if (ogi_store_audit(s, actor, action, "case", id, before, after) || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

int ogi_store_case_insert(ogi_store *s, ogi_case *c, const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    int64_t id = 0;
    int rc = db_query_int(s->db, &id,
                          "INSERT INTO cases (agency_id, application_id, kind, filed_date, result, "
                          "decided_date, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                          "iIttttt", c->agency_id, c->application_id, c->kind, c->filed_date,
                          c->result ? c->result : "pending", c->decided_date,
                          c->note ? c->note : "");
    if (rc != 1) {
        store_fail(s, "case");
        db_rollback(s->db);
        return -1;
    }
    c->id = id;
    char *after = case_json(c);
    rc = audit_commit(s, actor, "create", id, NULL, after);
    free(after);
    return rc;
}

int ogi_store_case_get(ogi_store *s, int64_t id, ogi_case *out)
{
    db_stmt *st = db_prepare(s->db, "SELECT " CASE_COLUMNS " FROM cases WHERE id = $1");
    if (!st)
        return store_fail(s, "case");
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == 1)
        case_from_row(st, out);
    db_finalize(st);
    return rc < 0 ? store_fail(s, "case") : rc;
}

int ogi_store_case_update(ogi_store *s, const ogi_case *c, const char *actor)
{
    ogi_case before = {0};
    if (db_begin(s->db))
        return store_fail(s, "begin");
    if (ogi_store_case_get(s, c->id, &before) != 1) {
        snprintf(s->err, sizeof s->err, "case %lld does not exist", (long long)c->id);
        db_rollback(s->db);
        return -1;
    }
    int rc = db_run(s->db, "UPDATE cases SET result = $2, decided_date = $3, note = $4 "
                           "WHERE id = $1",
                    "ittt", c->id, c->result, c->decided_date, c->note ? c->note : "");
    char *b = case_json(&before), *a = case_json(c);
    ogi_case_free(&before);
    if (rc < 0) {
        store_fail(s, "case");
        db_rollback(s->db);
    } else {
        rc = audit_commit(s, actor, "update", c->id, b, a);
    }
    free(b);
    free(a);
    return rc < 0 ? -1 : 0;
}

int ogi_store_case_list(ogi_store *s, int64_t agency_id, ogi_case **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, "SELECT " CASE_COLUMNS " FROM cases WHERE $1 = 0 OR "
                                    "agency_id = $1 ORDER BY filed_date DESC, id DESC");
    if (!st)
        return store_fail(s, "cases");
    db_bind_int(st, 1, agency_id);
    int rc;
    *out = db_collect(st, sizeof **out, case_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "cases") : 0;
}

static void case_count_from_row(db_stmt *st, void *elem)
{
    ogi_case_count *c = elem;
    snprintf(c->kind, sizeof c->kind, "%s", db_col_text(st, 0));
    snprintf(c->result, sizeof c->result, "%s", db_col_text(st, 1));
    c->count = db_col_int(st, 2);
}

int ogi_store_case_stats(ogi_store *s, int64_t agency_id, int year, ogi_case_count **out,
                         size_t *n)
{
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    static const char *sql =
        "SELECT kind, result, COUNT(*) FROM cases WHERE agency_id = $1"
        "  AND result <> 'pending' AND decided_date BETWEEN $2 AND $3 GROUP BY kind, result"
        " UNION ALL SELECT kind, 'pending', COUNT(*) FROM cases WHERE agency_id = $1"
        "  AND filed_date <= $3 AND (decided_date IS NULL OR decided_date > $3) GROUP BY kind";
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "case statistics");
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, first);
    db_bind_text(st, 3, last);
    int rc;
    *out = db_collect(st, sizeof **out, case_count_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "case statistics") : 0;
}
