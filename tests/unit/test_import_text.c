/*
 * test_import_text.c — the text reader and the label mapper on small
 * synthetic inputs, one test per layout feature of annual-report-format.md
 * §6 (and §1 headings, §7 format detection, R0.7 ambiguity).
 *
 * Labels are never written here: every input is composed from the format
 * definition (captions, row and column labels, variants, headings), so the
 * tests exercise the mapper against the same single definition it uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include <cmocka.h>

#include "import/map_internal.h"
#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/text.h"
#include "ogi/validate.h"

/* src/report/validate.c is written in another worktree; json.c refers to
 * this one function of it.  A weak stand-in lets this test link until the
 * real one arrives, which then takes precedence. */
__attribute__((weak)) const char *ogi_severity_name(ogi_severity s)
{
    return s == 0 ? "ERROR" : "WARNING";
}

/* ---- composing inputs from the definition ---- */

static const ogi_table_def *T(ogi_table_id t) { return ogi_table_at(t); }
static const char *rowl(ogi_table_id t, size_t r) { return T(t)->rows[r].label; }
static const char *coll(ogi_table_id t, size_t c) { return T(t)->cols[c].label; }
static const char *heading(int n) { return ogi_section_at((size_t)n - 1)->heading; }

static size_t row_of(ogi_table_id t, const char *key)
{
    for (size_t r = 0; r < T(t)->n_rows; r++)
        if (strcmp(T(t)->rows[r].key, key) == 0)
            return r;
    fail_msg("no row %s", key);
    return 0;
}

/* 「信息内容 | col1 | col2 …」 */
static void put_header(ogi_buf *b, ogi_table_id t, const char *sep)
{
    ogi_buf_puts(b, T(t)->corner);
    for (size_t c = 0; c < T(t)->n_cols; c++)
        ogi_buf_printf(b, "%s%s", sep, coll(t, c));
    ogi_buf_puts(b, "\n");
}

static ogi_report *import_text(const char *text)
{
    char err[256] = "";
    ogi_report *r = ogi_import_bytes(text, strlen(text), "synthetic.txt", err, sizeof err);
    if (!r)
        fail_msg("import failed: %s", err);
    return r;
}

static ogi_report *import_buf(ogi_buf *b)
{
    ogi_report *r = import_text(b->data);
    ogi_buf_free(b);
    return r;
}

/* ---- assertions on cells ---- */

static const ogi_cell *cell(const ogi_report *r, ogi_table_id t, size_t row, size_t col)
{
    int i = ogi_cell_in_table(t, row, col);
    assert_true(i >= 0);
    return &r->cells[i];
}

static void expect_cell_value(const ogi_report *r, ogi_table_id t, size_t row, size_t col,
                         const char *want)
{
    int i = ogi_cell_in_table(t, row, col);
    const ogi_cell *c = cell(r, t, row, col);
    char buf[OGI_VALUE_BUF];
    if (c->state != OGI_CELL_VALUE)
        fail_msg("%s: state %s (raw %s), want %s", ogi_cell_at((size_t)i)->key,
                 ogi_cell_state_name(c->state), c->raw ? c->raw : "", want);
    assert_string_equal(ogi_cell_value_text(ogi_cell_at((size_t)i), c, buf), want);
}

static void expect_cell_state(const ogi_report *r, ogi_table_id t, size_t row, size_t col,
                         ogi_cell_state s)
{
    const ogi_cell *c = cell(r, t, row, col);
    if (c->state != s)
        fail_msg("%s: state %s, want %s", ogi_cell_at((size_t)ogi_cell_in_table(t, row, col))->key,
                 ogi_cell_state_name(c->state), ogi_cell_state_name(s));
}

static void expect_row_values(const ogi_report *r, ogi_table_id t, size_t row,
                              const char *const *want)
{
    for (size_t c = 0; c < T(t)->n_cols; c++)
        expect_cell_value(r, t, row, c, want[c]);
}

static void expect_row_state(const ogi_report *r, ogi_table_id t, size_t row, ogi_cell_state s)
{
    for (size_t c = 0; c < T(t)->n_cols; c++)
        expect_cell_state(r, t, row, c, s);
}

/* ---- the text reader ---- */

static void test_reader_splits_pipes_tabs_and_space_runs(void **state)
{
    (void)state;
    const char *text = "a | b | | c |\n"
                       "| x | y |\n"
                       "|\n"
                       "|---|---|\n"
                       "p\tq\n"
                       "m    n  o\n"
                       "one cell only\n"
                       "0 | ||\n";
    ogi_doc d;
    ogi_doc_init(&d, "t.txt");
    char err[128];
    assert_int_equal(ogi_read_text(text, strlen(text), &d, err, sizeof err), 0);
    assert_int_equal(d.n, 6); /* the lone pipe and the rule carry nothing */
    assert_int_equal(d.rows[0].n, 4);
    assert_true(d.rows[0].grid);
    assert_string_equal(d.rows[0].cells[2].text, ""); /* an inner empty cell is kept */
    assert_int_equal(d.rows[1].n, 2);
    assert_string_equal(d.rows[1].cells[0].text, "x");
    assert_int_equal(d.rows[2].n, 2);
    assert_int_equal(d.rows[3].n, 3);
    assert_string_equal(d.rows[3].cells[2].text, "o");
    assert_int_equal(d.rows[4].n, 1);
    assert_int_equal(d.rows[5].n, 1); /* "0 | ||": one cell, the rest is padding */
    assert_false(d.rows[5].grid);
    assert_int_equal(d.rows[3].line, 6);
    ogi_doc_free(&d);
}

static void test_reader_rejects_invalid_utf8(void **state)
{
    (void)state;
    ogi_doc d;
    ogi_doc_init(&d, "bad.txt");
    char err[128] = "";
    assert_int_equal(ogi_read_text("\xff\xfe\xfa", 3, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad.txt"));
    ogi_doc_free(&d);
}

/* ---- section 二 ---- */

static void test_pipe_rows_v2021(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "page junk 首页 > 政务公开\n%s | |||\n", T(OGI_T_ART20_1_V2021)->caption);
    put_header(&b, OGI_T_ART20_1_V2021, " | ");
    ogi_buf_printf(&b, "%s | 0 | 0 | 0 |\n%s | 2 | 9 | 9 |\n", rowl(OGI_T_ART20_1_V2021, 0),
                   rowl(OGI_T_ART20_1_V2021, 1));
    ogi_buf_printf(&b, "%s | |||\n", T(OGI_T_ART20_8_V2021)->caption);
    put_header(&b, OGI_T_ART20_8_V2021, " | ");
    ogi_buf_printf(&b, "%s | 0.5 |\n版权所有 联系我们\n", rowl(OGI_T_ART20_8_V2021, 0));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_ART20_1_V2021, 1, (const char *const[]){"2", "9", "9"});
    expect_cell_value(r, OGI_T_ART20_1_V2021, 0, 2, "0");
    expect_cell_value(r, OGI_T_ART20_8_V2021, 0, 0, "0.5");
    assert_false(ogi_report_table_present(r, OGI_T_ART20_1_V2019));
    assert_int_equal(ogi_report_detect_format(r, NULL, 0, NULL, 0), OGI_FORMAT_V2021);
    assert_int_equal(cell(r, OGI_T_ART20_1_V2021, 1, 0)->src.line, 5);
    assert_string_equal(cell(r, OGI_T_ART20_1_V2021, 1, 0)->src.file, "synthetic.txt");
    ogi_report_free(r);
}

