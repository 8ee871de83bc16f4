/*
 * summary.c — regional views over the agency hierarchy: where each agency's
 * report for a year comes from (ledger, published, corpus), the 汇总 report
 * of a region as the cell-by-cell sum of its agencies' reports, and the
 * Art. 49 compliance of publication.
 *
 * Sums go through the format definition only.  A cell is summed over the
 * agencies where it is a value; an agency where it is blank is named in the
 * breakdown rather than counted as zero, and an agency without any report
 * is named under "missing".  v2019-only and v2021-only keys are different
 * keys and so stay separate (annual-report-format.md §5.3).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/analysis.h"
#include "ogi/json.h"
#include "ogi/ledger.h"

/* ---- where a report comes from ---- */

bool ogi_source_pref_parse(const char *s, ogi_source_pref *out)
{
    static const struct {
        const char *name;
        ogi_source_pref pref;
    } names[] = {{"auto", OGI_SOURCE_AUTO},
                 {"ledger", OGI_SOURCE_LEDGER},
                 {"published", OGI_SOURCE_PUBLISHED}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i].name)) {
            *out = names[i].pref;
            return true;
        }
    return false;
}

void ogi_report_origin_free(ogi_report_origin *o)
{
    if (!o)
        return;
    free(o->path);
    free(o->published_at);
    memset(o, 0, sizeof *o);
}

/* ERROR entries of a stored findings array. */
static size_t count_errors(const char *findings_json)
{
    json_t *arr = findings_json ? json_loads(findings_json, 0, NULL) : NULL;
    size_t n = 0, i;
    json_t *f;
    json_array_foreach(arr, i, f)
    {
        const char *sev = json_string_value(json_object_get(f, "severity"));
        n += sev && !strcmp(sev, "ERROR");
    }
    json_decref(arr);
    return n;
}

static ogi_report *parse_stored(const char *json, const char *what, int64_t id, char *err,
                                size_t errlen)
{
    char msg[256];
    ogi_report *r = json ? ogi_report_from_json_text(json, strlen(json), msg, sizeof msg) : NULL;
    if (!r)
        snprintf(err, errlen, "%s report %lld: stored JSON unreadable: %s", what,
                 (long long)id, json ? msg : "empty");
    return r;
}

static int from_ledger(ogi_store *s, int64_t agency_id, int year, ogi_report **out,
                       ogi_report_origin *o, char *err, size_t errlen)
{
    int has = ogi_store_ledger_has_data(s, agency_id, year);
    if (has <= 0) {
        if (has < 0)
            snprintf(err, errlen, "%s", ogi_store_error(s));
        return has;
    }
    char *sections = NULL;
    if (ogi_store_report_draft_get(s, agency_id, year, &sections) < 0)
        sections = NULL;
    *out = ogi_ledger_build_report(s, agency_id, year, sections, err, errlen);
    free(sections);
    if (!*out)
        return -1;
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(*out, &f);
    o->kind = "ledger";
    o->n_errors = ogi_findings_count(&f, OGI_SEV_ERROR);
    ogi_findings_free(&f);
    return 1;
}

static int from_published(ogi_store *s, int64_t agency_id, int year, ogi_report **out,
                          ogi_report_origin *o, char *err, size_t errlen)
{
    ogi_report_filter flt = {.agency_id = agency_id, .year = year, .latest_only = true,
                             .limit = 1};
    ogi_published_report *rows = NULL;
    size_t n = 0;
    if (ogi_store_report_list(s, &flt, &rows, &n, NULL) < 0) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    int rc = 0;
    if (n) {
        *out = parse_stored(rows[0].report_json, "published", rows[0].id, err, errlen);
        rc = *out ? 1 : -1;
        o->kind = "published";
        o->id = rows[0].id;
        o->published_at = ogi_strdup(rows[0].published_at);
        o->n_errors = count_errors(rows[0].findings_json);
    }
    for (size_t i = 0; i < n; i++)
        ogi_published_report_free(&rows[i]);
    free(rows);
    return rc;
}

static int from_corpus(ogi_store *s, int64_t agency_id, int year, ogi_report **out,
                       ogi_report_origin *o, char *err, size_t errlen)
{
    ogi_corpus_report c;
    int rc = ogi_store_corpus_latest(s, agency_id, year, &c);
    if (rc < 0)
        snprintf(err, errlen, "%s", ogi_store_error(s));
    if (rc == 1) {
        *out = parse_stored(c.report_json, "corpus", c.id, err, errlen);
        rc = *out ? 1 : -1;
        o->kind = "corpus";
        o->id = c.id;
        o->path = c.source_path;
        o->published_at = c.imported_at;
        c.source_path = c.imported_at = NULL;
        o->n_errors = count_errors(c.findings_json);
    }
    ogi_corpus_report_free(&c);
    return rc;
}

