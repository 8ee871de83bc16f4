/*
 * cmd_case.c — `ogi case add|decide|list|import|export`: administrative
 * reviews and lawsuits over disclosure, the source of report section 四.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ledger_cli.h"

static const char case_usage[] =
    "usage: ogi case add --db FILE --agency NAME --kind KIND --filed DATE\n"
    "                    [--application APP] [--result R --decided DATE] [--note TEXT]\n"
    "                    [--actor NAME] [--json]\n"
    "       ogi case decide --db FILE ID --result R --date DATE [--actor NAME]\n"
    "       ogi case list --db FILE [--agency NAME] [--json]\n"
    "       ogi case import --db FILE FILE.csv\n"
    "       ogi case export --db FILE [--agency NAME] [-o FILE.csv]\n"
    "\n"
    "KIND: review (行政复议), suit_direct (未经复议直接起诉), suit_after_review\n"
    "(复议后起诉).  R: upheld (维持), corrected (纠正), other (其他), pending (尚未审结,\n"
    "the default).  APP is the id or tracking number of the application concerned.\n"
    "\n"
    "exit status: 0 done, 1 refused (e.g. decided before filed), 2 bad usage or unknown record\n";

static json_t *case_json(ogi_store *s, const ogi_case *c)
{
    ogi_agency ag = {0};
    ogi_application app = {0};
    int have = ogi_store_agency_get(s, c->agency_id, &ag);
    int linked = c->application_id ? ogi_store_app_get(s, c->application_id, &app) : 0;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "agency", lcli_jstr(have == 1 ? ag.name : NULL));
    json_object_set_new(o, "application", lcli_jstr(linked == 1 ? app.tracking_no : NULL));
    json_object_set_new(o, "kind", lcli_jstr(c->kind));
    json_object_set_new(o, "filed_date", lcli_jstr(c->filed_date));
    json_object_set_new(o, "result", lcli_jstr(c->result));
    json_object_set_new(o, "decided_date", lcli_jstr(c->decided_date));
    json_object_set_new(o, "note", lcli_jstr(c->note));
    ogi_agency_free(&ag);
    if (linked == 1)
        ogi_application_free(&app);
    return o;
}

/* The application an option names (id or tracking number); -1 after a message. */
static int64_t application_ref(const char *cmd, ogi_store *s, const char *ref)
{
    ogi_application a;
    int64_t id = 0;
    int found = ogi_app_find(s, ref, &a);
    if (found != 1 && lcli_int(ref, &id))
        found = ogi_app_get(s, id, &a);
    if (found != 1) {
        lcli_error(cmd, "申请“%s”不存在", ref);
        return -1;
    }
    id = a.id;
    ogi_application_free(&a);
    return id;
}

static int case_add(int argc, char **argv)
{
    const char *db = NULL, *agency = NULL, *kind = NULL, *filed = NULL, *app = NULL,
               *result = NULL, *decided = NULL, *note = NULL, *actor = NULL;
    bool as_json = false;
    const lcli_opt opts[] = {{"db", &db, NULL},         {"agency", &agency, NULL},
                             {"kind", &kind, NULL},     {"filed", &filed, NULL},
                             {"application", &app, NULL}, {"result", &result, NULL},
                             {"decided", &decided, NULL}, {"note", &note, NULL},
                             {"actor", &actor, NULL},   {"json", NULL, &as_json},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "case add", .usage = case_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(a.cmd, db);
    int64_t agency_id = s ? lcli_agency(a.cmd, s, agency) : 0;
    int64_t app_id = agency_id && app ? application_ref(a.cmd, s, app) : 0;
    rc = OGI_EXIT_USAGE;
    if (agency_id && app_id >= 0) {
        ogi_case c = {.agency_id = agency_id, .application_id = app_id, .kind = (char *)kind,
                      .filed_date = (char *)filed, .result = (char *)result,
                      .decided_date = (char *)decided, .note = (char *)note};
        char err[512];
        if (ogi_case_add(s, &c, lcli_actor(actor), err, sizeof err)) {
            lcli_error(a.cmd, "已拒绝：%s", err);
            rc = OGI_EXIT_FINDINGS;
        } else {
            ogi_case saved;
            if (as_json && ogi_store_case_get(s, c.id, &saved) == 1) {
                lcli_print_json(case_json(s, &saved));
                ogi_case_free(&saved);
            } else
                printf("case %lld\n", (long long)c.id);
            rc = OGI_EXIT_OK;
        }
    }
    ogi_store_close(s);
    return rc;
}

static int case_decide(int argc, char **argv)
{
    const char *db = NULL, *result = NULL, *date = NULL, *actor = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL},     {"result", &result, NULL},
                             {"date", &date, NULL}, {"actor", &actor, NULL},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "case decide", .usage = case_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 1, 1);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t id;
    if (!lcli_int(a.pos[0], &id))
        return ogi_cli_usage_error(a.cmd, "ID must be a number, not '%s'", a.pos[0]);
    ogi_store *s = lcli_open(a.cmd, db);
    if (!s)
        return OGI_EXIT_USAGE;
    ogi_case c;
    char err[512];
    if (ogi_store_case_get(s, id, &c) != 1) {
        lcli_error(a.cmd, "案件 %lld 不存在", (long long)id);
        rc = OGI_EXIT_USAGE;
    } else {
        ogi_case_free(&c);
        rc = ogi_case_decide(s, id, result, date, lcli_actor(actor), err, sizeof err);
        if (rc)
            lcli_error(a.cmd, "已拒绝：%s", err);
        else
            printf("case %lld: %s\n", (long long)id, result);
        rc = rc ? OGI_EXIT_FINDINGS : OGI_EXIT_OK;
    }
    ogi_store_close(s);
    return rc;
}

static int case_list(int argc, char **argv)
{
    const char *db = NULL, *agency = NULL;
    bool as_json = false;
    const lcli_opt opts[] = {{"db", &db, NULL}, {"agency", &agency, NULL},
                             {"json", NULL, &as_json}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "case list", .usage = case_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(a.cmd, db);
    int64_t agency_id = s && agency ? lcli_agency(a.cmd, s, agency) : 0;
    ogi_case *cases = NULL;
    size_t n = 0;
    rc = OGI_EXIT_USAGE;
    if (!s || (agency && !agency_id))
        ;
    else if (ogi_case_list(s, agency_id, &cases, &n))
        lcli_error(a.cmd, "%s", ogi_store_error(s));
    else {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) {
            if (as_json)
                json_array_append_new(arr, case_json(s, &cases[i]));
            else
                printf("%lld\t%s\t%s\t%s\t%s\n", (long long)cases[i].id, cases[i].kind,
                       cases[i].filed_date, cases[i].result,
                       cases[i].decided_date ? cases[i].decided_date : "-");
            ogi_case_free(&cases[i]);
        }
        if (as_json)
            lcli_print_json(arr);
        else
            json_decref(arr);
        rc = OGI_EXIT_OK;
    }
    free(cases);
    ogi_store_close(s);
    return rc;
}

static int case_import(int argc, char **argv)
{
    return lcli_csv_import("case import", argc, argv, OGI_CSV_CASES, false);
}

static int case_export(int argc, char **argv)
{
    return lcli_csv_export("case export", argc, argv, OGI_CSV_CASES);
}

int ogi_cmd_case(int argc, char **argv)
{
    static const lcli_sub subs[] = {
        {"add", case_add},       {"decide", case_decide}, {"list", case_list},
        {"import", case_import}, {"export", case_export}, {NULL, NULL},
    };
    return lcli_dispatch("case", case_usage, subs, argc, argv);
}
