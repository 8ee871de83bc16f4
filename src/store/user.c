/*
 * user.c — staff of the web console: users, login sessions, API tokens and
 * rate-limit counters.
 *
 * Everything a running server must remember between requests lives here,
 * in the database, so that any number of `ogi serve` processes (and any
 * worker thread) see the same sessions and the same login throttle.  The
 * store only ever holds hashes of secrets; the password hash is returned on
 * request for verification but is never written to the audit log.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/store_internal.h"

#define USER_COLUMNS "id, name, role, COALESCE(agency_id, 0), disabled, created_at"

void ogi_user_free(ogi_user *u)
{
    if (!u)
        return;
    free(u->name);
    free(u->role);
    free(u->created_at);
    memset(u, 0, sizeof *u);
}

void ogi_session_free(ogi_session *se)
{
    if (!se)
        return;
    free(se->id_hash);
    free(se->csrf_token);
    memset(se, 0, sizeof *se);
}

static void user_from_row(db_stmt *st, ogi_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_col_int(st, 0);
    u->name = db_col_dup(st, 1);
    u->role = db_col_dup(st, 2);
    u->agency_id = db_col_int(st, 3);
    u->disabled = db_col_int(st, 4) != 0;
    u->created_at = db_col_dup(st, 5);
}

/* What the audit log keeps of a user: never the password hash. */
static char *user_json(const ogi_user *u)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:b}", "id", (json_int_t)u->id, "name",
                          u->name ? u->name : "", "role", u->role ? u->role : "", "agency_id",
                          (json_int_t)u->agency_id, "disabled", u->disabled);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

bool ogi_user_role_valid(const char *role)
{
    return role && (!strcmp(role, "admin") || !strcmp(role, "officer") ||
                    !strcmp(role, "reviewer"));
}

bool ogi_user_role_needs_agency(const char *role)
{
    return role && strcmp(role, "admin") != 0;
}

/* Least privilege: refuse a role that is unknown, or an officer/reviewer
 * without an agency (such a user would otherwise see nothing, or — under
 * the old rule — everything). */
static int check_role(ogi_store *s, const char *role, int64_t agency_id)
{
    if (!ogi_user_role_valid(role)) {
        snprintf(s->err, sizeof s->err, "role must be admin, officer or reviewer");
        return -1;
    }
    if (ogi_user_role_needs_agency(role) && agency_id <= 0) {
        snprintf(s->err, sizeof s->err, "an officer or reviewer must belong to an agency");
        return -1;
    }
    return 0;
}

int ogi_store_user_add(ogi_store *s, ogi_user *u, const char *password_hash, const char *actor)
{
    if (!u->name || !u->name[0] || !password_hash || !password_hash[0]) {
        snprintf(s->err, sizeof s->err, "user name and password hash are required");
        return -1;
    }
    if (check_role(s, u->role, u->agency_id))
        return -1;
    if (db_begin(s->db))
        return store_fail(s, "begin");
    int64_t id = 0;
    int rc = db_query_int(s->db, &id,
                          "INSERT INTO users (name, password_hash, role, agency_id) "
                          "VALUES ($1, $2, $3, $4) RETURNING id",
                          "tttI", u->name, password_hash, u->role, u->agency_id);
    if (rc != 1) {
        store_fail(s, u->name);
        db_rollback(s->db);
        return -1;
    }
    u->id = id;
    char *after = user_json(u);
    rc = ogi_store_audit(s, actor, "create", "user", id, NULL, after);
    free(after);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

static int user_query(ogi_store *s, const char *sql, const char *name, int64_t id,
                      ogi_user *out, char **password_hash)
{
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "user");
    if (name)
        db_bind_text(st, 1, name);
    else
        db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == 1) {
        user_from_row(st, out);
        if (password_hash)
            *password_hash = db_col_dup(st, 6);
    }
    db_finalize(st);
    return rc < 0 ? store_fail(s, "user") : rc;
}

int ogi_store_user_find(ogi_store *s, const char *name, ogi_user *out, char **password_hash)
{
    if (password_hash)
        *password_hash = NULL;
    return user_query(s, "SELECT " USER_COLUMNS ", password_hash FROM users WHERE name = $1",
                      name, 0, out, password_hash);
}

