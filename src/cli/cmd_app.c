/*
 * cmd_app.c — `ogi app …`: the 依申请公开 workflow from the command line.
 * Intake (new), the legal steps (event), what is open and due (show, list,
 * due), recomputing due dates after a calendar change, and CSV exchange.
 * Every rule lives in the ledger (ogi/ledger.h); this file only turns
 * flags into calls and results into text or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ledger_cli.h"

static const char app_usage[] =
    "usage: ogi app new --db FILE --agency NAME --applicant TYPE --received DATE [options]\n"
    "       ogi app event --db FILE APP KIND --date DATE [options]\n"
    "       ogi app show --db FILE APP [--asof DATE] [--json]\n"
    "       ogi app list --db FILE [--agency NAME] [--status S] [--json]\n"
    "       ogi app due --db FILE [--agency NAME] [--asof DATE] [--json]\n"
    "       ogi app recompute --db FILE [--calendar PATH]\n"
    "       ogi app import --db FILE FILE.csv\n"
    "       ogi app export --db FILE [--agency NAME] [-o FILE.csv]\n"
    "\n"
    "APP is an application's id or tracking number.  Run 'ogi app SUB --help' for a\n"
    "subcommand's options.  Commands that compute deadlines load the working-day\n"
    "calendar from --calendar PATH, else $OGI_DATA/holidays.csv, else the data/\n"
    "directory next to the ogi executable's directory.\n"
    "\n"
    "exit status: 0 done; 1 a legal step was refused (the message says why);\n"
    "             2 bad usage, unreadable input or an unknown application\n";

static const char new_usage[] =
    "usage: ogi app new --db FILE --agency NAME --applicant TYPE --received YYYY-MM-DD\n"
    "                   [--channel online|on_site|letter|fax|email] [--received-at\n"
    "                   YYYY-MM-DDTHH:MM] [--name NAME] [--id-doc DOC] [--contact C]\n"
    "                   [--description TEXT] [--form FORM] [--delivery HOW]\n"
    "                   [--calendar PATH] [--actor NAME] [--json]\n"
    "\n"
    "Record a new application (intake).  TYPE is a section 三 applicant column:\n"
    "natural_person, commercial, research, public_welfare, legal_service, other_org.\n"
    "--received is the Art. 31 receipt date the 20-working-day clock starts from.\n"
    "Prints the tracking number, the answer due date and the applicant's query code\n"
    "(shown this once only; the database keeps only its hash).  --json prints the\n"
    "application as JSON with id, tracking_no, query_code, status, due_date ….\n"
    "\n"
    "exit status: 0 recorded, 1 refused (e.g. receipt date outside the calendar),\n"
    "             2 bad usage or unknown agency\n";

static const char event_usage[] =
    "usage: ogi app event --db FILE APP KIND --date YYYY-MM-DD [options]\n"
    "\n"
    "Record a step of the procedure.  KIND and the options it uses:\n"
    "  acknowledge                          登记确认\n"
    "  request_supplement --days N          告知补正 (N = the period given for 补正)\n"
    "  supplement_received                  收到补正 (the answer clock restarts)\n"
    "  supplement_expired                   逾期未补正 (concludes: other_no_supplement)\n"
    "  consult_start [--party third_party|agency] [--letter-received DATE]\n"
    "  consult_end                          收到意见或期满\n"
    "  extend --approver NAME [--days N]    延长答复期限 (N ≤ 20 in total, default 20)\n"
    "  custom_deadline --until DATE         另行确定答复期限 (Art. 35)\n"
    "  fee_notice --fee-yuan N --fee-method per_item|per_volume [--letter-received DATE]\n"
    "  fee_paid | fee_expired               已缴费 / 逾期未缴费\n"
    "  transfer --to-agency NAME            转由其他机关办理\n"
    "  withdraw                             申请人撤回\n"
    "  answer --outcome ROW                 作出答复; ROW is a section 三 outcome row key\n"
    "                                       (granted, partial, unavailable_not_held, …)\n"
    "  reopen                               依复议决定或判决重新办理\n"
    "Every kind accepts --note TEXT.  Other options: --calendar PATH, --actor NAME,\n"
    "--json (print the application after the step).\n"
    "\n"
    "A step the law or the workflow does not allow in the application's state (an\n"
    "extension without an approver or past the 20-day cap, a second 补正, an answer\n"
    "while awaiting 补正, …) is refused: nothing is recorded, the Chinese reason is\n"
    "printed on stderr and the exit status is 1.\n"
    "\n"
    "exit status: 0 recorded, 1 refused, 2 bad usage or unknown application\n";

static const char show_usage[] =
    "usage: ogi app show --db FILE APP [--asof YYYY-MM-DD] [--calendar PATH] [--json]\n"
    "\n"
    "Show an application: its fields, its events, the due date with working days\n"
    "left as of --asof (default today, China time), and the step-by-step Chinese\n"
    "explanation of how the due date was computed.\n"
    "\n"
    "exit status: 0 shown, 2 bad usage or unknown application\n";

static const char list_usage[] =
    "usage: ogi app list --db FILE [--agency NAME] [--status S] [--json]\n"
    "\n"
    "List applications, soonest due first.  S: processing, awaiting_supplement,\n"
    "consulting, awaiting_payment, concluded, or open (anything not concluded).\n"
    "\n"
    "exit status: 0 listed, 2 bad usage or unknown agency\n";

static const char due_usage[] =
    "usage: ogi app due --db FILE [--agency NAME] [--asof YYYY-MM-DD] [--calendar PATH] [--json]\n"
    "\n"
    "Open applications that are overdue or due within the next 5 working days after\n"
    "--asof (default today), with the working days left (negative when overdue).\n"
    "\n"
    "exit status: 0 listed, 2 bad usage, unknown agency or a date outside the calendar\n";

static const char recompute_usage[] =
    "usage: ogi app recompute --db FILE [--calendar PATH] [--actor NAME]\n"
    "\n"
    "Recompute the due date of every open application with the calendar (after the\n"
    "State Council amended the holiday arrangement) and print how many changed.\n"
    "\n"
    "exit status: 0 done, 2 bad usage, unreadable calendar or a date it does not cover\n";

/* ---- shared pieces ---- */

