/*
 * md.c — a report as GitHub-flavoured Markdown.
 *
 * GFM tables have no spans, so merged headers are flattened into the label
 * they govern: a row 「三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密」, a
 * column 「法人或其他组织·商业企业」.  Every text from the report is escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/render.h"
#include "render/render_internal.h"

/* A paragraph: escaped, and a leading character that would start a block
 * (heading, quote, bullet, rule) made literal. */
static void md_para(ogi_buf *out, const char *p, size_t n)
{
    char *text = ogi_strndup(p, n);
    if (text[0] && strchr("#>-+=", text[0]))
        ogi_buf_putc(out, '\\');
    ogi_buf_md(out, text);
    ogi_buf_puts(out, "\n\n");
    free(text);
}

static void narrative(ogi_buf *out, const char *text)
{
    const char *cur = text, *p;
    size_t n;
    while (ogi_rd_next_para(&cur, &p, &n))
        md_para(out, p, n);
}

static void table_row(ogi_buf *out, const ogi_rd_flat *f, size_t row)
{
    for (size_t c = 0; c < f->n_cols; c++) {
        ogi_buf_puts(out, c ? " | " : "| ");
        ogi_buf_md(out, ogi_rd_flat_at(f, row, c));
    }
    ogi_buf_puts(out, " |\n");
}

static void table(ogi_buf *out, const ogi_report *r, const ogi_table_def *t)
{
    ogi_rd_flat f;
    ogi_rd_flatten(r, t, " / ", "·", &f);
    table_row(out, &f, 0);
    for (size_t c = 0; c < f.n_cols; c++)
        ogi_buf_puts(out, c ? " | ---" : "| ---");
    ogi_buf_puts(out, " |\n");
    for (size_t row = 1; row < f.n_rows; row++)
        table_row(out, &f, row);
    ogi_buf_puts(out, "\n");
    ogi_rd_flat_free(&f);
}

static void section_tables(ogi_buf *out, const ogi_report *r, int section)
{
    const ogi_table_def *t[OGI_TABLE_COUNT];
    size_t n = ogi_rd_section_tables(r, section, t, OGI_TABLE_COUNT);
    for (size_t i = 0; i < n; i++) {
        if (t[i]->item)
            ogi_buf_printf(out, "**%s**\n\n", t[i]->caption);
        if (t[i]->id == OGI_T_S3)
            ogi_buf_puts(out, OGI_RD_S3_NOTE "\n\n");
        table(out, r, t[i]);
    }
}

static void extras(ogi_buf *out, const ogi_report *r)
{
    if (!r->n_extras)
        return;
    ogi_buf_puts(out, "报告另列的非标准行（照录）：\n\n");
    for (size_t i = 0; i < r->n_extras; i++) {
        ogi_buf_puts(out, "- ");
        ogi_buf_md(out, r->extras[i]);
        ogi_buf_puts(out, "\n");
    }
    ogi_buf_puts(out, "\n");
}

static void findings_list(ogi_buf *out, const ogi_findings *f)
{
    if (!f || !f->n)
        return;
    ogi_buf_puts(out, "## " OGI_RD_FINDINGS_HEADING "\n\n| 规则 | 级别 | 说明 |\n| --- | --- | --- |\n");
    for (size_t i = 0; i < f->n; i++) {
        ogi_buf_puts(out, "| ");
        ogi_buf_md(out, f->items[i].rule);
        ogi_buf_printf(out, " | %s | ", ogi_rd_severity_zh(f->items[i].severity));
        ogi_buf_md(out, f->items[i].message_zh);
        ogi_buf_puts(out, " |\n");
    }
    ogi_buf_puts(out, "\n");
}

int ogi_render_md(const ogi_report *r, const ogi_findings *findings, ogi_buf *out)
{
    ogi_buf title;
    ogi_buf_init(&title);
    ogi_rd_title(r, &title);
    ogi_buf_puts(out, "# ");
    ogi_buf_md(out, title.data);
    ogi_buf_puts(out, "\n\n");
    ogi_buf_free(&title);
    for (size_t s = 0; s < ogi_section_count(); s++) {
        const ogi_section_def *sec = ogi_section_at(s);
        ogi_buf_printf(out, "## %s\n\n", sec->heading);
        narrative(out, r->sections[s]);
        section_tables(out, r, sec->n);
        if (sec->n == 2)
            extras(out, r);
    }
    findings_list(out, findings);
    return 0;
}