int ogi_store_user_get(ogi_store *s, int64_t id, ogi_user *out)
{
    return user_query(s, "SELECT " USER_COLUMNS " FROM users WHERE id = $1", NULL, id, out,
                      NULL);
}

static void user_row(db_stmt *st, void *elem) { user_from_row(st, elem); }

int ogi_store_user_list(ogi_store *s, ogi_user **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, "SELECT " USER_COLUMNS " FROM users ORDER BY id");
    if (!st)
        return store_fail(s, "users");
    int rc;
    *out = db_collect(st, sizeof **out, user_row, n, &rc);
    return rc < 0 ? store_fail(s, "users") : 0;
}

/* Run `change` on user `id` inside a transaction and audit it as `action`
 * with the user before and after (never the hash).  1 changed, 0 no such
 * user, -1 error. */
typedef int (*user_change_fn)(ogi_store *s, ogi_user *u, const void *arg);

static int user_change(ogi_store *s, int64_t id, const char *action, user_change_fn change,
                       const void *arg, const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    ogi_user u = {0};
    int found = ogi_store_user_get(s, id, &u);
    if (found != 1) {
        db_rollback(s->db);
        if (found == 0)
            snprintf(s->err, sizeof s->err, "no user with id %lld", (long long)id);
        return found;
    }
    char *before = user_json(&u);
    int rc = change(s, &u, arg);
    char *after = rc ? NULL : user_json(&u);
    if (!rc)
        rc = ogi_store_audit(s, actor, action, "user", id, before, after);
    free(before);
    free(after);
    ogi_user_free(&u);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 1;
}

/* Disabling ends every session and revokes every API token of the user:
 * a disabled account must stop working at once, not at its next login. */
static int change_disabled(ogi_store *s, ogi_user *u, const void *arg)
{
    bool disabled = *(const bool *)arg;
    if (db_run(s->db, "UPDATE users SET disabled = $2 WHERE id = $1", "ii", u->id,
               (int64_t)disabled) < 0)
        return store_fail(s, "user");
    if (disabled && (db_run(s->db, "DELETE FROM sessions WHERE user_id = $1", "i", u->id) < 0 ||
                     db_run(s->db, "DELETE FROM api_tokens WHERE user_id = $1", "i", u->id) < 0))
        return store_fail(s, "user");
    u->disabled = disabled;
    return 0;
}

int ogi_store_user_set_disabled(ogi_store *s, int64_t id, bool disabled, const char *actor)
{
    return user_change(s, id, disabled ? "disable" : "enable", change_disabled, &disabled, actor);
}

/* A new password ends the user's sessions (whoever knew the old one is
 * signed out); API tokens are separate credentials and stay. */
static int change_password(ogi_store *s, ogi_user *u, const void *arg)
{
    const char *hash = arg;
    if (db_run(s->db, "UPDATE users SET password_hash = $2 WHERE id = $1", "it", u->id, hash) <
            0 ||
        db_run(s->db, "DELETE FROM sessions WHERE user_id = $1", "i", u->id) < 0)
        return store_fail(s, "user");
    return 0;
}

int ogi_store_user_set_password(ogi_store *s, int64_t id, const char *password_hash,
                                const char *actor)
{
    if (!password_hash || !password_hash[0]) {
        snprintf(s->err, sizeof s->err, "password hash is required");
        return -1;
    }
    return user_change(s, id, "password", change_password, password_hash, actor);
}

typedef struct {
    const char *role;
    int64_t agency_id;
} role_change;

static int change_role(ogi_store *s, ogi_user *u, const void *arg)
{
    const role_change *c = arg;
    if (check_role(s, c->role, c->agency_id))
        return -1;
    if (db_run(s->db, "UPDATE users SET role = $2, agency_id = $3 WHERE id = $1", "itI", u->id,
               c->role, c->agency_id) < 0)
        return store_fail(s, "user");
    free(u->role);
    u->role = ogi_strdup(c->role);
    u->agency_id = c->agency_id;
    return 0;
}

int ogi_store_user_set_role(ogi_store *s, int64_t id, const char *role, int64_t agency_id,
                            const char *actor)
{
    role_change c = {role, agency_id};
    return user_change(s, id, "role", change_role, &c, actor);
}

/* ---- sessions ---- */

