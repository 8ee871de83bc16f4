/*
 * text.c — the spec's label normalisation and exact number parsing
 * (annual-report-format.md §6, validation-rules.md §0).
 *
 * NFKC comes from utf8proc; everything numeric is integer arithmetic on
 * the digits as written, so 1887.214474 万元 stays exactly that.
 */
#include "ogi/text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ogi/buf.h"

bool ogi_utf8_valid(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return false;
        i += (size_t)n;
    }
    return true;
}

size_t ogi_utf8_length(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80; /* count lead bytes, not continuations */
    return n;
}

/* Copy of s with invalid UTF-8 sequences dropped. */
static char *utf8_sanitize(const char *s)
{
    size_t len = strlen(s);
    char *out = ogi_xmalloc(len + 1);
    size_t o = 0, i = 0;
    while (i < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            i++;
            continue;
        }
        memcpy(out + o, s + i, (size_t)n);
        o += (size_t)n;
        i += (size_t)n;
    }
    out[o] = '\0';
    return out;
}

/* Whether s is only ASCII and CJK unified ideographs U+4E00–U+9FFF (valid
 * UTF-8): each of those is its own NFKC, and none composes with a
 * neighbour, so the NFKC of such a text is the text itself.  Numbers and
 * most labels are; asking utf8proc for them was a tenth of an import. */
static bool nfkc_inert(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p < 0x80) {
            p++;
        } else if (*p >= 0xE4 && *p <= 0xE9 && (p[1] & 0xC0) == 0x80 &&
                   (p[2] & 0xC0) == 0x80 && (*p != 0xE4 || p[1] >= 0xB8)) {
            p += 3; /* E4 B8 80 = U+4E00 … E9 BF BF = U+9FFF */
        } else {
            return false;
        }
    }
    return true;
}

char *ogi_nfkc(const char *s)
{
    if (!s)
        return NULL;
    if (nfkc_inert(s))
        return ogi_strdup(s);
    return (char *)utf8proc_NFKC((const utf8proc_uint8_t *)s);
}

static bool is_space_cp(utf8proc_int32_t cp)
{
    if (cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF || cp == 0x200B)
        return true;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

static bool is_quote_cp(utf8proc_int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
           cp == 0x2019 || cp == 0x300C || cp == 0x300D;
}

/* is_space_cp for an ASCII code point (none of them is Zl or Zp; the
 * only Zs is the blank). */
static bool ascii_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* NFKC, then drop whitespace (and quotes when drop_quotes). */
static char *normalise(const char *s, bool drop_quotes)
{
    if (!s)
        return ogi_strdup("");
    char *n = NULL;
    if (nfkc_inert(s)) { /* valid UTF-8 and its own NFKC: one copy */
        n = ogi_strdup(s);
    } else {
        char *clean = utf8_sanitize(s);
        n = ogi_nfkc(clean);
        free(clean);
    }
    if (!n)
        return ogi_strdup("");
    size_t len = strlen(n), o = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)n[i];
        if (c < 0x80) { /* ASCII: white space and quotes without utf8proc */
            if (!ascii_space(c) && !(drop_quotes && (c == '"' || c == '\'')))
                n[o++] = (char)c;
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((utf8proc_uint8_t *)n + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) { /* cannot happen after sanitising; be safe */
            i++;
            continue;
        }
        if (!is_space_cp(cp) && !(drop_quotes && is_quote_cp(cp))) {
            memmove(n + o, n + i, (size_t)k);
            o += (size_t)k;
        }
        i += (size_t)k;
    }
    n[o] = '\0';
    return n;
}

char *ogi_label_norm(const char *s) { return normalise(s, true); }
char *ogi_heading_norm(const char *s) { return normalise(s, false); }

/* "&nbsp;" survives in scraped text as a literal; treat it as a space. */
static char *strip_for_value(const char *s)
{
    if (!strstr(s, "&nbsp;"))
        return normalise(s, false);
    ogi_buf b;
    ogi_buf_init(&b);
    for (const char *p = s; *p;) {
        if (strncmp(p, "&nbsp;", 6) == 0) {
            p += 6;
            continue;
        }
        ogi_buf_putc(&b, *p++);
    }
    char *joined = ogi_buf_steal(&b);
    char *n = normalise(joined, false);
    free(joined);
    return n;
}

bool ogi_is_blank_text(const char *s)
{
    if (!s)
        return true;
    char *n = strip_for_value(s);
    bool blank = n[0] == '\0';
    free(n);
    return blank;
}

static bool is_placeholder_norm(const char *n)
{
    static const char *const ph[] = {"-", "—", "－", "/", "／", "无", "空", "——", "--", "―", "–",
                                     NULL};
    for (size_t i = 0; ph[i]; i++) /* first byte first: most values are digits */
        if (n[0] == ph[i][0] && strcmp(n, ph[i]) == 0)
            return true;
    return false;
}

bool ogi_is_placeholder(const char *s)
{
    if (!s)
        return false;
    char *n = strip_for_value(s);
    bool r = is_placeholder_norm(n);
    free(n);
    return r;
}

