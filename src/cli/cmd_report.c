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
#include "ogi/analysis.h"
#include "ogi/json.h"
#include "render/xlsx_tables.h"

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
    "\n"
    "usage: ogi report summary --db FILE --region NAME --year Y\n"
    "                          [--source auto|ledger|published] [-o SUMMARY.json]\n"
    "                          [--xlsx SUMMARY.xlsx]\n"
    "summary     the regional 汇总 report: the cells summed over the region (the agency\n"
    "            and its whole subtree), each agency's report taken from its ledger\n"
    "            when it has data for the year, else its latest published or imported\n"
    "            report (--source ledger / published restricts this).  The JSON adds\n"
    "            \"breakdown\" (one entry per agency counted) and \"missing\" (agencies\n"
    "            without a report, never counted as zero); see docs/analysis.md.\n"
    "            --xlsx also writes a workbook: the 汇总 report's sheets in the\n"
    "            official layout, 分机关明细 (per agency) and 缺少报告.\n"
    "\n"
    "usage: ogi report compliance --db FILE --year Y [--region NAME] [--json]\n"
    "compliance  Art. 49 publication per agency: on time (department: 31 Jan of\n"
    "            Y+1; government: 31 Mar), late, no statutory date (township,\n"
    "            other), not published; with the ERROR findings of what was published.\n"
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

/* ---- summary: the regional 汇总 report ---- */

static void print_summary_notes(const ogi_summary *sm)
{
    for (size_t i = 0; i < sm->n_missing; i++)
        fprintf(stderr, "缺少报告：%s（%d 年，未计入汇总）\n", sm->missing[i].name, sm->year);
    for (size_t i = 0; i < sm->n_parts; i++)
        if (sm->parts[i].n_not_values)
            fprintf(stderr, "WARNING %s：%zu 个单元格为空或无法读取，未计入（首个：%s）\n",
                    sm->parts[i].agency.name, sm->parts[i].n_not_values,
                    sm->parts[i].not_values[0]);
}

static int emit_summary(const char *cmd, const ogi_summary *sm, const char *outpath)
{
    ogi_findings f;
    ogi_findings_init(&f);
    ogi_validate(sm->total, &f);
    json_t *j = ogi_summary_to_json(sm, &f);
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    ogi_buf out;
    ogi_buf_init(&out);
    ogi_buf_puts(&out, text ? text : "{}");
    ogi_buf_putc(&out, '\n');
    free(text);
    int rc = ogi_cli_write(cmd, outpath, &out) ? OGI_EXIT_USAGE : OGI_EXIT_OK;
    ogi_buf_free(&out);
    print_summary_notes(sm);
    print_findings(&f, OGI_LANG_ZH);
    if (!rc && ogi_findings_count(&f, OGI_SEV_ERROR))
        rc = OGI_EXIT_FINDINGS;
    ogi_findings_free(&f);
    return rc;
}

/* The summary workbook (--xlsx): official sheets, breakdown, missing. */
static int summary_xlsx(const char *cmd, const ogi_summary *sm, const char *path)
{
    ogi_xtable t[2];
    ogi_xtable_breakdown(sm, &t[0]);
    ogi_xtable_missing(sm, &t[1]);
    char err[512];
    int rc = ogi_xlsx_tables_file(path, sm->total, t, 2, err, sizeof err);
    if (rc)
        lcli_error(cmd, "%s", err);
    ogi_xtable_free(&t[0]);
    ogi_xtable_free(&t[1]);
    return rc;
}

static int report_summary(int argc, char **argv)
{
    const char *db = NULL, *region = NULL, *year = NULL, *source = NULL, *outpath = NULL,
               *xlsx = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL},         {"region", &region, NULL},
                             {"xlsx", &xlsx, NULL},
                             {"year", &year, NULL},     {"source", &source, NULL},
                             {"o", &outpath, NULL},     {"output", &outpath, NULL},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "report summary", .usage = report_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t y;
    ogi_source_pref pref = OGI_SOURCE_AUTO;
    if (!lcli_int(year, &y) || y > 9999)
        return ogi_cli_usage_error(a.cmd, "--year Y is required");
    if (!region)
        return ogi_cli_usage_error(a.cmd, "--region NAME is required");
    if (source && !ogi_source_pref_parse(source, &pref))
        return ogi_cli_usage_error(a.cmd, "--source must be auto, ledger or published");
    ogi_store *s = lcli_open(a.cmd, db);
    int64_t root = s ? lcli_agency(a.cmd, s, region) : 0;
    rc = OGI_EXIT_USAGE;
    if (root) {
        ogi_summary sm;
        char err[512];
        if (ogi_region_summary(s, root, (int)y, pref, &sm, err, sizeof err) == 0) {
            rc = emit_summary(a.cmd, &sm, outpath);
            if (xlsx && summary_xlsx(a.cmd, &sm, xlsx))
                rc = OGI_EXIT_USAGE;
        }
        else
            lcli_error(a.cmd, "%s: %s", region, err);
        ogi_summary_free(&sm);
    }
    ogi_store_close(s);
    return rc;
}

