/*
 * calendar.c — civil dates and the working-day calendar loaded from
 * holidays.csv (application-procedure.md §1, holidays.md).
 *
 * Why a loaded value and not a table in code: the State Council amends
 * arrangements during the year (2019 劳动节, 2020 春节), so the answer for
 * a date must come from whichever calendar file is current.  Coverage is
 * per year and explicit: a year with no rows is unknown, not "weekends
 * only", and every computation that touches it is refused.
 */
#include "ogi/calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/buf.h"
#include "ogi/text.h"

/* ---- civil dates (days-from-civil, H. Hinnant's algorithm) ---------- */

static int32_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

bool ogi_date_from_ymd(int y, int m, int d, ogi_date *out)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return false;
    *out = days_from_civil(y, m, d);
    return true;
}

void ogi_date_to_ymd(ogi_date date, int *y, int *m, int *d)
{
    int32_t z = date + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool digits(const char *s, int n, int *val)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *val = v;
    return true;
}

bool ogi_date_parse(const char *s, ogi_date *out)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
        return false;
    return ogi_date_from_ymd(y, m, d, out);
}

char *ogi_date_format(ogi_date date, char *buf)
{
    int y, m, d;
    ogi_date_to_ymd(date, &y, &m, &d);
    /* Written digit by digit: years are 1..9999, so the text is always 10. */
    const int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    char *p = buf;
    for (int i = 0; i < 3; i++) {
        for (int k = parts[i][1] - 1, v = parts[i][0]; k >= 0; k--, v /= 10)
            p[k] = (char)('0' + v % 10);
        p += parts[i][1];
        *p++ = i < 2 ? '-' : '\0';
    }
    return buf;
}

char *ogi_date_today(int64_t now, char *buf)
{
    const char *pinned = getenv("OGI_TODAY");
    ogi_date d;
    if (pinned && ogi_date_parse(pinned, &d))
        return ogi_date_format(d, buf);
    time_t t = (time_t)now + 8 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, OGI_DATE_TEXT, "%Y-%m-%d", &tm);
    return buf;
}

int ogi_date_weekday(ogi_date date)
{
    /* 1970-01-01 was a Thursday (ISO 4). */
    int r = (int)(((int64_t)date + 3) % 7);
    return (r < 0 ? r + 7 : r) + 1;
}

int ogi_date_year(ogi_date date)
{
    int y, m, d;
    ogi_date_to_ymd(date, &y, &m, &d);
    return y;
}

/* ---- the calendar value --------------------------------------------- */

typedef struct {
    ogi_date date;
    ogi_day_kind kind;
    char *name;
} calendar_row;

struct ogi_calendar {
    calendar_row *rows; /* sorted by date, unique */
    size_t n, cap;
    int year_min, year_max; /* bounds of `covered` */
    bool *covered;          /* covered[y - year_min] */
};

void ogi_calendar_free(ogi_calendar *cal)
{
    if (!cal)
        return;
    for (size_t i = 0; i < cal->n; i++)
        free(cal->rows[i].name);
    free(cal->rows);
    free(cal->covered);
    free(cal);
}

size_t ogi_calendar_rows(const ogi_calendar *cal)
{
    return cal->n;
}

static int row_cmp(const void *a, const void *b)
{
    ogi_date x = ((const calendar_row *)a)->date, y = ((const calendar_row *)b)->date;
    return (x > y) - (x < y);
}

static const calendar_row *find_row(const ogi_calendar *cal, ogi_date date)
{
    calendar_row key = {.date = date};
    return cal->n ? bsearch(&key, cal->rows, cal->n, sizeof key, row_cmp) : NULL;
}

ogi_day_kind ogi_calendar_kind(const ogi_calendar *cal, ogi_date date, const char **name)
{
    const calendar_row *r = find_row(cal, date);
    if (name)
        *name = r ? r->name : NULL;
    return r ? r->kind : OGI_DAY_ORDINARY;
}

bool ogi_calendar_covers_year(const ogi_calendar *cal, int year)
{
    if (!cal->covered || year < cal->year_min || year > cal->year_max)
        return false;
    return cal->covered[year - cal->year_min];
}

