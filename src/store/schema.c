/*
 * schema.c — the database schema, defined once for both backends.
 *
 * Migrations are numbered and applied in order, each in its own
 * transaction, recording the version in schema_version.  The SQL is written
 * once with a few tokens for the places where SQLite and PostgreSQL differ
 * (identity keys, the current time); the full-text index, which is
 * backend-specific by nature, has one block per dialect, as have the
 * PostgreSQL-only data generation and catalogue-order indexes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "store/db.h"
#include "store/schema.h"

typedef struct {
    int version;
    const char *common;   /* both backends, with tokens */
    const char *sqlite;   /* SQLite only, may be NULL */
    const char *postgres; /* PostgreSQL only, may be NULL */
} migration;

static const migration migrations[] = {
    {1,
     "CREATE TABLE agencies ("
     " id {id},"
     " name TEXT NOT NULL UNIQUE,"
     " kind TEXT NOT NULL CHECK (kind IN ('government','department','township','other')),"
     " parent_id BIGINT REFERENCES agencies(id),"
     " index_prefix TEXT NOT NULL DEFAULT '',"
     " index_pattern TEXT NOT NULL DEFAULT '{prefix}-{year}-{seq:05}',"
     " created_at TEXT NOT NULL DEFAULT {now});"
     "CREATE TABLE agency_aliases ("
     " agency_id BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,"
     " alias TEXT NOT NULL UNIQUE);"
     "CREATE TABLE applications ("
     " id {id},"
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " tracking_no TEXT NOT NULL UNIQUE,"
     " query_code_hash TEXT NOT NULL,"
     " applicant_type TEXT NOT NULL CHECK (applicant_type IN ('natural_person','commercial',"
     "  'research','public_welfare','legal_service','other_org')),"
     " applicant_name TEXT NOT NULL DEFAULT '',"
     " applicant_id_doc TEXT NOT NULL DEFAULT '',"
     " applicant_contact TEXT NOT NULL DEFAULT '',"
     " channel TEXT NOT NULL CHECK (channel IN ('online','on_site','letter','fax','email')),"
     " received_at TEXT NOT NULL,"
     " received_date TEXT NOT NULL,"
     " description TEXT NOT NULL DEFAULT '',"
     " preferred_form TEXT NOT NULL DEFAULT '',"
     " delivery TEXT NOT NULL DEFAULT '',"
     " status TEXT NOT NULL,"
     " outcome TEXT,"
     " concluded_date TEXT,"
     " due_date TEXT,"
     " created_at TEXT NOT NULL DEFAULT {now},"
     " updated_at TEXT NOT NULL DEFAULT {now});"
     "CREATE INDEX applications_received ON applications(agency_id, received_date);"
     "CREATE INDEX applications_open ON applications(agency_id, status, due_date);"
     "CREATE INDEX applications_concluded ON applications(agency_id, concluded_date);"
     /* A handling (办理) is one round of processing that ends in exactly one
      * outcome: the original application, a transfer to another agency, or a
      * reopening after a review decision.  Annual statistics count handlings,
      * so every year's 勾稽关系 and carry-over hold by construction. */
     "CREATE TABLE handlings ("
     " id {id},"
     " application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,"
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " applicant_type TEXT NOT NULL,"
     " start_date TEXT NOT NULL,"
     " concluded_date TEXT,"
     " outcome TEXT);"
     "CREATE INDEX handlings_agency ON handlings(agency_id, start_date);"
     "CREATE INDEX handlings_concluded ON handlings(agency_id, concluded_date);"
     "CREATE TABLE application_events ("
     " id {id},"
     " application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,"
     " kind TEXT NOT NULL,"
     " event_date TEXT NOT NULL,"
     " detail TEXT NOT NULL DEFAULT '{}',"
     " actor TEXT NOT NULL DEFAULT '',"
     " created_at TEXT NOT NULL DEFAULT {now});"
     "CREATE INDEX application_events_app ON application_events(application_id, id);"
     "CREATE TABLE items ("
     " id {id},"
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " index_no TEXT NOT NULL,"
     " title TEXT NOT NULL,"
     " doc_no TEXT NOT NULL DEFAULT '',"
     " issuer TEXT NOT NULL DEFAULT '',"
     " category TEXT NOT NULL,"
     " topic TEXT NOT NULL DEFAULT '',"
     " kind TEXT NOT NULL CHECK (kind IN ('rule','normative','other')),"
     " formed_date TEXT NOT NULL,"
     " published_date TEXT,"
     " status TEXT NOT NULL CHECK (status IN ('draft','secrecy_review','approval','published',"
     "  'repealed')),"
     " repealed_date TEXT,"
     " body TEXT NOT NULL DEFAULT '',"
     " attachments TEXT NOT NULL DEFAULT '[]',"
     " created_at TEXT NOT NULL DEFAULT {now},"
     " updated_at TEXT NOT NULL DEFAULT {now},"
     " UNIQUE (agency_id, index_no));"
     "CREATE INDEX items_published ON items(agency_id, status, published_date);"
     "CREATE TABLE item_events ("
     " id {id},"
     " item_id BIGINT NOT NULL REFERENCES items(id) ON DELETE CASCADE,"
     " step TEXT NOT NULL,"
     " actor TEXT NOT NULL DEFAULT '',"
     " note TEXT NOT NULL DEFAULT '',"
     " at TEXT NOT NULL DEFAULT {now});"
     "CREATE TABLE yearly_figures ("
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " year INTEGER NOT NULL,"
     " cell_key TEXT NOT NULL,"
     " value BIGINT NOT NULL,"
     " decimals INTEGER NOT NULL DEFAULT 0,"
     " PRIMARY KEY (agency_id, year, cell_key));"
     "CREATE TABLE cases ("
     " id {id},"
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " application_id BIGINT REFERENCES applications(id),"
     " kind TEXT NOT NULL CHECK (kind IN ('review','suit_direct','suit_after_review')),"
     " filed_date TEXT NOT NULL,"
     " result TEXT NOT NULL DEFAULT 'pending' CHECK (result IN ('upheld','corrected','other',"
     "  'pending')),"
     " decided_date TEXT,"
     " note TEXT NOT NULL DEFAULT '',"
     " created_at TEXT NOT NULL DEFAULT {now});"
     "CREATE INDEX cases_agency ON cases(agency_id, filed_date);"
     "CREATE TABLE audit_log ("
     " id {id},"
     " at TEXT NOT NULL DEFAULT {now},"
     " actor TEXT NOT NULL,"
     " action TEXT NOT NULL,"
     " entity TEXT NOT NULL,"
     " entity_id BIGINT,"
     " before_json TEXT,"
     " after_json TEXT);",
     /* Chinese full text: the store indexes overlapping character bigrams
      * (see store/fulltext.c), so a two-character word is one token. */
     "CREATE VIRTUAL TABLE items_fts USING fts5(terms, tokenize = 'unicode61');",
     "ALTER TABLE items ADD COLUMN terms tsvector;"
     "CREATE INDEX items_terms ON items USING gin(terms);"},
    /* Staff of the web console (store/user.c).  Sessions, API tokens and
     * rate-limit counters live here rather than in a server's memory so that
     * several `ogi serve` processes can share one database.  Only hashes of
     * session ids and API tokens are stored. */
    {2,
     "CREATE TABLE users ("
     " id {id},"
     " name TEXT NOT NULL UNIQUE,"
     " password_hash TEXT NOT NULL,"
     " role TEXT NOT NULL CHECK (role IN ('admin','officer','reviewer')),"
     " agency_id BIGINT REFERENCES agencies(id),"
     " created_at TEXT NOT NULL DEFAULT {now},"
     " disabled INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE sessions ("
     " id TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " csrf_token TEXT NOT NULL,"
     " created_at BIGINT NOT NULL,"
     " expires_at BIGINT NOT NULL,"
     " last_seen BIGINT NOT NULL);"
     "CREATE INDEX sessions_user ON sessions(user_id);"
     "CREATE TABLE api_tokens ("
     " token_hash TEXT PRIMARY KEY,"
     " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
     " name TEXT NOT NULL DEFAULT '',"
     " created_at TEXT NOT NULL DEFAULT {now});"
     "CREATE TABLE web_rate ("
     " key TEXT NOT NULL,"
     " window_start BIGINT NOT NULL,"
     " count INTEGER NOT NULL DEFAULT 0,"
     " PRIMARY KEY (key, window_start));",
     NULL, NULL},
    /* Published annual reports (store/report_store.c): each publication is a
     * new immutable version superseding the previous one of the same agency
     * and year; triggers refuse UPDATE and DELETE so that not even a later
     * bug can rewrite what the public was shown.  report_drafts holds the
     * narratives (sections 一–六) being written before publication. */
    {3,
     "CREATE TABLE published_reports ("
     " id {id},"
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " year INTEGER NOT NULL,"
     " version INTEGER NOT NULL,"
     " report_json TEXT NOT NULL,"
     " findings_json TEXT NOT NULL DEFAULT '[]',"
     " published_at TEXT NOT NULL DEFAULT {now},"
     " published_by TEXT NOT NULL,"
     " supersedes_id BIGINT REFERENCES published_reports(id),"
     " UNIQUE (agency_id, year, version));"
     "CREATE TABLE report_drafts ("
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " year INTEGER NOT NULL,"
     " sections_json TEXT NOT NULL,"
     " updated_at TEXT NOT NULL DEFAULT {now},"
     " updated_by TEXT NOT NULL,"
     " PRIMARY KEY (agency_id, year));",
     "CREATE TRIGGER published_reports_no_update BEFORE UPDATE ON published_reports "
     "BEGIN SELECT RAISE(ABORT, 'published reports are immutable'); END;"
     "CREATE TRIGGER published_reports_no_delete BEFORE DELETE ON published_reports "
     "BEGIN SELECT RAISE(ABORT, 'published reports are immutable'); END;",
     "CREATE FUNCTION published_reports_immutable() RETURNS trigger AS $$ BEGIN "
     "RAISE EXCEPTION 'published reports are immutable'; END; $$ LANGUAGE plpgsql;"
     "CREATE TRIGGER published_reports_no_change BEFORE UPDATE OR DELETE ON published_reports "
     "FOR EACH ROW EXECUTE FUNCTION published_reports_immutable();"},
    /* The corpus of imported reports (store/corpus_store.c, `ogi corpus
     * load`): every version of every file read, keyed by the hash of its
     * bytes so that an exact duplicate is skipped; the latest id wins. */
    {4,
     "CREATE TABLE corpus_reports ("
     " id {id},"
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " year INTEGER NOT NULL,"
     " source_path TEXT NOT NULL,"
     " content_hash TEXT NOT NULL UNIQUE,"
     " report_json TEXT NOT NULL,"
     " findings_json TEXT NOT NULL DEFAULT '[]',"
     " imported_at TEXT NOT NULL DEFAULT {now});"
     "CREATE INDEX corpus_reports_agency_year ON corpus_reports(agency_id, year);",
     NULL, NULL},
    /* 索引号 sequences per agency and year (store/item.c): numbering a new
     * item costs one upsert instead of counting the agency's items. */
    {5,
     "CREATE TABLE index_sequences ("
     " agency_id BIGINT NOT NULL REFERENCES agencies(id),"
     " year INTEGER NOT NULL,"
     " last_seq BIGINT NOT NULL,"
     " PRIMARY KEY (agency_id, year));"
     "INSERT INTO index_sequences (agency_id, year, last_seq)"
     " SELECT agency_id, CAST(substr(formed_date, 1, 4) AS INTEGER), COUNT(*) FROM items"
     " GROUP BY agency_id, CAST(substr(formed_date, 1, 4) AS INTEGER);",
     NULL, NULL},
    /* The public catalogue across all agencies, newest first (store/item.c
     * search): a page walks this index instead of sorting every item. */
    {6, "CREATE INDEX items_status_published ON items(status, published_date);", NULL, NULL},
    /* The data generation that the result cache (store/db.c) is valid for
     * on PostgreSQL, where several processes write one database: a one-row
     * counter bumped by a statement trigger on every versioned table, in
     * the writing transaction, so it moves exactly when their committed
     * data does (db_pg.c reads it).  The trigger runs BEFORE the statement,
     * so a transaction locks the counter before any row of those tables and
     * two writers cannot deadlock over it.  A later migration that creates
     * a table adds `SELECT data_generation_watch('name');` unless the table
     * is in unversioned_tables below.  SQLite needs none of it: its PRAGMA
     * data_version is exact already. */
    {7, NULL, NULL,
     "CREATE TABLE data_generation ("
     " singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),"
     " generation BIGINT NOT NULL);"
     "INSERT INTO data_generation (generation) VALUES (0);"
     "CREATE FUNCTION data_generation_bump() RETURNS trigger AS $$ BEGIN "
     "UPDATE data_generation SET generation = generation + 1; RETURN NULL; END; $$ "
     "LANGUAGE plpgsql;"
     "CREATE FUNCTION data_generation_watch(t text) RETURNS void AS $$ BEGIN "
     "EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I "
     "FOR EACH STATEMENT EXECUTE FUNCTION data_generation_bump()', t || '_data_generation', t); "
     "END; $$ LANGUAGE plpgsql;"
     "SELECT data_generation_watch(tablename) FROM pg_tables"
     " WHERE schemaname = current_schema() AND tablename NOT IN ({unversioned});"},
    /* The public catalogue's order on PostgreSQL: newest first with drafts
     * (no date) last and the id breaking ties, which a backward walk of an
     * ascending index cannot give there (NULLs would come first, ties in
     * heap order), so every page sorted all matches.  SQLite's
     * items_status_published already gives this order. */
    {8, NULL, NULL,
     "CREATE INDEX items_status_order ON items(status, published_date DESC NULLS LAST, id DESC);"
     "CREATE INDEX items_agency_order ON items(agency_id, status, published_date DESC NULLS LAST,"
     " id DESC);"
     "DROP INDEX items_status_published;"
     "DROP INDEX items_published;"},
    /* SQLite's full-text rows keyed in the public catalogue's order
     * (store/item.c search): a published item's row has the key
     * 2^62 + YYYYMMDD(published_date) * 2^32 + id, every other row its id, so
     * a search of published items counts and pages its matches in the
     * full-text index alone — newest first is descending key order, and the
     * key range says published — instead of joining every match with items
     * (the join cost milliseconds for a common word).  fts_key is the one
     * definition of the key; the triggers move a row when the status or date
     * changes and drop it with its item.  A date that is not YYYY-MM-DD, or
     * an id from 2^32 on, sorts as no date (the ledger writes neither).
     * PostgreSQL needs none of it: its full text is a GIN-indexed column of
     * items, and migration 8 gave it the catalogue order. */
    {9, NULL,
     "ALTER TABLE items ADD COLUMN fts_key INTEGER GENERATED ALWAYS AS ("
     " CASE WHEN status = 'published' AND id BETWEEN 1 AND 4294967295"
     "  THEN 4611686018427387904 + 4294967296 * (CASE WHEN published_date GLOB"
     "   '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN CAST(substr(published_date, 1, 4)"
     "   || substr(published_date, 6, 2) || substr(published_date, 9, 2) AS INTEGER) ELSE 0"
     "   END) + id"
     "  ELSE id END) VIRTUAL;"
     "CREATE TEMP TABLE items_fts_rekey AS SELECT i.fts_key AS k, f.terms AS t"
     " FROM items_fts f JOIN items i ON i.id = f.rowid;"
     "DELETE FROM items_fts;"
     "INSERT INTO items_fts (rowid, terms) SELECT k, t FROM items_fts_rekey;"
     "DROP TABLE items_fts_rekey;"
     "CREATE TRIGGER items_fts_key_move AFTER UPDATE ON items"
     " WHEN OLD.fts_key IS NOT NEW.fts_key BEGIN"
     " UPDATE items_fts SET rowid = NEW.fts_key WHERE rowid = OLD.fts_key; END;"
     "CREATE TRIGGER items_fts_key_delete AFTER DELETE ON items BEGIN"
     " DELETE FROM items_fts WHERE rowid = OLD.fts_key; END;",
     NULL},
};

