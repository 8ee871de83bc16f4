/*
 * analysis.c — cross-year analysis of an agency's or a region's reports:
 * per cell deltas between two years, the rates (one table below, by cell
 * keys of the format definition), rankings of a region's agencies by a
 * rate, and the cross-report rules between consecutive years.
 *
 * Rates are exact fractions of integers; they are only rounded (half away
 * from zero, 4 places) when printed, and compared by cross-multiplication.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/analysis.h"
#include "ogi/text.h"

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* The rates.  Numerator and denominator are sums of cells, so a rate is
 * defined only when every cell named is a value and the denominator > 0. */
static const ogi_rate_def rates[] = {
    {"granted_share", "予以公开占办理结果总计比例", "granted / all outcomes",
     KEYS("s3_granted__total"), KEYS("s3_outcome_total__total")},
    {"partial_share", "部分公开占办理结果总计比例", "partially granted / all outcomes",
     KEYS("s3_partial__total"), KEYS("s3_outcome_total__total")},
    {"concluded_share", "本年办结占应办理申请比例", "concluded / (new + carried over)",
     KEYS("s3_outcome_total__total"), KEYS("s3_new_received__total", "s3_carried_over__total")},
    {"review_corrected_share", "行政复议结果纠正比例", "reviews corrected / reviews",
     KEYS("s4_review_corrected"), KEYS("s4_review_total")},
    {"suit_direct_corrected_share", "未经复议直接起诉结果纠正比例",
     "direct suits corrected / direct suits", KEYS("s4_suit_direct_corrected"),
     KEYS("s4_suit_direct_total")},
    {"suit_after_review_corrected_share", "复议后起诉结果纠正比例",
     "suits after review corrected / suits after review",
     KEYS("s4_suit_after_review_corrected"), KEYS("s4_suit_after_review_total")},
    {"review_per_application", "行政复议件数与本年新收申请数之比",
     "reviews / new applications", KEYS("s4_review_total"), KEYS("s3_new_received__total")},
};

#define N_RATES (sizeof rates / sizeof rates[0])

size_t ogi_rate_count(void) { return N_RATES; }

const ogi_rate_def *ogi_rate_at(size_t i) { return i < N_RATES ? &rates[i] : NULL; }

const ogi_rate_def *ogi_rate_by_key(const char *key)
{
    for (size_t i = 0; key && i < N_RATES; i++)
        if (!strcmp(rates[i].key, key))
            return &rates[i];
    return NULL;
}

/* Sum of the named cells; false when one is not a value. */
static bool sum_keys(const char *const *keys, const ogi_report *r, int64_t *sum)
{
    *sum = 0;
    for (const char *const *k = keys; *k; k++) {
        const ogi_cell *c = ogi_report_cell_c(r, *k);
        if (!c || c->state != OGI_CELL_VALUE || __builtin_add_overflow(*sum, c->value, sum))
            return false;
    }
    return true;
}

ogi_rate_value ogi_rate_eval(const ogi_rate_def *d, const ogi_report *r)
{
    ogi_rate_value v = {0};
    if (r && sum_keys(d->numerator, r, &v.num) && sum_keys(d->denominator, r, &v.den))
        v.defined = v.den > 0;
    return v;
}

/* num/den to 4 places, half away from zero. */
static const char *fraction_text(__int128 num, __int128 den, char *buf)
{
    bool neg = (num < 0) != (den < 0) && num != 0;
    if (num < 0)
        num = -num;
    if (den < 0)
        den = -den;
    __int128 q = (num * 20000 + den) / (2 * den);
    snprintf(buf, 32, "%s%lld.%04lld", neg && q ? "-" : "", (long long)(q / 10000),
             (long long)(q % 10000));
    return buf;
}

const char *ogi_rate_text(ogi_rate_value v, char *buf)
{
    if (!v.defined) {
        buf[0] = '\0';
        return buf;
    }
    return fraction_text(v.num, v.den, buf);
}

int ogi_rate_cmp(ogi_rate_value a, ogi_rate_value b)
{
    if (!a.defined || !b.defined)
        return a.defined - b.defined;
    __int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;
    return (l > r) - (l < r);
}

/* ---- deltas between two reports ---- */

typedef struct {
    const char *kind, *key, *label;
    char from[OGI_VALUE_BUF], to[OGI_VALUE_BUF], delta[OGI_VALUE_BUF];
} compare_row;

static bool cell_row(size_t i, const ogi_report *from, const ogi_report *to, compare_row *row)
{
    const ogi_cell_def *d = ogi_cell_at(i);
    const ogi_cell *a = &from->cells[i], *b = &to->cells[i];
    if (a->state != OGI_CELL_VALUE && b->state != OGI_CELL_VALUE)
        return false;
    *row = (compare_row){.kind = "cell", .key = d->key, .label = d->label};
    ogi_cell_value_text(d, a, row->from);
    ogi_cell_value_text(d, b, row->to);
    int64_t delta;
    if (a->state == OGI_CELL_VALUE && b->state == OGI_CELL_VALUE &&
        !__builtin_sub_overflow(b->value, a->value, &delta)) {
        if (d->kind == OGI_VAL_MONEY)
            ogi_decimal_format(delta, a->decimals > b->decimals ? a->decimals : b->decimals,
                               row->delta);
        else
            snprintf(row->delta, sizeof row->delta, "%lld", (long long)delta);
    }
    return true;
}