/* A PDF-to-Markdown conversion (wild/030): 「## 二、…」 headings and
 * 「### 第二十条第（五）项」 captions carry Markdown markers, the title line
 * starts with 「# 」, and a section 三 row label is printed as a heading of
 * its own (「### 一、本年新收…」) and then again, without its item number,
 * in the pipe row that holds its numbers. */
static void test_markdown_headings_and_unnumbered_rows(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_puts(&b, "# 某县人民政府 2025 年 政府信息公开工作年度报告\n\n"
                     "## 二、主动公开政府信息情况\n\n### 第二十条第（五）项\n"
                     "| 信息内容 | 本年处理决定数量 |\n|---|---|\n| 行政许可 | 517 |\n\n"
                     "## 三、收到和处理政府信息公开申请情况\n\n### 一、本年新收政府信息公开申请数量\n"
                     "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n"
                     "|---|---|---|---|---|---|---|---|\n"
                     "| 本年新收政府信息公开申请数量 | 7 | 3 | 0 | 0 | 5 | 0 | 15 |\n\n"
                     "### (一) 予以公开\n| 予以公开 | 2 | 1 | 0 | 0 | 3 | 0 | 6 |\n");
    ogi_report *r = import_buf(&b);
    assert_non_null(r->headings[1]);
    assert_non_null(r->headings[2]);
    assert_string_equal(r->agency, "某县人民政府");
    assert_int_equal(r->year, 2025);
    expect_cell_value(r, OGI_T_ART20_5_V2021, 0, 0, "517");
    expect_row_values(r, OGI_T_S3, 0, (const char *const[]){"7", "3", "0", "0", "5", "0", "15"});
    expect_row_values(r, OGI_T_S3, 2, (const char *const[]){"2", "1", "0", "0", "3", "0", "6"});
    ogi_report_free(r);
}

/* One cell per line, empty cells dropped: 「规章 / 规范性文件 / 0 / 0 / 0」. */
static void test_dropped_cells_follow_their_label(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2019;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(t)->caption);
    put_header(&b, t, "\n");
    ogi_buf_printf(&b, "%s\n%s\n0\n0\n0\n", rowl(t, 0), rowl(t, 1));
    ogi_report *r = import_buf(&b);
    expect_row_state(r, t, 0, OGI_CELL_BLANK);
    expect_row_values(r, t, 1, (const char *const[]){"0", "0", "0"});
    ogi_report_free(r);
}

/* Some but not all numbers of a row, columns unknown: ambiguous (R0.7). */
static void test_partial_row_is_ambiguous(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2021;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(t)->caption);
    put_header(&b, t, "\n");
    ogi_buf_printf(&b, "%s\n1\n2\n%s\n3\n4\n5\n%s\n", rowl(t, 0), rowl(t, 1), heading(3));
    ogi_report *r = import_buf(&b);
    expect_row_state(r, t, 0, OGI_CELL_AMBIGUOUS);
    assert_string_equal(cell(r, t, 0, 1)->raw, "1 2");
    expect_row_values(r, t, 1, (const char *const[]){"3", "4", "5"});
    ogi_report_free(r);
}

/* An excerpt that stops inside a row keeps the numbers it has, from the left. */
static void test_document_cut_inside_a_row(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s |\n7 |\n0 |\n1 |\n", rowl(OGI_T_S3, 0));
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, OGI_T_S3, 0, 0, "7");
    expect_cell_value(r, OGI_T_S3, 0, 2, "1");
    expect_cell_state(r, OGI_T_S3, 0, 3, OGI_CELL_ABSENT);
    ogi_report_free(r);
}

/* Cells on their own lines, each followed by a line holding only '|'. */
static void test_lone_pipe_lines_and_tabs(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_6_V2021;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n|\n%s\n|\n%s\n|\n%s\n|\n12\n|\n", T(t)->caption, T(t)->corner,
                   coll(t, 0), rowl(t, 0));
    ogi_buf_printf(&b, "\t%s\t34\n", rowl(t, 1));
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, t, 0, 0, "12");
    expect_cell_value(r, t, 1, 0, "34");
    ogi_report_free(r);
}

/* Header labels cut at a line break (「本年新」 twice) still mean v2019 (§7). */
static void test_truncated_headers_pick_v2019(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2019;
    const char *cut = T(t)->cols[0].variants[0];
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s |\n%s |\n%s |\n%s |\n", T(t)->caption, T(t)->corner, cut, cut,
                   coll(t, 2));
    /* the 2021 wording of the second row, under 2019 columns */
    ogi_buf_printf(&b, "%s |\n1 |\n2 |\n3 |\n%s |\n4 |\n5 |\n6 |\n", rowl(t, 0),
                   rowl(OGI_T_ART20_1_V2021, 1));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 1, (const char *const[]){"4", "5", "6"});
    assert_false(ogi_report_table_present(r, OGI_T_ART20_1_V2021));
    ogi_report_free(r);
}

/* Units written in cells; 元 in a 万元 column is divided by 10 000. */
static void test_units_in_cells(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(OGI_T_ART20_5_V2021)->caption);
    put_header(&b, OGI_T_ART20_5_V2021, " | ");
    ogi_buf_printf(&b, "%s | 15098件 |\n", rowl(OGI_T_ART20_5_V2021, 0));
    ogi_buf_printf(&b, "%s\n", T(OGI_T_ART20_9_V2019)->caption);
    put_header(&b, OGI_T_ART20_9_V2019, " | ");
    ogi_buf_printf(&b, "%s | 9 | 251000元 |\n", rowl(OGI_T_ART20_9_V2019, 0));
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, OGI_T_ART20_5_V2021, 0, 0, "15098");
    expect_cell_value(r, OGI_T_ART20_9_V2019, 0, 1, "25.1");
    assert_string_equal(cell(r, OGI_T_ART20_9_V2019, 0, 1)->raw, "251000元");
    ogi_report_free(r);
}

/* Replace each simplified label character that has a traditional form. */
static char *to_traditional(const char *s)
{
    ogi_buf b;
    ogi_buf_init(&b);
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
        for (size_t i = 0; i < map_fold_count(); i++) {
            uint32_t trad, simp;
            map_fold_pair(i, &trad, &simp);
            if (simp == (uint32_t)cp) {
                cp = (utf8proc_int32_t)trad;
                break;
            }
        }
        utf8proc_uint8_t enc[4];
        ogi_buf_put(&b, (const char *)enc, (size_t)utf8proc_encode_char(cp, enc));
        p += k;
    }
    return ogi_buf_steal(&b);
}

/* Traditional characters and half-width punctuation still match. */
static void test_traditional_and_halfwidth_labels(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2021;
    char *cap = to_traditional(T(t)->caption), *r1 = to_traditional(rowl(t, 1));
    assert_string_not_equal(cap, T(t)->caption);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", cap);
    put_header(&b, t, " | ");
    ogi_buf_printf(&b, "%s | 1 | 2 | 3 |\n", r1);
    free(cap);
    free(r1);
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 1, (const char *const[]){"1", "2", "3"});
    ogi_report_free(r);
}

