/*
 * api_internal.h — what the files of the JSON API (api*.c) and the report
 * pages share: the route table entry, JSON responses and errors, request
 * parameters, pagination, permission checks, and the report builder used
 * by both the console (pages_reports.c) and the API (api_reports.c).
 *
 * Response bodies are built with jansson, except the item list, which
 * json_writer.c writes directly with the same bytes; errors are
 * {"error": {"code": "...", "message": "<Chinese>"}}.
 */
#ifndef OGI_WEB_API_INTERNAL_H
#define OGI_WEB_API_INTERNAL_H

#include <jansson.h>

#include "ogi/ledger.h"
#include "ogi/validate.h"
#include "web/web_internal.h"

#define API_PREFIX "/api/v1"
#define API_DEFAULT_LIMIT 50
#define API_MAX_LIMIT 500

enum { API_OPEN = 0, API_STAFF = 1 }; /* flags of an API route */

/* ---- responses ---- */

/* How every response body is dumped (api_send). */
#define API_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* Send j (reference stolen) with status as application/json. */
void api_send(web_request *r, int status, json_t *j);
/* {"items": items, "total", "limit", "offset"} (items stolen). */
void api_send_page(web_request *r, json_t *items, size_t total, size_t limit, size_t offset);
/* Map a ledger refusal (-1 with a Chinese message) onto a status: 404 when
 * the thing does not exist, else `status` with `code`. */
void api_ledger_error(web_request *r, int status, const char *code, const char *message);

/* ---- request ---- */

/* The JSON object body, or NULL after a 400/415 naming the problem. */
json_t *api_body(web_request *r);
/* Members of a body: NULL / fallback when absent; type errors are the caller's. */
const char *api_str(const json_t *o, const char *key);
bool api_int_member(web_request *r, const json_t *o, const char *key, bool required,
                    int64_t *out);
/* A required string member, or a 400 naming it. */
const char *api_need_str(web_request *r, const json_t *o, const char *key);
/* An optional non-negative integer query parameter (≤ max): false after a 400. */
bool api_query_int(web_request *r, const char *key, int64_t max, int64_t *out);
/* limit / offset: false after a 400. */
bool api_page(web_request *r, size_t *limit, size_t *offset);

/* ---- permissions (same rules as the console: web_allowed) ---- */

/* The agency a listing covers: the requested one if the user may read it,
 * the user's own when none was requested; false after a 403. */
bool api_scope(web_request *r, int64_t requested, int64_t *agency);
bool api_can_read(web_request *r, int64_t agency_id);  /* else 403 */
/* Changes need an officer or administrator of the agency; else 403. */
bool api_can_write(web_request *r, int64_t agency_id);
bool api_is_admin(web_request *r);                     /* else 403 */

/* ---- JSON of ledger records ---- */

json_t *api_agency_json(const ogi_agency *a);
json_t *api_application_json(const ogi_application *a);
json_t *api_item_json(const ogi_item *it);
json_t *api_case_json(const ogi_case *c);
json_t *api_published_json(const ogi_published_report *p, bool with_report);

/* ---- JSON written straight into a buffer (json_writer.c): the same bytes
 * as json_dumps(…, API_JSON_FLAGS) of the jansson value ---- */

/* s as a JSON string (NULL → null).  False when s is not valid UTF-8
 * (which jansson refuses), with part of it written. */
bool api_json_string(ogi_buf *b, const char *s);
/* api_item_json(it) as text; false (nothing written) where jansson gives no
 * value either (a required text that is not UTF-8). */
bool api_item_json_write(ogi_buf *b, const ogi_item *it);

/* ---- handlers (api_*.c) ---- */

void api_openapi(web_request *r);
void api_agencies(web_request *r);
void api_app_list(web_request *r);
void api_app_get(web_request *r);
void api_app_create(web_request *r);
void api_app_event(web_request *r);
void api_public_app_status(web_request *r);
void api_item_list(web_request *r);
void api_item_get(web_request *r);
void api_item_create(web_request *r);
void api_item_step(web_request *r);
void api_public_items(web_request *r);
void api_case_list(web_request *r);
void api_case_create(web_request *r);
void api_case_decide(web_request *r);
void api_audit(web_request *r);
void api_report_preview(web_request *r);
void api_report_list(web_request *r);
void api_report_get(web_request *r);
void api_report_publish(web_request *r);
void api_report_draft(web_request *r);
void api_public_report_list(web_request *r);
void api_public_report_get(web_request *r);

/* ---- annual reports, shared by the console and the API ---- */

/* Build agency+year from the ledger with the saved narrative draft (or
 * sections_json when given) and validate it.  NULL with a Chinese message. */
ogi_report *web_report_build(ogi_store *s, int64_t agency_id, int year, const char *sections_json,
                             ogi_findings *findings, char *err, size_t errlen);
/* Record in the audit log that actor built (previewed) agency+year. */
void web_report_audit_build(ogi_store *s, const char *actor, int64_t agency_id, int year,
                            const ogi_findings *findings);
/* Save narrative sections given as form or JSON values s1…s6 (NULL = keep
 * the draft's); 0, or -1 with a message. */
int web_report_save_draft(ogi_store *s, int64_t agency_id, int year,
                          const char *const sections[OGI_SECTIONS], const char *actor, char *err,
                          size_t errlen);
/* Publish: refused (-2, message) when ERROR findings exist and override is
 * false; the override is recorded in the audit log.  -3 when the report
 * cannot be built (no such agency, year before 2019), -1 on store errors. */
int web_report_publish(ogi_store *s, int64_t agency_id, int year, bool override,
                       const char *actor, ogi_published_report *out, char *err, size_t errlen);
/* A published report's model, parsed back from its stored JSON (NULL on error). */
ogi_report *web_report_load(const ogi_published_report *p);

#endif