/* ---- compliance with Art. 49 ---- */

static json_t *compliance_json(const ogi_compliance_row *rows, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const ogi_compliance_row *r = &rows[i];
        json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "agency", r->agency.name, "kind",
                              ogi_agency_kind_name(r->agency.kind), "status",
                              ogi_pub_status_name(r->status), "status_zh",
                              ogi_pub_status_label(r->status));
        json_object_set_new(o, "deadline", lcli_jstr(r->deadline));
        json_object_set_new(o, "published", lcli_jstr(r->published));
        json_object_set_new(o, "source", lcli_jstr(r->source));
        if (r->source_id)
            json_object_set_new(o, "source_id", json_integer(r->source_id));
        json_object_set_new(o, "errors", json_integer((json_int_t)r->n_errors));
        json_array_append_new(arr, o);
    }
    return arr;
}

static void compliance_text(const ogi_compliance_row *rows, size_t n, int year)
{
    size_t count[5] = {0}, with_errors = 0;
    for (size_t i = 0; i < n; i++) {
        const ogi_compliance_row *r = &rows[i];
        count[r->status]++;
        with_errors += r->status != OGI_PUB_NOT_PUBLISHED && r->n_errors;
        printf("%s\t%s\t%s\t期限 %s\t发布 %s", ogi_pub_status_label(r->status), r->agency.name,
               ogi_agency_kind_name(r->agency.kind), r->deadline[0] ? r->deadline : "无法定期限",
               r->published[0] ? r->published : "-");
        if (r->status != OGI_PUB_NOT_PUBLISHED)
            printf("\tERROR %zu", r->n_errors);
        putchar('\n');
    }
    printf("%d 年度：%zu 个机关，按时 %zu，逾期 %zu，无法定期限 %zu，日期不明 %zu，未发布 %zu；"
           "有 ERROR 的已发布报告 %zu\n",
           year, n, count[OGI_PUB_ON_TIME], count[OGI_PUB_LATE], count[OGI_PUB_NO_DEADLINE],
           count[OGI_PUB_DATE_UNKNOWN], count[OGI_PUB_NOT_PUBLISHED], with_errors);
}

static int report_compliance(int argc, char **argv)
{
    const char *db = NULL, *region = NULL, *year = NULL;
    bool as_json = false;
    const lcli_opt opts[] = {{"db", &db, NULL},     {"region", &region, NULL},
                             {"year", &year, NULL}, {"json", NULL, &as_json},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "report compliance", .usage = report_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t y;
    if (!lcli_int(year, &y) || y > 9999)
        return ogi_cli_usage_error(a.cmd, "--year Y is required");
    ogi_store *s = lcli_open(a.cmd, db);
    int64_t root = s && region ? lcli_agency(a.cmd, s, region) : 0;
    rc = OGI_EXIT_USAGE;
    ogi_compliance_row *rows = NULL;
    size_t n = 0;
    char err[512];
    if (s && (!region || root)) {
        if (ogi_compliance(s, root, (int)y, &rows, &n, err, sizeof err) < 0)
            lcli_error(a.cmd, "%s", err);
        else if (as_json)
            rc = lcli_print_json(compliance_json(rows, n)) ? OGI_EXIT_USAGE : OGI_EXIT_OK;
        else {
            compliance_text(rows, n, (int)y);
            rc = OGI_EXIT_OK;
        }
    }
    ogi_compliance_free(rows, n);
    ogi_store_close(s);
    return rc;
}

int ogi_cmd_report(int argc, char **argv)
{
    static const lcli_sub subs[] = {{"build", report_build},
                                    {"summary", report_summary},
                                    {"compliance", report_compliance},
                                    {NULL, NULL}};
    return lcli_dispatch("report", report_usage, subs, argc, argv);
}
