/*
 * pages_admin.c — the staff console: the work queue (overdue and due-soon
 * applications on the working-day clock), one application, and the audit
 * log for administrators.  Every handler checks its permission against the
 * agency of what it shows (web_require → 403).
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/ledger.h"
#include "web/web_internal.h"

#define QUEUE_SCAN_LIMIT 1000
#define DUE_SOON_WD 5
#define AUDIT_PAGE_SIZE 50

typedef struct {
    ogi_application app;
    int days_left;    /* working days; meaningful when clocked */
    bool overdue, clocked;
} queue_row;

static int queue_order(const void *a, const void *b)
{
    const queue_row *x = a, *y = b;
    if (x->overdue != y->overdue)
        return x->overdue ? -1 : 1;
    if (x->days_left != y->days_left)
        return x->days_left < y->days_left ? -1 : 1;
    return x->app.id < y->app.id ? -1 : x->app.id > y->app.id;
}

/* Whether an open application belongs in the queue, computing its clock. */
static bool needs_attention(web_request *r, const char *today, queue_row *row)
{
    if (!r->cfg->cal) { /* no calendar: by the stored due date alone */
        if (!row->app.due_date)
            return false;
        int cmp = strcmp(row->app.due_date, today);
        row->overdue = cmp < 0;
        return cmp <= 0;
    }
    ogi_deadline dl = {0};
    char err[256];
    row->clocked = ogi_app_clock(r->store, r->cfg->cal, row->app.id, today, &dl,
                                 &row->days_left, &row->overdue, err, sizeof err) == 0;
    ogi_deadline_free(&dl);
    if (row->clocked)
        return row->overdue || row->days_left <= DUE_SOON_WD;
    /* Today outside the calendar's years: an overdue application must still show. */
    row->overdue = row->app.due_date && strcmp(row->app.due_date, today) < 0;
    return row->overdue;
}

static void queue_table(ogi_buf *b, const queue_row *rows, size_t n)
{
    ogi_buf_puts(b, "<table class=\"queue\">\n<thead><tr><th>申请编号</th><th>状态</th>"
                    "<th>收到日期</th><th>答复期限</th><th>剩余工作日</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const ogi_application *a = &rows[i].app;
        ogi_buf_printf(b, "<tr class=\"%s\"><td><a href=\"/admin/apps/%lld\">",
                       rows[i].overdue ? "overdue" : "due-soon", (long long)a->id);
        ogi_buf_html(b, a->tracking_no);
        ogi_buf_puts(b, "</a></td><td>");
        ogi_buf_html(b, ogi_app_status_label(a->status));
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, a->received_date);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, web_due_text(a));
        ogi_buf_puts(b, "</td><td>");
        if (rows[i].overdue)
            ogi_buf_puts(b, "已逾期");
        else if (rows[i].clocked)
            ogi_buf_printf(b, "%d", rows[i].days_left);
        else
            ogi_buf_puts(b, "—");
        ogi_buf_puts(b, "</td></tr>\n");
    }
    ogi_buf_puts(b, "</tbody>\n</table>\n");
}

void web_page_admin(web_request *r)
{
    if (!web_require(r, WEB_PERM_CONSOLE, 0))
        return;
    bool all = web_allowed(&r->user, WEB_PERM_AUDIT, 0); /* administrators */
    ogi_app_filter f = {.agency_id = all ? 0 : r->user.agency_id, .status = "open",
                        .limit = QUEUE_SCAN_LIMIT};
    ogi_application *apps;
    size_t n;
    if (ogi_app_list(r->store, &f, &apps, &n)) {
        web_error(r, 500, "无法读取申请台账。");
        return;
    }
    char today[OGI_DATE_TEXT];
    web_date_cn(today, r->now);
    queue_row *rows = ogi_xcalloc(n ? n : 1, sizeof *rows);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        rows[kept].app = apps[i];
        if (web_allowed(&r->user, WEB_PERM_APPLICATIONS, apps[i].agency_id) &&
            needs_attention(r, today, &rows[kept]))
            kept++;
        else
            ogi_application_free(&apps[i]);
    }
    free(apps);
    qsort(rows, kept, sizeof *rows, queue_order);
    web_page_begin(r, "工作台");
    ogi_buf_printf(&r->out, "<h2>待办申请</h2>\n<p>已逾期或%d个工作日内到期的申请（截至 %s）。%s</p>\n",
                   DUE_SOON_WD, today, r->cfg->cal ? "" : "未加载工作日历，仅按答复期限显示。");
    if (kept)
        queue_table(&r->out, rows, kept);
    else
        ogi_buf_puts(&r->out, "<p>暂无逾期或即将到期的申请。</p>\n");
    for (size_t i = 0; i < kept; i++)
        ogi_application_free(&rows[i].app);
    free(rows);
    web_page_end(r);
}

static void audit_table(ogi_buf *b, const ogi_audit_entry *e, size_t n)
{
    ogi_buf_puts(b, "<table class=\"audit\">\n<thead><tr><th>时间</th><th>操作人</th><th>操作</th>"
                    "<th>对象</th><th>内容</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        ogi_buf_puts(b, "<tr><td>");
        ogi_buf_html(b, e[i].at);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, e[i].actor);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, e[i].action);
        ogi_buf_puts(b, "</td><td>");
        ogi_buf_html(b, e[i].entity);
        ogi_buf_printf(b, " %lld</td><td><code>", (long long)e[i].entity_id);
        ogi_buf_html(b, e[i].after_json);
        ogi_buf_puts(b, "</code></td></tr>\n");
    }
    ogi_buf_puts(b, "</tbody>\n</table>\n");
}

void web_page_audit(web_request *r)
{
    if (!web_require(r, WEB_PERM_AUDIT, 0))
        return;
    const char *p = web_query(r, "page");
    long page = p ? atol(p) : 1;
    if (page < 1 || page > 1000000)
        page = 1;
    ogi_audit_entry *e;
    size_t n;
    if (ogi_store_audit_list(r->store, (size_t)(page - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE, &e,
                             &n)) {
        web_error(r, 500, "无法读取审计日志。");
        return;
    }
    web_page_begin(r, "审计日志");
    audit_table(&r->out, e, n);
    ogi_buf_puts(&r->out, "<nav class=\"pager\" aria-label=\"分页\">");
    if (page > 1)
        ogi_buf_printf(&r->out, "<a href=\"/admin/audit?page=%ld\">上一页</a> ", page - 1);
    if (n == AUDIT_PAGE_SIZE)
        ogi_buf_printf(&r->out, "<a href=\"/admin/audit?page=%ld\">下一页</a>", page + 1);
    ogi_buf_puts(&r->out, "</nav>\n");
    for (size_t i = 0; i < n; i++)
        ogi_audit_entry_free(&e[i]);
    free(e);
    web_page_end(r);
}