typedef struct {
    const char *db, *calendar, *actor, *asof, *agency;
    bool json;
} common_opts;

#define COMMON_OPTS(c)                                                                        \
    {"db", &(c).db, NULL}, {"calendar", &(c).calendar, NULL}, {"actor", &(c).actor, NULL},    \
        {"json", NULL, &(c).json}

/* An application by tracking number or id: 1 found, 0 after a message. */
static int find_app(const char *cmd, ogi_store *s, const char *ref, ogi_application *a)
{
    int64_t id;
    int found = ogi_app_find(s, ref, a);
    if (found == 0 && lcli_int(ref, &id))
        found = ogi_app_get(s, id, a);
    if (found < 0)
        lcli_error(cmd, "%s", ogi_store_error(s));
    else if (found == 0)
        lcli_error(cmd, "申请“%s”不存在（请给出申请编号或受理编号）", ref);
    return found == 1;
}

static json_t *app_json(ogi_store *s, const ogi_application *a)
{
    ogi_agency ag = {0};
    int have = ogi_store_agency_get(s, a->agency_id, &ag);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(a->id));
    json_object_set_new(o, "tracking_no", lcli_jstr(a->tracking_no));
    json_object_set_new(o, "agency", lcli_jstr(have == 1 ? ag.name : NULL));
    json_object_set_new(o, "applicant_type", lcli_jstr(a->applicant_type));
    json_object_set_new(o, "applicant_name", lcli_jstr(a->applicant_name));
    json_object_set_new(o, "applicant_id_doc", lcli_jstr(a->applicant_id_doc));
    json_object_set_new(o, "applicant_contact", lcli_jstr(a->applicant_contact));
    json_object_set_new(o, "channel", lcli_jstr(a->channel));
    json_object_set_new(o, "received_at", lcli_jstr(a->received_at));
    json_object_set_new(o, "received_date", lcli_jstr(a->received_date));
    json_object_set_new(o, "description", lcli_jstr(a->description));
    json_object_set_new(o, "preferred_form", lcli_jstr(a->preferred_form));
    json_object_set_new(o, "delivery", lcli_jstr(a->delivery));
    json_object_set_new(o, "status", lcli_jstr(a->status));
    json_object_set_new(o, "status_label", json_string(ogi_app_status_label(a->status)));
    json_object_set_new(o, "outcome", lcli_jstr(a->outcome));
    json_object_set_new(o, "concluded_date", lcli_jstr(a->concluded_date));
    json_object_set_new(o, "due_date", lcli_jstr(a->due_date));
    ogi_agency_free(&ag);
    return o;
}

