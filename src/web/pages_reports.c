/*
 * pages_reports.c — annual reports (政府信息公开工作年度报告) on the web:
 * the public list of published reports with the official layout and the
 * downloads, and the console's report builder (choose agency and year,
 * edit the narratives, see the tables with validation findings marked,
 * publish a new immutable version).
 *
 * The official layout is the HTML renderer's (src/render/html.c), used as
 * it is: its inline stylesheet is served as /reports/report.css instead,
 * because the site's Content-Security-Policy allows no inline styles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/json.h"
#include "ogi/render.h"
#include "web/api_internal.h"

#define PUBLIC_LIST_LIMIT 500
#define HISTORY_LIMIT 100

/* ---- the renderer's page, taken apart ---- */

/* Copy what lies between open and close in text into out; false if absent. */
static bool between(const char *text, const char *open, const char *close, ogi_buf *out)
{
    const char *a = strstr(text, open);
    const char *b = a ? strstr(a + strlen(open), close) : NULL;
    if (!b)
        return false;
    a += strlen(open);
    ogi_buf_put(out, a, (size_t)(b - a));
    return true;
}

/* The renderer's page body (tables, findings marked) for embedding. */
static void report_fragment(ogi_buf *out, const ogi_report *rep, const ogi_findings *f)
{
    ogi_buf page;
    ogi_buf_init(&page);
    ogi_render_html(rep, f, &page);
    ogi_buf_puts(out, "<link rel=\"stylesheet\" href=\"/reports/report.css?embed=1\">\n"
                      "<div class=\"official-report\">\n");
    between(page.data ? page.data : "", "<body>", "</body>", out);
    ogi_buf_puts(out, "</div>\n");
    ogi_buf_free(&page);
}

void web_page_report_css(web_request *r)
{
    ogi_report *blank = ogi_report_new();
    ogi_buf page;
    ogi_buf_init(&page);
    ogi_render_html(blank, NULL, &page);
    ogi_report_free(blank);
    r->content_type = "text/css; charset=utf-8";
    web_set_header(r, "Cache-Control", "public, max-age=3600");
    ogi_buf css;
    ogi_buf_init(&css);
    if (!between(page.data ? page.data : "", "<style>", "</style>", &css))
        r->status = 500;
    /* Embedded in a console page, the report's page-level rule must style
     * its own box, not the console's body. */
    const char *body_rule = web_query(r, "embed") ? strstr(css.data ? css.data : "", "body{")
                                                  : NULL;
    if (body_rule) {
        ogi_buf_put(&r->out, css.data, (size_t)(body_rule - css.data));
        ogi_buf_puts(&r->out, ".official-report{");
        ogi_buf_puts(&r->out, body_rule + strlen("body{"));
    } else if (css.data) {
        ogi_buf_puts(&r->out, css.data);
    }
    ogi_buf_free(&css);
    ogi_buf_free(&page);
}

/* ---- public pages ---- */

static char *agency_name(ogi_store *s, int64_t id)
{
    ogi_agency a = {0};
    char *name = ogi_store_agency_get(s, id, &a) == 1 ? ogi_strdup(a.name) : ogi_strdup("");
    ogi_agency_free(&a);
    return name;
}

