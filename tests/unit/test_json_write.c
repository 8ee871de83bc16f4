/*
 * test_json_write.c — the streamed report JSON (ogi/json_write.h) against
 * jansson's json_dumps of the tree ogi_report_to_json builds.
 *
 * `ogi import -o` writes its lines with the streaming writer; everything
 * else (check, render, the web API) dumps the tree.  The two must be the
 * same bytes, so this compares them, with the batch line's flags and with
 * OGI_JSON_DUMP_FLAGS, on: every report of the shared corpus (text, HTML,
 * PDF) and of tests/data/import/wild, imported and validated as the batch
 * does; crafted reports whose strings are NULL, not UTF-8, or full of
 * characters that need escaping; random byte strings; and numbers
 * (integers at the limits, reals at every scale, money as written).
 */
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "ogi/json_write.h"
#include "ogi/text.h"
#include "ogi/validate.h"

#define LINE_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

static const size_t all_flags[] = {LINE_FLAGS, OGI_JSON_DUMP_FLAGS,
                                   JSON_INDENT(3) | JSON_REAL_PRECISION(6), 0};

/* jansson's text for tree j (consumed) and ours, equal or fail with both. */
static void assert_same(json_t *j, const ogi_buf *ours, size_t flags, const char *what)
{
    char *theirs = json_dumps(j, flags | JSON_ENCODE_ANY);
    json_decref(j);
    assert_non_null(theirs);
    if (strcmp(theirs, ours->data ? ours->data : "") != 0) {
        size_t k = 0;
        while (theirs[k] && theirs[k] == ours->data[k])
            k++;
        print_error("%s (flags %#zx): differ at byte %zu\n jansson: %.80s\n writer:  %.80s\n", what,
                    flags, k, theirs + k, ours->data + k);
        free(theirs);
        fail();
    }
    free(theirs);
}

static void check_report(const ogi_report *r, const ogi_findings *f, const char *what)
{
    for (size_t i = 0; i < sizeof all_flags / sizeof *all_flags; i++) {
        ogi_buf b;
        ogi_buf_init(&b);
        ogi_json_writer w;
        ogi_jw_init(&w, &b, all_flags[i]);
        ogi_report_write_json(&w, NULL, r, f);
        assert_int_equal(w.depth, 0);
        assert_same(ogi_report_to_json(r, f), &b, all_flags[i], what);
        /* Nested as the batch line nests it. */
        ogi_buf_reset(&b);
        ogi_jw_init(&w, &b, all_flags[i]);
        ogi_jw_open(&w, NULL, '{');
        ogi_jw_string(&w, "file", r->source ? r->source : "x");
        ogi_report_write_json(&w, "report", r, f);
        ogi_jw_close(&w);
        json_t *line = json_object();
        json_object_set_new(line, "file", json_string(r->source ? r->source : "x"));
        json_object_set_new(line, "report", ogi_report_to_json(r, f));
        assert_same(line, &b, all_flags[i], what);
        ogi_buf_free(&b);
    }
}

/* ---- every report we have ---------------------------------------------- */

static size_t check_dir(const char *dir, bool (*want)(const char *name))
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !want(e->d_name))
            continue;
        char path[4096], err[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ogi_report *r = ogi_import_file(path, err, sizeof err);
        if (!r)
            continue;
        ogi_findings f;
        ogi_findings_init(&f);
        ogi_validate(r, &f);
        check_report(r, &f, path);
        check_report(r, NULL, path);
        ogi_findings_free(&f);
        ogi_report_free(r);
        n++;
    }
    closedir(d);
    return n;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

static bool corpus_kind(const char *name)
{
    return ends_with(name, ".txt") || ends_with(name, ".html") || ends_with(name, ".pdf");
}

static bool any_file(const char *name) { return name != NULL; }

static void test_corpus_reports(void **state)
{
    (void)state;
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    static const char *const subdirs[] = {"seeds", "real", "fetched"};
    size_t n = 0;
    for (size_t i = 0; i < 3; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/corpus/%s", shared, subdirs[i]);
        n += check_dir(dir, corpus_kind);
    }
    assert_true(n >= 20);
}

static void test_wild_reports(void **state)
{
    (void)state;
    const char *src = getenv("OGI_SOURCE_DIR");
    assert_non_null(src);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/data/import/wild", src);
    assert_true(check_dir(dir, any_file) >= 15);
}

/* ---- crafted reports ------------------------------------------------------- */

