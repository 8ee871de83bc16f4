/*
 * fuzz_calendar.c — libFuzzer target: arbitrary bytes as a holiday
 * calendar CSV (ogi_calendar_parse, what `--holidays FILE` loads), then the
 * working-day arithmetic over every year the calendar claims to cover.
 */
#include <stdlib.h>

#include "ogi/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Walk a covered year through the period arithmetic: is_working_day on
 * each listed date, and add_wd from its first day across the year end
 * (refused with a message when the next year is not covered). */
static void exercise_year(const ogi_calendar *cal, int year)
{
    ogi_date first, d;
    char err[512];
    if (!ogi_date_from_ymd(year, 1, 1, &first))
        return;
    bool working;
    for (int k = 0; k < 366; k += 37)
        (void)ogi_is_working_day(cal, first + k, &working, err, sizeof err);
    (void)ogi_add_wd(cal, first, 15, &d, err, sizeof err);
    (void)ogi_add_wd(cal, first, 300, &d, err, sizeof err);
    const char *name;
    (void)ogi_calendar_kind(cal, first, &name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    ogi_calendar *cal = ogi_calendar_parse((const char *)data, size, "fuzz.csv", err, sizeof err);
    if (!cal)
        return 0;
    (void)ogi_calendar_rows(cal);
    int seen = 0;
    for (int y = 1; y <= 10000 && seen < 8; y++)
        if (ogi_calendar_covers_year(cal, y)) {
            exercise_year(cal, y);
            seen++;
        }
    ogi_calendar_free(cal);
    return 0;
}
