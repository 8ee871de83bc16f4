/*
 * cmd_new.c — `ogi new`: a blank report to fill in.  The blank comes from
 * the format definition (ogi_report_blank), so it always holds exactly the
 * cells the report year's format requires, each present and null.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/json.h"

static const char new_usage[] =
    "usage: ogi new --agency NAME --year YEAR [--kind department|government|township|other]\n"
    "\n"
    "Print a blank report JSON on standard output: metadata filled in, the six\n"
    "sections empty, and every cell required by the year's format (v2019 for\n"
    "2019-2020, v2021 from 2021) present as null.  Schema: docs/json.md.\n"
    "\n"
    "options:\n"
    "  --agency NAME   reporting body, e.g. 枣阳市人民政府办公室 (required)\n"
    "  --year YEAR     statistical year, 2019 or later (required)\n"
    "  --kind KIND     department, government, township or other (default: unset)\n"
    "  -h, --help      show this help\n"
    "\n"
    "exit status: 0 printed, 2 bad usage\n";

typedef struct {
    const char *agency;
    int year;
    ogi_agency_kind kind;
    bool help;
} new_options;

static bool parse_year(const char *s, int *year)
{
    char *end;
    long y = strtol(s, &end, 10);
    if (end == s || *end || y < 1000 || y > 9999)
        return false;
    *year = (int)y;
    return true;
}

/* Applies one option: OGI_EXIT_OK, or OGI_EXIT_USAGE after saying why. */
static int apply_option(int c, const char *arg, new_options *o)
{
    switch (c) {
    case 'h': o->help = true; return OGI_EXIT_OK;
    case 'a': o->agency = arg; return OGI_EXIT_OK;
    case 'y':
        if (parse_year(arg, &o->year))
            return OGI_EXIT_OK;
        return ogi_cli_usage_error("new", "--year must be a four-digit year, not '%s'", arg);
    case 'k':
        o->kind = ogi_agency_kind_parse(arg);
        if (o->kind != OGI_KIND_UNKNOWN)
            return OGI_EXIT_OK;
        return ogi_cli_usage_error(
            "new", "--kind must be department, government, township or other, not '%s'", arg);
    default: return ogi_cli_usage_error("new", "unknown or incomplete option");
    }
}

/* OGI_EXIT_OK when the options make sense (or --help was asked for). */
static int parse_options(int argc, char **argv, new_options *o)
{
    static const struct option longs[] = {
        {"agency", required_argument, NULL, 'a'},
        {"year", required_argument, NULL, 'y'},
        {"kind", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (new_options){NULL, 0, OGI_KIND_UNKNOWN, false};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1)
        if (apply_option(c, optarg, o) != OGI_EXIT_OK)
            return OGI_EXIT_USAGE;
    if (o->help)
        return OGI_EXIT_OK;
    if (optind < argc)
        return ogi_cli_usage_error("new", "unexpected argument '%s'", argv[optind]);
    if (!o->agency || !o->agency[0])
        return ogi_cli_usage_error("new", "--agency NAME is required");
    if (!o->year)
        return ogi_cli_usage_error("new", "--year YEAR is required");
    if (ogi_format_for_year(o->year) == OGI_FORMAT_UNKNOWN)
        return ogi_cli_usage_error("new", "no report format covers %d (formats exist from 2019)",
                                   o->year);
    return OGI_EXIT_OK;
}

int ogi_cmd_new(int argc, char **argv)
{
    new_options o;
    if (parse_options(argc, argv, &o) != OGI_EXIT_OK)
        return OGI_EXIT_USAGE;
    if (o.help) {
        fputs(new_usage, stdout);
        return OGI_EXIT_OK;
    }
    ogi_report *r = ogi_report_blank(o.agency, o.year, o.kind);
    json_t *j = ogi_report_to_json(r, NULL);
    char *text = json_dumps(j, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    ogi_report_free(r);
    ogi_buf out;
    ogi_buf_init(&out);
    ogi_buf_puts(&out, text);
    ogi_buf_putc(&out, '\n');
    free(text);
    int rc = ogi_cli_write("new", NULL, &out);
    ogi_buf_free(&out);
    return rc == 0 ? OGI_EXIT_OK : OGI_EXIT_USAGE;
}
