/*
 * pages_public.c — the public portal: the home page with the agency's
 * 政府信息公开指南, the 政府信息公开目录 (browse, filter, full-text search,
 * pages) and the page of one published item.  Server-rendered, no script
 * needed; every value from the database is escaped.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/deadline.h"
#include "ogi/fee.h"
#include "ogi/ledger.h"
#include "web/web_internal.h"

#define CATALOG_PAGE_SIZE 20
#define HOME_LATEST 8

void web_page_healthz(web_request *r)
{
    r->content_type = "text/plain; charset=utf-8";
    ogi_buf_puts(&r->out, "ok\n");
}

static const char *category_label(const char *key)
{
    for (size_t i = 0; key && i < ogi_registry_category_count(); i++)
        if (!strcmp(ogi_registry_category_key(i), key))
            return ogi_registry_category_label(i);
    return key ? key : "";
}

static const char *kind_label(const char *kind)
{
    if (kind && !strcmp(kind, "rule"))
        return "规章";
    if (kind && !strcmp(kind, "normative"))
        return "行政规范性文件";
    return "其他文件";
}

/* A positive integer query parameter, or fallback. */
static long query_long(const web_request *r, const char *key, long fallback, long max)
{
    const char *v = web_query(r, key);
    char *end;
    long n = v && *v ? strtol(v, &end, 10) : fallback;
    if (!v || !*v || *end || n < 1 || n > max)
        return fallback;
    return n;
}

/* The agency the portal shows: ?agency=ID, else the first by name.  1, 0, -1. */
static int portal_agency(web_request *r, ogi_agency *out)
{
    long id = query_long(r, "agency", 0, 1L << 30);
    if (id)
        return ogi_store_agency_get(r->store, id, out);
    ogi_agency *list;
    size_t n;
    if (ogi_store_agency_list(r->store, &list, &n))
        return -1;
    int found = n > 0;
    if (found)
        *out = list[0];
    for (size_t i = found ? 1 : 0; i < n; i++)
        ogi_agency_free(&list[i]);
    free(list);
    return found;
}

static void item_link(ogi_buf *b, const ogi_item *it)
{
    ogi_buf_puts(b, "<a href=\"/items/");
    ogi_buf_put_int(b, it->id);
    ogi_buf_puts(b, "\">");
    ogi_buf_html(b, it->title);
    ogi_buf_puts(b, "</a>");
}

/* The largest n from 0 up to limit for which fee(n) is 0: the free allowance. */
static int64_t free_allowance(int64_t (*fee)(int64_t), int64_t from, int64_t limit)
{
    int64_t n = from;
    while (n < limit && fee(n + 1) == 0)
        n++;
    return n;
}

static void guide_scope(ogi_buf *b, const ogi_agency *a)
{
    ogi_buf_puts(b, "<h3>一、主动公开</h3>\n<p>");
    ogi_buf_html(b, a->name);
    ogi_buf_printf(b, "依照《条例》第二十条、第二十一条主动公开下列政府信息，并在信息形成或者变更之日起"
                      "%d个工作日内予以公开（第二十六条）。公开的信息可在"
                      "<a href=\"/catalog\">政府信息公开目录</a>中按类别浏览和检索。</p>\n<ul>\n",
                   OGI_PUBLISH_PERIOD_WD);
    for (size_t i = 0; i < ogi_registry_category_count(); i++) {
        ogi_buf_puts(b, "<li><a href=\"/catalog?category=");
        web_url_encode(b, ogi_registry_category_key(i));
        ogi_buf_puts(b, "\">");
        ogi_buf_html(b, ogi_registry_category_label(i));
        ogi_buf_puts(b, "</a></li>\n");
    }
    ogi_buf_puts(b, "</ul>\n");
}

