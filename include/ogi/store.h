/*
 * ogi/store.h — persistent storage of the disclosure office's ledger.
 *
 * One interface; the embedded default is a SQLite file, and a PostgreSQL
 * URI selects the platform backend.  No SQL exists outside src/store/.
 * Every change runs in a transaction and writes an audit-log entry.
 */
#ifndef OGI_STORE_H
#define OGI_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/report.h"

typedef struct ogi_store ogi_store;

/* Open a store: a SQLite path, or postgres:// / postgresql:// URI.
 * Does not migrate; see ogi_store_migrate.  NULL with err on failure. */
ogi_store *ogi_store_open(const char *uri, char *err, size_t errlen);
void ogi_store_close(ogi_store *s);
/* Bring the schema up to date; *applied receives how many migrations ran. */
int ogi_store_migrate(ogi_store *s, int *applied, char *err, size_t errlen);
int ogi_store_schema_version(ogi_store *s);
int ogi_store_latest_schema_version(void);
/* The last error message of the store. */
const char *ogi_store_error(const ogi_store *s);
/* Whether the URI names a PostgreSQL database. */
bool ogi_store_uri_is_postgres(const char *uri);
/* Check the database file's physical integrity (SQLite PRAGMA integrity_check):
 * 0 with "ok" in out when sound, 1 with the first problems in out, -1 on error. */
int ogi_store_integrity_check(ogi_store *s, char *out, size_t outlen);

/* ---- agencies ---- */

typedef struct {
    int64_t id;
    char *name;
    ogi_agency_kind kind;
    int64_t parent_id;    /* 0 = none */
    char *index_prefix;   /* 索引号 prefix */
    char *index_pattern;  /* e.g. "{prefix}-{year}-{seq:05}" */
} ogi_agency;

void ogi_agency_free(ogi_agency *a);
/* Add an agency; a->id receives the new id.  actor is recorded in the audit log. */
int ogi_store_agency_add(ogi_store *s, ogi_agency *a, const char *actor);
/* Find by name or alias.  1 found, 0 not found, -1 error. */
int ogi_store_agency_find(ogi_store *s, const char *name, ogi_agency *out);
int ogi_store_agency_get(ogi_store *s, int64_t id, ogi_agency *out);
/* All agencies (ordered by name); caller frees each and the array. */
int ogi_store_agency_list(ogi_store *s, ogi_agency **out, size_t *n);
int ogi_store_agency_alias_add(ogi_store *s, int64_t agency_id, const char *alias,
                               const char *actor);

/* ---- proactive-disclosure registry (主动公开) ---- */

typedef struct {
    int64_t id;
    int64_t agency_id;
    char *index_no;       /* 索引号; generated from the agency's pattern when empty */
    char *title;
    char *doc_no;         /* 文号 */
    char *issuer;
    char *category;       /* Article 20 item: art20_01 … art20_15, art21_city_county, art21_township */
    char *topic;
    char *kind;           /* rule (规章) / normative (行政规范性文件) / other */
    char *formed_date;    /* YYYY-MM-DD */
    char *published_date; /* NULL until published */
    char *status;         /* draft / secrecy_review / approval / published / repealed */
    char *repealed_date;
    char *body;
    char *attachments;    /* JSON array of {name, size, type} */
} ogi_item;

typedef struct {
    int64_t agency_id;    /* 0 = all agencies */
    const char *query;    /* full text, Chinese-aware; NULL = none */
    const char *category, *topic, *kind, *status; /* NULL = any */
    int year;             /* year of publication; 0 = any */
    size_t offset, limit;
    bool without_body;    /* leave body and attachments NULL: for lists that show neither */
} ogi_item_filter;

void ogi_item_free(ogi_item *it);
/* Insert; it->id and (if it was empty) it->index_no receive the new values. */
int ogi_store_item_add(ogi_store *s, ogi_item *it, const char *actor);
/* Replace every field of an existing item (audit keeps before/after). */
int ogi_store_item_update(ogi_store *s, const ogi_item *it, const char *actor);
int ogi_store_item_get(ogi_store *s, int64_t id, ogi_item *out); /* 1, 0, -1 */
/* Record a workflow step (status change) with who and when. */
int ogi_store_item_step(ogi_store *s, int64_t id, const char *status, const char *date,
                        const char *actor, const char *note);