static void print_app_line(const ogi_application *a)
{
    printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)a->id, a->tracking_no,
           ogi_app_status_label(a->status), a->received_date,
           a->due_date ? a->due_date : "-", a->outcome ? a->outcome : "-");
}

/* ---- new ---- */

static int app_new(int argc, char **argv)
{
    common_opts c = {0};
    const char *type = NULL, *received = NULL, *channel = "online", *name = NULL,
               *id_doc = NULL, *contact = NULL, *desc = NULL, *form = NULL, *delivery = NULL,
               *received_at = NULL;
    const lcli_opt opts[] = {COMMON_OPTS(c),
                             {"agency", &c.agency, NULL},
                             {"applicant", &type, NULL},
                             {"received", &received, NULL},
                             {"received-at", &received_at, NULL},
                             {"channel", &channel, NULL},
                             {"name", &name, NULL},
                             {"id-doc", &id_doc, NULL},
                             {"contact", &contact, NULL},
                             {"description", &desc, NULL},
                             {"form", &form, NULL},
                             {"delivery", &delivery, NULL},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "app new", .usage = new_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    if (!type || !received)
        return ogi_cli_usage_error(a.cmd, "--applicant TYPE and --received DATE are required");
    ogi_store *s = lcli_open(a.cmd, c.db);
    ogi_calendar *cal = s ? lcli_calendar(a.cmd, c.calendar) : NULL;
    int64_t agency = cal ? lcli_agency(a.cmd, s, c.agency) : 0;
    rc = OGI_EXIT_USAGE;
    if (agency) {
        ogi_application app = {.agency_id = agency, .applicant_type = (char *)type,
                               .applicant_name = (char *)name, .applicant_id_doc = (char *)id_doc,
                               .applicant_contact = (char *)contact, .channel = (char *)channel,
                               .received_at = (char *)received_at,
                               .received_date = (char *)received, .description = (char *)desc,
                               .preferred_form = (char *)form, .delivery = (char *)delivery};
        char code[32], err[512];
        if (ogi_app_create(s, cal, &app, code, sizeof code, lcli_actor(c.actor), err,
                           sizeof err)) {
            lcli_error(a.cmd, "%s", err);
            rc = OGI_EXIT_FINDINGS;
        } else {
            ogi_application saved;
            if (c.json && ogi_app_get(s, app.id, &saved) == 1) {
                json_t *o = app_json(s, &saved);
                json_object_set_new(o, "query_code", json_string(code));
                lcli_print_json(o);
                ogi_application_free(&saved);
            } else {
                printf("受理编号 %s（申请 %lld），答复期限 %s\n查询码 %s（仅显示这一次，请告知申请人）\n",
                       app.tracking_no, (long long)app.id, app.due_date, code);
            }
            rc = OGI_EXIT_OK;
        }
        free(app.tracking_no);
        free(app.status);
        free(app.due_date);
    }
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

/* ---- event ---- */

typedef struct {
    const char *outcome, *approver, *days, *until, *party, *letter, *to_agency, *fee, *method,
        *note, *date;
} event_opts;

static bool known_kind(const char *kind)
{
    for (const char *const *k = ogi_app_event_kinds(); *k; k++)
        if (!strcmp(*k, kind))
            return true;
    return false;
}

/* Flags → event arguments; a usage error (non-zero) for malformed numbers. */
static int event_args(const char *cmd, const char *kind, const event_opts *o,
                      ogi_app_event_args *ev)
{
    int64_t days = 0, fee = 0;
    ogi_date d;
    if (!known_kind(kind))
        return ogi_cli_usage_error(cmd, "unknown event kind '%s' (see 'ogi app event --help')",
                                   kind);
    if (!o->date || !ogi_date_parse(o->date, &d))
        return ogi_cli_usage_error(cmd, "--date YYYY-MM-DD is required (got '%s')",
                                   o->date ? o->date : "");
    if (o->days && (!lcli_int(o->days, &days) || days > 1000))
        return ogi_cli_usage_error(cmd, "--days must be a number of working days");
    if (o->fee && !lcli_int(o->fee, &fee))
        return ogi_cli_usage_error(cmd, "--fee-yuan must be a whole number of 元");
    if (!o->days && !strcmp(kind, "extend"))
        days = OGI_EXTENSION_MAX_WD; /* the statute's cap, and the usual approval */
    *ev = (ogi_app_event_args){.kind = kind, .date = o->date, .outcome = o->outcome,
                               .approver = o->approver, .wd = (int)days, .until = o->until,
                               .party = o->party, .letter_received = o->letter,
                               .to_agency = o->to_agency, .fee_yuan = fee,
                               .fee_method = o->method, .note = o->note};
    return 0;
}

static int apply_event(const char *cmd, const common_opts *c, const char *ref,
                       const ogi_app_event_args *ev)
{
    ogi_store *s = lcli_open(cmd, c->db);
    ogi_calendar *cal = s ? lcli_calendar(cmd, c->calendar) : NULL;
    ogi_application app;
    int rc = OGI_EXIT_USAGE;
    if (cal && find_app(cmd, s, ref, &app)) {
        char err[512];
        int64_t id = app.id;
        ogi_application_free(&app);
        if (ogi_app_event_apply(s, cal, id, ev, lcli_actor(c->actor), err, sizeof err)) {
            lcli_error(cmd, "已拒绝：%s", err);
            rc = OGI_EXIT_FINDINGS;
        } else if (ogi_app_get(s, id, &app) == 1) {
            if (c->json)
                lcli_print_json(app_json(s, &app));
            else
                printf("已记录：%s（%s）。状态：%s；答复期限：%s\n", ogi_app_event_label(ev->kind),
                       ev->date, ogi_app_status_label(app.status),
                       app.due_date ? app.due_date : "—");
            ogi_application_free(&app);
            rc = OGI_EXIT_OK;
        }
    }
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

static int app_event(int argc, char **argv)
{
    common_opts c = {0};
    event_opts e = {0};
    const lcli_opt opts[] = {COMMON_OPTS(c),
                             {"date", &e.date, NULL},
                             {"outcome", &e.outcome, NULL},
                             {"approver", &e.approver, NULL},
                             {"days", &e.days, NULL},
                             {"until", &e.until, NULL},
                             {"party", &e.party, NULL},
                             {"letter-received", &e.letter, NULL},
                             {"to-agency", &e.to_agency, NULL},
                             {"fee-yuan", &e.fee, NULL},
                             {"fee-method", &e.method, NULL},
                             {"note", &e.note, NULL},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "app event", .usage = event_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 2, 2);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_app_event_args ev;
    rc = event_args(a.cmd, a.pos[1], &e, &ev);
    return rc ? rc : apply_event(a.cmd, &c, a.pos[0], &ev);
}

/* ---- show ---- */

static json_t *events_json(ogi_store *s, int64_t id)
{
    ogi_app_event *ev;
    size_t n;
    json_t *arr = json_array();
    if (ogi_app_events(s, id, &ev, &n))
        return arr;
    for (size_t i = 0; i < n; i++) {
        json_t *detail = json_loads(ev[i].detail ? ev[i].detail : "{}", 0, NULL);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o, s:s?, s:s?}", "kind",
                                             ev[i].kind, "label", ogi_app_event_label(ev[i].kind),
                                             "date", ev[i].date, "detail",
                                             detail ? detail : json_object(), "actor",
                                             ev[i].actor, "recorded_at", ev[i].created_at));
        ogi_app_event_free(&ev[i]);
    }
    free(ev);
    return arr;
}