bool ogi_decimal_parse(const char *s, int64_t *millionths, int *decimals, bool *too_precise)
{
    const char *p = s;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!(*p >= '0' && *p <= '9'))
        return false;
    int64_t whole = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (whole > (INT64_MAX / 1000000 - 9) / 10)
            return false;
        whole = whole * 10 + (*p - '0');
    }
    int64_t frac = 0;
    int dec = 0;
    bool extra = false;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        for (; *p >= '0' && *p <= '9'; p++, dec++) {
            if (dec < 6)
                frac = frac * 10 + (*p - '0');
            else
                extra = true; /* more than 6 decimals: R2.4 */
        }
    }
    if (*p)
        return false;
    for (int k = dec < 6 ? dec : 6; k < 6; k++)
        frac *= 10;
    int64_t v = whole * 1000000 + frac;
    *millionths = neg ? -v : v;
    *decimals = dec;
    if (too_precise)
        *too_precise = extra;
    return true;
}

char *ogi_decimal_format(int64_t millionths, int decimals, char *buf)
{
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    uint64_t a = millionths < 0 ? (uint64_t)0 - (uint64_t)millionths : (uint64_t)millionths;
    uint64_t whole = a / 1000000, frac = a % 1000000;
    int n = sprintf(buf, "%s%" PRIu64, millionths < 0 ? "-" : "", whole);
    if (decimals > 0) {
        char f[8];
        sprintf(f, "%06" PRIu64, frac);
        f[decimals] = '\0';
        sprintf(buf + n, ".%s", f);
    }
    return buf;
}

void ogi_double_shortest(double d, char *buf, size_t len)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* %g may use an exponent; expand it to plain decimal digits. */
    if (strchr(buf, 'e') || strchr(buf, 'E'))
        snprintf(buf, len, "%.6f", d);
}

/* Split "15098件" into number text and unit; returns the unit index or -1. */
static const char *const units[] = {"万元", "件", "个", "项", "条", "次", "元", NULL};

static const char *strip_unit(char *n, char *unit_out, size_t unit_len)
{
    size_t len = strlen(n);
    if (len == 0 || (n[len - 1] >= '0' && n[len - 1] <= '9'))
        return NULL; /* most values end in a digit, no unit does */
    for (size_t i = 0; units[i]; i++) {
        size_t ul = strlen(units[i]);
        /* last byte first: most values end in a digit, no unit does */
        if (len > ul && n[len - 1] == units[i][ul - 1] && strcmp(n + len - ul, units[i]) == 0) {
            n[len - ul] = '\0';
            snprintf(unit_out, unit_len, "%s", units[i]);
            return units[i];
        }
    }
    return NULL;
}

static void strip_commas(char *n)
{
    char *o = n;
    for (char *p = n; *p; p++)
        if (*p != ',')
            *o++ = *p;
    *o = '\0';
}

/* The k-th decimal digit (1..6) of a value in millionths. */
static int digit_at(int64_t millionths, int k)
{
    int64_t step = 1;
    for (int i = k; i < 6; i++)
        step *= 10;
    int64_t a = millionths < 0 ? -millionths : millionths;
    return (int)((a / step) % 10);
}

ogi_number ogi_parse_number(const char *raw, ogi_value_kind kind)
{
    ogi_number r = {.status = OGI_PARSE_OK};
    if (!raw) {
        r.status = OGI_PARSE_EMPTY;
        return r;
    }
    /* plain digits (most cells) are their own normal form, with no
     * placeholder, separator, unit or sign to look for: no copy */
    char digits[32];
    size_t len = strlen(raw);
    bool plain = len > 0 && len < sizeof digits && strspn(raw, "0123456789") == len;
    char *n = plain ? memcpy(digits, raw, len + 1) : strip_for_value(raw);
    const char *unit = NULL;
    bool money = kind == OGI_VAL_MONEY;
    if (!plain) {
        if (!n[0]) {
            r.status = OGI_PARSE_EMPTY;
            goto out;
        }
        if (is_placeholder_norm(n)) {
            r.status = OGI_PARSE_PLACEHOLDER;
            goto out;
        }
        strip_commas(n);
        unit = strip_unit(n, r.unit, sizeof r.unit);
        if (unit && !money && strcmp(unit, "万元") == 0) {
            r.status = OGI_PARSE_UNIT_MISMATCH;
            goto out;
        }
        if (kind != OGI_VAL_SIGNED && n[0] == '+') {
            r.status = OGI_PARSE_NOT_NUMBER;
            goto out;
        }
    }
    int64_t v;
    int dec;
    bool too_precise = false;
    if (!ogi_decimal_parse(n, &v, &dec, &too_precise)) {
        r.status = strspn(n, "+-0123456789.") == strlen(n) && strlen(n) > 18
                       ? OGI_PARSE_OVERFLOW
                       : OGI_PARSE_NOT_NUMBER;
        goto out;
    }
    if (money) {
        if (unit && strcmp(unit, "元") == 0) {
            /* 元 → 万元: the decimal point moves four places; 0.01 元 is the unit. */
            if (v % 10000 != 0 || dec > 2)
                too_precise = true;
            v /= 10000;
            dec += 4;
            /* print back without the trailing zeros the conversion introduced */
            if (dec > 6)
                dec = 6;
            while (dec > 0 && digit_at(v, dec) == 0)
                dec--;
        }
        if (dec > 6)
            dec = 6;
        r.value = v;
        r.decimals = dec;
        if (too_precise)
            r.status = OGI_PARSE_TOO_PRECISE;
        goto out;
    }
    if (dec > 0 || too_precise) {
        r.status = OGI_PARSE_NOT_INTEGER;
        goto out;
    }
    r.value = v / 1000000;
out:
    if (n != digits)
        free(n);
    return r;
}