/* Search; *total receives the number of matches before offset/limit. */
int ogi_store_item_search(ogi_store *s, const ogi_item_filter *f, ogi_item **out, size_t *n,
                          size_t *total);
/* Section 二 (一) figures for a kind ("rule"/"normative") and year. */
int ogi_store_item_counts(ogi_store *s, int64_t agency_id, const char *kind, int year,
                          int64_t *issued, int64_t *repealed, int64_t *in_force);

/* ---- yearly figures (第二十条（五）（六）（八）, entered or imported) ---- */

/* Set a figure for a cell key of the format definition (value as in
 * ogi_cell: count, or millionths of 万元 with decimals). */
int ogi_store_figure_set(ogi_store *s, int64_t agency_id, int year, const char *cell_key,
                         int64_t value, int decimals, const char *actor);
/* 1 found, 0 not set, -1 error. */
int ogi_store_figure_get(ogi_store *s, int64_t agency_id, int year, const char *cell_key,
                         int64_t *value, int *decimals);

/* ---- transactions (nestable) for callers composing several changes ---- */

int ogi_store_begin(ogi_store *s);
int ogi_store_commit(ogi_store *s);
void ogi_store_rollback(ogi_store *s);

/* ---- applications (records; the workflow is in ogi/ledger.h) ---- */

typedef struct {
    int64_t id;
    int64_t agency_id;
    char *tracking_no;
    char *applicant_type;  /* a section 三 column key: natural_person … other_org */
    char *applicant_name, *applicant_id_doc, *applicant_contact;
    char *channel;         /* online / on_site / letter / fax / email */
    char *received_at;     /* date-time of arrival, YYYY-MM-DDTHH:MM */
    char *received_date;   /* Art. 31 receipt date, YYYY-MM-DD */
    char *description, *preferred_form, *delivery;
    char *status;          /* see ogi_app_status_label() */
    char *outcome;         /* section 三 row key once concluded */
    char *concluded_date;
    char *due_date;        /* NULL while the clock is stopped */
} ogi_application;

typedef struct {
    int64_t id;
    char *kind;            /* see ogi_app_event_kinds() */
    char *date;            /* YYYY-MM-DD */
    char *detail;          /* JSON object text */
    char *actor;
    char *created_at;
} ogi_app_event;

void ogi_application_free(ogi_application *a);
void ogi_app_event_free(ogi_app_event *e);

void ogi_application_free(ogi_application *a);
void ogi_app_event_free(ogi_app_event *e);

/* Insert an application with its first handling; a->id and a->tracking_no
 * (generated, unique) are set. */
int ogi_store_app_insert(ogi_store *s, ogi_application *a, const char *query_code_hash,
                         const char *actor);
int ogi_store_app_get(ogi_store *s, int64_t id, ogi_application *out);          /* 1, 0, -1 */
int ogi_store_app_find(ogi_store *s, const char *tracking_no, ogi_application *out);
/* The stored query-code hash of a tracking number (malloc'd) or NULL. */
char *ogi_store_app_query_hash(ogi_store *s, const char *tracking_no);
/* Write status, outcome, concluded date, due date and agency back
 * (audited with before/after). */
int ogi_store_app_update(ogi_store *s, const ogi_application *a, const char *actor);
int ogi_store_app_event_add(ogi_store *s, int64_t app_id, const char *kind, const char *date,
                            const char *detail_json, const char *actor);
int ogi_store_app_events(ogi_store *s, int64_t app_id, ogi_app_event **out, size_t *n);
/* status: NULL any, "open" = not concluded; due_before: open ones due by then. */
int ogi_store_app_list(ogi_store *s, int64_t agency_id, const char *status,
                       const char *due_before, size_t offset, size_t limit,
                       ogi_application **out, size_t *n);

/* Ids of applications not concluded with id > after, ascending. */
int ogi_store_app_open_ids(ogi_store *s, int64_t after, size_t limit, int64_t **ids,
                           size_t *n);

/* Handlings: close the current one with an outcome, or open a new one. */
int ogi_store_handling_conclude(ogi_store *s, int64_t app_id, const char *date,
                                const char *outcome);
int ogi_store_handling_open(ogi_store *s, int64_t app_id, int64_t agency_id,
                            const char *applicant_type, const char *start_date);

