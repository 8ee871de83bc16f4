/*
 * ogi/buf.h — a growable byte buffer, and escaping for each output context.
 *
 * Renderers write into an ogi_buf so the same output can go to a file, to
 * stdout or to an HTTP response.  Allocation failure aborts: there is no
 * useful way to continue rendering without memory.
 */
#ifndef OGI_BUF_H
#define OGI_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap;
} ogi_buf;

void ogi_buf_init(ogi_buf *b);
void ogi_buf_free(ogi_buf *b);
void ogi_buf_reset(ogi_buf *b);
void ogi_buf_put(ogi_buf *b, const char *s, size_t n);
void ogi_buf_puts(ogi_buf *b, const char *s);
void ogi_buf_putc(ogi_buf *b, char c);
/* A decimal integer, without printf. */
void ogi_buf_put_int(ogi_buf *b, long long v);
void ogi_buf_printf(ogi_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ogi_buf_vprintf(ogi_buf *b, const char *fmt, va_list ap);
/* Escaped for HTML text and double-quoted attribute values. NULL = "". */
void ogi_buf_html(ogi_buf *b, const char *s);
/* The same for the n bytes at s (which need not be NUL-terminated). */
void ogi_buf_html_n(ogi_buf *b, const char *s, size_t n);
/* Escaped for a CSV field (RFC 4180: quoted when needed). */
void ogi_buf_csv(ogi_buf *b, const char *s);
/* Escaped for a Markdown table cell (| and newlines). */
void ogi_buf_md(ogi_buf *b, const char *s);
/* Take the data (caller frees); the buffer is left empty. */
char *ogi_buf_steal(ogi_buf *b);
int ogi_buf_write_file(const ogi_buf *b, FILE *f);

/* Read a whole file (up to max bytes; 0 = no limit). Returns malloc'd,
 * NUL-terminated data and its length, or NULL with errno set (EFBIG when
 * over max). */
char *ogi_read_file(const char *path, size_t max, size_t *len);

/* strdup that aborts on allocation failure; NULL → NULL. */
char *ogi_strdup(const char *s);
char *ogi_strndup(const char *s, size_t n);
void *ogi_xmalloc(size_t n);
void *ogi_xcalloc(size_t n, size_t size);
void *ogi_xrealloc(void *p, size_t n);

#endif