static bool occurs_in_definition(const char *ch)
{
    for (size_t i = 0; i < ogi_table_count(); i++) {
        const ogi_table_def *td = ogi_table_at(i);
        if (strstr(td->caption, ch))
            return true;
        for (size_t r = 0; r < td->n_rows; r++) {
            const ogi_row_def *rd = &td->rows[r];
            if (strstr(rd->label, ch) || (rd->group && strstr(rd->group, ch)) ||
                (rd->subgroup && strstr(rd->subgroup, ch)))
                return true;
        }
        for (size_t c = 0; c < td->n_cols; c++) {
            const ogi_col_def *cd = &td->cols[c];
            if (strstr(cd->label, ch) || (cd->group && strstr(cd->group, ch)) ||
                (cd->subgroup && strstr(cd->subgroup, ch)))
                return true;
            for (size_t v = 0; cd->variants && cd->variants[v]; v++)
                if (strstr(cd->variants[v], ch))
                    return true;
        }
    }
    for (size_t i = 0; i < ogi_section_count(); i++)
        if (strstr(ogi_section_at(i)->heading, ch))
            return true;
    return false;
}

/* The fold table holds only characters of the definition's labels, sorted. */
static void test_fold_table_is_label_characters(void **state)
{
    (void)state;
    uint32_t prev = 0;
    for (size_t i = 0; i < map_fold_count(); i++) {
        uint32_t trad, simp;
        map_fold_pair(i, &trad, &simp);
        assert_true(trad > prev);
        prev = trad;
        utf8proc_uint8_t enc[5] = {0};
        utf8proc_encode_char((utf8proc_int32_t)simp, enc);
        if (!occurs_in_definition((const char *)enc))
            fail_msg("fold target %s is in no label", enc);
        assert_int_equal(map_fold_traditional(trad), simp);
    }
}

/* pdftotext -layout: columns are runs of spaces; a label wrapped over two lines. */
static void test_layout_columns_and_wrapped_label(void **state)
{
    (void)state;
    const char *rl = rowl(OGI_T_S3, row_of(OGI_T_S3, "not_handled_confirm_reissue"));
    size_t cut = 0, chars = 0;
    while (rl[cut] && chars < 12) /* cut after 12 characters */
        cut += (size_t)utf8proc_iterate((const utf8proc_uint8_t *)rl + cut, -1,
                                        &(utf8proc_int32_t){0}),
            chars++;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "   %s        21    0      0     0   0   0     21\n", rowl(OGI_T_S3, 0));
    ogi_buf_printf(&b, "          %.*s\n      1   0   0   0   0   0   1\n          %s\n",
                   (int)cut, rl, rl + cut);
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, 0, (const char *const[]){"21", "0", "0", "0", "0", "0", "21"});
    expect_row_values(r, OGI_T_S3, row_of(OGI_T_S3, "not_handled_confirm_reissue"),
                      (const char *const[]){"1", "0", "0", "0", "0", "0", "1"});
    ogi_report_free(r);
}

/* Plain pdftotext: a one-column table's number can come before its label. */
static void test_number_before_label_in_one_column_table(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_5_V2021;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s\n%s\n550\n%s\n%s\n", T(t)->caption, T(t)->corner, coll(t, 0),
                   rowl(t, 0), T(OGI_T_ART20_6_V2021)->caption);
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, t, 0, 0, "550");
    ogi_report_free(r);
}

/* A misprinted numbered row label (a character lost) still names its row. */
static void test_misprinted_row_label(void **state)
{
    (void)state;
    size_t row = row_of(OGI_T_S3, "withheld_law_prohibited");
    const char *rl = rowl(OGI_T_S3, row);
    /* drop the 9th and 10th characters */
    size_t a = 0, chars = 0;
    while (chars < 8)
        a += (size_t)utf8proc_iterate((const utf8proc_uint8_t *)rl + a, -1,
                                      &(utf8proc_int32_t){0}),
            chars++;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%.*s%s | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n", (int)a, rl, rl + a + 6);
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, OGI_T_S3, row, 0, "3");
    ogi_report_free(r);
}


/* 「第二十条  第（一）项」: a caption cut in two by wide spacing. */
static void test_caption_split_by_spacing(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2021;
    const char *cap = T(t)->caption;
    size_t half = strlen("第二十条"); /* the caption's first four characters */
    assert_int_equal(strncmp(cap, "第二十条", half), 0);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%.*s  %s\n", (int)half, cap, cap + half);
    put_header(&b, t, "\n");
    ogi_buf_printf(&b, "%s\n1\n8\n15\n", rowl(t, 1));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 1, (const char *const[]){"1", "8", "15"});
    ogi_report_free(r);
}

/* A header row of a section 二 table whose caption went elsewhere. */
static void test_header_without_caption(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2021;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(OGI_T_ART20_8_V2021)->caption);
    put_header(&b, OGI_T_ART20_8_V2021, " ");
    ogi_buf_printf(&b, "%s 0\n## 表二\n| ", rowl(OGI_T_ART20_8_V2021, 0));
    put_header(&b, t, " | ");
    ogi_buf_printf(&b, "|---|---|---|---|\n| %s | 13 | 0 | 55 |\n", rowl(OGI_T_ART20_1_V2019, 1));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 1, (const char *const[]){"13", "0", "55"});
    ogi_report_free(r);
}

/* Plain pdftotext: several rows' numbers after one label, the other labels
 * alone elsewhere — placed by order when the rows add up (R3.1), read row
 * by row or column by column. */
static void test_block_of_rows_after_one_label(void **state)
{
    (void)state;
    size_t carried = row_of(OGI_T_S3, "carried_over"), granted = row_of(OGI_T_S3, "granted");
    size_t partial = row_of(OGI_T_S3, "partial");
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n34\n0\n0\n0\n0\n0\n34\n1288\n21\n0\n0\n50\n3\n1362\n"
                       "447\n7\n0\n0\n0\n0\n454\n%s\n%s\n",
                   rowl(OGI_T_S3, carried), rowl(OGI_T_S3, granted), rowl(OGI_T_S3, partial));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, granted,
                      (const char *const[]){"1288", "21", "0", "0", "50", "3", "1362"});
    expect_cell_value(r, OGI_T_S3, partial, 6, "454");
    ogi_report_free(r);

    /* the same two rows printed column by column after the first label */
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n1\n10\n0\n0\n0\n0\n0\n0\n0\n0\n0\n0\n1\n10\n%s\n",
                   rowl(OGI_T_S3, granted), rowl(OGI_T_S3, partial));
    r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, granted, (const char *const[]){"1", "0", "0", "0", "0", "0", "1"});
    expect_cell_value(r, OGI_T_S3, partial, 0, "10");
    ogi_report_free(r);
}

/* Numbers in label-less grid rows: attributing them by proximity would be
 * a guess, so the rows they might belong to are ambiguous, not blank. */
static void test_detached_numbers_are_ambiguous(void **state)
{
    (void)state;
    size_t granted = row_of(OGI_T_S3, "granted"), partial = row_of(OGI_T_S3, "partial");
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s\n| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n", rowl(OGI_T_S3, granted),
                   rowl(OGI_T_S3, partial));
    ogi_report *r = import_buf(&b);
    expect_row_state(r, OGI_T_S3, granted, OGI_CELL_AMBIGUOUS);
    expect_row_state(r, OGI_T_S3, partial, OGI_CELL_AMBIGUOUS);
    ogi_report_free(r);
}

/* ---- section 三 rows a converter set apart from their labels (map_order.c) ---- */