static const char *const odd_strings[] = {
    "plain", "", "quote \" backslash \\ slash /", "\x01\x02\x1f\x7f tab\t nl\n cr\r ff\f bs\b",
    "中文，全角；标点。", "\xF0\x9F\x98\x80 outside the BMP", "bad \xC0\xAF overlong",
    "bad \xED\xA0\x80 surrogate", "bad \xF4\x90\x80\x80 too high", "cut \xE4\xB8", "\xFF",
    "\xE0\x9F\xBF overlong 3", "\xF0\x8F\xBF\xBF overlong 4", "\xEF\xBF\xBF U+FFFF",
    "\xEE\x80\x80 private use", "12345678\"12345678\\123456789",
};
#define N_ODD (sizeof odd_strings / sizeof *odd_strings)

static const char *odd(size_t i) { return odd_strings[i % N_ODD]; }

static void fill_odd(ogi_report *r, size_t k)
{
    r->agency = ogi_strdup(odd(k));
    r->publish_date = ogi_strdup(odd(k + 1));
    r->source = ogi_strdup(odd(k + 2));
    r->agency_kind = (ogi_agency_kind)(k % 5);
    r->agency_kind_confidence = (int)(k * 7 % 101);
    r->year = k % 3 ? 2019 + (int)k : 0;
    r->structure_known = k % 2;
    for (size_t s = 0; s < OGI_SECTIONS; s++) {
        r->sections[s] = (s + k) % 3 ? ogi_strdup(odd(s + k)) : NULL;
        r->headings[s] = (s + k) % 2 ? ogi_strdup(odd(s * 3 + k)) : NULL;
        r->heading_order[s] = (int)((s + k) % 4);
    }
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        ogi_cell *c = &r->cells[i];
        size_t v = i * 31 + k;
        c->state = (ogi_cell_state)(v % 5);
        c->value = (int64_t)(v * 1234567) * (v % 2 ? 1 : -1);
        c->decimals = (int)(v % 7);
        c->raw = v % 3 ? ogi_strdup(odd(v)) : NULL;
        c->unit = v % 4 == 0 ? ogi_strdup(odd(v + 5)) : NULL;
        c->src = (ogi_source){.file = v % 5 ? ogi_strdup(odd(v + 1)) : NULL, .line = (int)(v % 3),
                              .table = (int)(v % 4) - 1, .row = (int)(v % 6) - 1,
                              .col = (int)(v % 7) - 1};
    }
    r->n_extras = k % 4;
    r->extras = ogi_xcalloc(r->n_extras + 1, sizeof *r->extras);
    for (size_t i = 0; i < r->n_extras; i++)
        r->extras[i] = ogi_strdup(odd(i + k));
}

static void fill_findings(ogi_findings *f, size_t k)
{
    for (size_t i = 0; i < 6; i++) {
        const char *keys[] = {odd(i + k), odd(i + k + 1), "s3_granted__total", NULL};
        ogi_findings_add(f, i % 2 ? "R3.3" : "R0.1", i % 2 ? OGI_SEV_ERROR : OGI_SEV_WARNING,
                         i % 3 ? keys : NULL, i % 2 ? odd(i + k + 2) : NULL, odd(i + k + 3),
                         i == 4 ? NULL : odd(i + k + 4));
    }
}

static void test_crafted_reports(void **state)
{
    (void)state;
    for (size_t k = 0; k < 2 * N_ODD; k++) {
        ogi_report *r = ogi_report_new();
        fill_odd(r, k);
        ogi_findings f;
        ogi_findings_init(&f);
        fill_findings(&f, k);
        check_report(r, &f, odd(k));
        check_report(r, NULL, odd(k));
        ogi_findings_free(&f);
        ogi_report_free(r);
    }
    ogi_report *empty = ogi_report_new();
    ogi_findings none;
    ogi_findings_init(&none);
    check_report(empty, &none, "empty report");
    ogi_report_free(empty);
}

/* ---- strings and numbers ------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

/* A random string: ASCII, the bytes that need escaping, and UTF-8 lead and
 * continuation bytes in any order, so that many are invalid. */
