/*
 * truth_cells.c — see truth_cells.h: one definition of "the imported cell
 * equals the truth" for every test that scores the importer on files.
 */
#include "truth_cells.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ogi/format.h"
#include "ogi/text.h"

bool truth_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

bool truth_is_raw_file(const char *name)
{
    return name[0] != '.' && strchr(name, '.') != NULL && !truth_ends_with(name, ".truth.json") &&
           !truth_ends_with(name, ".source") && !truth_ends_with(name, ".md");
}

/* "25.10" and 25.1 are the same number: drop trailing decimal zeros. */
static void canon(char *s)
{
    if (!strchr(s, '.'))
        return;
    size_t n = strlen(s);
    while (n && s[n - 1] == '0')
        s[--n] = '\0';
    if (n && s[n - 1] == '.')
        s[--n] = '\0';
}

void truth_expected_text(const json_t *v, char *buf, size_t len)
{
    if (json_is_integer(v))
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        ogi_double_shortest(json_real_value(v), buf, len);
    else
        snprintf(buf, len, "null");
    canon(buf);
}

void truth_got_text(const ogi_report *r, int idx, char *buf, size_t len)
{
    const ogi_cell *c = r && idx >= 0 ? &r->cells[idx] : NULL;
    if (!c || c->state == OGI_CELL_ABSENT) {
        snprintf(buf, len, "absent");
    } else if (c->state == OGI_CELL_BLANK) {
        snprintf(buf, len, "null");
    } else if (c->state == OGI_CELL_VALUE && c->unit && !strcmp(c->unit, "元") &&
               ogi_cell_at((size_t)idx)->kind == OGI_VAL_MONEY) {
        /* truth files give money as written, with its unit noted apart
         * (「251000元」 → 251000): compare the number written in the cell */
        int64_t yuan_millionths;
        int dec;
        bool too_precise;
        char digits[64];
        snprintf(digits, sizeof digits, "%.*s", (int)(strlen(c->raw) - strlen("元")), c->raw);
        if (ogi_decimal_parse(digits, &yuan_millionths, &dec, &too_precise))
            ogi_decimal_format(yuan_millionths, dec, buf);
        else
            snprintf(buf, len, "unreadable(%s)", c->raw);
        canon(buf);
    } else if (c->state == OGI_CELL_VALUE) {
        char v[OGI_VALUE_BUF];
        snprintf(buf, len, "%s", ogi_cell_value_text(ogi_cell_at((size_t)idx), c, v));
        canon(buf);
    } else {
        snprintf(buf, len, "%s(%s)", ogi_cell_state_name(c->state), c->raw ? c->raw : "");
    }
}
