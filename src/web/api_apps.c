/*
 * api_apps.c — agencies and applications (依申请公开) over the JSON API:
 * list with filters, one application with its events, intake, legal steps
 * through the ledger's state machine (its Chinese refusals go back as
 * JSON), and the applicant's status query by tracking number + query code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api_internal.h"

void api_agencies(web_request *r)
{
    ogi_agency *list;
    size_t n;
    if (ogi_store_agency_list(r->store, &list, &n)) {
        web_api_error(r, 500, NULL, "无法读取机关列表。");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (web_allowed(&r->user, WEB_PERM_APPLICATIONS, list[i].id))
            json_array_append_new(items, api_agency_json(&list[i]));
        ogi_agency_free(&list[i]);
    }
    free(list);
    size_t total = json_array_size(items);
    api_send_page(r, items, total, total, 0);
}

static bool calendar_loaded(web_request *r)
{
    if (r->cfg->cal)
        return true;
    web_api_error(r, 503, "no_calendar", "服务器未加载工作日历，无法计算法定期限。");
    return false;
}

void api_app_list(web_request *r)
{
    int64_t want = 0, agency;
    size_t limit, offset, total;
    const char *status = web_query(r, "status"), *due = web_query(r, "due_before");
    if (!api_query_int(r, "agency_id", INT64_MAX, &want) || !api_page(r, &limit, &offset) ||
        !api_scope(r, want, &agency))
        return;
    ogi_app_filter f = {.agency_id = agency, .status = status, .due_before = due,
                        .offset = offset, .limit = limit};
    ogi_application *apps;
    size_t n;
    if (ogi_store_app_count(r->store, agency, status, due, &total) ||
        ogi_app_list(r->store, &f, &apps, &n)) {
        web_api_error(r, 500, NULL, "无法读取申请台账。");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, api_application_json(&apps[i]));
        ogi_application_free(&apps[i]);
    }
    free(apps);
    api_send_page(r, items, total, limit, offset);
}

static json_t *events_json(ogi_store *s, int64_t id)
{
    json_t *arr = json_array();
    ogi_app_event *ev;
    size_t n;
    if (ogi_app_events(s, id, &ev, &n))
        return arr;
    for (size_t i = 0; i < n; i++) {
        json_t *detail = json_loads(ev[i].detail ? ev[i].detail : "{}", 0, NULL);
        json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}", "id",
                                             (json_int_t)ev[i].id, "kind", ev[i].kind, "label",
                                             ogi_app_event_label(ev[i].kind), "date",
                                             ev[i].date ? ev[i].date : "", "detail",
                                             detail ? detail : json_object(), "actor",
                                             ev[i].actor ? ev[i].actor : ""));
        ogi_app_event_free(&ev[i]);
    }
    free(ev);
    return arr;
}

/* The application r->id, readable by the user; false after 404/403/500. */
static bool load_app(web_request *r, ogi_application *a)
{
    int found = ogi_app_get(r->store, r->id, a);
    if (found != 1) {
        web_api_error(r, found < 0 ? 500 : 404, NULL,
                      found < 0 ? "无法读取申请。" : "该申请不存在。");
        return false;
    }
    if (api_can_read(r, a->agency_id))
        return true;
    ogi_application_free(a);
    return false;
}

static void send_app(web_request *r, int status, const ogi_application *a)
{
    json_t *o = api_application_json(a);
    json_object_set_new(o, "events", events_json(r->store, a->id));
    api_send(r, status, o);
}

void api_app_get(web_request *r)
{
    ogi_application a;
    if (!load_app(r, &a))
        return;
    send_app(r, 200, &a);
    ogi_application_free(&a);
}

