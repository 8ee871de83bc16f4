/*
 * test_import_period.c — the statistical period the mapper reads
 * (map_meta.c) is the leftmost-longest match of the POSIX pattern below,
 * exactly as glibc's regexec finds it.
 *
 * The mapper matches that pattern by hand (regexec spent ~40,000
 * instructions a call on it); this test is the pattern's contract: lines
 * built at random from the pieces a period is made of — years, 「年」
 * 「月」「日」, digits, blanks, every separator, text in between and
 * around — go through the importer, and each period must equal what
 * regexec makes of the line (or be absent when it finds no match).
 */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/report.h"
#include "ogi/text.h"

static const char period_re[] =
    "((19|20)[0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?日.{0,24}(至|到|~|—|-) ?"
    "((19|20)[0-9]{2} ?年)? ?([0-9]{1,2}) ?月";
static const char day_re[] = "^ ?([0-9]{1,2}) ?日";

static uint64_t rng = 20261207;

static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *pick(const char *const *v, size_t n) { return v[next((unsigned)n)]; }
#define PICK(v) pick(v, sizeof v / sizeof *v)

/* A line that may or may not hold a period, and may hold several. */
static void random_line(ogi_buf *b)
{
    static const char *const lead[] = {"", "", "本报告统计期限为", "根据2023年的情况，",
                                        "12023年", "2022年度报告 ", "期间"};
    static const char *const years[] = {"2019", "2020", "2023", "2024", "1999", "2030", "2100"};
    static const char *const blank[] = {"", "", "", " "};
    static const char *const filler[] = {"至", "到", "~", "—", "-", "1", "2", "0", "9", " ",
                                          "年", "月", "日", "，", "a", "12", "20", "本", "2023年",
                                          "12月", "31日"};
    static const char *const tail[] = {"", "。", "，其余", "至2024年3月", "31日", " 31 日"};
    ogi_buf_puts(b, PICK(lead));
    if (next(6) == 0) { /* the standard form, spaced at random */
        const char *y = PICK(years);
        ogi_buf_printf(b, "%s%s年%s1%s月%s1%s日%s%s%s年%s12%s月%s31%s日", y, PICK(blank),
                       PICK(blank), PICK(blank), PICK(blank), PICK(blank), pick(filler, 5),
                       PICK(blank), next(4) ? y : PICK(years), PICK(blank), PICK(blank),
                       PICK(blank), PICK(blank));
    }
    int parts = 1 + (int)next(3);
    for (int p = 0; p < parts; p++) {
        if (next(4)) { /* a first date */
            ogi_buf_printf(b, "%s%s年%s%u%s月%s%u%s日", PICK(years), PICK(blank), PICK(blank),
                           1 + next(12), PICK(blank), PICK(blank), next(3) ? 1 + next(31) : 1,
                           PICK(blank));
        }
        for (unsigned k = next(next(2) ? 4 : 30); k > 0; k--)
            ogi_buf_puts(b, PICK(filler));
        if (next(3)) { /* a second month, maybe with its year */
            ogi_buf_puts(b, pick(filler, 5));
            ogi_buf_puts(b, PICK(blank));
            if (next(2))
                ogi_buf_printf(b, "%s%s年", PICK(years), PICK(blank));
            ogi_buf_printf(b, "%s%u%s月", PICK(blank), next(3) ? 12 : 1 + next(123), PICK(blank));
        }
    }
    ogi_buf_puts(b, PICK(tail));
}

/* What the mapper must make of the line (which it reads in NFKC, as
 * every cell): regexec's match, written as map_meta writes a period. */
static char *expected_period(const regex_t *re, const regex_t *day, const char *line)
{
    regmatch_t m[9], d[2];
    if (regexec(re, line, 9, m, 0) != 0)
        return NULL;
    const char *rest = line + m[0].rm_eo;
    int y = atoi(line + m[1].rm_so), mo1 = atoi(line + m[3].rm_so);
    int d1 = atoi(line + m[4].rm_so), mo2 = atoi(line + m[8].rm_so);
    int d2 = regexec(day, rest, 2, d, 0) == 0 ? atoi(rest + d[1].rm_so) : 0;
    int y2 = m[6].rm_so >= 0 ? atoi(line + m[6].rm_so) : y;
    if (mo1 == 1 && d1 == 1 && mo2 == 12 && d2 == 31 && y2 == y) {
        char buf[32];
        snprintf(buf, sizeof buf, "%04d-01-01/%04d-12-31", y % 10000, y % 10000);
        return ogi_strdup(buf);
    }
    size_t end = (size_t)(rest - line) + (size_t)(d2 ? d[0].rm_eo : 0);
    return ogi_strndup(line + m[0].rm_so, end - (size_t)m[0].rm_so);
}

static char *imported_period(const char *line)
{
    ogi_doc doc;
    ogi_doc_init(&doc, "period.txt");
    static const char title[] = "某局2023年政府信息公开工作年度报告";
    ogi_doc_add_cell(&doc, ogi_doc_add_row(&doc, false, 1), title, strlen(title), 1, -1, -1, -1,
                     false);
    ogi_doc_add_cell(&doc, ogi_doc_add_row(&doc, false, 2), line, strlen(line), 2, -1, -1, -1,
                     false);
    ogi_report *r = ogi_map_doc(&doc);
    char *period = r->period ? ogi_strdup(r->period) : NULL;
    ogi_report_free(r);
    ogi_doc_free(&doc);
    return period;
}

static void test_periods_equal_the_posix_pattern(void **state)
{
    (void)state;
    regex_t re, day;
    assert_int_equal(regcomp(&re, period_re, REG_EXTENDED), 0);
    assert_int_equal(regcomp(&day, day_re, REG_EXTENDED), 0);
    size_t found = 0, normalised = 0;
    for (int i = 0; i < 4000; i++) {
        ogi_buf b;
        ogi_buf_init(&b);
        random_line(&b);
        char *nfkc = ogi_nfkc(b.data);
        char *want = expected_period(&re, &day, nfkc), *got = imported_period(b.data);
        free(nfkc);
        if ((want == NULL) != (got == NULL) || (want && strcmp(want, got) != 0))
            fail_msg("「%s」: regexec gives %s, the importer %s", b.data, want ? want : "none",
                     got ? got : "none");
        found += want != NULL;
        normalised += want && strstr(want, "-01-01/") != NULL;
        free(want);
        free(got);
        ogi_buf_free(&b);
    }
    /* the lines must exercise both outcomes and both forms of a period */
    print_message("%zu of 4000 lines hold a period, %zu in the standard form\n", found, normalised);
    assert_true(found > 1000 && found < 3900);
    assert_true(normalised > 200);
    regfree(&re);
    regfree(&day);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_periods_equal_the_posix_pattern)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
