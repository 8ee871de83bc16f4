/*
 * json_writer.c — JSON of the API's longest responses written straight into
 * the response buffer, byte for byte what jansson's
 * json_dumps(…, API_JSON_FLAGS) gives for the same record.
 *
 * A page of the item list is 20–500 records with their full texts; building
 * a jansson object per record and dumping the tree cost several times the
 * database work of the request.  Only writing lives here (nothing parses
 * JSON); a record with a text that is not valid UTF-8 — which jansson
 * refuses, dropping the member or the whole record — goes through jansson
 * itself, so that even then the bytes are the same.
 */
#include <stdlib.h>
#include <string.h>

#include "web/api_internal.h"

/* Length of the UTF-8 sequence at p, whose first byte is not ASCII (RFC
 * 3629, as jansson checks it: no overlong forms, no surrogates, nothing
 * above U+10FFFF), or 0 when it is not one.  Stops at the first byte that
 * is not a continuation, so never reads past the terminating NUL. */
static size_t utf8_sequence(const unsigned char *p)
{
    unsigned c = p[0];
    bool ok;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        ok = (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (c != 0xE0 || p[1] >= 0xA0) &&
             (c != 0xED || p[1] < 0xA0);
        return ok ? 3 : 0;
    }
    if (c < 0xF5) {
        ok = (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80 &&
             (c != 0xF0 || p[1] >= 0x90) && (c != 0xF4 || p[1] < 0x90);
        return ok ? 4 : 0;
    }
    return 0;
}

/* What jansson writes for an ASCII byte inside a string; NULL = itself. */
static const char *escape_of(unsigned char c, char spare[7])
{
    static const char hex[] = "0123456789ABCDEF";
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: break;
    }
    if (c >= 0x20)
        return NULL;
    memcpy(spare, "\\u00", 4);
    spare[4] = hex[c >> 4];
    spare[5] = hex[c & 15];
    spare[6] = '\0';
    return spare;
}

bool api_json_string(ogi_buf *b, const char *s)
{
    if (!s) {
        ogi_buf_puts(b, "null");
        return true;
    }
    ogi_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    char spare[7];
    for (;;) {
        if (*p >= 0x80) {
            size_t n = utf8_sequence(p);
            if (!n)
                return false;
            p += n;
            continue;
        }
        if (*p >= 0x20 && *p != '"' && *p != '\\') {
            p++;
            continue;
        }
        if (!*p)
            break;
        ogi_buf_put(b, (const char *)run, (size_t)(p - run));
        ogi_buf_puts(b, escape_of(*p, spare));
        run = ++p;
    }
    ogi_buf_put(b, (const char *)run, (size_t)(p - run));
    ogi_buf_putc(b, '"');
    return true;
}

static void member_int(ogi_buf *b, const char *key, int64_t v)
{
    ogi_buf_puts(b, key);
    ogi_buf_put_int(b, v);
}

static bool member_text(ogi_buf *b, const char *key, const char *v)
{
    ogi_buf_puts(b, key);
    return api_json_string(b, v);
}

/* The members of api_item_json (api_util.c), in its order; false as soon
 * as a text is not valid UTF-8. */
static bool write_item(ogi_buf *b, const ogi_item *it)
{
    member_int(b, "{\"id\":", it->id);
    member_int(b, ",\"agency_id\":", it->agency_id);
    bool ok = member_text(b, ",\"index_no\":", it->index_no) &&
              member_text(b, ",\"title\":", it->title) &&
              member_text(b, ",\"doc_no\":", it->doc_no) &&
              member_text(b, ",\"category\":", it->category) &&
              member_text(b, ",\"kind\":", it->kind) &&
              member_text(b, ",\"status\":", it->status) &&
              member_text(b, ",\"status_label\":", ogi_registry_status_label(it->status)) &&
              member_text(b, ",\"topic\":", it->topic) &&
              member_text(b, ",\"issuer\":", it->issuer) &&
              member_text(b, ",\"formed_date\":", it->formed_date) &&
              member_text(b, ",\"published_date\":", it->published_date) &&
              member_text(b, ",\"repealed_date\":", it->repealed_date) &&
              member_text(b, ",\"body\":", it->body);
    ogi_buf_putc(b, '}');
    return ok;
}

bool api_item_json_write(ogi_buf *b, const ogi_item *it)
{
    size_t mark = b->len;
    if (write_item(b, it))
        return true;
    b->len = mark; /* a text jansson refuses: let jansson decide */
    if (b->data)
        b->data[mark] = '\0';
    json_t *o = api_item_json(it);
    char *text = o ? json_dumps(o, API_JSON_FLAGS) : NULL;
    json_decref(o);
    if (text)
        ogi_buf_puts(b, text);
    free(text);
    return text != NULL;
}
