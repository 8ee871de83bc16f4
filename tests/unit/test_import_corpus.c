/*
 * test_import_corpus.c — every raw file of the shared corpus, imported and
 * compared with its ground truth cell by cell.
 *
 * The pairs are found by walking $OGI_SHARED/corpus: FILE.truth.json is the
 * truth of every raw file FILE.<ext> beside it (FILE.nolayout.txt has its
 * own FILE.nolayout.truth.json).  The reader is whatever ogi_import_file
 * picks for the file.  A truth value null means the cell must be blank; a
 * number must come back as exactly that number; keys absent from the truth
 * are not scored.  A truth key may come out AMBIGUOUS only when it is listed
 * in tests/data/import/known_ambiguous.json with a reason citing the raw
 * text, and its truth is one reading of that text; a listed key that comes
 * out exact fails too, so the list cannot go stale.  The report year is
 * scored like a cell where the truth states one (an integer "year").  Prints per file
 * "exact", "exact-but-ambiguous (n)" or "WRONG" with the cells, then the
 * summary line, and fails unless no file has a wrong cell.
 */
#include <dirent.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/import.h"
#include "ogi/text.h"
#include "ogi/validate.h"
#include "truth_cells.h"

/* src/report/validate.c is written in another worktree; json.c refers to
 * this one function of it.  A weak stand-in lets this test link until the
 * real one arrives, which then takes precedence. */
__attribute__((weak)) const char *ogi_severity_name(ogi_severity s)
{
    return s == 0 ? "ERROR" : "WARNING";
}

typedef struct {
    char raw[2048];
    char truth[2048];
} corpus_pair;

typedef struct {
    corpus_pair *v;
    size_t n;
} pair_list;

static int cmp_pair(const void *a, const void *b)
{
    return strcmp(((const corpus_pair *)a)->raw, ((const corpus_pair *)b)->raw);
}

static void add_dir(pair_list *l, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!truth_is_raw_file(e->d_name))
            continue;
        const char *dot = strrchr(e->d_name, '.');
        corpus_pair p;
        snprintf(p.raw, sizeof p.raw, "%s/%s", dir, e->d_name);
        snprintf(p.truth, sizeof p.truth, "%s/%.*s.truth.json", dir, (int)(dot - e->d_name),
                 e->d_name);
        FILE *f = fopen(p.truth, "r");
        if (!f)
            continue;
        fclose(f);
        l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
        assert_non_null(l->v);
        l->v[l->n++] = p;
    }
    closedir(d);
}

static pair_list corpus_pairs(const char *only_ext)
{
    const char *shared = getenv("OGI_SHARED");
    assert_non_null(shared);
    char base[900];
    snprintf(base, sizeof base, "%s/corpus", shared);
    pair_list l = {NULL, 0};
    DIR *d = opendir(base);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
            continue;
        char sub[1400];
        snprintf(sub, sizeof sub, "%s/%s", base, e->d_name);
        add_dir(&l, sub);
    }
    closedir(d);
    size_t k = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!only_ext || truth_ends_with(l.v[i].raw, only_ext))
            l.v[k++] = l.v[i];
    l.n = k;
    qsort(l.v, l.n, sizeof *l.v, cmp_pair);
    return l;
}

/* ---- the list of keys the raw text cannot decide ---- */

/* tests/data/import/known_ambiguous.json: "files" → { "real/x.txt": [{key, reason}] }. */
static json_t *known_ambiguous(void)
{
    const char *src = getenv("OGI_SOURCE_DIR");
    assert_non_null(src);
    char path[1200];
    snprintf(path, sizeof path, "%s/tests/data/import/known_ambiguous.json", src);
    json_error_t jerr;
    json_t *k = json_load_file(path, 0, &jerr);
    if (!k)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    return k;
}

/* The listed entry for key (reason checked: it must cite the text in 「」), or NULL. */
static const json_t *listed(const json_t *list, const char *key)
{
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "key")), key) != 0)
            continue;
        const char *why = json_string_value(json_object_get(e, "reason"));
        assert_non_null(why);
        assert_non_null(strstr(why, "「"));
        return e;
    }
    return NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is the truth of key's row one reading of the row's ambiguous raw text?
 * Blank-separated numbers: the truth values are those numbers in some
 * order.  One digit run (a unit after it dropped): the truth values
 * written together give the run.  1 yes, 0 no, -1 not computable. */
static int truth_is_a_reading(const ogi_report *r, const json_t *cells, const char *key)
{
    int idx = ogi_cell_index(key);
    const ogi_cell_def *def = ogi_cell_at((size_t)idx);
    const char *raw = r->cells[idx].raw;
    char digits[512], joined[512] = "", want[64][64];
    const char *parts[64];
    size_t n = 0;
    if (!raw || !*raw)
        return -1;
    snprintf(digits, sizeof digits, "%.*s", (int)strspn(raw, "0123456789. "), raw);
    for (size_t c = 0; c < def->table->n_cols && n < 64; c++) {
        int i = ogi_cell_in_table(def->table->id, def->r, c);
        const ogi_cell *x = &r->cells[i];
        if (x->state != OGI_CELL_AMBIGUOUS || !x->raw || strcmp(x->raw, raw) != 0)
            continue;
        const json_t *tv = json_object_get(cells, ogi_cell_at((size_t)i)->key);
        if (!tv || json_is_null(tv))
            return -1;
        truth_expected_text(tv, want[n], sizeof want[n]);
        strncat(joined, want[n], sizeof joined - strlen(joined) - 1);
        parts[n] = want[n];
        n++;
    }
    if (!strchr(digits, ' '))
        return strcmp(joined, digits) == 0;
    const char *got[64];
    size_t m = 0;
    for (char *t = strtok(digits, " "); t && m < 64; t = strtok(NULL, " "))
        got[m++] = t;
    if (m != n)
        return 0;
    qsort(got, m, sizeof *got, cmp_str);
    qsort(parts, n, sizeof *parts, cmp_str);
    for (size_t k = 0; k < n; k++)
        if (strcmp(got[k], parts[k]) != 0)
            return 0;
    return 1;
}

