/*
 * fuzz_json.c — libFuzzer target: arbitrary bytes through the report JSON
 * reader (what `ogi check file.json` and `ogi render` read), then what
 * check does with a report: validate it, and write it back as JSON.
 *
 * The writer promises a lossless round trip (ogi/json.h), so a report that
 * was read once must read again from its own JSON and write the same JSON:
 * a difference aborts, and libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/json.h"
#include "ogi/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dump(const ogi_report *r, const ogi_findings *f)
{
    json_t *j = ogi_report_to_json(r, f);
    char *s = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    ogi_report *r = ogi_report_from_json_text((const char *)data, size, err, sizeof err);
    if (!r)
        return 0;
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(r, &f);
    char *first = dump(r, &f);
    ogi_findings_free(&f);
    char *plain = dump(r, NULL);
    ogi_report *again = ogi_report_from_json_text(plain, strlen(plain), err, sizeof err);
    if (!again) {
        fprintf(stderr, "report JSON written by ogi does not read back: %s\n%s\n", err, plain);
        abort();
    }
    char *second = dump(again, NULL);
    if (strcmp(plain, second)) {
        fprintf(stderr, "JSON round trip changed the report:\n--- first\n%s\n--- second\n%s\n",
                plain, second);
        abort();
    }
    free(first);
    free(plain);
    free(second);
    ogi_report_free(again);
    ogi_report_free(r);
    return 0;
}
