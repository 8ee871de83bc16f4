/*
 * map_numbers.c — splitting digit strings whose cell boundaries were lost.
 *
 * Some scraped pages run a table row's cells together: 「801000081」 is
 * 80|1|0|0|0|0|81.  The only honest way back is arithmetic: enumerate every
 * way to cut the digits into the row's number of cells (numbers are written
 * without leading zeros) and keep the cuts that satisfy the table's own
 * identities (R3.1: the row total is the sum of the six applicant columns;
 * section 四: each 总计 is the sum of its four).  One surviving cut is the
 * answer; several mean the cells are ambiguous and the caller says so.
 *
 * A sign in the run (「行政事业性收费35-15」) can only start the value of
 * a signed column (v2019 本年增/减: 35|-15), and a 「-」 can also be the
 * dash a report writes for a blank cell (35|-|15 in a three-column row):
 * both readings are counted, so a dash never silently becomes a sign.
 */
#include <string.h>

#include "map_internal.h"

#define MAX_VALUES 32
#define STEP_BUDGET 2000000L

typedef struct {
    const char *const *pieces;
    const bool *splittable;
    const bool *signed_col;
    size_t npieces, n;
    map_check_fn check;
    void *ctx;
    int64_t vals[MAX_VALUES];
    int64_t *out;
    size_t cap, found;
    long steps;
} split_state;

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_sign(char c) { return c == '-' || c == '+'; }

bool map_digit_run(const char *s)
{
    bool digit = false;
    for (; s && *s; s++) {
        if (!is_digit(*s) && !is_sign(*s))
            return false;
        digit |= is_digit(*s);
    }
    return digit;
}

static size_t digits_left(const split_state *s, size_t p, size_t o)
{
    size_t k = strlen(s->pieces[p]) - o;
    for (size_t q = p + 1; q < s->npieces; q++)
        k += strlen(s->pieces[q]);
    return k;
}

static void record(split_state *s)
{
    if (s->found < s->cap)
        memcpy(s->out + s->found * s->n, s->vals, s->n * sizeof *s->vals);
    s->found++;
}

static void walk(split_state *s, size_t p, size_t o, size_t m);

/* Value m is v, written in piece p from o for l characters: check, go on. */
static void take(split_state *s, size_t p, size_t o, size_t m, size_t l, int64_t v)
{
    s->vals[m] = v;
    if (s->check && !s->check(s->vals, m + 1, s->ctx))
        return;
    if (o + l == strlen(s->pieces[p]))
        walk(s, p + 1, 0, m + 1);
    else
        walk(s, p, o + l, m + 1);
}

/* Value m starting at piece[o]: a dash for a blank, or a sign and digits. */
static void walk_sign(split_state *s, size_t p, size_t o, size_t m)
{
    const char *piece = s->pieces[p];
    size_t len = strlen(piece), run = 0;
    if (piece[o] == '-' && (s->splittable[p] || len == 1))
        take(s, p, o, m, 1, MAP_BLANK_VALUE);
    if (!s->signed_col || !s->signed_col[m])
        return;
    while (o + 1 + run < len && is_digit(piece[o + 1 + run]))
        run++;
    if (run == 0)
        return; /* a sign without digits is no number */
    size_t min_len = s->splittable[p] ? 1 : run;
    size_t max_len = piece[o + 1] == '0' ? 1 : run;
    if (!s->splittable[p] && o + 1 + run < len)
        return; /* a cell holds one number */
    for (size_t l = min_len; l <= max_len && l <= 17; l++) {
        int64_t v = 0;
        for (size_t k = 0; k < l; k++)
            v = v * 10 + (piece[o + 1 + k] - '0');
        take(s, p, o, m, l + 1, piece[o] == '-' ? -v : v);
    }
}

static void walk(split_state *s, size_t p, size_t o, size_t m)
{
    if (s->found > s->cap || ++s->steps > STEP_BUDGET)
        return;
    if (p == s->npieces) {
        if (m == s->n)
            record(s);
        return;
    }
    if (m == s->n || digits_left(s, p, o) < s->n - m || s->npieces - p > s->n - m)
        return;
    const char *piece = s->pieces[p];
    if (is_sign(piece[o])) {
        walk_sign(s, p, o, m);
        return;
    }
    size_t len = strlen(piece), run = 0;
    while (o + run < len && is_digit(piece[o + run]))
        run++; /* a number ends where a sign starts the next */
    if (!s->splittable[p] && run != len - o)
        return;
    size_t min_len = s->splittable[p] ? 1 : run;
    size_t max_len = piece[o] == '0' && s->splittable[p] ? 1 : run;
    for (size_t l = min_len; l <= max_len && l <= 18; l++) {
        if (!s->splittable[p] && piece[o] == '0' && l > 1)
            break;
        int64_t v = 0;
        for (size_t k = 0; k < l; k++)
            v = v * 10 + (piece[o + k] - '0');
        take(s, p, o, m, l, v);
    }
}

size_t map_split_digits(const char *const *pieces, const bool *splittable, size_t npieces,
                        size_t n, const bool *signed_col, map_check_fn check, void *ctx,
                        int64_t *out, size_t cap)
{
    if (n == 0 || n > MAX_VALUES || npieces == 0)
        return 0;
    for (size_t p = 0; p < npieces; p++)
        if (!pieces[p][0] || strspn(pieces[p], "0123456789+-") != strlen(pieces[p]))
            return 0;
    split_state s = {pieces, splittable, signed_col, npieces, n, check, ctx, {0}, out, cap, 0,
                     0};
    walk(&s, 0, 0, 0);
    if (s.steps > STEP_BUDGET)
        return cap + 1; /* too many ways to tell: treat as not unique */
    return s.found;
}

bool map_check_row_total(const int64_t *vals, size_t placed, void *ctx)
{
    size_t n = *(const size_t *)ctx;
    if (vals[placed - 1] == MAP_BLANK_VALUE)
        return false; /* a blank cell confirms no total */
    if (placed != n)
        return true;
    int64_t sum = 0;
    for (size_t i = 0; i + 1 < n; i++)
        sum += vals[i];
    return sum == vals[n - 1];
}

bool map_check_groups_of_five(const int64_t *vals, size_t placed, void *ctx)
{
    (void)ctx;
    if (vals[placed - 1] == MAP_BLANK_VALUE)
        return false; /* a blank cell confirms no total */
    if (placed % 5 != 0)
        return true;
    const int64_t *g = vals + placed - 5;
    return g[0] + g[1] + g[2] + g[3] == g[4];
}
