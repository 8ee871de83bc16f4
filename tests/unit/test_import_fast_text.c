/*
 * test_import_fast_text.c — the importer's fast text checks
 * (src/import/fast_text.c) answer exactly what ogi/text.h answers:
 * NFKC of every BMP code point alone and between neighbours of the fast
 * set (and the NFKC views: identity prefix, conversion into a buffer, the
 * heading length bound), heading normalisation, placeholder, blank and
 * "not numeric" tests
 * on the corpus's cells, and strict UTF-8 validity on edge cases and on
 * random bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "import/fast_text.h"
#include "import/map_internal.h"
#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/text.h"

static void assert_same_string(const char *in, char *fast, char *ref)
{
    if ((fast == NULL) != (ref == NULL) || (fast && strcmp(fast, ref) != 0))
        fail_msg("\"%s\": fast \"%s\", utf8proc \"%s\"", in, fast ? fast : "(null)",
                 ref ? ref : "(null)");
    free(fast);
    free(ref);
}

/* The claim fast_not_numeric makes, checked on utf8proc's NFKC: some code
 * point is none of the digits, signs, separators, blanks and unit
 * characters that map_is_numeric's scan accepts. */
static bool has_non_numeric_nfkc(const char *s)
{
    char *n = ogi_nfkc(s);
    if (!n)
        return true; /* not UTF-8: never numeric */
    bool other = false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)n;
    while (*p && !other) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
        if (k <= 0)
            break;
        char enc[8] = {0};
        memcpy(enc, p, (size_t)k);
        other = cp < 0x80 ? !strchr("0123456789+-,. \t", (int)cp)
                          : !strstr("万元件个项条次", enc);
        p += k;
    }
    free(n);
    return other;
}

/* Code points of ogi_heading_norm(s) other than 「#」 and 「。」. */
static size_t solid_heading_cps(const char *s)
{
    char *n = ogi_heading_norm(s);
    size_t solid = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(n ? n : "");
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
        solid += cp != '#' && cp != 0x3002;
        p += k;
    }
    free(n);
    return solid;
}

/* The claims of the view, prefix, into and heading-length helpers, checked
 * against utf8proc. */
static void check_nfkc_views(const char *s)
{
    size_t len = strlen(s), same = fast_nfkc_identity_prefix(s, len);
    assert_int_equal(fast_nfkc_is_identity(s), same == len);
    char *prefix = ogi_strndup(s, same);
    assert_same_string(prefix, ogi_strdup(prefix), ogi_nfkc(prefix));
    free(prefix);
    char *out = ogi_xmalloc(len + 1);
    if (fast_nfkc_into(s, len, out) != SIZE_MAX)
        assert_same_string(s, ogi_strdup(out), ogi_nfkc(s));
    free(out);
    static const size_t limits[] = {0, 1, 3, 151};
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
        if (fast_heading_longer(s, limits[i]) && solid_heading_cps(s) <= limits[i])
            fail_msg("\"%s\": said longer than %zu, has %zu", s, limits[i], solid_heading_cps(s));
}

static bool has_digit_plain(const char *s)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            return true;
    return false;
}

static void check_all(const char *s)
{
    check_nfkc_views(s);
    assert_int_equal(fast_has_digit(s, strlen(s)), has_digit_plain(s));
    assert_same_string(s, fast_nfkc(s), ogi_nfkc(s));
    assert_same_string(s, fast_heading_norm(s), ogi_heading_norm(s));
    assert_int_equal(fast_is_placeholder(s), ogi_is_placeholder(s));
    assert_int_equal(fast_is_blank_text(s), ogi_is_blank_text(s));
    assert_int_equal(fast_utf8_valid(s, strlen(s)), ogi_utf8_valid(s, strlen(s)));
    if (fast_not_numeric(s) && !has_non_numeric_nfkc(s))
        fail_msg("\"%s\": called not numeric, but its NFKC has only number characters", s);
}

/* Every BMP scalar value alone, and after an ASCII letter and before an
 * ideograph and a fullwidth digit (where composition could join them). */
static void test_every_bmp_code_point(void **state)
{
    (void)state;
    for (uint32_t cp = 1; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char one[8] = {0};
        utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)one);
        char s[64];
        check_all(one);
        snprintf(s, sizeof s, "e%s中１", one);
        check_all(s);
    }
}

/* Tokens that claim their norm is the heading normalisation of their text
 * (which lets map_sections skip normalising them) must be right. */
static size_t check_token_norms(const ogi_doc *doc)
{
    map_nfkc_cells nc;
    map_nfkc_cells_init(&nc, doc);
    map_tokens toks;
    map_tokenize(&nc, map_dict_shared(), &toks);
    size_t claimed = 0;
    for (size_t i = 0; i < toks.n; i++) {
        const map_token *k = &toks.v[i];
        if (!k->norm_is_heading_norm)
            continue;
        claimed++;
        assert_same_string(k->text, ogi_strdup(k->norm), ogi_heading_norm(k->text));
    }
    map_tokens_free(&toks);
    map_nfkc_cells_free(&nc);
    return claimed;
}

/* Every BMP code point in the cell forms around it that matter: alone,
 * between text, in quotes, before a blank and a Markdown marker. */
