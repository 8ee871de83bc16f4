/*
 * item.c — the proactive-disclosure registry: items, their review trail,
 * index numbers, Chinese full-text search, section 二 counts, and the
 * yearly Article 20 figures.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/format.h"
#include "store/fulltext.h"
#include "store/store_internal.h"

#define ITEM_HEAD_COLUMNS                                                                  \
    "id, agency_id, index_no, title, doc_no, issuer, category, topic, kind, formed_date, " \
    "published_date, status, repealed_date, "
#define ITEM_COLUMNS ITEM_HEAD_COLUMNS "body, attachments"
/* The same columns in the same places, without the two long texts (the
 * body is most of a row): lists that show neither skip reading and
 * copying them (ogi_item_filter.without_body). */
#define ITEM_LIST_COLUMNS ITEM_HEAD_COLUMNS "NULL, NULL"

void ogi_item_free(ogi_item *it)
{
    if (!it)
        return;
    char **fields[] = {&it->index_no, &it->title,  &it->doc_no,         &it->issuer,
                       &it->category, &it->topic,  &it->kind,           &it->formed_date,
                       &it->published_date, &it->status, &it->repealed_date, &it->body,
                       &it->attachments};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        free(*fields[i]);
    memset(it, 0, sizeof *it);
}

static void item_from_row(db_stmt *st, ogi_item *it)
{
    memset(it, 0, sizeof *it);
    it->id = db_col_int(st, 0);
    it->agency_id = db_col_int(st, 1);
    char **fields[] = {&it->index_no, &it->title, &it->doc_no, &it->issuer, &it->category,
                       &it->topic, &it->kind, &it->formed_date, &it->published_date,
                       &it->status, &it->repealed_date, &it->body, &it->attachments};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = db_col_dup(st, (int)i + 2);
}

static char *item_json(const ogi_item *it)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(it->id));
    json_object_set_new(o, "agency_id", json_integer(it->agency_id));
    const char *names[] = {"index_no", "title", "doc_no", "issuer", "category", "topic", "kind",
                           "formed_date", "published_date", "status", "repealed_date"};
    const char *values[] = {it->index_no, it->title,       it->doc_no,  it->issuer,
                            it->category, it->topic,       it->kind,    it->formed_date,
                            it->published_date, it->status, it->repealed_date};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        json_object_set_new(o, names[i], values[i] ? json_string(values[i]) : json_null());
    char *text = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return text;
}

/* {prefix}-{year}-{seq:05} → e.g. "XX-2024-00012". */
static char *format_index(const char *pattern, const char *prefix, int year, int64_t seq)
{
    ogi_buf b;
    ogi_buf_init(&b);
    for (const char *p = pattern; *p;) {
        int width = 0;
        if (!strncmp(p, "{prefix}", 8)) {
            ogi_buf_puts(&b, prefix);
            p += 8;
        } else if (!strncmp(p, "{year}", 6)) {
            ogi_buf_printf(&b, "%04d", year);
            p += 6;
        } else if (!strncmp(p, "{seq}", 5)) {
            ogi_buf_printf(&b, "%lld", (long long)seq);
            p += 5;
        } else if (sscanf(p, "{seq:%d}", &width) == 1 && strchr(p, '}')) {
            ogi_buf_printf(&b, "%0*lld", width > 0 && width < 20 ? width : 1, (long long)seq);
            p = strchr(p, '}') + 1;
        } else {
            ogi_buf_putc(&b, *p++);
        }
    }
    return ogi_buf_steal(&b);
}

static int assign_index(ogi_store *s, ogi_item *it)
{
    if (it->index_no && it->index_no[0])
        return 0;
    db_stmt *st = db_prepare(s->db, "SELECT index_prefix, index_pattern FROM agencies "
                                    "WHERE id = $1");
    if (!st)
        return store_fail(s, "index number");
    db_bind_int(st, 1, it->agency_id);
    if (db_step(st) != 1) {
        db_finalize(st);
        snprintf(s->err, sizeof s->err, "agency %lld does not exist", (long long)it->agency_id);
        return -1;
    }
    char *prefix = db_col_dup(st, 0), *pattern = db_col_dup(st, 1);
    db_finalize(st);
    int year = it->formed_date ? atoi(it->formed_date) : 0;
    int rc = 1;
    /* The sequence only moves forward; a number taken by hand (or by an
     * import) is stepped over. */
    for (int64_t taken = 1; rc == 1 && taken;) {
        int64_t seq = 0;
        rc = db_query_int(s->db, &seq,
                          "INSERT INTO index_sequences (agency_id, year, last_seq) VALUES ($1, $2, 1) "
                          "ON CONFLICT (agency_id, year) DO UPDATE SET last_seq = "
                          "index_sequences.last_seq + 1 RETURNING last_seq",
                          "ii", it->agency_id, (int64_t)year);
        if (rc != 1)
            break;
        free(it->index_no);
        it->index_no = format_index(pattern, prefix, year, seq);
        rc = db_query_int(s->db, &taken,
                          "SELECT COUNT(*) FROM items WHERE agency_id = $1 AND index_no = $2",
                          "it", it->agency_id, it->index_no);
    }
    free(prefix);
    free(pattern);
    return rc == 1 ? 0 : store_fail(s, "index number");
}

