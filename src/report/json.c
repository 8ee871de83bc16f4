/*
 * json.c — reading and writing a report as JSON (schema: docs/json.md).
 *
 * jansson parses numbers into doubles; money is turned back into the
 * shortest decimal text that round-trips the double (which is the text that
 * was written, for any amount of up to 15 significant digits) and parsed
 * exactly from there.  Where "cell_detail" carries the raw text, the raw
 * text wins.  Writing uses a JSON integer for whole amounts and a real with
 * 15 significant digits otherwise, so 1887.214474 prints as 1887.214474.
 */
#include "ogi/json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"

static void set_err(char *err, size_t len, const char *fmt, ...)
{
    if (!err || !len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

static char *opt_string(const json_t *o, const char *k1, const char *k2)
{
    const json_t *v = json_object_get(o, k1);
    if (!v && k2)
        v = json_object_get(o, k2);
    return json_is_string(v) ? ogi_strdup(json_string_value(v)) : NULL;
}

/* A JSON number's text, as written (see file comment). */
static void number_text(const json_t *v, char *buf, size_t len)
{
    if (json_is_integer(v))
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    else
        ogi_double_shortest(json_real_value(v), buf, len);
}

static int read_cell_value(ogi_report *r, size_t i, const json_t *v, char *err, size_t errlen)
{
    const ogi_cell_def *d = ogi_cell_at(i);
    if (json_is_null(v)) {
        ogi_report_set_blank(r, i);
        return 0;
    }
    if (json_is_string(v)) {
        ogi_report_set_raw(r, i, json_string_value(v));
        return 0;
    }
    if (json_is_number(v)) {
        char text[64];
        number_text(v, text, sizeof text);
        if (json_is_real(v) && !isfinite(json_real_value(v))) {
            set_err(err, errlen, "cells.%s: not a finite number", d->key);
            return -1;
        }
        ogi_report_set_raw(r, i, text);
        /* A plain number was not "written in a cell": it carries no raw text. */
        if (r->cells[i].state == OGI_CELL_VALUE) {
            free(r->cells[i].raw);
            r->cells[i].raw = NULL;
        }
        return 0;
    }
    set_err(err, errlen, "cells.%s: expected a number, null or a string", d->key);
    return -1;
}

static int read_source(ogi_cell *c, const json_t *s)
{
    if (!json_is_object(s))
        return 0;
    free(c->src.file);
    c->src.file = opt_string(s, "file", NULL);
    const json_t *v;
    c->src.line = json_is_integer(v = json_object_get(s, "line")) ? (int)json_integer_value(v) : 0;
    c->src.table = json_is_integer(v = json_object_get(s, "table")) ? (int)json_integer_value(v) : -1;
    c->src.row = json_is_integer(v = json_object_get(s, "row")) ? (int)json_integer_value(v) : -1;
    c->src.col = json_is_integer(v = json_object_get(s, "col")) ? (int)json_integer_value(v) : -1;
    return 0;
}

static int read_cell_detail(ogi_report *r, const json_t *detail, char *err, size_t errlen)
{
    const char *key;
    const json_t *d;
    json_object_foreach((json_t *)detail, key, d) {
        int i = ogi_cell_index(key);
        if (i < 0) {
            set_err(err, errlen, "cell_detail: unknown cell key \"%s\"", key);
            return -1;
        }
        if (!json_is_object(d)) {
            set_err(err, errlen, "cell_detail.%s: expected an object", key);
            return -1;
        }
        ogi_cell *c = &r->cells[i];
        const json_t *raw = json_object_get(d, "raw");
        const json_t *st = json_object_get(d, "state");
        ogi_cell_state state = c->state;
        if (json_is_string(st)) {
            state = ogi_cell_state_parse(json_string_value(st));
            if ((int)state < 0) {
                set_err(err, errlen, "cell_detail.%s.state: unknown state \"%s\"", key,
                        json_string_value(st));
                return -1;
            }
        }
        ogi_source src = c->src;
        c->src.file = NULL;
        if (json_is_string(raw) && (state == OGI_CELL_VALUE || state == OGI_CELL_BLANK ||
                                    state == OGI_CELL_UNREADABLE)) {
            ogi_report_set_raw(r, (size_t)i, json_string_value(raw)); /* exact decimals */
        } else if (json_is_string(raw)) {
            free(c->raw);
            c->raw = ogi_strdup(json_string_value(raw));
        }
        c->src = src;
        if (state == OGI_CELL_AMBIGUOUS || state == OGI_CELL_ABSENT || state == OGI_CELL_BLANK)
            c->state = state;
        read_source(c, json_object_get(d, "source"));
    }
    return 0;
}

static int read_text_map(char **dst, const json_t *obj, const char *what, char *err,
                         size_t errlen)
{
    if (!obj)
        return 0;
    if (!json_is_object(obj)) {
        set_err(err, errlen, "%s: expected an object", what);
        return -1;
    }
    for (size_t s = 0; s < ogi_section_count(); s++) {
        const json_t *v = json_object_get(obj, ogi_section_at(s)->key);
        if (v && !json_is_string(v) && !json_is_null(v)) {
            set_err(err, errlen, "%s.%s: expected a string", what, ogi_section_at(s)->key);
            return -1;
        }
        if (json_is_string(v))
            dst[s] = ogi_strdup(json_string_value(v));
    }
    return 0;
}

static int read_meta(ogi_report *r, const json_t *j, char *err, size_t errlen)
{
    r->agency = opt_string(j, "agency", "agency_name");
    char *kind = opt_string(j, "agency_kind", NULL);
    if (kind && kind[0]) {
        r->agency_kind = ogi_agency_kind_parse(kind);
        if (r->agency_kind == OGI_KIND_UNKNOWN) {
            set_err(err, errlen, "agency_kind: \"%s\" is not one of government, department, "
                    "township, other", kind);
            free(kind);
            return -1;
        }
        r->agency_kind_confidence = 100;
    }
    free(kind);
    const json_t *conf = json_object_get(j, "agency_kind_confidence");
    if (json_is_integer(conf))
        r->agency_kind_confidence = (int)json_integer_value(conf);
    const json_t *y = json_object_get(j, "year");
    if (!y)
        y = json_object_get(j, "report_year");
    if (y && !json_is_null(y)) {
        if (!json_is_integer(y) || json_integer_value(y) < 1900 || json_integer_value(y) > 9999) {
            set_err(err, errlen, "year: expected a four-digit year");
            return -1;
        }
        r->year = (int)json_integer_value(y);
    }
    r->publish_date = opt_string(j, "publish_date", NULL);
    r->period = opt_string(j, "period", NULL);
    char *fmt = opt_string(j, "format_version", "format");
    r->declared_format = ogi_format_parse(fmt);
    free(fmt);
    r->source = opt_string(j, "source_file", NULL);
    return 0;
}

static int read_headings(ogi_report *r, const json_t *j, char *err, size_t errlen)
{
    const json_t *h = json_object_get(j, "headings");
    if (!h)
        return 0;
    r->structure_known = true;
    if (read_text_map(r->headings, h, "headings", err, errlen))
        return -1;
    const json_t *order = json_object_get(j, "heading_order");
    for (size_t s = 0; s < OGI_SECTIONS; s++) {
        const json_t *o = json_object_get(order, ogi_section_at(s)->key);
        r->heading_order[s] = json_is_integer(o) ? (int)json_integer_value(o)
                              : r->headings[s]  ? (int)s + 1
                                                : 0;
    }
    return 0;
}

static int read_extras(ogi_report *r, const json_t *j, char *err, size_t errlen)
{
    const json_t *ex = json_object_get(j, "extras");
    if (!ex)
        return 0;
    if (!json_is_array(ex)) {
        set_err(err, errlen, "extras: expected an array of strings");
        return -1;
    }
    r->extras = ogi_xcalloc(json_array_size(ex), sizeof *r->extras);
    size_t i;
    const json_t *v;
    json_array_foreach(ex, i, v) {
        if (json_is_string(v))
            r->extras[r->n_extras++] = ogi_strdup(json_string_value(v));
    }
    return 0;
}

ogi_report *ogi_report_from_json(const json_t *j, char *err, size_t errlen)
{
    if (!json_is_object(j)) {
        set_err(err, errlen, "expected a JSON object");
        return NULL;
    }
    ogi_report *r = ogi_report_new();
    if (read_meta(r, j, err, errlen) ||
        read_text_map(r->sections, json_object_get(j, "sections"), "sections", err, errlen) ||
        read_headings(r, j, err, errlen) || read_extras(r, j, err, errlen))
        goto fail;
    const json_t *cells = json_object_get(j, "cells");
    if (cells && !json_is_object(cells)) {
        set_err(err, errlen, "cells: expected an object");
        goto fail;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)cells, key, v) {
        int i = ogi_cell_index(key);
        if (i < 0) {
            set_err(err, errlen, "cells: unknown cell key \"%s\"", key);
            goto fail;
        }
        if (read_cell_value(r, (size_t)i, v, err, errlen))
            goto fail;
    }
    const json_t *detail = json_object_get(j, "cell_detail");
    if (detail && (!json_is_object(detail) || read_cell_detail(r, detail, err, errlen))) {
        if (!json_is_object(detail))
            set_err(err, errlen, "cell_detail: expected an object");
        goto fail;
    }
    return r;
fail:
    ogi_report_free(r);
    return NULL;
}

ogi_report *ogi_report_from_json_text(const char *text, size_t len, char *err, size_t errlen)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        set_err(err, errlen, "line %d, column %d: %s", je.line, je.column, je.text);
        return NULL;
    }
    ogi_report *r = ogi_report_from_json(j, err, errlen);
    json_decref(j);
    return r;
}