static void test_token_norms_every_code_point(void **state)
{
    (void)state;
    ogi_doc doc;
    ogi_doc_init(&doc, "every-code-point");
    for (uint32_t cp = 1; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char one[8] = {0};
        utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)one);
        static const char *const forms[] = {"%s", "e%s中１", "“%s”", "%s 测 试", "## %s"};
        ogi_doc_row *row = ogi_doc_add_row(&doc, false, 1);
        for (size_t f = 0; f < sizeof forms / sizeof *forms; f++) {
            char cell[64];
            snprintf(cell, sizeof cell, forms[f], one);
            ogi_doc_add_cell(&doc, row, cell, strlen(cell), 1, -1, -1, -1, false);
        }
    }
    assert_true(check_token_norms(&doc) > 100000);
    ogi_doc_free(&doc);
}

/* Every cell of the corpus's text files. */
static void test_corpus_cells(void **state)
{
    (void)state;
    const char *shared = getenv("OGI_SHARED") ? getenv("OGI_SHARED") : "../shared";
    static const char *const files[] = {
        "corpus/seeds/000_3a8e11d79e1ee84f.txt", "corpus/seeds/002_41ed45ffcc2fcd2e.txt",
        "corpus/seeds/004_eb6ecebd5706d3c5.txt", "corpus/real/019_pingtan_zonghe_shiyanqu_2019.txt",
        "corpus/fetched/101_hongzequ_2023.txt", "corpus/fetched/101_hongzequ_2023.nolayout.txt"};
    size_t cells = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", shared, files[i]);
        size_t len;
        char *data = ogi_read_file(path, 0, &len);
        assert_non_null(data);
        ogi_doc doc;
        ogi_doc_init(&doc, path);
        char err[256];
        assert_int_equal(ogi_read_text(data, len, &doc, err, sizeof err), 0);
        for (size_t r = 0; r < doc.n; r++)
            for (size_t c = 0; c < doc.rows[r].n; c++, cells++)
                check_all(doc.rows[r].cells[c].text);
        check_token_norms(&doc);
        ogi_doc_free(&doc);
        free(data);
    }
    assert_true(cells > 500);
}

/* Placeholders, blanks and numbers in the forms reports write them. */
static void test_cell_forms(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "", " ", "\t", "&nbsp;", " &nbsp; ", "\xe3\x80\x80", "\xc2\xa0", "-", "—", "－", "/",
        "／", "无", "空", "——", "--", "―", "–", " 无 ", "无无", "15098件", "１５０９８", "1,234",
        "1887.214474万元", "0 0 2", "规章", "（一）", "“无”", "a", "&nbsp;-", "-1", "+3",
        "2024年1月15日", "发布日期：2024-01-15", "一、总体情况", "  三、收到和处理政府信息公开申请情况 "};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
        check_all(forms[i]);
    assert_true(fast_is_placeholder("／"));
    assert_true(fast_is_blank_text("&nbsp;"));
    assert_true(fast_not_numeric("规章"));
    assert_false(fast_not_numeric("15098件"));
}

static void assert_validity(const char *bytes, size_t len)
{
    assert_int_equal(fast_utf8_valid(bytes, len), ogi_utf8_valid(bytes, len));
}

/* Strings made of three-byte forms, valid and not (overlong E0 80 80,
 * surrogate ED A0 80, the edges E0 A0 80 and ED 9F BF, a cut sequence, a
 * stray continuation byte) among ideographs and ASCII: the paths that
 * check ideographs two at a time must agree with the plain check. */
static void test_utf8_validity_three_byte_runs(void **state)
{
    (void)state;
    static const char *const pieces[] = {"中", "国", "\xe0\xa0\x80", "\xed\x9f\xbf",
                                         "\xe0\x80\x80", "\xed\xa0\x80", "\xe4\xb8",
                                         "\x80", "a", "\xef\xbf\xbd", "\xe1\x80\x80",
                                         "/", ":", "\xb0", "\xb9", "7"};
    uint32_t x = 12345;
    for (int i = 0; i < 200000; i++) {
        char s[64];
        size_t n = 0;
        for (int k = 0; k < 8; k++) {
            x = x * 1103515245u + 12345u;
            const char *p = pieces[(x >> 16) % (sizeof pieces / sizeof *pieces)];
            size_t len = strlen(p);
            memcpy(s + n, p, len);
            n += len;
        }
        assert_validity(s, n);
        s[n] = '\0';
        assert_int_equal(fast_has_digit(s, n), has_digit_plain(s));
    }
}

static void test_utf8_validity(void **state)
{
    (void)state;
    static const char *const edge[] = {
        "\xc0\x80", "\xc1\xbf", "\xc2\x80", "\xdf\xbf", "\xe0\x9f\xbf", "\xe0\xa0\x80",
        "\xed\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xee\x80\x80", "\xef\xbf\xbf",
        "\xf0\x8f\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xff", "\x80", "\xe4\xb8", "\xe4", "abcdefgh\xe4\xb8\xad", "abcdefg\x80"};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        for (size_t len = 0; len <= strlen(edge[i]); len++)
            assert_validity(edge[i], len);
    assert_validity("a\0b", 3); /* NUL is a valid code point */
    unsigned seed = 12345;
    char buf[24];
    for (int round = 0; round < 200000; round++) {
        size_t len = (size_t)(round % 24);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 16;
            /* mostly UTF-8 lead and continuation bytes, some ASCII */
            buf[i] = (char)(r % 3 == 0 ? (r >> 2) % 0x80 : 0x80 + (r >> 2) % 0x80);
        }
        assert_validity(buf, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_bmp_code_point), cmocka_unit_test(test_corpus_cells),
        cmocka_unit_test(test_cell_forms), cmocka_unit_test(test_utf8_validity),
        cmocka_unit_test(test_utf8_validity_three_byte_runs),
        cmocka_unit_test(test_token_norms_every_code_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
