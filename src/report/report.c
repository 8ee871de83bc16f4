/*
 * report.c — the report model: cells with state and provenance, metadata,
 * narrative sections, and format detection over the cells present.
 */
#include "ogi/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"

ogi_report *ogi_report_new(void)
{
    ogi_report *r = ogi_xcalloc(1, sizeof *r);
    r->cells = ogi_xcalloc(ogi_cell_count(), sizeof *r->cells);
    for (size_t i = 0; i < ogi_cell_count(); i++)
        r->cells[i].src = (ogi_source){NULL, 0, -1, -1, -1};
    return r;
}

static void cell_clear(ogi_cell *c)
{
    free(c->raw);
    free(c->unit);
    free(c->src.file);
    *c = (ogi_cell){0};
    c->src = (ogi_source){NULL, 0, -1, -1, -1};
}

void ogi_report_free(ogi_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < ogi_cell_count(); i++)
        cell_clear(&r->cells[i]);
    free(r->cells);
    for (int i = 0; i < OGI_SECTIONS; i++) {
        free(r->sections[i]);
        free(r->headings[i]);
    }
    for (size_t i = 0; i < r->n_extras; i++)
        free(r->extras[i]);
    free(r->extras);
    free(r->agency);
    free(r->publish_date);
    free(r->period);
    free(r->source);
    free(r);
}

ogi_report *ogi_report_clone(const ogi_report *r)
{
    ogi_report *c = ogi_report_new();
    ogi_cell *cells = c->cells;
    *c = *r;
    c->cells = cells;
    c->agency = ogi_strdup(r->agency);
    c->publish_date = ogi_strdup(r->publish_date);
    c->period = ogi_strdup(r->period);
    c->source = ogi_strdup(r->source);
    for (int i = 0; i < OGI_SECTIONS; i++) {
        c->sections[i] = ogi_strdup(r->sections[i]);
        c->headings[i] = ogi_strdup(r->headings[i]);
    }
    c->extras = r->n_extras ? ogi_xcalloc(r->n_extras, sizeof *c->extras) : NULL;
    for (size_t i = 0; i < r->n_extras; i++)
        c->extras[i] = ogi_strdup(r->extras[i]);
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        c->cells[i] = r->cells[i];
        c->cells[i].raw = ogi_strdup(r->cells[i].raw);
        c->cells[i].unit = ogi_strdup(r->cells[i].unit);
        c->cells[i].src.file = ogi_strdup(r->cells[i].src.file);
    }
    return c;
}

static void keep_source_clear_rest(ogi_cell *c)
{
    ogi_source src = c->src;
    c->src.file = NULL;
    cell_clear(c);
    c->src = src;
}

void ogi_report_set_raw(ogi_report *r, size_t i, const char *raw)
{
    ogi_cell *c = &r->cells[i];
    keep_source_clear_rest(c);
    c->raw = ogi_strdup(raw);
    ogi_number n = ogi_parse_number(raw, ogi_cell_at(i)->kind);
    c->parse = n.status;
    c->unit = n.unit[0] ? ogi_strdup(n.unit) : NULL;
    switch (n.status) {
    case OGI_PARSE_OK:
    case OGI_PARSE_TOO_PRECISE:
        c->state = OGI_CELL_VALUE;
        c->value = n.value;
        c->decimals = n.decimals;
        break;
    case OGI_PARSE_EMPTY:
    case OGI_PARSE_PLACEHOLDER:
        c->state = OGI_CELL_BLANK;
        break;
    default:
        c->state = OGI_CELL_UNREADABLE;
    }
}

void ogi_report_set_value(ogi_report *r, size_t i, int64_t value, int decimals)
{
    ogi_cell *c = &r->cells[i];
    keep_source_clear_rest(c);
    c->state = OGI_CELL_VALUE;
    c->value = value;
    c->decimals = ogi_cell_at(i)->kind == OGI_VAL_MONEY ? decimals : 0;
}

void ogi_report_set_blank(ogi_report *r, size_t i)
{
    ogi_cell *c = &r->cells[i];
    keep_source_clear_rest(c);
    c->state = OGI_CELL_BLANK;
    c->parse = OGI_PARSE_EMPTY;
}

void ogi_report_set_source(ogi_report *r, size_t i, const char *file, int line, int table,
                           int row, int col)
{
    ogi_cell *c = &r->cells[i];
    free(c->src.file);
    c->src = (ogi_source){ogi_strdup(file), line, table, row, col};
}

ogi_cell *ogi_report_cell(ogi_report *r, const char *key)
{
    int i = ogi_cell_index(key);
    return i < 0 ? NULL : &r->cells[i];
}

