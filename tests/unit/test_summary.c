/*
 * test_summary.c — regional summaries (汇总) over the agency hierarchy.
 *
 * A city with two counties, each with a department and a township; the
 * reports come from the corpus truth files (stored as corpus versions and as
 * a published report) and from the ledger.  Asserts: the subtree, the cell by
 * cell sums (computed here independently over the parts), blank never
 * counted as zero and named in the breakdown, money exact, agencies without
 * a report named under "missing", the source chosen per agency, v2019-only
 * keys kept apart, sum-of-parts equality, zero ERROR on the summary of clean
 * parts, and the Art. 49 compliance view.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/analysis.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "ogi/ledger.h"
#include "store_fixture.h"

#define YEAR 2023

typedef struct {
    ogi_store *s;
    int64_t city, county_a, dept_a, town_a, county_b, dept_b, town_b;
} world;

static ogi_report *truth(const char *stem)
{
    char path[1024], err[512];
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    snprintf(path, sizeof path, "%s/corpus/%s.truth.json", shared, stem);
    ogi_report *r = ogi_import_file(path, err, sizeof err);
    if (!r)
        fail_msg("%s", err);
    return r;
}

static int64_t add_agency(ogi_store *s, const char *name, ogi_agency_kind kind, int64_t parent)
{
    ogi_agency a = {.name = (char *)name, .kind = kind, .parent_id = parent,
                    .index_prefix = (char *)"T"};
    assert_int_equal(ogi_store_agency_add(s, &a, "test"), 0);
    return a.id;
}

static char *report_text(const ogi_report *r, char **findings)
{
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(r, &f);
    json_t *j = ogi_report_to_json(r, NULL), *fj = ogi_findings_to_json(&f);
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    *findings = json_dumps(fj, JSON_COMPACT);
    json_decref(j);
    json_decref(fj);
    ogi_findings_free(&f);
    return text;
}

/* Store r as an imported corpus version of the agency; returns its id. */
static int64_t store_corpus(ogi_store *s, int64_t agency, const ogi_report *r, const char *path)
{
    char *findings, *text = report_text(r, &findings), hash[OGI_CORPUS_HASH_HEX];
    ogi_corpus_hash(text, strlen(text), hash);
    ogi_corpus_report c = {.agency_id = agency, .year = r->year, .source_path = (char *)path,
                           .content_hash = hash, .report_json = text, .findings_json = findings};
    assert_int_equal(ogi_store_corpus_add(s, &c, "test"), 1);
    /* The same bytes again are an exact duplicate. */
    assert_int_equal(ogi_store_corpus_add(s, &c, "test"), 0);
    free(text);
    free(findings);
    return c.id;
}

static int64_t store_published(ogi_store *s, int64_t agency, const ogi_report *r)
{
    char *findings, *text = report_text(r, &findings);
    ogi_published_report p;
    assert_int_equal(ogi_store_report_publish(s, agency, r->year, text, findings, "test", NULL, &p),
                     0);
    int64_t id = p.id;
    ogi_published_report_free(&p);
    free(text);
    free(findings);
    return id;
}

static void set_money(ogi_report *r, const char *key, int64_t millionths, int decimals)
{
    int i = ogi_cell_index(key);
    assert_true(i >= 0);
    ogi_report_set_value(r, (size_t)i, millionths, decimals);
}

/* Ledger data for dept_b: every section 二 figure the office enters, and one
 * application received and granted in the year. */
static void ledger_data(ogi_store *s, int64_t agency)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (d->table->section == 2 && (d->formats & OGI_FMT_V2021) &&
            d->table->id != OGI_T_ART20_1_V2021)
            assert_int_equal(ogi_store_figure_set(s, agency, YEAR, d->key,
                                                  d->kind == OGI_VAL_MONEY ? 250000 : 3,
                                                  d->kind == OGI_VAL_MONEY ? 2 : 0, "test"),
                             0);
    }
}

