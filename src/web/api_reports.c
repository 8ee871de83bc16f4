/*
 * api_reports.c — annual reports: building one from the ledger with its
 * narrative draft and validating it, publishing (refused on ERROR findings
 * unless an administrator overrides, which the audit log records), and the
 * report endpoints of the JSON API.  The console (pages_reports.c) uses the
 * same build / draft / publish functions, so both paths apply one rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/json.h"
#include "web/api_internal.h"

/* ---- shared with the console ---- */

/* The cross-year rules (R2.2, R2.5, R3.4) against the current published
 * report of the year before, when there is one. */
static void validate_against_last_year(ogi_store *s, int64_t agency_id, const ogi_report *rep,
                                       ogi_findings *findings)
{
    ogi_report_filter f = {.agency_id = agency_id, .year = rep->year - 1, .latest_only = true,
                           .limit = 1};
    ogi_published_report *list;
    size_t n;
    if (ogi_store_report_list(s, &f, &list, &n, NULL))
        return;
    ogi_report *prev = n ? web_report_load(&list[0]) : NULL;
    if (prev && prev->year == rep->year - 1)
        ogi_validate_pair(prev, rep, findings);
    ogi_report_free(prev);
    for (size_t i = 0; i < n; i++)
        ogi_published_report_free(&list[i]);
    free(list);
}

ogi_report *web_report_build(ogi_store *s, int64_t agency_id, int year, const char *sections_json,
                             ogi_findings *findings, char *err, size_t errlen)
{
    char *draft = NULL;
    if (!sections_json && ogi_store_report_draft_get(s, agency_id, year, &draft) < 0) {
        snprintf(err, errlen, "无法读取年度报告草稿：%s", ogi_store_error(s));
        return NULL;
    }
    char why[512];
    ogi_report *rep = ogi_ledger_build_report(s, agency_id, year,
                                              sections_json ? sections_json : draft, why,
                                              sizeof why);
    free(draft);
    if (!rep) {
        snprintf(err, errlen, "无法生成 %d 年度报告：%s", year, why);
        return NULL;
    }
    ogi_validate(rep, findings);
    validate_against_last_year(s, agency_id, rep, findings);
    return rep;
}

