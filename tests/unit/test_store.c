/*
 * test_store.c — the SQLite store: migrations, agencies, the registry with
 * generated index numbers and Chinese full-text search, section 二 counts,
 * yearly figures, and the audit log of every change.
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

#include "ogi/store.h"
#include "store_fixture.h"

static int setup(void **state)
{
    ogi_store *s = test_store_open("store");
    char err[256];
    int applied = -1;
    assert_int_equal(ogi_store_migrate(s, &applied, err, sizeof err), 0);
    assert_int_equal(applied, ogi_store_latest_schema_version());
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    test_store_close(*state);
    return 0;
}

static int64_t add_agency(ogi_store *s, const char *name, ogi_agency_kind kind, int64_t parent)
{
    ogi_agency a = {.name = (char *)name, .kind = kind, .parent_id = parent,
                    .index_prefix = (char *)"11350582"};
    assert_int_equal(ogi_store_agency_add(s, &a, "tester"), 0);
    assert_true(a.id > 0);
    return a.id;
}

static void test_migrate_is_idempotent(void **state)
{
    ogi_store *s = *state;
    char err[256];
    int applied = -1;
    assert_int_equal(ogi_store_migrate(s, &applied, err, sizeof err), 0);
    assert_int_equal(applied, 0);
    assert_int_equal(ogi_store_schema_version(s), ogi_store_latest_schema_version());
}

static void test_agency_add_find_alias(void **state)
{
    ogi_store *s = *state;
    int64_t city = add_agency(s, "晋江市人民政府", OGI_KIND_GOVERNMENT, 0);
    int64_t town = add_agency(s, "晋江市龙湖镇人民政府", OGI_KIND_TOWNSHIP, city);
    ogi_agency found = {0};
    assert_int_equal(ogi_store_agency_find(s, "晋江市龙湖镇人民政府", &found), 1);
    assert_int_equal(found.id, town);
    assert_int_equal(found.parent_id, city);
    assert_int_equal(found.kind, OGI_KIND_TOWNSHIP);
    ogi_agency_free(&found);
    assert_int_equal(ogi_store_agency_alias_add(s, town, "龙湖镇", "tester"), 0);
    assert_int_equal(ogi_store_agency_find(s, "龙湖镇", &found), 1);
    assert_int_equal(found.id, town);
    ogi_agency_free(&found);
    assert_int_equal(ogi_store_agency_find(s, "不存在的机关", &found), 0);
    /* A duplicate name is refused with a message naming it. */
    ogi_agency dup = {.name = (char *)"晋江市人民政府", .kind = OGI_KIND_GOVERNMENT};
    assert_int_equal(ogi_store_agency_add(s, &dup, "tester"), -1);
    assert_non_null(strstr(ogi_store_error(s), "晋江市人民政府"));
    /* An unknown kind is refused before touching the database. */
    ogi_agency bad = {.name = (char *)"某局", .kind = OGI_KIND_UNKNOWN};
    assert_int_equal(ogi_store_agency_add(s, &bad, "tester"), -1);
}

static int64_t add_item(ogi_store *s, int64_t agency, const char *title, const char *kind,
                        const char *formed, const char *published, char **index_out)
{
    ogi_item it = {.agency_id = agency, .title = (char *)title, .category = (char *)"art20_01",
                   .kind = (char *)kind, .formed_date = (char *)formed,
                   .published_date = (char *)published,
                   .status = (char *)(published ? "published" : "draft"),
                   .body = (char *)"为进一步做好住房保障和教育资助工作，现将有关事项通知如下。"};
    assert_int_equal(ogi_store_item_add(s, &it, "tester"), 0);
    if (index_out)
        *index_out = it.index_no;
    else
        free(it.index_no);
    return it.id;
}

static void test_item_index_numbers(void **state)
{
    ogi_store *s = *state;
    int64_t a = add_agency(s, "某市教育局", OGI_KIND_DEPARTMENT, 0);
    char *i1, *i2, *i3;
    add_item(s, a, "关于做好2024年学生资助工作的通知", "normative", "2024-03-01", "2024-03-05", &i1);
    add_item(s, a, "关于印发住房补贴办法的通知", "normative", "2024-05-01", "2024-05-09", &i2);
    add_item(s, a, "2023年工作总结", "other", "2023-12-01", "2023-12-05", &i3);
    assert_string_equal(i1, "11350582-2024-00001");
    assert_string_equal(i2, "11350582-2024-00002");
    assert_string_equal(i3, "11350582-2023-00001");
    free(i1);
    free(i2);
    free(i3);
}

