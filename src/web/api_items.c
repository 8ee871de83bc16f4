/*
 * api_items.c — the proactive-disclosure registry (主动公开) over the JSON
 * API: staff search over every status, drafts, review steps (先审查、后公开
 * is the ledger's rule, not repeated here), and the public search that only
 * ever sees published items.
 */
#include <stdlib.h>
#include <string.h>

#include "web/api_internal.h"

/* Review steps a reviewer may take; every other change needs an officer. */
static bool review_step(const char *step)
{
    return step && (!strcmp(step, "pass_secrecy") || !strcmp(step, "approve") ||
                    !strcmp(step, "return"));
}

/* api_send_page of the items' api_item_json, written without building the
 * jansson values (json_writer.c; same bytes); frees the items. */
static void send_item_page(web_request *r, ogi_item *items, size_t n, size_t total,
                           size_t limit, size_t offset)
{
    r->status = 200;
    r->content_type = "application/json; charset=utf-8";
    ogi_buf *b = &r->out;
    ogi_buf_reset(b);
    ogi_buf_puts(b, "{\"items\":[");
    size_t written = 0;
    for (size_t i = 0; i < n; i++) {
        size_t mark = b->len;
        if (written)
            ogi_buf_putc(b, ',');
        if (api_item_json_write(b, &items[i]))
            written++;
        else
            b->data[b->len = mark] = '\0'; /* jansson would have left it out too */
        ogi_item_free(&items[i]);
    }
    free(items);
    ogi_buf_puts(b, "],\"total\":");
    ogi_buf_put_int(b, (long long)total);
    ogi_buf_puts(b, ",\"limit\":");
    ogi_buf_put_int(b, (long long)limit);
    ogi_buf_puts(b, ",\"offset\":");
    ogi_buf_put_int(b, (long long)offset);
    ogi_buf_puts(b, "}\n");
}

/* Search with the filters of the query string; status forced when given. */
static void item_search(web_request *r, int64_t agency, const char *forced_status)
{
    int64_t year = 0;
    size_t limit, offset, total = 0;
    if (!api_query_int(r, "year", 9999, &year) || !api_page(r, &limit, &offset))
        return;
    ogi_item_filter f = {.agency_id = agency, .query = web_query(r, "q"),
                         .category = web_query(r, "category"), .topic = web_query(r, "topic"),
                         .kind = web_query(r, "kind"),
                         .status = forced_status ? forced_status : web_query(r, "status"),
                         .year = (int)year, .offset = offset, .limit = limit};
    ogi_item *items;
    size_t n;
    if (ogi_store_item_search(r->store, &f, &items, &n, &total)) {
        web_api_error(r, 500, NULL, "无法检索信息目录。");
        return;
    }
    send_item_page(r, items, n, total, limit, offset);
}

void api_item_list(web_request *r)
{
    int64_t want = 0, agency;
    if (api_query_int(r, "agency_id", INT64_MAX, &want) && api_scope(r, want, &agency))
        item_search(r, agency, NULL);
}

void api_public_items(web_request *r)
{
    int64_t agency = 0;
    if (api_query_int(r, "agency_id", INT64_MAX, &agency))
        item_search(r, agency, "published");
}

/* Item r->id readable by the user; false after the error. */
static bool load_item(web_request *r, ogi_item *it)
{
    int found = ogi_store_item_get(r->store, r->id, it);
    if (found != 1) {
        web_api_error(r, found < 0 ? 500 : 404, NULL,
                      found < 0 ? "无法读取信息条目。" : "信息条目不存在。");
        return false;
    }
    if (api_can_read(r, it->agency_id))
        return true;
    ogi_item_free(it);
    return false;
}

void api_item_get(web_request *r)
{
    ogi_item it;
    if (!load_item(r, &it))
        return;
    api_send(r, 200, api_item_json(&it));
    ogi_item_free(&it);
}

void api_item_create(web_request *r)
{
    json_t *b = api_body(r);
    int64_t agency = 0;
    if (!b || !api_int_member(r, b, "agency_id", true, &agency) || !api_can_write(r, agency) ||
        !api_need_str(r, b, "title")) {
        json_decref(b);
        return;
    }
    ogi_item it = {.agency_id = agency};
    static const struct { const char *key; size_t off; } fields[] = {
        {"title", offsetof(ogi_item, title)},       {"doc_no", offsetof(ogi_item, doc_no)},
        {"issuer", offsetof(ogi_item, issuer)},     {"category", offsetof(ogi_item, category)},
        {"topic", offsetof(ogi_item, topic)},       {"kind", offsetof(ogi_item, kind)},
        {"formed_date", offsetof(ogi_item, formed_date)}, {"body", offsetof(ogi_item, body)},
        {"index_no", offsetof(ogi_item, index_no)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = api_str(b, fields[i].key);
        *(char **)((char *)&it + fields[i].off) = v ? ogi_strdup(v) : NULL;
    }
    json_decref(b);
    char err[512];
    int rc = ogi_registry_create(r->store, &it, r->user.name, err, sizeof err);
    int64_t id = it.id;
    ogi_item_free(&it);
    if (rc)
        api_ledger_error(r, 422, "invalid_item", err);
    else if (ogi_store_item_get(r->store, id, &it) == 1) /* as stored: status, 索引号 */
        api_send(r, 201, api_item_json(&it));
    else
        web_api_error(r, 500, NULL, "无法读取信息条目。");
    ogi_item_free(&it);
}

void api_item_step(web_request *r)
{
    ogi_item it;
    if (!load_item(r, &it))
        return;
    int64_t agency = it.agency_id;
    ogi_item_free(&it);
    json_t *b = api_body(r);
    const char *step = b ? api_need_str(r, b, "step") : NULL;
    bool allowed = step && (review_step(step) ? api_can_read(r, agency) : api_can_write(r, agency));
    char err[512], warning[512];
    if (!allowed) {
        json_decref(b);
        return;
    }
    if (ogi_registry_step(r->store, r->cfg->cal, r->id, step, api_str(b, "date"), r->user.name,
                          api_str(b, "note"), warning, sizeof warning, err, sizeof err))
        api_ledger_error(r, 409, "refused", err);
    else if (ogi_store_item_get(r->store, r->id, &it) == 1) {
        json_t *o = api_item_json(&it);
        json_object_set_new(o, "warning", warning[0] ? json_string(warning) : json_null());
        api_send(r, 200, o);
        ogi_item_free(&it);
    } else
        web_api_error(r, 500, NULL, "无法读取信息条目。");
    json_decref(b);
}
