/*
 * api_users.c — staff accounts over the JSON API, administrators only:
 * list, create, disable, enable.  The checks are the console's
 * (web_user_create / web_user_set_disabled in pages_users.c), so both
 * refuse the same things with the same messages; no response ever carries
 * a password or its hash.
 */
#include <stdlib.h>
#include <string.h>

#include "web/api_internal.h"

static json_t *user_json(const ogi_user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:s}", "id", (json_int_t)u->id, "name",
                     u->name ? u->name : "", "role", u->role ? u->role : "", "role_label",
                     web_role_label(u->role), "agency_id", (json_int_t)u->agency_id, "disabled",
                     u->disabled, "created_at", u->created_at ? u->created_at : "");
}

/* Answer with the stored account id, status 200 or 201. */
static void send_user(web_request *r, int status, int64_t id)
{
    ogi_user u;
    if (ogi_store_user_get(r->store, id, &u) != 1) {
        web_api_error(r, 500, NULL, "无法读取账号。");
        return;
    }
    api_send(r, status, user_json(&u));
    ogi_user_free(&u);
}

void api_user_list(web_request *r)
{
    size_t limit, offset;
    if (!api_is_admin(r) || !api_page(r, &limit, &offset))
        return;
    ogi_user *u;
    size_t n;
    if (ogi_store_user_list(r->store, &u, &n)) {
        web_api_error(r, 500, NULL, "无法读取账号列表。");
        return;
    }
    /* Staff accounts are few: page them here. */
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        if (i >= offset && i - offset < limit)
            json_array_append_new(items, user_json(&u[i]));
        ogi_user_free(&u[i]);
    }
    free(u);
    api_send_page(r, items, n, limit, offset);
}

/* The first field message of a refused creation, with its field name. */
static void send_refusal(web_request *r, const web_user_errors *e)
{
    const struct {
        const char *field, *msg;
    } f[] = {{"name", e->name}, {"role", e->role}, {"agency_id", e->agency},
             {"password", e->password}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].msg) {
            json_t *j = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", "invalid_user",
                                  "message", f[i].msg, "field", f[i].field);
            api_send(r, i == 0 && e->name_taken ? 409 : 422, j);
            return;
        }
    web_api_error(r, 422, "invalid_user", "账号信息无效。");
}

void api_user_create(web_request *r)
{
    if (!api_is_admin(r))
        return;
    json_t *b = api_body(r);
    int64_t agency = 0;
    if (!b || !api_int_member(r, b, "agency_id", false, &agency)) {
        json_decref(b);
        return;
    }
    web_user_input in = {.name = api_str(b, "name"), .role = api_str(b, "role"),
                         .agency_id = agency, .password = api_str(b, "password")};
    web_user_errors e;
    int64_t id = 0;
    int rc = web_user_create(r, &in, &e, &id);
    if (rc == 0)
        send_user(r, 201, id);
    else if (rc > 0)
        send_refusal(r, &e);
    else
        web_api_error(r, 500, NULL, "无法创建账号。");
    json_decref(b);
}

static void set_disabled(web_request *r, bool disabled)
{
    if (!api_is_admin(r))
        return;
    const char *why;
    int rc = web_user_set_disabled(r, r->id, disabled, &why);
    if (rc == 0)
        send_user(r, 200, r->id);
    else if (rc > 0)
        web_api_error(r, rc == 2 ? 404 : 409, NULL, why);
    else
        web_api_error(r, 500, NULL, "无法修改账号。");
}

void api_user_disable(web_request *r) { set_disabled(r, true); }
void api_user_enable(web_request *r) { set_disabled(r, false); }
