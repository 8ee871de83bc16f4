/*
 * api_util.c — the plumbing every API handler uses, so that responses,
 * error bodies, parameter checks, pagination and permission refusals look
 * the same on every endpoint; and the JSON of the ledger's records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/api_internal.h"

/* ---- responses ---- */

void api_send(web_request *r, int status, json_t *j)
{
    r->status = status;
    r->content_type = "application/json; charset=utf-8";
    ogi_buf_reset(&r->out);
    char *text = json_dumps(j, API_JSON_FLAGS);
    ogi_buf_puts(&r->out, text ? text : "null");
    ogi_buf_putc(&r->out, '\n');
    free(text);
    json_decref(j);
}

void api_send_page(web_request *r, json_t *items, size_t total, size_t limit, size_t offset)
{
    api_send(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                               (json_int_t)total, "limit", (json_int_t)limit, "offset",
                               (json_int_t)offset));
}

static const char *default_code(int status)
{
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 409: return "conflict";
    case 413: return "payload_too_large";
    case 415: return "unsupported_media_type";
    case 422: return "unprocessable";
    default: return status >= 500 ? "internal_error" : "error";
    }
}

void web_api_error(web_request *r, int status, const char *code, const char *message)
{
    api_send(r, status, json_pack("{s:{s:s, s:s}}", "error", "code",
                                  code ? code : default_code(status), "message",
                                  message ? message : ""));
}

void api_ledger_error(web_request *r, int status, const char *code, const char *message)
{
    /* The ledger says "…不存在" when the thing is missing. */
    if (message && strstr(message, "不存在"))
        web_api_error(r, 404, "not_found", message);
    else
        web_api_error(r, status, code, message);
}

/* ---- request ---- */

