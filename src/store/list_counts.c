/*
 * list_counts.c — how many rows a paginated listing has in all, for the
 * JSON API's "total" (store/report_store.c counts its own).  Each WHERE
 * clause is the one of the listing it counts (store/application.c,
 * store/store.c), so a page and its total never disagree.
 */
#include "store/store_internal.h"

int ogi_store_app_count(ogi_store *s, int64_t agency_id, const char *status,
                        const char *due_before, size_t *total)
{
    int64_t t = 0;
    int rc = db_query_int(
        s->db, &t,
        "SELECT COUNT(*) FROM applications WHERE ($1 = 0 OR agency_id = $1)"
        " AND ($2 IS NULL OR ($2 = 'open' AND status <> 'concluded') OR status = $2)"
        " AND ($3 IS NULL OR (status <> 'concluded' AND due_date IS NOT NULL"
        "      AND due_date <= $3))",
        "itt", agency_id, status, due_before);
    if (rc < 0)
        return store_fail(s, "applications");
    *total = (size_t)t;
    return 0;
}

int ogi_store_audit_count(ogi_store *s, size_t *total)
{
    int64_t t = 0;
    if (db_query_int(s->db, &t, "SELECT COUNT(*) FROM audit_log", NULL) < 0)
        return store_fail(s, "audit log");
    *total = (size_t)t;
    return 0;
}