const ogi_cell *ogi_report_cell_c(const ogi_report *r, const char *key)
{
    int i = ogi_cell_index(key);
    return i < 0 ? NULL : &r->cells[i];
}

const char *ogi_cell_value_text(const ogi_cell_def *def, const ogi_cell *c, char *buf)
{
    buf[0] = '\0';
    if (c->state != OGI_CELL_VALUE)
        return buf;
    if (def->kind == OGI_VAL_MONEY)
        return ogi_decimal_format(c->value, c->decimals, buf);
    snprintf(buf, OGI_VALUE_BUF, "%lld", (long long)c->value);
    return buf;
}

bool ogi_report_table_present(const ogi_report *r, ogi_table_id t)
{
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (ogi_cell_at(i)->table->id == t && r->cells[i].state != OGI_CELL_ABSENT)
            return true;
    return false;
}

/* Whether any cell of a table, limited to rows of the given format, is present. */
static bool rows_present(const ogi_report *r, ogi_table_id t, unsigned fmt)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (d->table->id == t && (d->row->formats & fmt) && !(d->row->formats & ~fmt) &&
            r->cells[i].state != OGI_CELL_ABSENT)
            return true;
    }
    return false;
}

static void list_add(char *buf, size_t len, const char *item)
{
    if (!buf || !len)
        return;
    size_t used = strlen(buf);
    snprintf(buf + used, len - used, "%s%s", used ? "、" : "", item);
}

ogi_format_version ogi_report_detect_format(const ogi_report *r, char *v19, size_t v19len,
                                            char *v21, size_t v21len)
{
    if (v19 && v19len)
        v19[0] = '\0';
    if (v21 && v21len)
        v21[0] = '\0';
    bool any19 = false, any21 = false;
    /* Section 二: each Article 20 table is an element of one format. */
    for (size_t t = 0; t < ogi_table_count(); t++) {
        const ogi_table_def *td = ogi_table_at(t);
        if (td->section != 2 || !ogi_report_table_present(r, td->id))
            continue;
        if (td->formats == OGI_FMT_V2019) {
            any19 = true;
            list_add(v19, v19len, td->caption);
        } else {
            any21 = true;
            list_add(v21, v21len, td->caption);
        }
    }
    /* Section 三: the （六） rows tell the format. */
    if (rows_present(r, OGI_T_S3, OGI_FMT_V2021)) {
        any21 = true;
        list_add(v21, v21len, "（六）其他处理1–3项");
    }
    if (rows_present(r, OGI_T_S3, OGI_FMT_V2019)) {
        any19 = true;
        list_add(v19, v19len, "单行（六）其他处理");
    }
    if (any19 && any21)
        return OGI_FORMAT_MIXED;
    if (any19)
        return OGI_FORMAT_V2019;
    if (any21)
        return OGI_FORMAT_V2021;
    return OGI_FORMAT_UNKNOWN;
}

static const char *const kind_names[] = {"", "government", "department", "township", "other"};

const char *ogi_agency_kind_name(ogi_agency_kind k)
{
    return (unsigned)k < sizeof kind_names / sizeof *kind_names ? kind_names[k] : "";
}

ogi_agency_kind ogi_agency_kind_parse(const char *s)
{
    if (!s)
        return OGI_KIND_UNKNOWN;
    for (size_t i = 1; i < sizeof kind_names / sizeof *kind_names; i++)
        if (strcmp(s, kind_names[i]) == 0)
            return (ogi_agency_kind)i;
    return OGI_KIND_UNKNOWN;
}

static const char *const state_names[] = {"absent", "blank", "value", "ambiguous", "unreadable"};

const char *ogi_cell_state_name(ogi_cell_state s)
{
    return (unsigned)s < sizeof state_names / sizeof *state_names ? state_names[s] : "absent";
}

ogi_cell_state ogi_cell_state_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof state_names / sizeof *state_names; i++)
        if (strcmp(s, state_names[i]) == 0)
            return (ogi_cell_state)i;
    return (ogi_cell_state)-1;
}

ogi_report *ogi_report_blank(const char *agency, int year, ogi_agency_kind kind)
{
    ogi_report *r = ogi_report_new();
    r->agency = ogi_strdup(agency);
    r->year = year;
    r->agency_kind = kind;
    r->agency_kind_confidence = kind == OGI_KIND_UNKNOWN ? 0 : 100;
    char period[64];
    snprintf(period, sizeof period, "%d-01-01/%d-12-31", year, year);
    r->period = ogi_strdup(period);
    unsigned fmt = ogi_format_mask(ogi_format_for_year(year));
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (ogi_cell_at(i)->formats & fmt)
            ogi_report_set_blank(r, i);
    for (int s = 0; s < OGI_SECTIONS; s++)
        r->sections[s] = ogi_strdup("");
    return r;
}