/* A consistent v2021 table: 一 12/2 + 二 3/0 = （七） 14/2 + 四 1/0, the
 * outcome rows（一）5/1 （二）1 （三）4. 2/1 （四）1. 4 （六）3. 2, all else 0.
 * Values per row key; rows not listed are zero. */
typedef struct {
    const char *key;
    int64_t natural, commercial;
} s3_fixture_row;

static const s3_fixture_row S3_FIXTURE[] = {
    {"new_received", 12, 2}, {"carried_over", 3, 0},         {"granted", 5, 1},
    {"partial", 1, 0},       {"withheld_third_party", 2, 1}, {"unavailable_not_held", 4, 0},
    {"other_misc", 2, 0},    {"outcome_total", 14, 2},       {"carry_forward", 1, 0},
};

static void fixture_row(size_t row, int64_t *v)
{
    size_t n = T(OGI_T_S3)->n_cols;
    memset(v, 0, n * sizeof *v);
    for (size_t k = 0; k < sizeof S3_FIXTURE / sizeof S3_FIXTURE[0]; k++)
        if (strcmp(S3_FIXTURE[k].key, T(OGI_T_S3)->rows[row].key) == 0) {
            v[0] = S3_FIXTURE[k].natural;
            v[1] = S3_FIXTURE[k].commercial;
        }
    v[n - 1] = v[0] + v[1];
}

/* 「| label | n … |」 when label, else a label-less grid row 「| n … |」. */
static void put_s3_grid_row(ogi_buf *b, size_t row, const char *label)
{
    int64_t v[MAP_MAX_COLS];
    fixture_row(row, v);
    if (label)
        ogi_buf_printf(b, "| %s ", label);
    for (size_t c = 0; c < T(OGI_T_S3)->n_cols; c++)
        ogi_buf_printf(b, "| %lld ", (long long)v[c]);
    ogi_buf_puts(b, "|\n");
}

static bool is_v2021_row(size_t row) { return T(OGI_T_S3)->rows[row].formats & OGI_FMT_V2021; }

/* Rows 一, 二 and （一） keep their labels; the labels of all later rows
 * come as a block of plain lines, then their numbers as label-less grid
 * rows in the order given by numbers[] (row indices; SIZE_MAX = a stray
 * row of 9s). */
static ogi_report *import_detached(const size_t *numbers, size_t n_numbers)
{
    size_t granted = row_of(OGI_T_S3, "granted");
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", heading(3));
    for (size_t r = 0; r <= granted; r++)
        put_s3_grid_row(&b, r, rowl(OGI_T_S3, r));
    for (size_t r = granted + 1; r < T(OGI_T_S3)->n_rows; r++)
        if (is_v2021_row(r))
            ogi_buf_printf(&b, "%s\n", rowl(OGI_T_S3, r));
    for (size_t k = 0; k < n_numbers; k++) {
        if (numbers[k] == SIZE_MAX)
            ogi_buf_puts(&b, "| 9 | 0 | 0 | 0 | 0 | 0 | 9 |\n");
        else
            put_s3_grid_row(&b, numbers[k], NULL);
    }
    ogi_buf_printf(&b, "%s\n", heading(4));
    return import_buf(&b);
}

/* The detached rows' indices in definition order (v2021 rows after （一）). */
static size_t detached_rows(size_t *rows)
{
    size_t n = 0;
    for (size_t r = row_of(OGI_T_S3, "granted") + 1; r < T(OGI_T_S3)->n_rows; r++)
        if (is_v2021_row(r))
            rows[n++] = r;
    return n;
}

static void expect_fixture_row(const ogi_report *r, size_t row)
{
    int64_t v[MAP_MAX_COLS];
    fixture_row(row, v);
    for (size_t c = 0; c < T(OGI_T_S3)->n_cols; c++) {
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)v[c]);
        expect_cell_value(r, OGI_T_S3, row, c, want);
    }
}

static void expect_no_value(const ogi_report *r, size_t row)
{
    for (size_t c = 0; c < T(OGI_T_S3)->n_cols; c++)
        assert_int_not_equal(cell(r, OGI_T_S3, row, c)->state, OGI_CELL_VALUE);
}

/* Labels and numbers in the same order: placed, because the completed
 * table passes R3.1–R3.3 (（七） and 四 are among the placed rows). */
static void test_order_places_detached_rows(void **state)
{
    (void)state;
    size_t rows[32], n = detached_rows(rows);
    ogi_report *r = import_detached(rows, n);
    for (size_t k = 0; k < n; k++)
        expect_fixture_row(r, rows[k]);
    assert_true(cell(r, OGI_T_S3, rows[0], 0)->src.line > 0);
    ogi_report_free(r);
}

/* The number rows of （七）总计 and 四 printed the other way round: the
 * order hypothesis breaks R3.2 and R3.3, so nothing is placed. */
static void test_order_breaking_identities_stays_ambiguous(void **state)
{
    (void)state;
    size_t rows[32], n = detached_rows(rows);
    size_t tmp = rows[n - 1];
    rows[n - 1] = rows[n - 2];
    rows[n - 2] = tmp;
    ogi_report *r = import_detached(rows, n);
    for (size_t k = 0; k < n; k++)
        expect_no_value(r, rows[k]);
    expect_row_state(r, OGI_T_S3, row_of(OGI_T_S3, "outcome_total"), OGI_CELL_AMBIGUOUS);
    ogi_report_free(r);
}

/* One number row missing (（三）4.'s): nothing shifts into its place; the
 * rows stay unplaced rather than taking their neighbours' numbers. */
static void test_order_missing_number_row_shifts_nothing(void **state)
{
    (void)state;
    size_t rows[32], n = detached_rows(rows), third = row_of(OGI_T_S3, "withheld_third_party");
    size_t numbers[32] = {0}, m = 0;
    for (size_t k = 0; k < n; k++)
        if (rows[k] != third)
            numbers[m++] = rows[k];
    ogi_report *r = import_detached(numbers, m);
    for (size_t k = 0; k < n; k++)
        expect_no_value(r, rows[k]);
    ogi_report_free(r);
}

/* A stray extra number row: only leaving it out keeps the identities, so
 * every row gets its own numbers. */
static void test_order_stray_number_row_left_out(void **state)
{
    (void)state;
    size_t rows[32], n = detached_rows(rows), numbers[33] = {0}, m = 0;
    for (size_t k = 0; k < n; k++) {
        numbers[m++] = rows[k];
        if (k == 5)
            numbers[m++] = SIZE_MAX;
    }
    ogi_report *r = import_detached(numbers, m);
    for (size_t k = 0; k < n; k++)
        expect_fixture_row(r, rows[k]);
    ogi_report_free(r);
}

/* Three code points of a long label from its third: a fragment of it left
 * by a converter that wrapped the label, no label itself and without
 * digits.  NULL for a short label (converters wrap long ones). */
static char *label_fragment(const char *label)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)label;
    const char *from = NULL, *to = NULL;
    int k = 0;
    for (; *p; k++) {
        utf8proc_int32_t cp;
        if (k == 2)
            from = (const char *)p;
        p += utf8proc_iterate(p, -1, &cp);
        if (k == 4)
            to = (const char *)p;
    }
    return k < 8 ? NULL : ogi_strndup(from, (size_t)(to - from));
}

/* The converter left fragments of the wrapped labels in some number rows
 * (「| 行政机关不再处理其政府信息公 | 40 | … | 43 |」), the labels
 * themselves elsewhere: text that names no row leaves the row label-less,
 * so it is placed by order and the identities like the others. */