static world build_world(void)
{
    world w = {.s = test_store_open("summary")};
    char err[512];
    assert_int_equal(ogi_store_migrate(w.s, NULL, err, sizeof err), 0);
    w.city = add_agency(w.s, "示范市人民政府", OGI_KIND_GOVERNMENT, 0);
    w.county_a = add_agency(w.s, "甲县人民政府", OGI_KIND_GOVERNMENT, w.city);
    w.dept_a = add_agency(w.s, "甲县教育局", OGI_KIND_DEPARTMENT, w.county_a);
    w.town_a = add_agency(w.s, "甲县一镇人民政府", OGI_KIND_TOWNSHIP, w.county_a);
    w.county_b = add_agency(w.s, "乙县人民政府", OGI_KIND_GOVERNMENT, w.city);
    w.dept_b = add_agency(w.s, "乙县公安局", OGI_KIND_DEPARTMENT, w.county_b);
    w.town_b = add_agency(w.s, "乙县二镇人民政府", OGI_KIND_TOWNSHIP, w.county_b);
    add_agency(w.s, "别市人民政府", OGI_KIND_GOVERNMENT, 0); /* outside the region */

    ogi_report *city = truth("real/023_pingtan_zonghe_shiyanqu_2023");
    ogi_report *county_a = truth("seeds/003_6b40ba81ff74e105");
    ogi_report *dept_a = truth("seeds/000_3a8e11d79e1ee84f");
    ogi_report *town_b = truth("seeds/000_3a8e11d79e1ee84f");
    set_money(dept_a, "s2_fee_amount_wan", 100000, 1);  /* 0.1 万元 */
    set_money(town_b, "s2_fee_amount_wan", 200000, 1);  /* 0.2 万元 */
    town_b->agency_kind = OGI_KIND_TOWNSHIP;
    store_corpus(w.s, w.city, city, "corpus/023.truth.json");
    store_corpus(w.s, w.county_a, county_a, "corpus/003.truth.json");
    store_published(w.s, w.dept_a, dept_a);
    store_corpus(w.s, w.town_b, town_b, "corpus/000-copy.json");
    ledger_data(w.s, w.dept_b);
    ogi_report_free(city);
    ogi_report_free(county_a);
    ogi_report_free(dept_a);
    ogi_report_free(town_b);
    return w;
}

static const ogi_summary_part *part_of(const ogi_summary *sm, int64_t agency)
{
    for (size_t i = 0; i < sm->n_parts; i++)
        if (sm->parts[i].agency.id == agency)
            return &sm->parts[i];
    return NULL;
}

static void test_subtree(void **state)
{
    (void)state;
    world w = build_world();
    ogi_agency *all;
    size_t n;
    assert_int_equal(ogi_store_agency_subtree(w.s, w.city, &all, &n), 0);
    assert_int_equal(n, 7); /* 别市 is not in it */
    assert_int_equal(all[0].id, w.city);
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&all[i]);
    free(all);
    assert_int_equal(ogi_store_agency_subtree(w.s, w.county_b, &all, &n), 0);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        assert_true(all[i].id == w.county_b || all[i].id == w.dept_b || all[i].id == w.town_b);
        ogi_agency_free(&all[i]);
    }
    free(all);
    test_store_close(w.s);
}

static void test_sources_and_missing(void **state)
{
    (void)state;
    world w = build_world();
    ogi_summary sm;
    char err[512];
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_AUTO, &sm, err, sizeof err),
                     0);
    assert_int_equal(sm.n_parts, 5);
    assert_int_equal(sm.n_missing, 2);
    const char *missing[2] = {sm.missing[0].name, sm.missing[1].name};
    assert_true((!strcmp(missing[0], "甲县一镇人民政府") && !strcmp(missing[1], "乙县人民政府")) ||
                (!strcmp(missing[1], "甲县一镇人民政府") && !strcmp(missing[0], "乙县人民政府")));
    assert_string_equal(part_of(&sm, w.city)->origin.kind, "corpus");
    assert_string_equal(part_of(&sm, w.city)->origin.path, "corpus/023.truth.json");
    assert_string_equal(part_of(&sm, w.dept_a)->origin.kind, "published");
    assert_string_equal(part_of(&sm, w.dept_b)->origin.kind, "ledger");
    ogi_summary_free(&sm);

    /* --source published: the ledger agency has nothing published → missing. */
    assert_int_equal(
        ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_PUBLISHED, &sm, err, sizeof err), 0);
    assert_int_equal(sm.n_parts, 4);
    assert_int_equal(sm.n_missing, 3);
    assert_null(part_of(&sm, w.dept_b));
    ogi_summary_free(&sm);
    /* --source ledger: only the ledger agency. */
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_LEDGER, &sm, err, sizeof err),
                     0);
    assert_int_equal(sm.n_parts, 1);
    assert_non_null(part_of(&sm, w.dept_b));
    ogi_summary_free(&sm);
    test_store_close(w.s);
}