int ogi_agency_report(ogi_store *s, int64_t agency_id, int year, ogi_source_pref pref,
                      ogi_report **out, ogi_report_origin *origin, char *err, size_t errlen)
{
    *out = NULL;
    memset(origin, 0, sizeof *origin);
    int rc = 0;
    if (pref != OGI_SOURCE_PUBLISHED)
        rc = from_ledger(s, agency_id, year, out, origin, err, errlen);
    if (rc == 0 && pref != OGI_SOURCE_LEDGER)
        rc = from_published(s, agency_id, year, out, origin, err, errlen);
    if (rc == 0 && pref != OGI_SOURCE_LEDGER)
        rc = from_corpus(s, agency_id, year, out, origin, err, errlen);
    if (rc != 1) {
        ogi_report_free(*out);
        *out = NULL;
        ogi_report_origin_free(origin);
    }
    return rc;
}

/* ---- summing ---- */

static void sum_cell(ogi_report *sum, size_t i, const ogi_report *const *parts, size_t n)
{
    int64_t total = 0;
    int decimals = 0;
    bool any_value = false, any_present = false, overflow = false;
    for (size_t k = 0; k < n; k++) {
        const ogi_cell *c = &parts[k]->cells[i];
        if (c->state == OGI_CELL_VALUE) {
            any_value = true;
            overflow |= __builtin_add_overflow(total, c->value, &total);
            if (c->decimals > decimals)
                decimals = c->decimals;
        } else if (c->state != OGI_CELL_ABSENT) {
            any_present = true;
        }
    }
    if (overflow) {
        ogi_report_set_blank(sum, i);
        sum->cells[i].state = OGI_CELL_UNREADABLE;
        sum->cells[i].parse = OGI_PARSE_OVERFLOW;
    } else if (any_value) {
        ogi_report_set_value(sum, i, total, decimals);
    } else if (any_present) {
        ogi_report_set_blank(sum, i);
    }
}

ogi_report *ogi_report_sum(const ogi_report *const *parts, size_t n, const char *agency,
                           int year, ogi_agency_kind kind)
{
    ogi_report *sum = ogi_report_new();
    sum->agency = ogi_strdup(agency);
    sum->agency_kind = kind;
    sum->agency_kind_confidence = 100;
    sum->year = year;
    char period[32];
    snprintf(period, sizeof period, "%04d-01-01/%04d-12-31", year, year);
    sum->period = ogi_strdup(period);
    for (int i = 0; i < OGI_SECTIONS; i++)
        sum->sections[i] = ogi_strdup("");
    for (size_t i = 0; i < ogi_cell_count(); i++)
        sum_cell(sum, i, parts, n);
    return sum;
}

bool ogi_report_cells_equal(const ogi_report *a, const ogi_report *b, const char **first_diff)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell *x = &a->cells[i], *y = &b->cells[i];
        if (x->state != y->state || (x->state == OGI_CELL_VALUE && x->value != y->value)) {
            if (first_diff)
                *first_diff = ogi_cell_at(i)->key;
            return false;
        }
    }
    return true;
}

/* ---- regional summary ---- */

static void part_free(ogi_summary_part *p)
{
    ogi_agency_free(&p->agency);
    ogi_report_free(p->report);
    ogi_report_origin_free(&p->origin);
    for (size_t i = 0; i < p->n_not_values; i++)
        free(p->not_values[i]);
    free(p->not_values);
}

void ogi_summary_free(ogi_summary *sm)
{
    if (!sm)
        return;
    ogi_agency_free(&sm->region);
    ogi_report_free(sm->total);
    for (size_t i = 0; i < sm->n_parts; i++)
        part_free(&sm->parts[i]);
    free(sm->parts);
    for (size_t i = 0; i < sm->n_missing; i++)
        ogi_agency_free(&sm->missing[i]);
    free(sm->missing);
    memset(sm, 0, sizeof *sm);
}

/* Cells that carry a value in the total but not in this part (blank,
 * ambiguous, unreadable): the part's warnings. */
