/*
 * cmd_figure.c — `ogi figure set|import`: the yearly figures of report
 * section 二 that no ledger computes (licences, penalties, fees …), entered
 * exactly as written: counts as integers, money in 万元 with its decimals.
 */
#include <stdio.h>
#include <string.h>

#include "cli/ledger_cli.h"

static const char figure_usage[] =
    "usage: ogi figure set --db FILE --agency NAME --year Y --key CELL_KEY --value V\n"
    "                      [--actor NAME]\n"
    "       ogi figure import --db FILE FILE.csv\n"
    "\n"
    "CELL_KEY is a section 二 cell key of the report format (e.g.\n"
    "s2_licensing_decisions, s2_fee_amount_wan).  V is the exact\n"
    "value: a count (\"12\") or money in 万元 (\"1887.214474\", up to 6 decimals, kept\n"
    "as written).  The CSV has the columns agency,year,key,value.\n"
    "\n"
    "exit status: 0 recorded, 2 bad usage, unknown key or agency, bad value\n";

static int figure_set(int argc, char **argv)
{
    const char *db = NULL, *agency = NULL, *year = NULL, *key = NULL, *value = NULL,
               *actor = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL},   {"agency", &agency, NULL},
                             {"year", &year, NULL}, {"key", &key, NULL},
                             {"value", &value, NULL}, {"actor", &actor, NULL},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "figure set", .usage = figure_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t y, v;
    int decimals;
    char err[512];
    if (!lcli_int(year, &y) || y < 2019 || y > 2100)
        return ogi_cli_usage_error(a.cmd, "--year must be a report year (2019 or later)");
    if (ogi_figure_parse(key, value, &v, &decimals, err, sizeof err))
        return ogi_cli_usage_error(a.cmd, "%s", err);
    ogi_store *s = lcli_open(a.cmd, db);
    int64_t agency_id = s ? lcli_agency(a.cmd, s, agency) : 0;
    rc = OGI_EXIT_USAGE;
    if (agency_id && ogi_store_figure_set(s, agency_id, (int)y, key, v, decimals,
                                          lcli_actor(actor)))
        lcli_error(a.cmd, "%s", ogi_store_error(s));
    else if (agency_id) {
        printf("%s %lld %s = %s\n", agency, (long long)y, key, value);
        rc = OGI_EXIT_OK;
    }
    ogi_store_close(s);
    return rc;
}

static int figure_import(int argc, char **argv)
{
    return lcli_csv_import("figure import", argc, argv, OGI_CSV_FIGURES, false);
}

int ogi_cmd_figure(int argc, char **argv)
{
    static const lcli_sub subs[] = {{"set", figure_set}, {"import", figure_import},
                                    {NULL, NULL}};
    return lcli_dispatch("figure", figure_usage, subs, argc, argv);
}
