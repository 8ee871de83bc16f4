/*
 * test_format.c — the format definition (src/report/format.c) says what the
 * spec says.  The spec, shared/spec/annual-report-format.md, is read as it
 * is: every backticked cell key in its tables must be a key of the
 * definition and vice versa, and the §2.2 / §5.2 / §3.1 / §4 / Appendix A
 * tables' captions, row and column labels, types, positions and format
 * availability must match the definition's tables, rows and columns.
 * Nothing here repeats a key or label: both sides come from those two
 * sources.
 */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/buf.h"
#include "ogi/format.h"

/* ---- reading the spec's markdown tables ---- */

#define MAX_COLS 8

typedef struct {
    char *cells[MAX_COLS]; /* trimmed, pointing into a line copy */
    size_t n;
} md_row;

typedef enum {
    PART_NONE,
    PART_S2_V2021, /* ### 2.2 */
    PART_S2_V2019, /* ### 5.2 */
    PART_S3_LAYOUT, /* ### 3.1: columns table, then rows table */
    PART_S4,       /* ## 4. */
    PART_APPENDIX_A,
} spec_part;

static char *spec_text;
static size_t mismatches;

static void mismatch(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_error("spec vs definition: %s\n", msg);
    mismatches++;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* Strip markdown emphasis and code marks around one value: **no**, `key`. */
static char *plain(char *s)
{
    s = trim(s);
    size_t n = strlen(s);
    while (n >= 2 && ((s[0] == '*' && s[n - 1] == '*') || (s[0] == '`' && s[n - 1] == '`'))) {
        s[n - 1] = '\0';
        s++;
        n -= 2;
    }
    return s;
}

/* Splits "| a | b |" in place; false for non-table and separator lines. */
static bool split_row(char *line, md_row *row)
{
    row->n = 0;
    if (line[0] != '|' || strncmp(line, "|---", 4) == 0)
        return false;
    char *p = line + 1;
    while (*p && row->n < MAX_COLS) {
        char *bar = strchr(p, '|');
        if (!bar)
            break;
        *bar = '\0';
        row->cells[row->n++] = trim(p);
        p = bar + 1;
    }
    return row->n > 0;
}

static spec_part part_of_heading(const char *line, spec_part current)
{
    if (line[0] != '#')
        return current;
    if (!strncmp(line, "### 2.2", 7))
        return PART_S2_V2021;
    if (!strncmp(line, "### 5.2", 7))
        return PART_S2_V2019;
    if (!strncmp(line, "### 3.1", 7))
        return PART_S3_LAYOUT;
    if (!strncmp(line, "## 4.", 5))
        return PART_S4;
    if (!strncmp(line, "## Appendix A", 13))
        return PART_APPENDIX_A;
    return PART_NONE;
}

/* ---- comparisons ---- */

static const ogi_cell_def *def_of(const char *key)
{
    int i = ogi_cell_index(key);
    if (i < 0) {
        mismatch("key %s of the spec is not in the definition", key);
        return NULL;
    }
    return ogi_cell_at((size_t)i);
}

static void same_text(const char *what, const char *key, const char *spec, const char *def)
{
    if (!def)
        def = "—";
    if (strcmp(spec, def) != 0)
        mismatch("%s %s: spec 「%s」, definition 「%s」", key, what, spec, def);
}

static ogi_value_kind kind_of_type(const char *type)
{
    if (strstr(type, "signed"))
        return OGI_VAL_SIGNED;
    if (!strncmp(type, "decimal", 7))
        return OGI_VAL_MONEY;
    return OGI_VAL_COUNT;
}

static unsigned formats_of(const char *availability)
{
    if (!strcmp(availability, "both"))
        return OGI_FMT_BOTH;
    if (!strcmp(availability, "v2021"))
        return OGI_FMT_V2021;
    if (!strcmp(availability, "v2019"))
        return OGI_FMT_V2019;
    return 0;
}

/* §2.2 / §5.2: | key | caption | row label | column label | type | */
static size_t check_s2_row(md_row *row, unsigned formats)
{
    if (row->n < 5 || !strcmp(row->cells[0], "key"))
        return 0;
    const char *key = plain(row->cells[0]);
    const ogi_cell_def *d = def_of(key);
    if (!d)
        return 0;
    same_text("caption", key, row->cells[1], d->table->caption);
    same_text("row label", key, row->cells[2], d->row->label);
    same_text("column label", key, row->cells[3], d->col->label);
    if (kind_of_type(plain(row->cells[4])) != d->kind)
        mismatch("%s: type 「%s」 is not the definition's kind %d", key, row->cells[4], d->kind);
    if (d->formats != formats)
        mismatch("%s: formats %u, spec section says %u", key, d->formats, formats);
    return 1;
}

/* §4: | pos | key | group | sub-group | label | */
static size_t check_s4_row(md_row *row)
{
    if (row->n < 5 || !strcmp(row->cells[0], "pos"))
        return 0;
    const char *key = plain(row->cells[1]);
    const ogi_cell_def *d = def_of(key);
    if (!d)
        return 0;
    if (d->table->id != OGI_T_S4 || d->c + 1 != (size_t)atoi(row->cells[0]))
        mismatch("%s: spec position %s, definition column %zu", key, row->cells[0], d->c + 1);
    same_text("group", key, row->cells[2], d->col->group);
    same_text("sub-group", key, row->cells[3], d->col->subgroup);
    same_text("label", key, row->cells[4], d->col->label);
    if (d->kind != OGI_VAL_COUNT)
        mismatch("%s: section 四 cells are counts", key);
    return 1;
}

/* §3.1 columns: | col key | label | group |, in column order. */
static size_t check_s3_col(md_row *row, size_t pos)
{
    const ogi_table_def *t = ogi_table_by_key("s3");
    const char *key = plain(row->cells[0]);
    if (pos >= t->n_cols || strcmp(t->cols[pos].key, key) != 0) {
        mismatch("section 三 column %zu: spec %s, definition %s", pos + 1, key,
                 pos < t->n_cols ? t->cols[pos].key : "(none)");
        return 1;
    }
    same_text("label", key, row->cells[1], t->cols[pos].label);
    same_text("group", key, row->cells[2], t->cols[pos].group);
    return 1;
}

/* §3.1 rows: | # | row key | group / item (note) | v2021 | v2019 |, in order. */
static size_t check_s3_row(md_row *row, size_t pos)
{
    const ogi_table_def *t = ogi_table_by_key("s3");
    const char *key = plain(row->cells[1]);
    if (pos >= t->n_rows || strcmp(t->rows[pos].key, key) != 0) {
        mismatch("section 三 row %zu: spec %s, definition %s", pos + 1, key,
                 pos < t->n_rows ? t->rows[pos].key : "(none)");
        return 1;
    }
    const ogi_row_def *d = &t->rows[pos];
    char *label = row->cells[2], *sub = NULL;
    char *note = strstr(label, " ("); /* an English note after the label */
    if (note)
        *note = '\0';
    char *slash = strstr(label, " / ");
    if (slash) {
        *slash = '\0';
        sub = label;
        label = slash + 3;
    }
    same_text("row label", key, label, d->label);
    same_text("row subgroup", key, sub ? sub : "—", d->subgroup);
    unsigned f = (!strcmp(plain(row->cells[3]), "yes") ? OGI_FMT_V2021 : 0) |
                 (!strcmp(plain(row->cells[4]), "yes") ? OGI_FMT_V2019 : 0);
    if (f != d->formats)
        mismatch("row %s: spec formats %u, definition %u", key, f, d->formats);
    return 1;
}

/* Appendix A: | row key | format | `key` `key` … | — availability and order. */
static size_t check_appendix_row(md_row *row)
{
    if (row->n < 3 || !strcmp(row->cells[0], "row key"))
        return 0;
    const char *row_key = plain(row->cells[0]);
    unsigned f = formats_of(plain(row->cells[1]));
    size_t pos = 0;
    for (char *p = strchr(row->cells[2], '`'); p; p = strchr(p, '`')) {
        char *end = strchr(p + 1, '`');
        if (!end)
            break;
        *end = '\0';
        const ogi_cell_def *d = def_of(p + 1);
        if (d && (d->formats != f || strcmp(d->row->key, row_key) != 0 || d->c != pos))
            mismatch("%s: Appendix A says row %s, format %u, column %zu; definition row %s, "
                     "format %u, column %zu", p + 1, row_key, f, pos + 1, d->row->key,
                     d->formats, d->c + 1);
        pos++;
        p = end + 1;
    }
    if (pos != ogi_table_by_key("s3")->n_cols)
        mismatch("Appendix A row %s lists %zu keys", row_key, pos);
    return 1;
}

/* ---- fixtures ---- */

static int load_spec(void **state)
{
    (void)state;
    const char *shared = getenv("OGI_SHARED");
    if (!shared) {
        print_error("OGI_SHARED is not set\n");
        return -1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/spec/annual-report-format.md", shared);
    spec_text = ogi_read_file(path, 0, NULL);
    if (!spec_text)
        print_error("%s: cannot read\n", path);
    return spec_text ? 0 : -1;
}

static int free_spec(void **state)
{
    (void)state;
    free(spec_text);
    return 0;
}

/* Calls fn on every table row of the spec, with the part it is in. */
typedef void (*row_fn)(spec_part part, md_row *row, void *ctx);

static void each_table_row(row_fn fn, void *ctx)
{
    char *copy = ogi_strdup(spec_text), *save = NULL;
    spec_part part = PART_NONE;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        part = part_of_heading(line, part);
        md_row row;
        if (split_row(line, &row))
            fn(part, &row, ctx);
    }
    free(copy);
}

/* ---- every key ---- */

typedef struct {
    regex_t re;
    bool *in_spec; /* indexed like ogi_cell_at */
    size_t n_keys;
} key_scan;

static void collect_keys(spec_part part, md_row *row, void *ctx)
{
    (void)part;
    key_scan *ks = ctx;
    for (size_t c = 0; c < row->n; c++) {
        char *cellcopy = ogi_strdup(row->cells[c]);
        for (char *p = strchr(cellcopy, '`'); p; p = strchr(p, '`')) {
            char *end = strchr(p + 1, '`');
            if (!end)
                break;
            *end = '\0';
            if (regexec(&ks->re, p + 1, 0, NULL, 0) == 0) {
                int i = ogi_cell_index(p + 1);
                if (i < 0)
                    mismatch("spec key %s is not in the definition", p + 1);
                else if (!ks->in_spec[i] && (ks->in_spec[i] = true))
                    ks->n_keys++;
            }
            p = end + 1;
        }
        free(cellcopy);
    }
}

static void every_spec_key_is_defined_and_back(void **state)
{
    (void)state;
    key_scan ks = {.in_spec = calloc(ogi_cell_count(), sizeof(bool))};
    assert_int_equal(regcomp(&ks.re,
                             "^(s2_[a-z0-9_]+|s2v19_[a-z0-9_]+|s3_[a-z0-9_]+__[a-z0-9_]+|"
                             "s4_[a-z0-9_]+)$",
                             REG_EXTENDED | REG_NOSUB),
                     0);
    mismatches = 0;
    each_table_row(collect_keys, &ks);
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (!ks.in_spec[i])
            mismatch("definition key %s is not in the spec", ogi_cell_at(i)->key);
    print_message("spec keys: %zu, definition cells: %zu\n", ks.n_keys, ogi_cell_count());
    regfree(&ks.re);
    free(ks.in_spec);
    assert_int_equal(ks.n_keys, ogi_cell_count());
    assert_int_equal(mismatches, 0);
}

/* ---- the tables ---- */

typedef struct {
    size_t s2_v2021, s2_v2019, s4, s3_cols, s3_rows, appendix;
} table_counts;

static void check_table_row(spec_part part, md_row *row, void *ctx)
{
    table_counts *n = ctx;
    switch (part) {
    case PART_S2_V2021: n->s2_v2021 += check_s2_row(row, OGI_FMT_V2021); break;
    case PART_S2_V2019: n->s2_v2019 += check_s2_row(row, OGI_FMT_V2019); break;
    case PART_S4: n->s4 += check_s4_row(row); break;
    case PART_APPENDIX_A: n->appendix += check_appendix_row(row); break;
    case PART_S3_LAYOUT:
        if (row->n == 3 && strcmp(row->cells[0], "col key") != 0)
            n->s3_cols += check_s3_col(row, n->s3_cols);
        else if (row->n == 5 && strcmp(row->cells[0], "#") != 0 &&
                 strcmp(row->cells[1], "(group)") != 0)
            n->s3_rows += check_s3_row(row, n->s3_rows);
        break;
    default: break;
    }
}

static size_t defined_cells(int section, unsigned formats)
{
    size_t n = 0;
    for (size_t i = 0; i < ogi_cell_count(); i++)
        if (ogi_cell_at(i)->table->section == section && ogi_cell_at(i)->formats == formats)
            n++;
    return n;
}

static void spec_tables_match_definition(void **state)
{
    (void)state;
    table_counts n = {0};
    mismatches = 0;
    each_table_row(check_table_row, &n);
    const ogi_table_def *s3 = ogi_table_by_key("s3"), *s4 = ogi_table_by_key("s4");
    assert_int_equal(n.s2_v2021, defined_cells(2, OGI_FMT_V2021));
    assert_int_equal(n.s2_v2019, defined_cells(2, OGI_FMT_V2019));
    assert_int_equal(n.s4, s4->n_cols * s4->n_rows);
    assert_int_equal(n.s3_cols, s3->n_cols);
    assert_int_equal(n.s3_rows, s3->n_rows);
    assert_int_equal(n.appendix, s3->n_rows);
    assert_int_equal(mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_spec_key_is_defined_and_back),
        cmocka_unit_test(spec_tables_match_definition),
    };
    return cmocka_run_group_tests(tests, load_spec, free_spec);
}
