/*
 * test_import_wild.c — reports the importer was never tuned on, imported
 * and compared with their hand-checked truth cell by cell.
 *
 * tests/data/import/wild/ holds published annual reports collected from
 * public pages (NNN_name_year.txt, with the page address in NNN….source)
 * and, beside each, NNN….truth.json in the schema of the shared corpus
 * (../shared/corpus/README.md): a number must come back as exactly that
 * number, null must come back blank, and a key the truth leaves out is not
 * scored (the truth leaves out what the text itself cannot decide).  There
 * is no allow-list: an ambiguous, absent or different cell for a truth key
 * is a mismatch.  Every mismatch is printed as "file: key: expected X, got
 * Y"; the test fails while any remains.  Metadata is scored too: the
 * report year must equal the truth's "year" (and stay 0 where the truth has
 * none: no year is invented); an agency, when imported, must be the
 * truth's agency or a shorter form of it (region prefix left out,
 * 「人民政府」 written 「政府」 or left out), and must be imported when the
 * text has a title line and the truth does not say the name was inferred
 * from elsewhere.  A second test checks the folder
 * itself: every raw file has a truth and a source, and every truth key is a
 * cell key of the format definition.
 */
#include <dirent.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "ogi/buf.h"
#include "ogi/format.h"
#include "ogi/import.h"
#include "ogi/report.h"
#include "ogi/text.h"
#include "truth_cells.h"

#define WILD_MIN_FILES 15 /* fewer means files went missing (the collection holds more) */

typedef struct {
    char **v;
    size_t n;
} name_list;

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void wild_dir(char *buf, size_t len)
{
    const char *src = getenv("OGI_SOURCE_DIR");
    assert_non_null(src);
    snprintf(buf, len, "%s/tests/data/import/wild", src);
}

/* The raw file names of the folder, sorted. */
static name_list raw_files(const char *dir)
{
    name_list l = {NULL, 0};
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!truth_is_raw_file(e->d_name))
            continue;
        l.v = realloc(l.v, (l.n + 1) * sizeof *l.v);
        assert_non_null(l.v);
        l.v[l.n++] = ogi_strdup(e->d_name);
    }
    closedir(d);
    qsort(l.v, l.n, sizeof *l.v, cmp_name);
    return l;
}

