/*
 * main.c — `ogi`: git-style dispatch to one file per subcommand.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const ogi_command commands[] = {
    {"check", "validate reports and list the findings", ogi_cmd_check},
    {"render", "render a report as HTML, Markdown, text, CSV or JSON", ogi_cmd_render},
    {"new", "print a blank report JSON for an agency and year", ogi_cmd_new},
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