static size_t search_count(ogi_store *s, const char *q)
{
    ogi_item_filter f = {.query = q, .limit = 50};
    ogi_item *items;
    size_t n, total;
    assert_int_equal(ogi_store_item_search(s, &f, &items, &n, &total), 0);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
    return total;
}

static void test_item_fulltext_chinese(void **state)
{
    ogi_store *s = *state;
    int64_t a = add_agency(s, "某区住房和城乡建设局", OGI_KIND_DEPARTMENT, 0);
    add_item(s, a, "关于公布保障性住房轮候名单的公告", "other", "2024-02-01", "2024-02-02", NULL);
    add_item(s, a, "义务教育阶段招生工作方案", "normative", "2024-04-01", "2024-04-03", NULL);
    add_item(s, a, "区政府常务会议纪要", "other", "2024-06-01", "2024-06-02", NULL);
    assert_int_equal(search_count(s, "住房"), 3);       /* every body mentions 住房 */
    assert_int_equal(search_count(s, "教育"), 3);
    assert_int_equal(search_count(s, "轮候"), 1);       /* a two-character word in one title */
    assert_int_equal(search_count(s, "招生"), 1);
    assert_int_equal(search_count(s, "保障性住房"), 1); /* a longer phrase as a substring */
    assert_int_equal(search_count(s, "住房 轮候"), 1);  /* words are AND-ed */
    assert_int_equal(search_count(s, "纪要"), 1);
    assert_int_equal(search_count(s, "要"), 1);         /* one character, at the end of a run */
    assert_int_equal(search_count(s, "高铁"), 0);
    assert_int_equal(search_count(s, "，。"), 0);       /* punctuation only: no terms, no error */
    assert_int_equal(search_count(s, "\"住房"), 3);      /* quotes in a query are not FTS syntax */
}

static void test_item_counts_and_steps(void **state)
{
    ogi_store *s = *state;
    int64_t a = add_agency(s, "某县人民政府办公室", OGI_KIND_DEPARTMENT, 0);
    int64_t old = add_item(s, a, "旧文件", "normative", "2022-05-01", "2022-05-03", NULL);
    add_item(s, a, "新文件一", "normative", "2024-01-10", "2024-01-12", NULL);
    add_item(s, a, "新文件二", "normative", "2024-07-10", "2024-07-12", NULL);
    add_item(s, a, "草稿", "normative", "2024-08-10", NULL, NULL); /* never published */
    assert_int_equal(ogi_store_item_step(s, old, "repealed", "2024-09-01", "tester", "废止"), 0);
    int64_t issued, repealed, in_force;
    assert_int_equal(ogi_store_item_counts(s, a, "normative", 2024, &issued, &repealed, &in_force), 0);
    assert_int_equal(issued, 2);
    assert_int_equal(repealed, 1);
    assert_int_equal(in_force, 2);
    assert_int_equal(ogi_store_item_counts(s, a, "normative", 2023, &issued, &repealed, &in_force), 0);
    assert_int_equal(issued, 0);
    assert_int_equal(repealed, 0);
    assert_int_equal(in_force, 1);
    ogi_item it;
    assert_int_equal(ogi_store_item_get(s, old, &it), 1);
    assert_string_equal(it.status, "repealed");
    assert_string_equal(it.repealed_date, "2024-09-01");
    ogi_item_free(&it);
}

static void test_figures(void **state)
{
    ogi_store *s = *state;
    int64_t a = add_agency(s, "某市市场监督管理局", OGI_KIND_DEPARTMENT, 0);
    assert_int_equal(ogi_store_figure_set(s, a, 2024, "s2_penalty_decisions", 321, 0, "t"), 0);
    assert_int_equal(ogi_store_figure_set(s, a, 2024, "s2_fee_amount_wan", 1887214474, 6, "t"), 0);
    assert_int_equal(ogi_store_figure_set(s, a, 2024, "s2_penalty_decisions", 322, 0, "t"), 0);
    int64_t v;
    int dec;
    assert_int_equal(ogi_store_figure_get(s, a, 2024, "s2_penalty_decisions", &v, &dec), 1);
    assert_int_equal(v, 322);
    assert_int_equal(ogi_store_figure_get(s, a, 2024, "s2_fee_amount_wan", &v, &dec), 1);
    assert_int_equal(v, 1887214474);
    assert_int_equal(dec, 6);
    assert_int_equal(ogi_store_figure_get(s, a, 2023, "s2_penalty_decisions", &v, &dec), 0);
    assert_int_equal(ogi_store_figure_set(s, a, 2024, "s2_no_such_cell", 1, 0, "t"), -1);
    assert_non_null(strstr(ogi_store_error(s), "s2_no_such_cell"));
}

