/*
 * cmd_render.c — `ogi render FILE --to FORMAT`: one report in one output
 * format (HTML, Markdown, text, CSV, JSON), optionally with its findings;
 * or as a Word / Excel file (DOCX, XLSX), which needs -o: a zip archive is
 * never written to standard output.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/render.h"

static const char render_usage[] =
    "usage: ogi render FILE --to html|md|txt|csv|json [-o OUT] [--findings]\n"
    "       ogi render FILE --to docx|xlsx -o OUT\n"
    "\n"
    "Render one report.  FILE is any input ogi reads (report JSON; text, HTML,\n"
    "DOCX, PDF where the importers are built in).\n"
    "\n"
    "options:\n"
    "  --to FORMAT       html, md, txt, csv, json, docx or xlsx (required)\n"
    "  -o, --output OUT  write to OUT instead of standard output ('-' = stdout);\n"
    "                    required for docx (Word) and xlsx (Excel, tables only)\n"
    "  --findings        validate the report and show the findings in the output\n"
    "                    (HTML, Markdown, text and JSON show them; CSV has the cells only)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 rendered (findings do not change it), 2 bad usage, unreadable\n"
    "             input or unwritable output\n";

typedef struct {
    const char *file, *to, *output;
    bool findings;
} render_options;

/* 0 = options read, 1 = --help, -1 = usage error already printed. */
static int parse_options(int argc, char **argv, render_options *o)
{
    static const struct option longs[] = {
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"findings", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (render_options){0};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longs, NULL)) != -1) {
        switch (c) {
        case 't': o->to = optarg; break;
        case 'o': o->output = optarg; break;
        case 'f': o->findings = true; break;
        case 'h': return 1;
        default:
            ogi_cli_usage_error("render", "unknown or incomplete option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    if (optind != argc - 1) {
        ogi_cli_usage_error("render", optind >= argc ? "no FILE given" : "exactly one FILE, please");
        return -1;
    }
    o->file = argv[optind];
    if (!o->to) {
        ogi_cli_usage_error("render", "--to FORMAT is required");
        return -1;
    }
    return 0;
}

/* DOCX / XLSX: a zip archive, written straight to the -o file. */
static int render_office(const ogi_report *r, const render_options *o, ogi_render_format fmt)
{
    char err[512] = "";
    int rc = fmt == OGI_RENDER_DOCX ? ogi_render_docx_file(r, o->output, err, sizeof err)
                                    : ogi_render_xlsx_file(r, o->output, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "ogi render: %s: %s\n", o->file, err);
    return rc == 0 ? OGI_EXIT_OK : OGI_EXIT_USAGE;
}

static int render_report(const ogi_report *r, const render_options *o, ogi_render_format fmt)
{
    ogi_findings findings;
    ogi_findings_init(&findings);
    if (o->findings)
        ogi_validate(r, &findings);
    ogi_buf out;
    ogi_buf_init(&out);
    int rc = ogi_render(r, o->findings ? &findings : NULL, fmt, &out);
    if (rc != 0)
        fprintf(stderr, "ogi render: %s: could not render as %s\n", o->file, o->to);
    else
        rc = ogi_cli_write("render", o->output, &out);
    ogi_buf_free(&out);
    ogi_findings_free(&findings);
    return rc == 0 ? OGI_EXIT_OK : OGI_EXIT_USAGE;
}

int ogi_cmd_render(int argc, char **argv)
{
    render_options o;
    int p = parse_options(argc, argv, &o);
    if (p == 1) {
        fputs(render_usage, stdout);
        return OGI_EXIT_OK;
    }
    if (p < 0)
        return OGI_EXIT_USAGE;
    int fmt = ogi_render_format_parse(o.to);
    if (fmt < 0)
        return ogi_cli_usage_error("render",
                                   "unknown format '%s' (html, md, txt, csv, json, docx, xlsx)", o.to);
    bool office = ogi_render_format_is_file((ogi_render_format)fmt);
    if (office && (!o.output || !strcmp(o.output, "-")))
        return ogi_cli_usage_error("render", "--to %s writes a binary file: give -o OUT.%s", o.to,
                                   o.to);
    ogi_report *r = ogi_cli_load("render", o.file, NULL, 0);
    if (!r)
        return OGI_EXIT_USAGE;
    int status = office ? render_office(r, &o, (ogi_render_format)fmt)
                        : render_report(r, &o, (ogi_render_format)fmt);
    ogi_report_free(r);
    return status;
}