static void test_order_rows_with_label_fragments(void **state)
{
    (void)state;
    size_t rows[32], n = detached_rows(rows), granted = row_of(OGI_T_S3, "granted");
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", heading(3));
    for (size_t r = 0; r <= granted; r++)
        put_s3_grid_row(&b, r, rowl(OGI_T_S3, r));
    for (size_t k = 0; k < n; k++)
        ogi_buf_printf(&b, "%s\n", rowl(OGI_T_S3, rows[k]));
    for (size_t k = 0; k < n; k++) {
        char *frag = k % 3 ? label_fragment(rowl(OGI_T_S3, rows[k])) : NULL;
        if (frag && k % 3 == 1)
            ogi_buf_printf(&b, "| %s ", frag); /* two cells of fragments */
        put_s3_grid_row(&b, rows[k], frag);
        free(frag);
    }
    ogi_buf_printf(&b, "%s\n", heading(4));
    ogi_report *r = import_buf(&b);
    for (size_t k = 0; k < n; k++)
        expect_fixture_row(r, rows[k]);
    ogi_report_free(r);
}

/* Section 四 in runs broken by header words: when the reading order breaks
 * the totals and several orders of the runs keep them, cells are ambiguous;
 * when none does, the reading order stands (a published error). */
static void test_s4_runs_out_of_order(void **state)
{
    (void)state;
    const char *total = coll(OGI_T_S4, 4);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s\n72\n64\n178\n37\n%s\n12\n1\n1\n6\n%s\n351\n13\n4\n8\n1\n26\n"
                       "%s\n20\n%s\n",
                   heading(4), T(OGI_T_S4)->cols[0].group, coll(OGI_T_S4, 0), total, total,
                   heading(5));
    ogi_report *r = import_buf(&b);
    expect_row_state(r, OGI_T_S4, 0, OGI_CELL_AMBIGUOUS);
    ogi_report_free(r);

    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s\n10\n1\n0\n0\n0\n0\n0\n0\n0\n0\n5\n0\n0\n0\n%s\n0\n%s\n", heading(4),
                   T(OGI_T_S4)->cols[0].group, total, heading(5));
    r = import_buf(&b);
    expect_cell_value(r, OGI_T_S4, 0, 0, "10");
    expect_cell_value(r, OGI_T_S4, 0, 4, "0");
    ogi_report_free(r);
}

/* A local extra row is kept in s2_extra[], its numbers not mapped. */
static void test_extra_row_kept_verbatim(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_1_V2019;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(t)->caption);
    put_header(&b, t, "\n");
    ogi_buf_printf(&b, "%s（设区的市应提供）\n0\n0\n0\n%s\n34\n4\n47\n其他主动公开文件\n5\n6\n7\n",
                   rowl(t, 0), rowl(t, 1));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 1, (const char *const[]){"34", "4", "47"});
    assert_int_equal(r->n_extras, 1);
    assert_string_equal(r->extras[0], "其他主动公开文件 | 5 | 6 | 7");
    ogi_report_free(r);
}

/* ---- section 三 ---- */

static void put_s3_row(ogi_buf *b, const char *key, const char *values)
{
    ogi_buf_printf(b, "%s%s", rowl(OGI_T_S3, row_of(OGI_T_S3, key)), values);
}

/* Spaced labels and header fragments on their own lines; (六) as a group. */
static void test_s3_one_cell_per_line(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", heading(3));
    for (size_t c = 0; c < T(OGI_T_S3)->n_cols; c++) { /* 「自 然 人」 */
        const char *l = coll(OGI_T_S3, c);
        utf8proc_int32_t cp;
        for (const char *p = l; *p;) {
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
            ogi_buf_printf(&b, "%.*s ", (int)k, p);
            p += k;
        }
        ogi_buf_puts(&b, "\n");
    }
    ogi_buf_puts(&b, "一、本年新收 政府 信息公开申请数量\n5\n0\n0\n0\n0\n0\n5\n");
    size_t other = row_of(OGI_T_S3, "other_no_supplement");
    ogi_buf_printf(&b, "%s\n%s\n1\n0\n0\n0\n0\n0\n1\n", T(OGI_T_S3)->rows[other].subgroup,
                   rowl(OGI_T_S3, other));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, 0, (const char *const[]){"5", "0", "0", "0", "0", "0", "5"});
    expect_cell_value(r, OGI_T_S3, other, 6, "1");
    expect_row_state(r, OGI_T_S3, row_of(OGI_T_S3, "other_v2019"), OGI_CELL_ABSENT);
    ogi_report_free(r);
}

/* Cells run together: one split satisfies the row total → the values. */
static void test_concatenated_digits_unique(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    put_s3_row(&b, "new_received", "801000081");
    put_s3_row(&b, "carried_over", "0000000");
    put_s3_row(&b, "granted", "230 000023"); /* a stray blank is a certain boundary */
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, 0, (const char *const[]){"80", "1", "0", "0", "0", "0", "81"});
    expect_row_values(r, OGI_T_S3, 1, (const char *const[]){"0", "0", "0", "0", "0", "0", "0"});
    expect_row_values(r, OGI_T_S3, row_of(OGI_T_S3, "granted"),
                      (const char *const[]){"23", "0", "0", "0", "0", "0", "23"});
    ogi_report_free(r);
}

/* Several splits satisfy the row total, no column identity decides: ambiguous. */
static void test_concatenated_digits_not_unique(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    put_s3_row(&b, "granted", "220000022"); /* 22|0…|22 or 2|20|0…|22 */
    ogi_buf_printf(&b, "%s", rowl(OGI_T_ART20_1_V2021, 1));
    ogi_report *r = import_buf(&b);
    expect_row_state(r, OGI_T_S3, row_of(OGI_T_S3, "granted"), OGI_CELL_AMBIGUOUS);
    assert_string_equal(cell(r, OGI_T_S3, row_of(OGI_T_S3, "granted"), 0)->raw, "220000022");
    ogi_report_free(r);
}

/* Column sums decide between the splits of two rows at once. */
static void test_concatenated_digits_settled_by_columns(void **state)
{
    (void)state;
    const ogi_table_def *td = T(OGI_T_S3);
    ogi_buf b;
    ogi_buf_init(&b);
    for (size_t k = 0; k < td->n_rows; k++) {
        if (!(td->rows[k].formats & OGI_FMT_V2021))
            continue;
        const char *key = td->rows[k].key;
        const char *v = !strcmp(key, "new_received") || !strcmp(key, "outcome_total") ? "420000042"
                        : !strcmp(key, "granted") ? "220000022"
                        : !strcmp(key, "partial") ? "200000020"
                                                  : "0000000";
        put_s3_row(&b, key, v);
    }
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, row_of(OGI_T_S3, "granted"),
                      (const char *const[]){"22", "0", "0", "0", "0", "0", "22"});
    expect_row_values(r, OGI_T_S3, row_of(OGI_T_S3, "partial"),
                      (const char *const[]){"20", "0", "0", "0", "0", "0", "20"});
    ogi_report_free(r);
}

/* Numbers run on into text the dictionary does not know (a misprinted
 * heading) after a blank: the blank ends the numbers, which stay the
 * row's; without the blank the text keeps them (the boundary is unknown). */
