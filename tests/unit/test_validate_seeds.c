/*
 * test_validate_seeds.c — the validator against the spec's seed table
 * (validation-rules.md, "Seed expectations"): each seed's truth file is
 * validated and must give exactly the findings the spec lists.
 *
 * The truth files carry agency, year, format and cells.  The spec's seed
 * table adds agency_kind and publish_date ("meta" in
 * tests/data/validate/seeds.json).  A second variant per seed adds what a
 * text import of the seed .txt carries ("import": headings as found, the
 * stated period, narrative, raw cell text such as 「15098件」); the test
 * first checks that every such string really occurs in the seed .txt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "ogi/buf.h"
#include "ogi/json.h"
#include "ogi/report.h"
#include "ogi/validate.h"

static json_t *seed_data; /* tests/data/validate/seeds.json */

static char *path_join(const char *env, const char *dflt, const char *rel)
{
    const char *base = getenv(env);
    base = base ? base : dflt;
    size_t len = strlen(base) + strlen(rel) + 2;
    char *p = malloc(len);
    if (!p)
        abort();
    snprintf(p, len, "%s/%s", base, rel);
    return p;
}

static char *read_text(const char *env, const char *dflt, const char *rel)
{
    char *path = path_join(env, dflt, rel);
    size_t len;
    char *text = ogi_read_file(path, 0, &len);
    if (!text)
        fail_msg("cannot read %s", path);
    free(path);
    return text;
}

static char *seed_file(const char *stem, const char *ext)
{
    char rel[256];
    snprintf(rel, sizeof rel, "corpus/seeds/%s%s", stem, ext);
    return read_text("OGI_SHARED", "../shared", rel);
}

static int setup(void **state)
{
    (void)state;
    char *text = read_text("OGI_SOURCE_DIR", ".", "tests/data/validate/seeds.json");
    json_error_t je;
    seed_data = json_loads(text, 0, &je);
    free(text);
    return seed_data ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(seed_data);
    return 0;
}

/* Every string of the import overlay occurs verbatim in the seed .txt. */
static void assert_strings_in(const json_t *v, const char *txt)
{
    if (json_is_string(v)) {
        if (!strstr(txt, json_string_value(v)))
            fail_msg("\"%s\" is not in the seed text", json_string_value(v));
        return;
    }
    const char *k;
    const json_t *x;
    json_object_foreach((json_t *)v, k, x)
    {
        if (strcmp(k, "state") != 0)
            assert_strings_in(x, txt);
    }
}

/* Load a seed: truth + meta (+ import overlay when with_import). */
static ogi_report *load_seed(const char *stem, bool with_import)
{
    char *text = seed_file(stem, ".truth.json");
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    free(text);
    assert_non_null(j);
    const json_t *entry = json_object_get(seed_data, stem);
    assert_non_null(entry);
    json_object_update(j, json_object_get(entry, "meta"));
    if (with_import) {
        const json_t *imp = json_object_get(entry, "import");
        char *txt = seed_file(stem, ".txt");
        assert_strings_in(imp, txt);
        free(txt);
        json_object_update(j, (json_t *)imp);
    }
    char err[256] = "";
    ogi_report *r = ogi_report_from_json(j, err, sizeof err);
    json_decref(j);
    if (!r)
        fail_msg("%s: %s", stem, err);
    return r;
}

/* ---- expectations ---- */

typedef struct {
    const char *rule;
    ogi_severity sev;
    const char *key;   /* a key the finding names, or NULL */
    const char *table; /* the table/section it names, or NULL */
} expected;

static bool matches(const ogi_finding *x, const expected *e)
{
    if (strcmp(x->rule, e->rule) != 0 || x->severity != e->sev)
        return false;
    if (e->table && (!x->table || strcmp(x->table, e->table) != 0))
        return false;
    if (!e->key)
        return true;
    for (size_t k = 0; k < x->n_keys; k++)
        if (strcmp(x->keys[k], e->key) == 0)
            return true;
    return false;
}

