/*
 * pages_console_items.c — the registry console: officers draft items of
 * the 政府信息公开目录 and submit them; reviewers pass the 保密审查 and
 * approve (publish), or return them; 先审查、后公开 is the ledger's rule
 * (ogi_registry_step), the page only offers each role its buttons.  A late
 * publication (Art. 26) still happens, and the page says so.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/ledger.h"
#include "ogi/text.h"
#include "web/web_internal.h"

#define ITEMS_PAGE 100

typedef struct {
    const char *step, *label, *from, *role; /* role: who besides admin */
    bool dated;
} step_def;

/* The buttons: mirrors the steps ogi_registry_step accepts. */
static const step_def steps[] = {
    {"submit", "提交保密审查", "draft", "officer", false},
    {"pass_secrecy", "保密审查通过", "secrecy_review", "reviewer", false},
    {"approve", "审核通过并发布", "approval", "reviewer", true},
    {"return", "退回修改", "secrecy_review", "reviewer", false},
    {"return", "退回修改", "approval", "reviewer", false},
    {"repeal", "废止", "published", "reviewer", true},
};

static const char *const kinds[][2] = {
    {"normative", "行政规范性文件"}, {"rule", "规章"}, {"other", "其他文件"}};

static bool role_may(const web_request *r, const char *role)
{
    return !strcmp(r->user.role, "admin") || !strcmp(r->user.role, role);
}

static const char *category_label(const char *key)
{
    for (size_t i = 0; key && i < ogi_registry_category_count(); i++)
        if (!strcmp(ogi_registry_category_key(i), key))
            return ogi_registry_category_label(i);
    return key ? key : "";
}

static void step_buttons(web_request *r, const ogi_item *it, const char *today)
{
    ogi_buf *b = &r->out;
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        const step_def *s = &steps[i];
        if (strcmp(s->from, it->status) || !role_may(r, s->role))
            continue;
        ogi_buf_printf(b, "<form class=\"inline\" method=\"post\" action=\"/admin/items/%lld/step\" "
                          "id=\"step-%s-%lld\">\n",
                       (long long)it->id, s->step, (long long)it->id);
        web_form_csrf(b, r->session.csrf_token);
        ogi_buf_printf(b, "<input type=\"hidden\" name=\"step\" value=\"%s\">", s->step);
        if (s->dated)
            ogi_buf_printf(b, "<input type=\"date\" name=\"date\" value=\"%s\" required "
                              "aria-label=\"日期\">", today);
        ogi_buf_printf(b, "<button type=\"submit\">%s</button></form>\n", s->label);
    }
}

static void items_table(web_request *r, ogi_item *items, size_t n)
{
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<table id=\"items-list\">\n<thead><tr><th>索引号</th><th>标题</th><th>类别</th>"
                    "<th>状态</th><th>成文日期</th><th>发布日期</th><th>操作</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_item *it = &items[i];
        if (!web_allowed(&r->user, WEB_PERM_APPLICATIONS, it->agency_id))
            continue;
        ogi_buf_puts(b, "<tr><td>");
        ogi_buf_html(b, it->index_no);
        ogi_buf_printf(b, "</td><td><a href=\"/admin/items/%lld\">", (long long)it->id);
        ogi_buf_html(b, it->title);
        ogi_buf_puts(b, "</a></td><td>");
        ogi_buf_html(b, category_label(it->category));
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, ogi_registry_status_label(it->status));
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, it->formed_date);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, it->published_date ? it->published_date : "—");
        ogi_buf_puts(b, "</td><td>");
        step_buttons(r, it, today);
        ogi_buf_puts(b, "</td></tr>\n");
    }
    ogi_buf_puts(b, "</tbody>\n</table>\n");
}

