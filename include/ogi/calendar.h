/*
 * ogi/calendar.h — dates and the statutory working-day calendar.
 *
 * Every period in the disclosure procedure is counted in working days
 * (application-procedure.md §1).  Which days are working days is decided
 * each year by the State Council and sometimes amended during the year,
 * so the calendar is data (holidays.csv), loaded into a value that the
 * period arithmetic takes explicitly: load another file and recompute to
 * get the amended answers.  There is no global calendar.
 *
 * A date outside the years the calendar covers is refused (error), never
 * guessed as "weekends only".
 */
#ifndef OGI_CALENDAR_H
#define OGI_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A civil date (proleptic Gregorian) as days since 1970-01-01. */
typedef int32_t ogi_date;
#define OGI_DATE_NONE INT32_MIN
/* "YYYY-MM-DD" plus NUL. */
#define OGI_DATE_TEXT 11

/* Build a date; false when y/m/d is not a real date (years 1..9999). */
bool ogi_date_from_ymd(int y, int m, int d, ogi_date *out);
void ogi_date_to_ymd(ogi_date date, int *y, int *m, int *d);
/* Strict "YYYY-MM-DD" (exactly 10 characters, zero-padded, real date). */
bool ogi_date_parse(const char *s, ogi_date *out);
/* Writes "YYYY-MM-DD" into buf (≥ OGI_DATE_TEXT) and returns buf. */
char *ogi_date_format(ogi_date date, char *buf);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int ogi_date_weekday(ogi_date date);
int ogi_date_year(ogi_date date);
/* Today as "YYYY-MM-DD" in China Standard Time (UTC+8), the time zone of
 * the statute's calendar, for the Unix time `now`; returns buf (≥
 * OGI_DATE_TEXT).  OGI_TODAY=YYYY-MM-DD in the environment overrides the
 * date (not the time of day): tests pin their dates with it, and a
 * training or demonstration server can run on a chosen day.  An invalid
 * OGI_TODAY is ignored. */
char *ogi_date_today(int64_t now, char *buf);

typedef enum {
    OGI_DAY_ORDINARY = 0, /* not listed: working iff Monday–Friday */
    OGI_DAY_HOLIDAY,      /* a Monday–Friday day off (kind = holiday) */
    OGI_DAY_WORKDAY,      /* a Saturday/Sunday worked (kind = workday, 调休上班) */
} ogi_day_kind;

typedef struct ogi_calendar ogi_calendar;

/* Load a calendar CSV (header "date,kind,name"; holidays.md).  On error
 * returns NULL and writes a Chinese message naming the file and line. */
ogi_calendar *ogi_calendar_load(const char *path, char *err, size_t errlen);
/* Same from bytes in memory; name is used in messages. */
ogi_calendar *ogi_calendar_parse(const char *text, size_t len, const char *name, char *err,
                                 size_t errlen);
void ogi_calendar_free(ogi_calendar *cal);

size_t ogi_calendar_rows(const ogi_calendar *cal);
/* Covered years: the years that have rows, where a December row named
 * 元旦 belongs to the next year's arrangement (2018-12-29/31 → 2019). */
bool ogi_calendar_covers_year(const ogi_calendar *cal, int year);
bool ogi_calendar_covers(const ogi_calendar *cal, ogi_date date);
/* The listed kind of a date (ORDINARY if not listed); *name gets the
 * festival name of a listed date (else NULL).  No coverage check. */
ogi_day_kind ogi_calendar_kind(const ogi_calendar *cal, ogi_date date, const char **name);

/* What the working-day functions (and the deadline engine, ogi/deadline.h)
 * return when a date they need lies in a year the calendar has no holiday
 * arrangement for: the answer is not known yet (application-procedure.md §1
 * forbids assuming weekends only), which callers tell apart from a refusal. */
#define OGI_CAL_UNCOVERED (-2)

/* §1 is_working_day.  Returns 0, or OGI_CAL_UNCOVERED with a message when
 * the date is outside the covered years. */
int ogi_is_working_day(const ogi_calendar *cal, ogi_date date, bool *working, char *err,
                       size_t errlen);
/* §1 add_wd: the n-th working day after `from` (from itself never counts;
 * n ≥ 1).  Every day examined, (from, result], must be covered; otherwise
 * OGI_CAL_UNCOVERED with a message naming the first uncovered date; -1 when
 * n < 1. */
int ogi_add_wd(const ogi_calendar *cal, ogi_date from, int n, ogi_date *out, char *err,
               size_t errlen);

#endif
