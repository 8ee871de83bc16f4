/*
 * ogi/analysis.h — reports across agencies and years: a corpus of
 * published reports in the store, regional summaries (汇总) over the agency
 * hierarchy, the Art. 49 compliance view, and cross-year analysis (deltas,
 * rates, rankings, the cross-report rules).
 *
 * A region is an agency and its whole subtree (province → city → county →
 * departments / townships, by agencies.parent_id).  A summary is the cell
 * by cell sum of the region's reports through the format definition; blank
 * is never counted as zero and agencies without a report are named, never
 * silently left out.
 */
#ifndef OGI_ANALYSIS_H
#define OGI_ANALYSIS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/buf.h"
#include "ogi/report.h"
#include "ogi/store.h"
#include "ogi/validate.h"

/* ---- the corpus of imported reports (store/corpus_store.c) ---- */

/* One imported version of an agency's report for a year. */
typedef struct {
    int64_t id;
    int64_t agency_id;
    int year;
    char *source_path;
    char *content_hash;   /* hex BLAKE2b (crypto_generichash) of the file bytes */
    char *report_json;
    char *findings_json;  /* JSON array of findings at import */
    char *imported_at;
} ogi_corpus_report;

#define OGI_CORPUS_HASH_HEX 65 /* 32-byte digest as hex + NUL */

void ogi_corpus_report_free(ogi_corpus_report *c);
/* Hex digest of bytes (libsodium crypto_generichash, 32 bytes) into hex. */
void ogi_corpus_hash(const void *data, size_t len, char hex[OGI_CORPUS_HASH_HEX]);
/* Store a version (c->agency_id, year, source_path, content_hash,
 * report_json, findings_json); c->id receives the new id.  1 stored,
 * 0 an exact duplicate (same content hash) already stored, -1 error. */
int ogi_store_corpus_add(ogi_store *s, ogi_corpus_report *c, const char *actor);
/* The latest stored version of agency+year.  1 found, 0 none, -1 error. */
int ogi_store_corpus_latest(ogi_store *s, int64_t agency_id, int year, ogi_corpus_report *out);
/* Years (ascending, distinct) with a corpus or published report of the agency. */
int ogi_store_report_years(ogi_store *s, int64_t agency_id, int **years, size_t *n);
/* Agencies that reported at least once (corpus or published), by name. */
int ogi_store_reporting_agencies(ogi_store *s, int64_t **ids, size_t *n);

/* The agency and its whole subtree (recursive CTE), root first, then by
 * name.  0, or -1 (root unknown: 0 with *n = 0). */
int ogi_store_agency_subtree(ogi_store *s, int64_t root, ogi_agency **out, size_t *n);
/* Whether the ledger holds anything for agency+year: yearly figures,
 * handlings open during the year, cases filed or decided in it, or registry
 * items published in it.  1 yes, 0 no, -1 error. */
int ogi_store_ledger_has_data(ogi_store *s, int64_t agency_id, int year);
/* Match a report's agency name: exact name, then alias, then the label
 * normalisation (ogi_label_norm) of names and aliases, then the one name or
 * alias that equals it up to higher divisions' names in front (淮安市洪泽区人民政府
 * for 洪泽区人民政府; several such candidates match nothing).  1, 0, -1. */
int ogi_store_agency_match(ogi_store *s, const char *name, ogi_agency *out);

/* ---- where an agency's report for a year comes from (summary.c) ---- */

typedef enum {
    OGI_SOURCE_AUTO = 0,  /* ledger when it has data for the year, else published, else corpus */
    OGI_SOURCE_LEDGER,
    OGI_SOURCE_PUBLISHED, /* published_reports, then the corpus */
} ogi_source_pref;

/* "auto" / "ledger" / "published" → *out; false when none. */
bool ogi_source_pref_parse(const char *s, ogi_source_pref *out);

typedef struct {
    const char *kind;     /* "ledger", "published", "corpus" */
    int64_t id;           /* published or corpus report id; 0 for the ledger */
    char *path;           /* corpus source path, or NULL */
    char *published_at;   /* published: when; corpus: imported_at */
    size_t n_errors;      /* ERROR findings stored with the report (ledger: validated now) */
} ogi_report_origin;

void ogi_report_origin_free(ogi_report_origin *o);
/* The agency's report for the year per the preference: 1 found (*out,
 * *origin set), 0 none, -1 error (err). */
int ogi_agency_report(ogi_store *s, int64_t agency_id, int year, ogi_source_pref pref,
                      ogi_report **out, ogi_report_origin *origin, char *err, size_t errlen);

/* ---- summing reports (summary.c) ---- */

/* Sum reports cell by cell through the format definition: a cell is the
 * sum of the parts where it is a value (money exact, the most decimals
 * written); blank when no part has a value but some have it present;
 * absent when every part lacks it.  v2019-only and v2021-only keys stay
 * separate (spec §5.3).  Metadata: agency, year and kind as given; the
 * narrative sections present and empty. */
ogi_report *ogi_report_sum(const ogi_report *const *parts, size_t n, const char *agency,
                           int year, ogi_agency_kind kind);
/* Whether two reports hold the same cells (state, and value for values). */
bool ogi_report_cells_equal(const ogi_report *a, const ogi_report *b, const char **first_diff);

/* ---- regional summary (summary.c) ---- */