static void status_filter(ogi_buf *b, const char *current)
{
    static const char *const st[] = {"draft", "secrecy_review", "approval", "published", "repealed"};
    ogi_buf_puts(b, "<form class=\"filter\" method=\"get\" action=\"/admin/items\">"
                    "<label>状态 <select name=\"status\" id=\"items-status\"><option value=\"\">全部</option>");
    for (size_t i = 0; i < 5; i++)
        ogi_buf_printf(b, "<option value=\"%s\"%s>%s</option>", st[i],
                       current && !strcmp(current, st[i]) ? " selected" : "",
                       ogi_registry_status_label(st[i]));
    ogi_buf_puts(b, "</select></label> <button type=\"submit\">筛选</button></form>\n"
                    "<p><a href=\"/admin/items/new\" id=\"item-new\">新建草稿</a>（待审查的条目："
                    "<a href=\"/admin/items?status=secrecy_review\">保密审查</a>、"
                    "<a href=\"/admin/items?status=approval\">审核</a>）</p>\n");
}

void web_page_console_items(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    const char *status = web_query(r, "status");
    ogi_item_filter f = {.agency_id = strcmp(r->user.role, "admin") ? r->user.agency_id : 0,
                         .status = status && *status ? status : NULL, .limit = ITEMS_PAGE,
                         .without_body = true};
    ogi_item *items;
    size_t n, total;
    if (ogi_store_item_search(r->store, &f, &items, &n, &total)) {
        web_error(r, 500, "无法读取主动公开目录。");
        return;
    }
    web_page_begin(r, "主动公开目录管理");
    status_filter(&r->out, f.status);
    items_table(r, items, n);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
    web_page_end(r);
}

/* ---- the draft form ---- */

typedef struct {
    const char *title, *doc_no, *issuer, *category, *topic, *kind, *formed, *body, *agency;
} item_values;

static void agency_options(web_request *r, const char *current)
{
    ogi_agency *list;
    size_t n;
    if (r->user.agency_id || ogi_store_agency_list(r->store, &list, &n))
        return;
    web_option *opts = ogi_xcalloc(n ? n : 1, sizeof *opts);
    char (*ids)[24] = ogi_xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        snprintf(ids[i], sizeof ids[i], "%lld", (long long)list[i].id);
        opts[i] = (web_option){ids[i], list[i].name};
    }
    static const web_field f = {"agency", "机关", true, false, NULL};
    web_field_select(&r->out, &f, opts, n, current, NULL);
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&list[i]);
    free(list);
    free(opts);
    free(ids);
}

static void draft_form(web_request *r, const char *action, const item_values *v, const char *error)
{
    ogi_buf *b = &r->out;
    if (error) {
        ogi_buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"item-error\">");
        ogi_buf_html(b, error);
        ogi_buf_puts(b, "</p>\n");
    }
    ogi_buf_puts(b, "<form method=\"post\" id=\"item-form\" action=\"");
    ogi_buf_html(b, action);
    ogi_buf_puts(b, "\">\n");
    web_form_csrf(b, r->session.csrf_token);
    if (!strcmp(action, "/admin/items"))
        agency_options(r, v->agency);
    static const web_field title = {"title", "标题", true, false, NULL},
                           doc = {"doc_no", "文号", false, false, NULL},
                           issuer = {"issuer", "发布机构", false, false, NULL},
                           cat = {"category", "公开类别", true, false, NULL},
                           topic = {"topic", "主题", false, false, NULL},
                           kind = {"kind", "文件类型", true, false, NULL},
                           formed = {"formed_date", "成文日期", true, false, "date"},
                           body = {"body", "正文", false, true, NULL};
    web_field_text(b, &title, v->title, NULL);
    web_field_text(b, &doc, v->doc_no, NULL);
    web_field_text(b, &issuer, v->issuer, NULL);
    size_t nc = ogi_registry_category_count();
    web_option *cats = ogi_xcalloc(nc, sizeof *cats);
    for (size_t i = 0; i < nc; i++)
        cats[i] = (web_option){ogi_registry_category_key(i), ogi_registry_category_label(i)};
    web_field_select(b, &cat, cats, nc, v->category, NULL);
    free(cats);
    web_field_text(b, &topic, v->topic, NULL);
    web_option ks[3];
    for (size_t i = 0; i < 3; i++)
        ks[i] = (web_option){kinds[i][0], kinds[i][1]};
    web_field_select(b, &kind, ks, 3, v->kind, NULL);
    web_field_text(b, &formed, v->formed, NULL);
    web_field_text(b, &body, v->body, NULL);
    ogi_buf_puts(b, "<p><button type=\"submit\">保存草稿</button></p>\n</form>\n");
}

