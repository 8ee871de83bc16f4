/*
 * cmd_import.c — `ogi import`: published reports (text, HTML, DOCX, PDF,
 * report JSON) → report JSON with the validator's findings.
 *
 * One file prints one report.  A batch (directories, many files, -o)
 * writes one JSON line per file, in input order, and is never stopped by a
 * bad file: an unreadable file becomes a line with an "error" field.
 * Files are imported by -j worker threads; the readers and the format
 * definition are reentrant, so the only shared state is the work queue.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fnmatch.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "ogi/json_write.h"
#include "ogi/validate.h"

static const char import_usage[] =
    "usage: ogi import FILE [--json]\n"
    "       ogi import DIR|FILE... -o OUT.jsonl [-j N] [--exclude GLOB]...\n"
    "\n"
    "Read published annual reports (plain text, HTML, DOCX, PDF or report JSON),\n"
    "map them onto the report format and validate them.\n"
    "\n"
    "One FILE: prints a short summary, or with --json the report JSON with its\n"
    "findings.  Several inputs, a directory or -o: a batch; every file becomes one\n"
    "JSON line {\"file\", \"report\"} or {\"file\", \"error\"}, a progress bar is shown\n"
    "on stderr when it is a terminal, and a summary ends the run.\n"
    "\n"
    "options:\n"
    "  --json            print the report JSON (single file)\n"
    "  -o, --output F    write the batch's JSON lines to F (\"-\" = stdout)\n"
    "  -j, --jobs N      import with N threads (default 1, at most 64)\n"
    "  --exclude GLOB    skip files whose name matches GLOB (e.g. '*.truth.json')\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 every file was read (whatever its findings),\n"
    "             2 bad usage, or a file could not be read (the batch still goes on)\n";

#define MAX_JOBS 64
#define MAX_DEPTH 32

typedef struct {
    bool json;
    const char *output;
    int jobs;
    const char **exclude;
    size_t n_exclude;
} import_options;

typedef struct {
    char **v;
    size_t n, cap;
} path_list;

/* ---- options and inputs ------------------------------------------------ */

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ogi import: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nSee 'ogi import --help'.\n", stderr);
    va_end(ap);
    return OGI_EXIT_USAGE;
}

static int parse_options(int argc, char **argv, import_options *o)
{
    static const struct option longs[] = {
        {"json", no_argument, NULL, 'J'},       {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'}, {"exclude", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    *o = (import_options){.jobs = 1};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:h", longs, NULL)) != -1) {
        char *end = NULL;
        switch (c) {
        case 'J': o->json = true; break;
        case 'o': o->output = optarg; break;
        case 'j':
            o->jobs = (int)strtol(optarg, &end, 10);
            if (!*optarg || *end || o->jobs < 1 || o->jobs > MAX_JOBS)
                return usage_error("-j wants a number from 1 to %d, not '%s'", MAX_JOBS, optarg),
                       -2;
            break;
        case 'x':
            o->exclude = ogi_xrealloc(o->exclude, (o->n_exclude + 1) * sizeof *o->exclude);
            o->exclude[o->n_exclude++] = optarg;
            break;
        case 'h': return -1;
        default: return -2;
        }
    }
    if (optind >= argc)
        return usage_error("no input file given"), -2;
    return optind;
}

static bool excluded(const import_options *o, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < o->n_exclude; i++)
        if (fnmatch(o->exclude[i], base, 0) == 0)
            return true;
    return false;
}

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

/* Files under dir, sorted, recursively; symbolic links to directories are
 * not followed (no loops), hidden entries are skipped. */
static void walk_dir(const import_options *o, const char *dir, int depth, path_list *out)
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
            walk_dir(o, p, depth + 1, out);
        else if (!excluded(o, p))
            add_path(out, p);
        free(p);
        free(names.v[i]);
    }
    free(names.v);
}

static void collect_inputs(const import_options *o, int argc, char **argv, int first,
                           path_list *out, bool *any_dir)
{
    for (int i = first; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            *any_dir = true;
            size_t len = strlen(argv[i]);
            while (len > 1 && argv[i][len - 1] == '/')
                argv[i][--len] = '\0';
            walk_dir(o, argv[i], 0, out);
        } else {
            add_path(out, argv[i]);
        }
    }
}

/* ---- one file ----------------------------------------------------------- */

typedef enum { RESULT_CLEAN, RESULT_ERRORS, RESULT_UNREADABLE } result_kind;

typedef struct {
    char *line;        /* the JSON line, with its newline */
    size_t len;
    result_kind kind;
    bool done;
} import_result;

/* The batch line's flags: one report per line. */
#define IMPORT_LINE_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* Import and validate one file into f: the report, or NULL with the
 * reason in err. */
static ogi_report *import_one(const char *path, ogi_findings *f, result_kind *kind, char *err,
                              size_t errlen)
{
    ogi_findings_init(f);
    ogi_report *r = ogi_import_file(path, err, errlen);
    if (!r) {
        *kind = RESULT_UNREADABLE;
        return NULL;
    }
    ogi_validate(r, f);
    *kind = ogi_findings_count(f, OGI_SEV_ERROR) ? RESULT_ERRORS : RESULT_CLEAN;
    return r;
}

/* {"file": path, "report": …} or {"file": path, "error": …}, written as
 * text straight away (ogi/json_write.h: the bytes json_dumps would print
 * for the same tree, without building it). */
