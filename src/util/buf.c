/*
 * buf.c — growable buffer, context escaping and small allocation helpers.
 *
 * Every renderer and every page writes through these, so that escaping for
 * each output context lives in exactly one place.
 */
#include "ogi/buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void die_oom(void)
{
    fputs("ogi: out of memory\n", stderr);
    abort();
}

void *ogi_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom();
    return p;
}

void *ogi_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die_oom();
    return p;
}

void *ogi_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die_oom();
    return q;
}

char *ogi_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *d = ogi_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *ogi_strdup(const char *s) { return s ? ogi_strndup(s, strlen(s)) : NULL; }

void ogi_buf_init(ogi_buf *b) { b->data = NULL, b->len = b->cap = 0; }

void ogi_buf_free(ogi_buf *b)
{
    free(b->data);
    ogi_buf_init(b);
}

void ogi_buf_reset(ogi_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static void reserve(ogi_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = ogi_xrealloc(b->data, cap);
    b->cap = cap;
}

void ogi_buf_put(ogi_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ogi_buf_puts(ogi_buf *b, const char *s)
{
    if (s)
        ogi_buf_put(b, s, strlen(s));
}

void ogi_buf_putc(ogi_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void ogi_buf_put_int(ogi_buf *b, long long v)
{
    char digits[24];
    size_t n = 0;
    /* Through unsigned so that LLONG_MIN negates without overflow. */
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        digits[sizeof digits - ++n] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        digits[sizeof digits - ++n] = '-';
    ogi_buf_put(b, digits + sizeof digits - n, n);
}

void ogi_buf_vprintf(ogi_buf *b, const char *fmt, va_list ap)
{
    /* Format straight into the free space; only a result that does not fit
     * is formatted a second time, after growing the buffer. */
    if (b->cap - b->len < 64)
        reserve(b, 64);
    size_t room = b->cap - b->len;
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, cp);
    va_end(cp);
    if (n < 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void ogi_buf_printf(ogi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ogi_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* The entity for each byte HTML escaping replaces; NULL for the others. */
static const char *html_entity(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

void ogi_buf_html(ogi_buf *b, const char *s)
{
    if (!s)
        return;
    /* Runs of bytes that need no escaping (most of any text, and every byte
     * of UTF-8 above ASCII) are copied whole. */
    static const char special[] = "&<>\"'";
    for (;;) {
        size_t run = strcspn(s, special);
        if (run)
            ogi_buf_put(b, s, run);
        s += run;
        if (!*s)
            return;
        ogi_buf_puts(b, html_entity((unsigned char)*s));
        s++;
    }
}

void ogi_buf_html_n(ogi_buf *b, const char *s, size_t n)
{
    const char *end = s + n, *run = s;
    for (const char *p = s; p < end; p++) {
        const char *entity = html_entity((unsigned char)*p);
        if (!entity)
            continue;
        ogi_buf_put(b, run, (size_t)(p - run));
        ogi_buf_puts(b, entity);
        run = p + 1;
    }
    ogi_buf_put(b, run, (size_t)(end - run));
}

void ogi_buf_csv(ogi_buf *b, const char *s)
{
    if (!s)
        return;
    /* A leading = + - @ would be read as a formula by spreadsheet programs. */
    int formula = (s[0] == '=' || s[0] == '+' || s[0] == '@' ||
                   (s[0] == '-' && s[1] && !(s[1] >= '0' && s[1] <= '9')));
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        ogi_buf_puts(b, s);
        return;
    }
    ogi_buf_putc(b, '"');
    if (formula)
        ogi_buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ogi_buf_putc(b, '"');
        ogi_buf_putc(b, *p);
    }
    ogi_buf_putc(b, '"');
}

void ogi_buf_md(ogi_buf *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        if (*p == '|' || *p == '\\' || *p == '*' || *p == '_' || *p == '`' || *p == '<' ||
            *p == '[' || *p == ']')
            ogi_buf_putc(b, '\\');
        if (*p == '\n' || *p == '\r')
            ogi_buf_putc(b, ' ');
        else
            ogi_buf_putc(b, *p);
    }
}

char *ogi_buf_steal(ogi_buf *b)
{
    char *d = b->data ? b->data : ogi_strdup("");
    ogi_buf_init(b);
    return d;
}

int ogi_buf_write_file(const ogi_buf *b, FILE *f)
{
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
        return -1;
    return fflush(f) == 0 ? 0 : -1;
}

char *ogi_read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ogi_buf b;
    ogi_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (max && b.len + n > max) {
            fclose(f);
            ogi_buf_free(&b);
            errno = EFBIG;
            return NULL;
        }
        ogi_buf_put(&b, chunk, n);
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        ogi_buf_free(&b);
        errno = EIO;
        return NULL;
    }
    if (len)
        *len = b.len;
    return ogi_buf_steal(&b);
}