static item_values form_values(const web_request *r)
{
    return (item_values){web_form(r, "title"),    web_form(r, "doc_no"), web_form(r, "issuer"),
                         web_form(r, "category"), web_form(r, "topic"),  web_form(r, "kind"),
                         web_form(r, "formed_date"), web_form(r, "body"), web_form(r, "agency")};
}

static bool may_draft(web_request *r)
{
    if (role_may(r, "officer"))
        return true;
    web_error(r, 403, "只有经办人员可以起草和修改条目。");
    return false;
}

void web_page_console_item_new(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0) || !may_draft(r))
        return;
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    item_values v = {.formed = today, .kind = "other"};
    web_page_begin(r, "新建主动公开条目");
    draft_form(r, "/admin/items", &v, NULL);
    web_page_end(r);
}

void web_page_console_item_create(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0) || !may_draft(r))
        return;
    item_values v = form_values(r);
    int64_t agency = r->user.agency_id ? r->user.agency_id
                                       : (v.agency ? strtoll(v.agency, NULL, 10) : 0);
    ogi_agency ag = {0};
    char err[512] = "";
    if (agency <= 0 || ogi_store_agency_get(r->store, agency, &ag) != 1)
        snprintf(err, sizeof err, "请选择机关。");
    ogi_agency_free(&ag);
    ogi_item it = {.agency_id = agency, .title = (char *)v.title, .doc_no = (char *)v.doc_no,
                   .issuer = (char *)v.issuer, .category = (char *)v.category,
                   .topic = (char *)v.topic, .kind = (char *)v.kind,
                   .formed_date = (char *)v.formed, .body = (char *)v.body};
    if (!*err && ogi_registry_create(r->store, &it, r->user.name, err, sizeof err) == 0) {
        free(it.index_no);
        char to[64];
        snprintf(to, sizeof to, "/admin/items/%lld", (long long)it.id);
        web_redirect(r, to);
        return;
    }
    r->status = 422;
    web_page_begin(r, "新建主动公开条目");
    draft_form(r, "/admin/items", &v, err);
    web_page_end(r);
}

/* ---- one item ---- */

static int load_item(web_request *r, ogi_item *it)
{
    int found = ogi_store_item_get(r->store, r->id, it);
    if (found != 1) {
        web_error(r, found < 0 ? 500 : 404, found < 0 ? "无法读取条目。" : "该条目不存在。");
        return 0;
    }
    if (!web_require(r, WEB_PERM_APPLICATIONS, it->agency_id)) {
        ogi_item_free(it);
        return 0;
    }
    return 1;
}

static void item_page(web_request *r, const ogi_item *it, const char *error, const char *notice,
                      const char *warning)
{
    web_page_begin(r, "主动公开条目");
    ogi_buf *b = &r->out;
    if (notice) {
        ogi_buf_puts(b, "<p role=\"status\" id=\"item-notice\">");
        ogi_buf_html(b, notice);
        ogi_buf_puts(b, "</p>\n");
    }
    if (warning && *warning) {
        ogi_buf_puts(b, "<p class=\"error\" role=\"alert\" id=\"art26-warning\">");
        ogi_buf_html(b, warning);
        ogi_buf_puts(b, "</p>\n");
    }
    ogi_buf_puts(b, "<table class=\"meta\" id=\"item-meta\">\n<tr><th>索引号</th><td>");
    ogi_buf_html(b, it->index_no);
    ogi_buf_puts(b, "</td></tr>\n<tr><th>状态</th><td id=\"item-status\">");
    ogi_buf_html(b, ogi_registry_status_label(it->status));
    ogi_buf_puts(b, "</td></tr>\n<tr><th>发布日期</th><td>");
    ogi_buf_html(b, it->published_date ? it->published_date : "—");
    ogi_buf_puts(b, "</td></tr>\n</table>\n<div id=\"item-steps\">");
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    step_buttons(r, it, today);
    ogi_buf_puts(b, "</div>\n");
    item_values v = {it->title, it->doc_no, it->issuer, it->category, it->topic,
                     it->kind, it->formed_date, it->body, NULL};
    if (!strcmp(it->status, "draft") && role_may(r, "officer")) {
        char action[64];
        snprintf(action, sizeof action, "/admin/items/%lld", (long long)it->id);
        ogi_buf_puts(b, "<h2>修改草稿</h2>\n");
        draft_form(r, action, &v, error);
    } else {
        ogi_buf_puts(b, "<h2>");
        ogi_buf_html(b, it->title);
        ogi_buf_puts(b, "</h2>\n<p>");
        ogi_buf_html(b, category_label(it->category));
        ogi_buf_puts(b, "</p>\n<pre class=\"body\">");
        ogi_buf_html(b, it->body);
        ogi_buf_puts(b, "</pre>\n");
    }
    web_page_end(r);
}