static void guide_application(ogi_buf *b, const ogi_agency *a)
{
    ogi_buf_puts(b, "<h3>二、依申请公开</h3>\n<p>公民、法人或者其他组织可以向");
    ogi_buf_html(b, a->name);
    ogi_buf_puts(b, "的政府信息公开工作机构申请获取相关政府信息（第二十七条）。申请应当采用包括信件、"
                    "数据电文在内的书面形式；采用书面形式确有困难的，可以口头提出，由工作机构代为填写"
                    "申请（第二十九条）。申请内容包括：</p>\n<ol>\n"
                    "<li>申请人的姓名或者名称、身份证明、联系方式；</li>\n"
                    "<li>申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；</li>\n"
                    "<li>申请公开的政府信息的形式要求，包括获取信息的方式、途径。</li>\n</ol>\n");
    ogi_buf_printf(b, "<h3>三、办理时限</h3>\n<ul>\n"
                      "<li>申请内容不明确的，自收到申请之日起%d个工作日内一次性告知补正（第三十条）。</li>\n"
                      "<li>能够当场答复的当场答复；不能当场答复的，自收到申请之日起%d个工作日内予以答复；"
                      "需要延长期限的，经工作机构负责人同意并告知申请人，延长期限最长不超过%d个工作日"
                      "（第三十三条）。</li>\n"
                      "<li>征求第三方或者其他机关意见的，被征求意见方应当自收到征求意见书之日起%d个工作日内"
                      "提出意见；征求意见所需时间不计算在答复期限内（第三十二条、第三十四条）。</li>\n</ul>\n",
                   OGI_SUPPLEMENT_NOTICE_WD, OGI_ANSWER_PERIOD_WD, OGI_EXTENSION_MAX_WD,
                   OGI_CONSULT_REPLY_WD);
}

static void guide_fees(ogi_buf *b)
{
    int64_t free_count = free_allowance(ogi_fee_by_count, 0, 1000);
    int64_t free_pages = free_allowance(ogi_fee_by_pages, 0, 100000);
    ogi_buf_printf(b, "<h3>四、收费</h3>\n<p>提供政府信息不收取费用。申请人申请公开政府信息的数量、"
                      "频次明显超过合理范围的，可以收取信息处理费（第四十二条），按照《政府信息公开信息"
                      "处理费管理办法》（国办函〔2020〕109号）执行：按件计收的，同一申请人一个自然月内"
                      "累计申请%lld件以内不收费；按量计收的，同一申请%lld页以内不收费。需要收费的，"
                      "将书面通知申请人，缴费期限为%d个工作日。</p>\n",
                   (long long)free_count, (long long)free_pages, OGI_PAYMENT_PERIOD_WD);
}

static void guide(ogi_buf *b, const ogi_agency *a)
{
    ogi_buf_puts(b, "<section id=\"guide\">\n<h2>");
    ogi_buf_html(b, a->name);
    ogi_buf_puts(b, "政府信息公开指南</h2>\n");
    guide_scope(b, a);
    guide_application(b, a);
    guide_fees(b);
    ogi_buf_puts(b, "<h3>五、监督和救济</h3>\n<p>公民、法人或者其他组织认为行政机关在政府信息公开工作中"
                    "侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，"
                    "也可以依法申请行政复议或者提起行政诉讼（第五十一条）。</p>\n</section>\n");
}

static void latest_items(web_request *r, int64_t agency_id)
{
    ogi_item_filter f = {.agency_id = agency_id, .status = "published", .limit = HOME_LATEST,
                         .without_body = true};
    ogi_item *items;
    size_t n, total;
    if (ogi_store_item_search(r->store, &f, &items, &n, &total))
        return;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<section>\n<h2>最新公开</h2>\n");
    if (!n)
        ogi_buf_puts(b, "<p>暂无公开信息。</p>\n");
    else
        ogi_buf_puts(b, "<ul class=\"latest\">\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_puts(b, "<li>");
        item_link(b, &items[i]);
        ogi_buf_puts(b, " <span class=\"date\">");
        ogi_buf_html(b, items[i].published_date);
        ogi_buf_puts(b, "</span></li>\n");
        ogi_item_free(&items[i]);
    }
    free(items);
    ogi_buf_puts(b, n ? "</ul>\n</section>\n" : "</section>\n");
}

