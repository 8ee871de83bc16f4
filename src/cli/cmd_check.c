/*
 * cmd_check.c — `ogi check FILE...`: validate reports and list the findings.
 *
 * Every file is loaded and validated on its own; when the batch holds the
 * same agency's reports for consecutive years, the cross-year rules run too
 * and their findings belong to the later year.  A file that cannot be read
 * is reported and the batch goes on, so one bad file never hides the
 * findings of the others.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/json.h"

static const char check_usage[] =
    "usage: ogi check FILE... [--json] [--lang zh|en]\n"
    "\n"
    "Validate annual reports against the rules of validation-rules.md and print\n"
    "the findings.  FILE is any input ogi reads (report JSON; text, HTML, DOCX,\n"
    "PDF where the importers are built in).  Reports of the same agency for\n"
    "consecutive years are also checked against each other (R2.2, R2.5, R3.4);\n"
    "those findings are listed under the later year.\n"
    "\n"
    "options:\n"
    "  --json          print {\"reports\": [{\"file\", \"findings\"}]} instead of text;\n"
    "                  an unreadable file appears with an \"error\" field\n"
    "  --lang zh|en    language of the messages in text output (default zh)\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit status: 0 no ERROR finding, 1 at least one ERROR finding,\n"
    "             2 bad usage or an unreadable file (the other files are still checked)\n";

typedef struct {
    const char *path;
    ogi_report *report; /* NULL when the file could not be read */
    char error[1024];
    ogi_findings findings;
} checked_file;

typedef struct {
    bool json;
    ogi_lang lang;
} check_options;

/* Parses options; returns the index of the first FILE, -1 for --help, or
 * -2 after a usage error was printed. */
static int parse_options(int argc, char **argv, check_options *o)
{
    static const struct option longs[] = {
        {"json", no_argument, NULL, 'j'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (check_options){false, OGI_LANG_ZH};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'j': o->json = true; break;
        case 'l':
            if (!ogi_cli_parse_lang(optarg, &o->lang)) {
                ogi_cli_usage_error("check", "--lang must be zh or en, not '%s'", optarg);
                return -2;
            }
            break;
        case 'h': return -1;
        default:
            ogi_cli_usage_error("check", "unknown or incomplete option '%s'", argv[optind - 1]);
            return -2;
        }
    }
    return optind;
}

static void load_and_validate(checked_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ogi_findings_init(&files[i].findings);
        files[i].report = ogi_cli_load("check", files[i].path, files[i].error,
                                       sizeof files[i].error);
        if (files[i].report)
            ogi_validate(files[i].report, &files[i].findings);
    }
}

/* The previous year's report of the same agency in the batch, or NULL. */
static const ogi_report *previous_year(const checked_file *files, size_t n, size_t cur)
{
    const ogi_report *r = files[cur].report;
    if (!r || !r->year || !r->agency)
        return NULL;
    for (size_t j = 0; j < n; j++) {
        const ogi_report *p = files[j].report;
        if (j != cur && p && p->agency && p->year == r->year - 1 && ogi_same_agency(p, r))
            return p;
    }
    return NULL;
}

static void validate_pairs(checked_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const ogi_report *prev = previous_year(files, n, i);
        if (prev)
            ogi_validate_pair(prev, files[i].report, &files[i].findings);
    }
}

static void print_finding(const char *path, const ogi_finding *f, ogi_lang lang)
{
    printf("%s: %s %s", path, ogi_severity_name(f->severity), f->rule);
    if (f->n_keys) {
        fputs(" [", stdout);
        for (size_t k = 0; k < f->n_keys; k++)
            printf("%s%s", k ? ", " : "", f->keys[k]);
        fputs("]", stdout);
    } else if (f->table) {
        printf(" [%s]", f->table);
    }
    printf(" %s\n", ogi_cli_message(f, lang));
}

static void print_text(const checked_file *files, size_t n, ogi_lang lang)
{
    size_t errors = 0, warnings = 0, unreadable = 0;
    for (size_t i = 0; i < n; i++) {
        if (!files[i].report) {
            unreadable++;
            continue;
        }
        for (size_t k = 0; k < files[i].findings.n; k++)
            print_finding(files[i].path, &files[i].findings.items[k], lang);
        errors += ogi_findings_count(&files[i].findings, OGI_SEV_ERROR);
        warnings += ogi_findings_count(&files[i].findings, OGI_SEV_WARNING);
    }
    if (lang == OGI_LANG_EN)
        printf("checked %zu file(s): %zu error(s), %zu warning(s), %zu unreadable\n", n, errors,
               warnings, unreadable);
    else
        printf("共检查%zu个文件：错误%zu项，警告%zu项，无法读取%zu个\n", n, errors, warnings,
               unreadable);
}

static void print_json(const checked_file *files, size_t n)
{
    json_t *reports = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(files[i].path));
        if (!files[i].report)
            json_object_set_new(o, "error", json_string(files[i].error));
        json_object_set_new(o, "findings", ogi_findings_to_json(&files[i].findings));
        json_array_append_new(reports, o);
    }
    json_t *doc = json_pack("{s:o}", "reports", reports);
    json_dumpf(doc, stdout, OGI_JSON_DUMP_FLAGS);
    fputc('\n', stdout);
    json_decref(doc);
}

static int exit_status(const checked_file *files, size_t n)
{
    int status = OGI_EXIT_OK;
    for (size_t i = 0; i < n; i++) {
        if (!files[i].report)
            return OGI_EXIT_USAGE;
        if (ogi_findings_count(&files[i].findings, OGI_SEV_ERROR))
            status = OGI_EXIT_FINDINGS;
    }
    return status;
}

int ogi_cmd_check(int argc, char **argv)
{
    check_options o;
    int first = parse_options(argc, argv, &o);
    if (first == -1) {
        fputs(check_usage, stdout);
        return OGI_EXIT_OK;
    }
    if (first < 0)
        return OGI_EXIT_USAGE;
    if (first >= argc)
        return ogi_cli_usage_error("check", "no FILE given");
    size_t n = (size_t)(argc - first);
    checked_file *files = ogi_xcalloc(n, sizeof *files);
    for (size_t i = 0; i < n; i++)
        files[i].path = argv[first + (int)i];
    load_and_validate(files, n);
    validate_pairs(files, n);
    if (o.json)
        print_json(files, n);
    else
        print_text(files, n, o.lang);
    int status = exit_status(files, n);
    for (size_t i = 0; i < n; i++) {
        ogi_findings_free(&files[i].findings);
        ogi_report_free(files[i].report);
    }
    free(files);
    return fflush(stdout) == 0 ? status : OGI_EXIT_USAGE;
}
