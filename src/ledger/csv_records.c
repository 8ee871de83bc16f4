/*
 * csv_records.c — registry items, review/lawsuit cases and yearly figures
 * as CSV.  Items are created as drafts and walked through the review steps
 * to their stated status (先审查、后公开 holds for imported items too);
 * cases and figures go through the same checks as the CLI.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/csv_internal.h"
#include "ogi/format.h"
#include "ogi/ledger.h"
#include "ogi/text.h"

const char *const csv_item_columns[] = {
    "index_no", "agency",  "title",        "doc_no",         "issuer",
    "category", "topic",   "kind",         "formed_date",    "status",
    "published_date", "repealed_date", "body", "attachments", NULL,
};

const char *const csv_case_columns[] = {
    "agency", "application", "kind", "filed_date", "result", "decided_date", "note", NULL,
};

const char *const csv_figure_columns[] = {"agency", "year", "key", "value", NULL};

static size_t count_columns(const char *const *cols)
{
    size_t n = 0;
    while (cols[n])
        n++;
    return n;
}

/* ---- items ---- */

/* The review steps from a new draft to each status, in order. */
static const struct {
    const char *status;
    const char *steps[4];
} item_paths[] = {
    {"draft", {NULL}},
    {"secrecy_review", {"submit", NULL}},
    {"approval", {"submit", "pass_secrecy", NULL}},
    {"published", {"submit", "pass_secrecy", "approve", NULL}},
    {"repealed", {"submit", "pass_secrecy", "approve", "repeal"}},
};

static int item_path(const char *status)
{
    for (size_t i = 0; i < sizeof item_paths / sizeof *item_paths; i++)
        if (!strcmp(item_paths[i].status, status))
            return (int)i;
    return -1;
}

static void check_item_dates(csv_rec *r, int path)
{
    const char *status = item_paths[path].status;
    bool published = !strcmp(status, "published") || !strcmp(status, "repealed");
    bool repealed = !strcmp(status, "repealed");
    csv_date_ok(r, "formed_date", true);
    if (csv_date_ok(r, "published_date", published) && !published &&
        csv_get(r, "published_date"))
        csv_error(r, "published_date", "状态为“%s”的条目不应有发布日期",
                  ogi_registry_status_label(status));
    if (csv_date_ok(r, "repealed_date", repealed) && !repealed && csv_get(r, "repealed_date"))
        csv_error(r, "repealed_date", "状态为“%s”的条目不应有废止日期",
                  ogi_registry_status_label(status));
    const char *att = csv_get(r, "attachments");
    json_t *j = att ? json_loads(att, 0, NULL) : NULL;
    if (att && !json_is_array(j))
        csv_error(r, "attachments", "附件应为 JSON 数组 [{\"name\":…,\"size\":…,\"type\":…}]");
    json_decref(j);
}

static void walk_steps(ogi_store *s, const ogi_calendar *cal, csv_rec *r, int64_t id, int path,
                       const char *actor)
{
    char err[512], warning[512];
    for (size_t k = 0; k < 4 && item_paths[path].steps[k]; k++) {
        const char *step = item_paths[path].steps[k];
        const char *date = !strcmp(step, "approve") ? csv_get(r, "published_date")
                           : !strcmp(step, "repeal") ? csv_get(r, "repealed_date")
                                                     : NULL;
        if (ogi_registry_step(s, cal, id, step, date, actor, NULL, warning, sizeof warning, err,
                              sizeof err)) {
            csv_error(r, "status", "无法执行“%s”：%s", step, err);
            return;
        }
    }
}

