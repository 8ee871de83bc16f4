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

void ogi_buf_putc(ogi_buf *b, char c) { ogi_buf_put(b, &c, 1); }

void ogi_buf_vprintf(ogi_buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ogi_buf_printf(ogi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ogi_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void ogi_buf_html(ogi_buf *b, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '&': ogi_buf_puts(b, "&amp;"); break;
        case '<': ogi_buf_puts(b, "&lt;"); break;
        case '>': ogi_buf_puts(b, "&gt;"); break;
        case '"': ogi_buf_puts(b, "&quot;"); break;
        case '\'': ogi_buf_puts(b, "&#39;"); break;
        default: ogi_buf_putc(b, *p);
        }
    }
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