static void agency_picker(web_request *r, int64_t current)
{
    ogi_agency *list;
    size_t n;
    if (ogi_store_agency_list(r->store, &list, &n))
        return;
    if (n > 1) {
        ogi_buf_puts(&r->out, "<nav class=\"agencies\" aria-label=\"机关\">\n");
        for (size_t i = 0; i < n; i++) {
            ogi_buf_printf(&r->out, "<a href=\"/?agency=%lld\"%s>", (long long)list[i].id,
                           list[i].id == current ? " aria-current=\"page\"" : "");
            ogi_buf_html(&r->out, list[i].name);
            ogi_buf_puts(&r->out, "</a>\n");
        }
        ogi_buf_puts(&r->out, "</nav>\n");
    }
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&list[i]);
    free(list);
}

void web_page_home(web_request *r)
{
    ogi_agency a = {0};
    int found = portal_agency(r, &a);
    if (found < 0) {
        web_error(r, 500, "服务器内部错误，请稍后再试。");
        return;
    }
    if (!found && web_query(r, "agency")) {
        web_error(r, 404, "该机关不存在。");
        return;
    }
    web_page_begin(r, found ? a.name : "首页"); /* the frame adds 「 - 政府信息公开」 */
    if (!found) {
        ogi_buf_puts(&r->out, "<p>尚未设置机关信息。</p>\n");
    } else {
        agency_picker(r, a.id);
        latest_items(r, a.id);
        guide(&r->out, &a);
    }
    ogi_agency_free(&a);
    web_page_end(r);
}

/* ---- the catalog ---- */

typedef struct {
    const char *q, *category, *topic, *kind;
    long year, page;
} catalog_query;

static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

static void catalog_href(ogi_buf *b, const catalog_query *cq, long page)
{
    ogi_buf tmp;
    ogi_buf_init(&tmp);
    ogi_buf_puts(&tmp, "/catalog?");
    const char *keys[] = {"q", "category", "topic", "kind"};
    const char *vals[] = {cq->q, cq->category, cq->topic, cq->kind};
    for (size_t i = 0; i < 4; i++) {
        if (!vals[i])
            continue;
        ogi_buf_printf(&tmp, "%s=", keys[i]);
        web_url_encode(&tmp, vals[i]);
        ogi_buf_putc(&tmp, '&');
    }
    if (cq->year)
        ogi_buf_printf(&tmp, "year=%ld&", cq->year);
    ogi_buf_printf(&tmp, "page=%ld", page);
    ogi_buf_html(b, tmp.data);
    ogi_buf_free(&tmp);
}

static void text_input(ogi_buf *b, const char *label, const char *name, const char *value)
{
    ogi_buf_puts(b, "<label>");
    ogi_buf_puts(b, label);
    ogi_buf_puts(b, " <input type=\"text\" name=\"");
    ogi_buf_puts(b, name);
    ogi_buf_puts(b, "\" value=\"");
    ogi_buf_html(b, value);
    ogi_buf_puts(b, "\"></label>\n");
}

/* The options of the catalogue form's two <select>s.  Both lists come from
 * the code (the registry's categories, the three document kinds), not from
 * the database, so they cannot change while the process runs: each option
 * is rendered and escaped once, and a request only marks the selected one. */
typedef struct {
    const char *value;
    char *head; /* <option value="…" */
    char *tail; /* >label</option> */
} form_option;

typedef struct {
    form_option *opts;
    size_t n;
} form_select;

static form_select category_select, kind_select;
static pthread_once_t form_selects_once = PTHREAD_ONCE_INIT;

