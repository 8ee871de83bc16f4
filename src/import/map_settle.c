/*
 * map_settle.c — section 三 rows whose cells ran together ("801000081"):
 * the cuts that satisfy the row total (map_numbers.c) and, when a row has
 * several, the column identities of the whole table decide jointly.  What
 * stays undecided is ambiguous (R0.7), never guessed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

static map_check_fn check_for(ogi_table_id t)
{
    if (t == OGI_T_S3)
        return map_check_row_total;
    if (t == OGI_T_S4)
        return map_check_groups_of_five;
    return NULL;
}

static void add_pending(map_ctx *m, ogi_table_id t, size_t row, int64_t *cand, size_t ncand,
                        size_t n, const char *raw, size_t tok)
{
    m->pending = ogi_xrealloc(m->pending, (m->npending + 1) * sizeof *m->pending);
    pending_row *pr = &m->pending[m->npending++];
    memset(pr, 0, sizeof *pr);
    pr->table = t;
    pr->row = row;
    pr->ncand = ncand;
    for (size_t k = 0; k < ncand; k++)
        memcpy(pr->cand[k], cand + k * n, n * sizeof *cand);
    pr->raw = ogi_strdup(raw);
    pr->tok = tok;
}

/* Numbers ran together: recover the cells from the table's arithmetic. */
void map_assign_glued(map_ctx *m, ogi_table_id t, size_t row, const pieces *p, size_t n)
{
    const char *texts[MAP_MAX_PIECES];
    bool split[MAP_MAX_PIECES];
    for (size_t i = 0; i < p->n; i++) {
        texts[i] = p->v[i].text;
        split[i] = p->v[i].glued;
    }
    bool sign[MAP_MAX_COLS] = {false};
    const ogi_table_def *td = ogi_table_at(t);
    for (size_t c = 0; c < n && c < MAP_MAX_COLS; c++)
        sign[c] = td->cols[c].kind == OGI_VAL_SIGNED;
    int64_t *sol = ogi_xmalloc(MAP_MAX_CANDIDATES * n * sizeof *sol);
    size_t ctx_n = n;
    size_t found = map_split_digits(texts, split, p->n, n, sign, check_for(t), &ctx_n, sol,
                                    MAP_MAX_CANDIDATES);
    char *raw = map_join_pieces(p);
    size_t tok = p->v[0].tok;
    if (found == 1)
        map_assign_values(m, t, row, sol, n, tok);
    else if (found > 1 && found <= MAP_MAX_CANDIDATES && t == OGI_T_S3)
        add_pending(m, t, row, sol, found, n, raw, tok);
    else
        map_set_row_ambiguous(m, t, row, raw, tok);
    free(raw);
    free(sol);
}


/* ---- section 三: rows the arithmetic could not settle alone ---- */

static bool value_of(const ogi_report *r, size_t row, size_t c, int64_t *v)
{
    int i = map_cell_index(OGI_T_S3, row, c);
    if (i < 0 || r->cells[i].state != OGI_CELL_VALUE)
        return false;
    *v = r->cells[i].value;
    return true;
}

static int s3_row(const char *key)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    for (size_t k = 0; k < td->n_rows; k++)
        if (strcmp(td->rows[k].key, key) == 0)
            return (int)k;
    return -1;
}

/* A cell's value under one choice of candidates for the pending rows. */
static bool value_under(const map_ctx *m, const size_t *choice, size_t row, size_t c, int64_t *v)
{
    for (size_t k = 0; k < m->npending; k++)
        if (m->pending[k].row == row) {
            *v = m->pending[k].cand[choice[k]][c];
            return true;
        }
    return value_of(m->r, row, c, v);
}

/* Column identities of section 三 (R3.2, R3.3): the outcome rows sum to
 * （七）总计, and 一 + 二 = （七） + 四.  An identity with an unknown cell
 * is not checked.  False when a checked identity fails. */
static bool identities_hold(const map_ctx *m, const size_t *choice)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_S3);
    int total = s3_row("outcome_total"), nr = s3_row("new_received"),
        co = s3_row("carried_over"), cf = s3_row("carry_forward");
    for (size_t c = 0; c < td->n_cols; c++) {
        int64_t sum = 0, v, t, a, b, d;
        bool known = value_under(m, choice, (size_t)total, c, &t);
        for (size_t k = 0; k < td->n_rows && known; k++) {
            if (td->rows[k].is_outcome && map_row_present(m->r, OGI_T_S3, k)) {
                known = value_under(m, choice, k, c, &v);
                sum += v;
            }
        }
        if (known && sum != t)
            return false;
        if (value_under(m, choice, (size_t)nr, c, &a) &&
            value_under(m, choice, (size_t)co, c, &b) &&
            value_under(m, choice, (size_t)total, c, &t) &&
            value_under(m, choice, (size_t)cf, c, &d) && a + b != t + d)
            return false;
    }
    return true;
}

#define MAX_COMBINATIONS 100000L

/* Try every combination of the pending rows' candidates; a row whose
 * candidate is the same in every combination that keeps the identities is
 * settled.  The rest stay ambiguous. */
static void settle_jointly(map_ctx *m)
{
    long combos = 1;
    for (size_t k = 0; k < m->npending && combos <= MAX_COMBINATIONS; k++)
        combos *= (long)m->pending[k].ncand;
    if (combos > MAX_COMBINATIONS)
        return;
    size_t *choice = ogi_xcalloc(m->npending, sizeof *choice);
    long *agreed = ogi_xmalloc(m->npending * sizeof *agreed); /* -1 none yet, -2 conflict */
    for (size_t k = 0; k < m->npending; k++)
        agreed[k] = -1;
    for (long n = 0; n < combos; n++) {
        if (identities_hold(m, choice))
            for (size_t k = 0; k < m->npending; k++)
                agreed[k] = agreed[k] == -1 || agreed[k] == (long)choice[k] ? (long)choice[k] : -2;
        for (size_t k = 0; k < m->npending && ++choice[k] == m->pending[k].ncand; k++)
            choice[k] = 0;
    }
    for (size_t k = 0; k < m->npending; k++)
        if (agreed[k] >= 0) {
            pending_row *pr = &m->pending[k];
            map_assign_values(m, pr->table, pr->row, pr->cand[agreed[k]],
                          ogi_table_at(pr->table)->n_cols, pr->tok);
        }
    free(agreed);
    free(choice);
}

void map_resolve_pending(map_ctx *m)
{
    /* Ambiguous until settled; this also marks the rows present, so the
     * identities know which outcome rows the report has. */
    for (size_t k = 0; k < m->npending; k++)
        map_set_row_ambiguous(m, m->pending[k].table, m->pending[k].row, m->pending[k].raw,
                          m->pending[k].tok);
    if (m->npending)
        settle_jointly(m);
    for (size_t k = 0; k < m->npending; k++)
        free(m->pending[k].raw);
    free(m->pending);
    m->pending = NULL;
    m->npending = 0;
}
