/*
 * auth.c — staff authentication: argon2id passwords, random session
 * tokens stored only as hashes, idle and absolute expiry, login throttling
 * per name and address, CSRF comparison, and the one permission check the
 * console's handlers call.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

/* The test-only cost switch (documented in ogi/web.h and `ogi user --help`). */
static bool cheap_hashes(void)
{
    const char *v = getenv("OGI_PWHASH_COST");
    return v && !strcmp(v, "min");
}

char *ogi_web_password_hash(const char *password)
{
    if (sodium_init() < 0 || !password)
        return NULL;
    unsigned long long ops = cheap_hashes() ? crypto_pwhash_OPSLIMIT_MIN
                                            : crypto_pwhash_OPSLIMIT_INTERACTIVE;
    size_t mem = cheap_hashes() ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
    char *out = ogi_xmalloc(crypto_pwhash_STRBYTES);
    if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

bool ogi_web_password_verify(const char *hash, const char *password)
{
    if (sodium_init() < 0 || !hash || !password)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static void to_hex(const unsigned char *bytes, size_t n, char *out)
{
    sodium_bin2hex(out, n * 2 + 1, bytes, n);
}

void web_random_hex(char out[WEB_TOKEN_HEX])
{
    unsigned char bytes[32];
    if (sodium_init() < 0)
        abort(); /* no randomness: nothing secure can be done */
    randombytes_buf(bytes, sizeof bytes);
    to_hex(bytes, sizeof bytes, out);
}

void web_token_hash(const char *token, char out[WEB_TOKEN_HEX])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    to_hex(h, sizeof h, out);
}

bool web_csrf_ok(const char *expected, const char *given)
{
    if (!expected || !given || !*expected)
        return false;
    size_t n = strlen(expected);
    if (strlen(given) != n)
        return false;
    return sodium_memcmp(expected, given, n) == 0;
}

int web_session_start(ogi_store *s, int64_t user_id, int64_t now, const ogi_web_config *cfg,
                      char token[WEB_TOKEN_HEX], ogi_session *out)
{
    char hash[WEB_TOKEN_HEX], csrf[WEB_TOKEN_HEX];
    web_random_hex(token);
    web_token_hash(token, hash);
    web_random_hex(csrf);
    ogi_session se = {.id_hash = hash, .user_id = user_id, .csrf_token = csrf,
                      .created_at = now, .expires_at = now + cfg->session_max, .last_seen = now};
    if (ogi_store_session_add(s, &se))
        return -1;
    /* Expired sessions of anyone are cleared at each login, keeping the table small. */
    ogi_store_session_purge(s, now, now - cfg->session_idle);
    if (out) {
        *out = se;
        out->id_hash = ogi_strdup(hash);
        out->csrf_token = ogi_strdup(csrf);
    }
    return 0;
}

int web_session_load(ogi_store *s, const char *token, int64_t now, const ogi_web_config *cfg,
                     ogi_session *out)
{
    if (!token || strlen(token) != WEB_TOKEN_HEX - 1)
        return 0;
    char hash[WEB_TOKEN_HEX];
    web_token_hash(token, hash);
    ogi_session se = {0};
    int rc = ogi_store_session_get(s, hash, &se);
    if (rc != 1)
        return rc;
    if (now >= se.expires_at || now - se.last_seen >= cfg->session_idle) {
        ogi_store_session_delete(s, hash);
        ogi_session_free(&se);
        return 0;
    }
    /* Write last_seen at most once a minute: reads stay reads. */
    if (now - se.last_seen >= 60 && ogi_store_session_touch(s, hash, now) == 0)
        se.last_seen = now;
    *out = se;
    return 1;
}

/* A hash with the same cost as real ones, verified when the user does not
 * exist so that both failure paths take the same time. */
static char *dummy_hash;
static void make_dummy_hash(void) { dummy_hash = ogi_web_password_hash("ogi-no-such-user"); }

static void throttle_key(ogi_buf *b, const char *name, const char *addr)
{
    ogi_buf_printf(b, "login:%s|%s", name ? name : "", addr ? addr : "");
}

web_login_result web_login_check(ogi_store *s, const char *name, const char *password,
                                 const char *addr, int64_t now, ogi_user *out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_dummy_hash);
    int64_t window = now - now % WEB_LOGIN_WINDOW, failures = 0;
    ogi_buf key;
    ogi_buf_init(&key);
    throttle_key(&key, name, addr);
    web_login_result res = WEB_LOGIN_ERROR;
    if (ogi_store_rate_count(s, key.data, window, &failures))
        goto done;
    res = WEB_LOGIN_THROTTLED;
    if (failures >= WEB_LOGIN_MAX_FAILURES)
        goto done;
    char *hash = NULL;
    int found = ogi_store_user_find(s, name ? name : "", out, &hash);
    bool ok = ogi_web_password_verify(found == 1 ? hash : dummy_hash, password ? password : "");
    free(hash);
    if (found == 1 && ok && !out->disabled) {
        ogi_store_rate_clear(s, key.data, window - WEB_LOGIN_WINDOW);
        res = WEB_LOGIN_OK;
        goto done;
    }
    if (found == 1)
        ogi_user_free(out);
    res = found < 0 || ogi_store_rate_hit(s, key.data, window, &failures) ? WEB_LOGIN_ERROR
                                                                          : WEB_LOGIN_BAD;
done:
    ogi_buf_free(&key);
    return res;
}

bool web_user_unassigned(const ogi_user *u)
{
    return u && u->role && ogi_user_role_needs_agency(u->role) && u->agency_id <= 0;
}

/* Least privilege: an officer or reviewer sees only their own agency; one
 * without an agency (left over from before the rule) sees nothing until an
 * administrator assigns one. */
bool web_allowed(const ogi_user *u, web_perm p, int64_t agency_id)
{
    if (!u || !u->role || u->disabled)
        return false;
    if (!strcmp(u->role, "admin"))
        return true;
    if (web_user_unassigned(u))
        return false;
    switch (p) {
    case WEB_PERM_CONSOLE: return true;
    case WEB_PERM_APPLICATIONS: return agency_id > 0 && u->agency_id == agency_id;
    case WEB_PERM_AUDIT: return false;
    case WEB_PERM_USERS: return false;
    }
    return false;
}

bool web_require(web_request *r, web_perm p, int64_t agency_id)
{
    if (r->signed_in && web_allowed(&r->user, p, agency_id))
        return true;
    web_error(r, 403, r->signed_in && web_user_unassigned(&r->user)
                          ? "您的账号尚未分配所属机关，暂不能访问机关数据，请联系管理员。"
                          : "您没有访问此页面的权限。");
    return false;
}
