/*
 * ledger_cli.c — the plumbing every ledger command shares (ledger_cli.h),
 * so that each cmd_*.c file only says what its subcommands do.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/ledger_cli.h"
#include "ogi/json.h"

void lcli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ogi %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ---- options ---- */

static const lcli_opt *find_opt(const lcli_opt *opts, const char *name, size_t len)
{
    for (const lcli_opt *o = opts; o && o->name; o++)
        if (strlen(o->name) == len && !strncmp(o->name, name, len))
            return o;
    return NULL;
}

/* One "--name[=value]" or "-n" at argv[*i]; advances *i past a separate value. */
static int take_option(lcli_args *a, int argc, char **argv, int *i, const lcli_opt *opts)
{
    const char *arg = argv[*i];
    const char *name = arg + (arg[1] == '-' ? 2 : 1);
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    const lcli_opt *o = find_opt(opts, name, len);
    if (!o || (arg[1] != '-' && len != 1))
        return ogi_cli_usage_error(a->cmd, "unknown option '%s'", arg);
    if (o->flag) {
        if (eq)
            return ogi_cli_usage_error(a->cmd, "option '--%s' takes no value", o->name);
        *o->flag = true;
        return 0;
    }
    if (eq) {
        *o->value = eq + 1;
    } else if (*i + 1 < argc) {
        *o->value = argv[++*i];
    } else {
        return ogi_cli_usage_error(a->cmd, "option '%s' needs a value", arg);
    }
    return 0;
}

int lcli_parse(lcli_args *a, int argc, char **argv, const lcli_opt *opts, int min_pos,
               int max_pos)
{
    bool only_positional = false;
    a->npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_positional && (!strcmp(arg, "--help") || !strcmp(arg, "-h"))) {
            fputs(a->usage, stdout);
            return -1;
        }
        if (!only_positional && !strcmp(arg, "--")) {
            only_positional = true;
        } else if (!only_positional && arg[0] == '-' && arg[1]) {
            int rc = take_option(a, argc, argv, &i, opts);
            if (rc)
                return rc;
        } else if (a->npos < LCLI_MAX_ARGS && a->npos < max_pos) {
            a->pos[a->npos++] = arg;
        } else {
            return ogi_cli_usage_error(a->cmd, "unexpected argument '%s'", arg);
        }
    }
    if (a->npos < min_pos)
        return ogi_cli_usage_error(a->cmd, "missing argument (%d expected)", min_pos);
    return 0;
}

int lcli_dispatch(const char *cmd, const char *usage, const lcli_sub *subs, int argc,
                  char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? OGI_EXIT_USAGE : OGI_EXIT_OK;
    }
    for (const lcli_sub *s = subs; s->name; s++)
        if (!strcmp(argv[1], s->name))
            return s->run(argc - 1, argv + 1);
    return ogi_cli_usage_error(cmd, "'%s' is not a subcommand of %s", argv[1], cmd);
}

/* ---- database, calendar, actor ---- */

ogi_store *lcli_open(const char *cmd, const char *db)
{
    char err[512];
    if (!db) {
        ogi_cli_usage_error(cmd, "--db FILE is required");
        return NULL;
    }
    if (!ogi_store_uri_is_postgres(db) && access(db, R_OK | W_OK) != 0) {
        lcli_error(cmd, "%s: %s (create it with 'ogi db init %s')", db, strerror(errno), db);
        return NULL;
    }
    ogi_store *s = ogi_store_open(db, err, sizeof err);
    if (!s) {
        lcli_error(cmd, "%s: %s", db, err);
        return NULL;
    }
    int have = ogi_store_schema_version(s), want = ogi_store_latest_schema_version();
    if (have != want) {
        lcli_error(cmd, "%s: schema version %d, this ogi needs %d: run 'ogi db migrate --db %s'",
                   db, have, want, db);
        ogi_store_close(s);
        return NULL;
    }
    return s;
}

/* <directory of the running executable>/../data/holidays.csv */
static bool beside_exe(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    snprintf(out, len, "%s/../data/holidays.csv", dirname(exe));
    return access(out, R_OK) == 0;
}

ogi_calendar *lcli_calendar(const char *cmd, const char *path)
{
    char found[PATH_MAX + 64], err[1024];
    const char *data = getenv("OGI_DATA");
    if (path)
        snprintf(found, sizeof found, "%s", path);
    else if (data && *data)
        snprintf(found, sizeof found, "%s/holidays.csv", data);
    else if (!beside_exe(found, sizeof found)) {
        lcli_error(cmd, "no working-day calendar: give --calendar PATH or set OGI_DATA to the "
                   "directory holding holidays.csv");
        return NULL;
    }
    ogi_calendar *cal = ogi_calendar_load(found, err, sizeof err);
    if (!cal)
        lcli_error(cmd, "%s", err);
    return cal;
}

const char *lcli_actor(const char *given)
{
    const char *user = getenv("USER");
    return given && *given ? given : user && *user ? user : "cli";
}

