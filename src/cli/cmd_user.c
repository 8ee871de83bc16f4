/*
 * cmd_user.c — `ogi user`: staff accounts of the web console from the
 * command line.  `add` creates the first administrator (and any account);
 * `list` shows accounts without their hashes; `disable` / `enable` stop or
 * restore one (disabling ends its sessions and revokes its API tokens).
 *
 * The password is read from standard input only (never from the command
 * line, where other users could see it in the process list) and stored as
 * an argon2id hash; neither is ever printed or written to the audit log.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/store.h"
#include "ogi/web.h"

static const char user_usage[] =
    "usage: ogi user add --db FILE --name NAME --role admin|officer|reviewer\n"
    "                    [--agency NAME] --password-stdin\n"
    "       ogi user list --db FILE [--json]\n"
    "       ogi user disable|enable --db FILE --name NAME\n"
    "\n"
    "Manage staff accounts of the web console (ogi serve).  add: the password is\n"
    "read from the first line of standard input (8 to 1024 bytes) and stored as an\n"
    "argon2id hash.  Administrators see every agency; an officer or reviewer must\n"
    "be given --agency and sees only that agency.  list: every account (never a\n"
    "hash).  disable: the account can no longer sign in, its sessions end and its\n"
    "API tokens are revoked; enable: it can sign in again.  Every change is\n"
    "written to the audit log.\n"
    "\n"
    "options:\n"
    "  --db FILE          the ledger database (migrated if needed; required)\n"
    "  --name NAME        login name (required for add, disable, enable)\n"
    "  --role ROLE        admin, officer or reviewer (add; required)\n"
    "  --agency NAME      the agency of an officer or reviewer (add; required for them)\n"
    "  --password-stdin   read the password from standard input (add; required)\n"
    "  --json             list as a JSON array\n"
    "  -h, --help         show this help\n"
    "\n"
    "environment: OGI_PWHASH_COST=min makes hashing cheap and weak — for tests only.\n"
    "exit status: 0 done, 2 bad usage or the change cannot be made\n";

typedef enum { USER_ADD, USER_LIST, USER_DISABLE, USER_ENABLE } user_action;

typedef struct {
    const char *db, *name, *role, *agency;
    bool password_stdin, json, help;
    user_action action;
} user_options;

static int parse_action(const char *word, user_action *a)
{
    static const char *const words[] = {"add", "list", "disable", "enable"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(word, words[i])) {
            *a = (user_action)i;
            return 0;
        }
    return -1;
}

/* What `add` needs beyond --db: name, a valid role, an agency for a
 * non-administrator (least privilege), and the password on stdin. */
static int check_add(const user_options *o)
{
    if (!o->role)
        return ogi_cli_usage_error("user", "--name and --role are required");
    if (!ogi_user_role_valid(o->role))
        return ogi_cli_usage_error("user", "--role must be admin, officer or reviewer, not '%s'",
                                   o->role);
    if (ogi_user_role_needs_agency(o->role) && (!o->agency || !o->agency[0]))
        return ogi_cli_usage_error("user", "an %s must belong to an agency: give --agency NAME "
                                           "(only administrators work without one)",
                                   o->role);
    if (!o->password_stdin)
        return ogi_cli_usage_error("user", "--password-stdin is required (passwords are never "
                                           "taken from the command line)");
    return OGI_EXIT_OK;
}

static int parse_options(int argc, char **argv, user_options *o)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},     {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},   {"agency", required_argument, NULL, 'a'},
        {"password-stdin", no_argument, NULL, 'p'}, {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
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
        case 'j': o->json = true; break;
        case 'h': o->help = true; break;
        default: return ogi_cli_usage_error("user", "unknown or incomplete option");
        }
    }
    if (o->help)
        return OGI_EXIT_OK;
    if (optind >= argc || parse_action(argv[optind], &o->action) || optind + 1 < argc)
        return ogi_cli_usage_error("user", "the subcommands are add, list, disable and enable");
    if (!o->db)
        return ogi_cli_usage_error("user", "--db is required");
    if (o->action != USER_LIST && (!o->name || !o->name[0]))
        return ogi_cli_usage_error("user", "--name is required");
    return o->action == USER_ADD ? check_add(o) : OGI_EXIT_OK;
}