static void download_links(ogi_buf *b, int64_t id)
{
    static const char *const exts[] = {"json", "csv", "docx", "xlsx"};
    static const char *const labels[] = {"JSON", "CSV", "Word", "Excel"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        ogi_buf_printf(b, " <a href=\"/reports/%lld.%s\">%s</a>", (long long)id, exts[i],
                       labels[i]);
}

void web_page_reports(web_request *r)
{
    ogi_report_filter f = {.latest_only = true, .limit = PUBLIC_LIST_LIMIT};
    ogi_published_report *list;
    size_t n;
    if (ogi_store_report_list(r->store, &f, &list, &n, NULL)) {
        web_error(r, 500, "无法读取年度报告。");
        return;
    }
    web_page_begin(r, "政府信息公开工作年度报告");
    ogi_buf *b = &r->out;
    if (!n)
        ogi_buf_puts(b, "<p>尚未发布年度报告。</p>\n");
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || list[i].year != list[i - 1].year)
            ogi_buf_printf(b, "%s<h2>%d年度</h2>\n<ul class=\"reports\">\n", i ? "</ul>\n" : "",
                           list[i].year);
        char *name = agency_name(r->store, list[i].agency_id);
        ogi_buf_printf(b, "<li><a href=\"/reports/%lld\">", (long long)list[i].id);
        ogi_buf_html(b, name);
        ogi_buf_printf(b, "%d年政府信息公开工作年度报告</a>（第%d版，", list[i].year,
                       list[i].version);
        ogi_buf_html(b, list[i].published_at);
        ogi_buf_puts(b, " 发布）下载：");
        download_links(b, list[i].id);
        ogi_buf_puts(b, "</li>\n");
        free(name);
        ogi_published_report_free(&list[i]);
    }
    if (n)
        ogi_buf_puts(b, "</ul>\n");
    free(list);
    web_page_end(r);
}

/* The published report r->id and its model; false after the error page. */
static bool load_published(web_request *r, ogi_published_report *p, ogi_report **rep)
{
    int found = ogi_store_report_get(r->store, r->id, p);
    if (found != 1) {
        web_error(r, found < 0 ? 500 : 404, found < 0 ? "无法读取年度报告。" : "该年度报告不存在。");
        return false;
    }
    *rep = web_report_load(p);
    if (*rep)
        return true;
    web_error(r, 500, "年度报告数据无法读取。");
    ogi_published_report_free(p);
    return false;
}

void web_page_report(web_request *r)
{
    ogi_published_report p;
    ogi_report *rep;
    if (!load_published(r, &p, &rep))
        return;
    ogi_buf page;
    ogi_buf_init(&page);
    ogi_render_html(rep, NULL, &page);
    const char *html = page.data ? page.data : "";
    const char *style = strstr(html, "<style>"), *body = strstr(html, "<body>\n");
    const char *style_end = style ? strstr(style, "</style>") : NULL;
    if (!style_end || !body) {
        web_error(r, 500, "年度报告无法显示。");
    } else {
        ogi_buf *b = &r->out;
        ogi_buf_put(b, html, (size_t)(style - html));
        ogi_buf_puts(b, "<link rel=\"stylesheet\" href=\"/reports/report.css\">");
        const char *after_style = style_end + strlen("</style>");
        ogi_buf_put(b, after_style, (size_t)(body - after_style) + strlen("<body>\n"));
        ogi_buf_printf(b, "<p class=\"meta\">第%d版", p.version);
        if (p.superseded_by)
            ogi_buf_printf(b, "，已被<a href=\"/reports/%lld\">新版本</a>取代",
                           (long long)p.superseded_by);
        ogi_buf_puts(b, "　下载：");
        download_links(b, p.id);
        ogi_buf_puts(b, "　<a href=\"/reports\">全部年度报告</a></p>\n");
        ogi_buf_puts(b, body + strlen("<body>\n"));
    }
    ogi_buf_free(&page);
    ogi_report_free(rep);
    ogi_published_report_free(&p);
}

/* Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987. */
static void attachment(web_request *r, const ogi_published_report *p, const char *ext)
{
    char *name = agency_name(r->store, p->agency_id);
    ogi_buf utf8, h;
    ogi_buf_init(&utf8);
    ogi_buf_init(&h);
    ogi_buf_printf(&utf8, "%s%d年政府信息公开工作年度报告.%s", name, p->year, ext);
    ogi_buf_printf(&h, "attachment; filename=\"report-%lld-%d-v%d.%s\"; filename*=UTF-8''",
                   (long long)p->id, p->year, p->version, ext);
    web_url_encode(&h, utf8.data);
    web_set_header(r, "Content-Disposition", h.data);
    ogi_buf_free(&utf8);
    ogi_buf_free(&h);
    free(name);
}