static void dump(const ogi_findings *f)
{
    for (size_t i = 0; i < f->n; i++)
        print_message("  %s %s %s\n", f->items[i].rule, ogi_severity_name(f->items[i].severity),
                      f->items[i].message_en);
}

/* The findings are exactly the expected ones: one finding per expectation,
 * none left over. */
static void assert_exactly(const ogi_findings *f, const expected *e, size_t n)
{
    bool *used = calloc(f->n + 1, sizeof *used);
    assert_non_null(used);
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < f->n && (used[j] || !matches(&f->items[j], &e[i])))
            j++;
        if (j == f->n) {
            dump(f);
            fail_msg("missing %s on %s", e[i].rule,
                     e[i].key     ? e[i].key
                     : e[i].table ? e[i].table
                                  : "report");
        }
        used[j] = true;
    }
    free(used);
    if (f->n != n) {
        dump(f);
        fail_msg("expected %zu findings, got %zu", n, f->n);
    }
}

static void validate_seed(const char *stem, bool with_import, ogi_findings *f)
{
    ogi_report *r = load_seed(stem, with_import);
    ogi_findings_init(f);
    ogi_validate(r, f);
    ogi_report_free(r);
}

/* ---- 000: no findings ---- */

static void test_seed_000(void **state)
{
    (void)state;
    for (int imp = 0; imp < 2; imp++) {
        ogi_findings f;
        validate_seed("000_3a8e11d79e1ee84f", imp, &f);
        assert_exactly(&f, NULL, 0);
        ogi_findings_free(&f);
    }
}

/* ---- 001: R3.3 ×2 (natural_person, total) ---- */

static void test_seed_001(void **state)
{
    (void)state;
    const expected e[] = {
        {"R3.3", OGI_SEV_ERROR, "s3_carried_over__natural_person", "s3"},
        {"R3.3", OGI_SEV_ERROR, "s3_carried_over__total", "s3"},
    };
    for (int imp = 0; imp < 2; imp++) { /* the import adds 「未收到…申请」: R3.5 quiet */
        ogi_findings f;
        validate_seed("001_9300958d04d1753c", imp, &f);
        assert_exactly(&f, e, 2);
        assert_string_equal(f.items[0].message_zh, "“自然人”列勾稽关系不平：本年新收0+上年结转6=6，"
                                                   "本年办理结果总计0+结转下年度0=0。");
        ogi_findings_free(&f);
    }
}

/* ---- 002: R1.3, R1.4, R1.5 ×28; import adds R0.3 ×2 and R1.2 (一, 五) ---- */

/* The spec's list of absent v2021 cells: section 二's 第二十条第（一）项 and
 * （八） v2021 tables and section 三's v2021-only （六） rows — taken from the
 * definition, and checked to be the 28 the spec counts. */
static size_t seed_002_absent(expected *e, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        bool s2 = d->table->id == OGI_T_ART20_1_V2021 || d->table->id == OGI_T_ART20_8_V2021;
        bool s3 = d->table->id == OGI_T_S3 && d->row->formats == OGI_FMT_V2021;
        if ((s2 || s3) && n < cap)
            e[n++] = (expected){"R1.5", OGI_SEV_ERROR, d->key, d->table->key};
    }
    return n;
}