void web_page_console_item(web_request *r)
{
    ogi_item it;
    if (!load_item(r, &it))
        return;
    item_page(r, &it, NULL, NULL, NULL);
    ogi_item_free(&it);
}

static bool known_kind(const char *k)
{
    for (size_t i = 0; k && i < 3; i++)
        if (!strcmp(kinds[i][0], k))
            return true;
    return false;
}

static const char *draft_problem(const item_values *v)
{
    ogi_date d;
    if (!v->title || ogi_is_blank_text(v->title))
        return "标题不能为空。";
    if (!*category_label(v->category) || !strcmp(category_label(v->category), v->category))
        return "请选择公开类别。";
    if (!known_kind(v->kind))
        return "请选择文件类型。";
    if (!v->formed || !ogi_date_parse(v->formed, &d))
        return "成文日期无效，应为 YYYY-MM-DD。";
    return NULL;
}

static void set(char **dst, const char *v)
{
    free(*dst);
    *dst = ogi_strdup(v ? v : "");
}

void web_page_console_item_update(web_request *r)
{
    ogi_item it;
    if (!load_item(r, &it))
        return;
    if (!may_draft(r)) {
        ogi_item_free(&it);
        return;
    }
    item_values v = form_values(r);
    const char *problem = strcmp(it.status, "draft") ? "只有草稿可以修改。" : draft_problem(&v);
    if (!problem) {
        set(&it.title, v.title), set(&it.doc_no, v.doc_no), set(&it.issuer, v.issuer);
        set(&it.category, v.category), set(&it.topic, v.topic), set(&it.kind, v.kind);
        set(&it.formed_date, v.formed), set(&it.body, v.body);
        if (ogi_store_item_update(r->store, &it, r->user.name))
            problem = "保存失败，请稍后再试。";
    }
    r->status = problem ? 422 : 200;
    item_page(r, &it, problem, problem ? NULL : "草稿已保存。", NULL);
    ogi_item_free(&it);
}

void web_page_console_item_step(web_request *r)
{
    ogi_item it;
    if (!load_item(r, &it))
        return;
    const char *step = web_form(r, "step"), *date = web_form(r, "date");
    const step_def *s = NULL;
    for (size_t i = 0; step && i < sizeof steps / sizeof *steps; i++)
        if (!strcmp(steps[i].step, step) && !strcmp(steps[i].from, it.status))
            s = &steps[i];
    if (s && !role_may(r, s->role)) {
        ogi_item_free(&it);
        web_error(r, 403, "您的角色不能执行这一步骤。");
        return;
    }
    char today[OGI_DATE_TEXT], err[512] = "", warning[512] = "";
    web_date_cn(today, r->now);
    int rc = !r->cfg->cal ? (snprintf(err, sizeof err, "未加载工作日历"), -1)
             : !s ? (snprintf(err, sizeof err, "条目当前状态为“%s”，不能执行该步骤",
                              ogi_registry_status_label(it.status)), -1)
                  : ogi_registry_step(r->store, r->cfg->cal, it.id, step,
                                      date && *date ? date : today, r->user.name, NULL, warning,
                                      sizeof warning, err, sizeof err);
    ogi_item after;
    if (rc == 0 && ogi_store_item_get(r->store, it.id, &after) == 1) {
        ogi_item_free(&it);
        it = after;
    }
    r->status = rc ? 422 : 200;
    if (rc) {
        char msg[600];
        snprintf(msg, sizeof msg, "未能执行：%s", err);
        item_page(r, &it, NULL, msg, NULL);
    } else {
        item_page(r, &it, NULL, s->label, warning);
    }
    ogi_item_free(&it);
}
