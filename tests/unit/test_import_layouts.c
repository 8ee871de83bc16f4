/*
 * test_import_layouts.c — the same report in the layouts scrapers leave,
 * imported to the same cells.
 *
 * The unseen reports (tests/data/import/wild) show how pages lose their
 * table markup: one cell per line with each cell closed by 「 |」 and an
 * empty cell as a lone 「|」 (wild/045), cells and 「|」 on lines of their
 * own (wild/007, 010), one cell per line with blank lines between and
 * empty cells gone (wild/001, 014).  Most of those files are excerpts, so
 * this test rewrites the seeds and a real report — whole reports in pipe
 * rows with hand-checked truths — into each of those layouts and requires
 * every truth cell back, exactly as from the original.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/buf.h"
#include "ogi/format.h"
#include "ogi/import.h"
#include "ogi/report.h"
#include "truth_cells.h"

typedef enum { LAYOUT_PIPE_EACH, LAYOUT_PIPE_LINES, LAYOUT_BLANK_LINES } layout;

static const char *const layout_names[] = {"cell | per line", "cells and | on lines of their own",
                                           "cell per line, blank lines between"};

static const char *const sources[] = {
    "corpus/seeds/000_3a8e11d79e1ee84f", "corpus/seeds/001_9300958d04d1753c",
    "corpus/seeds/002_41ed45ffcc2fcd2e", "corpus/seeds/003_6b40ba81ff74e105",
    "corpus/seeds/004_eb6ecebd5706d3c5", "corpus/real/027_changchun_tuiyijunrenju_2023"};

/* The cells of a pipe row (「| a | b |」), trailing empty ones (frame and
 * padding) left out; 0 when the line is no pipe row or only a rule. */
static size_t pipe_cells(const char *line, size_t len, char cells[][256], size_t cap)
{
    size_t pipes = 0, n = 0;
    for (size_t i = 0; i < len; i++)
        pipes += line[i] == '|';
    if (pipes < 2)
        return 0;
    const char *p = line, *end = line + len;
    while (p < end && *p == ' ')
        p++;
    if (p < end && *p == '|')
        p++;
    bool rule = true;
    while (p < end && n < cap) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        const char *e = bar ? bar : end;
        while (p < e && *p == ' ')
            p++;
        const char *t = e;
        while (t > p && t[-1] == ' ')
            t--;
        size_t k = (size_t)(t - p) < 255 ? (size_t)(t - p) : 255;
        memcpy(cells[n], p, k);
        cells[n][k] = '\0';
        if (strspn(cells[n], "-: ") != k)
            rule = false;
        n++;
        if (!bar)
            break;
        p = bar + 1;
    }
    while (n && !cells[n - 1][0])
        n--;
    return rule ? 0 : n;
}

/* The text rewritten: pipe rows in the layout, other lines as they are. */
static void rewrite(const char *text, layout how, ogi_buf *out)
{
    static char cells[64][256];
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        size_t n = pipe_cells(line, len, cells, 64);
        if (n == 0 && memchr(line, '|', len) && strspn(line, "|-: ") >= len) {
            /* a table rule: dropped */
        } else if (n == 0) {
            ogi_buf_put(out, line, len);
            ogi_buf_putc(out, '\n');
        }
        for (size_t i = 0; i < n; i++) {
            if (how == LAYOUT_PIPE_EACH)
                ogi_buf_printf(out, cells[i][0] ? "%s |\n" : "|\n", cells[i]);
            else if (how == LAYOUT_PIPE_LINES)
                ogi_buf_printf(out, "%s\n|\n", cells[i]);
            else if (cells[i][0])
                ogi_buf_printf(out, "%s\n\n", cells[i]);
        }
        if (n && how == LAYOUT_PIPE_EACH)
            ogi_buf_puts(out, "||\n"); /* the filler line such pages have after a row */
        line = nl ? nl + 1 : line + len;
    }
}

/* Truth cells the import of the rewritten text gets wrong; each printed. */
static size_t wrong_cells(const char *name, const ogi_report *r, const json_t *cells)
{
    size_t wrong = 0;
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)cells, key, v)
    {
        char want[64], got[256];
        truth_expected_text(v, want, sizeof want);
        truth_got_text(r, ogi_cell_index(key), got, sizeof got);
        if (strcmp(want, got) != 0) {
            print_message("%s: %s: expected %s, got %s\n", name, key, want, got);
            wrong++;
        }
    }
    return wrong;
}

static void test_layouts_import_alike(void **state)
{
    (void)state;
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    size_t wrong = 0, checked = 0;
    for (size_t s = 0; s < sizeof sources / sizeof *sources; s++) {
        char path[1024], name[1200];
        snprintf(path, sizeof path, "%s/%s.txt", shared, sources[s]);
        size_t len;
        char *text = ogi_read_file(path, 0, &len);
        assert_non_null(text);
        snprintf(path, sizeof path, "%s/%s.truth.json", shared, sources[s]);
        json_t *truth = json_load_file(path, 0, NULL);
        assert_non_null(truth);
        const json_t *cells = json_object_get(truth, "cells");
        assert_true(json_object_size(cells) > 20);
        for (layout how = LAYOUT_PIPE_EACH; how <= LAYOUT_BLANK_LINES; how++) {
            ogi_buf b;
            ogi_buf_init(&b);
            rewrite(text, how, &b);
            snprintf(name, sizeof name, "%s (%s)", sources[s], layout_names[how]);
            char err[512];
            ogi_report *r = ogi_import_bytes(b.data, b.len, name, err, sizeof err);
            if (!r)
                fail_msg("%s: %s", name, err);
            wrong += wrong_cells(name, r, cells);
            checked += json_object_size(cells);
            ogi_report_free(r);
            ogi_buf_free(&b);
        }
        json_decref(truth);
        free(text);
    }
    print_message("layouts: %zu cells checked, %zu wrong\n", checked, wrong);
    assert_int_equal(wrong, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_layouts_import_alike)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