json_t *ogi_json_money(int64_t millionths, int decimals)
{
    if (millionths % 1000000 == 0 && decimals == 0)
        return json_integer(millionths / 1000000);
    char buf[40];
    ogi_decimal_format(millionths, decimals > 0 ? decimals : 6, buf);
    return json_real(strtod(buf, NULL));
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *cell_json(const ogi_cell_def *d, const ogi_cell *c)
{
    if (c->state != OGI_CELL_VALUE)
        return json_null();
    if (d->kind == OGI_VAL_MONEY)
        return ogi_json_money(c->value, c->decimals);
    return json_integer(c->value);
}

static json_t *source_json(const ogi_source *s)
{
    if (!s->file && !s->line && s->table < 0 && s->row < 0 && s->col < 0)
        return NULL;
    json_t *o = json_object();
    if (s->file)
        json_object_set_new(o, "file", json_string(s->file));
    if (s->line)
        json_object_set_new(o, "line", json_integer(s->line));
    if (s->table >= 0)
        json_object_set_new(o, "table", json_integer(s->table));
    if (s->row >= 0)
        json_object_set_new(o, "row", json_integer(s->row));
    if (s->col >= 0)
        json_object_set_new(o, "col", json_integer(s->col));
    return o;
}

/* Detail is written only where it says more than the plain value does. */
static json_t *cell_detail_json(const ogi_cell_def *d, const ogi_cell *c)
{
    json_t *src = source_json(&c->src);
    bool plain = !c->raw && !c->unit && !src &&
                 (c->state == OGI_CELL_VALUE || c->state == OGI_CELL_BLANK) &&
                 !(d->kind == OGI_VAL_MONEY && c->state == OGI_CELL_VALUE && c->decimals > 0);
    if (plain)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "state", json_string(ogi_cell_state_name(c->state)));
    if (c->raw)
        json_object_set_new(o, "raw", json_string(c->raw));
    else if (d->kind == OGI_VAL_MONEY && c->state == OGI_CELL_VALUE) {
        char buf[OGI_VALUE_BUF];
        json_object_set_new(o, "raw", json_string(ogi_cell_value_text(d, c, buf)));
    }
    if (c->unit)
        json_object_set_new(o, "unit", json_string(c->unit));
    if (src)
        json_object_set_new(o, "source", src);
    return o;
}

