/*
 * ogi/demo.h — a deterministic demonstration ledger, so that `make run`
 * (and anyone evaluating ogi) sees a portal and a console with a year of
 * realistic work in it instead of empty pages.
 *
 * Everything is recorded through the public ledger API (intake, legal
 * steps, registry review, cases, figures), never SQL, so the demo also
 * exercises the workflow rules: a demo that needed a shortcut would be a
 * bug report.  No randomness: the same year and as-of date give the same
 * records (tracking numbers and query codes aside, which the ledger draws).
 */
#ifndef OGI_DEMO_H
#define OGI_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "ogi/calendar.h"
#include "ogi/store.h"

/* The demo agencies: the first is the one the demo staff work for. */
#define OGI_DEMO_AGENCY_A "示例市教育局"
#define OGI_DEMO_AGENCY_B "示例市人力资源和社会保障局"

typedef struct {
    int year;          /* the year of the applications, items, cases and figures */
    const char *asof;  /* "today" of the demo, YYYY-MM-DD, in `year`: open
                          applications are due soon or overdue relative to it */
} ogi_demo_options;

typedef struct {
    int64_t agency_a, agency_b;
    size_t applications, open_applications, items, cases;
} ogi_demo_summary;

/* Seed an empty, migrated store.  The as-of date must leave room for a
 * year's work: between 1 June and 31 December of `year`.  0, or -1 with a
 * Chinese message in err. */
int ogi_demo_seed(ogi_store *s, const ogi_calendar *cal, const ogi_demo_options *o,
                  ogi_demo_summary *out, char *err, size_t errlen);

#endif