/* One count of the section 三 statistics: part is "new_received",
 * "carried_over", "carry_forward" or "outcome" (then outcome is the row). */
typedef struct {
    char part[16];
    char outcome[40];
    char applicant_type[24];
    int64_t count;
} ogi_handling_count;

int ogi_store_handling_stats(ogi_store *s, int64_t agency_id, int year,
                             ogi_handling_count **out, size_t *n);

/* ---- reviews and lawsuits ---- */

typedef struct {
    int64_t id;
    int64_t agency_id;
    int64_t application_id; /* 0 = not linked */
    char *kind;             /* review / suit_direct / suit_after_review */
    char *filed_date;
    char *result;           /* upheld / corrected / other / pending */
    char *decided_date;
    char *note;
} ogi_case;

void ogi_case_free(ogi_case *c);
int ogi_store_case_insert(ogi_store *s, ogi_case *c, const char *actor);
int ogi_store_case_get(ogi_store *s, int64_t id, ogi_case *out); /* 1, 0, -1 */
int ogi_store_case_update(ogi_store *s, const ogi_case *c, const char *actor);
int ogi_store_case_list(ogi_store *s, int64_t agency_id, ogi_case **out, size_t *n);

/* Section 四 counts for a year: decided cases by result, plus cases filed
 * by the year end and still undecided then as "pending". */
typedef struct {
    char kind[24];
    char result[16];
    int64_t count;
} ogi_case_count;

int ogi_store_case_stats(ogi_store *s, int64_t agency_id, int year, ogi_case_count **out,
                         size_t *n);

/* ---- audit log ---- */

typedef struct {
    int64_t id;
    char *at, *actor, *action, *entity;
    int64_t entity_id;
    char *before_json, *after_json;
} ogi_audit_entry;

void ogi_audit_entry_free(ogi_audit_entry *e);
/* Newest first. */
int ogi_store_audit_list(ogi_store *s, size_t offset, size_t limit, ogi_audit_entry **out,
                         size_t *n);
/* Record a change (before/after as JSON text, either may be NULL). */
int ogi_store_audit(ogi_store *s, const char *actor, const char *action, const char *entity,
                    int64_t entity_id, const char *before_json, const char *after_json);

/* ---- staff users, sessions, API tokens, rate limits (store/user.c) ---- */

typedef struct {
    int64_t id;
    char *name;
    char *role;          /* admin / officer / reviewer */
    int64_t agency_id;   /* admin: 0; officer/reviewer: their agency (0 = none: no access) */
    bool disabled;
    char *created_at;
} ogi_user;

/* Length rule of staff passwords in bytes, shared by `ogi user` and the console. */
#define OGI_USER_PASSWORD_MIN 8
#define OGI_USER_PASSWORD_MAX 1024

void ogi_user_free(ogi_user *u);
bool ogi_user_role_valid(const char *role);        /* admin / officer / reviewer */
/* Least privilege: officers and reviewers must belong to an agency. */
bool ogi_user_role_needs_agency(const char *role);
/* Add a user with an already computed password hash (never logged or
 * audited); u->id receives the new id.  Refuses an unknown role and an
 * officer/reviewer without agency. */
int ogi_store_user_add(ogi_store *s, ogi_user *u, const char *password_hash, const char *actor);
/* By name; *password_hash (may be NULL) receives a malloc'd copy. 1, 0, -1. */
int ogi_store_user_find(ogi_store *s, const char *name, ogi_user *out, char **password_hash);
int ogi_store_user_get(ogi_store *s, int64_t id, ogi_user *out); /* 1, 0, -1 */
/* Every user by id (no password hashes); caller frees each and the array. */
int ogi_store_user_list(ogi_store *s, ogi_user **out, size_t *n);
/* The changes below run in one transaction each and are audited with the
 * user before and after (never a hash).  1 done, 0 no such user, -1 error. */
/* Disabling also deletes the user's sessions and API tokens. */
int ogi_store_user_set_disabled(ogi_store *s, int64_t id, bool disabled, const char *actor);
/* A new password hash; the user's sessions end. */
int ogi_store_user_set_password(ogi_store *s, int64_t id, const char *password_hash,
                                const char *actor);
/* Role and agency (checked as in ogi_store_user_add). */
int ogi_store_user_set_role(ogi_store *s, int64_t id, const char *role, int64_t agency_id,
                            const char *actor);