int64_t lcli_agency(const char *cmd, ogi_store *s, const char *name)
{
    if (!name) {
        ogi_cli_usage_error(cmd, "--agency NAME is required");
        return 0;
    }
    ogi_agency a = {0};
    int found = ogi_store_agency_find(s, name, &a);
    int64_t id = found == 1 ? a.id : 0;
    ogi_agency_free(&a);
    if (found < 0)
        lcli_error(cmd, "%s", ogi_store_error(s));
    else if (!id)
        lcli_error(cmd, "机关“%s”不存在（先用 ogi agency add 登记）", name);
    return id;
}

bool lcli_int(const char *text, int64_t *out)
{
    if (!text || !*text)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (*end || errno || v < 0)
        return false;
    *out = v;
    return true;
}

const char *lcli_today(char *buf)
{
    return ogi_date_today((int64_t)time(NULL), buf);
}

int lcli_print_json(json_t *j)
{
    int rc = json_dumpf(j, stdout, OGI_JSON_DUMP_FLAGS);
    json_decref(j);
    fputc('\n', stdout);
    return rc == 0 && fflush(stdout) == 0 ? 0 : -1;
}

json_t *lcli_jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

/* ---- CSV ---- */

static void print_import_errors(const char *path, const ogi_csv_errors *errs)
{
    for (size_t i = 0; i < errs->n; i++) {
        const ogi_csv_error *e = &errs->items[i];
        if (e->line)
            fprintf(stderr, "%s:%d: ", path, e->line);
        else
            fprintf(stderr, "%s: ", path);
        if (e->column[0])
            fprintf(stderr, "列 %s：", e->column);
        fprintf(stderr, "%s\n", e->message);
    }
    fprintf(stderr, "%s: %zu 处错误，未导入任何记录\n", path, errs->n);
}

int lcli_csv_import(const char *cmd, int argc, char **argv, ogi_csv_kind kind, bool needs_cal)
{
    const char *db = NULL, *calpath = NULL, *actor = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL}, {"calendar", &calpath, NULL},
                             {"actor", &actor, NULL}, {NULL, NULL, NULL}};
    char usage[1024];
    snprintf(usage, sizeof usage,
             "usage: ogi %s --db FILE [--calendar PATH] [--actor NAME] FILE.csv\n\n"
             "Import records from CSV (columns: docs/ledger.md).  All or nothing: every row\n"
             "is checked, every bad row is reported as FILE:LINE: 列 COLUMN：reason, and\n"
             "nothing is imported when any row is bad.\n\n"
             "exit status: 0 imported, 2 bad usage, unreadable file or a bad row\n", cmd);
    lcli_args a = {.cmd = cmd, .usage = usage};
    int rc = lcli_parse(&a, argc, argv, opts, 1, 1);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    size_t len;
    char *text = ogi_read_file(a.pos[0], 0, &len);
    if (!text) {
        lcli_error(cmd, "%s: %s", a.pos[0], strerror(errno));
        return OGI_EXIT_USAGE;
    }
    ogi_store *s = lcli_open(cmd, db);
    ogi_calendar *cal = s && needs_cal ? lcli_calendar(cmd, calpath) : NULL;
    rc = OGI_EXIT_USAGE;
    if (s && (cal || !needs_cal)) {
        ogi_csv_errors errs = {0};
        size_t n;
        if (ogi_csv_import(s, cal, kind, text, len, lcli_actor(actor), &n, &errs) == 0) {
            printf("imported %zu record%s from %s\n", n, n == 1 ? "" : "s", a.pos[0]);
            rc = OGI_EXIT_OK;
        } else {
            print_import_errors(a.pos[0], &errs);
        }
        ogi_csv_errors_free(&errs);
    }
    free(text);
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

int lcli_csv_export(const char *cmd, int argc, char **argv, ogi_csv_kind kind)
{
    const char *db = NULL, *agency = NULL, *outpath = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL}, {"agency", &agency, NULL},
                             {"o", &outpath, NULL}, {"output", &outpath, NULL},
                             {NULL, NULL, NULL}};
    char usage[768];
    snprintf(usage, sizeof usage,
             "usage: ogi %s --db FILE [--agency NAME] [-o FILE.csv]\n\n"
             "Write the records (of one agency, or all) as CSV on stdout or to FILE.csv,\n"
             "in the columns that import reads (docs/ledger.md).\n", cmd);
    lcli_args a = {.cmd = cmd, .usage = usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(cmd, db);
    if (!s)
        return OGI_EXIT_USAGE;
    int64_t agency_id = agency ? lcli_agency(cmd, s, agency) : 0;
    ogi_buf out;
    ogi_buf_init(&out);
    char err[512];
    rc = OGI_EXIT_USAGE;
    if (agency && !agency_id)
        ;
    else if (ogi_csv_export(s, kind, agency_id, &out, err, sizeof err))
        lcli_error(cmd, "%s", err);
    else if (ogi_cli_write(cmd, outpath, &out) == 0)
        rc = OGI_EXIT_OK;
    ogi_buf_free(&out);
    ogi_store_close(s);
    return rc;
}
