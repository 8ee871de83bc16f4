/*
 * map_meta.c — report metadata from the document text: agency, year,
 * publish date, statistical period and the kind of agency.
 *
 * The year is taken from the strongest evidence the text gives, in this
 * order of trust: the title line 「XX 2023年政府信息公开工作年度报告」 (also
 * 「…信息公开年度报告」「…工作报告」, page furniture 「Page 8 - 」 stripped);
 * the statistical period 「自2023年1月1日起至（到）2023年12月31日止」; a
 * report named in the prose 「现公布XX2019年政府信息公开工作年度报告」
 * 「汇报我镇2023年政府信息公开工作」; a year-end 「截至2023年12月31日」;
 * the first statement about a year 「2023年，在区委…」「。2019年度街道受理…」;
 * and only as a last resort the year before the publish date.  The agency
 * comes from the title line (or the name line just above or below a title
 * that names nobody), else from a report named in the prose, else from a
 * 「来源:」 field.  The agency kind follows from the name's ending (§8
 * agency_kind) and carries a confidence, since a name is evidence, not a
 * statement.
 */
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/fast_text.h"
#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

#define TITLE_ROWS 12 /* the title sits near the top, after page junk */

/* The patterns, compiled once per process (pthread_once) and then only
 * executed: regexec on a compiled pattern is safe from several threads. */
typedef enum {
    RE_TITLE_YEAR,  /* 「2023年」「2023 年度」 */
    RE_DATE_YM,     /* 「2024-01」「2024年1」 */
    RE_DATE_DAY,    /* the day after the month */
    RE_PERIOD_DAY,  /* the day after the second month */
    RE_SIGNED,      /* a line that is only 「2024年1月15日」 */
    RE_SIGNED_DAY,
    RE_YEAR_END,    /* 「截至2023年12月（31日）」「截止2023年底」 */
    RE_COUNT
} meta_re;