void web_page_report_json(web_request *r)
{
    ogi_published_report p;
    int found = ogi_store_report_get(r->store, r->id, &p);
    if (found != 1) {
        web_error(r, found < 0 ? 500 : 404, found < 0 ? "无法读取年度报告。" : "该年度报告不存在。");
        return;
    }
    r->content_type = "application/json; charset=utf-8";
    ogi_buf_puts(&r->out, p.report_json);
    attachment(r, &p, "json");
    ogi_published_report_free(&p);
}

void web_page_report_csv(web_request *r)
{
    ogi_published_report p;
    ogi_report *rep;
    if (!load_published(r, &p, &rep))
        return;
    r->content_type = "text/csv; charset=utf-8";
    ogi_render_csv(rep, NULL, &r->out);
    attachment(r, &p, "csv");
    ogi_report_free(rep);
    ogi_published_report_free(&p);
}

/* Office formats are written to a file by their renderers: a private
 * temporary file, read back and removed. */
static void office_download(web_request *r, const char *ext, const char *type,
                            int (*render)(const ogi_report *, const char *, char *, size_t))
{
    ogi_published_report p;
    ogi_report *rep;
    if (!load_published(r, &p, &rep))
        return;
    char path[] = "/tmp/ogi-report-XXXXXX", err[512] = "";
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd); /* the renderer writes the file by its path */
    FILE *f = fd >= 0 && render(rep, path, err, sizeof err) == 0 ? fopen(path, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            fprintf(stderr, "ogi serve: report %lld: %s\n", (long long)p.id, err);
        web_error(r, 500, "无法生成下载文件。");
    } else {
        char chunk[8192];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            ogi_buf_put(&r->out, chunk, got);
        r->content_type = type;
        attachment(r, &p, ext);
    }
    if (f)
        fclose(f);
    if (fd >= 0)
        unlink(path);
    ogi_report_free(rep);
    ogi_published_report_free(&p);
}

void web_page_report_docx(web_request *r)
{
    office_download(r, "docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    ogi_render_docx_file);
}

void web_page_report_xlsx(web_request *r)
{
    office_download(r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ogi_render_xlsx_file);
}

/* ---- the console's builder ---- */

/* agency and year from the query or form; false when not both valid. */
static bool chosen(const char *agency_s, const char *year_s, int64_t *agency, int *year)
{
    char *e1 = NULL, *e2 = NULL;
    *agency = agency_s ? strtoll(agency_s, &e1, 10) : 0;
    *year = year_s ? (int)strtol(year_s, &e2, 10) : 0;
    return agency_s && year_s && !*e1 && !*e2 && *agency > 0 && *year >= 1000 && *year <= 9999;
}

static bool may_write(const web_request *r, int64_t agency)
{
    return web_allowed(&r->user, WEB_PERM_APPLICATIONS, agency) && r->user.role &&
           strcmp(r->user.role, "reviewer");
}

static void hidden(ogi_buf *b, const char *name, const char *value)
{
    ogi_buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
    ogi_buf_html(b, value);
    ogi_buf_puts(b, "\">");
}

static void choose_form(web_request *r, int64_t agency, int year)
{
    ogi_agency *list;
    size_t n;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<form method=\"get\" action=\"/admin/reports\" class=\"choose\">\n"
                    "<label>机关 <select name=\"agency\">\n");
    if (ogi_store_agency_list(r->store, &list, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (web_allowed(&r->user, WEB_PERM_APPLICATIONS, list[i].id)) {
                ogi_buf_printf(b, "<option value=\"%lld\"%s>", (long long)list[i].id,
                               list[i].id == agency ? " selected" : "");
                ogi_buf_html(b, list[i].name);
                ogi_buf_puts(b, "</option>\n");
            }
            ogi_agency_free(&list[i]);
        }
        free(list);
    }
    ogi_buf_printf(b, "</select></label>\n<label>年度 <input type=\"number\" name=\"year\" "
                      "min=\"2019\" max=\"9999\" value=\"%d\" required></label>\n"
                      "<button type=\"submit\">生成报告</button>\n</form>\n", year);
}