static int index_fulltext(ogi_store *s, const ogi_item *it)
{
    ogi_buf all;
    ogi_buf_init(&all);
    ogi_buf_printf(&all, "%s\n%s\n%s\n%s\n%s", it->title ? it->title : "",
                   it->doc_no ? it->doc_no : "", it->index_no ? it->index_no : "",
                   it->topic ? it->topic : "", it->body ? it->body : "");
    char *terms = fulltext_terms(all.data);
    ogi_buf_free(&all);
    int rc;
    if (s->db->dialect == DB_SQLITE) {
        /* Under the row's key (schema.c migration 9), where an update of
         * the item has already moved the old row. */
        rc = db_run(s->db, "DELETE FROM items_fts WHERE rowid = (SELECT fts_key FROM items "
                           "WHERE id = $1)",
                    "i", it->id);
        if (rc >= 0)
            rc = db_run(s->db, "INSERT INTO items_fts (rowid, terms) SELECT fts_key, $2 FROM "
                               "items WHERE id = $1",
                        "it", it->id, terms);
    } else {
        rc = db_run(s->db, "UPDATE items SET terms = to_tsvector('simple', $2) WHERE id = $1",
                    "it", it->id, terms);
    }
    free(terms);
    return rc < 0 ? store_fail(s, "full-text index") : 0;
}

static int item_write(ogi_store *s, ogi_item *it, bool insert)
{
    static const char *ins =
        "INSERT INTO items (agency_id, index_no, title, doc_no, issuer, category, topic, kind, "
        "formed_date, published_date, status, repealed_date, body, attachments) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
    static const char *upd =
        "UPDATE items SET agency_id = $1, index_no = $2, title = $3, doc_no = $4, issuer = $5, "
        "category = $6, topic = $7, kind = $8, formed_date = $9, published_date = $10, status = "
        "$11, repealed_date = $12, body = $13, attachments = $14, updated_at = $16 "
        "WHERE id = $15 RETURNING id";
    db_stmt *st = db_prepare(s->db, insert ? ins : upd);
    if (!st)
        return store_fail(s, "item");
    db_bind_int(st, 1, it->agency_id);
    const char *texts[] = {it->index_no, it->title, it->doc_no ? it->doc_no : "",
                           it->issuer ? it->issuer : "", it->category,
                           it->topic ? it->topic : "", it->kind ? it->kind : "other",
                           it->formed_date, it->published_date,
                           it->status ? it->status : "draft", it->repealed_date,
                           it->body ? it->body : "", it->attachments ? it->attachments : "[]"};
    for (int i = 0; i < 13; i++)
        db_bind_text(st, i + 2, texts[i]);
    char now[32];
    if (!insert) {
        db_bind_int(st, 15, it->id);
        db_bind_text(st, 16, store_now(now));
    }
    int rc = db_step(st);
    if (rc == 1 && insert)
        it->id = db_col_int(st, 0);
    db_finalize(st);
    if (rc != 1) {
        if (rc == 0)
            snprintf(s->err, sizeof s->err, "item %lld does not exist", (long long)it->id);
        return rc == 0 ? -1 : store_fail(s, it->title ? it->title : "item");
    }
    return index_fulltext(s, it);
}

int ogi_store_item_add(ogi_store *s, ogi_item *it, const char *actor)
{
    if (db_begin(s->db))
        return store_fail(s, "begin");
    if (assign_index(s, it) || item_write(s, it, true))
        goto fail;
    char *after = item_json(it);
    int rc = ogi_store_audit(s, actor, "create", "item", it->id, NULL, after);
    free(after);
    if (rc || db_commit(s->db))
        goto fail;
    return 0;
fail:
    db_rollback(s->db);
    return -1;
}

