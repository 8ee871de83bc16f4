/*
 * map_internal.h — what the parts of the label mapper share.
 *
 * The mapper works in three steps: map_tokens.c turns the document's cells
 * into a flat token stream (labels of the format definition, numbers,
 * other text), map_sections.c finds the section headings and narrative,
 * map_tables.c walks the tokens and fills the report's cells, with
 * map_numbers.c splitting digit strings whose cell boundaries were lost.
 * map_meta.c reads the metadata.  Every label comes from the one format
 * definition (ogi/format.h); nothing here lists labels of its own.
 */
#ifndef OGI_MAP_INTERNAL_H
#define OGI_MAP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import/arena.h"
#include "ogi/format.h"
#include "ogi/import.h"
#include "ogi/report.h"

/* ---- the label dictionary, built from the format definition ---- */

typedef enum {
    LAB_CAPTION, /* 第二十条第（一）项 …; s3/s4 table names */
    LAB_ROW,     /* a row label or one of its variants */
    LAB_COL,     /* a column label or variant */
    LAB_HEAD,    /* corner, row groups / subgroups, column groups / subgroups */
    LAB_HEADING, /* a canonical section heading (table = section number) */
} map_lab_kind;

typedef struct {
    char *norm;        /* normalised label (map_norm) */
    uint32_t *cps;     /* the same as code points, for scanning */
    size_t ncps;
    map_lab_kind kind;
    int table;         /* ogi_table_id, or the section number for headings */
    int index;         /* row or column index in the table */
    bool variant;      /* a variant, not the canonical label */
} map_label;

#define MAP_BUCKETS 64
#define MAP_PAIR_BUCKETS 1024

/* The entries sharing one normalised text: v[first], then next[] links. */
typedef struct {
    size_t first, last;
} map_chain;

typedef struct {
    map_label *v;
    size_t n;
    /* entries by their first code point modulo MAP_BUCKETS: entries of
     * bucket b are by_first[first[b] .. first[b + 1]) in definition order
     * — for scanning text */
    size_t *by_first;
    size_t first[MAP_BUCKETS + 1];
    /* entries of two or more code points by their first two (hashed into
     * MAP_PAIR_BUCKETS), longest first, equal lengths in definition order:
     * the first entry of a bucket that matches is the longest label at a
     * position; single code point entries in by_single */
    size_t *by_pair, pair_first[MAP_PAIR_BUCKETS + 1];
    size_t *by_single, n_single;
    /* bit c set: some entry starts with code point c (c < 65536; others are
     * looked up) — most positions of running text start no label */
    uint64_t starts[65536 / 64];
    size_t max_norm_len; /* bytes of the longest normalised text */
    uint64_t lens[4];    /* bit l: some normalised text is l bytes long (l < 256) */
    /* entries by normalised text: an open-addressing hash of chains */
    map_chain **slots, *chains;
    size_t n_slots;
    size_t *next;      /* next entry with the same text, SIZE_MAX at the end */
} map_dict;

void map_dict_build(map_dict *d);
void map_dict_free(map_dict *d);
/* The dictionary of the one format definition, built on first use and
 * shared read-only by every thread. */
const map_dict *map_dict_shared(void);
size_t map_bucket_of(uint32_t cp);
/* Longest entry whose code points start text cp[0..n) (first in definition
 * order among equally long ones), or NULL. */
const map_label *map_dict_longest_at(const map_dict *d, const uint32_t *cp, size_t n);
/* False when no entry starts with code point c (most characters of
 * running text): map_dict_longest_at's first test, inline for its callers. */
static inline bool map_dict_may_start(const map_dict *d, uint32_t c)
{
    return c >= 65536 || (d->starts[c / 64] >> (c % 64) & 1);
}
/* First entry with this normalised text and kind (kind < 0: any), or NULL. */
const map_label *map_dict_find(const map_dict *d, const char *norm, int kind);
/* Entry of this kind for the table with this text, or NULL. */
const map_label *map_dict_find_in(const map_dict *d, const char *norm, int kind, int table);
/* Formats (OGI_FMT_*) of the tables that have this text as a column label. */
unsigned map_dict_col_formats(const map_dict *d, const char *norm);
/* True when every entry with this text belongs to the given table. */
bool map_dict_only_table(const map_dict *d, const char *norm, int table);

/* Label normalisation (ogi_label_norm) plus the traditional → simplified
 * fold of label characters.  malloc'd. */
char *map_norm(const char *s);
/* The same as code points, remembering where whitespace stood — the form
 * labels are matched in (map_tokens.c). */
