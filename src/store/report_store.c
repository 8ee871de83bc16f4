/*
 * report_store.c — published annual reports and the narrative drafts they
 * are written from.
 *
 * A published report is a record of what the public was shown, so it is
 * never changed: publishing again stores version + 1 pointing back at the
 * version it supersedes, and the database itself (triggers of migration 3)
 * refuses UPDATE and DELETE on the table.  "Current" is derived — the
 * version nothing supersedes — so there is no flag to keep in step.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/store_internal.h"

#define REPORT_COLUMNS                                                                   \
    "p.id, p.agency_id, p.year, p.version, p.report_json, p.findings_json, "            \
    "p.published_at, p.published_by, COALESCE(p.supersedes_id, 0), "                   \
    "COALESCE((SELECT q.id FROM published_reports q WHERE q.supersedes_id = p.id), 0)"

#define REPORT_DEFAULT_LIMIT 50

void ogi_published_report_free(ogi_published_report *p)
{
    if (!p)
        return;
    free(p->report_json);
    free(p->findings_json);
    free(p->published_at);
    free(p->published_by);
    memset(p, 0, sizeof *p);
}

static void report_from_row(db_stmt *st, ogi_published_report *p)
{
    p->id = db_col_int(st, 0);
    p->agency_id = db_col_int(st, 1);
    p->year = (int)db_col_int(st, 2);
    p->version = (int)db_col_int(st, 3);
    p->report_json = db_col_dup(st, 4);
    p->findings_json = db_col_dup(st, 5);
    p->published_at = db_col_dup(st, 6);
    p->published_by = db_col_dup(st, 7);
    p->supersedes_id = db_col_int(st, 8);
    p->superseded_by = db_col_int(st, 9);
}

int ogi_store_report_get(ogi_store *s, int64_t id, ogi_published_report *out)
{
    memset(out, 0, sizeof *out);
    db_stmt *st = db_prepare(s->db, "SELECT " REPORT_COLUMNS
                                    " FROM published_reports p WHERE p.id = $1");
    if (!st)
        return store_fail(s, "published report");
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == 1)
        report_from_row(st, out);
    db_finalize(st);
    return rc < 0 ? store_fail(s, "published report") : rc;
}

/* What the audit log keeps of a publication: where it sits in the chain
 * and why it was allowed, not the (large) report itself. */