static void random_string(char *s, size_t cap)
{
    static const unsigned char pool[] = {'a', 'Z', ' ', '"', '\\', '/', '\n', 0x01, 0x1f, 0x7f,
                                         0x80, 0xBF, 0xC2, 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0,
                                         0xF4, 0xF5, 0xA0, 0x9F, 0x90, 0x8F, 0xB8, 0xAD};
    size_t n = next_rand() % (cap - 1);
    for (size_t i = 0; i < n; i++) {
        uint64_t x = next_rand();
        s[i] = x % 3 ? (char)pool[x / 3 % sizeof pool] : (char)(1 + x / 3 % 255);
    }
    s[n] = '\0';
}

static void test_random_strings(void **state)
{
    (void)state;
    char s[40];
    size_t valid = 0;
    for (int i = 0; i < 200000; i++) {
        random_string(s, sizeof s);
        size_t flags = all_flags[i % 4];
        ogi_buf b;
        ogi_buf_init(&b);
        ogi_json_writer w;
        ogi_jw_init(&w, &b, flags);
        ogi_jw_open(&w, NULL, '{');
        ogi_jw_string(&w, "before", "x");
        valid += ogi_jw_string(&w, "k", s);
        ogi_jw_open(&w, "a", '[');
        ogi_jw_string(&w, NULL, s);
        ogi_jw_close(&w);
        ogi_jw_close(&w);
        json_t *o = json_object(), *a = json_array();
        json_object_set_new(o, "before", json_string("x"));
        json_object_set_new(o, "k", json_string(s));
        json_array_append_new(a, json_string(s));
        json_object_set_new(o, "a", a);
        assert_same(o, &b, flags, "random string");
        ogi_buf_free(&b);
    }
    assert_true(valid > 1000 && valid < 190000); /* both kinds were tried */
}

static void check_real(double d, size_t flags)
{
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_json_writer w;
    ogi_jw_init(&w, &b, flags);
    ogi_jw_open(&w, NULL, '[');
    ogi_jw_real(&w, NULL, d);
    ogi_jw_real(&w, NULL, -d);
    ogi_jw_close(&w);
    json_t *a = json_array();
    json_array_append_new(a, json_real(d));
    json_array_append_new(a, json_real(-d));
    assert_same(a, &b, flags, "real");
    ogi_buf_free(&b);
}

static void test_numbers(void **state)
{
    (void)state;
    static const double fixed[] = {0.0, 1.0, 0.1, 1e-7, 1e15, 1e16, 1e17, 1e21, 1e22, 1e100,
                                   1e-100, 5e-324, 1.7976931348623157e308, 123456789012345.6,
                                   1887.214474, 0.000001, NAN, INFINITY};
    for (size_t f = 0; f < 4; f++) {
        for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
            check_real(fixed[i], all_flags[f]);
        for (int i = 0; i < 20000; i++) {
            uint64_t bits = next_rand();
            double d;
            memcpy(&d, &bits, sizeof d);
            check_real(d, all_flags[f]);
            /* Money as the report writes it: millionths with 1–6 decimals. */
            char text[40];
            int64_t millionths = (int64_t)(next_rand() % 20000000000000u) - 10000000000000;
            ogi_decimal_format(millionths, 1 + i % 6, text);
            check_real(strtod(text, NULL), all_flags[f]);
        }
        static const long long ints[] = {0, 1, -1, 9, 10, -10, INT64_MAX, INT64_MIN, 1000000};
        ogi_buf b;
        ogi_buf_init(&b);
        ogi_json_writer w;
        ogi_jw_init(&w, &b, all_flags[f]);
        ogi_jw_open(&w, NULL, '{');
        json_t *o = json_object();
        for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
            char key[8];
            snprintf(key, sizeof key, "i%zu", i);
            ogi_jw_integer(&w, key, ints[i]);
            json_object_set_new(o, key, json_integer(ints[i]));
        }
        ogi_jw_null(&w, "n");
        json_object_set_new(o, "n", json_null());
        ogi_jw_open(&w, "empty_object", '{');
        ogi_jw_close(&w);
        json_object_set_new(o, "empty_object", json_object());
        ogi_jw_open(&w, "empty_array", '[');
        ogi_jw_string(&w, NULL, "\xFF"); /* left out: the array stays empty */
        ogi_jw_close(&w);
        json_object_set_new(o, "empty_array", json_array());
        ogi_jw_close(&w);
        assert_same(o, &b, all_flags[f], "integers and empty containers");
        ogi_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_reports),  cmocka_unit_test(test_wild_reports),
        cmocka_unit_test(test_crafted_reports), cmocka_unit_test(test_random_strings),
        cmocka_unit_test(test_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