static void import_line(const char *path, import_result *res)
{
    char err[1024];
    ogi_findings f;
    ogi_report *r = import_one(path, &f, &res->kind, err, sizeof err);
    ogi_buf b;
    ogi_buf_init(&b);
    ogi_json_writer w;
    ogi_jw_init(&w, &b, IMPORT_LINE_FLAGS);
    ogi_jw_open(&w, NULL, '{');
    ogi_jw_string(&w, "file", path);
    if (r)
        ogi_report_write_json(&w, "report", r, &f);
    else
        ogi_jw_string(&w, "error", err);
    ogi_jw_close(&w);
    ogi_buf_putc(&b, '\n');
    res->len = b.len;
    res->line = ogi_buf_steal(&b);
    ogi_findings_free(&f);
    ogi_report_free(r);
}

static int import_single(const import_options *o, const char *path)
{
    char err[1024];
    result_kind kind;
    ogi_findings f;
    ogi_report *r = import_one(path, &f, &kind, err, sizeof err);
    if (!r) {
        ogi_findings_free(&f);
        fprintf(stderr, "ogi import: %s\n", err);
        return OGI_EXIT_USAGE;
    }
    if (o->json) {
        ogi_buf b;
        ogi_buf_init(&b);
        ogi_json_writer w;
        ogi_jw_init(&w, &b, OGI_JSON_DUMP_FLAGS);
        ogi_report_write_json(&w, NULL, r, &f);
        ogi_buf_putc(&b, '\n');
        fwrite(b.data, 1, b.len, stdout);
        ogi_buf_free(&b);
    } else {
        printf("%s：已导入，发现 %zu 条（其中 ERROR %zu 条）。用 --json 查看报告。\n", path, f.n,
               ogi_findings_count(&f, OGI_SEV_ERROR));
    }
    ogi_findings_free(&f);
    ogi_report_free(r);
    return OGI_EXIT_OK;
}

/* ---- the batch ------------------------------------------------------------ */

typedef struct {
    const path_list *files;
    import_result *results;
    size_t next;                  /* next file to hand out */
    pthread_mutex_t lock;
    pthread_cond_t finished;      /* a result became done */
} batch;

static void *worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        size_t i = b->next < b->files->n ? b->next++ : b->files->n;
        pthread_mutex_unlock(&b->lock);
        if (i >= b->files->n)
            return NULL;
        import_result res = {0};
        import_line(b->files->v[i], &res);
        pthread_mutex_lock(&b->lock);
        b->results[i] = res;
        b->results[i].done = true;
        pthread_cond_broadcast(&b->finished);
        pthread_mutex_unlock(&b->lock);
    }
}

static void progress(size_t done, size_t total)
{
    int width = 30, filled = total ? (int)(done * (size_t)width / total) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu", filled, "##############################",
            width - filled, "", done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Write each result as soon as it and all before it are done, so the
 * output keeps the input order and memory holds only unwritten lines. */
static void write_in_order(batch *b, FILE *out, size_t counts[3], bool bar)
{
    for (size_t i = 0; i < b->files->n; i++) {
        pthread_mutex_lock(&b->lock);
        while (!b->results[i].done)
            pthread_cond_wait(&b->finished, &b->lock);
        import_result r = b->results[i];
        b->results[i].line = NULL;
        pthread_mutex_unlock(&b->lock);
        fwrite(r.line, 1, r.len, out);
        free(r.line);
        counts[r.kind]++;
        if (bar)
            progress(i + 1, b->files->n);
    }
}

static int run_batch(const import_options *o, const path_list *files)
{
    bool to_stdout = !o->output || !strcmp(o->output, "-");
    FILE *out = to_stdout ? stdout : fopen(o->output, "w");
    if (!out) {
        fprintf(stderr, "ogi import: %s: cannot write: %s\n", o->output, strerror(errno));
        return OGI_EXIT_USAGE;
    }
    batch b = {.files = files, .results = ogi_xcalloc(files->n ? files->n : 1, sizeof *b.results)};
    pthread_mutex_init(&b.lock, NULL);
    pthread_cond_init(&b.finished, NULL);
    pthread_t th[MAX_JOBS];
    int started = 0;
    for (; started < o->jobs; started++)
        if (pthread_create(&th[started], NULL, worker, &b) != 0)
            break;
    if (!started)
        worker(&b);
    size_t counts[3] = {0};
    write_in_order(&b, out, counts, isatty(STDERR_FILENO) != 0);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_cond_destroy(&b.finished);
    pthread_mutex_destroy(&b.lock);
    free(b.results);
    bool write_failed = ferror(out) || (!to_stdout && fclose(out) != 0);
    if (write_failed)
        fprintf(stderr, "ogi import: %s: write failed\n", to_stdout ? "stdout" : o->output);
    fprintf(to_stdout ? stderr : stdout,
            "共 %zu 个文件：导入且无 ERROR %zu 个，导入但有 ERROR 发现 %zu 个，无法读取 %zu 个\n",
            files->n, counts[RESULT_CLEAN], counts[RESULT_ERRORS], counts[RESULT_UNREADABLE]);
    return counts[RESULT_UNREADABLE] || write_failed ? OGI_EXIT_USAGE : OGI_EXIT_OK;
}

int ogi_cmd_import(int argc, char **argv)
{
    import_options o;
    int first = parse_options(argc, argv, &o);
    if (first < 0) {
        if (first == -1)
            fputs(import_usage, stdout);
        free(o.exclude);
        return first == -1 ? OGI_EXIT_OK : OGI_EXIT_USAGE;
    }
    path_list files = {0};
    bool any_dir = false;
    collect_inputs(&o, argc, argv, first, &files, &any_dir);
    int rc;
    if (files.n == 1 && !any_dir && !o.output)
        rc = import_single(&o, files.v[0]);
    else if (o.json && !o.output)
        rc = usage_error("--json prints one report; use -o for a batch");
    else
        rc = run_batch(&o, &files);
    for (size_t i = 0; i < files.n; i++)
        free(files.v[i]);
    free(files.v);
    free(o.exclude);
    return rc;
}