/* Tables whose writes do not move the data generation (migration 7): the
 * per-request bookkeeping of sessions, rate limits and the audit log, which
 * no cached query reads, and the version tables themselves.  Every other
 * table does. */
static const char *const unversioned_tables[] = {"schema_version", "data_generation", "sessions",
                                                 "web_rate", "audit_log"};

bool schema_table_versioned(const char *table)
{
    for (size_t i = 0; i < sizeof unversioned_tables / sizeof *unversioned_tables; i++)
        if (!strcmp(table, unversioned_tables[i]))
            return false;
    return true;
}

#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])

int schema_latest_version(void) { return migrations[N_MIGRATIONS - 1].version; }

/* {unversioned}: the quoted names of unversioned_tables, comma-separated. */
static void put_unversioned(ogi_buf *b)
{
    for (size_t i = 0; i < sizeof unversioned_tables / sizeof *unversioned_tables; i++)
        ogi_buf_printf(b, "%s'%s'", i ? ", " : "", unversioned_tables[i]);
}

/* Replace the dialect tokens. */
static char *expand(const char *sql, db_dialect dialect)
{
    static const struct {
        const char *token, *sqlite, *postgres;
    } tokens[] = {
        {"{id}", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"{now}", "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
         "(to_char(now() AT TIME ZONE 'UTC','YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"},
    };
    ogi_buf b;
    ogi_buf_init(&b);
    for (const char *p = sql; *p;) {
        size_t t = 0, n = sizeof tokens / sizeof tokens[0];
        for (; t < n; t++)
            if (strncmp(p, tokens[t].token, strlen(tokens[t].token)) == 0)
                break;
        if (t < n) {
            ogi_buf_puts(&b, dialect == DB_SQLITE ? tokens[t].sqlite : tokens[t].postgres);
            p += strlen(tokens[t].token);
        } else if (!strncmp(p, "{unversioned}", 13)) {
            put_unversioned(&b);
            p += 13;
        } else {
            ogi_buf_putc(&b, *p++);
        }
    }
    return ogi_buf_steal(&b);
}

