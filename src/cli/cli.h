/*
 * cli.h — what every subcommand file shares: the dispatch entry, the
 * documented exit codes, and the few helpers (cli_util.c) that keep option
 * handling, input loading and output writing the same in every command.
 */
#ifndef OGI_CLI_H
#define OGI_CLI_H

#include <stdbool.h>

#include "ogi/buf.h"
#include "ogi/report.h"
#include "ogi/validate.h"

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

/* The subcommands, one file each (cmd_<name>.c). */
int ogi_cmd_check(int argc, char **argv);
int ogi_cmd_render(int argc, char **argv);
int ogi_cmd_new(int argc, char **argv);
int ogi_cmd_import(int argc, char **argv);
int ogi_cmd_serve(int argc, char **argv);
int ogi_cmd_user(int argc, char **argv);

/* Language of human-readable output. */
typedef enum { OGI_LANG_ZH, OGI_LANG_EN } ogi_lang;

/* "zh" / "en" → *lang; false when neither. */
bool ogi_cli_parse_lang(const char *s, ogi_lang *lang);

/* A usage error: "ogi CMD: message" and a pointer to --help, on stderr.
 * Returns OGI_EXIT_USAGE so callers can `return ogi_cli_usage_error(...)`. */
int ogi_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Load any input file ogi can read (ogi_import_file).  On failure prints
 * "ogi CMD: <reason naming the file>" on stderr, copies the reason into
 * err (when given) and returns NULL. */
ogi_report *ogi_cli_load(const char *cmd, const char *path, char *err, size_t errlen);

/* Write out to the file at path, or to stdout when path is NULL or "-".
 * Returns 0, or prints an error naming the file and returns -1. */
int ogi_cli_write(const char *cmd, const char *path, const ogi_buf *out);

/* The finding's message in the chosen language. */
const char *ogi_cli_message(const ogi_finding *f, ogi_lang lang);

#endif
