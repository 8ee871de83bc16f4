/*
 * ledger_cli.h — what the ledger commands (db, agency, app, item, case,
 * figure, report) share: one option parser for their many flags, opening
 * the database and the working-day calendar the same way everywhere, the
 * audit actor, CSV import/export, and JSON output.
 *
 * Exit codes (cli.h): 0 done; 1 a legal step was refused (the law or the
 * workflow forbids it — message on stderr says why) or a built report has
 * ERROR findings; 2 bad usage, unreadable input, unknown record.
 */
#ifndef OGI_LEDGER_CLI_H
#define OGI_LEDGER_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "ogi/csv_io.h"
#include "ogi/ledger.h"

int ogi_cmd_db(int argc, char **argv);
int ogi_cmd_agency(int argc, char **argv);
int ogi_cmd_app(int argc, char **argv);
int ogi_cmd_item(int argc, char **argv);
int ogi_cmd_case(int argc, char **argv);
int ogi_cmd_figure(int argc, char **argv);
int ogi_cmd_report(int argc, char **argv);

/* One option: "--name VALUE" / "--name=VALUE" when value is set, a bare
 * "--name" when flag is set.  A one-letter name is also "-n". */
typedef struct {
    const char *name;
    const char **value;
    bool *flag;
} lcli_opt;

#define LCLI_MAX_ARGS 8

typedef struct {
    const char *cmd;               /* "app new": used in messages */
    const char *usage;             /* printed by --help */
    const char *pos[LCLI_MAX_ARGS];/* positional arguments */
    int npos;
} lcli_args;

/* Parse argv[1..] (argv[0] is the subcommand).  Returns -1 when --help was
 * printed (exit 0), OGI_EXIT_USAGE after a usage error, else 0.  Checks
 * that between min_pos and max_pos positional arguments were given. */
int lcli_parse(lcli_args *a, int argc, char **argv, const lcli_opt *opts, int min_pos,
               int max_pos);

/* Dispatch "CMD SUB ...": subs is a NULL-name-terminated table. */
typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
} lcli_sub;
int lcli_dispatch(const char *cmd, const char *usage, const lcli_sub *subs, int argc,
                  char **argv);

/* Open an existing, migrated database (NULL after a message on stderr). */
ogi_store *lcli_open(const char *cmd, const char *db);
/* The calendar: path, else $OGI_DATA/holidays.csv, else <exe dir>/../data/holidays.csv. */
ogi_calendar *lcli_calendar(const char *cmd, const char *path);
/* The audit actor: given, else $USER, else "cli". */
const char *lcli_actor(const char *given);
/* An agency by name or alias; 0 after a message. */
int64_t lcli_agency(const char *cmd, ogi_store *s, const char *name);
/* A positive integer; false when text is not one. */
bool lcli_int(const char *text, int64_t *out);
/* Today's date (UTC+8, the statute's clock; OGI_TODAY pins it) as YYYY-MM-DD. */
const char *lcli_today(char *buf);
/* Print JSON on stdout with OGI_JSON_DUMP_FLAGS and a newline; takes j. */
int lcli_print_json(json_t *j);
/* Error printing: "ogi CMD: message". */
void lcli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A string, or JSON null for NULL and "" (the store keeps unset text as ""). */
json_t *lcli_jstr(const char *s);

/* `CMD import FILE` / `CMD export [--agency A]` for a CSV kind. */
int lcli_csv_import(const char *cmd, int argc, char **argv, ogi_csv_kind kind, bool needs_cal);
int lcli_csv_export(const char *cmd, int argc, char **argv, ogi_csv_kind kind);

#endif
