/*
 * csv_apps.c — applications as CSV.  A row is an intake plus, optionally,
 * its history: either the full event list (column "events", a JSON array,
 * as export writes it) or, for a year of history from another system, just
 * the outcome and the date it was concluded.  History is replayed through
 * ogi_app_event_apply, so an imported ledger obeys the statute exactly as
 * one typed in by hand.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/csv_internal.h"
#include "ogi/format.h"
#include "ogi/ledger.h"

const char *const csv_application_columns[] = {
    "tracking_no", "agency", "applicant_type", "applicant_name", "applicant_id_doc",
    "applicant_contact", "channel", "received_date", "received_at", "description",
    "preferred_form", "delivery", "status", "outcome", "concluded_date", "due_date", "events",
    NULL,
};

/* ---- import ---- */

/* A section 三 applicant column (the format definition is the list). */
static bool is_applicant_type(const char *key)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t c = 0; c < t->n_cols; c++)
        if (!t->cols[c].is_total && !strcmp(t->cols[c].key, key))
            return true;
    return false;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM". */
static bool is_date_time(const char *s)
{
    char day[OGI_DATE_TEXT];
    ogi_date d;
    size_t n = strlen(s);
    if (n != 10 && n != 16)
        return false;
    snprintf(day, sizeof day, "%.10s", s);
    if (!ogi_date_parse(day, &d))
        return false;
    return n == 10 || (s[10] == 'T' && s[11] >= '0' && s[11] <= '2' && s[12] >= '0' &&
                       s[12] <= '9' && s[13] == ':' && s[14] >= '0' && s[14] <= '5' &&
                       s[15] >= '0' && s[15] <= '9');
}