typedef struct {
    ogi_agency agency;
    ogi_report *report;        /* NULL when missing */
    ogi_report_origin origin;
    char **not_values;         /* keys of cells present in others' sums but blank,
                                  ambiguous or unreadable here (warnings) */
    size_t n_not_values;
} ogi_summary_part;

typedef struct {
    ogi_agency region;
    int year;
    ogi_report *total;         /* the 汇总 report */
    ogi_summary_part *parts;   /* agencies counted, in subtree order */
    size_t n_parts;
    ogi_agency *missing;       /* agencies of the region without a report */
    size_t n_missing;
} ogi_summary;

void ogi_summary_free(ogi_summary *sm);
/* Build the summary of region root for year.  0, or -1 with err. */
int ogi_region_summary(ogi_store *s, int64_t root, int year, ogi_source_pref pref,
                       ogi_summary *out, char *err, size_t errlen);
/* The report JSON (ogi_report_to_json) plus "region", "breakdown", "missing";
 * findings of ogi_validate on the total under "findings" when given. */
json_t *ogi_summary_to_json(const ogi_summary *sm, const ogi_findings *findings);

/* ---- compliance with Art. 49 (summary.c) ---- */

typedef enum {
    OGI_PUB_NOT_PUBLISHED = 0,
    OGI_PUB_ON_TIME,
    OGI_PUB_LATE,
    OGI_PUB_NO_DEADLINE,  /* township / other: the Regulations set no date */
    OGI_PUB_DATE_UNKNOWN, /* published, but no publication date is known */
} ogi_pub_status;

const char *ogi_pub_status_name(ogi_pub_status st);  /* "on_time" … */
const char *ogi_pub_status_label(ogi_pub_status st); /* 「按时发布」 … */

typedef struct {
    ogi_agency agency;
    ogi_pub_status status;
    char deadline[11];        /* YYYY-MM-DD, "" when none */
    char published[11];       /* YYYY-MM-DD, "" when unknown / not published */
    const char *source;       /* "published" / "corpus" / NULL */
    int64_t source_id;
    size_t n_errors;          /* ERROR findings of the published report */
} ogi_compliance_row;

/* The Art. 49 deadline for a kind and report year into buf (≥ 11): true,
 * or false for township / other (no statutory date). */
bool ogi_art49_deadline(ogi_agency_kind kind, int year, char *buf);
/* One row per agency in scope (root 0 = every agency). */
int ogi_compliance(ogi_store *s, int64_t root, int year, ogi_compliance_row **out, size_t *n,
                   char *err, size_t errlen);
void ogi_compliance_free(ogi_compliance_row *rows, size_t n);

/* ---- cross-year analysis (analysis.c) ---- */

/* A rate: the sum of numerator cells over the sum of denominator cells. */
typedef struct {
    const char *key;            /* "granted_share" */
    const char *label_zh;
    const char *label_en;
    const char *const *numerator;   /* cell keys of the definition, NULL-terminated */
    const char *const *denominator;
} ogi_rate_def;

size_t ogi_rate_count(void);
const ogi_rate_def *ogi_rate_at(size_t i);
const ogi_rate_def *ogi_rate_by_key(const char *key);

typedef struct {
    bool defined;      /* every cell a value and the denominator > 0 */
    int64_t num, den;
} ogi_rate_value;

ogi_rate_value ogi_rate_eval(const ogi_rate_def *d, const ogi_report *r);
/* The rate as a decimal with 4 places ("0.8125"), exact rounding half up;
 * "" when undefined.  buf ≥ 32. */
const char *ogi_rate_text(ogi_rate_value v, char *buf);
/* -1, 0, 1: a < b (undefined sorts below every defined value). */
int ogi_rate_cmp(ogi_rate_value a, ogi_rate_value b);

/* Per cell deltas between two reports of the same agency or region, as CSV
 * (RFC 4180) with the header kind,key,label,from,to,delta: one row per
 * cell that is a value in either report ("cell"), then one per rate
 * ("rate").  A delta is written only when both sides are values. */
void ogi_compare_csv(const ogi_report *from, const ogi_report *to, ogi_buf *out);
/* The same as a plain-text table for a terminal. */
void ogi_compare_text(const ogi_report *from, const ogi_report *to, ogi_buf *out);
/* The same rows handed to a visitor (for other tabular outputs):
 * fields = kind, key, label, from, to, delta. */
typedef void (*ogi_compare_visit)(void *ctx, const char *const fields[6]);
void ogi_compare_each(const ogi_report *from, const ogi_report *to, ogi_compare_visit fn,
                      void *ctx);

/* Cross-year rules (R2.2, R2.5, R3.4 by ogi_validate_pair) of an agency
 * between year − 1 and year, each side's report chosen as by
 * ogi_agency_report.  Findings are appended to out.  1 checked, 0 one of
 * the two years has no report, -1 error (err). */
int ogi_check_pair(ogi_store *s, int64_t agency_id, int year, ogi_source_pref pref,
                   ogi_findings *out, char *err, size_t errlen);

typedef struct {
    ogi_agency agency;
    ogi_rate_value value;
    bool has_report;
} ogi_rank_row;

/* The agencies of a region ranked by a rate (highest first; undefined last,
 * then by name). */
int ogi_rank_region(ogi_store *s, int64_t root, int year, const ogi_rate_def *rate,
                    ogi_source_pref pref, ogi_rank_row **out, size_t *n, char *err,
                    size_t errlen);
void ogi_rank_free(ogi_rank_row *rows, size_t n);

#endif