static void test_cell_sums(void **state)
{
    (void)state;
    world w = build_world();
    ogi_summary sm;
    char err[512];
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_AUTO, &sm, err, sizeof err),
                     0);
    size_t checked = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        int64_t expected = 0;
        bool any_value = false, any_present = false;
        for (size_t k = 0; k < sm.n_parts; k++) {
            const ogi_cell *c = &sm.parts[k].report->cells[i];
            any_value |= c->state == OGI_CELL_VALUE;
            any_present |= c->state != OGI_CELL_ABSENT;
            expected += c->state == OGI_CELL_VALUE ? c->value : 0;
        }
        const ogi_cell *got = &sm.total->cells[i];
        if (any_value) {
            assert_int_equal(got->state, OGI_CELL_VALUE);
            assert_int_equal(got->value, expected);
            checked++;
        } else {
            assert_int_equal(got->state, any_present ? OGI_CELL_BLANK : OGI_CELL_ABSENT);
        }
    }
    assert_int_equal(checked, 200); /* every v2021 cell has a value somewhere */
    /* Known figures: 平潭 81 new applications, the seeds 0, the ledger none. */
    assert_int_equal(ogi_report_cell(sm.total, "s3_new_received__total")->value, 81);
    assert_int_equal(ogi_report_cell(sm.total, "s4_review_total")->value, 2);
    /* Money exact: 5949.088667 + 0.1 + 0.2 + 0.25 (ledger) = 5949.638667. */
    const ogi_cell *fee = ogi_report_cell(sm.total, "s2_fee_amount_wan");
    assert_int_equal(fee->value, 5949638667LL);
    char buf[OGI_VALUE_BUF];
    assert_string_equal(ogi_cell_value_text(ogi_cell_at((size_t)ogi_cell_index("s2_fee_amount_wan")),
                                            fee, buf),
                        "5949.638667");
    /* 湘乡 left the fee blank: summed without it, and named. */
    const ogi_summary_part *p = part_of(&sm, w.county_a);
    bool named = false;
    for (size_t i = 0; i < p->n_not_values; i++)
        named |= !strcmp(p->not_values[i], "s2_fee_amount_wan");
    assert_true(named);
    ogi_summary_free(&sm);
    test_store_close(w.s);
}

static void test_json_breakdown_and_missing(void **state)
{
    (void)state;
    world w = build_world();
    ogi_summary sm;
    char err[512];
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_AUTO, &sm, err, sizeof err),
                     0);
    json_t *j = ogi_summary_to_json(&sm, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "agency")), "示范市人民政府");
    json_t *bd = json_object_get(j, "breakdown"), *missing = json_object_get(j, "missing");
    assert_int_equal(json_array_size(bd), 5);
    assert_int_equal(json_array_size(missing), 2);
    size_t i;
    json_t *e;
    bool saw_published = false;
    json_array_foreach(bd, i, e)
    {
        assert_non_null(json_object_get(e, "cells"));
        const char *kind = json_string_value(json_object_get(json_object_get(e, "source"), "kind"));
        if (!strcmp(kind, "published")) {
            saw_published = true;
            assert_true(json_integer_value(json_object_get(json_object_get(e, "source"), "id")) > 0);
            assert_string_equal(json_string_value(json_object_get(e, "name")), "甲县教育局");
        }
    }
    assert_true(saw_published);
    /* The report part reads back as a report: the money prints as written. */
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    assert_non_null(strstr(text, "\"s2_fee_amount_wan\": 5949.638667"));
    ogi_report *back = ogi_report_from_json(j, err, sizeof err);
    assert_non_null(back);
    assert_true(ogi_report_cells_equal(back, sm.total, NULL));
    ogi_report_free(back);
    free(text);
    json_decref(j);
    ogi_summary_free(&sm);
    test_store_close(w.s);
}

