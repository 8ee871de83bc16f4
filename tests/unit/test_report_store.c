/*
 * test_report_store.c — published annual reports: versions per agency and
 * year, the supersede chain, "latest only" listing, immutability enforced
 * by the database itself, and the narrative drafts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/store.h"
#include "store/store_internal.h" /* raw SQL, only to prove the database refuses changes */
#include "store_fixture.h"

static int64_t add_agency(ogi_store *s, const char *name)
{
    ogi_agency a = {.name = (char *)name, .kind = OGI_KIND_DEPARTMENT,
                    .index_prefix = (char *)"T"};
    assert_int_equal(ogi_store_agency_add(s, &a, "test"), 0);
    return a.id;
}

static ogi_store *fresh(void)
{
    ogi_store *s = test_store_open("report_store");
    char err[512];
    assert_int_equal(ogi_store_migrate(s, NULL, err, sizeof err), 0);
    return s;
}

static void publish(ogi_store *s, int64_t agency, int year, const char *json,
                    ogi_published_report *out)
{
    assert_int_equal(ogi_store_report_publish(s, agency, year, json, "[]", "tester",
                                              "{\"override\":false}", out),
                     0);
}

static void test_versions_and_chain(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t a = add_agency(s, "甲局"), b = add_agency(s, "乙局");
    ogi_published_report v1, v2, v3, other;
    publish(s, a, 2023, "{\"year\":2023,\"v\":1}", &v1);
    publish(s, a, 2023, "{\"year\":2023,\"v\":2}", &v2);
    publish(s, b, 2023, "{\"year\":2023}", &other);
    publish(s, a, 2023, "{\"year\":2023,\"v\":3}", &v3);
    assert_int_equal(v1.version, 1);
    assert_int_equal(v2.version, 2);
    assert_int_equal(v3.version, 3);
    assert_int_equal(other.version, 1); /* versions count per agency-year */
    assert_int_equal(v1.supersedes_id, 0);
    assert_int_equal(v2.supersedes_id, v1.id);
    assert_int_equal(v3.supersedes_id, v2.id);
    assert_int_equal(v3.superseded_by, 0);
    assert_string_equal(v3.published_by, "tester");

    ogi_published_report g;
    assert_int_equal(ogi_store_report_get(s, v1.id, &g), 1);
    assert_int_equal(g.superseded_by, v2.id);
    assert_string_equal(g.report_json, "{\"year\":2023,\"v\":1}");
    ogi_published_report_free(&g);
    assert_int_equal(ogi_store_report_get(s, 999999, &g), 0);

    ogi_published_report *list;
    size_t n, total;
    ogi_report_filter latest = {.latest_only = true};
    assert_int_equal(ogi_store_report_list(s, &latest, &list, &n, &total), 0);
    assert_int_equal(total, 2);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(list[i].superseded_by, 0);
        assert_true(list[i].id == v3.id || list[i].id == other.id);
        ogi_published_report_free(&list[i]);
    }
    free(list);

    ogi_report_filter history = {.agency_id = a, .year = 2023, .limit = 2, .offset = 1};
    assert_int_equal(ogi_store_report_list(s, &history, &list, &n, &total), 0);
    assert_int_equal(total, 3);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].version, 2); /* newest first, one skipped */
    assert_int_equal(list[1].version, 1);
    for (size_t i = 0; i < n; i++)
        ogi_published_report_free(&list[i]);
    free(list);

    ogi_published_report_free(&v1);
    ogi_published_report_free(&v2);
    ogi_published_report_free(&v3);
    ogi_published_report_free(&other);
    test_store_close(s);
}

static void test_immutable(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t a = add_agency(s, "甲局");
    ogi_published_report v1;
    publish(s, a, 2024, "{\"year\":2024}", &v1);
    /* Whatever code tries, the database refuses to change or remove it. */
    assert_true(db_run(s->db, "UPDATE published_reports SET report_json = '{}' WHERE id = $1",
                       "i", v1.id) < 0);
    assert_true(db_run(s->db, "DELETE FROM published_reports WHERE id = $1", "i", v1.id) < 0);
    ogi_published_report g;
    assert_int_equal(ogi_store_report_get(s, v1.id, &g), 1);
    assert_string_equal(g.report_json, "{\"year\":2024}");
    ogi_published_report_free(&g);
    /* The publication is in the audit log with its note. */
    ogi_audit_entry *e;
    size_t n;
    assert_int_equal(ogi_store_audit_list(s, 0, 5, &e, &n), 0);
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(e[i].action, "publish") && e[i].entity_id == v1.id)
            seen = strstr(e[i].after_json, "\"override\":false") != NULL;
        ogi_audit_entry_free(&e[i]);
    }
    free(e);
    assert_true(seen);
    assert_int_equal(ogi_store_report_publish(s, a, 2024, "", "[]", "t", NULL, NULL), -1);
    ogi_published_report_free(&v1);
    test_store_close(s);
}

static void test_drafts(void **state)
{
    (void)state;
    ogi_store *s = fresh();
    int64_t a = add_agency(s, "甲局");
    char *text;
    size_t audited, audited_after;
    assert_int_equal(ogi_store_audit_count(s, &audited), 0);
    assert_int_equal(ogi_store_report_draft_get(s, a, 2024, &text), 0);
    assert_null(text);
    assert_int_equal(ogi_store_report_draft_set(s, a, 2024, "{\"s1\":\"总体情况\"}", "t"), 0);
    assert_int_equal(ogi_store_audit_count(s, &audited_after), 0);
    assert_int_equal(audited_after, audited + 1); /* every draft save is audited */
    assert_int_equal(ogi_store_report_draft_set(s, a, 2024, "{\"s1\":\"改后\"}", "t"), 0);
    assert_int_equal(ogi_store_report_draft_get(s, a, 2024, &text), 1);
    assert_string_equal(text, "{\"s1\":\"改后\"}");
    free(text);
    assert_int_equal(ogi_store_report_draft_get(s, a, 2023, &text), 0);
    assert_int_equal(ogi_store_report_draft_set(s, a, 2024, "[1]", "t"), -1);
    assert_int_equal(ogi_store_report_draft_set(s, a, 2024, "not json", "t"), -1);
    test_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions_and_chain),
        cmocka_unit_test(test_immutable),
        cmocka_unit_test(test_drafts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