int ogi_store_session_add(ogi_store *s, const ogi_session *se)
{
    int rc = db_run(s->db,
                    "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, "
                    "last_seen) VALUES ($1, $2, $3, $4, $5, $6)",
                    "titiii", se->id_hash, se->user_id, se->csrf_token, se->created_at,
                    se->expires_at, se->last_seen);
    return rc < 0 ? store_fail(s, "session") : 0;
}

int ogi_store_session_get(ogi_store *s, const char *id_hash, ogi_session *out)
{
    db_stmt *st = db_prepare(s->db, "SELECT id, user_id, csrf_token, created_at, expires_at, "
                                    "last_seen FROM sessions WHERE id = $1");
    if (!st)
        return store_fail(s, "session");
    db_bind_text(st, 1, id_hash);
    int rc = db_step(st);
    if (rc == 1) {
        out->id_hash = db_col_dup(st, 0);
        out->user_id = db_col_int(st, 1);
        out->csrf_token = db_col_dup(st, 2);
        out->created_at = db_col_int(st, 3);
        out->expires_at = db_col_int(st, 4);
        out->last_seen = db_col_int(st, 5);
    }
    db_finalize(st);
    return rc < 0 ? store_fail(s, "session") : rc;
}

int ogi_store_session_touch(ogi_store *s, const char *id_hash, int64_t now)
{
    int rc = db_run(s->db, "UPDATE sessions SET last_seen = $2 WHERE id = $1", "ti", id_hash,
                    now);
    return rc < 0 ? store_fail(s, "session") : 0;
}

int ogi_store_session_delete(ogi_store *s, const char *id_hash)
{
    int rc = db_run(s->db, "DELETE FROM sessions WHERE id = $1", "t", id_hash);
    return rc < 0 ? store_fail(s, "session") : 0;
}

int ogi_store_session_delete_user(ogi_store *s, int64_t user_id)
{
    int rc = db_run(s->db, "DELETE FROM sessions WHERE user_id = $1", "i", user_id);
    return rc < 0 ? store_fail(s, "sessions") : rc;
}

int ogi_store_session_purge(ogi_store *s, int64_t now, int64_t idle_before)
{
    int rc = db_run(s->db, "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen < $2",
                    "ii", now, idle_before);
    return rc < 0 ? store_fail(s, "sessions") : rc;
}

/* ---- API tokens ---- */

int ogi_store_api_token_add(ogi_store *s, const char *token_hash, int64_t user_id,
                            const char *name, const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    if (db_run(s->db, "INSERT INTO api_tokens (token_hash, user_id, name) VALUES ($1, $2, $3)",
               "tit", token_hash, user_id, name ? name : "") < 0) {
        store_fail(s, "API token");
        db_rollback(s->db);
        return -1;
    }
    json_t *o = json_pack("{s:s}", "name", name ? name : "");
    char *after = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    int rc = ogi_store_audit(s, actor, "create", "api_token", user_id, NULL, after);
    free(after);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

int ogi_store_api_token_user(ogi_store *s, const char *token_hash, int64_t *user_id)
{
    int rc = db_query_int(s->db, user_id, "SELECT user_id FROM api_tokens WHERE token_hash = $1",
                          "t", token_hash);
    return rc < 0 ? store_fail(s, "API token") : rc;
}

/* ---- rate limits ---- */

int ogi_store_rate_hit(ogi_store *s, const char *key, int64_t window_start, int64_t *count)
{
    int rc = db_query_int(s->db, count,
                          "INSERT INTO web_rate (key, window_start, count) VALUES ($1, $2, 1) "
                          "ON CONFLICT (key, window_start) DO UPDATE SET count = "
                          "web_rate.count + 1 RETURNING count",
                          "ti", key, window_start);
    return rc == 1 ? 0 : store_fail(s, "rate limit");
}

int ogi_store_rate_count(ogi_store *s, const char *key, int64_t window_start, int64_t *count)
{
    int rc = db_query_int(s->db, count,
                          "SELECT COALESCE(SUM(count), 0) FROM web_rate WHERE key = $1 "
                          "AND window_start = $2",
                          "ti", key, window_start);
    return rc == 1 ? 0 : store_fail(s, "rate limit");
}

int ogi_store_rate_clear(ogi_store *s, const char *key, int64_t before)
{
    int rc = db_run(s->db, "DELETE FROM web_rate WHERE key = $1 OR window_start < $2", "ti",
                    key ? key : "", before);
    return rc < 0 ? store_fail(s, "rate limit") : 0;
}
