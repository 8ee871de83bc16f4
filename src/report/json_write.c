/*
 * json_write.c — JSON text without a jansson tree (see ogi/json_write.h).
 *
 * Every rule here mirrors jansson 2.14's dump.c and utf.c, so that a line
 * written here and json_dumps of the tree ogi_report_to_json builds are
 * the same bytes: tests/unit/test_json_write.c checks it.
 */
#include "ogi/json_write.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The flag fields as dump.c reads them. */
#define JW_INDENT(f) ((int)((f)&0x1F))
#define JW_PRECISION(f) ((int)(((f) >> 11) & 0x1F))

void ogi_jw_init(ogi_json_writer *w, ogi_buf *buf, size_t flags)
{
    if (flags & (JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ESCAPE_SLASH | JSON_EMBED))
        abort(); /* a caller error: those flags change the text and are not mirrored */
    *w = (ogi_json_writer){.buf = buf, .flags = flags};
}

/* dump_indent(): a line break and depth × indent spaces, or with no
 * indent a space between members unless compact. */
static void put_break(ogi_json_writer *w, int depth, bool space)
{
    int indent = JW_INDENT(w->flags);
    if (indent > 0) {
        ogi_buf_putc(w->buf, '\n');
        for (int n = depth * indent; n > 0; n--)
            ogi_buf_putc(w->buf, ' ');
    } else if (space && !(w->flags & JSON_COMPACT)) {
        ogi_buf_putc(w->buf, ' ');
    }
}

/* The length of the valid UTF-8 sequence at p (first byte >= 0x80), or 0:
 * utf8_check_first + utf8_check_full — no overlong forms, no surrogates,
 * nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = *p;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n || (size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    /* The second byte's range is what rules out overlong forms (E0, F0),
     * surrogates (ED) and code points above U+10FFFF (F4). */
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
        (c == 0xF4 && p[1] > 0x8F))
        return 0;
    return n;
}

/* Room for n more bytes at the end of b (plus its NUL); the buffer grows
 * by doubling, as ogi_buf does. */
static char *room(ogi_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = ogi_xrealloc(b->data, cap);
        b->cap = cap;
    }
    return b->data + b->len;
}

/* The escape of an ASCII byte that needs one, at d; returns its end. */
static char *put_escape(char *d, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *two = c == '\\' ? "\\\\" : c == '"' ? "\\\"" : c == '\b' ? "\\b"
                      : c == '\f' ? "\\f" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                      : c == '\t' ? "\\t" : NULL;
    if (two) {
        memcpy(d, two, 2);
        return d + 2;
    }
    memcpy(d, "\\u00", 4); /* "\u%04X" of a control character */
    d[4] = hex[c >> 4];
    d[5] = hex[c & 15];
    return d + 6;
}

/* Whether the 8 bytes at p are all printable ASCII other than '"' and
 * '\': copied as they are (a word at a time: no byte >= 0x80, none
 * < 0x20, none equal to 0x22 or 0x5C). */
static bool plain_ascii8(const unsigned char *p)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
    uint64_t bad = x | ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return (bad & highs) == 0;
}

/* dump_string(): the text in quotes, '"', '\' and the control characters
 * escaped, everything else (UTF-8 included) as is; false, with b's
 * length unchanged, on invalid UTF-8.  Written in place: at most six
 * bytes out per byte in. */
static bool put_string(ogi_buf *b, const char *s)
{
    size_t len = strlen(s);
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    char *start = room(b, 6 * len + 2), *d = start;
    *d++ = '"';
    while (p < end) {
        unsigned char c = *p;
        if (c < 0x80 && end - p >= 8 && plain_ascii8(p)) {
            memcpy(d, p, 8);
            d += 8;
            p += 8;
        } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
                   (p[2] & 0xC0) == 0x80) {
            /* The common case, CJK and full-width punctuation: a
             * three-byte form that cannot be overlong or a surrogate
             * (utf8_seq's E0 and ED cases). */
            memcpy(d, p, 3);
            d += 3;
            p += 3;
        } else if (c >= 0x80) {
            size_t n = utf8_seq(p, end);
            if (!n)
                return false;
            memcpy(d, p, n);
            d += n;
            p += n;
        } else if (c < 0x20 || c == '"' || c == '\\') {
            d = put_escape(d, c);
            p++;
        } else {
            *d++ = (char)*p++;
        }
    }
    *d++ = '"';
    b->len += (size_t)(d - start);
    b->data[b->len] = '\0';
    return true;
}