static void draft_form(web_request *r, const ogi_report *rep, int64_t agency, int year)
{
    ogi_buf *b = &r->out;
    char num[32];
    ogi_buf_puts(b, "<h2>正文（各部分文字说明）</h2>\n"
                    "<form method=\"post\" action=\"/admin/reports/draft\" class=\"draft\">\n");
    hidden(b, "csrf", r->session.csrf_token);
    snprintf(num, sizeof num, "%lld", (long long)agency);
    hidden(b, "agency", num);
    snprintf(num, sizeof num, "%d", year);
    hidden(b, "year", num);
    for (size_t i = 0; i < ogi_section_count() && i < OGI_SECTIONS; i++) {
        const ogi_section_def *s = ogi_section_at(i);
        ogi_buf_printf(b, "\n<p><label for=\"%s\">", s->key);
        ogi_buf_html(b, s->heading);
        ogi_buf_printf(b, "</label><br>\n<textarea id=\"%s\" name=\"%s\" rows=\"6\" cols=\"80\">",
                       s->key, s->key);
        ogi_buf_html(b, rep->sections[i] ? rep->sections[i] : "");
        ogi_buf_puts(b, "</textarea></p>\n");
    }
    ogi_buf_puts(b, "<p><button type=\"submit\">保存草稿</button></p>\n</form>\n");
}

static void publish_form(web_request *r, int64_t agency, int year, size_t errors)
{
    ogi_buf *b = &r->out;
    char num[32];
    ogi_buf_puts(b, "<h2>发布</h2>\n");
    if (!may_write(r, agency)) {
        ogi_buf_puts(b, "<p>您可以查看，但没有发布该机关年度报告的权限。</p>\n");
        return;
    }
    ogi_buf_puts(b, "<form method=\"post\" action=\"/admin/reports/publish\" class=\"publish\">\n");
    hidden(b, "csrf", r->session.csrf_token);
    snprintf(num, sizeof num, "%lld", (long long)agency);
    hidden(b, "agency", num);
    snprintf(num, sizeof num, "%d", year);
    hidden(b, "year", num);
    if (errors && web_allowed(&r->user, WEB_PERM_AUDIT, 0))
        ogi_buf_puts(b, "\n<label><input type=\"checkbox\" name=\"override\" value=\"1\"> "
                        "忽略“错误”级校验问题并发布（将记入审计日志）</label>\n");
    else if (errors)
        ogi_buf_puts(b, "<p class=\"error\">存在“错误”级校验问题，修正前不能发布"
                        "（只有管理员可以决定忽略错误发布）。</p>\n");
    ogi_buf_puts(b, "<button type=\"submit\">发布新版本</button>\n</form>\n");
}

static void history(web_request *r, int64_t agency, int year)
{
    ogi_report_filter f = {.agency_id = agency, .year = year, .limit = HISTORY_LIMIT};
    ogi_published_report *list;
    size_t n;
    if (ogi_store_report_list(r->store, &f, &list, &n, NULL))
        return;
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<h2>发布历史</h2>\n");
    if (!n)
        ogi_buf_puts(b, "<p>尚未发布。</p>\n");
    else
        ogi_buf_puts(b, "<table class=\"history\">\n<thead><tr><th>版本</th><th>发布时间</th>"
                        "<th>发布人</th><th>状态</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_printf(b, "<tr><td><a href=\"/reports/%lld\">第%d版</a></td><td>",
                       (long long)list[i].id, list[i].version);
        ogi_buf_html(b, list[i].published_at);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, list[i].published_by);
        ogi_buf_printf(b, "</td><td>%s</td></tr>\n", list[i].superseded_by ? "已被取代" : "现行");
        ogi_published_report_free(&list[i]);
    }
    if (n)
        ogi_buf_puts(b, "</tbody>\n</table>\n");
    free(list);
}