/* The "events" column: a JSON array of objects with "kind" and "date". */
static json_t *parse_events(csv_rec *r)
{
    const char *text = csv_get(r, "events");
    if (!text)
        return NULL;
    json_error_t je;
    json_t *arr = json_loads(text, 0, &je);
    if (!json_is_array(arr)) {
        csv_error(r, "events", "不是 JSON 数组：%s", arr ? "应为 [{\"kind\":…,\"date\":…}]" : je.text);
        json_decref(arr);
        return NULL;
    }
    size_t i;
    json_t *ev;
    json_array_foreach(arr, i, ev) {
        if (!json_is_string(json_object_get(ev, "kind")) ||
            !json_is_string(json_object_get(ev, "date"))) {
            csv_error(r, "events", "第 %zu 个事件缺少 kind 或 date", i + 1);
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

static const char *jstr(const json_t *o, const char *k)
{
    const json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static ogi_app_event_args event_args(const json_t *o)
{
    return (ogi_app_event_args){
        .kind = jstr(o, "kind"),
        .date = jstr(o, "date"),
        .outcome = jstr(o, "outcome"),
        .approver = jstr(o, "approver"),
        .wd = (int)json_integer_value(json_object_get(o, "wd")),
        .until = jstr(o, "until"),
        .party = jstr(o, "party"),
        .letter_received = jstr(o, "letter_received"),
        .to_agency = jstr(o, "to_agency"),
        .fee_yuan = json_integer_value(json_object_get(o, "fee_yuan")),
        .fee_method = jstr(o, "fee_method"),
        .note = jstr(o, "note"),
    };
}

static void check_intake_fields(ogi_store *s, csv_rec *r)
{
    const char *type = csv_need(r, "applicant_type");
    if (type && !is_applicant_type(type))
        csv_error(r, "applicant_type", "申请人类型“%s”无效，应为年度报告第三部分的申请人列"
                  "（natural_person、commercial 等）", type);
    csv_date_ok(r, "received_date", true);
    const char *at = csv_get(r, "received_at");
    if (at && !is_date_time(at))
        csv_error(r, "received_at", "收到时间“%s”无效，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM", at);
    const char *no = csv_get(r, "tracking_no");
    ogi_application dup;
    if (no && strlen(no) > 31)
        csv_error(r, "tracking_no", "受理编号“%s”过长（最多31个字符）", no);
    else if (no && ogi_store_app_find(s, no, &dup) == 1) {
        ogi_application_free(&dup);
        csv_error(r, "tracking_no", "受理编号“%s”已存在", no);
    }
    bool has_outcome = csv_get(r, "outcome") != NULL;
    bool has_date = csv_date_ok(r, "concluded_date", false) && csv_get(r, "concluded_date");
    if (!csv_get(r, "events") && has_outcome != has_date)
        csv_error(r, has_outcome ? "concluded_date" : "outcome",
                  "outcome 与 concluded_date 须同时填写（已办结）或同时留空（未办结）");
}

static int64_t create(ogi_store *s, const ogi_calendar *cal, csv_rec *r, int64_t agency,
                      const char *actor)
{
    ogi_application a = {
        .agency_id = agency,
        .tracking_no = ogi_strdup(csv_get(r, "tracking_no")),
        .applicant_type = (char *)csv_get(r, "applicant_type"),
        .applicant_name = (char *)csv_get(r, "applicant_name"),
        .applicant_id_doc = (char *)csv_get(r, "applicant_id_doc"),
        .applicant_contact = (char *)csv_get(r, "applicant_contact"),
        .channel = (char *)(csv_get(r, "channel") ? csv_get(r, "channel") : "online"),
        .received_at = (char *)csv_get(r, "received_at"),
        .received_date = (char *)csv_get(r, "received_date"),
        .description = (char *)csv_get(r, "description"),
        .preferred_form = (char *)csv_get(r, "preferred_form"),
        .delivery = (char *)csv_get(r, "delivery"),
    };
    char code[16], err[512];
    int rc = ogi_app_create(s, cal, &a, code, sizeof code, actor, err, sizeof err);
    if (rc)
        csv_error(r, strstr(err, "渠道") ? "channel" : "", "%s", err);
    int64_t id = rc ? 0 : a.id;
    free(a.tracking_no);
    free(a.due_date);
    free(a.status);
    return id;
}

static void replay(ogi_store *s, const ogi_calendar *cal, csv_rec *r, int64_t id,
                   const json_t *events, const char *actor)
{
    size_t i;
    const json_t *ev;
    char err[512];
    json_array_foreach(events, i, ev) {
        ogi_app_event_args args = event_args(ev);
        const char *who = jstr(ev, "actor") ? jstr(ev, "actor") : actor;
        if (ogi_app_event_apply(s, cal, id, &args, who, err, sizeof err)) {
            csv_error(r, "events", "第 %zu 个事件（%s %s）被拒绝：%s", i + 1, args.kind, args.date,
                      err);
            return;
        }
    }
}

static void answer(ogi_store *s, const ogi_calendar *cal, csv_rec *r, int64_t id,
                   const char *actor)
{
    ogi_app_event_args args = {.kind = "answer", .date = csv_get(r, "concluded_date"),
                               .outcome = csv_get(r, "outcome")};
    char err[512];
    if (ogi_app_event_apply(s, cal, id, &args, actor, err, sizeof err))
        csv_error(r, "outcome", "无法按“%s”于 %s 办结：%s", args.outcome, args.date, err);
}

static bool same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* What the row states must be what the rules made of its history. */
static void verify(ogi_store *s, csv_rec *r, int64_t id)
{
    ogi_application a;
    if (ogi_app_get(s, id, &a) != 1) {
        csv_error(r, "", "数据库错误：%s", ogi_store_error(s));
        return;
    }
    const char *status = csv_get(r, "status");
    if (status && !same(status, a.status))
        csv_error(r, "status", "按办理记录，状态应为“%s”（%s），而不是“%s”", a.status,
                  ogi_app_status_label(a.status), status);
    if (csv_get(r, "events") && csv_get(r, "outcome") && !same(csv_get(r, "outcome"), a.outcome))
        csv_error(r, "outcome", "按办理记录，办理结果应为“%s”，而不是“%s”",
                  a.outcome ? a.outcome : "（未办结）", csv_get(r, "outcome"));
    if (csv_get(r, "events") && csv_get(r, "concluded_date") &&
        !same(csv_get(r, "concluded_date"), a.concluded_date))
        csv_error(r, "concluded_date", "按办理记录，办结日期应为“%s”，而不是“%s”",
                  a.concluded_date ? a.concluded_date : "（未办结）", csv_get(r, "concluded_date"));
    ogi_application_free(&a);
}

void csv_import_application(ogi_store *s, const ogi_calendar *cal, csv_rec *r,
                            const char *actor)
{
    int64_t agency = csv_agency(s, r);
    check_intake_fields(s, r);
    json_t *events = parse_events(r);
    if (r->bad) {
        json_decref(events);
        return;
    }
    int64_t id = create(s, cal, r, agency, actor);
    if (id && events)
        replay(s, cal, r, id, events, actor);
    else if (id && csv_get(r, "outcome"))
        answer(s, cal, r, id, actor);
    if (id && !r->bad)
        verify(s, r, id);
    json_decref(events);
}

/* ---- export ---- */

/* Events as import reads them: kind, date, the stored details, actor. */
static char *events_json(ogi_store *s, int64_t id)
{
    ogi_app_event *ev;
    size_t n;
    if (ogi_app_events(s, id, &ev, &n))
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(ev[i].kind));
        json_object_set_new(o, "date", json_string(ev[i].date));
        json_t *detail = json_loads(ev[i].detail ? ev[i].detail : "{}", 0, NULL);
        if (json_is_object(detail))
            json_object_update(o, detail);
        json_decref(detail);
        if (ev[i].actor && ev[i].actor[0])
            json_object_set_new(o, "actor", json_string(ev[i].actor));
        json_array_append_new(arr, o);
        ogi_app_event_free(&ev[i]);
    }
    free(ev);
    char *text = n ? json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER) : ogi_strdup("");
    json_decref(arr);
    return text;
}

static int by_id(const void *x, const void *y)
{
    const ogi_application *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

/* Every application of the agency (store pages by due date; we want id order). */
static int all_applications(ogi_store *s, int64_t agency_id, ogi_application **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    for (size_t offset = 0;; offset += 500) {
        ogi_app_filter f = {.agency_id = agency_id, .offset = offset, .limit = 500};
        ogi_application *page;
        size_t got;
        if (ogi_app_list(s, &f, &page, &got))
            return -1;
        *out = ogi_xrealloc(*out, (*n + got + 1) * sizeof **out);
        if (got) /* an empty page may be NULL */
            memcpy(*out + *n, page, got * sizeof *page);
        *n += got;
        free(page);
        if (got < 500)
            break;
    }
    qsort(*out, *n, sizeof **out, by_id);
    return 0;
}

static void export_one(ogi_store *s, const ogi_application *a, ogi_buf *out)
{
    char *agency = csv_agency_name(s, a->agency_id);
    char *events = events_json(s, a->id);
    const char *f[] = {a->tracking_no,     agency,          a->applicant_type,
                       a->applicant_name,  a->applicant_id_doc, a->applicant_contact,
                       a->channel,         a->received_date, a->received_at,
                       a->description,     a->preferred_form, a->delivery,
                       a->status,          a->outcome,      a->concluded_date,
                       a->due_date,        events};
    csv_put_row(out, f, sizeof f / sizeof *f);
    free(agency);
    free(events);
}

int csv_export_applications(ogi_store *s, int64_t agency_id, ogi_buf *out, char *err,
                            size_t errlen)
{
    ogi_application *apps;
    size_t n;
    if (all_applications(s, agency_id, &apps, &n)) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    size_t ncols = 0;
    while (csv_application_columns[ncols])
        ncols++;
    csv_put_row(out, csv_application_columns, ncols);
    for (size_t i = 0; i < n; i++) {
        export_one(s, &apps[i], out);
        ogi_application_free(&apps[i]);
    }
    free(apps);
    return 0;
}