/* Before a value: the comma and break after the previous member, the key
 * and its separator.  Returns the length to roll back to if the value
 * turns out not to be writable. */
static size_t begin_value(ogi_json_writer *w, const char *key)
{
    size_t mark = w->buf->len;
    if (w->depth > 0) {
        if (w->has[w->depth - 1])
            ogi_buf_putc(w->buf, ',');
        put_break(w, w->depth, w->has[w->depth - 1]);
    }
    if (key) {
        put_string(w->buf, key); /* keys are the format's own ASCII names */
        if (w->flags & JSON_COMPACT)
            ogi_buf_putc(w->buf, ':');
        else
            ogi_buf_put(w->buf, ": ", 2);
    }
    return mark;
}

static void end_value(ogi_json_writer *w)
{
    if (w->depth > 0)
        w->has[w->depth - 1] = true;
}

static void roll_back(ogi_json_writer *w, size_t mark)
{
    w->buf->len = mark;
    if (w->buf->data)
        w->buf->data[mark] = '\0';
}

void ogi_jw_open(ogi_json_writer *w, const char *key, char bracket)
{
    if (w->depth >= OGI_JW_MAX_DEPTH)
        abort(); /* deeper than any document ogi writes */
    begin_value(w, key);
    end_value(w);
    ogi_buf_putc(w->buf, bracket);
    w->close[w->depth] = bracket == '{' ? '}' : ']';
    w->has[w->depth] = false;
    w->depth++;
}

void ogi_jw_close(ogi_json_writer *w)
{
    w->depth--;
    if (w->has[w->depth])
        put_break(w, w->depth, false);
    ogi_buf_putc(w->buf, w->close[w->depth]);
}

bool ogi_jw_string(ogi_json_writer *w, const char *key, const char *s)
{
    if (!s)
        return false;
    size_t mark = begin_value(w, key);
    if (!put_string(w->buf, s)) {
        roll_back(w, mark);
        return false;
    }
    end_value(w);
    return true;
}

void ogi_jw_integer(ogi_json_writer *w, const char *key, long long v)
{
    begin_value(w, key);
    ogi_buf_put_int(w->buf, v);
    end_value(w);
}

/* jsonp_dtostr(): "%.*g" (precision 17 when the flags give none), the
 * locale's decimal point turned into '.', ".0" added when the text has no
 * '.' or 'e', and the exponent's '+' and leading zeros dropped. */
static size_t real_text(double v, int precision, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%.*g", precision ? precision : 17, v);
    if (n < 0 || (size_t)n >= size - 3)
        abort(); /* cannot happen for a double in 100 bytes */
    size_t len = (size_t)n;
    const char *point = localeconv()->decimal_point;
    char *pos;
    if (*point != '.' && (pos = strchr(buf, *point)))
        *pos = '.';
    if (!strchr(buf, '.') && !strchr(buf, 'e')) {
        memcpy(buf + len, ".0", 3);
        len += 2;
    }
    char *start = strchr(buf, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, len - (size_t)(end - buf) + 1);
            len -= (size_t)(end - start);
        }
    }
    return len;
}

bool ogi_jw_real(ogi_json_writer *w, const char *key, double v)
{
    if (!isfinite(v))
        return false;
    char text[100];
    size_t len = real_text(v, JW_PRECISION(w->flags), text, sizeof text);
    begin_value(w, key);
    ogi_buf_put(w->buf, text, len);
    end_value(w);
    return true;
}

void ogi_jw_null(ogi_json_writer *w, const char *key)
{
    begin_value(w, key);
    ogi_buf_put(w->buf, "null", 4);
    end_value(w);
}
