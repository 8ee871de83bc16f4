/*
 * cmd_corpus.c — `ogi corpus`: a corpus of published reports in the ledger
 * database, and the cross-year analysis over it.
 *
 *   load     import every file of a folder (ogi_import_file's readers), match
 *            each report to an agency, keep every version (duplicates by hash)
 *   check    cross-year rules R2.2, R2.5, R3.4 over consecutive years
 *   compare  per cell deltas and rates between two years (text or CSV)
 *   rank     a region's agencies ranked by a rate
 *
 * Files are read and imported by -j worker threads (the readers are
 * reentrant); matching and storing happen on the main thread, in file order,
 * so a run is deterministic whatever N is.
 */
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/ledger_cli.h"
#include "ogi/analysis.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "render/xlsx_tables.h"

static const char corpus_usage[] =
    "usage: ogi corpus load --db FILE DIR [-j N] [--create-agencies] [--actor NAME]\n"
    "       ogi corpus check --db FILE [--agency NAME] [--source auto|ledger|published]\n"
    "       ogi corpus compare --db FILE (--agency NAME | --region NAME) --from Y1 --to Y2\n"
    "                          [--csv] [--xlsx OUT.xlsx] [--source auto|ledger|published]\n"
    "       ogi corpus rank --db FILE --region NAME --year Y --by RATE [--csv]\n"
    "                       [--xlsx OUT.xlsx]\n"
    "                       [--source auto|ledger|published]\n"
    "\n"
    "load     import every readable file under DIR (text, HTML, DOCX, PDF, report JSON)\n"
    "         and store each report as a version of its agency's report for its year.\n"
    "         The agency is matched by name, then alias, then normalised name; an\n"
    "         unmatched report is listed (or, with --create-agencies, its agency is\n"
    "         created with the kind the importer guessed, \"other\" when unknown).\n"
    "         Files whose bytes were stored before are skipped as duplicates.\n"
    "check    the cross-year rules (R2.2, R2.5, R3.4) of every agency that has\n"
    "         reports for consecutive years (or of --agency only).\n"
    "compare  per cell Y1, Y2 and delta, then the rates, for an agency or a region\n"
    "         (the regional summary); --csv writes RFC 4180 CSV with the columns\n"
    "         kind,key,label,from,to,delta.\n"
    "rank     the agencies of a region ranked by a rate, highest first; agencies\n"
    "         without a report or where the rate is undefined come last.\n"
    "--xlsx   compare and rank also write the table (CSV's columns) as a workbook.\n"
    "\n"
    "rates: granted_share, partial_share, concluded_share, review_corrected_share,\n"
    "       suit_direct_corrected_share, suit_after_review_corrected_share,\n"
    "       review_per_application (docs/analysis.md)\n"
    "\n"
    "exit status: 0 done; 1 check found an ERROR, or load left files unmatched or\n"
    "             unreadable; 2 bad usage, unknown agency, no report for a year\n";

#define MAX_JOBS 64
#define MAX_DEPTH 32
#define BATCH 512

/* ---- the files of a folder ---- */

typedef struct {
    char **v;
    size_t n, cap;
} path_list;

static void add_path(path_list *l, const char *p)
{
    if (l->n == l->cap)
        l->v = ogi_xrealloc(l->v, (l->cap = l->cap ? l->cap * 2 : 64) * sizeof *l->v);
    l->v[l->n++] = ogi_strdup(p);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files under dir, sorted, recursively; hidden entries and symbolic links
 * to directories are skipped. */
static void walk_dir(const char *dir, int depth, path_list *out)
{
    DIR *d = depth < MAX_DEPTH ? opendir(dir) : NULL;
    if (!d)
        return;
    path_list names = {0};
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            add_path(&names, e->d_name);
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, by_name);
    for (size_t i = 0; i < names.n; i++) {
        char *p = ogi_xmalloc(strlen(dir) + strlen(names.v[i]) + 2);
        sprintf(p, "%s/%s", dir, names.v[i]);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            walk_dir(p, depth + 1, out);
        else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
            add_path(out, p);
        free(p);
        free(names.v[i]);
    }
    free(names.v);
}

