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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/store.h"

static char path[64];

static int setup(void **state)
{
    snprintf(path, sizeof path, "/tmp/ogi-test-store-%d.db", (int)getpid());
    unlink(path);
    char err[256];
    ogi_store *s = ogi_store_open(path, err, sizeof err);
    assert_non_null(s);
    int applied = -1;
    assert_int_equal(ogi_store_migrate(s, &applied, err, sizeof err), 0);
    assert_int_equal(applied, ogi_store_latest_schema_version());
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    ogi_store_close(*state);
    char side[80];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
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

static void test_open_errors(void **state)
{
    (void)state;
    char err[256];
    assert_null(ogi_store_open("/nonexistent-dir/x.db", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent-dir/x.db"));
    assert_null(ogi_store_open("", err, sizeof err));
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
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
