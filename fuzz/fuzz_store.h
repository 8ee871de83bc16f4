/*
 * fuzz_store.h — the ledger the store-backed fuzz targets (CSV import, web
 * dispatch) run against: an in-memory SQLite store, migrated once, with two
 * agencies, and the working-day calendar of the spec.  Each input runs in
 * a transaction that is rolled back, so every input meets the same ledger
 * and a finding replays from its input alone.
 */
#ifndef OGI_FUZZ_STORE_H
#define OGI_FUZZ_STORE_H

#include <stdio.h>
#include <stdlib.h>

#include "ogi/calendar.h"
#include "ogi/store.h"

/* Two agencies the seeds name (the first with a 索引号 prefix). */
static const char *const fuzz_agencies[] = {"某市教育局", "某市财政局"};

static inline void fuzz_die(const char *what, const char *err)
{
    fprintf(stderr, "fuzz setup: %s: %s\n", what, err);
    abort();
}

static inline ogi_store *fuzz_store_open(void)
{
    char err[512];
    ogi_store *s = ogi_store_open(":memory:", err, sizeof err);
    if (!s)
        fuzz_die("open store", err);
    if (ogi_store_migrate(s, NULL, err, sizeof err))
        fuzz_die("migrate", err);
    for (size_t i = 0; i < sizeof fuzz_agencies / sizeof *fuzz_agencies; i++) {
        ogi_agency a = {.name = (char *)fuzz_agencies[i], .kind = OGI_KIND_DEPARTMENT,
                        .index_prefix = (char *)"JY"};
        if (ogi_store_agency_add(s, &a, "fuzz"))
            fuzz_die("agency", ogi_store_error(s));
    }
    return s;
}

/* spec/holidays.csv from $OGI_SHARED, else the shared/ beside the sources. */
static inline ogi_calendar *fuzz_calendar_load(void)
{
    char path[4096], err[512];
    const char *shared = getenv("OGI_SHARED");
    if (shared)
        snprintf(path, sizeof path, "%s/spec/holidays.csv", shared);
    else
        snprintf(path, sizeof path, "%s/../shared/spec/holidays.csv", OGI_FUZZ_SOURCE_DIR);
    ogi_calendar *cal = ogi_calendar_load(path, err, sizeof err);
    if (!cal)
        fuzz_die("calendar", err);
    return cal;
}

#endif
