/*
 * cmd_user.c — `ogi user add`: create a staff account for the web console.
 *
 * The password is read from standard input only (never from the command
 * line, where other users could see it in the process list) and stored as
 * an argon2id hash; neither is ever printed or written to the audit log.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/store.h"
#include "ogi/web.h"

#define PASSWORD_MIN 8
#define PASSWORD_MAX 1024

static const char user_usage[] =
    "usage: ogi user add --db FILE --name NAME --role admin|officer|reviewer\n"
    "                    [--agency NAME] --password-stdin\n"
    "\n"
    "Create a staff account for the web console (ogi serve).  The password is\n"
    "read from the first line of standard input (at least 8 bytes) and stored as\n"
    "an argon2id hash.  Administrators see every agency; an officer or reviewer\n"
    "with --agency sees only that agency.\n"
    "\n"
    "options:\n"
    "  --db FILE          the ledger database (migrated if needed; required)\n"
    "  --name NAME        login name (required, unique)\n"
    "  --role ROLE        admin, officer or reviewer (required)\n"
    "  --agency NAME      the agency an officer or reviewer works for\n"
    "  --password-stdin   read the password from standard input (required)\n"
    "  -h, --help         show this help\n"
    "\n"
    "environment: OGI_PWHASH_COST=min makes hashing cheap and weak — for tests only.\n"
    "exit status: 0 created, 2 bad usage or the account cannot be created\n";

typedef struct {
    const char *db, *name, *role, *agency;
    bool password_stdin, help;
} user_options;

static int parse_options(int argc, char **argv, user_options *o)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},     {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},   {"agency", required_argument, NULL, 'a'},
        {"password-stdin", no_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'n': o->name = optarg; break;
        case 'r': o->role = optarg; break;
        case 'a': o->agency = optarg; break;
        case 'p': o->password_stdin = true; break;
        case 'h': o->help = true; break;
        default: return ogi_cli_usage_error("user", "unknown or incomplete option");
        }
    }
    if (o->help)
        return OGI_EXIT_OK;
    if (optind >= argc || strcmp(argv[optind], "add") || optind + 1 < argc)
        return ogi_cli_usage_error("user", "the only subcommand is 'add'");
    if (!o->db || !o->name || !o->name[0] || !o->role)
        return ogi_cli_usage_error("user", "--db, --name and --role are required");
    if (strcmp(o->role, "admin") && strcmp(o->role, "officer") && strcmp(o->role, "reviewer"))
        return ogi_cli_usage_error("user", "--role must be admin, officer or reviewer, not '%s'",
                                   o->role);
    if (!o->password_stdin)
        return ogi_cli_usage_error("user", "--password-stdin is required (passwords are never "
                                           "taken from the command line)");
    return OGI_EXIT_OK;
}

/* The first line of stdin without its line ending; NULL after saying why. */
static char *read_password(void)
{
    char *line = ogi_xmalloc(PASSWORD_MAX + 2);
    if (!fgets(line, PASSWORD_MAX + 2, stdin)) {
        free(line);
        fprintf(stderr, "ogi user: no password on standard input\n");
        return NULL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    size_t n = strlen(line);
    if (n < PASSWORD_MIN || n > PASSWORD_MAX) {
        fprintf(stderr, "ogi user: the password must be %d to %d bytes long\n", PASSWORD_MIN,
                PASSWORD_MAX);
        free(line);
        return NULL;
    }
    return line;
}

static int add_user(ogi_store *s, const user_options *o, const char *hash)
{
    ogi_user u = {.name = (char *)o->name, .role = (char *)o->role};
    if (o->agency) {
        ogi_agency a;
        int found = ogi_store_agency_find(s, o->agency, &a);
        if (found != 1) {
            fprintf(stderr, "ogi user: agency '%s' %s\n", o->agency,
                    found == 0 ? "does not exist" : ogi_store_error(s));
            return -1;
        }
        u.agency_id = a.id;
        ogi_agency_free(&a);
    }
    if (ogi_store_user_add(s, &u, hash, "ogi user add")) {
        fprintf(stderr, "ogi user: cannot add user '%s': %s\n", o->name, ogi_store_error(s));
        return -1;
    }
    printf("ogi user: added %s '%s' (id %lld)\n", o->role, o->name, (long long)u.id);
    return 0;
}

int ogi_cmd_user(int argc, char **argv)
{
    user_options o;
    if (parse_options(argc, argv, &o) != OGI_EXIT_OK)
        return OGI_EXIT_USAGE;
    if (o.help) {
        fputs(user_usage, stdout);
        return OGI_EXIT_OK;
    }
    char *password = read_password();
    if (!password)
        return OGI_EXIT_USAGE;
    char *hash = ogi_web_password_hash(password);
    memset(password, 0, strlen(password));
    free(password);
    if (!hash) {
        fprintf(stderr, "ogi user: password hashing failed (out of memory?)\n");
        return OGI_EXIT_USAGE;
    }
    char err[1024];
    ogi_store *s = ogi_store_open(o.db, err, sizeof err);
    int rc = s && !ogi_store_migrate(s, NULL, err, sizeof err) ? 0 : -1;
    if (rc)
        fprintf(stderr, "ogi user: %s\n", err);
    else
        rc = add_user(s, &o, hash);
    ogi_store_close(s);
    free(hash);
    return rc ? OGI_EXIT_USAGE : OGI_EXIT_OK;
}
