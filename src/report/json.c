/*
 * json.c — reading and writing a report as JSON (schema: docs/json.md).
 *
 * jansson parses numbers into doubles; money is turned back into the
 * shortest decimal text that round-trips the double (which is the text that
 * was written, for any amount of up to 15 significant digits) and parsed
 * exactly from there.  Where "cell_detail" carries the raw text, the raw
 * text wins.  Writing uses a JSON integer for whole amounts and a real with
 * 15 significant digits otherwise, so 1887.214474 prints as 1887.214474.
 * Writing walks the report once, into either a jansson tree or JSON text
 * (ogi/json_write.h), so the two cannot differ in keys or order.
 */
#include "ogi/json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/json_write.h"
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

/* A money cell's number: a whole amount written without decimals is an
 * integer, anything else the double of its decimal text (so that it
 * prints back as written).  Returns true for an integer. */
static bool money_number(int64_t millionths, int decimals, long long *whole, double *real)
{
    if (millionths % 1000000 == 0 && decimals == 0) {
        *whole = millionths / 1000000;
        return true;
    }
    char buf[40];
    ogi_decimal_format(millionths, decimals > 0 ? decimals : 6, buf);
    *real = strtod(buf, NULL);
    return false;
}

json_t *ogi_json_money(int64_t millionths, int decimals)
{
    long long whole;
    double real;
    return money_number(millionths, decimals, &whole, &real) ? json_integer(whole)
                                                              : json_real(real);
}

/* ---- one walk of the report, two outputs ----------------------------------
 * The report's keys and their order are written once, below, against an
 * emitter that either builds a jansson tree (ogi_report_to_json: check,
 * render, the web API …) or writes the text json_dumps would print for
 * that tree (ogi_report_write_json: the batch import's lines).  A value
 * jansson refuses (json_string of NULL or of invalid UTF-8, json_real of
 * a non-finite number) is left out with its key by both. */

#define EMIT_MAX_DEPTH 8

typedef struct {
    ogi_json_writer *w;              /* text; NULL: the tree */
    json_t *open[EMIT_MAX_DEPTH];    /* tree: the open containers */
    int depth;
} emitter;

/* Tree: put v (owned; NULL is dropped, as json_object_set_new does). */
static void tree_put(emitter *e, const char *key, json_t *v)
{
    json_t *top = e->open[e->depth - 1];
    if (json_is_object(top))
        json_object_set_new(top, key, v);
    else
        json_array_append_new(top, v);
}

static void em_open(emitter *e, const char *key, char bracket)
{
    if (e->w) {
        ogi_jw_open(e->w, key, bracket);
        return;
    }
    json_t *c = bracket == '{' ? json_object() : json_array();
    if (e->depth)
        tree_put(e, key, c); /* the parent owns it; we keep a borrowed pointer */
    e->open[e->depth++] = c;
}

static void em_close(emitter *e)
{
    if (e->w)
        ogi_jw_close(e->w);
    else if (e->depth > 1)
        e->depth--;
}

static void em_string(emitter *e, const char *key, const char *s)
{
    if (e->w)
        ogi_jw_string(e->w, key, s);
    else
        tree_put(e, key, json_string(s));
}

static void em_int(emitter *e, const char *key, long long v)
{
    if (e->w)
        ogi_jw_integer(e->w, key, v);
    else
        tree_put(e, key, json_integer(v));
}

static void em_null(emitter *e, const char *key)
{
    if (e->w)
        ogi_jw_null(e->w, key);
    else
        tree_put(e, key, json_null());
}

static void em_str_or_null(emitter *e, const char *key, const char *s)
{
    if (s)
        em_string(e, key, s);
    else
        em_null(e, key);
}

static void em_money(emitter *e, const char *key, int64_t millionths, int decimals)
{
    long long whole;
    double real;
    if (money_number(millionths, decimals, &whole, &real))
        em_int(e, key, whole);
    else if (e->w)
        ogi_jw_real(e->w, key, real);
    else
        tree_put(e, key, json_real(real));
}

static void emit_cell(emitter *e, const ogi_cell_def *d, const ogi_cell *c)
{
    if (c->state != OGI_CELL_VALUE)
        em_null(e, d->key);
    else if (d->kind == OGI_VAL_MONEY)
        em_money(e, d->key, c->value, c->decimals);
    else
        em_int(e, d->key, c->value);
}

static bool has_source(const ogi_source *s)
{
    return s->file || s->line || s->table >= 0 || s->row >= 0 || s->col >= 0;
}

static void emit_source(emitter *e, const ogi_source *s)
{
    em_open(e, "source", '{');
    if (s->file)
        em_string(e, "file", s->file);
    if (s->line)
        em_int(e, "line", s->line);
    if (s->table >= 0)
        em_int(e, "table", s->table);
    if (s->row >= 0)
        em_int(e, "row", s->row);
    if (s->col >= 0)
        em_int(e, "col", s->col);
    em_close(e);
}

