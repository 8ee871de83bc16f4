/*
 * cmd_db.c — `ogi db init|migrate`: create a ledger database and bring its
 * schema up to date, printing the schema version either way.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/ledger_cli.h"

static const char db_usage[] =
    "usage: ogi db init FILE\n"
    "       ogi db migrate --db FILE\n"
    "\n"
    "init     create the ledger database FILE (SQLite) if needed and migrate it\n"
    "migrate  apply the schema migrations this ogi knows to an existing database\n"
    "Both print 'schema version N'.\n"
    "\n"
    "exit status: 0 done, 2 bad usage or the database cannot be opened or migrated\n";

/* Open (creating when allowed), migrate, print the version. */
static int migrate(const char *cmd, const char *path, bool create)
{
    char err[512];
    if (!create && !ogi_store_uri_is_postgres(path) && access(path, R_OK | W_OK) != 0) {
        lcli_error(cmd, "%s: %s (create it with 'ogi db init %s')", path, strerror(errno), path);
        return OGI_EXIT_USAGE;
    }
    ogi_store *s = ogi_store_open(path, err, sizeof err);
    if (!s) {
        lcli_error(cmd, "%s: %s", path, err);
        return OGI_EXIT_USAGE;
    }
    int applied = 0;
    int rc = ogi_store_migrate(s, &applied, err, sizeof err);
    if (rc)
        lcli_error(cmd, "%s: %s", path, err);
    else
        printf("schema version %d (%d migration%s applied)\n", ogi_store_schema_version(s),
               applied, applied == 1 ? "" : "s");
    ogi_store_close(s);
    return rc ? OGI_EXIT_USAGE : OGI_EXIT_OK;
}

static int db_init(int argc, char **argv)
{
    lcli_args a = {.cmd = "db init", .usage = db_usage};
    int rc = lcli_parse(&a, argc, argv, NULL, 1, 1);
    return rc ? (rc < 0 ? OGI_EXIT_OK : rc) : migrate(a.cmd, a.pos[0], true);
}

static int db_migrate(int argc, char **argv)
{
    const char *db = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "db migrate", .usage = db_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 1);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    if (!db && a.npos)
        db = a.pos[0];
    if (!db)
        return ogi_cli_usage_error(a.cmd, "--db FILE is required");
    return migrate(a.cmd, db, false);
}

int ogi_cmd_db(int argc, char **argv)
{
    static const lcli_sub subs[] = {{"init", db_init}, {"migrate", db_migrate}, {NULL, NULL}};
    return lcli_dispatch("db", db_usage, subs, argc, argv);
}
