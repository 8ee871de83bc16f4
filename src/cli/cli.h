/*
 * cli.h — what every subcommand file shares: the dispatch entry and the
 * documented exit codes.
 */
#ifndef OGI_CLI_H
#define OGI_CLI_H

enum {
    OGI_EXIT_OK = 0,       /* success; no ERROR findings */
    OGI_EXIT_FINDINGS = 1, /* at least one ERROR finding */
    OGI_EXIT_USAGE = 2,    /* bad usage, or unreadable input */
};

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} ogi_command;

#endif