static void note_not_values(ogi_summary_part *p, const ogi_report *total)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        ogi_cell_state st = p->report->cells[i].state;
        if (total->cells[i].state != OGI_CELL_VALUE || st == OGI_CELL_VALUE ||
            st == OGI_CELL_ABSENT)
            continue;
        p->not_values = ogi_xrealloc(p->not_values, (p->n_not_values + 1) * sizeof(char *));
        p->not_values[p->n_not_values++] = ogi_strdup(ogi_cell_at(i)->key);
    }
}

/* Take one agency of the region: a part when it has a report, else missing. */
static int take_agency(ogi_store *s, ogi_summary *sm, ogi_agency *a, int year,
                       ogi_source_pref pref, char *err, size_t errlen)
{
    ogi_report *r = NULL;
    ogi_report_origin origin;
    int rc = ogi_agency_report(s, a->id, year, pref, &r, &origin, err, errlen);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        sm->missing = ogi_xrealloc(sm->missing, (sm->n_missing + 1) * sizeof *sm->missing);
        sm->missing[sm->n_missing++] = *a;
    } else {
        sm->parts = ogi_xrealloc(sm->parts, (sm->n_parts + 1) * sizeof *sm->parts);
        sm->parts[sm->n_parts++] = (ogi_summary_part){.agency = *a, .report = r,
                                                      .origin = origin};
    }
    memset(a, 0, sizeof *a);
    return 0;
}

int ogi_region_summary(ogi_store *s, int64_t root, int year, ogi_source_pref pref,
                       ogi_summary *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    ogi_agency *all = NULL;
    size_t n = 0;
    if (ogi_store_agency_subtree(s, root, &all, &n) < 0 || n == 0) {
        snprintf(err, errlen, "%s", n ? ogi_store_error(s) : "no such agency");
        free(all);
        return -1;
    }
    out->region = all[0];
    out->region.name = ogi_strdup(all[0].name);
    out->region.index_prefix = ogi_strdup(all[0].index_prefix);
    out->region.index_pattern = ogi_strdup(all[0].index_pattern);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        if (rc == 0)
            rc = take_agency(s, out, &all[i], year, pref, err, errlen);
        ogi_agency_free(&all[i]);
    }
    free(all);
    if (rc)
        return -1;
    const ogi_report **reports = ogi_xcalloc(out->n_parts + 1, sizeof *reports);
    for (size_t i = 0; i < out->n_parts; i++)
        reports[i] = out->parts[i].report;
    out->total = ogi_report_sum(reports, out->n_parts, out->region.name, year, out->region.kind);
    free(reports);
    for (size_t i = 0; i < out->n_parts; i++)
        note_not_values(&out->parts[i], out->total);
    return 0;
}

static json_t *agency_ref(const ogi_agency *a)
{
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)a->id, "name", a->name ? a->name : "",
                     "kind", ogi_agency_kind_name(a->kind));
}

static json_t *part_json(const ogi_summary_part *p)
{
    json_t *o = agency_ref(&p->agency);
    json_t *src = json_pack("{s:s}", "kind", p->origin.kind);
    if (p->origin.id)
        json_object_set_new(src, "id", json_integer(p->origin.id));
    if (p->origin.path)
        json_object_set_new(src, "file", json_string(p->origin.path));
    json_object_set_new(o, "source", src);
    json_object_set_new(o, "format_version",
                        json_string(ogi_format_name(ogi_report_detect_format(p->report, NULL, 0,
                                                                             NULL, 0))));
    json_object_set_new(o, "errors", json_integer((json_int_t)p->origin.n_errors));
    json_t *full = ogi_report_to_json(p->report, NULL);
    json_object_set(o, "cells", json_object_get(full, "cells"));
    json_decref(full);
    json_t *blank = json_array();
    for (size_t i = 0; i < p->n_not_values; i++)
        json_array_append_new(blank, json_string(p->not_values[i]));
    json_object_set_new(o, "not_values", blank);
    return o;
}

json_t *ogi_summary_to_json(const ogi_summary *sm, const ogi_findings *findings)
{
    json_t *j = ogi_report_to_json(sm->total, findings);
    json_object_set_new(j, "region", agency_ref(&sm->region));
    json_t *parts = json_array(), *missing = json_array();
    for (size_t i = 0; i < sm->n_parts; i++)
        json_array_append_new(parts, part_json(&sm->parts[i]));
    for (size_t i = 0; i < sm->n_missing; i++)
        json_array_append_new(missing, agency_ref(&sm->missing[i]));
    json_object_set_new(j, "breakdown", parts);
    json_object_set_new(j, "missing", missing);
    return j;
}

/* ---- compliance with Art. 49 ---- */

