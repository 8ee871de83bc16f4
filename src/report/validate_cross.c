/*
 * validate_cross.c — cross-report rules for one agency in consecutive years
 * (prev = year Y−1, cur = year Y): documents in force carried forward
 * (R2.2, v2021), v2019 item counts carried forward (R2.5) and applications
 * carried over (R3.4).  The caller (ogi_validate_pair) has checked that the
 * two reports are the same agency and consecutive years.
 */
#include "report/validate_internal.h"

/* ---- R2.2: in_force[Y] = in_force[Y−1] + issued[Y] − repealed[Y] ---- */

static void r2_2_row(const ogi_report *prev, const ogi_report *cur, const ogi_table_def *td,
                     size_t row, const int *cols, ogi_findings *out)
{
    int issued = val_cell_at(td->id, row, (size_t)cols[0]);
    int repealed = val_cell_at(td->id, row, (size_t)cols[1]);
    int in_force = val_cell_at(td->id, row, (size_t)cols[2]);
    const ogi_report *reps[] = {prev, cur, cur};
    val_term terms[] = {{in_force, 1}, {issued, 1}, {repealed, -1}};
    int64_t actual, expected;
    if (!val_identity_x(cur, in_force, reps, terms, 3, &actual, &expected) || actual == expected)
        return;
    long long a = val_value(prev, in_force), b = val_value(cur, issued),
              c = val_value(cur, repealed);
    const char *label = td->rows[row].label;
    const char *keys[] = {ogi_cell_at((size_t)in_force)->key, ogi_cell_at((size_t)issued)->key,
                          ogi_cell_at((size_t)repealed)->key, NULL};
    val_add(out, "R2.2", OGI_SEV_WARNING, keys, td->key,
            val_fmt("%s: in force %d %lld + issued %lld − repealed %lld = %lld, but %d reports "
                    "%lld.",
                    label, prev->year, a, b, c, (long long)expected, cur->year, (long long)actual),
            val_fmt("%s：上年现行有效%lld+本年制发%lld−本年废止%lld=%lld，与本年现行有效%lld不符。",
                    label, a, b, c, (long long)expected, (long long)actual));
}

static void r2_2_in_force(const ogi_report *prev, const ogi_report *cur, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_ART20_1_V2021);
    int cols[3] = {val_col(td, "issued"), val_col(td, "repealed"), val_col(td, "in_force")};
    if (cols[0] < 0 || cols[1] < 0 || cols[2] < 0)
        return;
    for (size_t row = 0; row < td->n_rows; row++)
        r2_2_row(prev, cur, td, row, cols, out);
}

/* ---- R2.5: prev_items[Y−1] + change[Y−1] = prev_items[Y] (v2019 tables) ---- */

static void r2_5_row(const ogi_report *prev, const ogi_report *cur, const ogi_table_def *td,
                     size_t row, int c_items, int c_change, ogi_findings *out)
{
    int items = val_cell_at(td->id, row, (size_t)c_items);
    int change = val_cell_at(td->id, row, (size_t)c_change);
    const ogi_report *reps[] = {prev, prev};
    val_term terms[] = {{items, 1}, {change, 1}};
    int64_t next_items, sum;
    if (!val_identity_x(cur, items, reps, terms, 2, &next_items, &sum) || next_items == sum)
        return;
    long long a = val_value(prev, items), b = val_value(prev, change);
    const char *label = td->rows[row].label;
    const char *keys[] = {ogi_cell_at((size_t)items)->key, ogi_cell_at((size_t)change)->key, NULL};
    val_add(out, "R2.5", OGI_SEV_WARNING, keys, td->key,
            val_fmt("%s: %d items %lld %+lld ≠ next year's 上一年项目数量 %lld.", label, prev->year,
                    a, b, (long long)next_items),
            val_fmt("%s：%d年项目数%lld加增减%lld与次年“上一年项目数量”%lld不符。", label,
                    prev->year, a, b, (long long)next_items));
}

/* Every v2019 table with both a 上一年项目数量 and a 本年增/减 column:
 * （五）（六）（八）, rows licensing … fee. */
static void r2_5_items(const ogi_report *prev, const ogi_report *cur, ogi_findings *out)
{
    for (size_t t = 0; t < ogi_table_count(); t++) {
        const ogi_table_def *td = ogi_table_at(t);
        int c_items = val_col(td, "prev_items"), c_change = val_col(td, "change");
        if (td->formats != OGI_FMT_V2019 || c_items < 0 || c_change < 0)
            continue;
        for (size_t row = 0; row < td->n_rows; row++)
            r2_5_row(prev, cur, td, row, c_items, c_change, out);
    }
}

/* ---- R3.4: carried_over[Y] = carry_forward[Y−1], per column ---- */

static void r3_4_carry(const ogi_report *prev, const ogi_report *cur, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    int r_over = val_row(td, "carried_over"), r_fwd = val_row(td, "carry_forward");
    if (r_over < 0 || r_fwd < 0)
        return;
    for (size_t c = 0; c < td->n_cols; c++) {
        int over = val_cell_at(td->id, (size_t)r_over, c);
        int fwd = val_cell_at(td->id, (size_t)r_fwd, c);
        const ogi_report *reps[] = {prev};
        val_term terms[] = {{fwd, 1}};
        int64_t a, b;
        if (!val_identity_x(cur, over, reps, terms, 1, &a, &b) || a == b)
            continue;
        const char *label = td->cols[c].label;
        const char *keys[] = {ogi_cell_at((size_t)over)->key, ogi_cell_at((size_t)fwd)->key, NULL};
        val_add(out, "R3.4", OGI_SEV_ERROR, keys, td->key,
                val_fmt("Column \"%s\": %d 上年结转 is %lld, but the %d report carried forward "
                        "%lld.",
                        label, cur->year, (long long)a, prev->year, (long long)b),
                val_fmt("“%s”列：%d年上年结转%lld与%d年结转下年度%lld不一致。", label, cur->year,
                        (long long)a, prev->year, (long long)b));
    }
}

void val_cross(const ogi_report *prev, const ogi_report *cur, ogi_findings *out)
{
    r2_2_in_force(prev, cur, out);
    r2_5_items(prev, cur, out);
    r3_4_carry(prev, cur, out);
}
