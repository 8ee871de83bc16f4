/*
 * test_docx_roundtrip.c — a report written as DOCX by ogi and read back by
 * ogi's DOCX importer is the same report: every cell the report has comes
 * back in the same state with the same value, for every corpus truth file
 * (v2021, v2019 and mixed layouts).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "ogi/render.h"

static ogi_report *load_truth(const char *path)
{
    size_t len;
    char *text = ogi_read_file(path, 0, &len);
    assert_non_null(text);
    char err[512];
    ogi_report *r = ogi_report_from_json_text(text, len, err, sizeof err);
    free(text);
    if (!r)
        fail_msg("%s: %s", path, err);
    return r;
}

/* Compare every cell the original has; returns the number of differences. */
static int compare(const char *name, const ogi_report *a, const ogi_report *b)
{
    int diffs = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        const ogi_cell *x = &a->cells[i], *y = &b->cells[i];
        if (x->state == OGI_CELL_ABSENT)
            continue;
        char vx[OGI_VALUE_BUF], vy[OGI_VALUE_BUF];
        ogi_cell_value_text(d, x, vx);
        ogi_cell_value_text(d, y, vy);
        if (x->state != y->state || strcmp(vx, vy) != 0) {
            if (diffs++ < 10)
                printf("%s: %s: wrote %s \"%s\", read back %s \"%s\"\n", name, d->key,
                       ogi_cell_state_name(x->state), vx, ogi_cell_state_name(y->state), vy);
        }
    }
    return diffs;
}

/* The corpus's truth files annotate a name they inferred («长春市退役军人
 *事务局 (inferred from the URL segment …)»); a published report's title
 * carries the name alone, so that is what is written and read back. */
static void drop_annotation(ogi_report *r)
{
    char *note = r->agency ? strstr(r->agency, " (") : NULL;
    if (note)
        *note = '\0';
}

static int roundtrip(const char *path)
{
    ogi_report *orig = load_truth(path);
    drop_annotation(orig);
    char out[128], err[512];
    snprintf(out, sizeof out, "/tmp/ogi-roundtrip-%d.docx", (int)getpid());
    if (ogi_render_docx_file(orig, out, err, sizeof err))
        fail_msg("%s: %s", path, err);
    ogi_report *back = ogi_import_file(out, err, sizeof err);
    if (!back)
        fail_msg("%s: %s", path, err);
    unlink(out);
    const char *base = strrchr(path, '/');
    int diffs = compare(base ? base + 1 : path, orig, back);
    if (orig->year)
        assert_int_equal(back->year, orig->year);
    if (orig->agency) {
        if (!back->agency || strcmp(back->agency, orig->agency))
            printf("%s: agency wrote \"%s\", read back \"%s\"\n", base ? base + 1 : path,
                   orig->agency, back->agency ? back->agency : "(none)");
        assert_non_null(back->agency);
        assert_string_equal(back->agency, orig->agency);
    }
    ogi_report_free(orig);
    ogi_report_free(back);
    return diffs;
}

static void test_every_truth_file_round_trips(void **state)
{
    (void)state;
    static const char *const dirs[] = {"seeds", "real", "fetched"};
    int files = 0, diffs = 0;
    for (size_t k = 0; k < 3; k++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/corpus/%s", getenv("OGI_SHARED"), dirs[k]);
        DIR *dp = opendir(dir);
        assert_non_null(dp);
        struct dirent *e;
        while ((e = readdir(dp))) {
            size_t n = strlen(e->d_name);
            if (n < 11 || strcmp(e->d_name + n - 11, ".truth.json") != 0)
                continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            diffs += roundtrip(path);
            files++;
        }
        closedir(dp);
    }
    printf("docx round trip: %d files, %d cells differ\n", files, diffs);
    assert_true(files >= 20);
    assert_int_equal(diffs, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_truth_file_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