void csv_import_item(ogi_store *s, const ogi_calendar *cal, csv_rec *r, const char *actor)
{
    int64_t agency = csv_agency(s, r);
    const char *status = csv_get(r, "status") ? csv_get(r, "status") : "draft";
    int path = item_path(status);
    if (path < 0)
        csv_error(r, "status", "状态“%s”无效，应为 draft、secrecy_review、approval、published 或 "
                  "repealed", status);
    else
        check_item_dates(r, path);
    csv_need(r, "title");
    if (r->bad)
        return;
    ogi_item it = {
        .agency_id = agency,
        .index_no = ogi_strdup(csv_get(r, "index_no")),
        .title = (char *)csv_get(r, "title"),
        .doc_no = (char *)csv_get(r, "doc_no"),
        .issuer = (char *)csv_get(r, "issuer"),
        .category = (char *)csv_get(r, "category"),
        .topic = (char *)csv_get(r, "topic"),
        .kind = (char *)csv_get(r, "kind"),
        .formed_date = (char *)csv_get(r, "formed_date"),
        .body = (char *)csv_get(r, "body"),
        .attachments = (char *)csv_get(r, "attachments"),
    };
    char err[512];
    if (ogi_registry_create(s, &it, actor, err, sizeof err))
        csv_error(r, strstr(err, "类别") ? "category" : strstr(err, "文件类型") ? "kind" : "",
                  "%s", err);
    else
        walk_steps(s, cal, r, it.id, path, actor);
    free(it.index_no);
}

