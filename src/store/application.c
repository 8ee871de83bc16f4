/*
 * application.c — application records, their events and handlings, and the
 * section 三 statistics over handlings.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/store_internal.h"

int ogi_store_begin(ogi_store *s) { return db_begin(s->db) ? store_fail(s, "begin") : 0; }
int ogi_store_commit(ogi_store *s) { return db_commit(s->db) ? store_fail(s, "commit") : 0; }
void ogi_store_rollback(ogi_store *s) { db_rollback(s->db); }

#define APP_COLUMNS                                                                            \
    "id, agency_id, tracking_no, applicant_type, applicant_name, applicant_id_doc, "           \
    "applicant_contact, channel, received_at, received_date, description, preferred_form, "    \
    "delivery, status, outcome, concluded_date, due_date"

/* The string fields in APP_COLUMNS order, after id and agency_id. */
#define APP_STRINGS(a)                                                                       \
    {&(a)->tracking_no,    &(a)->applicant_type, &(a)->applicant_name, &(a)->applicant_id_doc, \
     &(a)->applicant_contact, &(a)->channel,     &(a)->received_at,    &(a)->received_date,    \
     &(a)->description,    &(a)->preferred_form, &(a)->delivery,       &(a)->status,           \
     &(a)->outcome,        &(a)->concluded_date, &(a)->due_date}

void ogi_application_free(ogi_application *a)
{
    if (!a)
        return;
    char **fields[] = APP_STRINGS(a);
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        free(*fields[i]);
    memset(a, 0, sizeof *a);
}

static void app_from_row(db_stmt *st, ogi_application *a)
{
    memset(a, 0, sizeof *a);
    a->id = db_col_int(st, 0);
    a->agency_id = db_col_int(st, 1);
    char **fields[] = APP_STRINGS(a);
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = db_col_dup(st, (int)i + 2);
}

/* The audit view of an application: identity documents and contact details
 * are personal data and stay out of the audit log. */
static char *app_json(const ogi_application *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "agency_id", json_integer(a->agency_id));
    const char *names[] = {"tracking_no", "applicant_type", "channel", "received_date",
                           "status", "outcome", "concluded_date", "due_date"};
    const char *values[] = {a->tracking_no, a->applicant_type, a->channel, a->received_date,
                            a->status, a->outcome, a->concluded_date, a->due_date};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        json_object_set_new(o, names[i], values[i] ? json_string(values[i]) : json_null());
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

/* YYYYMMDD + 6 random digits: not guessable in sequence, readable over the phone. */
static void new_tracking_no(const char *received_date, char *out, size_t len)
{
    char ymd[9] = "00000000";
    for (size_t i = 0, k = 0; received_date && received_date[i] && k < 8; i++)
        if (received_date[i] >= '0' && received_date[i] <= '9')
            ymd[k++] = received_date[i];
    snprintf(out, len, "%s%06u", ymd, (unsigned)randombytes_uniform(1000000));
}

static int insert_row(ogi_store *s, ogi_application *a, const char *hash)
{
    static const char *sql =
        "INSERT INTO applications (agency_id, tracking_no, query_code_hash, applicant_type, "
        "applicant_name, applicant_id_doc, applicant_contact, channel, received_at, "
        "received_date, description, preferred_form, delivery, status, due_date) VALUES ($1, "
        "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
    /* A tracking number carried over from another system (CSV import) is kept. */
    bool given = a->tracking_no && a->tracking_no[0];
    for (int attempt = 0; attempt < (given ? 1 : 8); attempt++) {
        char no[32];
        if (given)
            snprintf(no, sizeof no, "%s", a->tracking_no);
        else
            new_tracking_no(a->received_date, no, sizeof no);
        int64_t taken = 0;
        if (db_query_int(s->db, &taken, "SELECT COUNT(*) FROM applications WHERE tracking_no = $1",
                         "t", no) != 1)
            return store_fail(s, "tracking number");
        if (taken)
            continue;
        free(a->tracking_no);
        a->tracking_no = ogi_strdup(no);
        db_stmt *st = db_prepare(s->db, sql);
        if (!st)
            return store_fail(s, "application");
        db_bind_int(st, 1, a->agency_id);
        const char *t[] = {a->tracking_no, hash, a->applicant_type,
                           a->applicant_name ? a->applicant_name : "",
                           a->applicant_id_doc ? a->applicant_id_doc : "",
                           a->applicant_contact ? a->applicant_contact : "", a->channel,
                           a->received_at ? a->received_at : a->received_date, a->received_date,
                           a->description ? a->description : "",
                           a->preferred_form ? a->preferred_form : "",
                           a->delivery ? a->delivery : "", a->status ? a->status : "processing",
                           a->due_date};
        for (int i = 0; i < 14; i++)
            db_bind_text(st, i + 2, t[i]);
        int rc = db_step(st);
        if (rc == 1)
            a->id = db_col_int(st, 0);
        db_finalize(st);
        return rc == 1 ? 0 : store_fail(s, "application");
    }
    snprintf(s->err, sizeof s->err, given ? "tracking number %s is already taken"
                                          : "could not find a free tracking number",
             given ? a->tracking_no : "");
    return -1;
}

