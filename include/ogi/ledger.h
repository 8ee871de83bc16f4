/*
 * ogi/ledger.h — the disclosure office's ledger: applications on the
 * statutory working-day clock, reviews and lawsuits, and the annual report
 * computed from them (never typed).
 *
 * The workflow (application-procedure.md §§3–11) is a state machine over
 * recorded events; an event that is not legal in the current state is
 * refused with a Chinese message saying why.  Due dates come from the
 * deadline engine (ogi/deadline.h) over the events of the current handling.
 */
#ifndef OGI_LEDGER_H
#define OGI_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/calendar.h"
#include "ogi/deadline.h"
#include "ogi/report.h"
#include "ogi/store.h"

/* ---- applications ---- */

/* Chinese label of a status ("processing" → 「办理中」). */
const char *ogi_app_status_label(const char *status);
/* The event kinds a user can record, NULL-terminated. */
const char *const *ogi_app_event_kinds(void);
/* Chinese label of an event kind. */
const char *ogi_app_event_label(const char *kind);
/* Whether an open application's clock runs but its due date is not known
 * yet: the deadline lies in a year the calendar has no holiday arrangement
 * for (due_date NULL while processing; ogi_app_recompute_all fills it in). */
bool ogi_app_due_pending(const ogi_application *a);
/* The statuses an application can be in, NULL-terminated (see ogi_app_status_label). */
const char *const *ogi_app_statuses(void);
/* The event kinds legal in a status, in workflow order: fills out (up to
 * max) and returns how many.  What a user interface should offer. */
size_t ogi_app_legal_events(const char *status, const char **out, size_t max);

/* Record a new application (intake).  Required: agency_id, applicant_type,
 * channel, received_date (received_at defaults to it).  Assigns id,
 * tracking_no and a query code for the applicant (returned once in
 * query_code, ≥ 9 bytes; only its hash is stored); computes due_date.
 * Received in the year after the calendar's last covered year, the
 * application is recorded with due_date NULL: its deadline is unknown
 * until a calendar covering that year is loaded (ogi_app_recompute_all).
 * Until then the steps judged against the clock are refused with a message
 * saying so; an answer, a withdrawal or a transfer are not. */
int ogi_app_create(ogi_store *s, const ogi_calendar *cal, ogi_application *a, char *query_code,
                   size_t qclen, const char *actor, char *err, size_t errlen);

/* Parameters of an event; unused fields NULL/0. */
typedef struct {
    const char *kind;      /* required */
    const char *date;      /* required, YYYY-MM-DD */
    const char *outcome;   /* answer: section 三 row key */
    const char *approver;  /* extend: who approved (head of the 工作机构) */
    int wd;                /* extend: working days; request_supplement: period */
    const char *until;     /* custom_deadline: the later date */
    const char *party;     /* consult_start: third_party / agency */
    const char *letter_received; /* consult_start: when the party received it */
    const char *to_agency; /* transfer: target agency name */
    int64_t fee_yuan;      /* fee_notice: amount in 元 */
    const char *fee_method;/* fee_notice: per_item / per_volume */
    const char *note;
} ogi_app_event_args;

/* Apply an event: validates it against the state and the statute, stores
 * it, updates status / outcome / due date, audits.  0 or -1 with err. */
int ogi_app_event_apply(ogi_store *s, const ogi_calendar *cal, int64_t app_id,
                        const ogi_app_event_args *ev, const char *actor, char *err,
                        size_t errlen);

int ogi_app_get(ogi_store *s, int64_t id, ogi_application *out);           /* 1, 0, -1 */
int ogi_app_find(ogi_store *s, const char *tracking_no, ogi_application *out);
/* Check an applicant's query code against the stored hash. */
bool ogi_app_query_code_ok(ogi_store *s, const char *tracking_no, const char *code);
int ogi_app_events(ogi_store *s, int64_t id, ogi_app_event **out, size_t *n);

/* The clock of an open application on a date: due date, working days
 * left, and the Chinese explanation of how the due date was computed.
 * 0; -1 with a message; OGI_CAL_UNCOVERED (message in err) when the
 * deadline falls in a year the calendar does not cover yet. */
int ogi_app_clock(ogi_store *s, const ogi_calendar *cal, int64_t id, const char *asof,
                  ogi_deadline *dl, int *days_left, bool *overdue, char *err, size_t errlen);

typedef struct {
    int64_t agency_id;     /* 0 = all */
    const char *status;    /* NULL = any; "open" = not concluded */
    const char *due_before;/* only open applications due on or before this date */
    size_t offset, limit;
} ogi_app_filter;

int ogi_app_list(ogi_store *s, const ogi_app_filter *f, ogi_application **out, size_t *n);

/* Recompute every open application's due date (after loading a new
 * calendar).  *changed receives how many due dates changed; applications
 * whose deadline the calendar still does not reach keep due_date NULL. */
int ogi_app_recompute_all(ogi_store *s, const ogi_calendar *cal, size_t *changed, char *err,
                          size_t errlen);

/* ---- proactive-disclosure registry: review before publication ---- */

/* Article 20/21 categories: key ("art20_01" …) → statutory wording. */
size_t ogi_registry_category_count(void);
const char *ogi_registry_category_key(size_t i);
const char *ogi_registry_category_label(size_t i); /* 「（一）行政法规、规章和规范性文件」 */
const char *ogi_registry_status_label(const char *status); /* "draft" → 「草稿」 */

/* Create a draft: checks category, kind and dates; assigns the 索引号. */
int ogi_registry_create(ogi_store *s, ogi_item *it, const char *actor, char *err, size_t errlen);
/* Move an item one step: "submit" (草稿→保密审查), "pass_secrecy" (→审核),
 * "approve" (→发布, published on `date`), "return" (退回草稿, from either
 * review), "repeal" (发布→废止 on `date`).  先审查、后公开: nothing is
 * published without both reviews.  When publishing later than 20 working
 * days after the item was formed (Art. 26), *warning receives a Chinese
 * warning (the step still happens: the law sets a duty, not a bar). */
int ogi_registry_step(ogi_store *s, const ogi_calendar *cal, int64_t id, const char *step,
                      const char *date, const char *actor, const char *note, char *warning,
                      size_t wlen, char *err, size_t errlen);

/* ---- reviews and lawsuits ---- */

int ogi_case_add(ogi_store *s, ogi_case *c, const char *actor, char *err, size_t errlen);
int ogi_case_decide(ogi_store *s, int64_t id, const char *result, const char *date,
                    const char *actor, char *err, size_t errlen);
int ogi_case_list(ogi_store *s, int64_t agency_id, ogi_case **out, size_t *n);

/* ---- the annual report, computed ---- */

/* Build the report of an agency for a year from the ledger: section 二 from
 * the registry and yearly figures, 三 from handlings, 四 from cases; the
 * narratives from `sections` (JSON object {"s1": …}, may be NULL).
 * Figures never entered stay blank (the validator then says so). */
ogi_report *ogi_ledger_build_report(ogi_store *s, int64_t agency_id, int year,
                                    const char *sections_json, char *err, size_t errlen);

#endif
