/*
 * ogi/text.h — text normalisation and exact number parsing.
 *
 * Labels are matched after the spec's normalisation (NFKC, all whitespace
 * removed, quote characters removed: annual-report-format.md §6).  Numbers
 * are parsed into integers or scaled integers, never binary floats.
 */
#ifndef OGI_TEXT_H
#define OGI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ogi/format.h"
#include "ogi/report.h"

/* NFKC only (utf8proc).  Returns a malloc'd string; NULL on invalid UTF-8. */
char *ogi_nfkc(const char *s);
/* The spec's label normalisation: NFKC, remove whitespace (incl. U+00A0,
 * U+3000), remove quotes “ ” " ' 「 」 ‘ ’.  malloc'd; invalid UTF-8 yields
 * a copy with invalid bytes dropped. */
char *ogi_label_norm(const char *s);
/* NFKC then strip whitespace only (R1.2 heading comparison). */
char *ogi_heading_norm(const char *s);
/* True if s is empty or whitespace only (incl. NBSP, U+3000, "&nbsp;"). */
bool ogi_is_blank_text(const char *s);
/* True if s (after trimming) is a placeholder for missing: - — － / ／ 无 空. */
bool ogi_is_placeholder(const char *s);
/* Number of characters (code points) in valid UTF-8 text. */
size_t ogi_utf8_length(const char *s);
/* True when s is valid UTF-8. */
bool ogi_utf8_valid(const char *s, size_t len);

/* Result of parsing one cell's text. */
typedef struct {
    ogi_parse_status status;
    int64_t value;    /* integer, or millionths of 万元 for money */
    int decimals;     /* decimals written (money) */
    char unit[16];    /* unit token found, "" if none */
} ogi_number;

/* Parse a cell's raw text for a value of the given kind (§6 numeric cell
 * parsing): NFKC, strip thousands separators, optional sign only for
 * SIGNED (a leading '+' accepted), trailing unit token 件 个 项 条 次 元 万元;
 * 元 in a money cell is divided by 10 000. */
ogi_number ogi_parse_number(const char *raw, ogi_value_kind kind);

/* Exact decimal text → millionths.  Returns false if not a plain decimal
 * number ("12", "-3.5", "1887.214474").  *decimals receives the number of
 * decimals written; more than 6 rounds toward zero and sets *too_precise. */
bool ogi_decimal_parse(const char *s, int64_t *millionths, int *decimals, bool *too_precise);
/* Millionths → text with exactly `decimals` decimals (0..6). buf ≥ 32. */
char *ogi_decimal_format(int64_t millionths, int decimals, char *buf);

/* Shortest decimal text that round-trips a double (for JSON input, where
 * the parser hands us a double: turn it back into the text that was written). */
void ogi_double_shortest(double d, char *buf, size_t len);

#endif
