/*
 * static.c — files under data/web/ (the stylesheet, a little JavaScript).
 *
 * The path is checked twice: lexically (no "..", no hidden or empty
 * segments, nothing percent-encoded left after MHD's one decoding, not
 * absolute), and after resolving symbolic links it must still lie inside
 * the static root.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_internal.h"

#define STATIC_MAX_BYTES (1024 * 1024)

bool web_static_path_ok(const char *rel)
{
    if (!rel || !*rel || *rel == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\' || *p == '%' || *p == ':')
            return false;
    const char *seg = rel;
    while (seg) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 0 || seg[0] == '.') /* empty, ".", ".." and hidden files */
            return false;
        seg = slash ? slash + 1 : NULL;
    }
    return true;
}

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return NULL; /* unknown kinds are not served */
}

/* The resolved file, when it exists inside the resolved root; malloc'd. */
static char *resolve_inside(const char *root, const char *rel)
{
    char root_real[PATH_MAX], file_real[PATH_MAX];
    if (!realpath(root, root_real))
        return NULL;
    ogi_buf joined;
    ogi_buf_init(&joined);
    ogi_buf_printf(&joined, "%s/%s", root_real, rel);
    char *ok = realpath(joined.data, file_real);
    ogi_buf_free(&joined);
    size_t n = strlen(root_real);
    if (!ok || strncmp(file_real, root_real, n) || file_real[n] != '/')
        return NULL;
    return ogi_strdup(file_real);
}

void web_static(web_request *r)
{
    if (!web_static_path_ok(r->rest)) {
        web_error(r, 400, "请求的路径无效。");
        return;
    }
    const char *type = content_type(r->rest);
    char *file = type && r->cfg->static_dir ? resolve_inside(r->cfg->static_dir, r->rest) : NULL;
    size_t len = 0;
    char *data = file ? ogi_read_file(file, STATIC_MAX_BYTES, &len) : NULL;
    free(file);
    if (!data) {
        web_error(r, 404, "文件不存在。");
        return;
    }
    r->content_type = type;
    ogi_buf_put(&r->out, data, len);
    free(data);
    web_set_header(r, "Cache-Control", "public, max-age=3600");
}
