/*
 * openapi.c — GET /api/v1/openapi.json: the OpenAPI 3 description of the
 * JSON API.  The document is data/web/openapi.json (under the static
 * root), edited by hand next to the route table of api.c; it is served
 * from there rather than compiled in so that it is one file a reviewer can
 * read.  tests/cli/test_api.sh exercises every operation it lists, and
 * fails on a listed operation without a test, so it cannot drift.
 */
#include <stdio.h>
#include <stdlib.h>

#include "web/api_internal.h"

#define OPENAPI_FILE "openapi.json"

void api_openapi(web_request *r)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", r->cfg->static_dir ? r->cfg->static_dir : ".",
             OPENAPI_FILE);
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_PRESERVE_ORDER, &je);
    if (!doc) {
        fprintf(stderr, "ogi serve: %s: %s\n", path, je.text);
        web_api_error(r, 500, NULL, "接口说明文档不可用。");
        return;
    }
    web_set_header(r, "Cache-Control", "public, max-age=300");
    api_send(r, 200, doc);
}