typedef struct {
    size_t files, exact, cells, ambiguous, wrong;
} tally;

typedef struct {
    size_t ambiguous, wrong;
} file_score;

static void report_wrong(file_score *fs, const char *key, const char *want, const char *got,
                         const char *why)
{
    if (fs->wrong++ == 0)
        printf("WRONG\n");
    printf("    %s: expected %s, got %s%s\n", key, want, got, why);
}

/* One truth cell against the import and the list. */
static void score_cell(const ogi_report *r, const json_t *cells, const json_t *list,
                       const char *key, const json_t *v, file_score *fs)
{
    char want[64], got[256] = "absent";
    truth_expected_text(v, want, sizeof want);
    if (r)
        truth_got_text(r, ogi_cell_index(key), got, sizeof got);
    const json_t *entry = listed(list, key);
    bool ambiguous = strncmp(got, "ambiguous(", 10) == 0;
    if (strcmp(want, got) == 0) {
        if (entry)
            report_wrong(fs, key, want, got, " (listed as ambiguous but exact: stale entry)");
    } else if (ambiguous && !entry) {
        report_wrong(fs, key, want, got, " (ambiguous, not in known_ambiguous.json)");
    } else if (ambiguous && truth_is_a_reading(r, cells, key) == 0) {
        report_wrong(fs, key, want, got, " (the truth is not a reading of the raw text)");
    } else if (ambiguous) {
        fs->ambiguous++;
    } else {
        report_wrong(fs, key, want, got, "");
    }
}

/* Listed keys that are not truth keys of the file: the list went stale. */
static void check_list_keys(const json_t *list, const json_t *cells, file_score *fs)
{
    size_t i;
    const json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *key = json_string_value(json_object_get(e, "key"));
        if (!key || !json_object_get(cells, key))
            report_wrong(fs, key ? key : "(no key)", "-", "-", " (listed key is not a truth key)");
    }
}

/* The statistical year, where the truth gives one: the text states it in
 * a title, a period, or a sentence about the year (map_meta.c). */
static void score_year(const ogi_report *r, const json_t *year, file_score *fs)
{
    if (!json_is_integer(year))
        return;
    char want[32], got[32];
    snprintf(want, sizeof want, "%lld", (long long)json_integer_value(year));
    snprintf(got, sizeof got, "%d", r ? r->year : 0);
    if (strcmp(want, got) != 0)
        report_wrong(fs, "report_year", want, got, "");
}

static const char *corpus_relative(const char *path)
{
    const char *p = strstr(path, "/corpus/");
    return p ? p + strlen("/corpus/") : path;
}

static void score_file(const corpus_pair *p, const json_t *known, tally *t)
{
    json_error_t jerr;
    json_t *truth = json_load_file(p->truth, 0, &jerr);
    assert_non_null(truth);
    json_t *cells = json_object_get(truth, "cells");
    const json_t *list = json_object_get(json_object_get(known, "files"), corpus_relative(p->raw));
    char err[512] = "";
    ogi_report *r = ogi_import_file(p->raw, err, sizeof err);
    file_score fs = {0, 0};
    const char *key;
    json_t *v;
    t->files++;
    printf("%s: ", p->raw);
    if (!r)
        printf("not imported: %s\n", err);
    json_object_foreach(cells, key, v)
    {
        t->cells++;
        score_cell(r, cells, list, key, v, &fs);
    }
    check_list_keys(list, cells, &fs);
    score_year(r, json_object_get(truth, "year"), &fs);
    t->wrong += fs.wrong;
    t->ambiguous += fs.ambiguous;
    if (!fs.wrong) {
        t->exact++;
        if (fs.ambiguous)
            printf("exact-but-ambiguous (%zu)\n", fs.ambiguous);
        else
            printf("exact\n");
    }
    fflush(stdout);
    ogi_report_free(r);
    json_decref(truth);
}

static void run_corpus(const char *only_ext)
{
    pair_list l = corpus_pairs(only_ext);
    json_t *known = known_ambiguous();
    assert_true(l.n > 0);
    tally t = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < l.n; i++)
        score_file(&l.v[i], known, &t);
    printf("corpus: %zu files exact of %zu; %zu cells ambiguous (listed); %zu cells wrong of %zu\n",
           t.exact, t.files, t.ambiguous, t.wrong, t.cells);
    free(l.v);
    json_decref(known);
    fflush(stdout);
    assert_int_equal(t.exact, t.files);
    assert_int_equal(t.wrong, 0);
}

/* Scraped texts, pdftotext extractions, converted Markdown. */
static void test_text_files_match_truth(void **state)
{
    (void)state;
    run_corpus(".txt");
}

/* Published HTML pages and PDFs, read by their own readers. */
static void test_html_files_match_truth(void **state)
{
    (void)state;
    run_corpus(".html");
}

static void test_pdf_files_match_truth(void **state)
{
    (void)state;
    run_corpus(".pdf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_files_match_truth),
        cmocka_unit_test(test_html_files_match_truth),
        cmocka_unit_test(test_pdf_files_match_truth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
