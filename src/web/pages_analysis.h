/*
 * pages_analysis.h — what the console's regional pages share
 * (pages_analysis_common.c): query parameters, the region scope, small
 * pieces of markup and the CSV / XLSX downloads.
 */
#ifndef OGI_WEB_PAGES_ANALYSIS_H
#define OGI_WEB_PAGES_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "ogi/analysis.h"
#include "render/xlsx_tables.h"
#include "web/web_internal.h"

/* A report year (1990..9999) from a query value. */
bool wa_parse_year(const char *s, int *out);
/* The default report year: last calendar year. */
int wa_last_year(void);
/* Administrators and users without an agency see every agency. */
bool wa_unrestricted(const web_request *r);
void wa_free_agencies(ogi_agency *a, size_t n);
/* The region of the request: ?region=ID, else the user's agency, else the
 * first top-level agency; 0 with the 403 / 404 / 500 page written when the
 * user may not see it. */
int64_t wa_region(web_request *r);

const char *wa_kind_zh(ogi_agency_kind k);
const char *wa_origin_zh(const char *kind); /* "ledger" → 「台账生成」 … */

/* The region menu of the user's scope; with offer_all, 「全部机关」 first
 * (selected when region < 0). */
void wa_region_select(web_request *r, int64_t region, bool offer_all);
void wa_year_input(ogi_buf *b, const char *name, const char *label, int year);
void wa_num_td(ogi_buf *b, const char *text);  /* "—" when empty */
void wa_text_td(ogi_buf *b, const char *text); /* "—" when empty */
/* <a href="PATH?QUERY&format=FMT">LABEL</a>, escaped. */
void wa_download_link(ogi_buf *b, const char *path, const char *query, const char *fmt,
                      const char *label);

/* ?format=: NULL for the page, "csv" / "xlsx", or "" when unknown (400 written). */
const char *wa_download_format(web_request *r);
/* The download: CSV of t[0], or a workbook of report (may be NULL) and the
 * tables; named ascii.FMT, and utf8.FMT per RFC 5987. */
void wa_send_tables(web_request *r, const char *fmt, const ogi_report *report,
                    const ogi_xtable *t, size_t n, const char *ascii, const char *utf8);

#endif
