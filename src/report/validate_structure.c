/*
 * validate_structure.c — R1, the structure and format rules: sections
 * missing or out of order (R1.1), non-standard headings (R1.2), mixed
 * formats (R1.3), a format that does not fit the year (R1.4), required
 * cells absent (R1.5), late publication (R1.6) and a statistical period
 * that is not the calendar year (R1.7).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"
#include "report/validate_internal.h"

/* ---- R1.1 / R1.2: only when an importer saw the document's headings ---- */

/* Sections kept = the longest run of found headings in increasing order;
 * every other section is missing or out of order.  This flags the one
 * section that moved rather than every section after it. */
static void sections_in_order(const ogi_report *r, bool *ok)
{
    int len[OGI_SECTIONS], prev[OGI_SECTIONS], best = -1;
    for (int s = 0; s < OGI_SECTIONS; s++) {
        ok[s] = false;
        len[s] = 0;
        prev[s] = -1;
        if (!r->headings[s] || r->heading_order[s] <= 0)
            continue;
        len[s] = 1;
        for (int p = 0; p < s; p++)
            if (len[p] && r->heading_order[p] < r->heading_order[s] && len[p] + 1 > len[s]) {
                len[s] = len[p] + 1;
                prev[s] = p;
            }
        if (best < 0 || len[s] > len[best])
            best = s;
    }
    for (int s = best; s >= 0; s = prev[s])
        ok[s] = true;
}

static void r1_1_sections(const ogi_report *r, ogi_findings *out)
{
    bool ok[OGI_SECTIONS];
    sections_in_order(r, ok);
    for (size_t s = 0; s < ogi_section_count() && s < OGI_SECTIONS; s++) {
        if (ok[s])
            continue;
        const ogi_section_def *sd = ogi_section_at(s);
        val_add(out, "R1.1", OGI_SEV_ERROR, NULL, sd->key,
                val_fmt("Section %s \"%s\" is missing or out of order.", sd->numeral, sd->heading),
                val_fmt("缺少第%s部分“%s”或顺序错误。", sd->numeral, sd->heading));
    }
}

/* The heading as found, without the indentation around it (ASCII
 * whitespace, U+3000, U+00A0), for messages. */
static char *trimmed(const char *s)
{
    static const char *const spaces[] = {" ", "\t", "\r", "\n", "\xe3\x80\x80", "\xc2\xa0", NULL};
    const char *end = s + strlen(s);
    for (bool cut = true; cut;) {
        cut = false;
        for (size_t i = 0; spaces[i]; i++) {
            size_t n = strlen(spaces[i]);
            if ((size_t)(end - s) >= n && strncmp(s, spaces[i], n) == 0)
                s += n, cut = true;
            if ((size_t)(end - s) >= n && strncmp(end - n, spaces[i], n) == 0)
                end -= n, cut = true;
        }
    }
    return ogi_strndup(s, (size_t)(end - s));
}

static void r1_2_headings(const ogi_report *r, ogi_findings *out)
{
    for (size_t s = 0; s < ogi_section_count() && s < OGI_SECTIONS; s++) {
        if (!r->headings[s])
            continue;
        const ogi_section_def *sd = ogi_section_at(s);
        char *found = ogi_heading_norm(r->headings[s]), *canon = ogi_heading_norm(sd->heading);
        bool differs = strcmp(found, canon) != 0;
        free(found);
        free(canon);
        if (!differs)
            continue;
        char *shown = trimmed(r->headings[s]);
        val_add(out, "R1.2", OGI_SEV_WARNING, NULL, sd->key,
                val_fmt("Section %s heading \"%s\" differs from the standard \"%s\".", sd->numeral,
                        shown, sd->heading),
                val_fmt("第%s部分标题“%s”与标准标题“%s”不一致。", sd->numeral, shown, sd->heading));
        free(shown);
    }
}

/* ---- R1.3 / R1.4 / R1.5: format ---- */

enum { PARTS_LEN = 512 };

static void r1_3_mixed(ogi_format_version fv, const char *v19, const char *v21, ogi_findings *out)
{
    if (fv != OGI_FORMAT_MIXED)
        return;
    val_add(
        out, "R1.3", OGI_SEV_WARNING, NULL, NULL,
        val_fmt("The report mixes the 2019 trial format (%s) with the 2021 format (%s).", v19, v21),
        val_fmt("报告混用了2019年试行格式（%s）与2021年格式（%s）。", v19, v21));
}

/* The notice that introduced each format: 国办公开办函〔2021〕30号 (v2021),
 * 国办公开办函〔2019〕60号 (v2019 trial format). */
static void format_doc(ogi_format_version v, const char **year, const char **number)
{
    bool v21 = v == OGI_FORMAT_V2021;
    *year = v21 ? "2021" : "2019";
    *number = v21 ? "30" : "60";
}

static void r1_4_format_year(const ogi_report *r, const char *v19, const char *v21,
                             ogi_findings *out)
{
    ogi_format_version expected = ogi_format_for_year(r->year);
    if (expected == OGI_FORMAT_UNKNOWN)
        return; /* year unknown or before either format */
    bool wrong = expected == OGI_FORMAT_V2021 ? v19[0] != '\0' : v21[0] != '\0';
    if (!wrong)
        return;
    const char *doc_year, *doc_no;
    format_doc(expected, &doc_year, &doc_no);
    const char *exp_name = expected == OGI_FORMAT_V2021 ? "2021" : "2019";
    const char *found = expected == OGI_FORMAT_V2021 ? "2019" : "2021";
    val_add(out, "R1.4", OGI_SEV_WARNING, NULL, NULL,
            val_fmt("A %d report should use the %s format (国办公开办函〔%s〕%s号); found %s "
                    "elements.",
                    r->year, exp_name, doc_year, doc_no, found),
            val_fmt("%d年度报告应采用%s年格式，但发现%s年格式内容。", r->year, exp_name, found));
}