static void test_seed_002(void **state)
{
    (void)state;
    expected e[64];
    size_t n = seed_002_absent(e, 64);
    assert_int_equal(n, 28);
    e[n++] = (expected){"R1.3", OGI_SEV_WARNING, NULL, NULL};
    e[n++] = (expected){"R1.4", OGI_SEV_WARNING, NULL, NULL};
    ogi_findings f;
    validate_seed("002_41ed45ffcc2fcd2e", false, &f);
    assert_exactly(&f, e, n);
    /* the spec's element lists */
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.items[i].rule, "R1.3")) {
            const char *zh = f.items[i].message_zh;
            assert_non_null(strstr(zh, "第二十条第（一）项"));
            assert_non_null(strstr(zh, "第二十条第（八）项"));
            assert_non_null(strstr(zh, "第二十条第（九）项"));
            assert_non_null(strstr(zh, "第二十条第（五）项"));
            assert_non_null(strstr(zh, "第二十条第（六）项"));
        }
    ogi_findings_free(&f);

    e[n++] = (expected){"R0.3", OGI_SEV_WARNING, "s2_licensing_decisions", NULL};
    e[n++] = (expected){"R0.3", OGI_SEV_WARNING, "s2v19_procurement_amount", NULL};
    e[n++] = (expected){"R1.2", OGI_SEV_WARNING, NULL, "s1"};
    e[n++] = (expected){"R1.2", OGI_SEV_WARNING, NULL, "s5"};
    validate_seed("002_41ed45ffcc2fcd2e", true, &f);
    assert_exactly(&f, e, n);
    for (size_t i = 0; i < f.n; i++)
        if (!strcmp(f.items[i].rule, "R0.3") &&
            !strcmp(f.items[i].keys[0], "s2v19_procurement_amount"))
            assert_non_null(
                strstr(f.items[i].message_zh, "单元格含单位“万元”，已按1887.214474处理。"));
        else if (!strcmp(f.items[i].rule, "R0.3"))
            assert_non_null(strstr(f.items[i].message_zh, "单元格含单位“件”，已按15098处理。"));
    ogi_findings_free(&f);
}

/* ---- 003: R0.1 on s2_fee_amount_wan only ---- */

static void test_seed_003(void **state)
{
    (void)state;
    const expected e[] = {{"R0.1", OGI_SEV_WARNING, "s2_fee_amount_wan", "art20_8_v2021"}};
    for (int imp = 0; imp < 2; imp++) {
        ogi_findings f;
        validate_seed("003_6b40ba81ff74e105", imp, &f);
        assert_exactly(&f, e, 1);
        ogi_findings_free(&f);
    }
}

/* ---- 004: R0.2 on six tables, R0.1 on the 规章 row; import adds R1.2 (三, 四, 五) ---- */

static void test_seed_004(void **state)
{
    (void)state;
    expected e[16];
    size_t n = 0;
    const char *no_figures[] = {
        "s3", "s4", "art20_5_v2019", "art20_6_v2019", "art20_8_v2019", "art20_9_v2019"};
    for (size_t i = 0; i < 6; i++)
        e[n++] = (expected){"R0.2", OGI_SEV_ERROR, NULL, no_figures[i]};
    const ogi_table_def *t1 = ogi_table_at(OGI_T_ART20_1_V2019);
    for (size_t c = 0; c < t1->n_cols; c++) /* the 「规章」 row: s2v19_rules_* */
        e[n++] = (expected){"R0.1", OGI_SEV_WARNING,
                            ogi_cell_at((size_t)ogi_cell_in_table(t1->id, 0, c))->key, t1->key};
    assert_string_equal(t1->rows[0].key, "rules");
    ogi_findings f;
    validate_seed("004_eb6ecebd5706d3c5", false, &f);
    assert_exactly(&f, e, n);
    assert_int_equal(ogi_findings_count(&f, OGI_SEV_ERROR), 6);
    ogi_findings_free(&f);

    e[n++] = (expected){"R1.2", OGI_SEV_WARNING, NULL, "s3"};
    e[n++] = (expected){"R1.2", OGI_SEV_WARNING, NULL, "s4"};
    e[n++] = (expected){"R1.2", OGI_SEV_WARNING, NULL, "s5"};
    validate_seed("004_eb6ecebd5706d3c5", true, &f);
    assert_exactly(&f, e, n);
    ogi_findings_free(&f);
}

/* Seeds are single reports: a seed paired with itself is not consecutive,
 * and cross rules stay SKIPPED. */
static void test_seeds_cross_rules_skipped(void **state)
{
    (void)state;
    ogi_report *r = load_seed("001_9300958d04d1753c", false);
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate_pair(r, r, &f);
    assert_int_equal(f.n, 0);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_000), cmocka_unit_test(test_seed_001),
        cmocka_unit_test(test_seed_002), cmocka_unit_test(test_seed_003),
        cmocka_unit_test(test_seed_004), cmocka_unit_test(test_seeds_cross_rules_skipped),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
