/*
 * test_import_seeds.c — the five seed reports through the importer give
 * exactly the findings of the spec's seed table (validation-rules.md,
 * "Seed expectations").
 *
 * The expectations are written once, in tests/data/validate/seeds.json
 * and test_validate_seeds.c: there, each seed's truth file plus "meta"
 * (the spec's agency_kind and publish_date) plus "import" (what a text
 * import carries: headings as found, period, raw cell text) must validate
 * to exactly the spec's findings.  Here the seed .txt itself is imported
 * (ogi_import_file) and validated, and its findings must be the same
 * ones: rule, severity, table, keys and message, no more and no fewer.
 * Where the importer finds the agency kind or publish date it must agree
 * with the spec's table; where it does not, the table's value is used, as
 * a person filing the imported report would supply it.
 */
#include <dirent.h>
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
#include "ogi/import.h"
#include "ogi/json.h"
#include "ogi/report.h"
#include "ogi/validate.h"

static json_t *seed_data; /* tests/data/validate/seeds.json */

static char *path_of(const char *env, const char *dflt, const char *rel)
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

static char *seed_path(const char *stem, const char *ext)
{
    char rel[256];
    snprintf(rel, sizeof rel, "corpus/seeds/%s%s", stem, ext);
    return path_of("OGI_SHARED", "../shared", rel);
}

static json_t *load_json(char *path)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    if (!j)
        fail_msg("%s: %s", path, je.text);
    free(path);
    return j;
}

static int setup(void **state)
{
    (void)state;
    seed_data = load_json(path_of("OGI_SOURCE_DIR", ".", "tests/data/validate/seeds.json"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(seed_data);
    return 0;
}

/* The hand-made report of test_validate_seeds: truth + meta + import. */
static ogi_report *hand_made(const char *stem, const json_t *entry)
{
    json_t *j = load_json(seed_path(stem, ".truth.json"));
    json_object_update(j, json_object_get(entry, "meta"));
    json_object_update(j, json_object_get(entry, "import"));
    char err[256] = "";
    ogi_report *r = ogi_report_from_json(j, err, sizeof err);
    json_decref(j);
    if (!r)
        fail_msg("%s: %s", stem, err);
    return r;
}

/* The seed .txt through the importer, with the spec's agency kind and
 * publish date where the importer found none (and checked where it did). */
static ogi_report *imported(const char *stem, const json_t *meta)
{
    char *path = seed_path(stem, ".txt");
    char err[512] = "";
    ogi_report *r = ogi_import_file(path, err, sizeof err);
    if (!r)
        fail_msg("%s: %s", path, err);
    free(path);
    const char *kind = json_string_value(json_object_get(meta, "agency_kind"));
    const char *date = json_string_value(json_object_get(meta, "publish_date"));
    assert_non_null(kind);
    assert_non_null(date);
    if (r->agency_kind != OGI_KIND_UNKNOWN) {
        assert_string_equal(ogi_agency_kind_name(r->agency_kind), kind);
    } else {
        r->agency_kind = ogi_agency_kind_parse(kind);
        r->agency_kind_confidence = 100;
    }
    if (r->publish_date)
        assert_string_equal(r->publish_date, date);
    else
        r->publish_date = ogi_strdup(date);
    return r;
}

static bool same_finding(const ogi_finding *a, const ogi_finding *b)
{
    if (strcmp(a->rule, b->rule) != 0 || a->severity != b->severity ||
        (a->table == NULL) != (b->table == NULL) || (a->table && strcmp(a->table, b->table)) ||
        a->n_keys != b->n_keys || strcmp(a->message_zh, b->message_zh) != 0)
        return false;
    for (size_t k = 0; k < a->n_keys; k++)
        if (strcmp(a->keys[k], b->keys[k]) != 0)
            return false;
    return true;
}

static void print_findings(const char *what, const ogi_findings *f)
{
    print_message("%s:\n", what);
    for (size_t i = 0; i < f->n; i++)
        print_message("  %s %s %s %s\n", f->items[i].rule, ogi_severity_name(f->items[i].severity),
                      f->items[i].table ? f->items[i].table : "-",
                      f->items[i].n_keys ? f->items[i].keys[0] : "-");
}

/* Each expected finding matched by one actual finding, none left over. */
static void assert_same_findings(const char *stem, const ogi_findings *want,
                                 const ogi_findings *got)
{
    bool *used = calloc(got->n + 1, sizeof *used);
    assert_non_null(used);
    bool ok = want->n == got->n;
    for (size_t i = 0; i < want->n && ok; i++) {
        size_t j = 0;
        while (j < got->n && (used[j] || !same_finding(&want->items[i], &got->items[j])))
            j++;
        ok = j < got->n;
        if (ok)
            used[j] = true;
    }
    free(used);
    if (!ok) {
        print_findings("expected (seeds.json)", want);
        print_findings("imported", got);
        fail_msg("%s: the imported seed's findings differ from the spec's", stem);
    }
}

static void check_seed(const char *stem)
{
    const json_t *entry = json_object_get(seed_data, stem);
    assert_non_null(entry);
    ogi_report *want_r = hand_made(stem, entry), *got_r = imported(stem, json_object_get(entry, "meta"));
    ogi_findings want, got;
    ogi_findings_init(&want);
    ogi_findings_init(&got);
    ogi_validate(want_r, &want);
    ogi_validate(got_r, &got);
    assert_same_findings(stem, &want, &got);
    ogi_findings_free(&want);
    ogi_findings_free(&got);
    ogi_report_free(want_r);
    ogi_report_free(got_r);
}

static void test_seed_000(void **state) { (void)state; check_seed("000_3a8e11d79e1ee84f"); }
static void test_seed_001(void **state) { (void)state; check_seed("001_9300958d04d1753c"); }
static void test_seed_002(void **state) { (void)state; check_seed("002_41ed45ffcc2fcd2e"); }
static void test_seed_003(void **state) { (void)state; check_seed("003_6b40ba81ff74e105"); }
static void test_seed_004(void **state) { (void)state; check_seed("004_eb6ecebd5706d3c5"); }

/* Every seed .txt of the corpus has an entry (a new seed cannot go
 * untested), and the tests above cover them all. */
static void test_every_seed_listed(void **state)
{
    (void)state;
    char *dir_path = path_of("OGI_SHARED", "../shared", "corpus/seeds");
    DIR *dir = opendir(dir_path);
    assert_non_null(dir);
    size_t seeds = 0;
    for (struct dirent *e; (e = readdir(dir));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
            continue;
        char stem[256];
        snprintf(stem, sizeof stem, "%.*s", (int)(n - 4), e->d_name);
        if (!json_object_get(seed_data, stem))
            fail_msg("seed %s has no entry in tests/data/validate/seeds.json", stem);
        seeds++;
    }
    closedir(dir);
    free(dir_path);
    assert_int_equal(seeds, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_000), cmocka_unit_test(test_seed_001),
        cmocka_unit_test(test_seed_002), cmocka_unit_test(test_seed_003),
        cmocka_unit_test(test_seed_004), cmocka_unit_test(test_every_seed_listed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