static void test_glued_numbers_before_unknown_text(void **state)
{
    (void)state;
    size_t fwd = row_of(OGI_T_S3, "carry_forward");
    ogi_buf b;
    ogi_buf_init(&b);
    put_s3_row(&b, "outcome_total", "1000001");
    put_s3_row(&b, "carry_forward", " 0000000 （附注）本表数据截至年底");
    ogi_buf_puts(&b, "\n");
    ogi_report *r = import_buf(&b);
    expect_row_values(r, OGI_T_S3, fwd, (const char *const[]){"0", "0", "0", "0", "0", "0", "0"});
    ogi_report_free(r);

    ogi_buf_init(&b);
    put_s3_row(&b, "outcome_total", "1000001");
    put_s3_row(&b, "carry_forward", "0000000（附注）本表数据截至年底\n");
    r = import_buf(&b);
    for (size_t c = 0; c < T(OGI_T_S3)->n_cols; c++)
        assert_int_not_equal(cell(r, OGI_T_S3, fwd, c)->state, OGI_CELL_VALUE);
    ogi_report_free(r);
}

/* 「行政事业性收费35-15」: the sign can only start the signed column
 * (本年增/减), so the two cells are 35 and -15; in a three-column row the
 * dash could also be a blank cell's, and several cuts remain: ambiguous. */
static void test_glued_digits_with_sign(void **state)
{
    (void)state;
    ogi_table_id fee = OGI_T_ART20_8_V2019, penalty = OGI_T_ART20_6_V2019;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s%s", T(penalty)->caption, T(penalty)->corner);
    for (size_t c = 0; c < T(penalty)->n_cols; c++)
        ogi_buf_puts(&b, coll(penalty, c));
    ogi_buf_printf(&b, "%s2648-18538%s%s", rowl(penalty, 0), T(fee)->caption, T(fee)->corner);
    for (size_t c = 0; c < T(fee)->n_cols; c++)
        ogi_buf_puts(&b, coll(fee, c));
    ogi_buf_printf(&b, "%s35-15%s\n", rowl(fee, 0), heading(3));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, fee, 0, (const char *const[]){"35", "-15"});
    expect_row_state(r, penalty, 0, OGI_CELL_AMBIGUOUS);
    assert_string_equal(cell(r, penalty, 0, 0)->raw, "2648-18538");
    ogi_report_free(r);
}

/* ---- section 四 ---- */

static void test_s4_fifteen_numbers_after_header(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s | %s\n", heading(4), T(OGI_T_S4)->cols[0].group,
                   T(OGI_T_S4)->cols[5].group);
    for (size_t c = 0; c < 5; c++)
        ogi_buf_printf(&b, "%s | ", T(OGI_T_S4)->cols[c].variants ? T(OGI_T_S4)->cols[c].variants[0]
                                                                 : coll(OGI_T_S4, c));
    ogi_buf_puts(&b, "\n10 | 1 | 0 | 0 | 11 | 0 | 0 | 0 | 0 | 0 | 5 | 0 | 0 | 0 | 5 |\n");
    ogi_buf_printf(&b, "%s\n", heading(5));
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, OGI_T_S4, 0, 0, "10");
    expect_cell_value(r, OGI_T_S4, 0, 4, "11");
    expect_cell_value(r, OGI_T_S4, 0, 10, "5");
    ogi_report_free(r);
}

static void test_s4_glued_and_blank(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s%s%s110024001510102%s\n", heading(4), T(OGI_T_S4)->cols[0].group,
                   coll(OGI_T_S4, 4), heading(5));
    ogi_report *r = import_buf(&b);
    const char *want[] = {"1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"};
    expect_row_values(r, OGI_T_S4, 0, want);
    ogi_report_free(r);

    ogi_buf_init(&b); /* header, then the next section: every cell blank */
    ogi_buf_printf(&b, "%s\n%s\n%s\n%s\n", heading(4), T(OGI_T_S4)->cols[0].group,
                   coll(OGI_T_S4, 0), heading(5));
    r = import_buf(&b);
    expect_row_state(r, OGI_T_S4, 0, OGI_CELL_BLANK);
    ogi_report_free(r);
}

/* 「行政复议 行政诉讼」: the group headers kept in one cell by single blanks
 * (pdftotext without -layout) are still the table's headers. */
static void test_s4_header_words_in_one_cell(void **state)
{
    (void)state;
    const ogi_table_def *t = T(OGI_T_S4);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s %s\n%s %s\n", heading(4), t->cols[0].group, t->cols[5].group,
                   t->cols[5].subgroup, t->cols[10].subgroup);
    ogi_buf_puts(&b, "结 结 其 尚\n果 果 他 未\n1 0 0 0 1 0 0 0 0 0 0 0 0 2 2\n");
    ogi_buf_printf(&b, "%s\n", heading(5));
    ogi_report *r = import_buf(&b);
    const char *want[] = {"1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "2", "2"};
    expect_row_values(r, OGI_T_S4, 0, want);
    ogi_report_free(r);
}

/* Header words set one character per line match no label: the heading
 * names the table, and the one run of 15 numbers after it is its row — but
 * a lone number in the section's prose is not. */
static void test_s4_found_by_heading_and_fifteen_numbers(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n本年度未发生行政复议。\n行\n政\n复\n议\n", heading(4));
    ogi_buf_puts(&b, "0 0 0 0 0 0 0 0 0 0 0 1 0 0 1\n");
    ogi_buf_printf(&b, "%s\n", heading(5));
    ogi_report *r = import_buf(&b);
    expect_cell_value(r, OGI_T_S4, 0, 11, "1");
    expect_cell_value(r, OGI_T_S4, 0, 14, "1");
    ogi_report_free(r);

    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n共有\n3\n%s\n", heading(4), heading(5));
    r = import_buf(&b);
    expect_row_state(r, OGI_T_S4, 0, OGI_CELL_ABSENT);
    ogi_report_free(r);
}

/* 「上一年项目数量 （指2019年事项数）」: a column header with an instruction
 * still decides the format (v2019), like a row label with one. */
static void test_column_header_with_instruction(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_5_V2019;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n%s\n", T(t)->caption, T(t)->corner);
    for (size_t c = 0; c < T(t)->n_cols; c++)
        ogi_buf_printf(&b, "%s （指2020年办 件量）\n", coll(t, c));
    ogi_buf_printf(&b, "%s\n3\n-1\n7\n", rowl(t, 0));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 0, (const char *const[]){"3", "-1", "7"});
    assert_false(ogi_report_table_present(r, OGI_T_ART20_5_V2021));
    ogi_report_free(r);
}

/* A sub-table printed without its header row takes the format of the
 * document's other tables, not the default. */
static void test_headerless_table_takes_document_format(void **state)
{
    (void)state;
    ogi_table_id t1 = OGI_T_ART20_1_V2019, t6 = OGI_T_ART20_6_V2019;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(t1)->caption);
    put_header(&b, t1, "\n");
    ogi_buf_printf(&b, "%s\n0\n0\n0\n%s\n%s\n1\n2\n3\n", rowl(t1, 0), T(t6)->caption, rowl(t6, 0));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t6, 0, (const char *const[]){"1", "2", "3"});
    assert_false(ogi_report_table_present(r, OGI_T_ART20_6_V2021));
    ogi_report_free(r);
}

/* 「其他对外管理服务事项」 heading local sub-rows 「行政检查」「行政确认」: the
 * sub-rows' numbers are not the row's; they are kept verbatim, the row's
 * cells stay absent.  A row label cut off by the end of the document has
 * absent cells too, not blank ones. */
