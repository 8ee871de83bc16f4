/*
 * corpus_store.c — the corpus of imported reports, and the store queries
 * the regional and cross-year views need: an agency's subtree, whether the
 * ledger holds data for a year, matching a report's agency name.
 *
 * Every imported file is kept as one version (never overwritten) keyed by
 * the hash of its bytes, so loading the same folder twice adds nothing and
 * a corrected re-publication adds a new version; "latest" is the highest id.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/analysis.h"
#include "ogi/buf.h"
#include "ogi/text.h"
#include "store/store_internal.h"

#define CORPUS_COLUMNS                                                                   \
    "id, agency_id, year, source_path, content_hash, report_json, findings_json, "     \
    "imported_at"
#define AGENCY_COLS "a.id, a.name, a.kind, COALESCE(a.parent_id, 0), a.index_prefix, " \
                    "a.index_pattern"
/* A parent chain longer than this is a cycle, not a hierarchy. */
#define MAX_DEPTH 32

void ogi_corpus_report_free(ogi_corpus_report *c)
{
    if (!c)
        return;
    free(c->source_path);
    free(c->content_hash);
    free(c->report_json);
    free(c->findings_json);
    free(c->imported_at);
    memset(c, 0, sizeof *c);
}

void ogi_corpus_hash(const void *data, size_t len, char hex[OGI_CORPUS_HASH_HEX])
{
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
    sodium_bin2hex(hex, OGI_CORPUS_HASH_HEX, digest, sizeof digest);
}

int ogi_store_corpus_add(ogi_store *s, ogi_corpus_report *c, const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    int64_t id = 0;
    int rc = db_query_int(s->db, &id,
                          "INSERT INTO corpus_reports (agency_id, year, source_path, "
                          "content_hash, report_json, findings_json) VALUES ($1, $2, $3, $4, "
                          "$5, $6) ON CONFLICT (content_hash) DO NOTHING RETURNING id",
                          "iitttt", c->agency_id, (int64_t)c->year, c->source_path,
                          c->content_hash, c->report_json,
                          c->findings_json ? c->findings_json : "[]");
    if (rc < 0) {
        store_fail(s, c->source_path ? c->source_path : "corpus report");
        db_rollback(s->db);
        return -1;
    }
    if (rc == 1) {
        c->id = id;
        char after[512];
        snprintf(after, sizeof after, "{\"agency_id\":%lld,\"year\":%d,\"hash\":\"%s\"}",
                 (long long)c->agency_id, c->year, c->content_hash);
        if (ogi_store_audit(s, actor, "import", "corpus_report", id, NULL, after)) {
            db_rollback(s->db);
            return -1;
        }
    }
    if (db_commit(s->db)) {
        db_rollback(s->db);
        return store_fail(s, "commit");
    }
    return rc;
}

int ogi_store_corpus_latest(ogi_store *s, int64_t agency_id, int year, ogi_corpus_report *out)
{
    memset(out, 0, sizeof *out);
    db_stmt *st = db_prepare(s->db, "SELECT " CORPUS_COLUMNS " FROM corpus_reports "
                                    "WHERE agency_id = $1 AND year = $2 ORDER BY id DESC LIMIT 1");
    if (!st)
        return store_fail(s, "corpus report");
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    int rc = db_step(st);
    if (rc == 1) {
        out->id = db_col_int(st, 0);
        out->agency_id = db_col_int(st, 1);
        out->year = (int)db_col_int(st, 2);
        out->source_path = db_col_dup(st, 3);
        out->content_hash = db_col_dup(st, 4);
        out->report_json = db_col_dup(st, 5);
        out->findings_json = db_col_dup(st, 6);
        out->imported_at = db_col_dup(st, 7);
    }
    db_finalize(st);
    return rc < 0 ? store_fail(s, "corpus report") : rc;
}

static void int_from_row(db_stmt *st, void *elem) { *(int64_t *)elem = db_col_int(st, 0); }

