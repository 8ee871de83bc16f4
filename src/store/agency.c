/*
 * agency.c — agencies (name, kind, parent, 索引号 prefix) and their aliases.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/store_internal.h"

#define AGENCY_COLUMNS "id, name, kind, COALESCE(parent_id, 0), index_prefix, index_pattern"

void ogi_agency_free(ogi_agency *a)
{
    if (!a)
        return;
    free(a->name);
    free(a->index_prefix);
    free(a->index_pattern);
    memset(a, 0, sizeof *a);
}

static void agency_from_row(db_stmt *st, void *elem)
{
    ogi_agency *a = elem;
    a->id = db_col_int(st, 0);
    a->name = db_col_dup(st, 1);
    a->kind = ogi_agency_kind_parse(db_col_text(st, 2));
    a->parent_id = db_col_int(st, 3);
    a->index_prefix = db_col_dup(st, 4);
    a->index_pattern = db_col_dup(st, 5);
}

static char *agency_json(const ogi_agency *a)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)a->id, "name",
                          a->name ? a->name : "", "kind", ogi_agency_kind_name(a->kind),
                          "parent_id", (json_int_t)a->parent_id, "index_prefix",
                          a->index_prefix ? a->index_prefix : "");
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

int ogi_store_agency_add(ogi_store *s, ogi_agency *a, const char *actor)
{
    db *d = s->db;
    if (!a->name || !a->name[0]) {
        snprintf(s->err, sizeof s->err, "agency name is empty");
        return -1;
    }
    if (a->kind == OGI_KIND_UNKNOWN) {
        snprintf(s->err, sizeof s->err, "agency %s: kind must be government, department, "
                 "township or other", a->name);
        return -1;
    }
    if (db_begin(d))
        return store_fail(s, "begin");
    int64_t id = 0;
    int rc = db_query_int(d, &id,
                          "INSERT INTO agencies (name, kind, parent_id, index_prefix, "
                          "index_pattern) VALUES ($1, $2, $3, $4, COALESCE($5, "
                          "'{prefix}-{year}-{seq:05}')) RETURNING id",
                          "ttItt", a->name, ogi_agency_kind_name(a->kind), a->parent_id,
                          a->index_prefix ? a->index_prefix : "", a->index_pattern);
    if (rc != 1) {
        store_fail(s, a->name);
        db_rollback(d);
        return -1;
    }
    a->id = id;
    char *after = agency_json(a);
    rc = ogi_store_audit(s, actor, "create", "agency", id, NULL, after);
    free(after);
    if (rc || db_commit(d)) {
        db_rollback(d);
        return store_fail(s, "agency");
    }
    return 0;
}

static int agency_query(ogi_store *s, ogi_agency *out, const char *sql, const char *text,
                        int64_t id)
{
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "agency");
    if (text)
        db_bind_text(st, 1, text);
    else
        db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == 1)
        agency_from_row(st, out);
    else if (rc < 0)
        store_fail(s, "agency");
    db_finalize(st);
    return rc;
}

int ogi_store_agency_find(ogi_store *s, const char *name, ogi_agency *out)
{
    return agency_query(s, out,
                        "SELECT " AGENCY_COLUMNS " FROM agencies WHERE name = $1 "
                        "OR id IN (SELECT agency_id FROM agency_aliases WHERE alias = $1) "
                        "ORDER BY name = $1 DESC LIMIT 1",
                        name, 0);
}

int ogi_store_agency_get(ogi_store *s, int64_t id, ogi_agency *out)
{
    return agency_query(s, out, "SELECT " AGENCY_COLUMNS " FROM agencies WHERE id = $1", NULL,
                        id);
}

int ogi_store_agency_list(ogi_store *s, ogi_agency **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, "SELECT " AGENCY_COLUMNS " FROM agencies ORDER BY name");
    if (!st)
        return store_fail(s, "agencies");
    int rc;
    *out = db_collect(st, sizeof **out, agency_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "agencies") : 0;
}

int ogi_store_agency_alias_add(ogi_store *s, int64_t agency_id, const char *alias,
                               const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    if (db_run(s->db, "INSERT INTO agency_aliases (agency_id, alias) VALUES ($1, $2)", "it",
               agency_id, alias) < 0) {
        store_fail(s, alias);
        db_rollback(s->db);
        return -1;
    }
    json_t *o = json_pack("{s:s}", "alias", alias);
    char *after = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    int rc = ogi_store_audit(s, actor, "create", "agency_alias", agency_id, NULL, after);
    free(after);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}