static const char *clock_state_name(ogi_clock_state st)
{
    return st == OGI_CLOCK_RUNNING ? "running"
           : st == OGI_CLOCK_AWAITING_SUPPLEMENT ? "awaiting_supplement"
                                                  : "paused";
}

/* days_left, overdue, clock state and explanation as of asof. */
static void add_clock(ogi_store *s, const ogi_calendar *cal, const ogi_application *a,
                      const char *asof, json_t *o)
{
    ogi_deadline dl = {0};
    int left = 0;
    bool overdue = false, open = strcmp(a->status, "concluded") != 0;
    char err[512];
    json_object_set_new(o, "asof", json_string(asof));
    int rc = ogi_app_clock(s, cal, a->id, asof, &dl, &left, &overdue, err, sizeof err);
    if (rc == OGI_CAL_UNCOVERED && open) {
        /* Not an error: the deadline waits for next year's holiday arrangement. */
        char text[640];
        snprintf(text, sizeof text, "答复期限待定：%s；载入覆盖该年度的节假日安排后运行 "
                 "ogi app recompute 即可算出", err);
        json_object_set_new(o, "days_left", json_null());
        json_object_set_new(o, "clock_state", json_string("beyond_calendar"));
        json_object_set_new(o, "explanation", json_string(text));
        return;
    }
    if (rc) {
        json_object_set_new(o, "days_left", json_null());
        json_object_set_new(o, "clock_error", json_string(err));
        ogi_deadline_free(&dl);
        return;
    }
    json_object_set_new(o, "days_left", open ? json_integer(left) : json_null());
    json_object_set_new(o, "overdue", json_boolean(open && overdue));
    json_object_set_new(o, "clock_state", json_string(clock_state_name(dl.state)));
    json_object_set_new(o, "extension_wd", json_integer(dl.extension_wd));
    json_object_set_new(o, "explanation", lcli_jstr(dl.explanation));
    ogi_deadline_free(&dl);
}