static json_t *text_map_json(char *const *texts)
{
    json_t *o = json_object();
    for (size_t s = 0; s < ogi_section_count(); s++)
        if (texts[s])
            json_object_set_new(o, ogi_section_at(s)->key, json_string(texts[s]));
    return o;
}

json_t *ogi_findings_to_json(const ogi_findings *f)
{
    json_t *a = json_array();
    for (size_t i = 0; f && i < f->n; i++) {
        const ogi_finding *x = &f->items[i];
        json_t *keys = json_array();
        for (size_t k = 0; k < x->n_keys; k++)
            json_array_append_new(keys, json_string(x->keys[k]));
        json_t *o = json_object();
        json_object_set_new(o, "rule", json_string(x->rule));
        json_object_set_new(o, "severity", json_string(ogi_severity_name(x->severity)));
        json_object_set_new(o, "keys", keys);
        if (x->table)
            json_object_set_new(o, "table", json_string(x->table));
        json_object_set_new(o, "message_zh", json_string(x->message_zh));
        json_object_set_new(o, "message_en", json_string(x->message_en));
        json_array_append_new(a, o);
    }
    return a;
}

json_t *ogi_report_to_json(const ogi_report *r, const ogi_findings *findings)
{
    json_t *o = json_object();
    json_object_set_new(o, "agency", str_or_null(r->agency));
    const char *kind = ogi_agency_kind_name(r->agency_kind);
    json_object_set_new(o, "agency_kind", kind[0] ? json_string(kind) : json_null());
    if (kind[0] && r->agency_kind_confidence != 100)
        json_object_set_new(o, "agency_kind_confidence", json_integer(r->agency_kind_confidence));
    json_object_set_new(o, "year", r->year ? json_integer(r->year) : json_null());
    json_object_set_new(o, "publish_date", str_or_null(r->publish_date));
    json_object_set_new(o, "period", str_or_null(r->period));
    ogi_format_version fv = ogi_report_detect_format(r, NULL, 0, NULL, 0);
    if (fv == OGI_FORMAT_UNKNOWN)
        fv = r->declared_format;
    json_object_set_new(o, "format_version",
                        fv == OGI_FORMAT_UNKNOWN ? json_null() : json_string(ogi_format_name(fv)));
    if (r->source)
        json_object_set_new(o, "source_file", json_string(r->source));
    json_object_set_new(o, "sections", text_map_json(r->sections));
    if (r->structure_known) {
        json_object_set_new(o, "headings", text_map_json(r->headings));
        json_t *order = json_object();
        for (size_t s = 0; s < OGI_SECTIONS; s++)
            if (r->heading_order[s])
                json_object_set_new(order, ogi_section_at(s)->key,
                                    json_integer(r->heading_order[s]));
        json_object_set_new(o, "heading_order", order);
    }
    json_t *cells = json_object(), *detail = json_object();
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        const ogi_cell *c = &r->cells[i];
        if (c->state == OGI_CELL_ABSENT && !c->raw)
            continue;
        if (c->state != OGI_CELL_ABSENT)
            json_object_set_new(cells, d->key, cell_json(d, c));
        json_t *cd = cell_detail_json(d, c);
        if (cd)
            json_object_set_new(detail, d->key, cd);
    }
    json_object_set_new(o, "cells", cells);
    json_object_set_new(o, "cell_detail", detail);
    if (r->n_extras) {
        json_t *ex = json_array();
        for (size_t i = 0; i < r->n_extras; i++)
            json_array_append_new(ex, json_string(r->extras[i]));
        json_object_set_new(o, "extras", ex);
    }
    if (findings)
        json_object_set_new(o, "findings", ogi_findings_to_json(findings));
    return o;
}