static void test_sub_rows_and_cut_label_are_not_mapped(void **state)
{
    (void)state;
    ogi_table_id t = OGI_T_ART20_5_V2019;
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s\n", T(t)->caption);
    put_header(&b, t, "\n");
    ogi_buf_printf(&b, "%s\n0\n0\n0\n%s\n行政检查\n1\n2\n3\n", rowl(t, 0), rowl(t, 1));
    ogi_buf_printf(&b, "%s\n", rowl(OGI_T_S3, row_of(OGI_T_S3, "granted")));
    ogi_report *r = import_buf(&b);
    expect_row_values(r, t, 0, (const char *const[]){"0", "0", "0"});
    expect_row_state(r, t, 1, OGI_CELL_ABSENT);
    assert_int_equal(r->n_extras, 1);
    assert_string_equal(r->extras[0], "行政检查 | 1 | 2 | 3");
    expect_row_state(r, OGI_T_S3, row_of(OGI_T_S3, "granted"), OGI_CELL_ABSENT);
    ogi_report_free(r);
}

/* ---- headings and metadata ---- */

static void test_headings_by_numeral_keyword_and_bullet(void **state)
{
    (void)state;
    ogi_buf b;
    ogi_buf_init(&b);
    const char *kw1 = ogi_section_at(0)->keywords[0];
    ogi_buf_printf(&b, "- %s\n总体叙述。\n%s。\n%s\n%s\n", kw1, heading(2), heading(3),
                   rowl(OGI_T_S3, 0)); /* 「一、本年新收…」 is no heading */
    ogi_buf_printf(&b, "%s\n%s\n", rowl(OGI_T_S3, row_of(OGI_T_S3, "carry_forward")), heading(6));
    ogi_report *r = import_buf(&b);
    assert_true(r->structure_known);
    assert_string_equal(r->headings[0], "- 总体情况");
    assert_int_equal(r->heading_order[0], 1);
    assert_int_equal(r->heading_order[2], 3);
    assert_null(r->headings[3]); /* 「四、结转下年度继续办理」 is a row */
    assert_int_equal(r->heading_order[5], 4);
    assert_string_equal(r->sections[0], "总体叙述。");
    assert_int_equal(map_heading_section(heading(2), 3), 0); /* order only increases */
    ogi_report_free(r);
}

/* Misprinted headings: the next section's numeral, then within an edit or
 * two of its standard title.  Near misses stay text: section 三's row
 * labels, prose opening with a numeral, a title under the wrong numeral,
 * two edits in a short title, a section already passed. */
static void test_misprinted_headings_by_closeness(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int last, want;
    } cases[] = {
        {"四、政府信息公开行政法复议、行政诉讼情况", 3, 4}, /* a stray 法 */
        {"五、存在的主要问提及改进情况", 4, 5},               /* 题 → 提: no keyword */
        {"二、主动公幵政府信息情况", 1, 2},                   /* 开 → 幵 */
        {"三、收到的处理政府信息公开申请情况", 2, 3},         /* 和 → 的 */
        {"六、其它需要报告的事项。", 5, 6},                   /* 他 → 它, trailing 。 */
        {"一、总休情况", 0, 1},                               /* 体 → 休 */
        {"  三、收到和处理政府信息公开申情况", 2, 3},         /* a character lost */
        {"五、存在的主要问提及改进情况", 5, 0},               /* order only increases */
        {"一、总体概述", 0, 0},                               /* two edits of four */
        {"三、主动公幵政府信息情况", 2, 0},                   /* the numeral names the section */
        {"四、加强政府信息公开平台建设", 3, 0},               /* a prose item */
        {"四、政府信息公开工作情况", 3, 0},
        {"四、政府信息公开行政法复议,行政诉讼情况较少,本年度共1件", 3, 4}, /* keyword rule */
        {"二、主动公幵政府信息情况,本年共公开12条", 1, 0},    /* prose after a close title */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = map_heading_section(cases[i].line, cases[i].last);
        if (got != cases[i].want)
            fail_msg("%s (after %d): %d, want %d", cases[i].line, cases[i].last, got,
                     cases[i].want);
    }
    /* section 三's numbered row labels are never headings, even right
     * after the heading before their numeral's section */
    for (size_t r = 0; r < T(OGI_T_S3)->n_rows; r++)
        for (int last = 0; last < 6; last++)
            if (map_heading_section(rowl(OGI_T_S3, r), last))
                fail_msg("row label %s taken as a heading after %d", rowl(OGI_T_S3, r), last);
}

/* A whole report on one line (a scraped page): the misprinted heading
 * inside the glued text is section 四's heading, stored as printed, so
 * validation still says it differs from the standard (R1.2); the row
 * label 「四、结转下年度继续办理」 before it is not. */