static void test_sum_of_parts(void **state)
{
    (void)state;
    world w = build_world();
    ogi_summary city, a, b;
    char err[512];
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_AUTO, &city, err, sizeof err),
                     0);
    assert_int_equal(ogi_region_summary(w.s, w.county_a, YEAR, OGI_SOURCE_AUTO, &a, err, sizeof err),
                     0);
    assert_int_equal(ogi_region_summary(w.s, w.county_b, YEAR, OGI_SOURCE_AUTO, &b, err, sizeof err),
                     0);
    const ogi_report *parts[] = {part_of(&city, w.city)->report, a.total, b.total};
    ogi_report *again = ogi_report_sum(parts, 3, "示范市人民政府", YEAR, OGI_KIND_GOVERNMENT);
    const char *diff = NULL;
    assert_true(ogi_report_cells_equal(again, city.total, &diff));
    /* And it is not trivially so: leaving a county out changes the sum. */
    ogi_report *short_sum = ogi_report_sum(parts, 2, "x", YEAR, OGI_KIND_GOVERNMENT);
    assert_false(ogi_report_cells_equal(short_sum, city.total, &diff));
    assert_non_null(diff);
    ogi_report_free(short_sum);
    ogi_report_free(again);
    ogi_summary_free(&city);
    ogi_summary_free(&a);
    ogi_summary_free(&b);
    test_store_close(w.s);
}

static void test_clean_parts_clean_summary(void **state)
{
    (void)state;
    world w = build_world();
    ogi_summary sm;
    char err[512];
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_AUTO, &sm, err, sizeof err),
                     0);
    for (size_t i = 0; i < sm.n_parts; i++) {
        ogi_findings f;
        ogi_findings_init(&f);
        ogi_validate(sm.parts[i].report, &f);
        assert_int_equal(ogi_findings_count(&f, OGI_SEV_ERROR), 0);
        ogi_findings_free(&f);
    }
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(sm.total, &f);
    for (size_t i = 0; i < f.n; i++)
        if (f.items[i].severity == OGI_SEV_ERROR)
            print_message("unexpected %s: %s\n", f.items[i].rule, f.items[i].message_en);
    assert_int_equal(ogi_findings_count(&f, OGI_SEV_ERROR), 0);
    ogi_findings_free(&f);

    /* A part that breaks R3.3 (seed 001) breaks the summary too: the
     * identities are linear, so the summary never hides an error. */
    ogi_report *bad = truth("seeds/001_9300958d04d1753c");
    store_corpus(w.s, w.town_a, bad, "corpus/001.truth.json");
    ogi_report_free(bad);
    ogi_summary_free(&sm);
    assert_int_equal(ogi_region_summary(w.s, w.city, YEAR, OGI_SOURCE_AUTO, &sm, err, sizeof err),
                     0);
    ogi_findings_init(&f);
    ogi_validate(sm.total, &f);
    bool r33 = false;
    for (size_t i = 0; i < f.n; i++)
        r33 |= !strcmp(f.items[i].rule, "R3.3") && f.items[i].severity == OGI_SEV_ERROR;
    assert_true(r33);
    ogi_findings_free(&f);
    ogi_summary_free(&sm);
    test_store_close(w.s);
}