static int item_by_id(const void *x, const void *y)
{
    const ogi_item *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

static int all_items(ogi_store *s, int64_t agency_id, ogi_item **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    for (size_t offset = 0;; offset += 500) {
        ogi_item_filter f = {.agency_id = agency_id, .offset = offset, .limit = 500};
        ogi_item *page;
        size_t got, total;
        if (ogi_store_item_search(s, &f, &page, &got, &total))
            return -1;
        *out = ogi_xrealloc(*out, (*n + got + 1) * sizeof **out);
        if (got) /* an empty page may be NULL */
            memcpy(*out + *n, page, got * sizeof *page);
        *n += got;
        free(page);
        if (got < 500)
            break;
    }
    qsort(*out, *n, sizeof **out, item_by_id);
    return 0;
}

int csv_export_items(ogi_store *s, int64_t agency_id, ogi_buf *out, char *err, size_t errlen)
{
    ogi_item *items;
    size_t n;
    if (all_items(s, agency_id, &items, &n)) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    csv_put_row(out, csv_item_columns, count_columns(csv_item_columns));
    for (size_t i = 0; i < n; i++) {
        ogi_item *it = &items[i];
        char *agency = csv_agency_name(s, it->agency_id);
        const char *f[] = {it->index_no,    agency,         it->title,         it->doc_no,
                           it->issuer,      it->category,   it->topic,         it->kind,
                           it->formed_date, it->status,     it->published_date,
                           it->repealed_date, it->body,     it->attachments};
        csv_put_row(out, f, sizeof f / sizeof *f);
        free(agency);
        ogi_item_free(it);
    }
    free(items);
    return 0;
}

/* ---- cases ---- */

/* Which column an ogi_case_add refusal concerns, by what it names. */
static const char *case_column(const char *err)
{
    static const struct {
        const char *word, *column;
    } map[] = {{"案件类型", "kind"}, {"立案日期", "filed_date"}, {"审结", "decided_date"},
               {"结果", "result"},   {"申请", "application"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strstr(err, map[i].word))
            return map[i].column;
    return "";
}

void csv_import_case(ogi_store *s, csv_rec *r, const char *actor)
{
    int64_t agency = csv_agency(s, r);
    csv_date_ok(r, "filed_date", true);
    csv_date_ok(r, "decided_date", false);
    const char *no = csv_get(r, "application");
    ogi_application a;
    int64_t app_id = 0;
    if (no && ogi_store_app_find(s, no, &a) == 1) {
        app_id = a.id;
        ogi_application_free(&a);
    } else if (no) {
        csv_error(r, "application", "受理编号为“%s”的申请不存在", no);
    }
    if (r->bad)
        return;
    ogi_case c = {
        .agency_id = agency,
        .application_id = app_id,
        .kind = (char *)csv_get(r, "kind"),
        .filed_date = (char *)csv_get(r, "filed_date"),
        .result = (char *)(csv_get(r, "result") ? csv_get(r, "result") : "pending"),
        .decided_date = (char *)csv_get(r, "decided_date"),
        .note = (char *)csv_get(r, "note"),
    };
    char err[512];
    if (ogi_case_add(s, &c, actor, err, sizeof err))
        csv_error(r, case_column(err), "%s", err);
}

static int case_by_id(const void *x, const void *y)
{
    const ogi_case *a = x, *b = y;
    return (a->id > b->id) - (a->id < b->id);
}

int csv_export_cases(ogi_store *s, int64_t agency_id, ogi_buf *out, char *err, size_t errlen)
{
    ogi_case *cases;
    size_t n;
    if (ogi_case_list(s, agency_id, &cases, &n)) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    if (n) /* an empty list may be NULL */
        qsort(cases, n, sizeof *cases, case_by_id);
    csv_put_row(out, csv_case_columns, count_columns(csv_case_columns));
    for (size_t i = 0; i < n; i++) {
        ogi_case *c = &cases[i];
        char *agency = csv_agency_name(s, c->agency_id);
        ogi_application a = {0};
        bool linked = c->application_id && ogi_store_app_get(s, c->application_id, &a) == 1;
        const char *f[] = {agency, linked ? a.tracking_no : NULL, c->kind, c->filed_date,
                           c->result, c->decided_date, c->note};
        csv_put_row(out, f, sizeof f / sizeof *f);
        if (linked)
            ogi_application_free(&a);
        free(agency);
        ogi_case_free(c);
    }
    free(cases);
    return 0;
}

/* ---- yearly figures ---- */

int ogi_figure_parse(const char *key, const char *value, int64_t *out, int *decimals, char *err,
                     size_t errlen)
{
    int cell = key ? ogi_cell_index(key) : -1;
    const ogi_cell_def *d = cell >= 0 ? ogi_cell_at((size_t)cell) : NULL;
    if (!d || d->table->section != 2) {
        snprintf(err, errlen, "“%s”不是年度报告第二部分的单元格键（如 s2_licensing_decisions、s2_fee_amount_wan）",
                 key ? key : "");
        return -1;
    }
    ogi_number num = ogi_parse_number(value ? value : "", d->kind);
    if (num.status != OGI_PARSE_OK || (d->kind != OGI_VAL_SIGNED && num.value < 0)) {
        snprintf(err, errlen, "%s 的数值“%s”无效：应为%s", d->label, value ? value : "",
                 d->kind == OGI_VAL_MONEY ? "以万元计的非负数，最多6位小数（如 1887.214474）"
                 : d->kind == OGI_VAL_SIGNED ? "整数（可为负）"
                                             : "非负整数");
        return -1;
    }
    *out = num.value;
    *decimals = d->kind == OGI_VAL_MONEY ? num.decimals : 0;
    return 0;
}

void csv_import_figure(ogi_store *s, csv_rec *r, const char *actor)
{
    int64_t agency = csv_agency(s, r);
    const char *year_text = csv_need(r, "year");
    char *end = NULL;
    long year = year_text ? strtol(year_text, &end, 10) : 0;
    if (year_text && (*end || year < 2019 || year > 2100))
        csv_error(r, "year", "年度“%s”无效，应为 2019 年及以后的四位年份", year_text);
    const char *key = csv_need(r, "key"), *value = csv_need(r, "value");
    int64_t v;
    int decimals;
    char err[512];
    if (key && value && ogi_figure_parse(key, value, &v, &decimals, err, sizeof err))
        csv_error(r, strstr(err, "单元格键") ? "key" : "value", "%s", err);
    if (r->bad)
        return;
    if (ogi_store_figure_set(s, agency, (int)year, key, v, decimals, actor))
        csv_error(r, "", "数据库错误：%s", ogi_store_error(s));
}