static const char *const patterns[RE_COUNT] = {
    [RE_TITLE_YEAR] = "(19|20)[0-9]{2} ?年(度)?",
    [RE_DATE_YM] = "((19|20)[0-9]{2})(-|年|/|\\.)([0-9]{1,2})",
    [RE_DATE_DAY] = "^(-|月|/|\\.)([0-9]{1,2})",
    [RE_PERIOD_DAY] = "^ ?([0-9]{1,2}) ?日", /* after RE_PERIOD's match (match_period) */
    [RE_SIGNED] = "^ *((19|20)[0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?[0-9]{1,2} ?日 *$",
    [RE_SIGNED_DAY] = "月 ?([0-9]{1,2})",
    [RE_YEAR_END] = "截(至|止) ?((19|20)[0-9]{2}) ?年 ?(12 ?月|底|末)",
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

/* How a year was found, weakest first: a stronger source replaces a
 * weaker one, an equal one never does (the first statement stands). */
typedef enum {
    YEAR_NONE,
    YEAR_PUBLISHED, /* the year before the publish date */
    YEAR_STATEMENT, /* 「2023年，在区委…」 */
    YEAR_END,       /* 「截至2023年12月31日」 */
    YEAR_NAMED,     /* 「现公布XX2019年政府信息公开工作年度报告」 in prose */
    YEAR_PERIOD,    /* the statistical period */
    YEAR_TITLE,     /* the title line */
} year_source;

typedef struct {
    ogi_report *r;
    year_source year_from;
    char *named_agency; /* the name before a report named in prose, or NULL */
} meta_ctx;

static void offer_year(meta_ctx *mc, int year, year_source from)
{
    if (year >= 1990 && year <= 2100 && from > mc->year_from) {
        mc->r->year = year;
        mc->year_from = from;
    }
}

/* Past page furniture at the start of a line: 「Page 8 - 」「P. 8」「第8页」,
 * and a Markdown heading marker 「# 」「## 」 (PDF-to-Markdown conversions). */
static const char *skip_page_furniture(const char *s)
{
    const char *p = s;
    while (*p == ' ')
        p++;
    if (*p == '#') {
        while (*p == '#')
            p++;
        if (*p != ' ')
            return s;
        while (*p == ' ')
            p++;
        return p;
    }
    if (strncmp(p, "Page ", 5) == 0 || strncmp(p, "P. ", 3) == 0) {
        p += p[1] == 'a' ? 5 : 3;
        if (*p < '0' || *p > '9')
            return s;
        while (*p >= '0' && *p <= '9')
            p++;
        while (*p == ' ' || *p == '-')
            p++;
        return p;
    }
    return s;
}

/* Where the report's name starts in line — at 「政府信息公开」 or
 * 「信息公开」, with 「报告」 after it — or NULL. */
static const char *report_name(const char *line)
{
    const char *t = strstr(line, "信息公开");
    if (!t || !strstr(t, "报告"))
        return NULL;
    if (t - line >= 6 && strncmp(t - 6, "政府", 6) == 0)
        t -= 6;
    return t;
}

static bool sentence_punctuation(const char *s, size_t n)
{
    static const char *const marks[] = {",", "。", ";", "!", "?", "、", NULL};
    for (size_t i = 0; marks[i]; i++) {
        const char *hit = strstr(s, marks[i]);
        if (hit && (size_t)(hit - s) < n)
            return true;
    }
    return false;
}

static void set_agency(ogi_report *r, const char *s, size_t n)
{
    free(r->agency);
    r->agency = trimmed_copy(s, n);
    strip_title_noise(r);
    if (r->agency && !r->agency[0]) {
        free(r->agency);
        r->agency = NULL;
    }
}

/* 「枣阳市人民政府办公室 2023年政府信息公开工作年度报告」「马水镇2019年政府
 * 信息公开年度报告」「2021年信息公开工作年度报告」「驼峰路街道办事处政府信息
 * 公开工作年度报告」: a title line, not prose.  The agency is what stands
 * before the year, else between the year and the report's name. */
static bool meta_from_title(const char *line, meta_ctx *mc)
{
    line = skip_page_furniture(line);
    const char *t = report_name(line);
    /* not prose (「依据《条例》…制作本报告。」), not a breadcrumb 「首页 > … > 年度报告」 */
    if (!t || strlen(line) > 150 || sentence_punctuation(line, strlen(line)) ||
        strchr(line, '>') || strstr(line, "《"))
        return false;
    regmatch_t m[3];
    bool year = match(RE_TITLE_YEAR, line, m, 3) && line + m[0].rm_so < t;
    if (year)
        offer_year(mc, atoi(line + m[0].rm_so), YEAR_TITLE);
    ogi_report *r = mc->r;
    const char *after = year ? line + m[0].rm_eo : line;
    if (year && m[0].rm_so > 0)
        set_agency(r, line, (size_t)m[0].rm_so);
    else if (after < t)
        set_agency(r, after, (size_t)(t - after));
    return true;
}

/* 「发布日期」 or 「发布时间」 in line (one search for 「发布」: this runs
 * on every cell). */
static bool names_publish_date(const char *line)
{
    for (const char *p = strstr(line, "发布"); p; p = strstr(p + 1, "发布")) {
        const char *after = p + strlen("发布");
        if (strncmp(after, "日期", strlen("日期")) == 0 || strncmp(after, "时间", strlen("时间")) == 0)
            return true;
    }
    return false;
}

static void meta_publish_date(const char *line, ogi_report *r)
{
    regmatch_t m[5];
    if (r->publish_date || !names_publish_date(line) || !match(RE_DATE_YM, line, m, 5))
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

/* A digit just before word somewhere in line (one blank allowed between):
 * 「2023年」「2023 年」「1 日」, as every date pattern here requires. */
static bool digit_before(const char *line, const char *word)
{
    for (const char *y = strstr(line, word); y; y = strstr(y + 1, word)) {
        const char *d = y > line && y[-1] == ' ' ? y - 1 : y;
        if (d > line && d[-1] >= '0' && d[-1] <= '9')
            return true;
    }
    return false;
}

static bool has_year(const char *line) { return digit_before(line, "年"); }

/* After the first 「月1日」「月 1 日」 in line (the form RE_PERIOD's first
 * date ends with), or NULL. */
static const char *past_month_day(const char *line)
{
    for (const char *y = strstr(line, "日"); y; y = strstr(y + 1, "日")) {
        const char *d = y > line && y[-1] == ' ' ? y - 1 : y;
        int digits = 0;
        while (digits < 2 && d > line && d[-1] >= '0' && d[-1] <= '9')
            d--, digits++;
        if (digits && d > line && d[-1] == ' ')
            d--;
        if (digits && d - line >= 3 && strncmp(d - 3, "月", 3) == 0)
            return y + strlen("日");
    }
    return NULL;
}

/* Whether RE_PERIOD can match: a year, a 「月1日」 and a 「至」 or dash
 * after it.  The pattern is costly to run (about 20,000 instructions a
 * line) and most lines with a date are no period. */
static bool may_be_period(const char *line)
{
    static const char *const to[] = {"至", "到", "~", "—", "-"};
    const char *after = has_year(line) ? past_month_day(line) : NULL;
    for (size_t i = 0; after && i < sizeof to / sizeof to[0]; i++)
        if (strstr(after, to[i]))
            return true;
    return false;
}

/* The statistical period 「2023年1月1日…至（到）2023年12月」 is read as the
 * leftmost-longest match of the POSIX extended pattern RE_PERIOD
 *   ((19|20)[0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?日.{0,24}(至|到|~|—|-) ?
 *   ((19|20)[0-9]{2} ?年)? ?([0-9]{1,2}) ?月
 * matched by hand: glibc's regexec spent ~40,000 instructions a call on
 * it (and its submatch pass as much again), most of map_meta's time.  The
 * groups read (1 year, 3 month, 4 day, 6 second year — -1 when absent —,
 * 8 second month) are set where the matcher finds them: the first date
 * reads one way only, and the tail after the separator holds only digits,
 * blanks, 年 and 月, none of them a separator, so each end of the match
 * has one parse.  tests/unit/test_import_period.c holds it to regexec. */

/* Past text at p if it is there, else NULL. */
static const char *past(const char *p, const char *text)
{
    size_t n = strlen(text);
    return strncmp(p, text, n) == 0 ? p + n : NULL;
}

static const char *past_blank(const char *p) { return p + (*p == ' '); }

/* Past one or two digits followed by an optional blank and unit, or NULL
 * (a third digit can never be followed by the unit). */
static const char *past_number_unit(const char *p, const char *unit)
{
    size_t k = 0;
    while (k < 2 && p[k] >= '0' && p[k] <= '9')
        k++;
    return k ? past(past_blank(p + k), unit) : NULL;
}

/* Past 「(19|20)[0-9]{2} ?年」, or NULL. */
static const char *past_year(const char *p)
{
    if (!((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) || p[2] < '0' ||
        p[2] > '9' || p[3] < '0' || p[3] > '9')
        return NULL;
    return past(past_blank(p + 4), "年");
}

/* The group [a, b) as offsets from base. */
static regmatch_t group_at(const char *base, const char *a, const char *b)
{
    return (regmatch_t){(regoff_t)(a - base), (regoff_t)(b - base)};
}

/* The end of the longest match of 「 ?((19|20)[0-9]{2} ?年)? ?([0-9]{1,2})
 * ?月」 at p, or NULL; its groups 6 and 8 into m, as offsets from base. */
static const char *period_tail_end(const char *p, const char *base, regmatch_t *m)
{
    const char *best = NULL, *q = past_blank(p), *y = past_year(q);
    const char *starts[2] = {q, y};
    for (size_t i = 0; i < 2; i++) {
        const char *digits = starts[i] ? past_blank(starts[i]) : NULL;
        const char *e = digits ? past_number_unit(digits, "月") : NULL;
        if (e && (!best || e > best)) {
            best = e;
            m[6] = starts[i] == y ? group_at(base, q, y) : (regmatch_t){-1, -1};
            m[8] = group_at(base, digits, digits + strspn(digits, "0123456789"));
        }
    }
    return best;
}

/* The end of RE_PERIOD's longest match starting at p, or NULL, with its
 * groups in m as offsets from p: every length of 「.{0,24}」 (bytes, as
 * in the C locale the program runs in) and each separator after it is
 * tried. */
static const char *period_match_end(const char *p, regmatch_t *m)
{
    static const char *const seps[] = {"至", "到", "~", "—", "-"};
    const char *month = past_year(p), *day = NULL, *q = NULL;
    month = month ? past_blank(month) : NULL;
    day = month ? past_number_unit(month, "月") : NULL;
    day = day ? past_blank(day) : NULL;
    q = day ? past_number_unit(day, "日") : NULL;
    if (!q)
        return NULL;
    for (size_t k = 0; k < 9; k++)
        m[k] = (regmatch_t){-1, -1}; /* 2, 5 and 7 are not read */
    m[1] = group_at(p, p, p + 4);
    m[3] = group_at(p, month, month + strspn(month, "0123456789"));
    m[4] = group_at(p, day, day + strspn(day, "0123456789"));
    const char *best = NULL;
    regmatch_t tail[9];
    for (size_t k = 0; k <= 24; k++) {
        for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
            const char *t = past(q + k, seps[s]);
            const char *e = t ? period_tail_end(t, p, tail) : NULL;
            if (e && (!best || e > best)) {
                best = e;
                m[6] = tail[6];
                m[8] = tail[8];
            }
        }
        if (!q[k])
            break;
    }
    return best;
}

/* RE_PERIOD's leftmost-longest match in line: m[0] and the groups, as
 * offsets from line. */
static bool match_period(const char *line, regmatch_t *m)
{
    for (const char *p = line; *p; p++) {
        const char *end = period_match_end(p, m);
        if (!end)
            continue;
        m[0] = group_at(p, p, end);
        for (size_t k = 0; k < 9; k++)
            if (m[k].rm_so >= 0)
                m[k].rm_so += (regoff_t)(p - line), m[k].rm_eo += (regoff_t)(p - line);
        return true;
    }
    return false;
}

static void meta_period(const char *line, meta_ctx *mc)
{
    ogi_report *r = mc->r;
    regmatch_t m[9];
    if (r->period || !may_be_period(line) || !match_period(line, m))
        return;
    regmatch_t d[2];
    const char *rest = line + m[0].rm_eo; /* after the second 「月」 */
    int y = number_at(line, m[1]), mo1 = number_at(line, m[3]), d1 = number_at(line, m[4]);
    int mo2 = number_at(line, m[8]);
    int d2 = match(RE_PERIOD_DAY, rest, d, 2) ? number_at(rest, d[1]) : 0;
    int y2 = m[6].rm_so >= 0 ? number_at(line, m[6]) : y;
    if (mo1 == 1 && d1 == 1 && mo2 == 12 && d2 == 31 && y2 == y) {
        char buf[32];
        snprintf(buf, sizeof buf, "%04d-01-01/%04d-12-31", y % 10000, y % 10000);
        r->period = ogi_strdup(buf);
    } else {
        size_t end = (size_t)(rest - line) + (size_t)(d2 ? d[0].rm_eo : 0);
        r->period = ogi_strndup(line + m[0].rm_so, end - (size_t)m[0].rm_so);
    }
    offer_year(mc, y, YEAR_PERIOD);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The kind a name's ending suggests, with how sure that is (0: none). */
static ogi_agency_kind kind_of(const char *a, int *confidence)
{
    *confidence = 0;
    if (!a)
        return OGI_KIND_UNKNOWN;
    if (strstr(a, "街道") || ends_with(a, "镇人民政府") || ends_with(a, "乡人民政府") ||
        ends_with(a, "镇") || ends_with(a, "乡")) {
        *confidence = 80;
        return OGI_KIND_TOWNSHIP;
    }
    if (ends_with(a, "人民政府")) {
        *confidence = 80;
        return OGI_KIND_GOVERNMENT;
    }
    if (ends_with(a, "局") || ends_with(a, "委") || ends_with(a, "委员会") ||
        ends_with(a, "办公室") || ends_with(a, "办公厅") || ends_with(a, "厅") ||
        ends_with(a, "办") || ends_with(a, "署") || ends_with(a, "管委会")) {
        *confidence = 60;
        return OGI_KIND_DEPARTMENT;
    }
    return OGI_KIND_UNKNOWN;
}

static void meta_kind(ogi_report *r)
{
    int confidence;
    ogi_agency_kind k = kind_of(r->agency, &confidence);
    if (k != OGI_KIND_UNKNOWN) {
        r->agency_kind = k;
        r->agency_kind_confidence = confidence;
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
static void meta_period_wrapped(const map_nfkc_cells *nc, meta_ctx *mc)
{
    ogi_report *r = mc->r;
    for (size_t i = 0; i + 1 < nc->doc->n && !r->period; i++) {
        const char *a = row_text(nc, i), *b = row_text(nc, i + 1);
        if (a && b && either_has(a, b, "至") && either_has(a, b, "日")) {
            ogi_buf j;
            ogi_buf_init(&j);
            ogi_buf_printf(&j, "%s%s", a, b);
            meta_period(j.data, mc);
            ogi_buf_free(&j);
        }
    }
}

/* The 4-digit year whose 「年」 is at y (one blank allowed between), or 0. */
static int year_before(const char *line, const char *y, const char **start)
{
    const char *d = y > line && y[-1] == ' ' ? y - 1 : y;
    if (d - line < 4)
        return 0;
    for (const char *p = d - 4; p < d; p++)
        if (*p < '0' || *p > '9')
            return 0;
    if ((d[-4] != '1' || d[-3] != '9') && (d[-4] != '2' || d[-3] != '0'))
        return 0;
    if (d - line > 4 && d[-5] >= '0' && d[-5] <= '9')
        return 0;
    *start = d - 4;
    return atoi(d - 4);
}

/* Past 「年」: 「度」 or 「以来」 */
static const char *past_year_word(const char *p)
{
    p += strlen("年");
    if (strncmp(p, "度", 3) == 0)
        p += 3;
    else if (strncmp(p, "以来", 6) == 0)
        p += 6;
    return p;
}

/* 「汇报我镇2023年政府信息公开工作」「现公布荷塘区桂花街道办事处2019年政府信息
 * 公开工作年度报告」「《固阳县民政局2021年度政府信息公开年度报告》」: a
 * report named in prose gives its year, and the name before the year when
 * it follows a delimiter or a publishing verb and is not 「我镇」「本机关」. */
static void meta_named_report(const char *line, meta_ctx *mc)
{
    static const char *const delims[] = {",", "。", ";", ":", "、", "《", "(", ")", "》", " ",
                                         "公布", "发布", "汇报", "编制", "印发", NULL};
    for (const char *y = strstr(line, "年"); y; y = strstr(y + 1, "年")) {
        const char *start, *after = past_year_word(y);
        int year = year_before(line, y, &start);
        if (!year || (strncmp(after, "信息公开", 12) != 0 && strncmp(after, "政府信息公开", 18) != 0))
            continue;
        offer_year(mc, year, YEAR_NAMED);
        const char *from = line;
        for (size_t i = 0; delims[i]; i++)
            for (const char *h = strstr(line, delims[i]); h && h < start;
                 h = strstr(h + 1, delims[i]))
                if (h + strlen(delims[i]) > from)
                    from = h + strlen(delims[i]);
        size_t n = (size_t)(start - from);
        char *name = ogi_strndup(from, n);
        if (n >= 6 && n <= 90 && strncmp(name, "我", 3) != 0 && strncmp(name, "本", 3) != 0 &&
            !map_has_digit(name) && !mc->named_agency)
            mc->named_agency = name;
        else
            free(name);
        return;
    }
}

/* 「截至2023年12月31日」: the period's end. */
static void meta_year_end(const char *line, meta_ctx *mc)
{
    regmatch_t m[3];
    if (mc->year_from < YEAR_END && strstr(line, "截") && match(RE_YEAR_END, line, m, 3))
        offer_year(mc, number_at(line, m[2]), YEAR_END);
}

/* 「2023年，在区委…」「2019年度街道受理…」「。2019年，文登区住建局…」: a
 * sentence that opens with a year (not a date) speaks of the reporting
 * year; the first one in the document is taken. */
static void meta_statement(const char *line, meta_ctx *mc)
{
    if (mc->year_from >= YEAR_STATEMENT)
        return;
    for (const char *y = strstr(line, "年"); y; y = strstr(y + 1, "年")) {
        const char *start, *after = past_year_word(y);
        int year = year_before(line, y, &start);
        if (!year || (*after >= '0' && *after <= '9') || strncmp(after, "月", 3) == 0 || !*after)
            continue;
        const char *b = start;
        while (b > line && b[-1] == ' ')
            b--;
        if (b == line || (b - line >= 3 && strncmp(b - 3, "。", 3) == 0) || b[-1] == ';' ||
            b[-1] == '!' || b[-1] == '?') {
            offer_year(mc, year, YEAR_STATEMENT);
            return;
        }
    }
}

/* A title that names nobody: the name on its own line just below
 * 「2022年政府信息公开工作年度报告」/「桃江县松木塘镇人民政府」. */
static void agency_from_line_below(const map_nfkc_cells *nc, size_t i, ogi_report *r)
{
    const char *below = row_text(nc, i + 1);
    if (r->agency || !below || strlen(below) > 90 || strpbrk(below, ",.;:") ||
        map_has_digit(below) || map_heading_section(below, 0))
        return;
    int confidence;
    if (kind_of(below, &confidence) != OGI_KIND_UNKNOWN) /* a name by its ending */
        set_agency(r, below, strlen(below));
}

/* The year before the publish date: a report is published the year after
 * the one it covers (Art. 49) — only when nothing in the text says more. */
static void year_from_publish_date(meta_ctx *mc)
{
    if (mc->r->publish_date)
        offer_year(mc, atoi(mc->r->publish_date) - 1, YEAR_PUBLISHED);
}

void map_meta(const map_nfkc_cells *nc, ogi_report *r)
{
    const ogi_doc *doc = nc->doc;
    meta_ctx mc = {r, YEAR_NONE, NULL};
    bool titled = false;
    /* A document title (PDF metadata, HTML <title>) that names nobody
     * (「政府信息公开工作年度报告」) leaves the title lines of the text to
     * be read for the agency. */
    if (doc->title)
        titled = meta_from_title(doc->title, &mc) && r->agency;
    for (size_t i = 0; i < doc->n; i++)
        for (size_t c = 0; c < doc->rows[i].n; c++) {
            const char *n = map_nfkc_cell(nc, i, c);
            if (!n)
                continue;
            if (!titled && i < TITLE_ROWS && (titled = meta_from_title(n, &mc))) {
                agency_from_line_above(nc, i, r);
                agency_from_line_below(nc, i, r);
            }
            if (!fast_has_digit(n, map_nfkc_len(nc, i, c)))
                continue; /* what follows reads dates and years: digits */
            meta_publish_date(n, r);
            if (!has_year(n))
                continue; /* what follows reads a 「2023年」: most cells lack one */
            meta_period(n, &mc);
            meta_named_report(n, &mc);
            meta_year_end(n, &mc);
            meta_statement(n, &mc);
        }
    meta_period_wrapped(nc, &mc);
    if (!r->agency && mc.named_agency)
        set_agency(r, mc.named_agency, strlen(mc.named_agency));
    free(mc.named_agency);
    for (size_t i = 0; i < doc->n && !r->agency && i < TITLE_ROWS; i++)
        for (size_t c = 0; c < doc->rows[i].n; c++)
            if (map_nfkc_cell(nc, i, c))
                meta_source_field(map_nfkc_cell(nc, i, c), r);
    for (size_t i = doc->n; i-- > 0 && !r->publish_date;)
        if (doc->rows[i].n == 1 && map_nfkc_cell(nc, i, 0))
            meta_signed_date(map_nfkc_cell(nc, i, 0), r);
    if (!r->publish_date && doc->published) /* the page's metadata, when the text says nothing */
        r->publish_date = ogi_strdup(doc->published);
    year_from_publish_date(&mc);
    meta_kind(r);
}