/* The integer first column of a query with one int parameter (0 = none). */
static int int_column(ogi_store *s, const char *sql, int64_t param, int64_t **vals, size_t *n)
{
    *vals = NULL;
    *n = 0;
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "query");
    if (param)
        db_bind_int(st, 1, param);
    int rc;
    *vals = db_collect(st, sizeof **vals, int_from_row, n, &rc);
    return rc < 0 ? store_fail(s, "query") : 0;
}

int ogi_store_report_years(ogi_store *s, int64_t agency_id, int **years, size_t *n)
{
    int64_t *v;
    int rc = int_column(s,
                        "SELECT year FROM corpus_reports WHERE agency_id = $1 UNION "
                        "SELECT year FROM published_reports WHERE agency_id = $1 ORDER BY 1",
                        agency_id, &v, n);
    *years = NULL;
    if (rc == 0 && *n) {
        *years = ogi_xmalloc(*n * sizeof **years);
        for (size_t i = 0; i < *n; i++)
            (*years)[i] = (int)v[i];
    }
    free(v);
    return rc;
}

int ogi_store_reporting_agencies(ogi_store *s, int64_t **ids, size_t *n)
{
    return int_column(s,
                      "SELECT a.id FROM agencies a WHERE a.id IN (SELECT agency_id FROM "
                      "corpus_reports) OR a.id IN (SELECT agency_id FROM published_reports) "
                      "ORDER BY a.name",
                      0, ids, n);
}

static void agency_row(db_stmt *st, void *elem)
{
    ogi_agency *a = elem;
    a->id = db_col_int(st, 0);
    a->name = db_col_dup(st, 1);
    a->kind = ogi_agency_kind_parse(db_col_text(st, 2));
    a->parent_id = db_col_int(st, 3);
    a->index_prefix = db_col_dup(st, 4);
    a->index_pattern = db_col_dup(st, 5);
}

int ogi_store_agency_subtree(ogi_store *s, int64_t root, ogi_agency **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    db_stmt *st = db_prepare(
        s->db, "WITH RECURSIVE sub(id, depth) AS ("
               " SELECT id, 0 FROM agencies WHERE id = $1"
               " UNION ALL SELECT c.id, sub.depth + 1 FROM agencies c JOIN sub"
               " ON c.parent_id = sub.id WHERE sub.depth < $2)"
               " SELECT " AGENCY_COLS " FROM agencies a JOIN sub ON a.id = sub.id"
               " ORDER BY sub.depth, a.name");
    if (!st)
        return store_fail(s, "agency subtree");
    db_bind_int(st, 1, root);
    db_bind_int(st, 2, MAX_DEPTH);
    int rc;
    *out = db_collect(st, sizeof **out, agency_row, n, &rc);
    return rc < 0 ? store_fail(s, "agency subtree") : 0;
}

int ogi_store_ledger_has_data(ogi_store *s, int64_t agency_id, int year)
{
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    int64_t any = 0;
    int rc = db_query_int(
        s->db, &any,
        "SELECT CASE WHEN"
        " EXISTS (SELECT 1 FROM yearly_figures WHERE agency_id = $1 AND year = $2)"
        " OR EXISTS (SELECT 1 FROM handlings WHERE agency_id = $1 AND start_date <= $4"
        "  AND (concluded_date IS NULL OR concluded_date >= $3))"
        " OR EXISTS (SELECT 1 FROM cases WHERE agency_id = $1 AND filed_date <= $4"
        "  AND (decided_date IS NULL OR decided_date >= $3))"
        " OR EXISTS (SELECT 1 FROM items WHERE agency_id = $1"
        "  AND published_date BETWEEN $3 AND $4)"
        " THEN 1 ELSE 0 END",
        "iitt", agency_id, (int64_t)year, first, last);
    if (rc < 0)
        return store_fail(s, "ledger data");
    return any ? 1 : 0;
}

