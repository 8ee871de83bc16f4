/*
 * fast_text.c — ogi/text.h's UTF-8 check, NFKC, placeholder and blank
 * tests, answered without utf8proc for the text real reports are made of.
 *
 * Why it is safe: NFKC maps each code point of the fast set on its own —
 * ASCII printables and TAB/LF/CR to themselves, CJK unified ideographs,
 * 〇, © and · and the CJK punctuation listed in kept() to themselves, the
 * forms in changed3() (fullwidth ASCII, spaces, 「…」, ①–⑳) and the
 * no-break space to ASCII — and none of those has a
 * combining class or is the second half of a canonical composition, so a
 * string made only of them normalises code point by code point.  Any other
 * code point sends the whole string to utf8proc.  test_import_fast_text
 * compares every BMP code point with ogi_nfkc.
 */
#include "import/fast_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"

/* Whether the first six bytes of w (read little-endian from memory) are
 * two 3-byte sequences with a lead from E1 to EF other than ED — valid
 * without a closer look (no overlong form, no surrogate). */
static inline bool two_cjk(uint64_t w)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    (void)w;
    return false; /* the masks below are for little-endian loads */
#endif
    const uint64_t mask = 0x0000C0C0F0C0C0F0ull, want = 0x00008080E08080E0ull;
    if ((w & mask) != want)
        return false;
    unsigned a = (unsigned)(w & 0xFF), b = (unsigned)(w >> 24 & 0xFF);
    return a != 0xE0 && a != 0xED && b != 0xE0 && b != 0xED;
}

bool fast_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        uint64_t w;
        while (end - p >= 8 && (memcpy(&w, p, 8), (w & 0x8080808080808080ull) == 0))
            p += 8; /* ASCII, eight bytes at a time */
        if (p >= end)
            break;
        unsigned c = *p, lo = 0x80, hi = 0xBF;
        size_t more;
        while (end - p >= 8 && (memcpy(&w, p, 8), two_cjk(w)))
            p += 6; /* two ideographs at a time */
        c = *p;
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            p += 3; /* the common 3-byte form (CJK), no overlong or surrogate possible */
            continue;
        }
        if (c < 0x80) {
            p++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            lo = c == 0xE0 ? 0xA0 : lo; /* overlong */
            hi = c == 0xED ? 0x9F : hi; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            lo = c == 0xF0 ? 0x90 : lo; /* overlong */
            hi = c == 0xF4 ? 0x8F : hi; /* beyond U+10FFFF */
        } else {
            return false;
        }
        if ((size_t)(end - p) <= more || p[1] < lo || p[1] > hi)
            return false;
        for (size_t k = 2; k <= more; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        p += more + 1;
    }
    return true;
}

static bool is_ideograph(uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }

/* Code points NFKC leaves alone: ideographs, 〇 and the punctuation of
 * Chinese text (、。〈〉《》「」『』【】〔〕〖〗〘〙〚〛 — ‘ ’ “ ” •). */
static inline bool kept(uint32_t cp)
{
    return is_ideograph(cp) || (cp >= 0x3001 && cp <= 0x3002) || cp == 0x3007 ||
           (cp >= 0x3008 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301B) || cp == 0x2014 ||
           cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x2022;
}

/* NFKC of a 3-byte code point of the fast set that NFKC changes, written
 * at out (never longer than its 3 bytes): fullwidth forms → ASCII, the
 * ideographic space and the typographic spaces → a blank, 「…」 → 「...」,
 * circled numbers ①–⑳ → digits.  Its length, or 0 when cp is not one. */
static inline size_t changed3(uint32_t cp, char *out)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out[0] = (char)(cp - 0xFEE0);
        return 1;
    }
    if (cp == 0x3000 || (cp >= 0x2002 && cp <= 0x200A)) {
        out[0] = ' ';
        return 1;
    }
    if (cp == 0x2026) {
        memcpy(out, "...", 3);
        return 3;
    }
    if (cp >= 0x2460 && cp <= 0x2473) {
        unsigned v = cp - 0x2460 + 1;
        if (v < 10) {
            out[0] = (char)('0' + v);
            return 1;
        }
        out[0] = (char)('0' + v / 10);
        out[1] = (char)('0' + v % 10);
        return 2;
    }
    return 0;
}