int ogi_store_app_insert(ogi_store *s, ogi_application *a, const char *query_code_hash,
                         const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    if (insert_row(s, a, query_code_hash) ||
        ogi_store_handling_open(s, a->id, a->agency_id, a->applicant_type, a->received_date))
        goto fail;
    char *after = app_json(a);
    int rc = ogi_store_audit(s, actor, "create", "application", a->id, NULL, after);
    free(after);
    if (rc || db_commit(s->db))
        goto fail;
    return 0;
fail:
    db_rollback(s->db);
    return -1;
}

static int app_query(ogi_store *s, ogi_application *out, const char *where, const char *text,
                     int64_t id)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT " APP_COLUMNS " FROM applications WHERE %s", where);
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "application");
    if (text)
        db_bind_text(st, 1, text);
    else
        db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == 1)
        app_from_row(st, out);
    db_finalize(st);
    return rc < 0 ? store_fail(s, "application") : rc;
}

int ogi_store_app_get(ogi_store *s, int64_t id, ogi_application *out)
{
    return app_query(s, out, "id = $1", NULL, id);
}

int ogi_store_app_find(ogi_store *s, const char *tracking_no, ogi_application *out)
{
    return app_query(s, out, "tracking_no = $1", tracking_no, 0);
}

char *ogi_store_app_query_hash(ogi_store *s, const char *tracking_no)
{
    db_stmt *st = db_prepare(s->db, "SELECT query_code_hash FROM applications "
                                    "WHERE tracking_no = $1");
    if (!st)
        return NULL;
    db_bind_text(st, 1, tracking_no);
    char *hash = db_step(st) == 1 ? db_col_dup(st, 0) : NULL;
    db_finalize(st);
    return hash;
}

int ogi_store_app_update(ogi_store *s, const ogi_application *a, const char *actor)
{
    ogi_application before;
    if (db_begin(s->db))
        return store_fail(s, "begin");
    if (ogi_store_app_get(s, a->id, &before) != 1) {
        snprintf(s->err, sizeof s->err, "application %lld does not exist", (long long)a->id);
        db_rollback(s->db);
        return -1;
    }
    char now[32];
    int rc = db_run(s->db,
                    "UPDATE applications SET status = $2, outcome = $3, concluded_date = $4, "
                    "due_date = $5, agency_id = $6, updated_at = $7 WHERE id = $1",
                    "ittttit", a->id, a->status, a->outcome, a->concluded_date,
                    a->due_date, a->agency_id, store_now(now));
    char *b = app_json(&before), *af = app_json(a);
    ogi_application_free(&before);
    if (rc >= 0)
        rc = ogi_store_audit(s, actor, "update", "application", a->id, b, af);
    else
        store_fail(s, "application");
    free(b);
    free(af);
    if (rc < 0 || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

void ogi_app_event_free(ogi_app_event *e)
{
    if (!e)
        return;
    free(e->kind);
    free(e->date);
    free(e->detail);
    free(e->actor);
    free(e->created_at);
    memset(e, 0, sizeof *e);
}

int ogi_store_app_event_add(ogi_store *s, int64_t app_id, const char *kind, const char *date,
                            const char *detail_json, const char *actor)
{
    int rc = db_run(s->db,
                    "INSERT INTO application_events (application_id, kind, event_date, detail, "
                    "actor) VALUES ($1, $2, $3, $4, $5)",
                    "itttt", app_id, kind, date, detail_json ? detail_json : "{}",
                    actor ? actor : "");
    return rc < 0 ? store_fail(s, "application event") : 0;
}

static void event_from_row(db_stmt *st, void *elem)
{
    ogi_app_event *e = elem;
    e->id = db_col_int(st, 0);
    e->kind = db_col_dup(st, 1);
    e->date = db_col_dup(st, 2);
    e->detail = db_col_dup(st, 3);
    e->actor = db_col_dup(st, 4);
    e->created_at = db_col_dup(st, 5);
}

int ogi_store_app_events(ogi_store *s, int64_t app_id, ogi_app_event **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, "SELECT id, kind, event_date, detail, actor, created_at FROM "
                                    "application_events WHERE application_id = $1 ORDER BY id");
    if (!st)
        return store_fail(s, "application events");
    db_bind_int(st, 1, app_id);
    int rc;
    *out = db_collect(st, sizeof **out, event_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "application events") : 0;
}

static void app_row(db_stmt *st, void *elem) { app_from_row(st, elem); }

int ogi_store_app_list(ogi_store *s, int64_t agency_id, const char *status,
                       const char *due_before, size_t offset, size_t limit,
                       ogi_application **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(
        s->db, "SELECT " APP_COLUMNS " FROM applications WHERE ($1 = 0 OR agency_id = $1)"
               " AND ($2 IS NULL OR ($2 = 'open' AND status <> 'concluded') OR status = $2)"
               " AND ($3 IS NULL OR (status <> 'concluded' AND due_date IS NOT NULL"
               "      AND due_date <= $3))"
               " ORDER BY CASE WHEN due_date IS NULL THEN 1 ELSE 0 END, due_date, id"
               " LIMIT $4 OFFSET $5");
    if (!st)
        return store_fail(s, "applications");
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, status);
    db_bind_text(st, 3, due_before);
    db_bind_int(st, 4, limit ? (int64_t)limit : 100);
    db_bind_int(st, 5, (int64_t)offset);
    int rc;
    *out = db_collect(st, sizeof **out, app_row, n, &rc);
    return rc < 0 ? store_fail(s, "applications") : 0;
}