/* A login session; id_hash is the hash of the cookie token, times are Unix seconds. */
typedef struct {
    char *id_hash;
    int64_t user_id;
    char *csrf_token;
    int64_t created_at, expires_at, last_seen;
} ogi_session;

void ogi_session_free(ogi_session *se);
int ogi_store_session_add(ogi_store *s, const ogi_session *se);
int ogi_store_session_get(ogi_store *s, const char *id_hash, ogi_session *out); /* 1, 0, -1 */
int ogi_store_session_touch(ogi_store *s, const char *id_hash, int64_t now);
int ogi_store_session_delete(ogi_store *s, const char *id_hash);
/* Every session of a user; returns how many were deleted, or -1. */
int ogi_store_session_delete_user(ogi_store *s, int64_t user_id);
/* Delete sessions past expires_at or idle since before idle_before. */
int ogi_store_session_purge(ogi_store *s, int64_t now, int64_t idle_before);

int ogi_store_api_token_add(ogi_store *s, const char *token_hash, int64_t user_id,
                            const char *name, const char *actor);
int ogi_store_api_token_user(ogi_store *s, const char *token_hash, int64_t *user_id); /* 1,0,-1 */

/* Rate limits: count events of key in the window starting at window_start. */
int ogi_store_rate_hit(ogi_store *s, const char *key, int64_t window_start, int64_t *count);
int ogi_store_rate_count(ogi_store *s, const char *key, int64_t window_start, int64_t *count);
/* Forget a key (all windows), and windows that started before `before`. */
int ogi_store_rate_clear(ogi_store *s, const char *key, int64_t before);

/* ---- published annual reports and their drafts (store/report_store.c) ---- */

/* One published version of an agency's annual report.  Immutable once
 * stored: publishing again adds version + 1, which supersedes this one. */
typedef struct {
    int64_t id;
    int64_t agency_id;
    int year;
    int version;             /* 1, 2, … per agency and year */
    char *report_json;       /* the report (docs/json.md) as published */
    char *findings_json;     /* validation findings at publication (JSON array) */
    char *published_at;      /* YYYY-MM-DDTHH:MM:SSZ */
    char *published_by;
    int64_t supersedes_id;   /* the version this one replaces; 0 = first */
    int64_t superseded_by;   /* the version replacing this one; 0 = current */
} ogi_published_report;

typedef struct {
    int64_t agency_id;       /* 0 = all agencies */
    int year;                /* 0 = any year */
    bool latest_only;        /* only the current version of each agency-year */
    size_t offset, limit;    /* limit 0 = 50 */
} ogi_report_filter;

void ogi_published_report_free(ogi_published_report *p);
/* Publish a new version for agency+year (superseding the current one, if
 * any); out (may be NULL) receives the stored row.  Audited as "publish"
 * with audit_note (JSON object text, may be NULL) added to the entry. */
int ogi_store_report_publish(ogi_store *s, int64_t agency_id, int year, const char *report_json,
                             const char *findings_json, const char *actor,
                             const char *audit_note, ogi_published_report *out);
int ogi_store_report_get(ogi_store *s, int64_t id, ogi_published_report *out); /* 1, 0, -1 */
/* Newest year first, then agency id, then newest version; *total (may be
 * NULL) receives the count before offset/limit. */
int ogi_store_report_list(ogi_store *s, const ogi_report_filter *f, ogi_published_report **out,
                          size_t *n, size_t *total);
/* The narrative draft (JSON object {"s1": …}) of agency+year: 1 found
 * (*sections_json malloc'd), 0 none, -1 error. */
int ogi_store_report_draft_get(ogi_store *s, int64_t agency_id, int year, char **sections_json);
/* Save (insert or replace) the draft; audited with before/after. */
int ogi_store_report_draft_set(ogi_store *s, int64_t agency_id, int year,
                               const char *sections_json, const char *actor);

/* Totals of paginated listings (store/list_counts.c): the same filters as
 * ogi_store_app_list and ogi_store_audit_list. */
int ogi_store_app_count(ogi_store *s, int64_t agency_id, const char *status,
                        const char *due_before, size_t *total);
int ogi_store_audit_count(ogi_store *s, size_t *total);

#endif