/* ---- importing (worker threads) ---- */

typedef struct {
    const char *path;
    ogi_report *report;          /* NULL when unreadable */
    char hash[OGI_CORPUS_HASH_HEX];
    char *report_json, *findings_json;
    char err[512];
} loaded_file;

typedef struct {
    loaded_file *files;
    size_t n, next;
    pthread_mutex_t lock;
} work_queue;

static void load_one(loaded_file *f)
{
    size_t len = 0;
    char *data = ogi_read_file(f->path, OGI_IMPORT_MAX_BYTES, &len);
    if (!data) {
        snprintf(f->err, sizeof f->err, "%s: 无法读取文件", f->path);
        return;
    }
    ogi_corpus_hash(data, len, f->hash);
    f->report = ogi_import_bytes(data, len, f->path, f->err, sizeof f->err);
    free(data);
    if (!f->report)
        return;
    ogi_findings fs;
    ogi_findings_init(&fs);
    ogi_validate(f->report, &fs);
    json_t *j = ogi_report_to_json(f->report, NULL), *fj = ogi_findings_to_json(&fs);
    f->report_json = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    f->findings_json = json_dumps(fj, JSON_COMPACT);
    json_decref(j);
    json_decref(fj);
    ogi_findings_free(&fs);
}

static void *worker(void *arg)
{
    work_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        size_t i = q->next < q->n ? q->next++ : q->n;
        pthread_mutex_unlock(&q->lock);
        if (i == q->n)
            return NULL;
        load_one(&q->files[i]);
    }
}

static void load_parallel(loaded_file *files, size_t n, int jobs)
{
    work_queue q = {.files = files, .n = n};
    pthread_mutex_init(&q.lock, NULL);
    pthread_t th[MAX_JOBS];
    int started = 0;
    for (; started < jobs - 1; started++)
        if (pthread_create(&th[started], NULL, worker, &q))
            break;
    worker(&q);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&q.lock);
}

static void loaded_free(loaded_file *f)
{
    ogi_report_free(f->report);
    free(f->report_json);
    free(f->findings_json);
}

/* ---- matching and storing (main thread) ---- */

typedef struct {
    size_t files, loaded, duplicates, unmatched, unreadable, created;
} load_counts;

typedef struct {
    ogi_store *s;
    bool create;
    const char *actor;
    load_counts c;
} load_ctx;

/* The importer's guess from the name alone, for reports that state no kind
 * (report JSON): the mapper reads a one-line document titled with it. */
static ogi_agency_kind kind_from_name(const char *name, int year, int *confidence)
{
    ogi_doc doc;
    ogi_doc_init(&doc, NULL);
    char *title = ogi_xmalloc(strlen(name) + 64);
    sprintf(title, "%s%d年政府信息公开工作年度报告", name, year);
    ogi_doc_add_cell(&doc, ogi_doc_add_row(&doc, false, 1), title, strlen(title), 1, -1, -1, -1,
                     false);
    ogi_report *r = ogi_map_doc(&doc);
    ogi_agency_kind kind = r ? r->agency_kind : OGI_KIND_UNKNOWN;
    *confidence = r ? r->agency_kind_confidence : 0;
    ogi_report_free(r);
    ogi_doc_free(&doc);
    free(title);
    return kind;
}

/* The kind to create an agency with: the most confident guess among the
 * batch's reports of that name (or from the name alone); "other" when no
 * importer could tell. */
static ogi_agency_kind guessed_kind(const loaded_file *files, size_t n, const char *name,
                                   int year)
{
    int best = -1;
    ogi_agency_kind kind = kind_from_name(name, year, &best);
    if (kind == OGI_KIND_UNKNOWN) {
        kind = OGI_KIND_OTHER;
        best = -1;
    }
    for (size_t i = 0; i < n; i++) {
        const ogi_report *r = files[i].report;
        if (r && r->agency && !strcmp(r->agency, name) && r->agency_kind != OGI_KIND_UNKNOWN &&
            r->agency_kind_confidence > best) {
            kind = r->agency_kind;
            best = r->agency_kind_confidence;
        }
    }
    return kind;
}

