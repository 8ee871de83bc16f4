/*
 * cmd_token.c — `ogi token add`: issue an API token for a staff account.
 *
 * The token is 32 random bytes in hex, printed once on standard output;
 * the database keeps only its hash (the same hash the server computes from
 * an "Authorization: Bearer" header), so a lost token is replaced, never
 * recovered.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/store.h"
#include "web/web_internal.h"

static const char token_usage[] =
    "usage: ogi token add --db FILE --user NAME --name LABEL\n"
    "\n"
    "Create an API token for the JSON API of ogi serve (/api/v1/) acting as the\n"
    "staff account NAME, with its permissions.  The token is printed once on\n"
    "standard output; only its hash is stored.  Send it as\n"
    "  Authorization: Bearer <token>\n"
    "\n"
    "options:\n"
    "  --db FILE      the ledger database (migrated if needed; required)\n"
    "  --user NAME    the staff account the token acts as (required)\n"
    "  --name LABEL   what the token is for, e.g. \"statistics export\" (required)\n"
    "  -h, --help     show this help\n"
    "\n"
    "exit status: 0 created, 2 bad usage or the token cannot be created\n";

typedef struct {
    const char *db, *user, *label;
    bool help;
} token_options;

static int parse_options(int argc, char **argv, token_options *o)
{
    static const struct option longs[] = {
        {"db", required_argument, NULL, 'd'},   {"user", required_argument, NULL, 'u'},
        {"name", required_argument, NULL, 'n'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'u': o->user = optarg; break;
        case 'n': o->label = optarg; break;
        case 'h': o->help = true; break;
        default: return ogi_cli_usage_error("token", "unknown or incomplete option");
        }
    }
    if (o->help)
        return OGI_EXIT_OK;
    if (optind >= argc || strcmp(argv[optind], "add") || optind + 1 < argc)
        return ogi_cli_usage_error("token", "the only subcommand is 'add'");
    if (!o->db || !o->user || !o->label || !o->label[0])
        return ogi_cli_usage_error("token", "--db, --user and --name are required");
    return OGI_EXIT_OK;
}

static int add_token(ogi_store *s, const token_options *o)
{
    ogi_user u;
    int found = ogi_store_user_find(s, o->user, &u, NULL);
    if (found != 1) {
        fprintf(stderr, "ogi token: user '%s' %s\n", o->user,
                found == 0 ? "does not exist" : ogi_store_error(s));
        return -1;
    }
    bool disabled = u.disabled;
    int64_t uid = u.id;
    ogi_user_free(&u);
    if (disabled) {
        fprintf(stderr, "ogi token: user '%s' is disabled\n", o->user);
        return -1;
    }
    char token[WEB_TOKEN_HEX], hash[WEB_TOKEN_HEX];
    web_random_hex(token);
    web_token_hash(token, hash);
    if (ogi_store_api_token_add(s, hash, uid, o->label, "ogi token add")) {
        fprintf(stderr, "ogi token: cannot add the token: %s\n", ogi_store_error(s));
        return -1;
    }
    printf("%s\n", token);
    return 0;
}

int ogi_cmd_token(int argc, char **argv)
{
    token_options o;
    if (parse_options(argc, argv, &o) != OGI_EXIT_OK)
        return OGI_EXIT_USAGE;
    if (o.help) {
        fputs(token_usage, stdout);
        return OGI_EXIT_OK;
    }
    char err[1024];
    ogi_store *s = ogi_store_open(o.db, err, sizeof err);
    int rc = s && !ogi_store_migrate(s, NULL, err, sizeof err) ? 0 : -1;
    if (rc)
        fprintf(stderr, "ogi token: %s\n", err);
    else
        rc = add_token(s, &o);
    ogi_store_close(s);
    return rc ? OGI_EXIT_USAGE : OGI_EXIT_OK;
}
