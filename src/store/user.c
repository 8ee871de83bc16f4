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
    json_t *o = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)u->id, "name",
                          u->name ? u->name : "", "role", u->role ? u->role : "", "agency_id",
                          (json_int_t)u->agency_id);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

int ogi_store_user_add(ogi_store *s, ogi_user *u, const char *password_hash, const char *actor)
{
    if (!u->name || !u->name[0] || !password_hash || !password_hash[0]) {
        snprintf(s->err, sizeof s->err, "user name and password hash are required");
        return -1;
    }
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