static void test_audit_log_records_changes(void **state)
{
    ogi_store *s = *state;
    int64_t a = add_agency(s, "审计测试局", OGI_KIND_DEPARTMENT, 0);
    int64_t item = add_item(s, a, "审计测试文件", "other", "2024-01-01", NULL, NULL);
    assert_int_equal(ogi_store_item_step(s, item, "secrecy_review", NULL, "reviewer", ""), 0);
    ogi_audit_entry *e;
    size_t n;
    assert_int_equal(ogi_store_audit_list(s, 0, 3, &e, &n), 0);
    assert_int_equal(n, 3);
    assert_string_equal(e[0].action, "secrecy_review");
    assert_string_equal(e[0].actor, "reviewer");
    assert_int_equal(e[0].entity_id, item);
    assert_non_null(strstr(e[0].before_json, "\"draft\""));
    assert_non_null(strstr(e[0].after_json, "\"secrecy_review\""));
    assert_string_equal(e[1].entity, "item");
    assert_string_equal(e[2].entity, "agency");
    for (size_t i = 0; i < n; i++)
        ogi_audit_entry_free(&e[i]);
    free(e);
}

/* On PostgreSQL a failed statement aborts the whole transaction; the store
 * must roll back so that the handle stays usable. */
static void test_usable_after_error(void **state)
{
    ogi_store *s = *state;
    add_agency(s, "某市财政局", OGI_KIND_DEPARTMENT, 0);
    ogi_agency dup = {.name = (char *)"某市财政局", .kind = OGI_KIND_DEPARTMENT};
    assert_int_equal(ogi_store_agency_add(s, &dup, "tester"), -1);
    assert_int_equal(ogi_store_begin(s), 0);
    assert_int_equal(ogi_store_agency_add(s, &dup, "tester"), -1); /* inside a transaction */
    int64_t kept = add_agency(s, "某市审计局", OGI_KIND_DEPARTMENT, 0);
    assert_int_equal(ogi_store_commit(s), 0);
    ogi_agency found = {0};
    assert_int_equal(ogi_store_agency_get(s, kept, &found), 1);
    assert_string_equal(found.name, "某市审计局");
    ogi_agency_free(&found);
}

/* A handle closed inside a transaction loses that transaction, and the next
 * handle (on PostgreSQL: the same pooled connection) starts clean. */
static void test_second_handle_and_abandoned_transaction(void **state)
{
    ogi_store *s = *state;
    char uri[2200], err[512];
    snprintf(uri, sizeof uri, "%s%s", test_store_uri(),
             test_store_on_postgres() ? "&pool_size=1" : "");
    ogi_store *other = ogi_store_open(uri, err, sizeof err);
    assert_non_null(other);
    int64_t a = add_agency(other, "某市统计局", OGI_KIND_DEPARTMENT, 0);
    assert_int_equal(ogi_store_begin(other), 0);
    add_agency(other, "未提交的机关", OGI_KIND_DEPARTMENT, 0);
    ogi_store_close(other); /* without commit */
    ogi_agency found = {0};
    assert_int_equal(ogi_store_agency_get(s, a, &found), 1); /* committed: visible */
    ogi_agency_free(&found);
    assert_int_equal(ogi_store_agency_find(s, "未提交的机关", &found), 0);
    other = ogi_store_open(uri, err, sizeof err);
    assert_non_null(other);
    add_agency(other, "未提交的机关", OGI_KIND_DEPARTMENT, 0); /* not in a transaction now */
    ogi_store_close(other);
    assert_int_equal(ogi_store_agency_find(s, "未提交的机关", &found), 1);
    ogi_agency_free(&found);
}

/* Drafts have no publication date; they come after every published item
 * (newest first) on both backends. */