static void r1_5_absent(const ogi_report *r, ogi_format_version detected, ogi_findings *out)
{
    ogi_format_version expected = ogi_format_for_year(r->year);
    if (r->year == 0 && detected != OGI_FORMAT_MIXED)
        expected = detected; /* year unknown: trust an unmixed detected format */
    unsigned mask = expected == OGI_FORMAT_MIXED ? 0 : ogi_format_mask(expected);
    for (size_t i = 0; mask && i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (!(d->formats & mask) || r->cells[i].state != OGI_CELL_ABSENT)
            continue;
        const char *keys[] = {d->key, NULL};
        val_add(out, "R1.5", OGI_SEV_ERROR, keys, d->table->key,
                val_fmt("Required item %s (%s) is absent from the report.", d->key, d->label),
                val_fmt("报告缺少必填项“%s”。", d->label));
    }
}

/* ---- R1.6: publication deadline (条例第四十九条) ---- */

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    int n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", y, m, d, &n) != 3 || s[n] != '\0')
        return false;
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static void r1_6_deadline(const ogi_report *r, ogi_findings *out)
{
    int dl_month;
    if (r->agency_kind == OGI_KIND_DEPARTMENT)
        dl_month = 1; /* 31 January */
    else if (r->agency_kind == OGI_KIND_GOVERNMENT)
        dl_month = 3; /* 31 March */
    else
        return; /* township / other / unknown: the Regulations set no date */
    int y, m, d;
    if (!r->year || !parse_date(r->publish_date, &y, &m, &d))
        return;
    int dl_year = r->year + 1;
    long pub = (long)y * 10000 + m * 100 + d,
         deadline = (long)dl_year * 10000 + dl_month * 100 + 31;
    if (pub <= deadline)
        return; /* the deadline day itself is on time */
    char dl[32];
    snprintf(dl, sizeof dl, "%04d-%02d-31", dl_year, dl_month);
    val_add(out, "R1.6", OGI_SEV_WARNING, NULL, NULL,
            val_fmt("Published %s, after the statutory deadline %s (条例第四十九条).",
                    r->publish_date, dl),
            val_fmt("发布日期%s晚于法定期限%s（《条例》第四十九条）。", r->publish_date, dl));
}

/* ---- R1.7: statistical period ---- */

/* The numbers written in the period, in order ("2023-01-01/2023-12-31",
 * 「自2023年1月1日起，至2023年12月31日止」 → 2023 1 1 2023 12 31). */
static size_t period_numbers(const char *period, long *nums, size_t cap)
{
    char *n = ogi_nfkc(period);
    size_t count = 0;
    for (const char *p = n ? n : ""; *p;) {
        if (*p < '0' || *p > '9') {
            p++;
            continue;
        }
        long v = 0;
        for (; *p >= '0' && *p <= '9'; p++)
            v = v < 100000 ? v * 10 + (*p - '0') : v;
        if (count < cap)
            nums[count] = v;
        count++;
    }
    free(n);
    return count;
}

/* Accepted: Y 1 1 Y 12 31, Y 1 1 12 31 (year stated once), 1 1 12 31 (no year). */
static bool is_calendar_year(const long *v, size_t n, long year)
{
    if (n == 6)
        return v[0] == year && v[1] == 1 && v[2] == 1 && v[3] == year && v[4] == 12 && v[5] == 31;
    if (n == 5)
        return v[0] == year && v[1] == 1 && v[2] == 1 && v[3] == 12 && v[4] == 31;
    if (n == 4)
        return v[0] == 1 && v[1] == 1 && v[2] == 12 && v[3] == 31;
    return false;
}

static void r1_7_period(const ogi_report *r, ogi_findings *out)
{
    if (!r->period || !r->year)
        return;
    long nums[8];
    size_t n = period_numbers(r->period, nums, 8);
    /* No Arabic digits (e.g. 「本年度」, Chinese numerals): cannot tell → skip. */
    if (n == 0 || (n <= 8 && is_calendar_year(nums, n, r->year)))
        return;
    val_add(out, "R1.7", OGI_SEV_WARNING, NULL, NULL,
            val_fmt("Statistical period \"%s\" is not the calendar year %d.", r->period, r->year),
            val_fmt("统计期限“%s”不是%d年1月1日至12月31日。", r->period, r->year));
}

void val_structure(const ogi_report *r, ogi_findings *out)
{
    if (r->structure_known) {
        r1_1_sections(r, out);
        r1_2_headings(r, out);
    }
    char v19[PARTS_LEN], v21[PARTS_LEN];
    ogi_format_version fv = ogi_report_detect_format(r, v19, sizeof v19, v21, sizeof v21);
    r1_3_mixed(fv, v19, v21, out);
    r1_4_format_year(r, v19, v21, out);
    r1_5_absent(r, fv, out);
    r1_6_deadline(r, out);
    r1_7_period(r, out);
}
