/*
 * csv_io.c — the RFC 4180 reader, and the import/export driver shared by
 * every record kind: header checks, the single all-or-nothing transaction,
 * error collection with line and column.
 *
 * The reader is hand-written because it is small and must report the exact
 * line of a malformed record; it is strict (a stray quote is an error, not
 * a guess) since a mis-split row would import wrong figures silently.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/csv_internal.h"
#include "ogi/text.h"

/* ---- the reader ---- */

typedef struct {
    const char *p, *end;
    int line;
    ogi_buf field;
} csv_lexer;

static void row_push(ogi_csv_row *row, ogi_buf *field)
{
    row->fields = ogi_xrealloc(row->fields, (row->n + 1) * sizeof *row->fields);
    row->fields[row->n++] = ogi_strndup(field->data ? field->data : "", field->len);
    ogi_buf_reset(field);
}

static void csv_push(ogi_csv *c, ogi_csv_row *row)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->rows = ogi_xrealloc(c->rows, c->cap * sizeof *c->rows);
    }
    c->rows[c->n++] = *row;
}

static void row_free(ogi_csv_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        free(row->fields[i]);
    free(row->fields);
    memset(row, 0, sizeof *row);
}

/* Consume one line break (LF, CRLF or CR) at p; true if there was one. */
static bool eat_newline(csv_lexer *lx)
{
    if (lx->p < lx->end && *lx->p == '\r') {
        lx->p++;
        if (lx->p < lx->end && *lx->p == '\n')
            lx->p++;
    } else if (lx->p < lx->end && *lx->p == '\n') {
        lx->p++;
    } else {
        return false;
    }
    lx->line++;
    return true;
}

static bool at_record_end(const csv_lexer *lx)
{
    return lx->p >= lx->end || *lx->p == '\r' || *lx->p == '\n';
}

/* A quoted field, p just after the opening quote. */
static int quoted_field(csv_lexer *lx, char *err, size_t errlen)
{
    int start = lx->line;
    for (;;) {
        if (lx->p >= lx->end) {
            snprintf(err, errlen, "第 %d 行：引号未闭合（该字段从第 %d 行开始）", lx->line, start);
            return -1;
        }
        char c = *lx->p;
        if (c == '"' && lx->p + 1 < lx->end && lx->p[1] == '"') {
            ogi_buf_putc(&lx->field, '"');
            lx->p += 2;
        } else if (c == '"') {
            lx->p++;
            if (!at_record_end(lx) && *lx->p != ',') {
                snprintf(err, errlen, "第 %d 行：闭合引号后出现多余字符（字段内的引号应写成两个引号）",
                         lx->line);
                return -1;
            }
            return 0;
        } else if (c == '\r' || c == '\n') {
            const char *from = lx->p;
            eat_newline(lx);
            ogi_buf_put(&lx->field, from, (size_t)(lx->p - from));
        } else {
            ogi_buf_putc(&lx->field, c);
            lx->p++;
        }
    }
}

static int unquoted_field(csv_lexer *lx, char *err, size_t errlen)
{
    while (!at_record_end(lx) && *lx->p != ',') {
        if (*lx->p == '"') {
            snprintf(err, errlen, "第 %d 行：未加引号的字段中出现引号（含引号的字段应整体加引号）",
                     lx->line);
            return -1;
        }
        ogi_buf_putc(&lx->field, *lx->p++);
    }
    return 0;
}

/* One record; *row is empty for an empty line. */
static int record(csv_lexer *lx, ogi_csv_row *row, char *err, size_t errlen)
{
    row->line = lx->line;
    if (at_record_end(lx)) { /* empty line */
        eat_newline(lx);
        return 0;
    }
    for (;;) {
        int rc = lx->p < lx->end && *lx->p == '"' ? (lx->p++, quoted_field(lx, err, errlen))
                                                   : unquoted_field(lx, err, errlen);
        if (rc)
            return -1;
        row_push(row, &lx->field);
        if (lx->p < lx->end && *lx->p == ',') {
            lx->p++;
            continue;
        }
        eat_newline(lx);
        return 0;
    }
}