/* The code point of a 3-byte sequence at p, or 0 when p is not one. */
static inline uint32_t three_byte(const unsigned char *p)
{
    if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
        return 0;
    uint32_t cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? cp : 0;
}

/* Whether the eight bytes of w are all printable ASCII (0x20–0x7E): such
 * bytes are their own NFKC.  Per byte b: b + 0x60 sets bit 7 exactly when
 * b >= 0x20, b + 0x01 sets it when b >= 0x7F, and b itself when b >= 0x80;
 * the lanes cannot carry into each other (every sum stays below 0x100). */
static inline bool printable8(uint64_t w)
{
    const uint64_t high = 0x8080808080808080ull, lanes = 0x0101010101010101ull;
    if (w & high)
        return false;
    return ((w + 0x60 * lanes) & high) == high && ((w + lanes) & high) == 0;
}

/* One code point of the fast set at p (before end), for the loops below
 * once their two runs (printable ASCII eight bytes at a time, ideographs
 * U+5000–U+9FFF) do not apply: writes its NFKC at out (never longer than
 * the code point's own bytes) and its length at *out_len; returns the
 * bytes the code point takes, 0 when p does not start one of the fast
 * set.  The one definition of the fast set's code points and their NFKC. */
static inline __attribute__((always_inline)) size_t
fast_step(const unsigned char *p, const unsigned char *end, char *out, size_t *out_len)
{
    if (*p < 0x80) { /* printables and TAB/LF/CR are their own NFKC */
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F)
            return 0;
        out[0] = (char)*p;
        *out_len = 1;
        return 1;
    }
    if (*p == 0xC2 && end - p >= 2 && (p[1] == 0xA0 || p[1] == 0xA9 || p[1] == 0xB7)) {
        if (p[1] == 0xA0) { /* the no-break space */
            out[0] = ' ';
            *out_len = 1;
        } else { /* © and · are their own NFKC */
            memcpy(out, p, 2);
            *out_len = 2;
        }
        return 2;
    }
    uint32_t cp = end - p >= 3 ? three_byte(p) : 0;
    if (cp && kept(cp)) {
        memcpy(out, p, 3);
        *out_len = 3;
        return 3;
    }
    *out_len = cp ? changed3(cp, out) : 0;
    return *out_len ? 3 : 0;
}

size_t fast_nfkc_into(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    size_t o = 0;
    while (p < end) {
        uint64_t w;
        if (*p < 0x80 && end - p >= 8 && (memcpy(&w, p, 8), printable8(w))) {
            memcpy(out + o, p, 8); /* ASCII text, eight bytes at a time */
            o += 8, p += 8;
            continue;
        }
        if (*p >= 0xE5 && *p <= 0xE9 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            memcpy(out + o, p, 3); /* U+5000–U+9FFF: ideographs, kept as they are */
            o += 3, p += 3;
            continue;
        }
        size_t k, n = fast_step(p, end, out + o, &k);
        if (n == 0)
            return SIZE_MAX;
        o += k, p += n;
    }
    out[o] = '\0';
    return o;
}

/* NFKC of s when every code point is in the fast set, else NULL. */
static char *nfkc_fast_set(const char *s)
{
    size_t len = strlen(s);
    char *out = ogi_xmalloc(len + 1);
    if (fast_nfkc_into(s, len, out) != SIZE_MAX)
        return out;
    free(out);
    return NULL;
}

bool fast_heading_longer(const char *s, size_t limit)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    size_t solid = 0;
    while (p < end) {
        if (solid > limit)
            return true; /* the rest cannot take code points away */
        char out[4];
        size_t k, n = fast_step(p, end, out, &k);
        if (n == 0)
            return false;
        /* white space goes; 「#」 and 「。」 may be stripped as marks */
        bool mark = k == 1 ? strchr(" \t\n\r#", out[0]) != NULL
                           : k == 3 && memcmp(out, "\xe3\x80\x82", 3) == 0;
        solid += !mark;
        p += n;
    }
    return solid > limit;
}

