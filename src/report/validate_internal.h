/*
 * validate_internal.h — what the rule groups of the validator share.
 *
 * The validator is split by rule group (cells R0, structure R1, section 二
 * R2, arithmetic R3/R4, narrative R3.5, cross-report R2.2/R2.5/R3.4).  They
 * all need the same three things: the §0 missing-value policy applied to an
 * identity, a way to find a row or column of the format definition by the
 * key the spec's formulas use, and a way to add a finding whose two messages
 * are formatted from the spec's templates.  Those live here.
 */
#ifndef OGI_VALIDATE_INTERNAL_H
#define OGI_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/format.h"
#include "ogi/report.h"
#include "ogi/validate.h"

/* MISSING for arithmetic (spec §0): anything that is not a readable value —
 * absent, blank/placeholder, ambiguous, unreadable. */
bool val_missing(const ogi_report *r, int cell);
int64_t val_value(const ogi_report *r, int cell);

/* One addend of an identity: a cell index and its sign (+1 / −1). */
typedef struct {
    int cell;
    int sign;
} val_term;

/* result = Σ sign·addend under the §0 policy.  Returns false (SKIPPED) when
 * the result is MISSING, when every addend is MISSING, or on int64
 * overflow; otherwise fills *result and *sum (missing addends count 0). */
bool val_identity(const ogi_report *r, int result_cell, const val_term *terms, size_t n,
                  int64_t *result, int64_t *sum);
/* Same over two reports: the result is read from rr, the addends from the
 * reports given per term (cross-year identities). */
bool val_identity_x(const ogi_report *rr, int result_cell, const ogi_report *const *term_reports,
                    const val_term *terms, size_t n, int64_t *result, int64_t *sum);

/* Row / column position in a table by the key the spec's formulas use, or -1. */
int val_row(const ogi_table_def *t, const char *row_key);
int val_col(const ogi_table_def *t, const char *col_key);
/* Cell index at (table, row, col), as ogi_cell_in_table() gives it, from
 * an index built once (the rules look cells up per row and column). */
int val_cell_at(ogi_table_id t, size_t r, size_t c);
/* Cell index of (table, row key, col key), or -1. */
int val_cell(ogi_table_id t, const char *row_key, const char *col_key);
/* Whether any cell of row r of table t is present (not ABSENT). */
bool val_row_present(const ogi_report *r, ogi_table_id t, size_t row);

/* printf into a fresh malloc'd string. */
char *val_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Add a finding; takes ownership of en and zh.  keys: NULL-terminated or NULL. */
void val_add(ogi_findings *out, const char *rule, ogi_severity sev, const char *const *keys,
             const char *table, char *en, char *zh);

/* The rule groups, in the spec's evaluation order. */
void val_cells(const ogi_report *r, ogi_findings *out);     /* R0.1–R0.7 */
void val_structure(const ogi_report *r, ogi_findings *out); /* R1.1–R1.7 */
void val_section2(const ogi_report *r, ogi_findings *out);  /* R2.1, R2.3, R2.4 */
void val_arith(const ogi_report *r, ogi_findings *out);     /* R3.1–R3.3, R4.1–R4.3 */
void val_narrative(const ogi_report *r, ogi_findings *out); /* R3.5 */
/* Cross-report, prev = year Y−1, cur = year Y. */
void val_cross(const ogi_report *prev, const ogi_report *cur, ogi_findings *out);

#endif
