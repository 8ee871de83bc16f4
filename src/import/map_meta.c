/*
 * map_meta.c — report metadata from the document text: agency, year,
 * publish date, statistical period and the kind of agency.
 *
 * Sources, in order of trust: the title line 「XX 2023年政府信息公开工作
 * 年度报告」 (or 「2023年度XX政府信息公开…」), a 「发布日期/发布时间」 line,
 * the period sentence 「统计期限自2023年1月1日起至2023年12月31日止」.  The
 * agency kind follows from the name's ending (§8 agency_kind) and carries a
 * confidence, since a name is evidence, not a statement.
 */
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

#define TITLE_ROWS 12 /* the title sits near the top, after page junk */

static const char *const report_title = "政府信息公开工作年度报告";

/* The patterns, compiled once per process (pthread_once) and then only
 * executed: regexec on a compiled pattern is safe from several threads. */
typedef enum {
    RE_TITLE_YEAR,  /* 「2023年」「2023 年度」 */
    RE_DATE_YM,     /* 「2024-01」「2024年1」 */
    RE_DATE_DAY,    /* the day after the month */
    RE_PERIOD,      /* 「2023年1月1日…至2023年12月」 */
    RE_PERIOD_DAY,  /* the day after the second month */
    RE_SIGNED,      /* a line that is only 「2024年1月15日」 */
    RE_SIGNED_DAY,
    RE_COUNT
} meta_re;

static const char *const patterns[RE_COUNT] = {
    [RE_TITLE_YEAR] = "(19|20)[0-9]{2} ?年(度)?",
    [RE_DATE_YM] = "((19|20)[0-9]{2})(-|年|/|\\.)([0-9]{1,2})",
    [RE_DATE_DAY] = "^(-|月|/|\\.)([0-9]{1,2})",
    [RE_PERIOD] = ("((19|20)[0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?日.{0,24}至 ?"
                   "((19|20)[0-9]{2} ?年)? ?([0-9]{1,2}) ?月"),
    [RE_PERIOD_DAY] = "^ ?([0-9]{1,2}) ?日",
    [RE_SIGNED] = "^ *((19|20)[0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?[0-9]{1,2} ?日 *$",
    [RE_SIGNED_DAY] = "月 ?([0-9]{1,2})",
};

static regex_t compiled[RE_COUNT];
static bool compiled_ok[RE_COUNT];
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

static void compile_patterns(void)
{
    for (int i = 0; i < RE_COUNT; i++)
        compiled_ok[i] = regcomp(&compiled[i], patterns[i], REG_EXTENDED) == 0;
}

/* Regex match with one capture group per slot; false when no match. */
static bool match(meta_re which, const char *s, regmatch_t *m, size_t nm)
{
    pthread_once(&compile_once, compile_patterns);
    return compiled_ok[which] && regexec(&compiled[which], s, nm, m, 0) == 0;
}

static int number_at(const char *s, regmatch_t m)
{
    return m.rm_so < 0 ? 0 : atoi(s + m.rm_so);
}

static char *trimmed_copy(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == ':'))
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    return ogi_strndup(s, n);
}

/* 「标题: XX」 field labels before the name, 「关于」 after it. */
static void strip_title_noise(ogi_report *r)
{
    if (!r->agency)
        return;
    const char *colon = strrchr(r->agency, ':');
    if (colon) {
        char *rest = trimmed_copy(colon + 1, strlen(colon + 1));
        free(r->agency);
        r->agency = rest;
    }
    size_t n = strlen(r->agency);
    if (n >= 6 && strcmp(r->agency + n - 6, "关于") == 0)
        r->agency[n - 6] = '\0';
}