size_t fast_nfkc_identity_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        uint64_t w;
        if (*p < 0x80 && end - p >= 8 && (memcpy(&w, p, 8), printable8(w))) {
            p += 8;
            continue;
        }
        if (*p >= 0xE5 && *p <= 0xE9 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            p += 3; /* U+5000–U+9FFF */
            continue;
        }
        char out[4];
        size_t k, n = fast_step(p, end, out, &k);
        /* (what NFKC changes comes out shorter, or as 「...」 for 「…」) */
        if (n == 0 || k != n || out[0] != (char)*p)
            break; /* not in the fast set, or NFKC changes it */
        p += n;
    }
    return (size_t)(p - (const unsigned char *)s);
}

bool fast_nfkc_is_identity(const char *s)
{
    size_t len = strlen(s);
    return fast_nfkc_identity_prefix(s, len) == len;
}

char *fast_nfkc(const char *s)
{
    if (!s)
        return NULL;
    char *n = nfkc_fast_set(s);
    return n ? n : ogi_nfkc(s);
}

bool fast_heading_norm_into(const char *s, size_t len, char *out)
{
    if (fast_nfkc_into(s, len, out) == SIZE_MAX)
        return false;
    /* the fast set's only white space after NFKC: blank, TAB, LF, CR */
    size_t o = 0;
    for (const char *p = out; *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            out[o++] = *p;
    out[o] = '\0';
    return true;
}

char *fast_heading_norm(const char *s)
{
    size_t len = s ? strlen(s) : 0;
    char *n = s ? ogi_xmalloc(len + 1) : NULL;
    if (n && fast_heading_norm_into(s, len, n))
        return n;
    free(n);
    return ogi_heading_norm(s);
}

/* An ASCII digit, or an ideograph other than 无 and 空 when except_blank
 * (the placeholders' ideographs), survives the value normalisation
 * (&nbsp; removal, NFKC, whitespace removal) unchanged: the normalised
 * text is then not empty and holds that character. */
static bool has_lasting_char(const char *s, bool except_blank)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            return true;
        uint32_t cp = *p >= 0xE0 ? three_byte(p) : 0;
        if (is_ideograph(cp) && !(except_blank && (cp == 0x65E0 || cp == 0x7A7A)))
            return true;
    }
    return false;
}

bool fast_is_placeholder(const char *s)
{
    /* every placeholder is a dash, a slash, 无 or 空 */
    return s && !has_lasting_char(s, true) && ogi_is_placeholder(s);
}

bool fast_has_digit(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    const uint64_t ones = 0x0101010101010101ull, low7 = ones * 127, high = ones * 128;
    for (; end - p >= 8; p += 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        /* "has a byte between '0' and '9'" (the bit-twiddling hasbetween) */
        uint64_t t = w & low7;
        if (((ones * (127 + '9' + 1) - t) & ~w & (t + ones * (127 - ('0' - 1))) & high) != 0)
            return true;
    }
    for (; p < end; p++)
        if (*p >= '0' && *p <= '9')
            return true;
    return false;
}

bool fast_is_blank_text(const char *s)
{
    return !s || (!has_lasting_char(s, false) && ogi_is_blank_text(s));
}

/* 万元件个项条次: the ideographs of units after a number. */
static bool unit_ideograph(uint32_t cp)
{
    return cp == 0x4E07 || cp == 0x5143 || cp == 0x4EF6 || cp == 0x4E2A || cp == 0x9879 ||
           cp == 0x6761 || cp == 0x6B21;
}

/* ASCII a number with units may hold after NFKC: digits, sign, separators,
 * blank and TAB. */
static bool numeric_ascii(unsigned char c)
{
    return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == ',' || c == '.' || c == ' ' ||
           c == '\t';
}

bool fast_not_numeric(const char *s)
{
    /* NFKC keeps ASCII and ideographs (or folds them into letters that are
     * no better); numbers with units are only these after NFKC */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x80) {
            if (*p >= 0x20 && *p != 0x7F && !numeric_ascii(*p))
                return true;
            continue;
        }
        uint32_t cp = *p >= 0xE0 ? three_byte(p) : 0;
        if (is_ideograph(cp) && !unit_ideograph(cp))
            return true;
    }
    return false;
}
