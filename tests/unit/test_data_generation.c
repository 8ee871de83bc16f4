/*
 * test_data_generation.c — the data version the store's result cache is
 * valid for (db.h data_version): it moves when data is written, by this
 * handle or another, and only then; on PostgreSQL every table a cached
 * query may read bumps it (schema.c migration 7), per-request bookkeeping
 * does not, and a transaction's own uncommitted writes are never cached.
 * Also the PostgreSQL connection pool: handles share pool_size
 * connections, and a transaction keeps its connection until it ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/store_internal.h"
#include "store_fixture.h"

static ogi_store *store, *other;
static int64_t agency;

static int setup(void **state)
{
    (void)state;
    char err[512];
    store = test_store_open("data_generation");
    assert_int_equal(ogi_store_migrate(store, NULL, err, sizeof err), 0);
    other = ogi_store_open(test_store_uri(), err, sizeof err);
    assert_non_null(other);
    ogi_agency a = {.name = (char *)"版本测试局", .kind = OGI_KIND_DEPARTMENT,
                    .index_prefix = (char *)"BB"};
    assert_int_equal(ogi_store_agency_add(store, &a, "t"), 0);
    agency = a.id;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ogi_store_close(other);
    test_store_close(store);
    return 0;
}

static int64_t version(ogi_store *s)
{
    assert_non_null(s->db->data_version);
    int64_t v = s->db->data_version(s->db);
    assert_true(v >= 0);
    return v;
}

static void add_item(ogi_store *s, const char *title)
{
    ogi_item it = {.agency_id = agency, .title = (char *)title, .category = (char *)"art20_01",
                   .kind = (char *)"other", .formed_date = (char *)"2024-03-01",
                   .status = (char *)"draft", .body = (char *)"正文"};
    assert_int_equal(ogi_store_item_add(s, &it, "t"), 0);
    free(it.index_no);
}

static void test_moves_with_writes_only(void **state)
{
    (void)state;
    int64_t v0 = version(store);
    assert_int_equal(version(store), v0); /* nothing written: the same */
    add_item(other, "另一个句柄写的");
    int64_t v1 = version(store);
    assert_true(v1 != v0);
    assert_int_equal(version(store), v1);
    add_item(store, "本句柄写的");
    assert_true(version(store) != v1);
}

/* Sessions and the audit log are written on ordinary requests; moving the
 * version with them would empty every server's cache for nothing. */
static void test_bookkeeping_does_not_move_it(void **state)
{
    (void)state;
    if (!test_store_on_postgres())
        skip(); /* SQLite's data_version moves with any commit, by design */
    int64_t v0 = version(store);
    assert_int_equal(ogi_store_audit(other, "t", "test", "agency", agency, NULL, "{}"), 0);
    assert_int_equal(version(store), v0);
}

/* Inside a transaction the handle sees its own uncommitted writes, which
 * must never land in the cache. */
static void test_no_version_inside_a_transaction(void **state)
{
    (void)state;
    if (!test_store_on_postgres())
        skip(); /* SQLite counts its own writes into the version instead */
    assert_int_equal(ogi_store_begin(store), 0);
    add_item(store, "事务中的");
    assert_int_equal(store->db->data_version(store->db), -1);
    ogi_store_rollback(store);
    assert_true(store->db->data_version(store->db) >= 0);
}

/* Every table of the schema moves the version exactly when schema.c says
 * it is versioned: a table added without its trigger fails here. */
static void test_every_versioned_table_has_the_trigger(void **state)
{
    (void)state;
    if (!test_store_on_postgres())
        skip(); /* the trigger is PostgreSQL's; SQLite needs none */
    db_stmt *st = db_prepare(
        store->db, "SELECT t.tablename, EXISTS (SELECT 1 FROM pg_trigger g"
                   " WHERE g.tgrelid = (quote_ident(t.schemaname) || '.' ||"
                   " quote_ident(t.tablename))::regclass"
                   " AND g.tgname = t.tablename || '_data_generation')"
                   " FROM pg_tables t WHERE t.schemaname = current_schema()"
                   " ORDER BY t.tablename");
    assert_non_null(st);
    int rc, tables = 0;
    while ((rc = db_step(st)) == 1) {
        const char *table = db_col_text(st, 0);
        bool watched = db_col_int(st, 1) != 0;
        if (watched != schema_table_versioned(table))
            fail_msg("table %s: trigger %s, schema.c says %s", table,
                     watched ? "present" : "missing",
                     schema_table_versioned(table) ? "versioned" : "unversioned");
        tables++;
    }
    db_finalize(st);
    assert_int_equal(rc, 0);
    assert_true(tables > 10);
}

/* ---- the pool ---- */

typedef struct {
    char uri[2200];
    int64_t seen; /* agencies named 池测试 the reader counted */
    int rc;
} reader_arg;

static void *count_in_other_handle(void *p)
{
    reader_arg *a = p;
    char err[512];
    ogi_store *s = ogi_store_open(a->uri, err, sizeof err);
    a->rc = s ? db_query_int(s->db, &a->seen,
                             "SELECT COUNT(*) FROM agencies WHERE name = '池测试'", NULL)
              : -1;
    ogi_store_close(s);
    return NULL;
}

/* With one connection, a second handle's statement waits for the first
 * handle's transaction to end, so it sees that transaction's write: it
 * cannot have run beside it on a connection of its own. */
static void test_pool_of_one_lends_its_connection_in_turn(void **state)
{
    (void)state;
    if (!test_store_on_postgres())
        skip(); /* SQLite has no pool */
    reader_arg a = {.rc = -2};
    snprintf(a.uri, sizeof a.uri, "%s&pool_size=1", test_store_uri());
    char err[512];
    ogi_store *writer = ogi_store_open(a.uri, err, sizeof err);
    assert_non_null(writer);
    assert_int_equal(ogi_store_begin(writer), 0);
    ogi_agency ag = {.name = (char *)"池测试", .kind = OGI_KIND_OTHER};
    assert_int_equal(ogi_store_agency_add(writer, &ag, "t"), 0);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, count_in_other_handle, &a), 0);
    usleep(200 * 1000); /* let the reader reach the pool (not needed to pass) */
    assert_int_equal(ogi_store_commit(writer), 0);
    pthread_join(th, NULL);
    assert_int_equal(a.rc, 1);
    assert_int_equal(a.seen, 1);
    /* Handles hold no connection between statements: both work in turn. */
    int64_t n = 0;
    assert_int_equal(db_query_int(writer->db, &n, "SELECT COUNT(*) FROM agencies", NULL), 1);
    assert_int_equal(db_query_int(store->db, &n, "SELECT COUNT(*) FROM agencies", NULL), 1);
    ogi_store_close(writer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_moves_with_writes_only),
        cmocka_unit_test(test_bookkeeping_does_not_move_it),
        cmocka_unit_test(test_no_version_inside_a_transaction),
        cmocka_unit_test(test_every_versioned_table_has_the_trigger),
        cmocka_unit_test(test_pool_of_one_lends_its_connection_in_turn),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