/* Detail is written only where it says more than the plain value does. */
static void emit_cell_detail(emitter *e, const ogi_cell_def *d, const ogi_cell *c)
{
    bool src = has_source(&c->src);
    bool plain = !c->raw && !c->unit && !src &&
                 (c->state == OGI_CELL_VALUE || c->state == OGI_CELL_BLANK) &&
                 !(d->kind == OGI_VAL_MONEY && c->state == OGI_CELL_VALUE && c->decimals > 0);
    if (plain)
        return;
    em_open(e, d->key, '{');
    em_string(e, "state", ogi_cell_state_name(c->state));
    if (c->raw)
        em_string(e, "raw", c->raw);
    else if (d->kind == OGI_VAL_MONEY && c->state == OGI_CELL_VALUE) {
        char buf[OGI_VALUE_BUF];
        em_string(e, "raw", ogi_cell_value_text(d, c, buf));
    }
    if (c->unit)
        em_string(e, "unit", c->unit);
    if (src)
        emit_source(e, &c->src);
    em_close(e);
}

static void emit_text_map(emitter *e, const char *key, char *const *texts)
{
    em_open(e, key, '{');
    for (size_t s = 0; s < ogi_section_count(); s++)
        if (texts[s])
            em_string(e, ogi_section_at(s)->key, texts[s]);
    em_close(e);
}

static void emit_findings(emitter *e, const char *key, const ogi_findings *f)
{
    em_open(e, key, '[');
    for (size_t i = 0; f && i < f->n; i++) {
        const ogi_finding *x = &f->items[i];
        em_open(e, NULL, '{');
        em_string(e, "rule", x->rule);
        em_string(e, "severity", ogi_severity_name(x->severity));
        em_open(e, "keys", '[');
        for (size_t k = 0; k < x->n_keys; k++)
            em_string(e, NULL, x->keys[k]);
        em_close(e);
        if (x->table)
            em_string(e, "table", x->table);
        em_string(e, "message_zh", x->message_zh);
        em_string(e, "message_en", x->message_en);
        em_close(e);
    }
    em_close(e);
}

static void emit_meta(emitter *e, const ogi_report *r)
{
    em_str_or_null(e, "agency", r->agency);
    const char *kind = ogi_agency_kind_name(r->agency_kind);
    em_str_or_null(e, "agency_kind", kind[0] ? kind : NULL);
    if (kind[0] && r->agency_kind_confidence != 100)
        em_int(e, "agency_kind_confidence", r->agency_kind_confidence);
    if (r->year)
        em_int(e, "year", r->year);
    else
        em_null(e, "year");
    em_str_or_null(e, "publish_date", r->publish_date);
    em_str_or_null(e, "period", r->period);
    ogi_format_version fv = ogi_report_detect_format(r, NULL, 0, NULL, 0);
    if (fv == OGI_FORMAT_UNKNOWN)
        fv = r->declared_format;
    em_str_or_null(e, "format_version", fv == OGI_FORMAT_UNKNOWN ? NULL : ogi_format_name(fv));
    if (r->source)
        em_string(e, "source_file", r->source);
}

static void emit_structure(emitter *e, const ogi_report *r)
{
    emit_text_map(e, "sections", r->sections);
    if (!r->structure_known)
        return;
    emit_text_map(e, "headings", r->headings);
    em_open(e, "heading_order", '{');
    for (size_t s = 0; s < OGI_SECTIONS; s++)
        if (r->heading_order[s])
            em_int(e, ogi_section_at(s)->key, r->heading_order[s]);
    em_close(e);
}

static void emit_cells(emitter *e, const ogi_report *r)
{
    size_t n = ogi_cell_count();
    em_open(e, "cells", '{');
    for (size_t i = 0; i < n; i++)
        if (r->cells[i].state != OGI_CELL_ABSENT)
            emit_cell(e, ogi_cell_at(i), &r->cells[i]);
    em_close(e);
    em_open(e, "cell_detail", '{');
    for (size_t i = 0; i < n; i++)
        if (r->cells[i].state != OGI_CELL_ABSENT || r->cells[i].raw)
            emit_cell_detail(e, ogi_cell_at(i), &r->cells[i]);
    em_close(e);
}

static void emit_report(emitter *e, const char *key, const ogi_report *r,
                        const ogi_findings *findings)
{
    em_open(e, key, '{');
    emit_meta(e, r);
    emit_structure(e, r);
    emit_cells(e, r);
    if (r->n_extras) {
        em_open(e, "extras", '[');
        for (size_t i = 0; i < r->n_extras; i++)
            em_string(e, NULL, r->extras[i]);
        em_close(e);
    }
    if (findings)
        emit_findings(e, "findings", findings);
    em_close(e);
}

json_t *ogi_findings_to_json(const ogi_findings *f)
{
    emitter e = {0};
    emit_findings(&e, NULL, f);
    return e.open[0];
}

json_t *ogi_report_to_json(const ogi_report *r, const ogi_findings *findings)
{
    emitter e = {0};
    emit_report(&e, NULL, r, findings);
    return e.open[0];
}

void ogi_report_write_json(ogi_json_writer *w, const char *key, const ogi_report *r,
                           const ogi_findings *findings)
{
    emitter e = {.w = w};
    emit_report(&e, key, r, findings);
}