void api_app_create(web_request *r)
{
    json_t *b = api_body(r);
    int64_t agency = 0;
    if (!b || !api_int_member(r, b, "agency_id", true, &agency) ||
        !api_can_write(r, agency) || !calendar_loaded(r)) {
        json_decref(b);
        return;
    }
    ogi_application a = {.agency_id = agency};
    static const struct { const char *key; size_t off; } fields[] = {
        {"applicant_type", offsetof(ogi_application, applicant_type)},
        {"applicant_name", offsetof(ogi_application, applicant_name)},
        {"applicant_id_doc", offsetof(ogi_application, applicant_id_doc)},
        {"applicant_contact", offsetof(ogi_application, applicant_contact)},
        {"channel", offsetof(ogi_application, channel)},
        {"received_at", offsetof(ogi_application, received_at)},
        {"received_date", offsetof(ogi_application, received_date)},
        {"description", offsetof(ogi_application, description)},
        {"preferred_form", offsetof(ogi_application, preferred_form)},
        {"delivery", offsetof(ogi_application, delivery)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = api_str(b, fields[i].key);
        *(char **)((char *)&a + fields[i].off) = v ? ogi_strdup(v) : NULL;
    }
    json_decref(b);
    char code[64], err[512];
    if (ogi_app_create(r->store, r->cfg->cal, &a, code, sizeof code, r->user.name, err,
                       sizeof err)) {
        api_ledger_error(r, 422, "invalid_application", err);
    } else {
        json_t *o = api_application_json(&a);
        json_object_set_new(o, "query_code", json_string(code));
        api_send(r, 201, o);
    }
    ogi_application_free(&a);
}

void api_app_event(web_request *r)
{
    ogi_application a;
    if (!load_app(r, &a))
        return;
    int64_t agency = a.agency_id;
    ogi_application_free(&a);
    json_t *b = api_body(r);
    int64_t wd = 0, fee = 0;
    if (!b || !api_can_write(r, agency) || !calendar_loaded(r) ||
        !api_int_member(r, b, "wd", false, &wd) ||
        !api_int_member(r, b, "fee_yuan", false, &fee) || !api_need_str(r, b, "kind") ||
        !api_need_str(r, b, "date")) {
        json_decref(b);
        return;
    }
    ogi_app_event_args ev = {
        .kind = api_str(b, "kind"), .date = api_str(b, "date"), .outcome = api_str(b, "outcome"),
        .approver = api_str(b, "approver"), .wd = (int)wd, .until = api_str(b, "until"),
        .party = api_str(b, "party"), .letter_received = api_str(b, "letter_received"),
        .to_agency = api_str(b, "to_agency"), .fee_yuan = fee,
        .fee_method = api_str(b, "fee_method"), .note = api_str(b, "note")};
    char err[512];
    if (ogi_app_event_apply(r->store, r->cfg->cal, r->id, &ev, r->user.name, err, sizeof err))
        api_ledger_error(r, 409, "refused", err);
    else if (ogi_app_get(r->store, r->id, &a) == 1) {
        send_app(r, 200, &a);
        ogi_application_free(&a);
    } else
        web_api_error(r, 500, NULL, "无法读取申请。");
    json_decref(b);
}

/* Wrong query codes per client address and window: guessing a code by
 * trying many is stopped long before it could succeed. */
#define STATUS_MAX_FAILURES 20
#define STATUS_WINDOW 900 /* seconds */

static bool status_throttled(web_request *r, const char *key, int64_t window)
{
    int64_t failures = 0;
    if (ogi_store_rate_count(r->store, key, window, &failures) == 0 &&
        failures < STATUS_MAX_FAILURES)
        return false;
    web_api_error(r, 429, "too_many_requests", "查询失败次数过多，请稍后再试。");
    return true;
}

/* What an applicant may see of their application: no internal notes. */
void api_public_app_status(web_request *r)
{
    char key[96];
    snprintf(key, sizeof key, "api-status:%s", r->addr);
    int64_t window = r->now - r->now % STATUS_WINDOW, failures;
    if (status_throttled(r, key, window))
        return;
    json_t *b = api_body(r);
    const char *no = b ? api_need_str(r, b, "tracking_no") : NULL;
    const char *code = no ? api_need_str(r, b, "query_code") : NULL;
    ogi_application a;
    if (code && ogi_app_query_code_ok(r->store, no, code) && ogi_app_find(r->store, no, &a) == 1) {
        api_send(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "tracking_no",
                                   a.tracking_no, "status", a.status, "status_label",
                                   ogi_app_status_label(a.status), "received_date",
                                   json_string(a.received_date ? a.received_date : ""),
                                   "due_date", a.due_date ? json_string(a.due_date) : json_null(),
                                   "concluded_date",
                                   a.concluded_date ? json_string(a.concluded_date) : json_null(),
                                   "outcome", a.outcome ? json_string(a.outcome) : json_null()));
        ogi_application_free(&a);
    } else if (code) {
        /* One answer for "no such number" and "wrong code": nothing to probe. */
        ogi_store_rate_hit(r->store, key, window, &failures);
        web_api_error(r, 404, "not_found", "申请编号或查询码不正确。");
    }
    json_decref(b);
}