typedef struct {
    uint32_t *cp;
    bool *space_before; /* whitespace stood before this code point */
    size_t n;
    /* Only for cells (map_tokens.c, in its pool; NULL from map_cps): the
     * UTF-8 of the code points without whitespace (bare) and with one
     * blank where whitespace stood (spaced), and where code point i
     * starts in each (n + 1 entries), so that a piece's text is copied,
     * not encoded. */
    char *bare, *spaced;
    uint32_t *bare_at, *spaced_at;
    /* bare is the heading normalisation of spaced (ogi_heading_norm): no
     * quote was dropped, no character folded or changed, and no white
     * space of other kinds (U+1680, U+2028, U+2029) stands in it */
    bool bare_is_heading_norm;
    size_t cap; /* code points the tokenizer's buffers hold */
} map_cp_text;
void map_cps(const char *s, map_cp_text *out);
void map_cps_free(map_cp_text *t);
/* UTF-8 of cps[a..b), with a blank where whitespace stood if keep_space. */
char *map_cps_utf8(const map_cp_text *t, size_t a, size_t b, bool keep_space);
/* The fold for one code point (identity when not a folded character). */
uint32_t map_fold_traditional(uint32_t cp);
/* The fold table, for tests: number of pairs and pair i. */
size_t map_fold_count(void);
void map_fold_pair(size_t i, uint32_t *traditional, uint32_t *simplified);

/* ---- tokens ---- */

typedef enum {
    TK_TEXT,   /* anything else */
    TK_NUMBER, /* one or more numbers (with units), or a placeholder */
    TK_LABEL,  /* a label of the definition (key = its normalised text) */
    TK_EMPTY,  /* an empty cell of a grid row */
    TK_JUNK,   /* page numbers and the like: ignored */
} map_tk_kind;

typedef struct {
    map_tk_kind kind;
    char *text;        /* the cell text (trimmed), or the piece of a split cell */
    char *norm;        /* map_norm(text) */
    const char *key;   /* LABEL: the dictionary text it matched (owned by the dict) */
    bool glued;        /* cut out of a cell where labels and digits ran together */
    bool norm_is_heading_norm; /* norm = ogi_heading_norm(text) (map_cp_text's flag) */
    bool grid;         /* from a grid row */
    bool whole_row;    /* the only cell of its row */
    int heading;       /* section number when this token is a section heading, else 0 */
    int section;       /* section the token lies in (0 before the first heading) */
    bool used;         /* consumed as table data */
    size_t row;        /* doc row index */
    int line, src_table, src_row, src_col;
} map_token;

typedef struct {
    map_token *v;
    size_t n, cap;
    import_arena strings; /* the array and every token's text and norm */
} map_tokens;

/* The document's cells NFKC'd once, for every pass that reads them:
 * text[at[i] + c] is cell c of row i, NULL when it is not valid UTF-8. */
typedef struct {
    const ogi_doc *doc;
    const char **text; /* the cell's own text when it is its NFKC, else in pool */
    size_t *len;       /* strlen of each text (0 where NULL) */
    size_t *at;
    import_arena pool;
} map_nfkc_cells;

void map_nfkc_cells_init(map_nfkc_cells *nc, const ogi_doc *doc);
void map_nfkc_cells_free(map_nfkc_cells *nc);
static inline const char *map_nfkc_cell(const map_nfkc_cells *nc, size_t row, size_t c)
{
    return nc->text[nc->at[row] + c];
}
static inline size_t map_nfkc_len(const map_nfkc_cells *nc, size_t row, size_t c)
{
    return nc->len[nc->at[row] + c];
}

void map_tokenize(const map_nfkc_cells *nc, const map_dict *d, map_tokens *out);
void map_tokens_free(map_tokens *t);
/* True if text (NFKC'd) is numbers separated by blanks, each optionally with
 * a unit; or a placeholder. */
bool map_is_numeric(const char *text);
bool map_has_digit(const char *s);

/* ---- sections and metadata ---- */

/* Section of a heading line by the spec's rule (§1), 0 if not a heading.
 * last = the last section found (headings come in increasing order). */
int map_heading_section(const char *text, int last);
/* The same given text's heading normalisation when it is known (NULL:
 * worked out here). */
int map_heading_section_of(const char *text, const char *heading_norm, int last);
/* A misprinted section heading starting at t->cp[at] inside a cell (the
 * section's numeral and 「、」, then within an edit or two of its standard
 * title): its length in code points and *section, or 0. */
size_t map_heading_near(const map_cp_text *t, size_t at, int *section);
/* The standard heading of section 1…6 normalised like labels. */
const char *map_heading_norm(int section);
void map_sections(map_tokens *t, ogi_report *r);
void map_sections_text(const ogi_doc *doc, const map_tokens *t, ogi_report *r);
void map_meta(const map_nfkc_cells *nc, ogi_report *r);

/* ---- numbers ---- */

/* Called after each number is placed: vals[0..placed-1]; false prunes. */
typedef bool (*map_check_fn)(const int64_t *vals, size_t placed, void *ctx);

/* A value of a split that is a dash written for a blank cell. */
#define MAP_BLANK_VALUE INT64_MIN

/* Split digit-string pieces into exactly n whole numbers: each piece gives
 * one number, or (when splittable) several, and no number but 0 starts
 * with 0.  A sign starts a number only in a column with signed_col[c]
 * (NULL: none); a 「-」 can also stand for a blank (MAP_BLANK_VALUE).
 * Solutions that pass check are written to out (cap of them, n values
 * each).  Returns the number of solutions found (stops counting beyond
 * cap + 1), or 0 when none or when a piece is not a digit-and-sign string. */
