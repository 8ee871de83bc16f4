/*
 * cmd_demo.c — `ogi demo`: create a database filled with the demonstration
 * ledger (ogi/demo.h) and the demo staff accounts, for `make run` and for
 * trying the portal.  The accounts live here, not in the ledger module,
 * because passwords belong to the web console.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ledger_cli.h"
#include "ogi/demo.h"
#include "ogi/web.h"

static const char demo_usage[] =
    "usage: ogi demo --db FILE [--year Y] [--asof DATE] [--calendar PATH] [--password-stdin]\n"
    "\n"
    "Create FILE (a new SQLite database; refused if it already holds agencies) with a\n"
    "deterministic demonstration ledger: two agencies (" OGI_DEMO_AGENCY_A ",\n"
    OGI_DEMO_AGENCY_B "), a year of applications covering every outcome row and every\n"
    "applicant type, open applications due soon and overdue as of DATE, registry items\n"
    "in every review state, yearly figures, reviews and lawsuits.\n"
    "\n"
    "Staff accounts (demo only): demo-admin (admin), demo-officer and demo-reviewer\n"
    "(" OGI_DEMO_AGENCY_A "), demo-officer-b (" OGI_DEMO_AGENCY_B ").  They share one\n"
    "password: read from standard input with --password-stdin, otherwise generated and\n"
    "printed once.\n"
    "\n"
    "  --year Y         the demo year (default: this year from June on, else last year)\n"
    "  --asof DATE      the demo's today, in Y from 1 June (default: today, or Y-11-30)\n"
    "  --calendar PATH  working-day calendar (default as for `ogi app`)\n"
    "\n"
    "exit status: 0 created, 1 the demo could not be recorded, 2 bad usage\n";

typedef struct {
    const char *name, *role;
    bool agency_b, scoped;
} demo_account;

static const demo_account accounts[] = {
    {"demo-admin", "admin", false, false},
    {"demo-officer", "officer", false, true},
    {"demo-reviewer", "reviewer", false, true},
    {"demo-officer-b", "officer", true, true},
};

static int add_accounts(ogi_store *s, const ogi_demo_summary *sum, const char *password)
{
    char *hash = ogi_web_password_hash(password);
    if (!hash) {
        lcli_error("demo", "cannot hash the password");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; !rc && i < sizeof accounts / sizeof *accounts; i++) {
        const demo_account *a = &accounts[i];
        ogi_user u = {.name = (char *)a->name, .role = (char *)a->role,
                      .agency_id = !a->scoped ? 0 : a->agency_b ? sum->agency_b : sum->agency_a};
        rc = ogi_store_user_add(s, &u, hash, "demo");
        if (rc)
            lcli_error("demo", "%s: %s", a->name, ogi_store_error(s));
    }
    free(hash);
    return rc;
}

static void generate_password(char *out, size_t len)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    size_t n = len - 1 < 16 ? len - 1 : 16;
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[n] = '\0';
}

static int read_password(char *out, size_t len)
{
    if (!fgets(out, (int)len, stdin)) {
        lcli_error("demo", "no password on standard input");
        return -1;
    }
    out[strcspn(out, "\r\n")] = '\0';
    if (strlen(out) < 8) {
        lcli_error("demo", "the password must have at least 8 characters");
        return -1;
    }
    return 0;
}

/* Default year and as-of date from today (UTC+8). */
static int pick_dates(const ogi_calendar *cal, const char *year_arg, const char *asof_arg,
                      ogi_demo_options *o, char *asof_buf)
{
    char today[OGI_DATE_TEXT + 8];
    lcli_today(today);
    int this_year = atoi(today), month = atoi(today + 5);
    int64_t y = 0;
    if (year_arg && (!lcli_int(year_arg, &y) || y < 1990 || y > 2200))
        return ogi_cli_usage_error("demo", "--year must be a year, not '%s'", year_arg);
    if (!year_arg)
        y = month >= 6 && ogi_calendar_covers_year(cal, this_year) ? this_year : this_year - 1;
    o->year = (int)y;
    if (asof_arg)
        o->asof = asof_arg;
    else if (y == this_year)
        o->asof = strcpy(asof_buf, today);
    else
        o->asof = (snprintf(asof_buf, OGI_DATE_TEXT, "%04d-11-30", (int)y), asof_buf);
    return OGI_EXIT_OK;
}

static int seed(const char *db, const ogi_calendar *cal, const ogi_demo_options *o,
                const char *password)
{
    char err[1024];
    ogi_store *s = ogi_store_open(db, err, sizeof err);
    if (!s || ogi_store_migrate(s, NULL, err, sizeof err)) {
        lcli_error("demo", "%s: %s", db, err);
        ogi_store_close(s);
        return OGI_EXIT_USAGE;
    }
    ogi_agency *list;
    size_t n = 0;
    if (ogi_store_agency_list(s, &list, &n) == 0) {
        for (size_t i = 0; i < n; i++)
            ogi_agency_free(&list[i]);
        free(list);
    }
    if (n) {
        lcli_error("demo", "%s already holds agencies; the demo needs a new database", db);
        ogi_store_close(s);
        return OGI_EXIT_USAGE;
    }
    ogi_demo_summary sum;
    int rc = OGI_EXIT_OK;
    if (ogi_demo_seed(s, cal, o, &sum, err, sizeof err)) {
        lcli_error("demo", "%s", err);
        rc = OGI_EXIT_FINDINGS;
    } else if (add_accounts(s, &sum, password)) {
        rc = OGI_EXIT_FINDINGS;
    } else {
        printf("demo ledger %d as of %s: %zu applications (%zu open), %zu registry items, "
               "%zu cases\n",
               o->year, o->asof, sum.applications, sum.open_applications, sum.items, sum.cases);
    }
    ogi_store_close(s);
    return rc;
}

int ogi_cmd_demo(int argc, char **argv)
{
    const char *db = NULL, *year = NULL, *asof = NULL, *calpath = NULL;
    bool from_stdin = false;
    const lcli_opt opts[] = {{"db", &db, NULL},           {"year", &year, NULL},
                             {"asof", &asof, NULL},       {"calendar", &calpath, NULL},
                             {"password-stdin", NULL, &from_stdin}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "demo", .usage = demo_usage};
    int prc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (prc)
        return prc < 0 ? OGI_EXIT_OK : prc;
    if (!db)
        return ogi_cli_usage_error("demo", "--db FILE is required");
    char password[128];
    if (from_stdin ? read_password(password, sizeof password) : sodium_init() < 0)
        return OGI_EXIT_USAGE;
    if (!from_stdin)
        generate_password(password, sizeof password);
    ogi_calendar *cal = lcli_calendar("demo", calpath);
    if (!cal)
        return OGI_EXIT_USAGE;
    ogi_demo_options o = {0};
    char asof_buf[OGI_DATE_TEXT + 8];
    int rc = pick_dates(cal, year, asof, &o, asof_buf);
    if (rc == OGI_EXIT_OK)
        rc = seed(db, cal, &o, password);
    ogi_calendar_free(cal);
    if (rc == OGI_EXIT_OK) {
        printf("staff accounts: demo-admin (管理员), demo-officer, demo-reviewer, demo-officer-b\n");
        if (!from_stdin)
            printf("demo password (shown once): %s\n", password);
    }
    sodium_memzero(password, sizeof password);
    return rc;
}
