/*
 * main.c — `ogi`: git-style dispatch to one file per subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/ledger_cli.h"

int ogi_cmd_demo(int argc, char **argv); /* cmd_demo.c */
int ogi_cmd_corpus(int argc, char **argv); /* cmd_corpus.c */
int ogi_cmd_token(int argc, char **argv); /* cmd_token.c */

static const ogi_command commands[] = {
    {"check", "validate reports and list the findings", ogi_cmd_check},
    {"render", "render a report as HTML, Markdown, text, CSV or JSON", ogi_cmd_render},
    {"new", "print a blank report JSON for an agency and year", ogi_cmd_new},
    {"import", "read published reports (text, HTML, DOCX, PDF) into report JSON", ogi_cmd_import},
    {"serve", "serve the public portal and the staff console over HTTP", ogi_cmd_serve},
    {"user", "manage staff accounts of the web console", ogi_cmd_user},
    {"token", "issue API tokens for the JSON API of ogi serve", ogi_cmd_token},
    {"db", "create or migrate a ledger database", ogi_cmd_db},
    {"agency", "register and list agencies", ogi_cmd_agency},
    {"app", "applications: intake, legal steps, due dates, CSV", ogi_cmd_app},
    {"item", "proactive-disclosure registry items and their review", ogi_cmd_item},
    {"case", "administrative reviews and lawsuits", ogi_cmd_case},
    {"figure", "yearly figures of section 2 (entered, not computed)", ogi_cmd_figure},
    {"report", "build the annual report from the ledger", ogi_cmd_report},
    {"demo", "create a database with a demonstration ledger and staff", ogi_cmd_demo},
    {"corpus", "load published reports into the database; cross-year analysis",
     ogi_cmd_corpus},
    {NULL, NULL, NULL},
};

static void usage(FILE *out)
{
    fputs("usage: ogi <command> [options]\n\ncommands:\n", out);
    for (const ogi_command *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fputs("\nRun 'ogi <command> --help' for a command's options.\n"
          "\nexit status:\n"
          "  0  success, and no ERROR finding\n"
          "  1  at least one ERROR finding (ogi check)\n"
          "  2  bad usage, or an input that cannot be read\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? OGI_EXIT_USAGE : OGI_EXIT_OK;
    }
    for (const ogi_command *c = commands; c->name; c++)
        if (!strcmp(argv[1], c->name))
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "ogi: '%s' is not a command. See 'ogi --help'.\n", argv[1]);
    return OGI_EXIT_USAGE;
}