int ogi_store_item_update(ogi_store *s, const ogi_item *it, const char *actor)
{
    ogi_item before;
    if (db_begin(s->db))
        return store_fail(s, "begin");
    int found = ogi_store_item_get(s, it->id, &before);
    if (found != 1) {
        if (found == 0)
            snprintf(s->err, sizeof s->err, "item %lld does not exist", (long long)it->id);
        db_rollback(s->db);
        return -1;
    }
    char *b = item_json(&before), *a = item_json(it);
    ogi_item_free(&before);
    int rc = item_write(s, (ogi_item *)it, false);
    if (!rc)
        rc = ogi_store_audit(s, actor, "update", "item", it->id, b, a);
    free(b);
    free(a);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

int ogi_store_item_get(ogi_store *s, int64_t id, ogi_item *out)
{
    db_stmt *st = db_prepare(s->db, "SELECT " ITEM_COLUMNS " FROM items WHERE id = $1");
    if (!st)
        return store_fail(s, "item");
    db_bind_int(st, 1, id);
    int rc = db_step(st);
    if (rc == 1)
        item_from_row(st, out);
    db_finalize(st);
    return rc < 0 ? store_fail(s, "item") : rc;
}

int ogi_store_item_step(ogi_store *s, int64_t id, const char *status, const char *date,
                        const char *actor, const char *note)
{
    ogi_item it;
    if (db_begin(s->db))
        return store_fail(s, "begin");
    int found = ogi_store_item_get(s, id, &it);
    if (found != 1) {
        if (found == 0)
            snprintf(s->err, sizeof s->err, "item %lld does not exist", (long long)id);
        db_rollback(s->db);
        return -1;
    }
    char *before = item_json(&it);
    free(it.status);
    it.status = ogi_strdup(status);
    if (!strcmp(status, "published") && date) {
        free(it.published_date);
        it.published_date = ogi_strdup(date);
    } else if (!strcmp(status, "repealed") && date) {
        free(it.repealed_date);
        it.repealed_date = ogi_strdup(date);
    }
    char *after = item_json(&it);
    int rc = item_write(s, &it, false);
    if (!rc && db_run(s->db, "INSERT INTO item_events (item_id, step, actor, note) "
                             "VALUES ($1, $2, $3, $4)",
                      "ittt", id, status, actor ? actor : "", note ? note : "") < 0)
        rc = store_fail(s, "item step");
    if (!rc)
        rc = ogi_store_audit(s, actor, status, "item", id, before, after);
    free(before);
    free(after);
    ogi_item_free(&it);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

/* SQLite's full-text rows are keyed by items.fts_key (schema.c migration
 * 9): a published item's key is PUBLISHED_KEY + YYYYMMDD * 2^32 + id, any
 * other row's its id. */
#define PUBLISHED_KEY "4611686018427387904" /* 2^62 */
#define FTS_ROW_ID "CASE WHEN rowid >= " PUBLISHED_KEY " THEN rowid & 4294967295 ELSE rowid END"

/* WHERE clause shared by the count and the page query; parameters $1..$8.
 * A filter that is not set is still referenced, as a test of its NULL (or
 * 0) value, so that the parameter numbers hold, but it is not written as
 * `$3 IS NULL OR category = $3`: the planner cannot use an index for such a
 * term, and the catalogue without filters must walk the
 * (status, published_date) index rather than sort every item.  Only the
 * full-text test differs between the backends.  by_match: drive a
 * full-text search from its matches (few of them) instead of walking the
 * date index ('+' keeps SQLite's planner off the status index). */
static void search_where(ogi_buf *w, db_dialect dialect, const ogi_item_filter *f,
                         bool fulltext, bool by_match)
{
    ogi_buf_puts(w, f->agency_id ? " WHERE agency_id = $1" : " WHERE $1 = 0");
    if (!fulltext)
        ogi_buf_puts(w, " AND $2 IS NULL");
    else if (dialect == DB_SQLITE)
        ogi_buf_puts(w, " AND id IN (SELECT " FTS_ROW_ID " FROM items_fts WHERE items_fts "
                        "MATCH $2)");
    else
        ogi_buf_puts(w, " AND terms @@ to_tsquery('simple', $2)");
    const char *cols[] = {"category", "topic", "kind", "status"};
    const char *vals[] = {f->category, f->topic, f->kind, f->status};
    for (int i = 0; i < 4; i++) {
        if (!vals[i])
            ogi_buf_printf(w, " AND $%d IS NULL", i + 3);
        else
            ogi_buf_printf(w, " AND %s%s = $%d", by_match && dialect == DB_SQLITE ? "+" : "",
                           cols[i], i + 3);
    }
    ogi_buf_puts(w, " AND ($7 = 0 OR published_date LIKE $8)");
}

/* How many items match: cached per connection until the data changes, as
 * the count walks every match while the page needs only 20. */
static int search_count(ogi_store *s, const ogi_item_filter *f, const char *match,
                        int64_t *total)
{
    char like[16];
    snprintf(like, sizeof like, "%04d-%%", f->year);
    ogi_buf sql;
    ogi_buf_init(&sql);
    ogi_buf_puts(&sql, "SELECT COUNT(*) FROM items");
    search_where(&sql, s->db->dialect, f, match != NULL, false);
    int rc = db_query_int_cached(s->db, total, sql.data, "itttttit", f->agency_id, match,
                                 f->category, f->topic, f->kind, f->status, (int64_t)f->year,
                                 like);
    ogi_buf_free(&sql);
    return rc;
}

/* A full-text search with at most this many matches reads the matches and
 * sorts them; with more, walking the date index finds a page sooner. */
#define FEW_MATCHES 500

/* The ids of the page, newest first: cached like the count, since finding
 * them walks an index (or every match) while reading 20 rows is cheap. */
static int search_page_ids(ogi_store *s, const ogi_item_filter *f, const char *match,
                           int64_t count, int64_t **ids, size_t *n)
{
    char like[16];
    snprintf(like, sizeof like, "%04d-%%", f->year);
    ogi_buf sql;
    ogi_buf_init(&sql);
    ogi_buf_puts(&sql, "SELECT id FROM items");
    search_where(&sql, s->db->dialect, f, match != NULL, match && count <= FEW_MATCHES);
    ogi_buf_puts(&sql, " ORDER BY published_date DESC NULLS LAST, id DESC LIMIT $9 OFFSET $10");
    int rc = db_query_ids_cached(s->db, ids, n, sql.data, "itttttitii", f->agency_id, match,
                                 f->category, f->topic, f->kind, f->status, (int64_t)f->year,
                                 like, f->limit ? (int64_t)f->limit : (int64_t)20,
                                 (int64_t)f->offset);
    ogi_buf_free(&sql);
    return rc;
}

static void item_row(db_stmt *st, void *elem) { item_from_row(st, elem); }

/* SQLite reads a page's rows by primary key, ROWS_PER_LOOKUP ids bound to
 * one prepared statement: no list text to build and parse. */
#define ROWS_PER_LOOKUP 20
#define P5(a, b, c, d, e) "$" #a ", $" #b ", $" #c ", $" #d ", $" #e
#define ID_PARAMS P5(1, 2, 3, 4, 5) ", " P5(6, 7, 8, 9, 10) ", " P5(11, 12, 13, 14, 15) ", " \
    P5(16, 17, 18, 19, 20)

/* Put rows [0, n) in the order of ids; rows matching no id (none expected)
 * are freed.  Returns how many rows are kept, at the front. */
static size_t order_by_ids(ogi_item *rows, size_t n, const int64_t *ids, size_t n_ids)
{
    size_t kept = 0;
    for (size_t k = 0; k < n_ids; k++) {
        for (size_t i = kept; i < n; i++) {
            if (rows[i].id != ids[k])
                continue;
            ogi_item t = rows[kept];
            rows[kept] = rows[i];
            rows[i] = t;
            kept++;
            break;
        }
    }
    for (size_t i = kept; i < n; i++)
        ogi_item_free(&rows[i]);
    return kept;
}

/* The generation of the read in progress, or 0 when results cannot be
 * remembered by it: outside a read transaction of its own (inside a write
 * transaction a read may see writes that are then rolled back, which no
 * generation records), or on a backend whose generations are not unique in
 * the process. */
static int64_t memo_generation(const ogi_store *s)
{
    const db *d = s->db;
    return d->dialect == DB_SQLITE && d->read_open && d->read_tx && d->read_version > 0
               ? d->read_version
               : 0;
}

/* ---- rows of pages, remembered ----
 *
 * Reading a page's 20 rows is most of the database work of a catalogue
 * page or an API list once its count and ids are cached.  Each thread
 * keeps the rows it read, by id, under the generation of the read
 * (memo_generation): unique to one connection's view of the data, so a row
 * is only found again while nothing at all has changed.  A row with its
 * body serves lists without one too; a long body is not kept (bounded
 * memory: ROW_MEMO_SLOTS rows of at most ROW_MEMO_BODY_MAX bytes). */
#define ROW_MEMO_SLOTS 512
/* An id may sit in any of ROW_MEMO_WAYS slots, so that two ids of one page
 * do not keep evicting each other. */
#define ROW_MEMO_WAYS 4
#define ROW_MEMO_BODY_MAX 8192

typedef struct {
    int64_t generation; /* 0 = free */
    bool with_body;
    uint64_t used; /* the memo's clock when last read or written: least recent goes first */
    ogi_item row;
} row_slot;

typedef struct {
    row_slot slot[ROW_MEMO_SLOTS];
    uint64_t clock;
} row_memo;

static _Thread_local row_memo *thread_rows;
static pthread_key_t row_memo_key; /* frees a thread's memo when it exits */
static pthread_once_t row_memo_once = PTHREAD_ONCE_INIT;

static void row_memo_free(void *p)
{
    row_memo *m = p;
    for (size_t i = 0; i < ROW_MEMO_SLOTS; i++)
        ogi_item_free(&m->slot[i].row);
    free(m);
}

static void row_memo_key_create(void) { pthread_key_create(&row_memo_key, row_memo_free); }

static row_memo *thread_row_memo(void)
{
    if (!thread_rows) {
        pthread_once(&row_memo_once, row_memo_key_create);
        thread_rows = ogi_xcalloc(1, sizeof *thread_rows);
        pthread_setspecific(row_memo_key, thread_rows);
    }
    return thread_rows;
}

static void item_copy(ogi_item *to, const ogi_item *from, bool with_body)
{
    *to = *from;
    char **fields[] = {&to->index_no, &to->title,  &to->doc_no,         &to->issuer,
                       &to->category, &to->topic,  &to->kind,           &to->formed_date,
                       &to->published_date, &to->status, &to->repealed_date, &to->body,
                       &to->attachments};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = ogi_strdup(*fields[i]);
    if (!with_body) {
        free(to->body);
        free(to->attachments);
        to->body = to->attachments = NULL;
    }
}

/* The first of the ROW_MEMO_WAYS slots where id may be kept. */
static row_slot *row_memo_set(row_memo *m, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u; /* spread ids that share low bits */
    return &m->slot[(h >> 32) % (ROW_MEMO_SLOTS / ROW_MEMO_WAYS) * ROW_MEMO_WAYS];
}

static row_slot *row_memo_find(row_memo *m, int64_t gen, int64_t id)
{
    row_slot *set = row_memo_set(m, id);
    for (int w = 0; w < ROW_MEMO_WAYS; w++)
        if (set[w].generation == gen && set[w].row.id == id)
            return &set[w];
    return NULL;
}

static bool row_memo_get(row_memo *m, int64_t gen, int64_t id, bool without_body, ogi_item *out)
{
    row_slot *sl = row_memo_find(m, gen, id);
    if (!sl || (!without_body && !sl->with_body))
        return false;
    sl->used = ++m->clock;
    item_copy(out, &sl->row, !without_body);
    return true;
}

static void row_memo_put(row_memo *m, int64_t gen, const ogi_item *row, bool without_body)
{
    bool with_body = !without_body && (!row->body || strlen(row->body) <= ROW_MEMO_BODY_MAX);
    row_slot *sl = row_memo_find(m, gen, row->id);
    if (sl && sl->with_body >= with_body)
        return; /* already as good */
    if (!sl) { /* a free or out-of-date slot, else the least recently used */
        row_slot *set = row_memo_set(m, row->id);
        sl = &set[0];
        for (int w = 0; w < ROW_MEMO_WAYS; w++) {
            if (set[w].generation != gen) {
                sl = &set[w];
                break;
            }
            if (set[w].used < sl->used)
                sl = &set[w];
        }
    }
    ogi_item_free(&sl->row);
    item_copy(&sl->row, row, with_body);
    sl->generation = gen;
    sl->with_body = with_body;
    sl->used = ++m->clock;
}

/* Read the rows of the ids at places want[0..n_want) (n_want <=
 * ROWS_PER_LOOKUP) into rows[place], marking have[place]; unused
 * parameters bind NULL, which matches nothing.  0 or -1. */
static int read_rows(ogi_store *s, const char *sql, const int64_t *ids, const size_t *want,
                     size_t n_want, ogi_item *rows, bool *have, row_memo *m, int64_t gen,
                     bool without_body)
{
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return -1;
    for (size_t i = 0; i < ROWS_PER_LOOKUP; i++) {
        if (i < n_want)
            db_bind_int(st, (int)i + 1, ids[want[i]]);
        else
            db_bind_null(st, (int)i + 1);
    }
    int rc;
    while ((rc = db_step(st)) == 1) {
        ogi_item row;
        item_from_row(st, &row);
        size_t i = 0;
        while (i < n_want && (have[want[i]] || ids[want[i]] != row.id))
            i++;
        if (i == n_want) { /* not asked for (none expected) */
            ogi_item_free(&row);
            continue;
        }
        if (m)
            row_memo_put(m, gen, &row, without_body);
        rows[want[i]] = row;
        have[want[i]] = true;
    }
    db_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The rows of ids, in their order (ids without a row left out): from this
 * thread's memo when the data has not changed since they were read, else
 * by primary key, ROWS_PER_LOOKUP ids bound to one prepared statement (one
 * statement per page instead of one per row). */
static int rows_by_id(ogi_store *s, const int64_t *ids, size_t n_ids, bool without_body,
                      ogi_item **out, size_t *n)
{
    const char *sql = without_body
                          ? "SELECT " ITEM_LIST_COLUMNS " FROM items WHERE id IN (" ID_PARAMS ")"
                          : "SELECT " ITEM_COLUMNS " FROM items WHERE id IN (" ID_PARAMS ")";
    int64_t gen = memo_generation(s);
    row_memo *m = gen ? thread_row_memo() : NULL;
    ogi_item *rows = ogi_xcalloc(n_ids, sizeof *rows);
    bool *have = ogi_xcalloc(n_ids, sizeof *have);
    size_t *want = ogi_xcalloc(n_ids, sizeof *want), n_want = 0;
    for (size_t k = 0; k < n_ids; k++) {
        if (m && row_memo_get(m, gen, ids[k], without_body, &rows[k]))
            have[k] = true;
        else
            want[n_want++] = k;
    }
    int rc = 0;
    for (size_t from = 0; from < n_want && !rc; from += ROWS_PER_LOOKUP)
        rc = read_rows(s, sql, ids, want + from,
                       n_want - from < ROWS_PER_LOOKUP ? n_want - from : ROWS_PER_LOOKUP, rows,
                       have, m, gen, without_body);
    size_t kept = 0;
    for (size_t k = 0; k < n_ids; k++) {
        if (have[k] && rc)
            ogi_item_free(&rows[k]);
        else if (have[k])
            rows[kept++] = rows[k];
    }
    free(have);
    free(want);
    *out = rows;
    *n = kept;
    return rc;
}

/* PostgreSQL: the rows of all the ids in one statement (one round trip),
 * then put in the order of the ids; rows that match no id go last. */
static int rows_by_id_list(ogi_store *s, const int64_t *ids, size_t n_ids, bool without_body,
                           ogi_item **out, size_t *n)
{
    ogi_buf list;
    ogi_buf_init(&list);
    for (size_t i = 0; i < n_ids; i++) {
        if (i)
            ogi_buf_putc(&list, ',');
        ogi_buf_put_int(&list, ids[i]);
    }
    /* No ORDER BY: sorting would carry every body through the sort. */
    db_stmt *st = db_prepare(
        s->db, without_body ? "SELECT " ITEM_LIST_COLUMNS " FROM items WHERE id = "
                              "ANY(string_to_array($1, ',')::bigint[])"
                            : "SELECT " ITEM_COLUMNS " FROM items WHERE id = "
                              "ANY(string_to_array($1, ',')::bigint[])");
    if (!st) {
        ogi_buf_free(&list);
        *out = NULL;
        *n = 0;
        return -1;
    }
    db_bind_text(st, 1, list.data);
    int rc;
    *out = db_collect(st, sizeof **out, item_row, n, &rc);
    ogi_buf_free(&list);
    *n = order_by_ids(*out, *n, ids, n_ids);
    return rc;
}

/* The rows of the page's ids, newest first.  Outside a read transaction
 * (PostgreSQL) they are read after the ids, so a row deleted or moved out
 * of the status asked for in between (the public catalogue asks for
 * published items) is left out rather than shown. */
static int page_rows(ogi_store *s, const int64_t *ids, size_t n_ids, const ogi_item_filter *f,
                     ogi_item **out, size_t *n)
{
    int rc = s->db->dialect == DB_SQLITE ? rows_by_id(s, ids, n_ids, f->without_body, out, n)
                                         : rows_by_id_list(s, ids, n_ids, f->without_body, out, n);
    size_t shown = 0;
    for (size_t i = 0; i < *n; i++) {
        if (rc < 0 || (f->status && strcmp((*out)[i].status, f->status)))
            ogi_item_free(&(*out)[i]);
        else
            (*out)[shown++] = (*out)[i];
    }
    *n = shown;
    if (!shown) {
        free(*out);
        *out = NULL;
    }
    return rc < 0 ? store_fail(s, "search") : 0;
}

/* Whether a search can be answered from the full-text index alone (SQLite,
 * published items matching a query, no other filter: the public portal's
 * search) — which needs every published item under its published key,
 * i.e. no id from 2^32 on.  1 yes, 0 no, -1 error. */
static int fulltext_alone(ogi_store *s, const ogi_item_filter *f, const char *match)
{
    if (s->db->dialect != DB_SQLITE || !match || !f->status || strcmp(f->status, "published") ||
        f->agency_id || f->category || f->topic || f->kind || f->year)
        return 0;
    int64_t big = 0;
    int rc = db_query_int_cached(s->db, &big, "SELECT EXISTS (SELECT 1 FROM items WHERE id > "
                                              "4294967295)", NULL);
    return rc < 0 ? -1 : !big;
}

/* Counts of published full-text matches, remembered by the data
 * generation they were counted in.  Counting walks every match (a word in
 * every item: milliseconds), and the searches of one word differ only in
 * their page; in the db result cache the count would be pushed out by the
 * pages' ids, one new entry per page.  SQLite generations are unique in
 * the process (db_sqlite.c), so an entry can only be found again by the
 * connection, and the data, it was counted for: exact, and shared by the
 * process's handles without belonging to any. */
#define COUNT_MEMO_SIZE 256

static struct {
    int64_t generation; /* 0 = free */
    char *match;
    int64_t count;
} count_memo[COUNT_MEMO_SIZE];
static size_t count_memo_next;
static pthread_mutex_t count_memo_lock = PTHREAD_MUTEX_INITIALIZER;

static bool count_memo_get(int64_t gen, const char *match, int64_t *count)
{
    bool found = false;
    pthread_mutex_lock(&count_memo_lock);
    for (size_t i = 0; i < COUNT_MEMO_SIZE && !found; i++) {
        if (count_memo[i].generation == gen && !strcmp(count_memo[i].match, match)) {
            *count = count_memo[i].count;
            found = true;
        }
    }
    pthread_mutex_unlock(&count_memo_lock);
    return found;
}

static void count_memo_put(int64_t gen, const char *match, int64_t count)
{
    char *copy = ogi_strdup(match), *old;
    pthread_mutex_lock(&count_memo_lock);
    size_t i = count_memo_next;
    count_memo_next = (i + 1) % COUNT_MEMO_SIZE;
    old = count_memo[i].match;
    count_memo[i].generation = gen;
    count_memo[i].match = copy;
    count_memo[i].count = count;
    pthread_mutex_unlock(&count_memo_lock);
    free(old);
}

static int fulltext_count(ogi_store *s, const char *match, int64_t *count)
{
    int64_t gen = memo_generation(s);
    if (gen && count_memo_get(gen, match, count))
        return 1;
    int rc = db_query_int(s->db, count, "SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH $1 "
                                        "AND rowid >= " PUBLISHED_KEY, "t", match);
    if (rc == 1 && gen)
        count_memo_put(gen, match, *count);
    return rc;
}

/* fulltext_alone's count and page of ids: the matches in the published key
 * range, counted, and walked newest first (descending key) to the page. */
static int fulltext_count_ids(ogi_store *s, const ogi_item_filter *f, const char *match,
                              int64_t *count, int64_t **ids, size_t *n_ids)
{
    if (fulltext_count(s, match, count) != 1)
        return -1;
    return db_query_ids_cached(s->db, ids, n_ids,
                               "SELECT rowid & 4294967295 FROM items_fts WHERE items_fts MATCH $1"
                               " AND rowid >= " PUBLISHED_KEY " ORDER BY rowid DESC LIMIT $2 "
                               "OFFSET $3",
                               "tii", match, f->limit ? (int64_t)f->limit : (int64_t)20,
                               (int64_t)f->offset);
}

/* The count and the page of rows of a search; 0 or -1. */
static int search_rows(ogi_store *s, const ogi_item_filter *f, const char *match,
                       ogi_item **out, size_t *n, size_t *total)
{
    int64_t count = 0, *ids = NULL;
    size_t n_ids = 0;
    int rc = fulltext_alone(s, f, match);
    if (rc == 1) {
        if (fulltext_count_ids(s, f, match, &count, &ids, &n_ids))
            return store_fail(s, "search");
        if (total)
            *total = (size_t)count;
    } else {
        if (rc == 0)
            rc = search_count(s, f, match, &count);
        if (rc == 1 && total)
            *total = (size_t)count;
        if (rc != 1 || search_page_ids(s, f, match, count, &ids, &n_ids))
            return store_fail(s, "search");
    }
    rc = n_ids ? page_rows(s, ids, n_ids, f, out, n) : 0;
    free(ids);
    return rc;
}

int ogi_store_item_search(ogi_store *s, const ogi_item_filter *f, ogi_item **out, size_t *n,
                          size_t *total)
{
    *out = NULL;
    *n = 0;
    char *match = !f->query                     ? NULL
                  : s->db->dialect == DB_SQLITE ? fulltext_query(f->query)
                                                : fulltext_query_pg(f->query);
    if (f->query && !match) { /* a query of punctuation only matches nothing */
        if (total)
            *total = 0;
        return 0;
    }
    bool read_tx = db_read_begin(s->db); /* count, ids and rows from one snapshot */
    int rc = search_rows(s, f, match, out, n, total);
    db_read_end(s->db, read_tx);
    free(match);
    return rc;
}

int ogi_store_item_counts(ogi_store *s, int64_t agency_id, const char *kind, int year,
                          int64_t *issued, int64_t *repealed, int64_t *in_force)
{
    char first[16], last[16];
    snprintf(first, sizeof first, "%04d-01-01", year);
    snprintf(last, sizeof last, "%04d-12-31", year);
    /* Counted by dates, not by today's status, so a past year's figures do
     * not change when an item is repealed later.  Only items that went public
     * count.  Issued: formed in the year; repealed: repealed in the year; in
     * force: formed by the year end and not repealed by then. */
    static const char *sql =
        "SELECT"
        " COALESCE(SUM(CASE WHEN formed_date BETWEEN $3 AND $4 THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN repealed_date BETWEEN $3 AND $4 THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN formed_date <= $4 AND (repealed_date IS NULL OR repealed_date > $4)"
        "   THEN 1 ELSE 0 END), 0)"
        " FROM items WHERE agency_id = $1 AND kind = $2 AND status IN ('published', 'repealed')"
        " AND published_date IS NOT NULL";
    db_stmt *st = db_prepare(s->db, sql);
    if (!st)
        return store_fail(s, "item counts");
    db_bind_int(st, 1, agency_id);
    db_bind_text(st, 2, kind);
    db_bind_text(st, 3, first);
    db_bind_text(st, 4, last);
    int rc = db_step(st);
    if (rc == 1) {
        *issued = db_col_int(st, 0);
        *repealed = db_col_int(st, 1);
        *in_force = db_col_int(st, 2);
    }
    db_finalize(st);
    return rc == 1 ? 0 : store_fail(s, "item counts");
}

int ogi_store_figure_set(ogi_store *s, int64_t agency_id, int year, const char *cell_key,
                         int64_t value, int decimals, const char *actor)
{
    if (ogi_cell_index(cell_key) < 0) {
        snprintf(s->err, sizeof s->err, "%s is not a cell of the report format", cell_key);
        return -1;
    }
    if (db_begin(s->db))
        return store_fail(s, "begin");
    int rc = db_run(s->db,
                    "INSERT INTO yearly_figures (agency_id, year, cell_key, value, decimals) "
                    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id, year, cell_key) "
                    "DO UPDATE SET value = excluded.value, decimals = excluded.decimals",
                    "iitii", agency_id, (int64_t)year, cell_key, value, (int64_t)decimals);
    if (rc < 0) {
        store_fail(s, cell_key);
        db_rollback(s->db);
        return -1;
    }
    json_t *o = json_pack("{s:i, s:s, s:I, s:i}", "year", year, "cell_key", cell_key, "value",
                          (json_int_t)value, "decimals", decimals);
    char *after = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    rc = ogi_store_audit(s, actor, "set", "yearly_figure", agency_id, NULL, after);
    free(after);
    if (rc || db_commit(s->db)) {
        db_rollback(s->db);
        return -1;
    }
    return 0;
}

int ogi_store_figure_get(ogi_store *s, int64_t agency_id, int year, const char *cell_key,
                         int64_t *value, int *decimals)
{
    db_stmt *st = db_prepare(s->db, "SELECT value, decimals FROM yearly_figures WHERE "
                                    "agency_id = $1 AND year = $2 AND cell_key = $3");
    if (!st)
        return store_fail(s, "figure");
    db_bind_int(st, 1, agency_id);
    db_bind_int(st, 2, year);
    db_bind_text(st, 3, cell_key);
    int rc = db_step(st);
    if (rc == 1) {
        *value = db_col_int(st, 0);
        *decimals = (int)db_col_int(st, 1);
    }
    db_finalize(st);
    return rc < 0 ? store_fail(s, "figure") : rc;
}