/* 「枣阳市人民政府办公室 2023年政府信息公开工作年度报告」 */
static bool meta_from_title(const char *line, ogi_report *r)
{
    const char *t = strstr(line, report_title);
    regmatch_t m[3];
    if (!t || !match(RE_TITLE_YEAR, line, m, 3))
        return false;
    if ((size_t)m[0].rm_so > (size_t)(t - line))
        return false;
    r->year = r->year ? r->year : atoi(line + m[0].rm_so);
    const char *after = line + m[0].rm_eo;
    if (m[0].rm_so > 0 && !r->agency)
        r->agency = trimmed_copy(line, (size_t)m[0].rm_so);
    else if (after < t && !r->agency)
        r->agency = trimmed_copy(after, (size_t)(t - after));
    strip_title_noise(r);
    if (r->agency && !r->agency[0]) {
        free(r->agency);
        r->agency = NULL;
    }
    return true;
}

static void meta_publish_date(const char *line, ogi_report *r)
{
    regmatch_t m[5];
    if (r->publish_date || (!strstr(line, "发布日期") && !strstr(line, "发布时间")) ||
        !match(RE_DATE_YM, line, m, 5))
        return;
    regmatch_t d[3];
    const char *rest = line + m[4].rm_eo;
    int day = match(RE_DATE_DAY, rest, d, 3) ? number_at(rest, d[2]) : 0;
    if (!day)
        return;
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", number_at(line, m[1]) % 10000,
             number_at(line, m[4]) % 100, day % 100);
    r->publish_date = ogi_strdup(buf);
}

/* 「2023年」「2023 年」 somewhere in line: a digit just before 「年」
 * (one blank allowed between), as every date pattern here requires. */
static bool has_year(const char *line)
{
    for (const char *y = strstr(line, "年"); y; y = strstr(y + 1, "年")) {
        const char *d = y > line && y[-1] == ' ' ? y - 1 : y;
        if (d > line && d[-1] >= '0' && d[-1] <= '9')
            return true;
    }
    return false;
}

static void meta_period(const char *line, ogi_report *r)
{
    regmatch_t m[8];
    /* the pattern needs 「至」, 「日」 and a year: most lines lack one */
    if (r->period || !strstr(line, "至") || !strstr(line, "日") || !has_year(line) ||
        !match(RE_PERIOD, line, m, 8))
        return;
    regmatch_t d[2];
    const char *rest = line + m[0].rm_eo; /* after the second 「月」 */
    int y = number_at(line, m[1]), mo1 = number_at(line, m[3]), d1 = number_at(line, m[4]);
    int mo2 = number_at(line, m[7]);
    int d2 = match(RE_PERIOD_DAY, rest, d, 2) ? number_at(rest, d[1]) : 0;
    int y2 = m[5].rm_so >= 0 ? number_at(line, m[5]) : y;
    if (mo1 == 1 && d1 == 1 && mo2 == 12 && d2 == 31 && y2 == y) {
        char buf[32];
        snprintf(buf, sizeof buf, "%04d-01-01/%04d-12-31", y % 10000, y % 10000);
        r->period = ogi_strdup(buf);
    } else {
        size_t end = (size_t)(rest - line) + (size_t)(d2 ? d[0].rm_eo : 0);
        r->period = ogi_strndup(line + m[0].rm_so, end - (size_t)m[0].rm_so);
    }
    if (!r->year)
        r->year = y;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void meta_kind(ogi_report *r)
{
    const char *a = r->agency;
    if (!a)
        return;
    if (strstr(a, "街道") || ends_with(a, "镇人民政府") || ends_with(a, "乡人民政府") ||
        ends_with(a, "镇") || ends_with(a, "乡")) {
        r->agency_kind = OGI_KIND_TOWNSHIP;
        r->agency_kind_confidence = 80;
    } else if (ends_with(a, "人民政府")) {
        r->agency_kind = OGI_KIND_GOVERNMENT;
        r->agency_kind_confidence = 80;
    } else if (ends_with(a, "局") || ends_with(a, "委") || ends_with(a, "委员会") ||
               ends_with(a, "办公室") || ends_with(a, "办公厅") || ends_with(a, "厅") ||
               ends_with(a, "办") || ends_with(a, "署") || ends_with(a, "管委会")) {
        r->agency_kind = OGI_KIND_DEPARTMENT;
        r->agency_kind_confidence = 60;
    }
}

/* A line that is only a date, 「2024年1月15日」, signs the report off. */
static void meta_signed_date(const char *line, ogi_report *r)
{
    regmatch_t m[4];
    if (r->publish_date || !strstr(line, "日") || !has_year(line) || !match(RE_SIGNED, line, m, 4))
        return;
    regmatch_t d[2];
    const char *rest = line + m[3].rm_eo;
    if (!match(RE_SIGNED_DAY, rest, d, 2))
        return;
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", number_at(line, m[1]) % 10000,
             number_at(line, m[3]) % 100, number_at(rest, d[1]) % 100);
    r->publish_date = ogi_strdup(buf);
}

