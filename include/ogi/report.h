/*
 * ogi/report.h — the exact in-memory model of one annual report.
 *
 * A report holds its metadata, the narrative of sections 一–六, and one
 * ogi_cell per cell of the format definition (ogi/format.h), indexed like
 * ogi_cell_at().  Blank is not zero: every cell records whether it was
 * absent from the report, present but blank, a value, ambiguous or
 * unreadable, together with the raw text and where it came from.
 */
#ifndef OGI_REPORT_H
#define OGI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/format.h"

typedef enum {
    OGI_CELL_ABSENT = 0, /* not in the report at all (label not found) */
    OGI_CELL_BLANK,      /* present, but empty / whitespace / placeholder */
    OGI_CELL_VALUE,      /* a number */
    OGI_CELL_AMBIGUOUS,  /* a number exists for the row but cannot be attributed (R0.7) */
    OGI_CELL_UNREADABLE, /* present, not a number (R0.4 / R0.6) */
} ogi_cell_state;

/* Why a cell's raw text parsed the way it did. */
typedef enum {
    OGI_PARSE_OK = 0,
    OGI_PARSE_EMPTY,         /* empty or whitespace only */
    OGI_PARSE_PLACEHOLDER,   /* 「-」「—」「/」「无」「空」 …: MISSING, with a warning */
    OGI_PARSE_NOT_INTEGER,   /* a decimal in a count cell (R0.4) */
    OGI_PARSE_NOT_NUMBER,    /* not a number at all (R0.6) */
    OGI_PARSE_UNIT_MISMATCH, /* 万元 written in a count cell (R0.6) */
    OGI_PARSE_TOO_PRECISE,   /* money with more than 6 decimals (R2.4); value rounded toward zero */
    OGI_PARSE_OVERFLOW,      /* out of range (R0.6) */
} ogi_parse_status;

typedef struct {
    char *file;   /* source file, or NULL */
    int line;     /* 1-based line in the source text, 0 if unknown */
    int table;    /* 0-based table number in the source, -1 if unknown */
    int row, col; /* 0-based grid position in that table, -1 if unknown */
} ogi_source;

typedef struct {
    ogi_cell_state state;
    ogi_parse_status parse;
    int64_t value;   /* COUNT/SIGNED: the integer; MONEY: millionths of 万元 */
    int decimals;    /* MONEY: decimals written (so it prints back as entered) */
    char *raw;       /* text as found (AMBIGUOUS: the row's unattributed values) */
    char *unit;      /* unit token written in the cell: 件 个 项 条 次 元 万元, or NULL */
    ogi_source src;
} ogi_cell;

typedef enum {
    OGI_KIND_UNKNOWN = 0,
    OGI_KIND_GOVERNMENT, /* people's government at county level or above */
    OGI_KIND_DEPARTMENT, /* 县级以上人民政府部门 */
    OGI_KIND_TOWNSHIP,   /* 乡镇人民政府 / 街道办事处 */
    OGI_KIND_OTHER,
} ogi_agency_kind;

#define OGI_SECTIONS 6

typedef struct {
    char *agency;
    ogi_agency_kind agency_kind;
    int agency_kind_confidence; /* 0..100: how sure an importer was; 100 when stated */
    int year;                   /* statistical year; 0 if unknown */
    char *publish_date;         /* YYYY-MM-DD or NULL */
    char *period;               /* statistical period as stated, or NULL */
    ogi_format_version declared_format; /* as stated in input JSON; informational */

    /* Narrative text of sections 一–六 (index 0..5), NULL if absent. */
    char *sections[OGI_SECTIONS];
    /* Headings as found in a source document (index 0..5), NULL if not found.
     * Meaningful only when structure_known: then R1.1/R1.2 are evaluated. */
    char *headings[OGI_SECTIONS];
    /* Order in which the headings were found (1-based position), 0 if absent. */
    int heading_order[OGI_SECTIONS];
    bool structure_known;

    ogi_cell *cells; /* ogi_cell_count() entries, indexed like ogi_cell_at() */

    char **extras;   /* s2_extra[]: non-standard rows, verbatim */
    size_t n_extras;

    char *source;    /* where the report was read from, or NULL */
} ogi_report;

ogi_report *ogi_report_new(void);
void ogi_report_free(ogi_report *r);
ogi_report *ogi_report_clone(const ogi_report *r);

/* Set a cell from its raw text, parsing it by the cell's kind: sets state,
 * parse status, value, decimals, unit; keeps raw.  NULL raw = blank. */
void ogi_report_set_raw(ogi_report *r, size_t cell, const char *raw);
/* Set a cell to an exact value (COUNT/SIGNED: integer; MONEY: millionths, decimals). */
void ogi_report_set_value(ogi_report *r, size_t cell, int64_t value, int decimals);
void ogi_report_set_blank(ogi_report *r, size_t cell);
void ogi_report_set_source(ogi_report *r, size_t cell, const char *file, int line,
                           int table, int row, int col);

/* Convenience: a cell by key (NULL if the key is unknown). */
ogi_cell *ogi_report_cell(ogi_report *r, const char *key);
const ogi_cell *ogi_report_cell_c(const ogi_report *r, const char *key);

/* The cell's value as text, exactly as it prints: "15098", "1887.214474",
 * "25.1"; "" when not a value.  buf must hold OGI_VALUE_BUF bytes. */
#define OGI_VALUE_BUF 40
const char *ogi_cell_value_text(const ogi_cell_def *def, const ogi_cell *c, char *buf);

/* Which format the cells present in the report use: per sub-table, as in
 * annual-report-format.md §7.  v2019/v2021 element lists are written into
 * the optional buffers as 「…、…」 lists (Chinese captions). */
ogi_format_version ogi_report_detect_format(const ogi_report *r, char *v2019_parts,
                                            size_t v19len, char *v2021_parts, size_t v21len);
/* Whether a table has any cell that is not absent. */
bool ogi_report_table_present(const ogi_report *r, ogi_table_id t);

const char *ogi_agency_kind_name(ogi_agency_kind k);   /* "department" … ; "" for unknown */
ogi_agency_kind ogi_agency_kind_parse(const char *s);  /* UNKNOWN when not recognised */
const char *ogi_cell_state_name(ogi_cell_state s);     /* "absent", "blank", "value" … */
ogi_cell_state ogi_cell_state_parse(const char *s);    /* -1 cast when unknown */

/* A blank report of the right format for a year: every required cell
 * present and blank, sections present and empty. */
ogi_report *ogi_report_blank(const char *agency, int year, ogi_agency_kind kind);

#endif
