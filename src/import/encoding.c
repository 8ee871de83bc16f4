/*
 * encoding.c — bytes of unknown encoding → UTF-8, for the readers.
 *
 * Chinese government pages come as UTF-8 (with or without BOM), UTF-16
 * with a BOM, or GBK / GB2312 / GB18030 (declared or not).  Every reader
 * works on UTF-8, so this is the one place that decides the encoding:
 * BOM first, then the caller's charset hint (e.g. an HTML <meta charset>),
 * then UTF-8 validity, else GB18030 (a superset of GBK and GB2312) through
 * iconv.  Binary data is refused instead of being "decoded" into garbage.
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/fast_text.h"
#include "import/readers.h"
#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/text.h"

/* Convert with iconv into a buffer sized for the worst case (every input
 * byte becoming 2 output bytes covers UTF-16 → UTF-8 and GB18030 → UTF-8). */
static char *convert(const char *from, const char *data, size_t len, size_t *out_len,
                     char *err, size_t errlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        snprintf(err, errlen, "unsupported character set %s", from);
        return NULL;
    }
    size_t cap = 2 * len + 4;
    char *out = ogi_xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t inleft = len, outleft = cap - 1;
    size_t rc = iconv(cd, &in, &inleft, &o, &outleft);
    int saved = errno;
    iconv_close(cd);
    if (rc == (size_t)-1) {
        snprintf(err, errlen, "not valid %s text at byte %zu (%s)", from, (size_t)(in - data),
                 saved == EINVAL ? "truncated character" : "invalid byte sequence");
        free(out);
        return NULL;
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

/* Text never holds NUL bytes or C0 controls other than tab, newline, CR,
 * form feed and escape; a few of them in the first bytes means binary. */
static bool looks_binary(const char *data, size_t len)
{
    size_t n = len < 65536 ? len : 65536, bad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0)
            return true;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
            bad++;
    }
    return bad * 100 > n || bad > 64;
}

static bool is_gb_name(const char *cs)
{
    return !strcasecmp(cs, "gbk") || !strcasecmp(cs, "gb2312") || !strcasecmp(cs, "gb18030") ||
           !strcasecmp(cs, "x-gbk") || !strcasecmp(cs, "cp936") || !strcasecmp(cs, "euc-cn");
}

static bool is_utf8_name(const char *cs)
{
    return !strcasecmp(cs, "utf-8") || !strcasecmp(cs, "utf8");
}

/* A hint iconv does not know (a typo, "x-user-defined") is ignored. */
static bool iconv_known(const char *cs)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

/* The result of decoding: either a view into the caller's bytes (they
 * already are valid UTF-8, less a BOM) or a converted copy that the
 * caller frees.  Readers parse the view directly; ogi_to_utf8 copies it. */
static const char *valid_view(const char *data, size_t len, size_t *out_len, char *err,
                              size_t errlen)
{
    if (!fast_utf8_valid(data, len)) {
        snprintf(err, errlen, "declared UTF-8 but the bytes are not valid UTF-8");
        return NULL;
    }
    *out_len = len;
    return data;
}

static const char *from_hint(const char *data, size_t len, const char *hint, size_t *out_len,
                             char **owned, char *err, size_t errlen)
{
    if (is_utf8_name(hint)) {
        /* Pages often declare UTF-8 and are GBK (or the reverse): trust the
         * bytes when they are not valid UTF-8. */
        if (fast_utf8_valid(data, len))
            return *out_len = len, data;
        return *owned = convert("GB18030", data, len, out_len, err, errlen);
    }
    if (is_gb_name(hint))
        return *owned = convert("GB18030", data, len, out_len, err, errlen);
    return *owned = convert(hint, data, len, out_len, err, errlen);
}

const char *ogi_utf8_view(const char *data, size_t len, const char *charset_hint,
                          size_t *out_len, char **owned, char *err, size_t errlen)
{
    *out_len = 0;
    *owned = NULL;
    if (len > OGI_IMPORT_MAX_BYTES) {
        snprintf(err, errlen, "file too large (limit 128 MiB)");
        return NULL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        return valid_view(data + 3, len - 3, out_len, err, errlen);
    if (len >= 2 && memcmp(data, "\xFF\xFE", 2) == 0)
        return *owned = convert("UTF-16LE", data + 2, len - 2, out_len, err, errlen);
    if (len >= 2 && memcmp(data, "\xFE\xFF", 2) == 0)
        return *owned = convert("UTF-16BE", data + 2, len - 2, out_len, err, errlen);
    if (looks_binary(data, len)) {
        snprintf(err, errlen, "binary data, not text");
        return NULL;
    }
    if (charset_hint && *charset_hint && iconv_known(charset_hint))
        return from_hint(data, len, charset_hint, out_len, owned, err, errlen);
    if (fast_utf8_valid(data, len))
        return *out_len = len, data;
    const char *r = *owned = convert("GB18030", data, len, out_len, err, errlen);
    if (!r)
        snprintf(err, errlen, "not text in UTF-8, UTF-16 or GBK/GB18030");
    return r;
}

char *ogi_to_utf8(const char *data, size_t len, const char *charset_hint, size_t *out_len,
                  char *err, size_t errlen)
{
    char *owned;
    const char *v = ogi_utf8_view(data, len, charset_hint, out_len, &owned, err, errlen);
    return owned || !v ? owned : ogi_strndup(v, *out_len);
}