static void test_misprinted_heading_in_glued_line(void **state)
{
    (void)state;
    const char *misprint = "四、政府信息公开行政法复议、行政诉讼情况";
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_buf_printf(&b, "%s 本机关依法公开。 %s %s 21710000218 %s0000000 %s%s ", heading(1),
                   heading(3), rowl(OGI_T_S3, 0),
                   rowl(OGI_T_S3, row_of(OGI_T_S3, "carry_forward")), misprint,
                   T(OGI_T_S4)->cols[0].label);
    ogi_buf_printf(&b, "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0 %s 无。\n", heading(5));
    ogi_report *r = import_buf(&b);
    assert_non_null(r->headings[3]);
    assert_string_equal(r->headings[3], misprint);
    assert_int_equal(r->heading_order[2], 2);
    assert_int_equal(r->heading_order[3], 3);
    assert_int_equal(r->heading_order[4], 4);
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(r, &f);
    bool r12 = false;
    for (size_t i = 0; i < f.n; i++) {
        assert_false(strcmp(f.items[i].rule, "R1.1") == 0 && f.items[i].table &&
                     strcmp(f.items[i].table, "s4") == 0);
        r12 |= strcmp(f.items[i].rule, "R1.2") == 0 && f.items[i].table &&
               strcmp(f.items[i].table, "s4") == 0;
    }
    assert_true(r12);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static void test_metadata_from_title_and_period(void **state)
{
    (void)state;
    const char *text = "首页 > 信息公开\n"
                       "西充县晋城街道办事处2020年政府信息公开工作年度报告\n"
                       "发布时间:2021-01-28 17:29\n"
                       "本报告数据统计时限为2020年1月1日至2020年12月31日。\n";
    ogi_report *r = import_text(text);
    assert_string_equal(r->agency, "西充县晋城街道办事处");
    assert_int_equal(r->year, 2020);
    assert_string_equal(r->publish_date, "2021-01-28");
    assert_string_equal(r->period, "2020-01-01/2020-12-31");
    assert_int_equal(r->agency_kind, OGI_KIND_TOWNSHIP);
    assert_true(r->agency_kind_confidence > 0);
    ogi_report_free(r);

    r = import_text("2025年度长春新区管委会政府信息公开工作年度报告\n"
                    "统计期限为2025年3月1日至12月31日\n");
    assert_string_equal(r->agency, "长春新区管委会");
    assert_int_equal(r->agency_kind, OGI_KIND_DEPARTMENT);
    assert_non_null(strstr(r->period, "3月1日"));
    ogi_report_free(r);
}

/* The year from the strongest statement the text makes: title, period,
 * a report named in prose, a year end, the first sentence about a year;
 * the publish date only when nothing else says; never invented. */
static void test_year_and_agency_sources(void **state)
{
    (void)state;
    static const struct {
        const char *text, *agency;
        int year;
    } cases[] = {
        {"Page 8 - 威海市某区信访局2022年政府信息公开工作年度报告\nP. 8\n", "威海市某区信访局", 2022},
        {"马水镇2019年政府信息公开年度报告\n", "马水镇", 2019},
        {"固阳县民政局\n2021年信息公开工作年度报告\n", "固阳县民政局", 2021},
        {"2022年政府信息公开工作年度报告\n桃江县某镇人民政府\n一、总体情况\n", "桃江县某镇人民政府",
         2022},
        {"首页 > 某街道 > 年度报告\n某街道2019年度政府信息公开工作报告\n", "某街道", 2019},
        {"在过去的一年,2022年1月1日到2022年12月31日止,我镇公开信息5条。\n", NULL, 2022},
        {"根据要求,现公布荷塘区某街道办事处2019年政府信息公开工作年度报告。\n",
         "荷塘区某街道办事处", 2019},
        {"一、总体情况\n结合我镇实际,汇报我镇2023年政府信息公开工作。\n", NULL, 2023},
        {"一、总体情况\n截止2023年12月31日我局共公开信息34条。\n", NULL, 2023},
        {"一、总体情况\n2020 年,我单位依法公开政府信息。\n2021 年,我局将继续努力。\n", NULL, 2020},
        {"工作有序开展。2019年,某局共主动公开政府信息227条。\n", NULL, 2019},
        {"一、总体情况\n上一年项目数量 (指2019年事项数)\n", NULL, 0},
        {"发布时间:2024-01-15 10:00\n一、总体情况\n我局依法公开。\n", NULL, 2023},
        {"一、总体情况\n我局依法公开政府信息。\n", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ogi_report *r = import_text(cases[i].text);
        if (r->year != cases[i].year)
            fail_msg("case %zu: year %d, want %d", i, r->year, cases[i].year);
        if (cases[i].agency)
            assert_string_equal(r->agency ? r->agency : "(none)", cases[i].agency);
        else if (r->agency)
            fail_msg("case %zu: agency %s, want none", i, r->agency);
        ogi_report_free(r);
    }
}

/* ---- numbers ---- */

static void test_split_digits_counts_solutions(void **state)
{
    (void)state;
    int64_t out[8 * 7];
    size_t n7 = 7;
    const char *p1[] = {"801000081"};
    bool sp[] = {true, true};
    assert_int_equal(map_split_digits(p1, sp, 1, 7, NULL, map_check_row_total, &n7, out, 8), 1);
    assert_int_equal(out[0], 80);
    assert_int_equal(out[6], 81);
    const char *p2[] = {"3960181"}; /* no arithmetic for a section 二 row */
    assert_true(map_split_digits(p2, sp, 1, 3, NULL, NULL, NULL, out, 8) > 1);
    const char *p3[] = {"000"};
    assert_int_equal(map_split_digits(p3, sp, 1, 3, NULL, NULL, NULL, out, 8), 1);
    const char *p4[] = {"12", "5"}; /* separate cells are never split */
    bool nosplit[] = {false, false};
    assert_int_equal(map_split_digits(p4, nosplit, 2, 3, NULL, NULL, NULL, out, 8), 0);
    const char *p5[] = {"35-15"};
    bool change[] = {false, true, false}; /* 上一年项目数量 | 本年增/减 | … */
    assert_int_equal(map_split_digits(p5, sp, 1, 2, NULL, NULL, NULL, out, 8), 0);
    assert_int_equal(map_split_digits(p5, sp, 1, 2, change, NULL, NULL, out, 8), 1);
    assert_int_equal(out[0], 35);
    assert_int_equal(out[1], -15);
    /* three cells: 35|-1|5, or 35|-|15 with a dash for a blank */
    assert_int_equal(map_split_digits(p5, sp, 1, 3, change, NULL, NULL, out, 8), 2);
    assert_int_equal(out[1], MAP_BLANK_VALUE);
    const char *p6[] = {"5-"}; /* a trailing sign is no number, but a dash */
    assert_int_equal(map_split_digits(p6, sp, 1, 2, change, NULL, NULL, out, 8), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader_splits_pipes_tabs_and_space_runs),
        cmocka_unit_test(test_reader_rejects_invalid_utf8),
        cmocka_unit_test(test_pipe_rows_v2021),
        cmocka_unit_test(test_dropped_cells_follow_their_label),
        cmocka_unit_test(test_partial_row_is_ambiguous),
        cmocka_unit_test(test_document_cut_inside_a_row),
        cmocka_unit_test(test_lone_pipe_lines_and_tabs),
        cmocka_unit_test(test_truncated_headers_pick_v2019),
        cmocka_unit_test(test_units_in_cells),
        cmocka_unit_test(test_traditional_and_halfwidth_labels),
        cmocka_unit_test(test_fold_table_is_label_characters),
        cmocka_unit_test(test_layout_columns_and_wrapped_label),
        cmocka_unit_test(test_number_before_label_in_one_column_table),
        cmocka_unit_test(test_misprinted_row_label),
        cmocka_unit_test(test_caption_split_by_spacing),
        cmocka_unit_test(test_header_without_caption),
        cmocka_unit_test(test_block_of_rows_after_one_label),
        cmocka_unit_test(test_detached_numbers_are_ambiguous),
        cmocka_unit_test(test_order_places_detached_rows),
        cmocka_unit_test(test_order_breaking_identities_stays_ambiguous),
        cmocka_unit_test(test_markdown_headings_and_unnumbered_rows),
        cmocka_unit_test(test_order_missing_number_row_shifts_nothing),
        cmocka_unit_test(test_order_stray_number_row_left_out),
        cmocka_unit_test(test_s4_runs_out_of_order),
        cmocka_unit_test(test_extra_row_kept_verbatim),
        cmocka_unit_test(test_s3_one_cell_per_line),
        cmocka_unit_test(test_concatenated_digits_unique),
        cmocka_unit_test(test_concatenated_digits_not_unique),
        cmocka_unit_test(test_concatenated_digits_settled_by_columns),
        cmocka_unit_test(test_s4_fifteen_numbers_after_header),
        cmocka_unit_test(test_s4_glued_and_blank),
        cmocka_unit_test(test_headings_by_numeral_keyword_and_bullet),
        cmocka_unit_test(test_misprinted_headings_by_closeness),
        cmocka_unit_test(test_misprinted_heading_in_glued_line),
        cmocka_unit_test(test_metadata_from_title_and_period),
        cmocka_unit_test(test_year_and_agency_sources),
        cmocka_unit_test(test_s4_header_words_in_one_cell),
        cmocka_unit_test(test_s4_found_by_heading_and_fifteen_numbers),
        cmocka_unit_test(test_column_header_with_instruction),
        cmocka_unit_test(test_headerless_table_takes_document_format),
        cmocka_unit_test(test_sub_rows_and_cut_label_are_not_mapped),
        cmocka_unit_test(test_split_digits_counts_solutions),
        cmocka_unit_test(test_order_rows_with_label_fragments),
        cmocka_unit_test(test_glued_numbers_before_unknown_text),
        cmocka_unit_test(test_glued_digits_with_sign),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