/* The agency id for a report: 0 after an "unmatched" line. */
static int64_t match_agency(load_ctx *x, const loaded_file *f, const loaded_file *batch,
                            size_t n)
{
    const char *name = f->report->agency;
    ogi_agency a = {0};
    int rc = ogi_store_agency_match(x->s, name, &a);
    int64_t id = rc == 1 ? a.id : 0;
    ogi_agency_free(&a);
    if (rc < 0) {
        lcli_error("corpus load", "%s: %s", f->path, ogi_store_error(x->s));
    } else if (!id && name && *name && x->create) {
        ogi_agency add = {.name = (char *)name, .kind = guessed_kind(batch, n, name, f->report->year)};
        if (ogi_store_agency_add(x->s, &add, x->actor) == 0) {
            id = add.id;
            x->c.created++;
            printf("新建机关：%s（%s）\n", name, ogi_agency_kind_name(add.kind));
        } else {
            lcli_error("corpus load", "%s: %s", f->path, ogi_store_error(x->s));
        }
    } else if (!id) {
        printf("未匹配：%s：机关“%s”不在数据库中（可先用 ogi agency add 登记、添加别名，"
               "或加 --create-agencies）\n",
               f->path, name && *name ? name : "（报告未写明机关）");
    }
    return id;
}

