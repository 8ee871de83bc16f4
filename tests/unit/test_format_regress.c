/*
 * test_format_regress.c — inputs found by fuzzing (fuzz/fuzz_number.c)
 * that broke the format definition's key lookup, replayed through every
 * public path that hands it untrusted text.
 *
 * ogi_cell_index("") read key[1], one byte past the end of an empty key:
 * an empty cell key in report JSON ("cells": {"": 1}), an empty --key of
 * `ogi figure set`, or an empty key column of a figure CSV.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/csv_io.h"
#include "ogi/format.h"
#include "ogi/json.h"

/* The key alone in a heap block of its exact size, so that AddressSanitizer
 * sees a read past its end. */
static char *exact_copy(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    memcpy(p, s, n);
    return p;
}

static void test_empty_key_is_no_cell(void **state)
{
    (void)state;
    char *empty = exact_copy("");
    assert_int_equal(ogi_cell_index(empty), -1);
    free(empty);
    char *one = exact_copy("s");
    assert_int_equal(ogi_cell_index(one), -1);
    free(one);
    /* a real key still resolves */
    const ogi_cell_def *d = ogi_cell_at(0);
    char *key = exact_copy(d->key);
    assert_int_equal(ogi_cell_index(key), 0);
    free(key);
}

static void test_empty_key_in_report_json_is_refused(void **state)
{
    (void)state;
    const char *text = "{\"cells\": {\"\": 1}}";
    char err[256] = "";
    ogi_report *r = ogi_report_from_json_text(text, strlen(text), err, sizeof err);
    assert_null(r);
    assert_non_null(strstr(err, "unknown cell key"));
}

static void test_empty_figure_key_is_refused(void **state)
{
    (void)state;
    char *empty = exact_copy("");
    int64_t v;
    int dec;
    char err[512] = "";
    assert_int_equal(ogi_figure_parse(empty, "1", &v, &dec, err, sizeof err), -1);
    assert_non_null(strstr(err, "单元格键"));
    free(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_key_is_no_cell),
        cmocka_unit_test(test_empty_key_in_report_json_is_refused),
        cmocka_unit_test(test_empty_figure_key_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