int ogi_csv_parse(const char *text, size_t len, ogi_csv *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    if (!ogi_utf8_valid(text, len)) {
        snprintf(err, errlen, "文件不是有效的 UTF-8 编码（请另存为 UTF-8 CSV）");
        return -1;
    }
    csv_lexer lx = {.p = text, .end = text + len, .line = 1};
    ogi_buf_init(&lx.field);
    while (lx.p < lx.end) {
        ogi_csv_row row = {0};
        if (record(&lx, &row, err, errlen)) {
            row_free(&row);
            ogi_buf_free(&lx.field);
            ogi_csv_free(out);
            return -1;
        }
        if (row.n)
            csv_push(out, &row);
    }
    ogi_buf_free(&lx.field);
    return 0;
}

void ogi_csv_free(ogi_csv *c)
{
    for (size_t i = 0; i < c->n; i++)
        row_free(&c->rows[i]);
    free(c->rows);
    memset(c, 0, sizeof *c);
}

/* ---- errors and fields ---- */

void ogi_csv_errors_free(ogi_csv_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->items[i].column);
        free(e->items[i].message);
    }
    free(e->items);
    memset(e, 0, sizeof *e);
}

void csv_errors_add(ogi_csv_errors *e, int line, const char *column, const char *message)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 8;
        e->items = ogi_xrealloc(e->items, e->cap * sizeof *e->items);
    }
    e->items[e->n++] = (ogi_csv_error){line, ogi_strdup(column ? column : ""),
                                       ogi_strdup(message)};
}

void csv_error(csv_rec *r, const char *column, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    csv_errors_add(r->errs, r->row->line, column, msg);
    r->bad = true;
}

const char *csv_get(const csv_rec *r, const char *column)
{
    for (size_t i = 0; i < r->header->n && i < r->row->n; i++)
        if (!strcmp(r->header->fields[i], column))
            return r->row->fields[i][0] ? r->row->fields[i] : NULL;
    return NULL;
}

const char *csv_need(csv_rec *r, const char *column)
{
    const char *v = csv_get(r, column);
    if (!v)
        csv_error(r, column, "缺少 %s（必填）", column);
    return v;
}

bool csv_date_ok(csv_rec *r, const char *column, bool required)
{
    const char *v = required ? csv_need(r, column) : csv_get(r, column);
    ogi_date d;
    if (!v)
        return !required;
    if (ogi_date_parse(v, &d))
        return true;
    csv_error(r, column, "日期“%s”无效，应为 YYYY-MM-DD", v);
    return false;
}

int64_t csv_agency(ogi_store *s, csv_rec *r)
{
    const char *name = csv_need(r, "agency");
    if (!name)
        return 0;
    ogi_agency a = {0};
    int found = ogi_store_agency_find(s, name, &a);
    int64_t id = found == 1 ? a.id : 0;
    ogi_agency_free(&a);
    if (!id)
        csv_error(r, "agency", "机关“%s”不存在（请先用 ogi agency add 登记）", name);
    return id;
}

void csv_put_row(ogi_buf *out, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ogi_buf_putc(out, ',');
        ogi_buf_csv(out, fields[i] ? fields[i] : "");
    }
    ogi_buf_puts(out, "\r\n");
}

char *csv_agency_name(ogi_store *s, int64_t id)
{
    ogi_agency a = {0};
    if (ogi_store_agency_get(s, id, &a) != 1)
        return ogi_strdup("");
    char *name = a.name;
    a.name = NULL;
    ogi_agency_free(&a);
    return name;
}

/* ---- the driver ---- */

const char *const *ogi_csv_columns(ogi_csv_kind kind)
{
    switch (kind) {
    case OGI_CSV_APPLICATIONS: return csv_application_columns;
    case OGI_CSV_ITEMS: return csv_item_columns;
    case OGI_CSV_CASES: return csv_case_columns;
    case OGI_CSV_FIGURES: return csv_figure_columns;
    }
    return NULL;
}

static bool known_column(const char *const *cols, const char *name)
{
    for (size_t i = 0; cols[i]; i++)
        if (!strcmp(cols[i], name))
            return true;
    return false;
}