static void rate_row(const ogi_rate_def *d, const ogi_report *from, const ogi_report *to,
                     compare_row *row)
{
    *row = (compare_row){.kind = "rate", .key = d->key, .label = d->label_zh};
    ogi_rate_value a = ogi_rate_eval(d, from), b = ogi_rate_eval(d, to);
    ogi_rate_text(a, row->from);
    ogi_rate_text(b, row->to);
    if (a.defined && b.defined)
        fraction_text((__int128)b.num * a.den - (__int128)a.num * b.den,
                      (__int128)a.den * b.den, row->delta);
}

typedef void (*row_writer)(ogi_buf *out, const compare_row *row);

static void each_row(const ogi_report *from, const ogi_report *to, ogi_buf *out, row_writer w)
{
    compare_row row;
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (cell_row(i, from, to, &row))
            w(out, &row);
    for (size_t i = 0; i < N_RATES; i++) {
        rate_row(&rates[i], from, to, &row);
        w(out, &row);
    }
}

static void csv_row(ogi_buf *out, const compare_row *row)
{
    const char *fields[] = {row->kind, row->key, row->label, row->from, row->to, row->delta};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (i)
            ogi_buf_putc(out, ',');
        ogi_buf_csv(out, fields[i]);
    }
    ogi_buf_puts(out, "\r\n");
}

void ogi_compare_csv(const ogi_report *from, const ogi_report *to, ogi_buf *out)
{
    ogi_buf_puts(out, "kind,key,label,from,to,delta\r\n");
    each_row(from, to, out, csv_row);
}

static void text_row(ogi_buf *out, const compare_row *row)
{
    ogi_buf_printf(out, "%-40s %12s %12s %12s  %s\n", row->key, row->from[0] ? row->from : "-",
                   row->to[0] ? row->to : "-", row->delta[0] ? row->delta : "-", row->label);
}

void ogi_compare_text(const ogi_report *from, const ogi_report *to, ogi_buf *out)
{
    ogi_buf_printf(out, "%-40s %12d %12d %12s  %s\n", "key", from->year, to->year, "delta",
                   "label");
    each_row(from, to, out, text_row);
}

void ogi_compare_each(const ogi_report *from, const ogi_report *to, ogi_compare_visit fn,
                      void *ctx)
{
    compare_row row;
    for (size_t i = 0; i < ogi_cell_count() + N_RATES; i++) {
        if (i < ogi_cell_count() && !cell_row(i, from, to, &row))
            continue;
        if (i >= ogi_cell_count())
            rate_row(&rates[i - ogi_cell_count()], from, to, &row);
        const char *const fields[6] = {row.kind, row.key, row.label, row.from, row.to, row.delta};
        fn(ctx, fields);
    }
}

/* ---- cross-year rules ---- */

int ogi_check_pair(ogi_store *s, int64_t agency_id, int year, ogi_source_pref pref,
                   ogi_findings *out, char *err, size_t errlen)
{
    ogi_report *prev = NULL, *cur = NULL;
    ogi_report_origin po, co;
    int rc = ogi_agency_report(s, agency_id, year - 1, pref, &prev, &po, err, errlen);
    if (rc == 1)
        rc = ogi_agency_report(s, agency_id, year, pref, &cur, &co, err, errlen);
    if (rc == 1) {
        /* The store matched both to one agency; the years are the stored ones. */
        prev->year = year - 1;
        cur->year = year;
        ogi_validate_pair(prev, cur, out);
        ogi_report_origin_free(&co);
    }
    if (prev)
        ogi_report_origin_free(&po);
    ogi_report_free(prev);
    ogi_report_free(cur);
    return rc;
}

/* ---- rankings ---- */

static int rank_cmp(const void *x, const void *y)
{
    const ogi_rank_row *a = x, *b = y;
    int c = ogi_rate_cmp(b->value, a->value);
    return c ? c : strcmp(a->agency.name, b->agency.name);
}

int ogi_rank_region(ogi_store *s, int64_t root, int year, const ogi_rate_def *rate,
                    ogi_source_pref pref, ogi_rank_row **out, size_t *n, char *err,
                    size_t errlen)
{
    ogi_agency *all = NULL;
    *out = NULL;
    *n = 0;
    if (ogi_store_agency_subtree(s, root, &all, n) < 0) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    *out = ogi_xcalloc(*n + 1, sizeof **out);
    int rc = 0;
    for (size_t i = 0; i < *n; i++) {
        ogi_rank_row *row = &(*out)[i];
        row->agency = all[i];
        ogi_report *r = NULL;
        ogi_report_origin o;
        int got = rc ? 0 : ogi_agency_report(s, row->agency.id, year, pref, &r, &o, err, errlen);
        if (got < 0)
            rc = -1;
        row->has_report = got == 1;
        row->value = ogi_rate_eval(rate, r);
        if (got == 1)
            ogi_report_origin_free(&o);
        ogi_report_free(r);
    }
    free(all);
    qsort(*out, *n, sizeof **out, rank_cmp);
    return rc;
}

void ogi_rank_free(ogi_rank_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&rows[i].agency);
    free(rows);
}
