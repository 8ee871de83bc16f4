/*
 * api_cases.c — administrative reviews and lawsuits (section 四's source)
 * and the audit log over the JSON API.
 */
#include <stdlib.h>
#include <string.h>

#include "web/api_internal.h"

void api_case_list(web_request *r)
{
    int64_t want = 0, agency;
    size_t limit, offset;
    if (!api_query_int(r, "agency_id", INT64_MAX, &want) || !api_page(r, &limit, &offset) ||
        !api_scope(r, want, &agency))
        return;
    ogi_case *cases;
    size_t n;
    if (ogi_case_list(r->store, agency, &cases, &n)) {
        web_api_error(r, 500, NULL, "无法读取复议诉讼台账。");
        return;
    }
    /* The case ledger is small (a few per year): page it here. */
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (i >= offset && i - offset < limit)
            json_array_append_new(items, api_case_json(&cases[i]));
        ogi_case_free(&cases[i]);
    }
    free(cases);
    api_send_page(r, items, n, limit, offset);
}

void api_case_create(web_request *r)
{
    json_t *b = api_body(r);
    int64_t agency = 0, app = 0;
    if (!b || !api_int_member(r, b, "agency_id", true, &agency) ||
        !api_int_member(r, b, "application_id", false, &app) || !api_can_write(r, agency)) {
        json_decref(b);
        return;
    }
    ogi_case c = {.agency_id = agency, .application_id = app,
                  .kind = (char *)api_str(b, "kind"), .filed_date = (char *)api_str(b, "filed_date"),
                  .result = (char *)api_str(b, "result"),
                  .decided_date = (char *)api_str(b, "decided_date"),
                  .note = (char *)api_str(b, "note")};
    char err[512];
    if (ogi_case_add(r->store, &c, r->user.name, err, sizeof err)) {
        api_ledger_error(r, 422, "invalid_case", err);
    } else {
        ogi_case stored;
        if (ogi_store_case_get(r->store, c.id, &stored) == 1) {
            api_send(r, 201, api_case_json(&stored));
            ogi_case_free(&stored);
        } else
            web_api_error(r, 500, NULL, "无法读取案件。");
    }
    json_decref(b);
}

void api_case_decide(web_request *r)
{
    ogi_case c;
    int found = ogi_store_case_get(r->store, r->id, &c);
    if (found != 1) {
        web_api_error(r, found < 0 ? 500 : 404, NULL, found < 0 ? "无法读取案件。" : "案件不存在。");
        return;
    }
    int64_t agency = c.agency_id;
    ogi_case_free(&c);
    json_t *b = api_body(r);
    if (!b || !api_can_write(r, agency) || !api_need_str(r, b, "result")) {
        json_decref(b);
        return;
    }
    char err[512];
    if (ogi_case_decide(r->store, r->id, api_str(b, "result"), api_str(b, "date"), r->user.name,
                        err, sizeof err))
        api_ledger_error(r, 422, "invalid_decision", err);
    else if (ogi_store_case_get(r->store, r->id, &c) == 1) {
        api_send(r, 200, api_case_json(&c));
        ogi_case_free(&c);
    } else
        web_api_error(r, 500, NULL, "无法读取案件。");
    json_decref(b);
}

static json_t *json_text_or_null(const char *text)
{
    json_t *j = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return j ? j : (text ? json_string(text) : json_null());
}

void api_audit(web_request *r)
{
    size_t limit, offset, total;
    if (!api_is_admin(r) || !api_page(r, &limit, &offset))
        return;
    ogi_audit_entry *e;
    size_t n;
    if (ogi_store_audit_count(r->store, &total) ||
        ogi_store_audit_list(r->store, offset, limit, &e, &n)) {
        web_api_error(r, 500, NULL, "无法读取审计日志。");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "id",
                             (json_int_t)e[i].id, "at", e[i].at ? e[i].at : "", "actor",
                             e[i].actor ? e[i].actor : "", "action", e[i].action ? e[i].action : "",
                             "entity", e[i].entity ? e[i].entity : "", "entity_id",
                             (json_int_t)e[i].entity_id, "before", json_text_or_null(e[i].before_json),
                             "after", json_text_or_null(e[i].after_json)));
        ogi_audit_entry_free(&e[i]);
    }
    free(e);
    api_send_page(r, items, total, limit, offset);
}