/* The header: known names, no duplicates. */
static void check_header(const ogi_csv *c, const char *const *cols, ogi_csv_errors *errs)
{
    const ogi_csv_row *h = &c->rows[0];
    char msg[512];
    for (size_t i = 0; i < h->n; i++) {
        if (!known_column(cols, h->fields[i])) {
            snprintf(msg, sizeof msg, "未知的列名“%s”（列名见 docs/ledger.md）", h->fields[i]);
            csv_errors_add(errs, h->line, h->fields[i], msg);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(h->fields[i], h->fields[j])) {
                snprintf(msg, sizeof msg, "列名“%s”重复", h->fields[i]);
                csv_errors_add(errs, h->line, h->fields[i], msg);
            }
    }
}

static void import_row(ogi_store *s, const ogi_calendar *cal, ogi_csv_kind kind, csv_rec *r,
                       const char *actor)
{
    switch (kind) {
    case OGI_CSV_APPLICATIONS: csv_import_application(s, cal, r, actor); break;
    case OGI_CSV_ITEMS: csv_import_item(s, cal, r, actor); break;
    case OGI_CSV_CASES: csv_import_case(s, r, actor); break;
    case OGI_CSV_FIGURES: csv_import_figure(s, r, actor); break;
    }
}

/* Every row is applied (so later rows see earlier ones, e.g. a case citing
 * an application of the same file) and every error collected; the caller
 * commits only when there was none. */
static void import_rows(ogi_store *s, const ogi_calendar *cal, ogi_csv_kind kind,
                        const ogi_csv *c, const char *actor, ogi_csv_errors *errs)
{
    for (size_t i = 1; i < c->n; i++) {
        csv_rec r = {&c->rows[0], &c->rows[i], errs, false};
        if (r.row->n != r.header->n) /* a mis-split row: its fields cannot be trusted */
            csv_error(&r, "", "本行有 %zu 个字段，表头有 %zu 列", r.row->n, r.header->n);
        else
            import_row(s, cal, kind, &r, actor);
    }
}

int ogi_csv_import(ogi_store *s, const ogi_calendar *cal, ogi_csv_kind kind, const char *text,
                   size_t len, const char *actor, size_t *imported, ogi_csv_errors *errs)
{
    *imported = 0;
    ogi_csv c;
    char msg[512];
    if (ogi_csv_parse(text, len, &c, msg, sizeof msg)) {
        csv_errors_add(errs, 0, "", msg);
        return -1;
    }
    if (c.n == 0)
        csv_errors_add(errs, 0, "", "文件为空，缺少表头行");
    else
        check_header(&c, ogi_csv_columns(kind), errs);
    if (!errs->n && (kind == OGI_CSV_APPLICATIONS || kind == OGI_CSV_ITEMS) && !cal)
        csv_errors_add(errs, 0, "", "导入申请或主动公开条目需要工作日历");
    if (!errs->n) {
        if (ogi_store_begin(s)) {
            snprintf(msg, sizeof msg, "数据库错误：%s", ogi_store_error(s));
            csv_errors_add(errs, 0, "", msg);
        } else {
            import_rows(s, cal, kind, &c, actor, errs);
            if (errs->n)
                ogi_store_rollback(s);
            else if (ogi_store_commit(s)) {
                snprintf(msg, sizeof msg, "数据库错误：%s", ogi_store_error(s));
                csv_errors_add(errs, 0, "", msg);
            }
        }
    }
    if (!errs->n)
        *imported = c.n - 1;
    ogi_csv_free(&c);
    return errs->n ? -1 : 0;
}

int ogi_csv_export(ogi_store *s, ogi_csv_kind kind, int64_t agency_id, ogi_buf *out, char *err,
                   size_t errlen)
{
    switch (kind) {
    case OGI_CSV_APPLICATIONS: return csv_export_applications(s, agency_id, out, err, errlen);
    case OGI_CSV_ITEMS: return csv_export_items(s, agency_id, out, err, errlen);
    case OGI_CSV_CASES: return csv_export_cases(s, agency_id, out, err, errlen);
    case OGI_CSV_FIGURES: break;
    }
    snprintf(err, errlen, "yearly figures are imported only (ogi figure import)");
    return -1;
}
