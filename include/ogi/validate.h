/*
 * ogi/validate.h — every rule of shared/spec/validation-rules.md.
 *
 * Findings carry the stable rule id, a severity, the cell keys (or table)
 * they concern, and the message in Chinese and English.  A rule whose
 * inputs are missing is SKIPPED and produces no finding.
 */
#ifndef OGI_VALIDATE_H
#define OGI_VALIDATE_H

#include <stddef.h>

#include "ogi/report.h"

typedef enum { OGI_SEV_WARNING = 1, OGI_SEV_ERROR = 2 } ogi_severity;

typedef struct {
    char rule[8];       /* "R3.3" */
    ogi_severity severity;
    char **keys;        /* cell keys concerned (may be empty) */
    size_t n_keys;
    char *table;        /* table key concerned, or NULL */
    char *message_en;
    char *message_zh;
} ogi_finding;

typedef struct {
    ogi_finding *items;
    size_t n, cap;
} ogi_findings;

void ogi_findings_init(ogi_findings *f);
void ogi_findings_free(ogi_findings *f);
size_t ogi_findings_count(const ogi_findings *f, ogi_severity sev);
/* Append a finding; keys is a NULL-terminated list (may be NULL). */
ogi_finding *ogi_findings_add(ogi_findings *f, const char *rule, ogi_severity sev,
                              const char *const *keys, const char *table,
                              const char *message_en, const char *message_zh);
const char *ogi_severity_name(ogi_severity s); /* "ERROR" / "WARNING" */

/* Validate one report: R0, R1, R2 (within-report), R3.1–R3.3, R3.5, R4. */
void ogi_validate(const ogi_report *r, ogi_findings *out);
/* Cross-report rules for the same agency in consecutive years:
 * R2.2, R2.5, R3.4.  prev.year must be cur.year − 1. */
void ogi_validate_pair(const ogi_report *prev, const ogi_report *cur, ogi_findings *out);
/* Whether two reports are the same agency (normalised names equal). */
int ogi_same_agency(const ogi_report *a, const ogi_report *b);

#endif