static void store_one(load_ctx *x, loaded_file *f, const loaded_file *batch, size_t n)
{
    if (!f->report) {
        x->c.unreadable++;
        printf("无法读取：%s\n", f->err);
        return;
    }
    if (f->report->year <= 0) {
        x->c.unmatched++;
        printf("未匹配：%s：报告年度不明\n", f->path);
        return;
    }
    int64_t id = match_agency(x, f, batch, n);
    if (!id) {
        x->c.unmatched++;
        return;
    }
    ogi_corpus_report c = {.agency_id = id, .year = f->report->year,
                           .source_path = (char *)f->path, .content_hash = f->hash,
                           .report_json = f->report_json, .findings_json = f->findings_json};
    int rc = ogi_store_corpus_add(x->s, &c, x->actor);
    if (rc < 0) {
        x->c.unreadable++;
        lcli_error("corpus load", "%s: %s", f->path, ogi_store_error(x->s));
    } else if (rc == 0) {
        x->c.duplicates++;
    } else {
        x->c.loaded++;
    }
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void load_all(load_ctx *x, const path_list *paths, int jobs)
{
    for (size_t first = 0; first < paths->n; first += BATCH) {
        size_t n = paths->n - first < BATCH ? paths->n - first : BATCH;
        loaded_file *batch = ogi_xcalloc(n, sizeof *batch);
        for (size_t i = 0; i < n; i++)
            batch[i].path = paths->v[first + i];
        load_parallel(batch, n, jobs);
        for (size_t i = 0; i < n; i++)
            store_one(x, &batch[i], batch, n);
        for (size_t i = 0; i < n; i++)
            loaded_free(&batch[i]);
        free(batch);
    }
}

static int corpus_load(int argc, char **argv)
{
    const char *db = NULL, *jobs_text = NULL, *actor = NULL;
    bool create = false;
    const lcli_opt opts[] = {{"db", &db, NULL},       {"j", &jobs_text, NULL},
                             {"jobs", &jobs_text, NULL}, {"actor", &actor, NULL},
                             {"create-agencies", NULL, &create}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "corpus load", .usage = corpus_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 1, 1);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t jobs = 1;
    if (jobs_text && (!lcli_int(jobs_text, &jobs) || jobs < 1 || jobs > MAX_JOBS))
        return ogi_cli_usage_error(a.cmd, "-j N must be 1..%d", MAX_JOBS);
    struct stat st;
    if (stat(a.pos[0], &st) != 0 || !S_ISDIR(st.st_mode))
        return ogi_cli_usage_error(a.cmd, "%s: not a directory", a.pos[0]);
    ogi_store *s = lcli_open(a.cmd, db);
    if (!s)
        return OGI_EXIT_USAGE;
    path_list paths = {0};
    walk_dir(a.pos[0], 0, &paths);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    load_ctx x = {.s = s, .create = create, .actor = lcli_actor(actor)};
    x.c.files = paths.n;
    load_all(&x, &paths, (int)jobs);
    double secs = seconds_since(&t0);
    printf("文件 %zu，已导入 %zu，重复 %zu，未匹配 %zu，无法读取 %zu，新建机关 %zu；"
           "%.1f 份/秒（%.2f 秒）\n",
           x.c.files, x.c.loaded, x.c.duplicates, x.c.unmatched, x.c.unreadable, x.c.created,
           secs > 0 ? (double)(x.c.loaded + x.c.duplicates) / secs : 0.0, secs);
    for (size_t i = 0; i < paths.n; i++)
        free(paths.v[i]);
    free(paths.v);
    ogi_store_close(s);
    return x.c.unmatched || x.c.unreadable ? OGI_EXIT_FINDINGS : OGI_EXIT_OK;
}

/* ---- check ---- */

static void print_pair_findings(const char *agency, int year, const ogi_findings *f,
                                size_t from)
{
    for (size_t i = from; i < f->n; i++)
        printf("%s %d→%d %s %s: %s\n", agency, year - 1, year,
               ogi_severity_name(f->items[i].severity), f->items[i].rule,
               f->items[i].message_zh);
}

/* Every consecutive pair of years the agency reported: pairs checked, or -1. */
static int check_agency(ogi_store *s, int64_t id, ogi_source_pref pref, ogi_findings *f)
{
    ogi_agency a = {0};
    int *years = NULL;
    size_t n = 0;
    int pairs = 0;
    char err[512];
    if (ogi_store_agency_get(s, id, &a) != 1 || ogi_store_report_years(s, id, &years, &n) < 0)
        pairs = -1;
    for (size_t i = 1; pairs >= 0 && i < n; i++) {
        if (years[i] != years[i - 1] + 1)
            continue;
        size_t before = f->n;
        int rc = ogi_check_pair(s, id, years[i], pref, f, err, sizeof err);
        if (rc < 0) {
            lcli_error("corpus check", "%s: %s", a.name, err);
            pairs = -1;
        } else if (rc == 1) {
            pairs++;
            print_pair_findings(a.name, years[i], f, before);
        }
    }
    free(years);
    ogi_agency_free(&a);
    return pairs;
}

static int corpus_check(int argc, char **argv)
{
    const char *db = NULL, *agency = NULL, *source = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL}, {"agency", &agency, NULL},
                             {"source", &source, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "corpus check", .usage = corpus_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_source_pref pref = OGI_SOURCE_AUTO;
    if (source && !ogi_source_pref_parse(source, &pref))
        return ogi_cli_usage_error(a.cmd, "--source must be auto, ledger or published");
    ogi_store *s = lcli_open(a.cmd, db);
    if (!s)
        return OGI_EXIT_USAGE;
    int64_t *ids = NULL;
    size_t n = 0;
    int64_t one = agency ? lcli_agency(a.cmd, s, agency) : 0;
    if (agency && !one) {
        ogi_store_close(s);
        return OGI_EXIT_USAGE;
    }
    if (one) {
        ids = ogi_xmalloc(sizeof *ids);
        ids[n++] = one;
    } else if (ogi_store_reporting_agencies(s, &ids, &n) < 0) {
        lcli_error(a.cmd, "%s", ogi_store_error(s));
    }
    ogi_findings f;
    ogi_findings_init(&f);
    int pairs = 0;
    rc = OGI_EXIT_OK;
    for (size_t i = 0; i < n && rc == OGI_EXIT_OK; i++) {
        int p = check_agency(s, ids[i], pref, &f);
        if (p < 0)
            rc = OGI_EXIT_USAGE;
        else
            pairs += p;
    }
    printf("检查相邻年度 %d 对：%zu ERROR，%zu WARNING\n", pairs,
           ogi_findings_count(&f, OGI_SEV_ERROR), ogi_findings_count(&f, OGI_SEV_WARNING));
    if (rc == OGI_EXIT_OK && ogi_findings_count(&f, OGI_SEV_ERROR))
        rc = OGI_EXIT_FINDINGS;
    ogi_findings_free(&f);
    free(ids);
    ogi_store_close(s);
    return rc;
}

/* ---- compare ---- */

/* Write one table as a workbook (--xlsx); 0 or the exit status. */
static int write_xlsx(const char *cmd, const char *path, ogi_xtable *t)
{
    char err[512];
    int rc = ogi_xlsx_tables_file(path, NULL, t, 1, err, sizeof err);
    if (rc)
        lcli_error(cmd, "%s", err);
    ogi_xtable_free(t);
    return rc ? OGI_EXIT_USAGE : 0;
}

/* The report of an agency, or the summary of a region, for a year. */
static ogi_report *report_for(const char *cmd, ogi_store *s, int64_t id, bool region, int year,
                              ogi_source_pref pref)
{
    char err[512] = "";
    ogi_report *r = NULL;
    if (region) {
        ogi_summary sm;
        int rc = ogi_region_summary(s, id, year, pref, &sm, err, sizeof err);
        if (rc == 0 && sm.n_parts) {
            r = sm.total;
            sm.total = NULL;
        } else if (rc == 0) {
            snprintf(err, sizeof err, "%d 年本地区没有任何报告", year);
        }
        ogi_summary_free(&sm);
    } else {
        ogi_report_origin o;
        int rc = ogi_agency_report(s, id, year, pref, &r, &o, err, sizeof err);
        if (rc == 0)
            snprintf(err, sizeof err, "%d 年没有该机关的报告", year);
        if (rc == 1)
            ogi_report_origin_free(&o);
    }
    if (!r)
        lcli_error(cmd, "%s", err);
    return r;
}

typedef struct {
    const char *db, *agency, *region, *from, *to, *year, *by, *source, *xlsx;
    bool csv;
} analysis_opts;

static int parse_analysis(lcli_args *a, int argc, char **argv, analysis_opts *o,
                          ogi_source_pref *pref)
{
    const lcli_opt opts[] = {{"db", &o->db, NULL},         {"agency", &o->agency, NULL},
                             {"region", &o->region, NULL}, {"from", &o->from, NULL},
                             {"to", &o->to, NULL},         {"year", &o->year, NULL},
                             {"by", &o->by, NULL},         {"source", &o->source, NULL},
                             {"csv", NULL, &o->csv},       {"xlsx", &o->xlsx, NULL},
                             {NULL, NULL, NULL}};
    int rc = lcli_parse(a, argc, argv, opts, 0, 0);
    if (rc)
        return rc;
    *pref = OGI_SOURCE_AUTO;
    if (o->source && !ogi_source_pref_parse(o->source, pref))
        return ogi_cli_usage_error(a->cmd, "--source must be auto, ledger or published");
    return 0;
}

static int corpus_compare(int argc, char **argv)
{
    analysis_opts o = {0};
    ogi_source_pref pref;
    lcli_args a = {.cmd = "corpus compare", .usage = corpus_usage};
    int rc = parse_analysis(&a, argc, argv, &o, &pref);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t y1, y2;
    if (!o.agency == !o.region)
        return ogi_cli_usage_error(a.cmd, "give either --agency NAME or --region NAME");
    if (!lcli_int(o.from, &y1) || !lcli_int(o.to, &y2) || y1 > 9999 || y2 > 9999)
        return ogi_cli_usage_error(a.cmd, "--from Y1 and --to Y2 are required");
    ogi_store *s = lcli_open(a.cmd, o.db);
    int64_t id = s ? lcli_agency(a.cmd, s, o.agency ? o.agency : o.region) : 0;
    rc = OGI_EXIT_USAGE;
    ogi_report *from = id ? report_for(a.cmd, s, id, o.region, (int)y1, pref) : NULL;
    ogi_report *to = from ? report_for(a.cmd, s, id, o.region, (int)y2, pref) : NULL;
    if (to) {
        ogi_buf out;
        ogi_buf_init(&out);
        if (o.csv)
            ogi_compare_csv(from, to, &out);
        else
            ogi_compare_text(from, to, &out);
        rc = ogi_cli_write(a.cmd, NULL, &out) ? OGI_EXIT_USAGE : OGI_EXIT_OK;
        ogi_buf_free(&out);
        ogi_xtable t;
        if (o.xlsx) {
            ogi_xtable_compare(from, to, &t);
            rc = rc ? rc : write_xlsx(a.cmd, o.xlsx, &t);
        }
    }
    ogi_report_free(from);
    ogi_report_free(to);
    ogi_store_close(s);
    return rc;
}

/* ---- rank ---- */

static void rank_print(const ogi_rank_row *rows, size_t n, bool csv, ogi_buf *out)
{
    if (csv)
        ogi_buf_puts(out, "rank,agency,kind,rate,numerator,denominator\r\n");
    size_t place = 0;
    for (size_t i = 0; i < n; i++) {
        char rate[32], num[24] = "", den[24] = "", pos[24] = "";
        ogi_rate_text(rows[i].value, rate);
        if (rows[i].value.defined) {
            snprintf(pos, sizeof pos, "%zu", ++place);
            snprintf(num, sizeof num, "%lld", (long long)rows[i].value.num);
            snprintf(den, sizeof den, "%lld", (long long)rows[i].value.den);
        }
        const char *fields[] = {pos, rows[i].agency.name, ogi_agency_kind_name(rows[i].agency.kind),
                                rate, num, den};
        if (csv) {
            for (size_t k = 0; k < 6; k++) {
                if (k)
                    ogi_buf_putc(out, ',');
                ogi_buf_csv(out, fields[k]);
            }
            ogi_buf_puts(out, "\r\n");
        } else {
            ogi_buf_printf(out, "%4s  %-8s %s/%s  %s%s\n", pos[0] ? pos : "-",
                           rate[0] ? rate : "-", num[0] ? num : "-", den[0] ? den : "-",
                           rows[i].agency.name,
                           !rows[i].has_report ? "（无报告）"
                           : !rows[i].value.defined ? "（无法计算）" : "");
        }
    }
}

static int corpus_rank(int argc, char **argv)
{
    analysis_opts o = {0};
    ogi_source_pref pref;
    lcli_args a = {.cmd = "corpus rank", .usage = corpus_usage};
    int rc = parse_analysis(&a, argc, argv, &o, &pref);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t year;
    const ogi_rate_def *rate = ogi_rate_by_key(o.by);
    if (!o.region)
        return ogi_cli_usage_error(a.cmd, "--region NAME is required");
    if (!lcli_int(o.year, &year) || year > 9999)
        return ogi_cli_usage_error(a.cmd, "--year Y is required");
    if (!rate)
        return ogi_cli_usage_error(a.cmd, "--by RATE: unknown rate '%s'", o.by ? o.by : "");
    ogi_store *s = lcli_open(a.cmd, o.db);
    int64_t id = s ? lcli_agency(a.cmd, s, o.region) : 0;
    rc = OGI_EXIT_USAGE;
    ogi_rank_row *rows = NULL;
    size_t n = 0;
    char err[512];
    if (id && ogi_rank_region(s, id, (int)year, rate, pref, &rows, &n, err, sizeof err) == 0) {
        ogi_buf out;
        ogi_buf_init(&out);
        rank_print(rows, n, o.csv, &out);
        rc = ogi_cli_write(a.cmd, NULL, &out) ? OGI_EXIT_USAGE : OGI_EXIT_OK;
        ogi_buf_free(&out);
        ogi_xtable t;
        if (o.xlsx) {
            ogi_xtable_rank(rows, n, rate, (int)year, &t);
            rc = rc ? rc : write_xlsx(a.cmd, o.xlsx, &t);
        }
    } else if (id) {
        lcli_error(a.cmd, "%s", err);
    }
    ogi_rank_free(rows, n);
    ogi_store_close(s);
    return rc;
}

int ogi_cmd_corpus(int argc, char **argv)
{
    static const lcli_sub subs[] = {{"load", corpus_load},
                                    {"check", corpus_check},
                                    {"compare", corpus_compare},
                                    {"rank", corpus_rank},
                                    {NULL, NULL}};
    return lcli_dispatch("corpus", corpus_usage, subs, argc, argv);
}