bool ogi_calendar_covers(const ogi_calendar *cal, ogi_date date)
{
    return ogi_calendar_covers_year(cal, ogi_date_year(date));
}

/* The arrangement year a row belongs to: a December 元旦 row is part of
 * the next year's New Year holiday (holidays.md: 2018-12-29/31 → 2019). */
static int arrangement_year(const calendar_row *r)
{
    int y, m, d;
    ogi_date_to_ymd(r->date, &y, &m, &d);
    return m == 12 && strcmp(r->name, "元旦") == 0 ? y + 1 : y;
}

static void compute_coverage(ogi_calendar *cal)
{
    if (cal->n == 0)
        return;
    cal->year_min = cal->year_max = arrangement_year(&cal->rows[0]);
    for (size_t i = 0; i < cal->n; i++) {
        int y = arrangement_year(&cal->rows[i]);
        cal->year_min = y < cal->year_min ? y : cal->year_min;
        cal->year_max = y > cal->year_max ? y : cal->year_max;
    }
    cal->covered = ogi_xcalloc((size_t)(cal->year_max - cal->year_min + 1), sizeof(bool));
    for (size_t i = 0; i < cal->n; i++)
        cal->covered[arrangement_year(&cal->rows[i]) - cal->year_min] = true;
}

/* ---- CSV loading ----------------------------------------------------- */

/* Checks one data row's fields and appends it.  Returns 0 or -1 (err). */
static int add_row(ogi_calendar *cal, const char *date_s, const char *kind_s, const char *name,
                   const char *file, int line, char *err, size_t errlen)
{
    calendar_row r = {0};
    if (!ogi_date_parse(date_s, &r.date)) {
        snprintf(err, errlen, "%s 第%d行：日期「%s」无效（应为 YYYY-MM-DD 格式的真实日期）", file,
                 line, date_s);
        return -1;
    }
    int wd = ogi_date_weekday(r.date);
    if (strcmp(kind_s, "holiday") == 0)
        r.kind = OGI_DAY_HOLIDAY;
    else if (strcmp(kind_s, "workday") == 0)
        r.kind = OGI_DAY_WORKDAY;
    else {
        snprintf(err, errlen, "%s 第%d行：类型「%s」无效（应为 holiday 或 workday）", file, line,
                 kind_s);
        return -1;
    }
    if (r.kind == OGI_DAY_HOLIDAY && wd > 5) {
        snprintf(err, errlen, "%s 第%d行：%s 是周末，不能标为 holiday（holiday 只列周一至周五）",
                 file, line, date_s);
        return -1;
    }
    if (r.kind == OGI_DAY_WORKDAY && wd <= 5) {
        snprintf(err, errlen, "%s 第%d行：%s 是周一至周五，不能标为 workday（workday 只列调休上班的周末）",
                 file, line, date_s);
        return -1;
    }
    if (!*name || !ogi_utf8_valid(name, strlen(name))) {
        snprintf(err, errlen, "%s 第%d行：节日名称为空或不是有效的 UTF-8", file, line);
        return -1;
    }
    if (cal->n == cal->cap) {
        cal->cap = cal->cap ? cal->cap * 2 : 256;
        cal->rows = ogi_xrealloc(cal->rows, cal->cap * sizeof *cal->rows);
    }
    r.name = ogi_strdup(name);
    cal->rows[cal->n++] = r;
    return 0;
}

/* Splits "date,kind,name" in place; the name is the rest of the line and
 * may itself contain commas. */
static bool split_row(char *line, char **date_s, char **kind_s, char **name)
{
    char *c1 = strchr(line, ',');
    char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
    if (!c2)
        return false;
    *c1 = *c2 = '\0';
    *date_s = line;
    *kind_s = c1 + 1;
    *name = c2 + 1;
    return true;
}

static int parse_line(ogi_calendar *cal, char *line, const char *file, int lineno, char *err,
                      size_t errlen)
{
    if (lineno == 1) {
        if (strcmp(line, "date,kind,name") == 0)
            return 0;
        snprintf(err, errlen, "%s 第1行：表头应为「date,kind,name」", file);
        return -1;
    }
    char *date_s, *kind_s, *name;
    if (!split_row(line, &date_s, &kind_s, &name)) {
        snprintf(err, errlen, "%s 第%d行：应有 date,kind,name 三列", file, lineno);
        return -1;
    }
    return add_row(cal, date_s, kind_s, name, file, lineno, err, errlen);
}

