/*
 * test_store_cache.c — the store's per-connection caches never show stale
 * data: registry search results (count and page) follow writes made
 * through the same handle and through another handle on the same database,
 * and a page is the same whether served from a cache or computed; the
 * rows a page shows (kept per thread) follow edits made elsewhere; what a
 * rolled-back transaction read is never served afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store_fixture.h"

static ogi_store *store, *other;
static int64_t agency;

static int setup(void **state)
{
    (void)state;
    char err[512];
    store = test_store_open("store_cache");
    assert_int_equal(ogi_store_migrate(store, NULL, err, sizeof err), 0);
    other = ogi_store_open(test_store_uri(), err, sizeof err);
    assert_non_null(other);
    ogi_agency a = {.name = (char *)"缓存测试局", .kind = OGI_KIND_DEPARTMENT,
                    .index_prefix = (char *)"HC"};
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

static int64_t add(ogi_store *s, const char *title, const char *status, const char *published)
{
    ogi_item it = {.agency_id = agency, .title = (char *)title, .category = (char *)"art20_01",
                   .kind = (char *)"other", .formed_date = (char *)"2024-03-01",
                   .published_date = (char *)published, .status = (char *)status,
                   .body = (char *)"关于社区教育的通知"};
    assert_int_equal(ogi_store_item_add(s, &it, "t"), 0);
    free(it.index_no);
    return it.id;
}

/* The public search: total and the ids of the first page (up to 8). */
static size_t search(ogi_store *s, const char *query, int64_t ids[8], size_t *n)
{
    ogi_item_filter f = {.query = query, .status = "published", .limit = 8};
    ogi_item *items;
    size_t total = 0;
    assert_int_equal(ogi_store_item_search(s, &f, &items, n, &total), 0);
    for (size_t i = 0; i < *n; i++) {
        ids[i] = items[i].id;
        assert_string_equal(items[i].status, "published");
        ogi_item_free(&items[i]);
    }
    free(items);
    return total;
}

static void test_own_and_other_writes_are_seen(void **state)
{
    (void)state;
    int64_t ids[8];
    size_t n;
    add(store, "第一份通知", "published", "2024-03-05");
    assert_int_equal(search(store, NULL, ids, &n), 1);
    assert_int_equal(search(store, NULL, ids, &n), 1); /* now from the cache */
    int64_t mine = add(store, "第二份通知", "published", "2024-03-09");
    assert_int_equal(search(store, NULL, ids, &n), 2);
    assert_int_equal(ids[0], mine); /* newest first */
    int64_t theirs = add(other, "第三份通知", "published", "2024-03-20");
    assert_int_equal(search(store, NULL, ids, &n), 3);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], theirs);
    add(other, "草稿", "draft", NULL); /* not public: same answer */
    assert_int_equal(search(store, NULL, ids, &n), 3);
}

static void test_status_change_leaves_the_public_page(void **state)
{
    (void)state;
    int64_t ids[8];
    size_t n;
    size_t before = search(store, "通知", ids, &n);
    assert_true(before >= 1);
    int64_t gone = ids[0];
    assert_int_equal(ogi_store_item_step(other, gone, "repealed", "2024-06-01", "t", ""), 0);
    assert_int_equal(search(store, "通知", ids, &n), before - 1);
    for (size_t i = 0; i < n; i++)
        assert_true(ids[i] != gone);
}

static void test_different_filters_do_not_share_results(void **state)
{
    (void)state;
    int64_t a[8], b[8];
    size_t na, nb;
    add(store, "住房保障公告", "published", "2024-04-01");
    assert_int_equal(search(store, "住房", a, &na), 1);
    assert_int_equal(search(store, "保障", b, &nb), 1);
    assert_int_equal(search(store, "教育局", b, &nb), 0); /* no item has it as a substring */
    assert_int_equal(nb, 0);
    assert_int_equal(search(store, "住房", b, &nb), 1);
    assert_int_equal(a[0], b[0]);
}


/* The first page's first row as the public search shows it: its title. */
static char *first_title(ogi_store *s, const char *query)
{
    ogi_item_filter f = {.query = query, .status = "published", .limit = 8};
    ogi_item *items;
    size_t n = 0, total = 0;
    assert_int_equal(ogi_store_item_search(s, &f, &items, &n, &total), 0);
    assert_true(n >= 1);
    char *title = strdup(items[0].title);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
    return title;
}

static void test_edit_elsewhere_shows_on_the_next_page(void **state)
{
    (void)state;
    int64_t id = add(store, "编辑前的标题", "published", "2025-01-10"); /* newest */
    char *t = first_title(store, NULL);
    assert_string_equal(t, "编辑前的标题");
    free(t);
    t = first_title(store, NULL); /* from the caches */
    assert_string_equal(t, "编辑前的标题");
    free(t);
    ogi_item it;
    assert_int_equal(ogi_store_item_get(other, id, &it), 1);
    free(it.title);
    it.title = strdup("编辑后的标题");
    assert_int_equal(ogi_store_item_update(other, &it, "t"), 0);
    ogi_item_free(&it);
    t = first_title(store, NULL);
    assert_string_equal(t, "编辑后的标题");
    free(t);
    ogi_item got;
    assert_int_equal(ogi_store_item_get(store, id, &got), 1);
    assert_string_equal(got.title, "编辑后的标题");
    ogi_item_free(&got);
}

static void test_rolled_back_write_is_not_served(void **state)
{
    (void)state;
    int64_t ids[8];
    size_t n;
    size_t before = search(store, "回滚", ids, &n);
    assert_int_equal(ogi_store_begin(store), 0);
    add(store, "回滚公告", "published", "2025-02-01");
    assert_int_equal(search(store, "回滚", ids, &n), before + 1); /* visible inside */
    ogi_store_rollback(store);
    assert_int_equal(search(store, "回滚", ids, &n), before);
    assert_int_equal(search(other, "回滚", ids, &n), before);
}

/* The result cache under the store (db_query_int_cached), on its own SQLite
 * file: a count read inside a transaction that is then rolled back must not
 * be served afterwards (a rollback moves neither data_version nor
 * total_changes, so only not caching inside transactions keeps it out). */
static void test_cached_count_after_rollback(void **state)
{
    (void)state;
    char path[] = "/tmp/ogi-cache-rollback-XXXXXX", err[256];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    db *d = db_open_sqlite(path, err, sizeof err);
    assert_non_null(d);
    assert_int_equal(db_exec(d, "CREATE TABLE t(x INTEGER)"), 0);
    int64_t count = -1;
    assert_int_equal(db_query_int_cached(d, &count, "SELECT COUNT(*) FROM t", ""), 1); /* a row */
    assert_int_equal(count, 0);
    assert_int_equal(db_begin(d), 0);
    assert_int_equal(db_exec(d, "INSERT INTO t VALUES (1)"), 0);
    assert_int_equal(db_query_int_cached(d, &count, "SELECT COUNT(*) FROM t", ""), 1); /* a row */
    assert_int_equal(count, 1);
    db_rollback(d);
    assert_int_equal(db_query_int_cached(d, &count, "SELECT COUNT(*) FROM t", ""), 1); /* a row */
    assert_int_equal(count, 0);
    db_close(d);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_and_other_writes_are_seen),
        cmocka_unit_test(test_status_change_leaves_the_public_page),
        cmocka_unit_test(test_different_filters_do_not_share_results),
        cmocka_unit_test(test_edit_elsewhere_shows_on_the_next_page),
        cmocka_unit_test(test_rolled_back_write_is_not_served),
        cmocka_unit_test(test_cached_count_after_rollback),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