static void print_show(const json_t *o)
{
    const char *keys[] = {"tracking_no", "agency", "applicant_type", "applicant_name", "channel",
                          "received_date", "description", "status_label", "outcome",
                          "concluded_date", "due_date", "days_left", "asof", NULL};
    for (size_t i = 0; keys[i]; i++) {
        const json_t *v = json_object_get(o, keys[i]);
        if (json_is_string(v))
            printf("%-16s %s\n", keys[i], json_string_value(v));
        else if (json_is_integer(v))
            printf("%-16s %lld\n", keys[i], (long long)json_integer_value(v));
    }
    size_t i;
    const json_t *ev;
    json_array_foreach(json_object_get(o, "events"), i, ev)
        printf("  %s  %s\n", json_string_value(json_object_get(ev, "date")),
               json_string_value(json_object_get(ev, "label")));
    const json_t *why = json_object_get(o, "explanation");
    if (json_is_string(why))
        printf("\n期限计算：\n%s\n", json_string_value(why));
}

static int app_show(int argc, char **argv)
{
    common_opts c = {0};
    const lcli_opt opts[] = {COMMON_OPTS(c), {"asof", &c.asof, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "app show", .usage = show_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 1, 1);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    char today[OGI_DATE_TEXT];
    ogi_date d;
    const char *asof = c.asof ? c.asof : lcli_today(today);
    if (!ogi_date_parse(asof, &d))
        return ogi_cli_usage_error(a.cmd, "--asof must be YYYY-MM-DD, not '%s'", asof);
    ogi_store *s = lcli_open(a.cmd, c.db);
    ogi_calendar *cal = s ? lcli_calendar(a.cmd, c.calendar) : NULL;
    ogi_application app;
    rc = OGI_EXIT_USAGE;
    if (cal && find_app(a.cmd, s, a.pos[0], &app)) {
        json_t *o = app_json(s, &app);
        json_object_set_new(o, "events", events_json(s, app.id));
        add_clock(s, cal, &app, asof, o);
        if (c.json)
            lcli_print_json(o);
        else
            print_show(o), json_decref(o);
        ogi_application_free(&app);
        rc = OGI_EXIT_OK;
    }
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

/* ---- list and due ---- */

/* Every matching application, soonest due first. */
static int fetch(ogi_store *s, ogi_app_filter f, ogi_application **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    for (f.offset = 0, f.limit = 500;; f.offset += 500) {
        ogi_application *page;
        size_t got;
        if (ogi_app_list(s, &f, &page, &got))
            return -1;
        *out = ogi_xrealloc(*out, (*n + got + 1) * sizeof **out);
        if (got) /* an empty page may be NULL */
            memcpy(*out + *n, page, got * sizeof *page);
        *n += got;
        free(page);
        if (got < 500)
            return 0;
    }
}

static void free_apps(ogi_application *apps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ogi_application_free(&apps[i]);
    free(apps);
}

static int app_list(int argc, char **argv)
{
    common_opts c = {0};
    const char *status = NULL;
    const lcli_opt opts[] = {COMMON_OPTS(c), {"agency", &c.agency, NULL},
                             {"status", &status, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "app list", .usage = list_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(a.cmd, c.db);
    int64_t agency = s && c.agency ? lcli_agency(a.cmd, s, c.agency) : 0;
    ogi_application *apps = NULL;
    size_t n = 0;
    rc = OGI_EXIT_USAGE;
    if (!s || (c.agency && !agency))
        ;
    else if (fetch(s, (ogi_app_filter){.agency_id = agency, .status = status}, &apps, &n))
        lcli_error(a.cmd, "%s", ogi_store_error(s));
    else {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            if (c.json)
                json_array_append_new(arr, app_json(s, &apps[i]));
            else
                print_app_line(&apps[i]);
        if (c.json)
            lcli_print_json(arr);
        else
            json_decref(arr);
        rc = OGI_EXIT_OK;
    }
    free_apps(apps, n);
    ogi_store_close(s);
    return rc;
}

static json_t *due_entry(ogi_store *s, const ogi_calendar *cal, const ogi_application *a,
                         const char *asof)
{
    json_t *o = app_json(s, a);
    add_clock(s, cal, a, asof, o);
    json_object_del(o, "explanation");
    return o;
}

static void print_due(const json_t *arr, const json_t *pending, const char *through,
                      bool calendar_ends)
{
    size_t i;
    const json_t *o;
    printf("已逾期：\n");
    json_array_foreach(arr, i, o)
        if (json_is_true(json_object_get(o, "overdue")))
            printf("  %s\t%s\t期限 %s\t逾期\n", json_string_value(json_object_get(o, "tracking_no")),
                   json_string_value(json_object_get(o, "agency")),
                   json_string_value(json_object_get(o, "due_date")));
    printf("五个工作日内到期（至 %s%s）：\n", through,
           calendar_ends ? "，工作日历至此为止" : "");
    json_array_foreach(arr, i, o)
        if (!json_is_true(json_object_get(o, "overdue")))
            printf("  %s\t%s\t期限 %s\t剩余 %lld 个工作日\n",
                   json_string_value(json_object_get(o, "tracking_no")),
                   json_string_value(json_object_get(o, "agency")),
                   json_string_value(json_object_get(o, "due_date")),
                   (long long)json_integer_value(json_object_get(o, "days_left")));
    if (json_array_size(pending) == 0)
        return;
    printf("答复期限待定（期限所在年度的节假日安排尚未载入；载入后运行 ogi app recompute）：\n");
    json_array_foreach(pending, i, o)
        printf("  %s\t%s\t收到 %s\n", json_string_value(json_object_get(o, "tracking_no")),
               json_string_value(json_object_get(o, "agency")),
               json_string_value(json_object_get(o, "received_date")));
}

/* Applications being processed whose deadline the calendar does not reach
 * yet (due_date NULL while the clock runs). */
static int pending_due(ogi_store *s, const ogi_calendar *cal, int64_t agency, const char *asof,
                       json_t *out)
{
    ogi_application *apps;
    size_t n;
    ogi_app_filter f = {.agency_id = agency, .status = "processing"};
    if (fetch(s, f, &apps, &n))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!apps[i].due_date)
            json_array_append_new(out, due_entry(s, cal, &apps[i], asof));
    free_apps(apps, n);
    return 0;
}

/* The last day of the window "due within five working days of from": the
 * fifth working day, or — when the calendar ends before it — the last day
 * the calendar covers (*ends set), since nothing later can be counted. */
static int due_window(const ogi_calendar *cal, ogi_date from, ogi_date *through, bool *ends,
                      char *err, size_t errlen)
{
    *ends = false;
    int rc = ogi_add_wd(cal, from, 5, through, err, errlen);
    if (rc != OGI_CAL_UNCOVERED)
        return rc;
    if (!ogi_calendar_covers(cal, from))
        return -1;
    for (*through = from; ogi_calendar_covers(cal, *through + 1);)
        (*through)++;
    *ends = true;
    return 0;
}

static int list_due(const char *cmd, ogi_store *s, const ogi_calendar *cal, int64_t agency,
                    const char *asof, bool as_json)
{
    ogi_date from, through;
    char err[512], until[OGI_DATE_TEXT];
    bool ends;
    ogi_date_parse(asof, &from);
    if (due_window(cal, from, &through, &ends, err, sizeof err)) {
        lcli_error(cmd, "%s", err);
        return OGI_EXIT_USAGE;
    }
    ogi_date_format(through, until);
    ogi_application *apps;
    size_t n;
    ogi_app_filter f = {.agency_id = agency, .status = "open", .due_before = until};
    json_t *pending = json_array();
    if (fetch(s, f, &apps, &n) || pending_due(s, cal, agency, asof, pending)) {
        lcli_error(cmd, "%s", ogi_store_error(s));
        json_decref(pending);
        return OGI_EXIT_USAGE;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, due_entry(s, cal, &apps[i], asof));
    free_apps(apps, n);
    if (as_json) {
        lcli_print_json(json_pack("{s:s, s:s, s:b, s:o, s:o}", "asof", asof, "through", until,
                                  "calendar_ends", ends, "applications", arr,
                                  "due_date_pending", pending));
    } else {
        print_due(arr, pending, until, ends);
        json_decref(arr);
        json_decref(pending);
    }
    return OGI_EXIT_OK;
}

static int app_due(int argc, char **argv)
{
    common_opts c = {0};
    const lcli_opt opts[] = {COMMON_OPTS(c), {"agency", &c.agency, NULL},
                             {"asof", &c.asof, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "app due", .usage = due_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    char today[OGI_DATE_TEXT];
    ogi_date d;
    const char *asof = c.asof ? c.asof : lcli_today(today);
    if (!ogi_date_parse(asof, &d))
        return ogi_cli_usage_error(a.cmd, "--asof must be YYYY-MM-DD, not '%s'", asof);
    ogi_store *s = lcli_open(a.cmd, c.db);
    ogi_calendar *cal = s ? lcli_calendar(a.cmd, c.calendar) : NULL;
    int64_t agency = cal && c.agency ? lcli_agency(a.cmd, s, c.agency) : 0;
    rc = OGI_EXIT_USAGE;
    if (cal && (!c.agency || agency))
        rc = list_due(a.cmd, s, cal, agency, asof, c.json);
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

/* ---- recompute, import, export ---- */

static int app_recompute(int argc, char **argv)
{
    common_opts c = {0};
    const lcli_opt opts[] = {COMMON_OPTS(c), {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "app recompute", .usage = recompute_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(a.cmd, c.db);
    ogi_calendar *cal = s ? lcli_calendar(a.cmd, c.calendar) : NULL;
    rc = OGI_EXIT_USAGE;
    size_t changed;
    char err[512];
    if (cal && ogi_app_recompute_all(s, cal, &changed, err, sizeof err))
        lcli_error(a.cmd, "%s", err);
    else if (cal) {
        printf("%zu due date%s changed\n", changed, changed == 1 ? "" : "s");
        rc = OGI_EXIT_OK;
    }
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

static int app_import(int argc, char **argv)
{
    return lcli_csv_import("app import", argc, argv, OGI_CSV_APPLICATIONS, true);
}

static int app_export(int argc, char **argv)
{
    return lcli_csv_export("app export", argc, argv, OGI_CSV_APPLICATIONS);
}

int ogi_cmd_app(int argc, char **argv)
{
    static const lcli_sub subs[] = {
        {"new", app_new},         {"event", app_event},   {"show", app_show},
        {"list", app_list},       {"due", app_due},       {"recompute", app_recompute},
        {"import", app_import},   {"export", app_export}, {NULL, NULL},
    };
    return lcli_dispatch("app", app_usage, subs, argc, argv);
}