static char *findings_summary(const ogi_findings *f, int year, const char *extra_key, bool extra)
{
    json_t *o = json_pack("{s:i, s:I, s:I}", "year", year, "errors",
                          (json_int_t)ogi_findings_count(f, OGI_SEV_ERROR), "warnings",
                          (json_int_t)ogi_findings_count(f, OGI_SEV_WARNING));
    if (extra_key)
        json_object_set_new(o, extra_key, json_boolean(extra));
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

void web_report_audit_build(ogi_store *s, const char *actor, int64_t agency_id, int year,
                            const ogi_findings *findings)
{
    char *after = findings_summary(findings, year, NULL, false);
    ogi_store_audit(s, actor, "build_report", "agency", agency_id, NULL, after);
    free(after);
}

int web_report_save_draft(ogi_store *s, int64_t agency_id, int year,
                          const char *const sections[OGI_SECTIONS], const char *actor, char *err,
                          size_t errlen)
{
    char *old = NULL;
    if (ogi_store_report_draft_get(s, agency_id, year, &old) < 0) {
        snprintf(err, errlen, "无法读取年度报告草稿：%s", ogi_store_error(s));
        return -1;
    }
    json_t *o = old ? json_loads(old, 0, NULL) : NULL;
    free(old);
    if (!json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    for (size_t i = 0; i < ogi_section_count() && i < OGI_SECTIONS; i++)
        if (sections[i])
            json_object_set_new(o, ogi_section_at(i)->key, json_string(sections[i]));
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    int rc = text ? ogi_store_report_draft_set(s, agency_id, year, text, actor) : -1;
    free(text);
    if (rc)
        snprintf(err, errlen, "无法保存年度报告草稿：%s", ogi_store_error(s));
    return rc;
}

static char *dump(json_t *j)
{
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    return text;
}

int web_report_publish(ogi_store *s, int64_t agency_id, int year, bool override,
                       const char *actor, ogi_published_report *out, char *err, size_t errlen)
{
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_report *rep = web_report_build(s, agency_id, year, NULL, &f, err, errlen);
    if (!rep) {
        ogi_findings_free(&f);
        return -3;
    }
    /* The publication date is part of what is validated (R1.6), so set it first. */
    char today[OGI_DATE_TEXT];
    free(rep->publish_date);
    rep->publish_date = ogi_strdup(ogi_date_today((int64_t)time(NULL), today));
    ogi_findings_free(&f);
    ogi_findings_init(&f);
    ogi_validate(rep, &f);
    size_t errors = ogi_findings_count(&f, OGI_SEV_ERROR);
    int rc = -2;
    if (errors && !override) {
        snprintf(err, errlen, "报告存在 %zu 项“错误”级校验问题，不能发布；确需发布的，由管理员勾选"
                              "“忽略错误并发布”（将记入审计日志）。", errors);
    } else {
        char *report_json = dump(ogi_report_to_json(rep, NULL));
        char *findings_json = dump(ogi_findings_to_json(&f));
        char *note = findings_summary(&f, year, "override", override && errors);
        rc = ogi_store_report_publish(s, agency_id, year, report_json, findings_json, actor, note,
                                      out);
        if (rc)
            snprintf(err, errlen, "发布失败：%s", ogi_store_error(s));
        free(report_json);
        free(findings_json);
        free(note);
    }
    ogi_report_free(rep);
    ogi_findings_free(&f);
    return rc;
}

ogi_report *web_report_load(const ogi_published_report *p)
{
    char err[256];
    const char *text = p->report_json ? p->report_json : "";
    return ogi_report_from_json_text(text, strlen(text), err, sizeof err);
}

/* ---- API handlers ---- */

/* agency_id and year, both required in the query string; false after a 400. */
static bool agency_year_query(web_request *r, int64_t *agency, int64_t *year)
{
    *agency = *year = 0;
    if (!api_query_int(r, "agency_id", INT64_MAX, agency) || !api_query_int(r, "year", 9999, year))
        return false;
    if (*agency && *year)
        return true;
    web_api_error(r, 400, "invalid_parameter", "必须提供查询参数 agency_id 和 year。");
    return false;
}

void api_report_preview(web_request *r)
{
    int64_t agency, year;
    if (!agency_year_query(r, &agency, &year) || !api_can_read(r, agency))
        return;
    ogi_findings f;
    ogi_findings_init(&f);
    char err[600];
    ogi_report *rep = web_report_build(r->store, agency, (int)year, NULL, &f, err, sizeof err);
    if (!rep) {
        api_ledger_error(r, 422, "cannot_build", err);
    } else {
        web_report_audit_build(r->store, r->user.name, agency, (int)year, &f);
        api_send(r, 200, json_pack("{s:I, s:i, s:I, s:I, s:o, s:o}", "agency_id",
                                   (json_int_t)agency, "year", (int)year, "errors",
                                   (json_int_t)ogi_findings_count(&f, OGI_SEV_ERROR), "warnings",
                                   (json_int_t)ogi_findings_count(&f, OGI_SEV_WARNING), "report",
                                   ogi_report_to_json(rep, NULL), "findings",
                                   ogi_findings_to_json(&f)));
    }
    ogi_report_free(rep);
    ogi_findings_free(&f);
}

static void send_report_list(web_request *r, const ogi_report_filter *f)
{
    ogi_published_report *list;
    size_t n, total;
    if (ogi_store_report_list(r->store, f, &list, &n, &total)) {
        web_api_error(r, 500, NULL, "无法读取已发布的年度报告。");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(items, api_published_json(&list[i], false));
        ogi_published_report_free(&list[i]);
    }
    free(list);
    api_send_page(r, items, total, f->limit, f->offset);
}

/* Filters shared by the staff and public lists; false after a 400. */
static bool report_filter(web_request *r, ogi_report_filter *f)
{
    int64_t agency = 0, year = 0;
    if (!api_query_int(r, "agency_id", INT64_MAX, &agency) ||
        !api_query_int(r, "year", 9999, &year) || !api_page(r, &f->limit, &f->offset))
        return false;
    f->agency_id = agency;
    f->year = (int)year;
    return true;
}

void api_report_list(web_request *r)
{
    ogi_report_filter f = {0};
    const char *all = web_query(r, "all_versions");
    if (!report_filter(r, &f) || !api_scope(r, f.agency_id, &f.agency_id))
        return;
    f.latest_only = !(all && (!strcmp(all, "true") || !strcmp(all, "1")));
    send_report_list(r, &f);
}

void api_public_report_list(web_request *r)
{
    ogi_report_filter f = {.latest_only = true};
    if (report_filter(r, &f))
        send_report_list(r, &f);
}

static void send_report(web_request *r, bool check_scope)
{
    ogi_published_report p;
    int found = ogi_store_report_get(r->store, r->id, &p);
    if (found != 1)
        web_api_error(r, found < 0 ? 500 : 404, NULL,
                      found < 0 ? "无法读取年度报告。" : "该年度报告不存在。");
    else if (!check_scope || api_can_read(r, p.agency_id))
        api_send(r, 200, api_published_json(&p, true));
    ogi_published_report_free(&p);
}

void api_report_get(web_request *r) { send_report(r, true); }
void api_public_report_get(web_request *r) { send_report(r, false); }

/* The sections object of a body: strings under s1…s6; false after a 400. */
static bool body_sections(web_request *r, const json_t *b, const char *out[OGI_SECTIONS])
{
    const json_t *o = json_object_get(b, "sections");
    for (size_t i = 0; i < OGI_SECTIONS; i++)
        out[i] = NULL;
    if (!o)
        return true;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        size_t i = 0;
        while (i < ogi_section_count() && strcmp(ogi_section_at(i)->key, key))
            i++;
        if (i == ogi_section_count() || i >= OGI_SECTIONS || !json_is_string(v)) {
            char msg[160];
            snprintf(msg, sizeof msg, "sections.%s：应为 s1…s6 之一，值为字符串。", key);
            web_api_error(r, 400, "invalid_field", msg);
            return false;
        }
        out[i] = json_string_value(v);
    }
    return true;
}

/* agency_id and year members of a body; false after a 400. */
static bool body_agency_year(web_request *r, const json_t *b, int64_t *agency, int64_t *year)
{
    if (!api_int_member(r, b, "agency_id", true, agency) ||
        !api_int_member(r, b, "year", true, year))
        return false;
    if (*year >= 1000 && *year <= 9999)
        return true;
    web_api_error(r, 400, "invalid_field", "字段“year”必须是四位年份。");
    return false;
}

void api_report_draft(web_request *r)
{
    json_t *b = api_body(r);
    int64_t agency, year;
    const char *sections[OGI_SECTIONS];
    char err[600];
    if (b && body_agency_year(r, b, &agency, &year) && api_can_write(r, agency) &&
        body_sections(r, b, sections)) {
        if (web_report_save_draft(r->store, agency, (int)year, sections, r->user.name, err,
                                  sizeof err))
            web_api_error(r, 500, NULL, err);
        else {
            char *text = NULL;
            ogi_store_report_draft_get(r->store, agency, (int)year, &text);
            json_t *saved = text ? json_loads(text, 0, NULL) : NULL;
            free(text);
            api_send(r, 200, json_pack("{s:I, s:i, s:o}", "agency_id", (json_int_t)agency, "year",
                                       (int)year, "sections", saved ? saved : json_object()));
        }
    }
    json_decref(b);
}

void api_report_publish(web_request *r)
{
    json_t *b = api_body(r);
    int64_t agency, year;
    if (!b || !body_agency_year(r, b, &agency, &year) || !api_can_write(r, agency)) {
        json_decref(b);
        return;
    }
    const json_t *ov = json_object_get(b, "override");
    bool override = json_is_true(ov);
    if (ov && !json_is_boolean(ov)) {
        web_api_error(r, 400, "invalid_field", "字段“override”必须是布尔值。");
    } else if (!override || api_is_admin(r)) {
        ogi_published_report p = {0};
        char err[600];
        int rc = web_report_publish(r->store, agency, (int)year, override, r->user.name, &p, err,
                                    sizeof err);
        if (rc == 0)
            api_send(r, 201, api_published_json(&p, true));
        else
            api_ledger_error(r, rc == -1 ? 500 : 422, rc == -2 ? "findings" : "cannot_build",
                             err);
        ogi_published_report_free(&p);
    }
    json_decref(b);
}