json_t *api_body(web_request *r)
{
    if (!r->body.len) {
        bool form = r->form.n > 0;
        web_api_error(r, form ? 415 : 400, NULL,
                      form ? "请求体必须是 JSON（Content-Type: application/json）。"
                           : "缺少 JSON 请求体。");
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(r->body.data, r->body.len, 0, &je);
    char msg[300];
    if (!j) {
        snprintf(msg, sizeof msg, "请求体不是有效的 JSON：第 %d 行第 %d 列：%s", je.line,
                 je.column, je.text);
        web_api_error(r, 400, "malformed_json", msg);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        web_api_error(r, 400, "malformed_json", "请求体必须是 JSON 对象。");
        return NULL;
    }
    return j;
}

const char *api_str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

const char *api_need_str(web_request *r, const json_t *o, const char *key)
{
    const char *v = api_str(o, key);
    if (v && *v)
        return v;
    char msg[160];
    snprintf(msg, sizeof msg, "字段“%s”必须是非空字符串。", key);
    web_api_error(r, 400, "invalid_field", msg);
    return NULL;
}

bool api_int_member(web_request *r, const json_t *o, const char *key, bool required,
                    int64_t *out)
{
    const json_t *v = json_object_get(o, key);
    if (!v && !required)
        return true;
    if (json_is_integer(v)) {
        *out = json_integer_value(v);
        return true;
    }
    char msg[160];
    snprintf(msg, sizeof msg, "字段“%s”必须是整数。", key);
    web_api_error(r, 400, "invalid_field", msg);
    return false;
}

bool api_query_int(web_request *r, const char *key, int64_t max, int64_t *out)
{
    const char *v = web_query(r, key);
    if (!v || !*v)
        return true;
    char *end;
    long long n = strtoll(v, &end, 10);
    if (*end || n < 0 || n > max) {
        char msg[160];
        snprintf(msg, sizeof msg, "查询参数“%s”必须是 0 到 %lld 之间的整数。", key,
                 (long long)max);
        web_api_error(r, 400, "invalid_parameter", msg);
        return false;
    }
    *out = n;
    return true;
}

bool api_page(web_request *r, size_t *limit, size_t *offset)
{
    int64_t l = API_DEFAULT_LIMIT, o = 0;
    if (!api_query_int(r, "limit", API_MAX_LIMIT, &l) ||
        !api_query_int(r, "offset", 1000000000, &o))
        return false;
    if (l == 0) {
        web_api_error(r, 400, "invalid_parameter", "查询参数“limit”必须至少为 1。");
        return false;
    }
    *limit = (size_t)l;
    *offset = (size_t)o;
    return true;
}

/* ---- permissions ---- */

bool api_can_read(web_request *r, int64_t agency_id)
{
    if (web_allowed(&r->user, WEB_PERM_APPLICATIONS, agency_id))
        return true;
    web_api_error(r, 403, "forbidden", "您没有访问该机关数据的权限。");
    return false;
}

bool api_can_write(web_request *r, int64_t agency_id)
{
    if (!api_can_read(r, agency_id))
        return false;
    if (r->user.role && strcmp(r->user.role, "reviewer"))
        return true;
    web_api_error(r, 403, "forbidden", "审核人员不能办理此项修改。");
    return false;
}

bool api_is_admin(web_request *r)
{
    if (web_allowed(&r->user, WEB_PERM_AUDIT, 0))
        return true;
    web_api_error(r, 403, "forbidden", "仅管理员可以执行此操作。");
    return false;
}

bool api_scope(web_request *r, int64_t requested, int64_t *agency)
{
    if (requested)
        *agency = requested;
    else
        *agency = web_allowed(&r->user, WEB_PERM_AUDIT, 0) ? 0 : r->user.agency_id;
    return api_can_read(r, *agency); /* 0 (all agencies): administrators only */
}

/* ---- JSON of records ---- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

json_t *api_agency_json(const ogi_agency *a)
{
    return json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)a->id, "name",
                     a->name ? a->name : "", "kind", ogi_agency_kind_name(a->kind), "parent_id",
                     (json_int_t)a->parent_id, "index_prefix",
                     a->index_prefix ? a->index_prefix : "");
}

json_t *api_application_json(const ogi_application *a)
{
    json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id",
                          (json_int_t)a->id, "agency_id", (json_int_t)a->agency_id,
                          "tracking_no", str_or_null(a->tracking_no), "applicant_type",
                          str_or_null(a->applicant_type), "applicant_name",
                          str_or_null(a->applicant_name), "channel", str_or_null(a->channel),
                          "received_at", str_or_null(a->received_at), "received_date",
                          str_or_null(a->received_date), "status", str_or_null(a->status),
                          "status_label", ogi_app_status_label(a->status));
    json_object_set_new(o, "description", str_or_null(a->description));
    json_object_set_new(o, "outcome", str_or_null(a->outcome));
    json_object_set_new(o, "concluded_date", str_or_null(a->concluded_date));
    json_object_set_new(o, "due_date", str_or_null(a->due_date));
    return o;
}

json_t *api_item_json(const ogi_item *it)
{
    json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)it->id,
                          "agency_id", (json_int_t)it->agency_id, "index_no",
                          str_or_null(it->index_no), "title", str_or_null(it->title), "doc_no",
                          str_or_null(it->doc_no), "category", str_or_null(it->category), "kind",
                          str_or_null(it->kind), "status", str_or_null(it->status));
    json_object_set_new(o, "status_label", json_string(ogi_registry_status_label(it->status)));
    json_object_set_new(o, "topic", str_or_null(it->topic));
    json_object_set_new(o, "issuer", str_or_null(it->issuer));
    json_object_set_new(o, "formed_date", str_or_null(it->formed_date));
    json_object_set_new(o, "published_date", str_or_null(it->published_date));
    json_object_set_new(o, "repealed_date", str_or_null(it->repealed_date));
    json_object_set_new(o, "body", str_or_null(it->body));
    return o;
}

json_t *api_case_json(const ogi_case *c)
{
    return json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id,
                     "agency_id", (json_int_t)c->agency_id, "application_id",
                     (json_int_t)c->application_id, "kind", str_or_null(c->kind), "filed_date",
                     str_or_null(c->filed_date), "result", str_or_null(c->result),
                     "decided_date", str_or_null(c->decided_date), "note", str_or_null(c->note));
}

json_t *api_published_json(const ogi_published_report *p, bool with_report)
{
    json_t *o = json_pack("{s:I, s:I, s:i, s:i, s:o, s:o, s:I, s:I}", "id", (json_int_t)p->id,
                          "agency_id", (json_int_t)p->agency_id, "year", p->year, "version",
                          p->version, "published_at", str_or_null(p->published_at),
                          "published_by", str_or_null(p->published_by), "supersedes_id",
                          (json_int_t)p->supersedes_id, "superseded_by",
                          (json_int_t)p->superseded_by);
    json_t *rep = json_loads(p->report_json ? p->report_json : "", 0, NULL);
    json_t *agency = json_object_get(rep, "agency");
    json_object_set(o, "agency", agency ? agency : json_null());
    json_t *fnd = json_loads(p->findings_json ? p->findings_json : "[]", 0, NULL);
    json_object_set_new(o, "findings", fnd ? fnd : json_array());
    if (with_report)
        json_object_set_new(o, "report", rep ? rep : json_null());
    else
        json_decref(rep);
    return o;
}