static void free_names(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

/* DIR/STEM.suffix, STEM being the raw name without its extension. */
static void sibling(const char *dir, const char *raw, const char *suffix, char *buf, size_t len)
{
    const char *dot = strrchr(raw, '.');
    snprintf(buf, len, "%s/%.*s%s", dir, (int)(dot - raw), raw, suffix);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

typedef struct {
    size_t files, exact, cells, wrong;
} tally;

/* ---- metadata ---- */

/* s without 「人民政府」 and 「政府」 (a name's core, as titles shorten it). */
static void name_core(const char *s, char *buf, size_t len)
{
    static const char *const drop[] = {"人民政府", "政府", NULL};
    size_t o = 0;
    while (*s && o + 1 < len) {
        size_t skip = 0;
        for (size_t i = 0; drop[i] && !skip; i++)
            if (strncmp(s, drop[i], strlen(drop[i])) == 0)
                skip = strlen(drop[i]);
        if (skip) {
            s += skip;
            continue;
        }
        buf[o++] = *s++;
    }
    buf[o] = '\0';
}

/* The truth's agency name (before a 「 (…)」 note) and whether the note
 * says the text does not state it. */
static void truth_agency(const json_t *truth, char *name, size_t len, bool *stated)
{
    const char *a = json_string_value(json_object_get(truth, "agency"));
    *stated = a != NULL;
    snprintf(name, len, "%s", a ? a : "");
    char *note = strstr(name, " (");
    if (!note)
        return;
    *stated = !strstr(note, "inferred") && !strstr(note, "says only") &&
              !strstr(note, "names no") && !strstr(note, "not named");
    *note = '\0';
}

/* A title line among the first five non-empty lines: it names the report
 * (「信息公开」…「报告」) and is no sentence (no sentence punctuation, no
 * 《…》 citation: a PDF's hard line break can leave a sentence fragment). */
static bool has_title_line(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int seen = 0;
    bool title = false;
    while (f && !title && seen < 5 && fgets(line, sizeof line, f)) {
        if (strspn(line, " \t\r\n") == strlen(line))
            continue;
        seen++;
        title = strstr(line, "信息公开") && strstr(line, "报告") && !strstr(line, "《") &&
                !strstr(line, ",") &&
                !strstr(line, "，") && !strstr(line, "。") && !strstr(line, ";") &&
                !strstr(line, "；");
    }
    if (f)
        fclose(f);
    return title;
}

/* Year and agency against the truth; returns the number of mismatches. */
static size_t score_meta(const char *raw, const char *path, const json_t *truth,
                         const ogi_report *r)
{
    size_t wrong = 0;
    const json_t *year = json_object_get(truth, "year");
    long long want_year = json_is_integer(year) ? (long long)json_integer_value(year) : 0;
    if (r && r->year != want_year) {
        printf("%s: report_year: expected %lld, got %d\n", raw, want_year, r->year);
        wrong++;
    }
    char name[512], want[512], got[512];
    bool stated;
    truth_agency(truth, name, sizeof name, &stated);
    name_core(name, want, sizeof want);
    if (r && r->agency) {
        name_core(r->agency, got, sizeof got);
        if (!got[0] || !strstr(want, got)) {
            printf("%s: agency: expected %s, got %s\n", raw, name[0] ? name : "none", r->agency);
            wrong++;
        }
    } else if (r && stated && has_title_line(path)) {
        printf("%s: agency: expected %s, got none\n", raw, name);
        wrong++;
    }
    return wrong;
}

/* One file: import it, compare every truth key, print the mismatches. */
static void score_file(const char *dir, const char *raw, tally *t)
{
    char path[1400], truth_path[1400], err[512] = "";
    snprintf(path, sizeof path, "%s/%s", dir, raw);
    sibling(dir, raw, ".truth.json", truth_path, sizeof truth_path);
    json_error_t jerr;
    json_t *truth = json_load_file(truth_path, 0, &jerr);
    if (!truth)
        fail_msg("%s:%d: %s", truth_path, jerr.line, jerr.text);
    json_t *cells = json_object_get(truth, "cells");
    assert_true(json_is_object(cells));
    ogi_report *r = ogi_import_file(path, err, sizeof err);
    if (!r)
        printf("%s: not imported: %s\n", raw, err);
    size_t wrong = 0;
    const char *key;
    json_t *v;
    json_object_foreach(cells, key, v)
    {
        char want[64], got[512];
        int idx = ogi_cell_index(key);
        t->cells++;
        if (idx < 0) {
            printf("%s: %s: not a cell key of the format definition\n", raw, key);
            wrong++;
            continue;
        }
        truth_expected_text(v, want, sizeof want);
        truth_got_text(r, idx, got, sizeof got);
        if (strcmp(want, got) != 0) {
            printf("%s: %s: expected %s, got %s\n", raw, key, want, got);
            wrong++;
        }
    }
    size_t meta_wrong = score_meta(raw, path, truth, r);
    t->cells += 2;
    wrong += meta_wrong;
    t->files++;
    t->wrong += wrong;
    if (wrong == 0)
        t->exact++;
    printf("%s: %s (%zu of %zu cells and metadata right)\n", raw, wrong ? "WRONG" : "exact",
           json_object_size(cells) + 2 - wrong, json_object_size(cells) + 2);
    fflush(stdout);
    ogi_report_free(r);
    json_decref(truth);
}

/* Every wild report, cell by cell against its truth. */
static void test_wild_files_match_truth(void **state)
{
    (void)state;
    char dir[1200];
    wild_dir(dir, sizeof dir);
    name_list l = raw_files(dir);
    assert_true(l.n >= WILD_MIN_FILES);
    tally t = {0, 0, 0, 0};
    for (size_t i = 0; i < l.n; i++)
        score_file(dir, l.v[i], &t);
    printf("wild: %zu files exact of %zu; %zu cells wrong of %zu (year, agency included)\n",
           t.exact, t.files, t.wrong, t.cells);
    fflush(stdout);
    free_names(&l);
    assert_int_equal(t.wrong, 0);
    assert_int_equal(t.exact, t.files);
}

/* The folder is complete: a truth and a source address for every raw file,
 * and truths that score something. */
static void test_wild_folder_is_complete(void **state)
{
    (void)state;
    char dir[1200];
    wild_dir(dir, sizeof dir);
    name_list l = raw_files(dir);
    size_t missing = 0;
    for (size_t i = 0; i < l.n; i++) {
        char truth[1400], source[1400];
        sibling(dir, l.v[i], ".truth.json", truth, sizeof truth);
        sibling(dir, l.v[i], ".source", source, sizeof source);
        if (!exists(truth) || !exists(source)) {
            printf("%s: missing %s\n", l.v[i], exists(truth) ? source : truth);
            missing++;
            continue;
        }
        json_t *j = json_load_file(truth, 0, NULL);
        if (!j || json_object_size(json_object_get(j, "cells")) == 0) {
            printf("%s: truth has no cells\n", l.v[i]);
            missing++;
        }
        json_decref(j);
    }
    free_names(&l);
    assert_int_equal(missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wild_folder_is_complete),
        cmocka_unit_test(test_wild_files_match_truth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