static char *publish_audit_json(const ogi_published_report *p, const char *note)
{
    json_t *o = json_pack("{s:I, s:i, s:i, s:I}", "agency_id", (json_int_t)p->agency_id, "year",
                          p->year, "version", p->version, "supersedes_id",
                          (json_int_t)p->supersedes_id);
    json_t *extra = note ? json_loads(note, 0, NULL) : NULL;
    if (json_is_object(extra))
        json_object_update(o, extra);
    json_decref(extra);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

/* The current version of agency+year: *id and *version, 0 when none. */
static int current_version(ogi_store *s, int64_t agency_id, int year, int64_t *id,
                           int64_t *version)
{
    *id = *version = 0;
    int rc = db_query_int(s->db, version,
                          "SELECT COALESCE(MAX(version), 0) FROM published_reports "
                          "WHERE agency_id = $1 AND year = $2",
                          "ii", agency_id, (int64_t)year);
    if (rc < 0)
        return -1;
    if (*version == 0)
        return 0;
    rc = db_query_int(s->db, id,
                      "SELECT id FROM published_reports WHERE agency_id = $1 AND year = $2 "
                      "AND version = $3",
                      "iii", agency_id, (int64_t)year, *version);
    return rc < 0 ? -1 : 0;
}

static int insert_version(ogi_store *s, ogi_published_report *p, const char *report_json,
                          const char *findings_json, const char *actor)
{
    return db_query_int(s->db, &p->id,
                        "INSERT INTO published_reports (agency_id, year, version, report_json, "
                        "findings_json, published_by, supersedes_id) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        "iiitttI", p->agency_id, (int64_t)p->year, (int64_t)p->version,
                        report_json, findings_json ? findings_json : "[]",
                        actor ? actor : "", p->supersedes_id) == 1
               ? 0
               : -1;
}

int ogi_store_report_publish(ogi_store *s, int64_t agency_id, int year, const char *report_json,
                             const char *findings_json, const char *actor,
                             const char *audit_note, ogi_published_report *out)
{
    if (!report_json || !*report_json) {
        snprintf(s->err, sizeof s->err, "a published report needs its JSON");
        return -1;
    }
    if (db_begin(s->db))
        return store_fail(s, "begin");
    ogi_published_report p = {.agency_id = agency_id, .year = year};
    int64_t prev = 0, version = 0;
    int rc = current_version(s, agency_id, year, &prev, &version);
    p.version = (int)version + 1;
    p.supersedes_id = prev;
    if (rc || insert_version(s, &p, report_json, findings_json, actor)) {
        store_fail(s, "publish report");
        db_rollback(s->db);
        return -1;
    }
    char *after = publish_audit_json(&p, audit_note);
    rc = ogi_store_audit(s, actor, "publish", "report", p.id, NULL, after);
    free(after);
    if (rc || db_commit(s->db)) {
        store_fail(s, "publish report");
        db_rollback(s->db);
        return -1;
    }
    return out && ogi_store_report_get(s, p.id, out) != 1 ? -1 : 0;
}

/* WHERE clause shared by the list and its count; parameters $1 agency, $2 year. */
#define REPORT_WHERE                                                                    \
    " FROM published_reports p WHERE ($1 = 0 OR p.agency_id = $1) AND ($2 = 0 OR "     \
    "p.year = $2) AND ($3 = 0 OR NOT EXISTS (SELECT 1 FROM published_reports q WHERE "  \
    "q.supersedes_id = p.id))"

static int report_count(ogi_store *s, const ogi_report_filter *f, size_t *total)
{
    int64_t t = 0;
    int rc = db_query_int(s->db, &t, "SELECT COUNT(*)" REPORT_WHERE, "iii", f->agency_id,
                          (int64_t)f->year, (int64_t)f->latest_only);
    if (rc < 0)
        return store_fail(s, "published reports");
    *total = (size_t)t;
    return 0;
}

int ogi_store_report_list(ogi_store *s, const ogi_report_filter *f, ogi_published_report **out,
                          size_t *n, size_t *total)
{
    *out = NULL;
    *n = 0;
    if (total && report_count(s, f, total))
        return -1;
    db_stmt *st = db_prepare(s->db, "SELECT " REPORT_COLUMNS REPORT_WHERE
                                    " ORDER BY p.year DESC, p.agency_id, p.version DESC "
                                    "LIMIT $4 OFFSET $5");
    if (!st)
        return store_fail(s, "published reports");
    db_bind_int(st, 1, f->agency_id);
    db_bind_int(st, 2, f->year);
    db_bind_int(st, 3, f->latest_only);
    db_bind_int(st, 4, f->limit ? (int64_t)f->limit : REPORT_DEFAULT_LIMIT);
    db_bind_int(st, 5, (int64_t)f->offset);
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *out = ogi_xrealloc(*out, cap * sizeof **out);
        }
        report_from_row(st, &(*out)[(*n)++]);
    }
    db_finalize(st);
    if (rc < 0) {
        for (size_t i = 0; i < *n; i++)
            ogi_published_report_free(&(*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
        return store_fail(s, "published reports");
    }
    return 0;
}

int ogi_store_report_draft_get(ogi_store *s, int64_t agency_id, int year, char **sections_json)
{
    *sections_json = NULL;
    db_stmt *st = db_prepare(s->db, "SELECT sections_json FROM report_drafts "
                                    "WHERE agency_id = $1 AND year = $2");
    if (!st)
        return store_fail(s, "report draft");
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    int rc = db_step(st);
    if (rc == 1)
        *sections_json = db_col_dup(st, 0);
    db_finalize(st);
    return rc < 0 ? store_fail(s, "report draft") : rc;
}

int ogi_store_report_draft_set(ogi_store *s, int64_t agency_id, int year,
                               const char *sections_json, const char *actor)
{
    json_t *check = sections_json ? json_loads(sections_json, 0, NULL) : NULL;
    bool ok = json_is_object(check);
    json_decref(check);
    if (!ok) {
        snprintf(s->err, sizeof s->err, "report draft: sections must be a JSON object");
        return -1;
    }
    if (db_begin(s->db))
        return store_fail(s, "begin");
    char *before = NULL;
    int rc = ogi_store_report_draft_get(s, agency_id, year, &before);
    if (rc >= 0)
        rc = db_run(s->db,
                    "INSERT INTO report_drafts (agency_id, year, sections_json, updated_by) "
                    "VALUES ($1, $2, $3, $4) ON CONFLICT (agency_id, year) DO UPDATE SET "
                    "sections_json = excluded.sections_json, updated_by = excluded.updated_by, "
                    "updated_at = excluded.updated_at",
                    "iitt", agency_id, (int64_t)year, sections_json, actor ? actor : "");
    if (rc >= 0)
        rc = ogi_store_audit(s, actor, "save_draft", "report_draft", agency_id, before, sections_json);
    free(before);
    if (rc < 0 || db_commit(s->db)) {
        store_fail(s, "report draft");
        db_rollback(s->db);
        return -1;
    }
    return 0;
}
