/*
 * cmd_report.c — `ogi report build`: the annual report computed from the
 * ledger (never typed), printed as report JSON and validated on the way
 * out.  Further subcommands (summary …) join the table at the bottom.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ledger_cli.h"
#include "ogi/json.h"

static const char report_usage[] =
    "usage: ogi report build --db FILE --agency NAME --year Y [--sections TEXT.json]\n"
    "                        [-o REPORT.json] [--findings] [--lang zh|en]\n"
    "\n"
    "build  compute the annual report of an agency for a year from the ledger:\n"
    "       section 二 from the registry and the yearly figures (ogi figure set),\n"
    "       三 from the applications' handlings, 四 from the cases; the narrative of\n"
    "       sections 一–六 from --sections (a JSON object {\"s1\": \"…\", …}).  The\n"
    "       report JSON goes to stdout (or -o FILE).  It is validated: the findings\n"
    "       are listed on stderr with a summary line, and included in the JSON\n"
    "       under \"findings\" only with --findings.\n"
    "\n"
    "exit status: 0 no ERROR finding, 1 at least one ERROR finding,\n"
    "             2 bad usage, unknown agency or unreadable --sections file\n";

static void print_findings(const ogi_findings *f, ogi_lang lang)
{
    for (size_t i = 0; i < f->n; i++)
        fprintf(stderr, "%s %s: %s\n", ogi_severity_name(f->items[i].severity),
                f->items[i].rule, ogi_cli_message(&f->items[i], lang));
    fprintf(stderr, "%zu ERROR, %zu WARNING\n", ogi_findings_count(f, OGI_SEV_ERROR),
            ogi_findings_count(f, OGI_SEV_WARNING));
}

/* Validate, write the JSON, report the findings; the exit status. */
static int emit(const char *cmd, const ogi_report *r, const char *outpath, bool with_findings,
                ogi_lang lang)
{
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(r, &f);
    json_t *j = ogi_report_to_json(r, with_findings ? &f : NULL);
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    ogi_buf out;
    ogi_buf_init(&out);
    ogi_buf_puts(&out, text ? text : "{}");
    ogi_buf_putc(&out, '\n');
    free(text);
    int rc = ogi_cli_write(cmd, outpath, &out) ? OGI_EXIT_USAGE : OGI_EXIT_OK;
    ogi_buf_free(&out);
    print_findings(&f, lang);
    if (!rc && ogi_findings_count(&f, OGI_SEV_ERROR))
        rc = OGI_EXIT_FINDINGS;
    ogi_findings_free(&f);
    return rc;
}

static int report_build(int argc, char **argv)
{
    const char *db = NULL, *agency = NULL, *year = NULL, *sections = NULL, *outpath = NULL,
               *lang_text = NULL;
    bool with_findings = false;
    const lcli_opt opts[] = {{"db", &db, NULL},           {"agency", &agency, NULL},
                             {"year", &year, NULL},       {"sections", &sections, NULL},
                             {"o", &outpath, NULL},       {"output", &outpath, NULL},
                             {"lang", &lang_text, NULL},  {"findings", NULL, &with_findings},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "report build", .usage = report_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t y;
    ogi_lang lang = OGI_LANG_ZH;
    if (!lcli_int(year, &y) || y > 9999)
        return ogi_cli_usage_error(a.cmd, "--year Y is required");
    if (lang_text && !ogi_cli_parse_lang(lang_text, &lang))
        return ogi_cli_usage_error(a.cmd, "--lang must be zh or en");
    char *text = NULL;
    size_t len;
    if (sections && !(text = ogi_read_file(sections, 16u << 20, &len))) {
        lcli_error(a.cmd, "%s: %s", sections, strerror(errno));
        return OGI_EXIT_USAGE;
    }
    ogi_store *s = lcli_open(a.cmd, db);
    int64_t agency_id = s ? lcli_agency(a.cmd, s, agency) : 0;
    rc = OGI_EXIT_USAGE;
    if (agency_id) {
        char err[512];
        ogi_report *r = ogi_ledger_build_report(s, agency_id, (int)y, text, err, sizeof err);
        if (!r)
            lcli_error(a.cmd, "%s%s%s", sections && strstr(err, "narrative") ? sections : "",
                       sections && strstr(err, "narrative") ? ": " : "", err);
        else
            rc = emit(a.cmd, r, outpath, with_findings, lang);
        ogi_report_free(r);
    }
    free(text);
    ogi_store_close(s);
    return rc;
}

int ogi_cmd_report(int argc, char **argv)
{
    static const lcli_sub subs[] = {{"build", report_build}, {NULL, NULL}};
    return lcli_dispatch("report", report_usage, subs, argc, argv);
}