/* The first line of stdin without its line ending; NULL after saying why. */
static char *read_password(void)
{
    char *line = ogi_xmalloc(OGI_USER_PASSWORD_MAX + 2);
    if (!fgets(line, OGI_USER_PASSWORD_MAX + 2, stdin)) {
        free(line);
        fprintf(stderr, "ogi user: no password on standard input\n");
        return NULL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    size_t n = strlen(line);
    if (n < OGI_USER_PASSWORD_MIN || n > OGI_USER_PASSWORD_MAX) {
        fprintf(stderr, "ogi user: the password must be %d to %d bytes long\n",
                OGI_USER_PASSWORD_MIN, OGI_USER_PASSWORD_MAX);
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

/* Hash the password from stdin and add the account. */
static int run_add(ogi_store *s, const user_options *o)
{
    char *password = read_password();
    if (!password)
        return -1;
    char *hash = ogi_web_password_hash(password);
    memset(password, 0, strlen(password));
    free(password);
    if (!hash) {
        fprintf(stderr, "ogi user: password hashing failed (out of memory?)\n");
        return -1;
    }
    int rc = add_user(s, o, hash);
    free(hash);
    return rc;
}

static void print_list(const ogi_user *u, size_t n, bool json)
{
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        if (json)
            json_array_append_new(
                arr, json_pack("{s:I, s:s, s:s, s:I, s:b, s:s}", "id", (json_int_t)u[i].id,
                               "name", u[i].name ? u[i].name : "", "role",
                               u[i].role ? u[i].role : "", "agency_id",
                               (json_int_t)u[i].agency_id, "disabled", u[i].disabled,
                               "created_at", u[i].created_at ? u[i].created_at : ""));
        else
            printf("%lld\t%s\t%s\t%lld\t%s\t%s\n", (long long)u[i].id, u[i].name, u[i].role,
                   (long long)u[i].agency_id, u[i].disabled ? "disabled" : "active",
                   u[i].created_at ? u[i].created_at : "");
    }
    if (json) {
        char *text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text ? text : "[]");
        free(text);
        json_decref(arr);
    }
}

static int run_list(ogi_store *s, const user_options *o)
{
    ogi_user *u;
    size_t n;
    if (ogi_store_user_list(s, &u, &n)) {
        fprintf(stderr, "ogi user: %s\n", ogi_store_error(s));
        return -1;
    }
    print_list(u, n, o->json);
    for (size_t i = 0; i < n; i++)
        ogi_user_free(&u[i]);
    free(u);
    return 0;
}

static int run_disable(ogi_store *s, const user_options *o)
{
    ogi_user u;
    int found = ogi_store_user_find(s, o->name, &u, NULL);
    if (found != 1) {
        fprintf(stderr, "ogi user: user '%s' %s\n", o->name,
                found == 0 ? "does not exist" : ogi_store_error(s));
        return -1;
    }
    bool disable = o->action == USER_DISABLE;
    int rc = ogi_store_user_set_disabled(s, u.id, disable,
                                         disable ? "ogi user disable" : "ogi user enable");
    ogi_user_free(&u);
    if (rc != 1) {
        fprintf(stderr, "ogi user: %s\n", ogi_store_error(s));
        return -1;
    }
    printf("ogi user: %s '%s'\n", disable ? "disabled" : "enabled", o->name);
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
    char err[1024];
    ogi_store *s = ogi_store_open(o.db, err, sizeof err);
    int rc = s && !ogi_store_migrate(s, NULL, err, sizeof err) ? 0 : -1;
    if (rc)
        fprintf(stderr, "ogi user: %s\n", err);
    else if (o.action == USER_ADD)
        rc = run_add(s, &o);
    else if (o.action == USER_LIST)
        rc = run_list(s, &o);
    else
        rc = run_disable(s, &o);
    ogi_store_close(s);
    return rc ? OGI_EXIT_USAGE : OGI_EXIT_OK;
}