static void test_mixed_formats_stay_apart(void **state)
{
    (void)state;
    ogi_report *v21 = truth("seeds/000_3a8e11d79e1ee84f");
    ogi_report *mixed = truth("seeds/002_41ed45ffcc2fcd2e");
    const ogi_report *parts[] = {v21, mixed};
    ogi_report *sum = ogi_report_sum(parts, 2, "x", YEAR, OGI_KIND_GOVERNMENT);
    size_t v19_keys = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        const ogi_cell *a = &v21->cells[i], *b = &mixed->cells[i], *s = &sum->cells[i];
        if (d->formats == OGI_FMT_V2019 && b->state == OGI_CELL_VALUE) {
            /* v2019-only: only the mixed report has it, nothing is mapped in. */
            assert_int_equal(a->state, OGI_CELL_ABSENT);
            assert_int_equal(s->value, b->value);
            v19_keys++;
        }
        if (d->formats == OGI_FMT_V2021 && a->state == OGI_CELL_VALUE &&
            b->state == OGI_CELL_ABSENT)
            assert_int_equal(s->value, a->value);
    }
    assert_true(v19_keys > 10);
    /* A key both formats share is summed: 15098 licensing decisions + 枣阳's. */
    assert_int_equal(ogi_report_cell(sum, "s2_licensing_decisions")->value,
                     ogi_report_cell(v21, "s2_licensing_decisions")->value + 15098);
    ogi_report_free(sum);
    ogi_report_free(v21);
    ogi_report_free(mixed);
}

static void test_compliance(void **state)
{
    (void)state;
    world w = build_world();
    char d[11], err[512];
    assert_true(ogi_art49_deadline(OGI_KIND_DEPARTMENT, 2023, d));
    assert_string_equal(d, "2024-01-31");
    assert_true(ogi_art49_deadline(OGI_KIND_GOVERNMENT, 2023, d));
    assert_string_equal(d, "2024-03-31");
    assert_false(ogi_art49_deadline(OGI_KIND_TOWNSHIP, 2023, d));
    /* 乙县人民政府 publishes late (1 April), 乙县公安局 on the deadline day. */
    ogi_report *late = truth("seeds/003_6b40ba81ff74e105");
    late->publish_date = ogi_strdup("2024-04-01");
    store_corpus(w.s, w.county_b, late, "corpus/late.json");
    ogi_report_free(late);
    ogi_report *on_day = truth("seeds/001_9300958d04d1753c"); /* 2 R3.3 ERRORs */
    on_day->publish_date = ogi_strdup("2024-01-31");
    store_published(w.s, w.dept_b, on_day);
    ogi_report_free(on_day);

    ogi_compliance_row *rows;
    size_t n;
    assert_int_equal(ogi_compliance(w.s, w.county_b, YEAR, &rows, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    for (size_t i = 0; i < n; i++) {
        const ogi_compliance_row *r = &rows[i];
        if (r->agency.id == w.county_b) {
            assert_int_equal(r->status, OGI_PUB_LATE);
            assert_string_equal(r->deadline, "2024-03-31");
            assert_string_equal(r->published, "2024-04-01");
            assert_int_equal(r->n_errors, 0);
        } else if (r->agency.id == w.dept_b) {
            assert_int_equal(r->status, OGI_PUB_ON_TIME);
            assert_string_equal(r->source, "published");
            assert_int_equal(r->n_errors, 2);
        } else {
            assert_int_equal(r->agency.id, w.town_b);
            assert_int_equal(r->status, OGI_PUB_NO_DEADLINE);
            assert_string_equal(r->deadline, "");
        }
    }
    ogi_compliance_free(rows, n);
    /* Nothing at all for another year. */
    assert_int_equal(ogi_compliance(w.s, w.county_b, 2022, &rows, &n, err, sizeof err), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rows[i].status, OGI_PUB_NOT_PUBLISHED);
    ogi_compliance_free(rows, n);
    test_store_close(w.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subtree),
        cmocka_unit_test(test_sources_and_missing),
        cmocka_unit_test(test_cell_sums),
        cmocka_unit_test(test_json_breakdown_and_missing),
        cmocka_unit_test(test_sum_of_parts),
        cmocka_unit_test(test_clean_parts_clean_summary),
        cmocka_unit_test(test_mixed_formats_stay_apart),
        cmocka_unit_test(test_compliance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