size_t map_split_digits(const char *const *pieces, const bool *splittable, size_t npieces,
                        size_t n, const bool *signed_col, map_check_fn check, void *ctx,
                        int64_t *out, size_t cap);
/* Digits and signs only, at least one digit (「35-15」): cells run together. */
bool map_digit_run(const char *s);
/* Ready-made checks: a row whose last value is the sum of the others (R3.1);
 * groups of five whose fifth is the sum of the four (section 四). */
bool map_check_row_total(const int64_t *vals, size_t placed, void *ctx);
bool map_check_groups_of_five(const int64_t *vals, size_t placed, void *ctx);

/* ---- tables ---- */

void map_tables(map_tokens *t, const map_dict *d, ogi_report *r, const char *file);

/* ---- the table walk (map_tables.c, map_blocks.c, map_s4.c, map_settle.c) ---- */

#define MAP_MAX_COLS 16
#define MAP_MAX_PIECES 256
#define MAP_MAX_CANDIDATES 32

typedef struct {
    const char *text;  /* one number as written ("15098件"), or NULL = blank */
    bool glued;
    size_t tok;        /* token it came from (provenance) */
} piece;

typedef struct {
    piece v[MAP_MAX_PIECES];
    size_t n;
    bool eof;          /* collection stopped at the end of the document */
    bool sub_row;      /* stopped at a local sub-row label (「行政检查」) before any number */
    char *owned[MAP_MAX_PIECES]; /* texts cut from multi-number tokens */
    size_t n_owned;
} pieces;

typedef struct {
    ogi_table_id table;
    size_t row;
    int64_t cand[MAP_MAX_CANDIDATES][MAP_MAX_COLS];
    size_t ncand;
    char *raw;
    size_t tok;
} pending_row;

typedef struct {
    map_tokens *t;
    const map_dict *d;
    ogi_report *r;
    const char *file;
    /* section 二 caption group */
    int cand[4];
    size_t ncand;
    int chosen;            /* chosen table, -1 until the first row label */
    size_t group_start;    /* first token after the caption */
    size_t orphans[MAP_MAX_COLS], norphans;
    bool s3_seen, s4_done;
    bool has_heading4;     /* section 四's heading was found: its table is after it */
    bool s3_detached;      /* section 三 numbers stand in grid rows without labels */
    unsigned doc_format;   /* OGI_FMT_* the document's section 二 headers vote for, or 0 */
    pending_row *pending;
    size_t npending;
    size_t s3_orphans[MAP_MAX_PIECES], ns3_orphans; /* numbers since the last 三 row */
} map_ctx;

/* An empty piece list; v[] is left as it is (written before it is read),
 * since clearing 8 KiB per table row showed in profiles. */
void map_pieces_init(pieces *p);
void map_pieces_free(pieces *p);
/* Split a number token ("230 000023") into its blank-separated numbers. */
void map_add_token_pieces(pieces *p, const map_token *k, size_t tok);
int map_cell_index(ogi_table_id t, size_t r, size_t c);
void map_set_source(map_ctx *m, int cell, size_t tok);
bool map_row_present(const ogi_report *r, ogi_table_id t, size_t row);
/* Set a cell from raw text (NULL = blank), with provenance from token tok. */
void map_set_cell_raw(map_ctx *m, ogi_table_id t, size_t row, size_t c, const char *raw,
                      size_t tok);
void map_set_row_ambiguous(map_ctx *m, ogi_table_id t, size_t row, const char *raw, size_t tok);
char *map_join_pieces(const pieces *p);
void map_collect_stream(map_ctx *m, size_t i, ogi_table_id t, size_t want, pieces *p);
bool map_all_digits(const char *s);
bool map_whole_numbers(const pieces *p, size_t from, int64_t *v);
void map_assign_values(map_ctx *m, ogi_table_id t, size_t row, const int64_t *v, size_t n,
                       size_t tok);
void map_assign_row(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, bool grid,
                    size_t label_tok);
int map_row_in_table(const map_dict *d, const char *key, int table);

/* map_blocks.c: rows whose numbers are not next to their labels. */
bool map_label_without_numbers(const map_ctx *m, ogi_table_id t, size_t row);
bool map_fill_block(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, size_t n);
void map_fill_preceding_rows(map_ctx *m, ogi_table_id t, size_t row);
bool map_has_detached_rows(const map_tokens *t, size_t n);

/* map_s4.c: section 四. */
void map_handle_s4(map_ctx *m, size_t i);
bool map_s4_allowed(const map_ctx *m, const map_token *k);
void map_s4_by_heading(map_ctx *m);

/* map_settle.c: digit runs and the rows arithmetic must settle. */
void map_assign_glued(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, size_t n);
void map_resolve_pending(map_ctx *m);

/* map_order.c: section 三 number rows set apart from their labels, placed
 * by document order when the table's identities confirm it. */
void map_place_by_order(map_ctx *m);

#endif
