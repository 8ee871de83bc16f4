/*
 * layout.c — the frame around every page: head, header with navigation,
 * footer.  Every dynamic value goes through ogi_buf_html, attribute values
 * included; the navigation changes for signed-in staff, whose logout is a
 * POST form carrying the session's CSRF token.
 */
#include <string.h>
#include <time.h>

#include "web/web_internal.h"

static void nav_link(ogi_buf *b, const char *href, const char *label)
{
    ogi_buf_puts(b, "<a href=\"");
    ogi_buf_html(b, href);
    ogi_buf_puts(b, "\">");
    ogi_buf_html(b, label);
    ogi_buf_puts(b, "</a>\n");
}

/* A POST button form with the session's CSRF token. */
static void post_button(ogi_buf *b, const char *action, const char *label, const char *csrf)
{
    ogi_buf_puts(b, "<form class=\"inline\" method=\"post\" action=\"");
    ogi_buf_html(b, action);
    ogi_buf_puts(b, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
    ogi_buf_html(b, csrf);
    ogi_buf_puts(b, "\"><button type=\"submit\">");
    ogi_buf_html(b, label);
    ogi_buf_puts(b, "</button></form>\n");
}

static void staff_nav(web_request *r)
{
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<nav class=\"staff\" aria-label=\"工作台\">\n");
    nav_link(b, "/admin", "工作台");
    nav_link(b, "/admin/apps", "依申请公开");
    nav_link(b, "/admin/items", "主动公开目录");
    nav_link(b, "/admin/cases", "复议诉讼");
    nav_link(b, "/admin/reports", "年度报告");
    nav_link(b, "/admin/summary", "地区汇总");
    nav_link(b, "/admin/compliance", "发布情况");
    nav_link(b, "/admin/analysis", "跨年度分析");
    if (web_allowed(&r->user, WEB_PERM_AUDIT, 0))
        nav_link(b, "/admin/audit", "审计日志");
    if (web_allowed(&r->user, WEB_PERM_USERS, 0))
        nav_link(b, "/admin/users", "账号管理");
    ogi_buf_puts(b, "<span class=\"who\">");
    ogi_buf_html(b, r->user.name);
    ogi_buf_puts(b, "</span>\n");
    post_button(b, "/admin/logout", "退出登录", r->session.csrf_token);
    post_button(b, "/admin/logout-all", "退出所有设备", r->session.csrf_token);
    ogi_buf_puts(b, "</nav>\n");
}

void web_page_begin(web_request *r, const char *title)
{
    ogi_buf *b = &r->out;
    ogi_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>");
    ogi_buf_html(b, title);
    ogi_buf_puts(b, " - 政府信息公开</title>\n"
                    "<link rel=\"stylesheet\" href=\"/static/ogi.css\">\n</head>\n<body>\n"
                    "<header>\n<div class=\"site\">政府信息公开</div>\n"
                    "<nav aria-label=\"主导航\">\n");
    nav_link(b, "/", "首页");
    nav_link(b, "/#guide", "公开指南");
    nav_link(b, "/catalog", "公开目录");
    nav_link(b, "/reports", "年度报告");
    nav_link(b, "/apply", "申请公开");
    nav_link(b, "/status", "查询进度");
    if (!r->signed_in)
        nav_link(b, "/admin", "工作人员登录");
    ogi_buf_puts(b, "</nav>\n");
    if (r->signed_in)
        staff_nav(r);
    ogi_buf_puts(b, "</header>\n<main>\n<h1>");
    ogi_buf_html(b, title);
    ogi_buf_puts(b, "</h1>\n");
}

void web_page_end(web_request *r)
{
    ogi_buf_puts(&r->out, "</main>\n<footer>\n<p>依据《中华人民共和国政府信息公开条例》"
                          "（国务院令第711号）公开。</p>\n</footer>\n</body>\n</html>\n");
}