static void test_search_order_puts_drafts_last(void **state)
{
    ogi_store *s = *state;
    int64_t a = add_agency(s, "某镇人民政府", OGI_KIND_TOWNSHIP, 0);
    int64_t draft = add_item(s, a, "草稿", "other", "2024-09-01", NULL, NULL);
    int64_t older = add_item(s, a, "旧公告", "other", "2024-01-01", "2024-01-02", NULL);
    int64_t newer = add_item(s, a, "新公告", "other", "2024-05-01", "2024-05-02", NULL);
    ogi_item_filter f = {.agency_id = a, .limit = 10};
    ogi_item *items;
    size_t n, total;
    assert_int_equal(ogi_store_item_search(s, &f, &items, &n, &total), 0);
    assert_int_equal(n, 3);
    assert_int_equal(total, 3);
    assert_int_equal(items[0].id, newer);
    assert_int_equal(items[1].id, older);
    assert_int_equal(items[2].id, draft);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
}

/* Several threads, each opening and closing its own handles (as the web
 * server's workers do), share the connection pool; every write lands. */
enum { WORKERS = 4, ROUNDS = 10 };

static void *worker(void *arg)
{
    int w = (int)(intptr_t)arg;
    for (int r = 0; r < ROUNDS; r++) {
        char err[512], name[64];
        ogi_store *s = ogi_store_open(test_store_uri(), err, sizeof err);
        if (!s)
            return (void *)1;
        snprintf(name, sizeof name, "并发测试机关%d-%d", w, r);
        ogi_agency a = {.name = name, .kind = OGI_KIND_OTHER};
        int rc = ogi_store_agency_add(s, &a, "tester");
        ogi_store_close(s);
        if (rc)
            return (void *)1;
    }
    return NULL;
}

static void test_handles_in_threads(void **state)
{
    ogi_store *s = *state;
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i), 0);
    for (int i = 0; i < WORKERS; i++) {
        void *failed = NULL;
        pthread_join(t[i], &failed);
        assert_null(failed);
    }
    ogi_agency *all;
    size_t n;
    assert_int_equal(ogi_store_agency_list(s, &all, &n), 0);
    assert_int_equal(n, WORKERS * ROUNDS);
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&all[i]);
    free(all);
}

static int setup_empty(void **state)
{
    *state = test_store_open("store");
    return 0;
}

static void *migrator(void *arg)
{
    char err[512];
    ogi_store *s = ogi_store_open(test_store_uri(), err, sizeof err);
    if (!s)
        return NULL;
    int applied = 0;
    int rc = ogi_store_migrate(s, &applied, err, sizeof err);
    ogi_store_close(s);
    *(int *)arg = rc == 0 ? applied : -1;
    return NULL;
}

/* Servers starting together on an empty database all migrate it: each
 * migration runs exactly once and none of them fails. */
static void test_concurrent_migrate(void **state)
{
    ogi_store *s = *state;
    pthread_t t[WORKERS];
    int applied[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        applied[i] = -1;
        assert_int_equal(pthread_create(&t[i], NULL, migrator, &applied[i]), 0);
    }
    int sum = 0;
    for (int i = 0; i < WORKERS; i++) {
        pthread_join(t[i], NULL);
        assert_true(applied[i] >= 0);
        sum += applied[i];
    }
    assert_int_equal(sum, ogi_store_latest_schema_version());
    assert_int_equal(ogi_store_schema_version(s), ogi_store_latest_schema_version());
}

static void test_open_errors(void **state)
{
    (void)state;
    char err[256];
    assert_null(ogi_store_open("/nonexistent-dir/x.db", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent-dir/x.db"));
    assert_null(ogi_store_open("", err, sizeof err));
    /* An unreachable PostgreSQL server: a clear message, the password masked. */
    assert_null(ogi_store_open("postgresql://ogi:secret@/ogi?host=/nonexistent-ogi-dir", err,
                               sizeof err));
    assert_non_null(strstr(err, "cannot connect to PostgreSQL"));
    assert_non_null(strstr(err, "postgresql://ogi:***@/ogi?host=/nonexistent-ogi-dir"));
    assert_null(strstr(err, "secret"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agency_add_find_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_item_index_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_item_fulltext_chinese, setup, teardown),
        cmocka_unit_test_setup_teardown(test_item_counts_and_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_log_records_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usable_after_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_handle_and_abandoned_transaction, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_search_order_puts_drafts_last, setup, teardown),
        cmocka_unit_test_setup_teardown(test_handles_in_threads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_migrate, setup_empty, teardown),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