/* Names and aliases whose normalised form equals norm: the first agency id. */
static int match_normalised(ogi_store *s, const char *norm, int64_t *id)
{
    db_stmt *st = db_prepare(s->db, "SELECT id, name FROM agencies UNION ALL "
                                    "SELECT agency_id, alias FROM agency_aliases ORDER BY 1");
    if (!st)
        return store_fail(s, "agency match");
    int rc, found = 0;
    while (!found && (rc = db_step(st)) == 1) {
        char *other = ogi_label_norm(db_col_text(st, 1));
        if (other && !strcmp(other, norm)) {
            *id = db_col_int(st, 0);
            found = 1;
        }
        free(other);
    }
    db_finalize(st);
    return found ? 1 : rc < 0 ? store_fail(s, "agency match") : 0;
}

/* Does the UTF-8 string s (of n bytes) end with a character that closes a
 * place name of an administrative division (淮安市, 江苏省, 洪泽区 …)? */
static bool ends_with_place(const char *s, size_t n)
{
    static const char *const suffixes[] = {"省", "市", "县", "区", "州", "盟", "旗", "自治区"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && !memcmp(s + n - k, suffixes[i], k))
            return true;
    }
    return false;
}

/* Does the name start with a place name (a division character within its
 * first six characters)?  "洪泽区人民政府" does, "教育局" does not. */
static bool starts_with_place(const char *s)
{
    static const char *const marks[] = {"省", "市", "县", "区", "州", "盟", "旗", "镇", "乡"};
    const char *p = s;
    for (int chars = 0; *p && chars < 6; chars++) {
        for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
            if (!strncmp(p, marks[i], strlen(marks[i])))
                return true;
        do
            p++;
        while ((*p & 0xC0) == 0x80);
    }
    return false;
}

/* Is one of the normalised names the other with the higher divisions'
 * names in front ("淮安市洪泽区人民政府" for "洪泽区人民政府")?  Reports name
 * themselves with or without them; the shorter name must itself start with
 * a place, so that a bare "教育局" never matches somebody's "某市教育局". */
static bool same_with_region_prefix(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la == lb)
        return false;
    const char *longer = la > lb ? a : b, *shorter = la > lb ? b : a;
    size_t extra = (la > lb ? la : lb) - (la > lb ? lb : la);
    return !strcmp(longer + extra, shorter) && starts_with_place(shorter) &&
           ends_with_place(longer, extra);
}

/* The one agency whose name or alias equals norm up to the higher
 * divisions' names in front; two candidates match nothing (never guess). */
static int match_region_prefixed(ogi_store *s, const char *norm, int64_t *id)
{
    db_stmt *st = db_prepare(s->db, "SELECT id, name FROM agencies UNION ALL "
                                    "SELECT agency_id, alias FROM agency_aliases ORDER BY 1");
    if (!st)
        return store_fail(s, "agency match");
    int rc, found = 0;
    while ((rc = db_step(st)) == 1) {
        char *other = ogi_label_norm(db_col_text(st, 1));
        if (other && same_with_region_prefix(norm, other)) {
            int64_t candidate = db_col_int(st, 0);
            if (found && candidate != *id)
                found = 2;
            else if (!found)
                found = 1, *id = candidate;
        }
        free(other);
    }
    db_finalize(st);
    if (rc < 0)
        return store_fail(s, "agency match");
    return found == 1 ? 1 : 0;
}

int ogi_store_agency_match(ogi_store *s, const char *name, ogi_agency *out)
{
    memset(out, 0, sizeof *out);
    if (!name || !*name)
        return 0;
    int rc = ogi_store_agency_find(s, name, out);
    if (rc != 0)
        return rc;
    char *norm = ogi_label_norm(name);
    int64_t id = 0;
    rc = norm && *norm ? match_normalised(s, norm, &id) : 0;
    if (rc == 0 && norm && *norm)
        rc = match_region_prefixed(s, norm, &id);
    free(norm);
    return rc == 1 ? ogi_store_agency_get(s, id, out) : rc;
}