static void form_select_add(form_select *sel, const char *value, const char *label)
{
    ogi_buf head, tail;
    ogi_buf_init(&head);
    ogi_buf_init(&tail);
    ogi_buf_puts(&head, "<option value=\"");
    ogi_buf_html(&head, value);
    ogi_buf_putc(&head, '"');
    ogi_buf_putc(&tail, '>');
    ogi_buf_html(&tail, label);
    ogi_buf_puts(&tail, "</option>\n");
    sel->opts = ogi_xrealloc(sel->opts, (sel->n + 1) * sizeof *sel->opts);
    sel->opts[sel->n++] = (form_option){value, ogi_buf_steal(&head), ogi_buf_steal(&tail)};
}

/* Built once per process and kept until it exits. */
static void form_selects_build(void)
{
    form_select_add(&category_select, "", "全部");
    for (size_t i = 0; i < ogi_registry_category_count(); i++)
        form_select_add(&category_select, ogi_registry_category_key(i),
                        ogi_registry_category_label(i));
    form_select_add(&kind_select, "", "全部");
    const char *kinds[] = {"rule", "normative", "other"};
    for (size_t i = 0; i < 3; i++)
        form_select_add(&kind_select, kinds[i], kind_label(kinds[i]));
}

static void select_options(ogi_buf *b, const form_select *sel, const char *current)
{
    for (size_t i = 0; i < sel->n; i++) {
        ogi_buf_puts(b, sel->opts[i].head);
        if (current && !strcmp(current, sel->opts[i].value))
            ogi_buf_puts(b, " selected");
        ogi_buf_puts(b, sel->opts[i].tail);
    }
}

static void catalog_form(ogi_buf *b, const catalog_query *cq)
{
    pthread_once(&form_selects_once, form_selects_build);
    ogi_buf_puts(b, "<form class=\"filter\" method=\"get\" action=\"/catalog\">\n");
    text_input(b, "关键词", "q", cq->q);
    ogi_buf_puts(b, "<label>类别 <select name=\"category\">\n");
    select_options(b, &category_select, cq->category);
    ogi_buf_puts(b, "</select></label>\n<label>文件类型 <select name=\"kind\">\n");
    select_options(b, &kind_select, cq->kind);
    ogi_buf_puts(b, "</select></label>\n");
    text_input(b, "主题", "topic", cq->topic);
    char year[16] = "";
    if (cq->year)
        snprintf(year, sizeof year, "%ld", cq->year);
    text_input(b, "年份", "year", year);
    ogi_buf_puts(b, "<button type=\"submit\">检索</button>\n</form>\n");
}

static void catalog_table(ogi_buf *b, const ogi_item *items, size_t n)
{
    ogi_buf_puts(b, "<table class=\"catalog\">\n<thead><tr><th>索引号</th><th>标题</th>"
                    "<th>文号</th><th>类别</th><th>发布日期</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_puts(b, "<tr><td>");
        ogi_buf_html(b, items[i].index_no);
        ogi_buf_puts(b, "</td><td>");
        item_link(b, &items[i]);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, items[i].doc_no);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, category_label(items[i].category));
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, items[i].published_date);
        ogi_buf_puts(b, "</td></tr>\n");
    }
    ogi_buf_puts(b, "</tbody>\n</table>\n");
}

static void catalog_pager(ogi_buf *b, const catalog_query *cq, size_t total)
{
    long pages = (long)((total + CATALOG_PAGE_SIZE - 1) / CATALOG_PAGE_SIZE);
    ogi_buf_printf(b, "<nav class=\"pager\" aria-label=\"分页\">共 %zu 条，第 %ld/%ld 页\n", total,
                   cq->page, pages ? pages : 1);
    if (cq->page > 1) {
        ogi_buf_puts(b, " <a href=\"");
        catalog_href(b, cq, cq->page - 1);
        ogi_buf_puts(b, "\">上一页</a>");
    }
    if (cq->page < pages) {
        ogi_buf_puts(b, " <a href=\"");
        catalog_href(b, cq, cq->page + 1);
        ogi_buf_puts(b, "\">下一页</a>");
    }
    ogi_buf_puts(b, "\n</nav>\n");
}