/* Held by whoever creates or migrates the schema on PostgreSQL, for the
 * length of its transaction (SQLite's BEGIN IMMEDIATE serialises anyway). */
#define PG_MIGRATION_LOCK "SELECT pg_advisory_xact_lock(7283416001)"

static int create_version_table(db *d)
{
    static const char *create =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
    if (d->dialect == DB_SQLITE)
        return db_exec(d, create);
    /* PostgreSQL's IF NOT EXISTS is not safe against a concurrent creator. */
    if (db_begin(d))
        return -1;
    if (db_query_int(d, NULL, PG_MIGRATION_LOCK, NULL) < 0 || db_exec(d, create)) {
        db_rollback(d);
        return -1;
    }
    return db_commit(d);
}

int schema_version(db *d)
{
    int64_t v = 0;
    if (create_version_table(d))
        return -1;
    int rc = db_query_int(d, &v, "SELECT COALESCE(MAX(version), 0) FROM schema_version", NULL);
    return rc < 0 ? -1 : (int)v;
}

/* Apply one migration: 0 applied, 1 found already applied, -1 error. */
static int apply(db *d, const migration *m)
{
    const char *parts[] = {m->common, d->dialect == DB_SQLITE ? m->sqlite : m->postgres};
    if (db_begin(d))
        return -1;
    /* Two processes migrating at once: the second waits here (PostgreSQL:
     * an advisory lock; SQLite: BEGIN IMMEDIATE) and then finds the
     * migration done by the first. */
    int64_t done = 0;
    if (d->dialect == DB_POSTGRES &&
        db_query_int(d, NULL, PG_MIGRATION_LOCK, NULL) < 0)
        goto fail;
    if (db_query_int(d, &done, "SELECT COUNT(*) FROM schema_version WHERE version = $1", "i",
                     (int64_t)m->version) != 1)
        goto fail;
    if (done)
        return db_commit(d) ? -1 : 1;
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        char *sql = expand(parts[i], d->dialect);
        int rc = db_exec(d, sql);
        free(sql);
        if (rc)
            goto fail;
    }
    if (db_run(d, "INSERT INTO schema_version (version) VALUES ($1)", "i",
               (int64_t)m->version) < 0)
        goto fail;
    return db_commit(d);
fail:
    db_rollback(d);
    return -1;
}

int schema_migrate(db *d, int *applied, char *err, size_t errlen)
{
    int current = schema_version(d);
    if (current < 0) {
        snprintf(err, errlen, "cannot read schema version: %s", d->err);
        return -1;
    }
    if (current > schema_latest_version()) {
        snprintf(err, errlen,
                 "database schema version %d is newer than this ogi (%d); upgrade ogi", current,
                 schema_latest_version());
        return -1;
    }
    *applied = 0;
    for (size_t i = 0; i < N_MIGRATIONS; i++) {
        if (migrations[i].version <= current)
            continue;
        int rc = apply(d, &migrations[i]);
        if (rc < 0) {
            snprintf(err, errlen, "migration %d failed: %s", migrations[i].version, d->err);
            return -1;
        }
        if (rc == 0) /* 1: another process applied it meanwhile */
            (*applied)++;
    }
    return 0;
}