const char *ogi_pub_status_name(ogi_pub_status st)
{
    static const char *const names[] = {"not_published", "on_time", "late", "no_deadline",
                                        "date_unknown"};
    return (unsigned)st < sizeof names / sizeof names[0] ? names[st] : "";
}

const char *ogi_pub_status_label(ogi_pub_status st)
{
    static const char *const labels[] = {"未发布", "按时发布", "逾期发布",
                                         "已发布（条例未规定发布期限）", "已发布（发布日期不明）"};
    return (unsigned)st < sizeof labels / sizeof labels[0] ? labels[st] : "";
}

bool ogi_art49_deadline(ogi_agency_kind kind, int year, char *buf)
{
    buf[0] = '\0';
    unsigned next = (unsigned)(year + 1) % 10000u;
    if (kind == OGI_KIND_DEPARTMENT)
        snprintf(buf, 11, "%04u-01-31", next);
    else if (kind == OGI_KIND_GOVERNMENT)
        snprintf(buf, 11, "%04u-03-31", next);
    return buf[0] != '\0';
}

/* The stated publication date of a stored report JSON into buf (≥ 11). */
static void stated_date(const char *report_json, char *buf)
{
    json_t *j = report_json ? json_loads(report_json, 0, NULL) : NULL;
    const char *d = json_string_value(json_object_get(j, "publish_date"));
    snprintf(buf, 11, "%s", d && strlen(d) == 10 ? d : "");
    json_decref(j);
}

/* published_reports: the first version's date (the duty is to publish by
 * the deadline; a later correction does not make it late), the current
 * version's ERROR count.  1 found, 0 none, -1 error. */
static int published_row(ogi_store *s, ogi_compliance_row *row, int year)
{
    ogi_report_filter flt = {.agency_id = row->agency.id, .year = year};
    ogi_published_report *v = NULL;
    size_t n = 0;
    if (ogi_store_report_list(s, &flt, &v, &n, NULL) < 0)
        return -1;
    if (n) {
        const ogi_published_report *first = &v[n - 1];
        stated_date(first->report_json, row->published);
        if (!row->published[0] && first->published_at)
            snprintf(row->published, sizeof row->published, "%.10s", first->published_at);
        row->source = "published";
        row->source_id = v[0].id;
        row->n_errors = count_errors(v[0].findings_json);
    }
    for (size_t i = 0; i < n; i++)
        ogi_published_report_free(&v[i]);
    free(v);
    return n ? 1 : 0;
}

static int corpus_row(ogi_store *s, ogi_compliance_row *row, int year)
{
    ogi_corpus_report c;
    int rc = ogi_store_corpus_latest(s, row->agency.id, year, &c);
    if (rc == 1) {
        stated_date(c.report_json, row->published);
        row->source = "corpus";
        row->source_id = c.id;
        row->n_errors = count_errors(c.findings_json);
    }
    ogi_corpus_report_free(&c);
    return rc;
}

static int classify(ogi_store *s, ogi_compliance_row *row, int year)
{
    bool has_deadline = ogi_art49_deadline(row->agency.kind, year, row->deadline);
    int rc = published_row(s, row, year);
    if (rc == 0)
        rc = corpus_row(s, row, year);
    if (rc <= 0) {
        row->status = OGI_PUB_NOT_PUBLISHED;
        return rc;
    }
    if (!has_deadline)
        row->status = OGI_PUB_NO_DEADLINE;
    else if (!row->published[0])
        row->status = OGI_PUB_DATE_UNKNOWN;
    else
        row->status = strcmp(row->published, row->deadline) <= 0 ? OGI_PUB_ON_TIME : OGI_PUB_LATE;
    return 1;
}

int ogi_compliance(ogi_store *s, int64_t root, int year, ogi_compliance_row **out, size_t *n,
                   char *err, size_t errlen)
{
    *out = NULL;
    *n = 0;
    ogi_agency *all = NULL;
    size_t count = 0;
    int rc = root ? ogi_store_agency_subtree(s, root, &all, &count)
                  : ogi_store_agency_list(s, &all, &count);
    if (rc < 0) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    *out = ogi_xcalloc(count + 1, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        ogi_compliance_row *row = &(*out)[(*n)++];
        row->agency = all[i];
        if (rc == 0 && classify(s, row, year) < 0) {
            snprintf(err, errlen, "%s", ogi_store_error(s));
            rc = -1;
        }
    }
    free(all);
    return rc;
}

void ogi_compliance_free(ogi_compliance_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&rows[i].agency);
    free(rows);
}
