/*
 * ogi/deadline.h — the statutory clock of one disclosure application.
 *
 * Given the Art. 31 receipt date and the events recorded so far (补正,
 * consultations, extensions, an Art. 35 custom date, a fee notice), compute
 * the answer deadline, the side deadlines, the working days left on a date,
 * and a step-by-step Chinese explanation (application-procedure.md §§4–6,
 * 8, 11, 12).  Pure functions over dates and a calendar: no storage.
 *
 * Illegal histories (a second 补正 notice, an extension past the 20-day cap
 * or approved after the deadline, …) are refused with a message saying why.
 */
#ifndef OGI_DEADLINE_H
#define OGI_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "ogi/calendar.h"

#define OGI_ANSWER_PERIOD_WD 20     /* Art. 33 */
#define OGI_EXTENSION_MAX_WD 20     /* Art. 33, total of all extensions [convention] */
#define OGI_SUPPLEMENT_NOTICE_WD 7  /* Art. 30 */
#define OGI_CONSULT_REPLY_WD 15     /* Arts. 32, 34 */
#define OGI_PAYMENT_PERIOD_WD 20    /* 109号 */
#define OGI_PUBLISH_PERIOD_WD 20    /* Art. 26 */

typedef enum {
    /* date: notice sent (≤ add_wd(receipt, 7), once); wd: supplement period */
    OGI_EV_SUPPLEMENT_REQUESTED,
    /* date: supplemented application received — the answer clock restarts */
    OGI_EV_SUPPLEMENT_RECEIVED,
    /* Consultation pauses (Art. 33 para 3).  date: letter sent (S, counts);
     * end: reply received (E) or OGI_DATE_NONE; received: the day the
     * third party / agency received the letter or OGI_DATE_NONE — when
     * known, E is capped at its 15-working-day reply deadline.  Both NONE =
     * still open (clock frozen). */
    OGI_EV_CONSULT_THIRD_PARTY,
    OGI_EV_CONSULT_AGENCY,
    /* date: extension approved and notified (≤ current deadline); wd: days */
    OGI_EV_EXTENSION,
    /* Art. 35: date: applicant notified; until: the reasonable later date */
    OGI_EV_CUSTOM_DEADLINE,
    /* date: fee notice sent (≤ current deadline); received: applicant
     * received it (NONE = same day) → payment deadline; end: paid or NONE */
    OGI_EV_FEE_NOTICE,
} ogi_event_kind;

typedef struct {
    ogi_event_kind kind;
    ogi_date date;
    ogi_date end;
    ogi_date received;
    ogi_date until;
    int wd;
} ogi_event;

/* An event with every optional date set to OGI_DATE_NONE. */
ogi_event ogi_event_make(ogi_event_kind kind, ogi_date date);

typedef struct {
    /* §11 [UNCONFIRMED]: pause the answer clock from sending the fee notice
     * to payment.  Default false. */
    bool fee_pause_enabled;
} ogi_deadline_options;

typedef enum {
    OGI_CLOCK_RUNNING,             /* due is set */
    OGI_CLOCK_AWAITING_SUPPLEMENT, /* 补正 requested, not yet received */
    OGI_CLOCK_PAUSED,              /* an open pause froze the clock */
} ogi_clock_state;

typedef struct {
    ogi_event_kind kind;  /* consultation or fee notice */
    ogi_date start, end;  /* excluded (start, end]; end NONE = open */
} ogi_pause;

typedef struct {
    ogi_clock_state state;
    ogi_date received;                   /* Art. 31 receipt */
    ogi_date answer_start;               /* receipt, or supplement received */
    ogi_date supplement_notice_deadline; /* add_wd(received, 7) */
    ogi_date supplement_due;             /* add_wd(notice, period); NONE if no 补正 */
    ogi_date statutory_due;              /* Art. 33 deadline incl. pauses/extensions */
    ogi_date due;                        /* effective deadline (custom if set); NONE unless RUNNING */
    bool custom;                         /* due is an Art. 35 date */
    int extension_wd;                    /* total granted */
    int paused_remaining_wd;             /* PAUSED: working days frozen */
    ogi_date payment_deadline;           /* NONE unless a fee notice */
    ogi_pause *pauses;
    size_t n_pauses;
    char *explanation; /* Chinese, one step per line, malloc'd */
} ogi_deadline;

/* Events must be in date order.  Returns 0; -1 with a Chinese message when
 * the history is refused; OGI_CAL_UNCOVERED (ogi/calendar.h) when a date the
 * clock needs is in a year the calendar does not cover yet — the deadline is
 * then unknown, not wrong, and is computed once a calendar covering that
 * year is loaded.  On any failure out is empty.  opt may be NULL (defaults). */
int ogi_deadline_compute(const ogi_calendar *cal, ogi_date received, const ogi_event *events,
                         size_t n_events, const ogi_deadline_options *opt, ogi_deadline *out,
                         char *err, size_t errlen);
void ogi_deadline_free(ogi_deadline *dl);

/* Working days left on `asof`: counted days in (asof, due] (0 on the due
 * date); when overdue, minus the working days in (due, asof], at least -1.
 * PAUSED: the frozen remainder.  *overdue tells overdue apart.  0, -1, or
 * OGI_CAL_UNCOVERED as for ogi_deadline_compute. */
int ogi_deadline_days_left(const ogi_calendar *cal, const ogi_deadline *dl, ogi_date asof,
                           int *days_left, bool *overdue, char *err, size_t errlen);

/* Side deadlines, each add_wd(date, period). */
int ogi_consult_reply_deadline(const ogi_calendar *cal, ogi_date letter_received, ogi_date *out,
                               char *err, size_t errlen);
int ogi_payment_deadline(const ogi_calendar *cal, ogi_date notice_received, ogi_date *out,
                         char *err, size_t errlen);
int ogi_publish_deadline(const ogi_calendar *cal, ogi_date formed_or_changed, ogi_date *out,
                         char *err, size_t errlen);

#endif
