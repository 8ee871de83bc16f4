/*
 * fuzz_number.c — libFuzzer target: the text of one cell through every
 * parser of cell and field text (ogi/text.h, ogi/calendar.h, ogi/csv_io.h):
 * numbers of each kind, exact decimals, dates, yearly figures, and the
 * label normalisations the mapper matches with.
 *
 * Beyond "no crash": what parses must print back and parse to the same
 * value (exact numbers are the point of these parsers), so a lossy path
 * aborts and libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/calendar.h"
#include "ogi/csv_io.h"
#include "ogi/format.h"
#include "ogi/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *input)
{
    fprintf(stderr, "%s: input \"%s\"\n", what, input);
    abort();
}

/* Decimal text → millionths → text → millionths gives the same value. */
static void check_decimal(const char *s)
{
    int64_t v, again;
    int dec, dec2;
    bool too_precise = false;
    if (!ogi_decimal_parse(s, &v, &dec, &too_precise))
        return;
    char buf[40];
    ogi_decimal_format(v, dec, buf);
    if (!ogi_decimal_parse(buf, &again, &dec2, NULL))
        fail("ogi_decimal_format wrote text it cannot parse", s);
    if (again != v)
        fail("decimal round trip changed the value", s);
}

static void check_number(const char *s, ogi_value_kind kind)
{
    ogi_number n = ogi_parse_number(s, kind);
    if (n.status != OGI_PARSE_OK && n.status != OGI_PARSE_TOO_PRECISE)
        return;
    if (kind != OGI_VAL_MONEY)
        return;
    if (n.decimals < 0 || n.decimals > 6)
        fail("money decimals out of 0..6", s);
    char buf[40];
    ogi_number back = ogi_parse_number(ogi_decimal_format(n.value, n.decimals, buf), kind);
    if (back.status != OGI_PARSE_OK || back.value != n.value)
        fail("money value does not print back as itself", s);
}

static void check_date(const char *s)
{
    ogi_date d;
    if (!ogi_date_parse(s, &d))
        return;
    char buf[OGI_DATE_TEXT];
    if (strcmp(ogi_date_format(d, buf), s))
        fail("a parsed date formats differently", s);
    (void)ogi_date_weekday(d);
}

static void check_figure(const char *s)
{
    /* the first key of each value kind in section 二, from the format definition */
    bool seen[OGI_VAL_MONEY + 1] = {false};
    int64_t v;
    int dec;
    char err[512];
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        if (d->table->section != 2 || seen[d->kind])
            continue;
        seen[d->kind] = true;
        if (ogi_figure_parse(d->key, s, &v, &dec, err, sizeof err) == 0 && v < 0 &&
            d->kind != OGI_VAL_SIGNED)
            fail("a yearly figure was accepted negative", s);
    }
    (void)ogi_figure_parse(s, "1", &v, &dec, err, sizeof err); /* the key is text too */
}

static void check_labels(const char *s, size_t len)
{
    free(ogi_label_norm(s));
    free(ogi_heading_norm(s));
    (void)ogi_is_blank_text(s);
    (void)ogi_is_placeholder(s);
    if (ogi_utf8_valid(s, len)) {
        free(ogi_nfkc(s));
        (void)ogi_utf8_length(s);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    size_t len = strlen(s); /* cell text is a C string: stop at a NUL */
    check_decimal(s);
    check_number(s, OGI_VAL_COUNT);
    check_number(s, OGI_VAL_SIGNED);
    check_number(s, OGI_VAL_MONEY);
    check_date(s);
    check_figure(s);
    check_labels(s, len);
    free(s);
    return 0;
}