static void builder(web_request *r, int64_t agency, int year)
{
    ogi_findings f;
    ogi_findings_init(&f);
    char err[600];
    ogi_report *rep = web_report_build(r->store, agency, year, NULL, &f, err, sizeof err);
    if (!rep) {
        ogi_findings_free(&f);
        web_error(r, 422, err);
        return;
    }
    web_report_audit_build(r->store, r->user.name, agency, year, &f);
    size_t errors = ogi_findings_count(&f, OGI_SEV_ERROR);
    web_page_begin(r, "年度报告编制");
    choose_form(r, agency, year);
    if (web_query(r, "saved"))
        ogi_buf_puts(&r->out, "<p class=\"notice\">草稿已保存。</p>\n");
    ogi_buf_printf(&r->out, "<p class=\"summary\">校验结果：%zu 项错误，%zu 项警告。"
                            "有问题的单元格已在表中标出（鼠标悬停可见说明）。</p>\n",
                   errors, ogi_findings_count(&f, OGI_SEV_WARNING));
    draft_form(r, rep, agency, year);
    publish_form(r, agency, year, errors);
    history(r, agency, year);
    ogi_buf_puts(&r->out, "<h2>报告预览</h2>\n");
    report_fragment(&r->out, rep, &f);
    web_page_end(r);
    ogi_report_free(rep);
    ogi_findings_free(&f);
}

void web_page_admin_reports(web_request *r)
{
    int64_t agency;
    int year;
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    if (chosen(web_query(r, "agency"), web_query(r, "year"), &agency, &year)) {
        if (web_require(r, WEB_PERM_APPLICATIONS, agency))
            builder(r, agency, year);
        return;
    }
    char today[OGI_DATE_TEXT];
    web_page_begin(r, "年度报告编制");
    choose_form(r, r->user.agency_id, (web_date_cn(today, r->now), atoi(today) - 1));
    web_page_end(r);
}

/* agency+year of a console POST that the user may change; false after 400/403. */
static bool post_target(web_request *r, int64_t *agency, int *year)
{
    if (!chosen(web_form(r, "agency"), web_form(r, "year"), agency, year)) {
        web_error(r, 400, "请选择机关和年度。");
        return false;
    }
    if (may_write(r, *agency))
        return true;
    web_error(r, 403, "您没有编制或发布该机关年度报告的权限。");
    return false;
}

static void back_to_builder(web_request *r, int64_t agency, int year, const char *flag)
{
    char loc[128];
    snprintf(loc, sizeof loc, "/admin/reports?agency=%lld&year=%d%s", (long long)agency, year,
             flag);
    web_redirect(r, loc);
}

void web_page_admin_report_draft(web_request *r)
{
    int64_t agency;
    int year;
    if (!post_target(r, &agency, &year))
        return;
    const char *sections[OGI_SECTIONS];
    for (size_t i = 0; i < OGI_SECTIONS; i++)
        sections[i] = i < ogi_section_count() ? web_form(r, ogi_section_at(i)->key) : NULL;
    char err[600];
    if (web_report_save_draft(r->store, agency, year, sections, r->user.name, err, sizeof err))
        web_error(r, 500, err);
    else
        back_to_builder(r, agency, year, "&saved=1");
}

void web_page_admin_report_publish(web_request *r)
{
    int64_t agency;
    int year;
    if (!post_target(r, &agency, &year))
        return;
    bool override = web_form(r, "override") != NULL;
    if (override && !web_require(r, WEB_PERM_AUDIT, 0))
        return;
    ogi_published_report p = {0};
    char err[600];
    int rc = web_report_publish(r->store, agency, year, override, r->user.name, &p, err,
                                sizeof err);
    if (rc == 0) {
        char loc[64];
        snprintf(loc, sizeof loc, "/reports/%lld", (long long)p.id);
        web_redirect(r, loc);
    } else {
        web_error(r, rc == -1 ? 500 : 422, err);
    }
    ogi_published_report_free(&p);
}