void web_page_catalog(web_request *r)
{
    catalog_query cq = {
        .q = nonempty(web_query(r, "q")),
        .category = nonempty(web_query(r, "category")),
        .topic = nonempty(web_query(r, "topic")),
        .kind = nonempty(web_query(r, "kind")),
        .year = query_long(r, "year", 0, 9999),
        .page = query_long(r, "page", 1, 100000),
    };
    ogi_item_filter f = {.query = cq.q, .category = cq.category, .topic = cq.topic,
                         .kind = cq.kind, .status = "published", .year = (int)cq.year,
                         .offset = (size_t)(cq.page - 1) * CATALOG_PAGE_SIZE,
                         .limit = CATALOG_PAGE_SIZE, .without_body = true};
    ogi_item *items;
    size_t n, total = 0;
    if (ogi_store_item_search(r->store, &f, &items, &n, &total)) {
        web_error(r, 500, "检索失败，请稍后再试。");
        return;
    }
    web_page_begin(r, "政府信息公开目录");
    catalog_form(&r->out, &cq);
    if (cq.category) {
        ogi_buf_puts(&r->out, "<h2>");
        ogi_buf_html(&r->out, category_label(cq.category));
        ogi_buf_puts(&r->out, "</h2>\n");
    }
    if (n)
        catalog_table(&r->out, items, n);
    else
        ogi_buf_puts(&r->out, "<p>没有符合条件的公开信息。</p>\n");
    catalog_pager(&r->out, &cq, total);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
    web_page_end(r);
}

/* ---- one item ---- */

static void field_row(ogi_buf *b, const char *label, const char *value)
{
    ogi_buf_printf(b, "<tr><th>%s</th><td>", label);
    ogi_buf_html(b, value && *value ? value : "—");
    ogi_buf_puts(b, "</td></tr>\n");
}

static void item_body(ogi_buf *b, const char *body)
{
    ogi_buf_puts(b, "<div class=\"body\">\n");
    for (const char *p = body ? body : ""; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len) {
            ogi_buf_puts(b, "<p>");
            ogi_buf_html_n(b, p, len);
            ogi_buf_puts(b, "</p>\n");
        }
        p += len + (nl ? 1 : 0);
    }
    ogi_buf_puts(b, "</div>\n");
}

void web_page_item(web_request *r)
{
    ogi_item it;
    int found = ogi_store_item_get(r->store, r->id, &it);
    if (found < 0) {
        web_error(r, 500, "服务器内部错误，请稍后再试。");
        return;
    }
    bool public = found == 1 && (!strcmp(it.status, "published") ||
                                 !strcmp(it.status, "repealed"));
    if (!public) {
        if (found == 1)
            ogi_item_free(&it);
        web_error(r, 404, "该信息不存在或尚未公开。");
        return;
    }
    /* The agency is read only when its name stands in for a missing issuer. */
    ogi_agency a = {0};
    bool has_issuer = it.issuer && *it.issuer;
    bool has_agency = !has_issuer && ogi_store_agency_get(r->store, it.agency_id, &a) == 1;
    web_page_begin(r, it.title);
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<table class=\"meta\">\n");
    field_row(b, "索引号", it.index_no);
    field_row(b, "发布机构", has_issuer ? it.issuer : has_agency ? a.name : NULL);
    field_row(b, "文号", it.doc_no);
    field_row(b, "类别", category_label(it.category));
    field_row(b, "主题", it.topic);
    field_row(b, "文件类型", kind_label(it.kind));
    field_row(b, "成文日期", it.formed_date);
    field_row(b, "发布日期", it.published_date);
    ogi_buf validity;
    ogi_buf_init(&validity);
    if (!strcmp(it.status, "repealed"))
        ogi_buf_printf(&validity, "已废止（%s）", it.repealed_date ? it.repealed_date : "");
    else
        ogi_buf_puts(&validity, "有效");
    field_row(b, "有效性", validity.data);
    ogi_buf_free(&validity);
    ogi_buf_puts(b, "</table>\n");
    item_body(b, it.body);
    ogi_item_free(&it);
    ogi_agency_free(&a);
    web_page_end(r);
}