/* 「来源:枣阳市人民政府办公室」 in the page header names the publisher. */
static void meta_source_field(const char *line, ogi_report *r)
{
    const char *s = strstr(line, "来源:");
    if (r->agency || !s)
        return;
    s += strlen("来源:");
    size_t n = strcspn(s, " \t");
    if (n >= 6)
        r->agency = ogi_strndup(s, n);
}

/* The text of a one-cell row, NFKC'd, or NULL. */
static const char *row_text(const map_nfkc_cells *nc, size_t i)
{
    return i < nc->doc->n && nc->doc->rows[i].n == 1 ? map_nfkc_cell(nc, i, 0) : NULL;
}

/* A title broken over two lines: 「洪泽区人民政府」/「2023 年政府信息公开…」. */
static void agency_from_line_above(const map_nfkc_cells *nc, size_t i, ogi_report *r)
{
    const char *above = i > 0 ? row_text(nc, i - 1) : NULL;
    if (!r->agency && above && strlen(above) <= 90 && !strpbrk(above, ",.;:") &&
        !map_has_digit(above)) {
        size_t n = strlen(above);
        r->agency = trimmed_copy(above, n);
    }
}

static bool either_has(const char *a, const char *b, const char *what)
{
    return strstr(a, what) || strstr(b, what);
}

/* The period sentence may be wrapped: try each line joined with the next
 * (only where the two lines hold the 「至」 and 「日」 the sentence needs). */
static void meta_period_wrapped(const map_nfkc_cells *nc, ogi_report *r)
{
    for (size_t i = 0; i + 1 < nc->doc->n && !r->period; i++) {
        const char *a = row_text(nc, i), *b = row_text(nc, i + 1);
        if (a && b && either_has(a, b, "至") && either_has(a, b, "日")) {
            ogi_buf j;
            ogi_buf_init(&j);
            ogi_buf_printf(&j, "%s%s", a, b);
            meta_period(j.data, r);
            ogi_buf_free(&j);
        }
    }
}

void map_meta(const map_nfkc_cells *nc, ogi_report *r)
{
    const ogi_doc *doc = nc->doc;
    bool titled = false;
    if (doc->title)
        titled = meta_from_title(doc->title, r);
    for (size_t i = 0; i < doc->n; i++)
        for (size_t c = 0; c < doc->rows[i].n; c++) {
            const char *n = map_nfkc_cell(nc, i, c);
            if (!n)
                continue;
            if (!titled && i < TITLE_ROWS && (titled = meta_from_title(n, r)))
                agency_from_line_above(nc, i, r);
            meta_publish_date(n, r);
            meta_period(n, r);
        }
    meta_period_wrapped(nc, r);
    for (size_t i = 0; i < doc->n && !r->agency && i < TITLE_ROWS; i++)
        for (size_t c = 0; c < doc->rows[i].n; c++)
            if (map_nfkc_cell(nc, i, c))
                meta_source_field(map_nfkc_cell(nc, i, c), r);
    for (size_t i = doc->n; i-- > 0 && !r->publish_date;)
        if (doc->rows[i].n == 1 && map_nfkc_cell(nc, i, 0))
            meta_signed_date(map_nfkc_cell(nc, i, 0), r);
    meta_kind(r);
}