static int check_duplicates(const ogi_calendar *cal, const char *file, char *err, size_t errlen)
{
    for (size_t i = 1; i < cal->n; i++) {
        if (cal->rows[i].date == cal->rows[i - 1].date) {
            char buf[OGI_DATE_TEXT];
            snprintf(err, errlen, "%s：日期 %s 出现了不止一次", file,
                     ogi_date_format(cal->rows[i].date, buf));
            return -1;
        }
    }
    return 0;
}

static int parse_lines(ogi_calendar *cal, char *text, const char *file, char *err,
                       size_t errlen)
{
    char *p = text;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    for (int lineno = 1; *p; lineno++) {
        char *nl = strchr(p, '\n');
        char *next = nl ? nl + 1 : p + strlen(p);
        if (nl)
            *nl = '\0';
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r')
            p[len - 1] = '\0';
        if (*p && parse_line(cal, p, file, lineno, err, errlen) != 0)
            return -1;
        if (!*p && lineno == 1) {
            snprintf(err, errlen, "%s 第1行：缺少表头「date,kind,name」", file);
            return -1;
        }
        p = next;
    }
    return 0;
}

ogi_calendar *ogi_calendar_parse(const char *text, size_t len, const char *name, char *err,
                                 size_t errlen)
{
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s：文件含有 NUL 字节，不是文本", name);
        return NULL;
    }
    char *copy = ogi_strndup(text, len);
    ogi_calendar *cal = ogi_xcalloc(1, sizeof *cal);
    int rc = parse_lines(cal, copy, name, err, errlen);
    free(copy);
    if (rc == 0 && cal->n == 0) {
        snprintf(err, errlen, "%s：没有任何日期行", name);
        rc = -1;
    }
    if (rc == 0) {
        qsort(cal->rows, cal->n, sizeof *cal->rows, row_cmp);
        rc = check_duplicates(cal, name, err, errlen);
    }
    if (rc != 0) {
        ogi_calendar_free(cal);
        return NULL;
    }
    compute_coverage(cal);
    return cal;
}

ogi_calendar *ogi_calendar_load(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *data = ogi_read_file(path, 16u << 20, &len);
    if (!data) {
        snprintf(err, errlen, "%s：无法读取节假日文件（%s）", path, strerror(errno));
        return NULL;
    }
    ogi_calendar *cal = ogi_calendar_parse(data, len, path, err, errlen);
    free(data);
    return cal;
}

/* ---- working days ---------------------------------------------------- */

static int refuse_uncovered(ogi_date date, char *err, size_t errlen)
{
    char buf[OGI_DATE_TEXT];
    snprintf(err, errlen, "日期 %s 所在的 %d 年没有节假日安排数据，无法计算工作日（不按仅周末推算）",
             ogi_date_format(date, buf), ogi_date_year(date));
    return OGI_CAL_UNCOVERED;
}

int ogi_is_working_day(const ogi_calendar *cal, ogi_date date, bool *working, char *err,
                       size_t errlen)
{
    if (!ogi_calendar_covers(cal, date))
        return refuse_uncovered(date, err, errlen);
    ogi_day_kind k = ogi_calendar_kind(cal, date, NULL);
    *working = k == OGI_DAY_WORKDAY || (ogi_date_weekday(date) <= 5 && k != OGI_DAY_HOLIDAY);
    return 0;
}

int ogi_add_wd(const ogi_calendar *cal, ogi_date from, int n, ogi_date *out, char *err,
               size_t errlen)
{
    if (n < 1) {
        snprintf(err, errlen, "工作日数必须至少为 1（收到 %d）", n);
        return -1;
    }
    ogi_date d = from;
    for (int k = 0; k < n;) {
        bool working;
        int rc = ogi_is_working_day(cal, ++d, &working, err, errlen);
        if (rc != 0)
            return rc;
        k += working;
    }
    *out = d;
    return 0;
}