int ogi_store_app_open_ids(ogi_store *s, int64_t after, size_t limit, int64_t **ids,
                           size_t *n)
{
    *ids = ogi_xcalloc(limit ? limit : 1, sizeof **ids);
    *n = 0;
    db_stmt *st = db_prepare(s->db, "SELECT id FROM applications WHERE id > $1 AND status <> "
                                    "'concluded' ORDER BY id LIMIT $2");
    if (!st)
        return store_fail(s, "applications");
    db_bind_int(st, 1, after);
    db_bind_int(st, 2, (int64_t)limit);
    int rc;
    while ((rc = db_step(st)) == 1 && *n < limit)
        (*ids)[(*n)++] = db_col_int(st, 0);
    db_finalize(st);
    return rc < 0 ? store_fail(s, "applications") : 0;
}

int ogi_store_handling_conclude(ogi_store *s, int64_t app_id, const char *date,
                                const char *outcome)
{
    int rc = db_run(s->db,
                    "UPDATE handlings SET concluded_date = $2, outcome = $3 WHERE id = (SELECT "
                    "MAX(id) FROM handlings WHERE application_id = $1) AND concluded_date IS NULL",
                    "itt", app_id, date, outcome);
    if (rc == 0)
        snprintf(s->err, sizeof s->err, "application %lld has no open handling",
                 (long long)app_id);
    return rc == 1 ? 0 : rc == 0 ? -1 : store_fail(s, "handling");
}

int ogi_store_handling_open(ogi_store *s, int64_t app_id, int64_t agency_id,
                            const char *applicant_type, const char *start_date)
{
    int rc = db_run(s->db,
                    "INSERT INTO handlings (application_id, agency_id, applicant_type, "
                    "start_date) VALUES ($1, $2, $3, $4)",
                    "iitt", app_id, agency_id, applicant_type, start_date);
    return rc < 0 ? store_fail(s, "handling") : 0;
}

static void handling_count_from_row(db_stmt *st, void *elem)
{
    ogi_handling_count *c = elem;
    const char *outcome = db_col_text(st, 1);
    snprintf(c->part, sizeof c->part, "%s", db_col_text(st, 0));
    snprintf(c->outcome, sizeof c->outcome, "%s", outcome ? outcome : "");
    snprintf(c->applicant_type, sizeof c->applicant_type, "%s", db_col_text(st, 2));
    c->count = db_col_int(st, 3);
}

int ogi_store_handling_stats(ogi_store *s, int64_t agency_id, int year,
                             ogi_handling_count **out, size_t *n)
{
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    /* The four parts of the 勾稽关系: new + carried over = concluded + carried forward. */
    static const char *sql =
        "SELECT 'new_received', '', applicant_type, COUNT(*) FROM handlings"
        "  WHERE agency_id = $1 AND start_date BETWEEN $2 AND $3 GROUP BY applicant_type"
        " UNION ALL SELECT 'carried_over', '', applicant_type, COUNT(*) FROM handlings"
        "  WHERE agency_id = $1 AND start_date < $2"
        "  AND (concluded_date IS NULL OR concluded_date >= $2) GROUP BY applicant_type"
        " UNION ALL SELECT 'outcome', outcome, applicant_type, COUNT(*) FROM handlings"
        "  WHERE agency_id = $1 AND concluded_date BETWEEN $2 AND $3"
        "  GROUP BY outcome, applicant_type"
        " UNION ALL SELECT 'carry_forward', '', applicant_type, COUNT(*) FROM handlings"
        "  WHERE agency_id = $1 AND start_date <= $3"
        "  AND (concluded_date IS NULL OR concluded_date > $3) GROUP BY applicant_type";
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "statistics");
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, first);
    db_bind_text(st, 3, last);
    int rc;
    *out = db_collect(st, sizeof **out, handling_count_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "statistics") : 0;
}
