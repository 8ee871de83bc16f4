/*
 * ogi/format.h — the one definition of the annual report format.
 *
 * Every table, row, column and cell of 政府信息公开工作年度报告 (the 2021
 * format, the 2019 trial format, and the elements they share) is declared
 * exactly once, in src/report/format.c.  The validator, the renderers, the
 * JSON reader/writer, the importers and the ledger statistics iterate this
 * definition; no other list of keys exists in the code.
 *
 * Spec: shared/spec/annual-report-format.md.
 */
#ifndef OGI_FORMAT_H
#define OGI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

/* Format versions as a bit set: a table, row or cell belongs to one or both. */
enum {
    OGI_FMT_V2021 = 1u << 0,
    OGI_FMT_V2019 = 1u << 1,
    OGI_FMT_BOTH = OGI_FMT_V2021 | OGI_FMT_V2019,
};

typedef enum {
    OGI_FORMAT_UNKNOWN = 0,
    OGI_FORMAT_V2021,
    OGI_FORMAT_V2019,
    OGI_FORMAT_MIXED,
} ogi_format_version;

/* What a cell holds. */
typedef enum {
    OGI_VAL_COUNT,  /* integer >= 0 */
    OGI_VAL_SIGNED, /* integer, may be negative (v2019 本年增/减) */
    OGI_VAL_MONEY,  /* decimal >= 0 in 万元, stored as millionths of 万元 */
} ogi_value_kind;

/* The report's tables.  Section 二 has one table per Article 20 item and
 * format; sections 三 and 四 are one table each, shared by both formats. */
typedef enum {
    OGI_T_ART20_1_V2021,
    OGI_T_ART20_5_V2021,
    OGI_T_ART20_6_V2021,
    OGI_T_ART20_8_V2021,
    OGI_T_ART20_1_V2019,
    OGI_T_ART20_5_V2019,
    OGI_T_ART20_6_V2019,
    OGI_T_ART20_8_V2019,
    OGI_T_ART20_9_V2019,
    OGI_T_S3,
    OGI_T_S4,
    OGI_TABLE_COUNT
} ogi_table_id;

typedef struct ogi_row_def ogi_row_def;
typedef struct ogi_col_def ogi_col_def;

typedef struct {
    ogi_table_id id;
    const char *key;        /* stable id, e.g. "art20_1_v2021", "s3", "s4" */
    int section;            /* 2, 3 or 4 */
    const char *item;       /* Article 20 item, "（一）" …; NULL for s3/s4 */
    const char *caption;    /* 「第二十条第（一）项」; s3/s4: the section's table name */
    const char *name_en;
    unsigned formats;       /* OGI_FMT_* */
    const char *key_prefix; /* cell key = prefix + row key + sep + col key */
    const char *key_sep;    /* "_" in section 二, "__" in section 三, "" in 四 */
    const char *corner;     /* top-left header: 「信息内容」 in section 二 */
    const ogi_row_def *rows;
    size_t n_rows;
    const ogi_col_def *cols;
    size_t n_cols;
} ogi_table_def;

struct ogi_row_def {
    const char *key;       /* "rules", "new_received", "" (section 四's single row) */
    const char *label;     /* canonical label, full-width punctuation */
    const char *group;     /* outer merged row header, 「三、本年度办理结果」, or NULL */
    const char *subgroup;  /* inner merged row header, 「（三）不予公开」, or NULL */
    unsigned formats;      /* OGI_FMT_*: section 三's （六） rows differ by format */
    bool is_outcome;       /* section 三 outcome rows (OUT21 / OUT19) */
    const char *const *variants; /* other labels seen in the wild, NULL-terminated, or NULL */
};

struct ogi_col_def {
    const char *key;       /* "issued", "natural_person", "review_upheld" … */
    const char *label;     /* canonical column header */
    const char *group;     /* header group: 「法人或其他组织」「行政复议」「行政诉讼」, or NULL */
    const char *subgroup;  /* 「未经复议直接起诉」「复议后起诉」, or NULL */
    ogi_value_kind kind;
    const char *unit;      /* display unit: "件", "项", "万元" */
    bool is_total;         /* a 总计 column */
    const char *const *variants; /* NULL-terminated, or NULL */
};

typedef struct {
    const char *key;       /* spec key, e.g. "s3_new_received__total" */
    const ogi_table_def *table;
    const ogi_row_def *row;
    const ogi_col_def *col;
    size_t r, c;           /* position in the table's rows / cols */
    ogi_value_kind kind;
    unsigned formats;      /* table formats ∧ row formats */
    const char *label;     /* 「第二十条第（一）项 规章 本年制发件数」 for messages */
} ogi_cell_def;

/* The six sections (一…六). */
typedef struct {
    int n;                 /* 1..6 */
    const char *key;       /* "s1" … "s6" */
    const char *numeral;   /* "一" … "六" */
    const char *heading;   /* canonical v2021 heading, 「一、总体情况」 */
    const char *const *keywords; /* for heading matching without numeral */
} ogi_section_def;

/* Report metadata fields. */
typedef struct {
    const char *json_key;  /* key in ogi's JSON: "agency", "year" … */
    const char *spec_key;  /* key in the spec §8: "agency_name", "report_year" … */
    const char *label_zh;
} ogi_meta_def;

size_t ogi_table_count(void);
const ogi_table_def *ogi_table_at(size_t i);
const ogi_table_def *ogi_table_by_key(const char *key);

size_t ogi_cell_count(void);
const ogi_cell_def *ogi_cell_at(size_t i);
/* Index of a cell key, or -1. */
int ogi_cell_index(const char *key);
/* Index of the cell at (table, row_in_table, col_in_table), or -1. */
int ogi_cell_in_table(ogi_table_id t, size_t r, size_t c);

size_t ogi_section_count(void);
const ogi_section_def *ogi_section_at(size_t i);

size_t ogi_meta_count(void);
const ogi_meta_def *ogi_meta_at(size_t i);

/* Expected format for a report year: v2019 for 2019–2020, v2021 from 2021.
 * Years before 2019 are not covered by either format (returns UNKNOWN). */
ogi_format_version ogi_format_for_year(int year);
const char *ogi_format_name(ogi_format_version v);       /* "v2021" … */
ogi_format_version ogi_format_parse(const char *s);      /* accepts "v2021", "2021", "mixed" … */
unsigned ogi_format_mask(ogi_format_version v);          /* OGI_FMT_* bits */

#endif
