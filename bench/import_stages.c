/*
 * import_stages.c — where the importer's time goes, stage by stage.
 *
 * `ogi import` times everything at once (file I/O, reader, mapper,
 * validator, JSON).  This driver loads the given files into memory first,
 * then runs each stage cumulatively over all of them, single-threaded:
 *   read      sniff + reader (bytes → ogi_doc), no mapping
 *   map       read + label mapper (→ ogi_report)
 *   full      map + ogi_validate + report JSON written as text, the way
 *             a batch line of `ogi import` is (without the file I/O)
 * and prints MB/s and reports/s per stage.  Used by bench/import_bench.sh;
 * not a test, asserts nothing.
 * Usage: import_stages [-r ROUNDS] [-s read|map|full] FILE...  (-s: that stage only)
 * With --dump it prints each file's report JSON with findings instead, and
 * with --doc each file's ogi_doc as the reader left it (to compare the
 * output of two builds: the mapper's, and the readers' alone).
 */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ogi/buf.h"
#include "ogi/import.h"
#include "ogi/json.h"
#include "ogi/json_write.h"
#include "ogi/text.h"
#include "ogi/validate.h"

typedef struct {
    char *name, *data;
    size_t len;
} input;

typedef enum { STAGE_READ, STAGE_MAP, STAGE_FULL } stage;
static const char *const stage_names[] = {"read", "map", "full"};

/* Wall time, and this process's CPU time: on a machine shared with other
 * jobs the CPU figure is the steadier one (it excludes time spent waiting
 * for a core). */
static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The reader alone: the same conversion ogi_import_bytes does before
 * mapping (text in another encoding → UTF-8).  With show, the doc is
 * printed: one line per row, then one per cell with its provenance. */
static int read_doc(const input *in, bool show)
{
    char err[512] = "";
    ogi_input_kind kind = ogi_input_sniff(in->data, in->len, in->name);
    ogi_doc doc;
    ogi_doc_init(&doc, in->name);
    int rc = -1;
    size_t n = in->len;
    char *utf8 = NULL;
    const char *data = in->data;
    if (kind == OGI_INPUT_TEXT && !ogi_utf8_valid(data, n))
        data = utf8 = ogi_to_utf8(in->data, in->len, NULL, &n, err, sizeof err);
    if (data) {
        switch (kind) {
        case OGI_INPUT_TEXT: rc = ogi_read_text(data, n, &doc, err, sizeof err); break;
        case OGI_INPUT_HTML: rc = ogi_read_html(data, n, &doc, err, sizeof err); break;
        case OGI_INPUT_DOCX: rc = ogi_read_docx(data, n, &doc, err, sizeof err); break;
        case OGI_INPUT_PDF: rc = ogi_read_pdf(data, n, &doc, err, sizeof err); break;
        default: break;
        }
    }
    free(utf8);
    if (show) {
        printf("== %s rc %d title %s rows %zu%s%s\n", in->name, rc, doc.title ? doc.title : "-",
               doc.n, rc ? " error " : "", rc ? err : "");
        for (size_t i = 0; i < doc.n; i++) {
            const ogi_doc_row *r = &doc.rows[i];
            printf("row %zu grid %d line %d cells %zu\n", i, r->grid, r->line, r->n);
            for (size_t k = 0; k < r->n; k++)
                printf("  [%d %d %d %d %d] %s\n", r->cells[k].line, r->cells[k].table,
                       r->cells[k].row, r->cells[k].col, r->cells[k].spanned, r->cells[k].text);
        }
    }
    ogi_doc_free(&doc);
    return rc;
}

static int read_only(const input *in) { return read_doc(in, false); }

static int dump_docs(char **files, int n)
{
    for (int i = 0; i < n; i++) {
        input in = {.name = files[i]};
        in.data = ogi_read_file(in.name, OGI_IMPORT_MAX_BYTES, &in.len);
        if (!in.data) {
            printf("%s: cannot read\n", in.name);
            continue;
        }
        read_doc(&in, true);
        free(in.data);
    }
    return 0;
}

/* The report part of a batch line, as `ogi import -o` writes it. */
static void write_line(const ogi_report *r, const ogi_findings *f, ogi_buf *line)
{
    ogi_json_writer w;
    ogi_buf_reset(line);
    ogi_jw_init(&w, line, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
    ogi_report_write_json(&w, NULL, r, f);
}

static int run_one(const input *in, stage s, ogi_buf *line)
{
    if (s == STAGE_READ)
        return read_only(in);
    char err[512];
    ogi_report *r = ogi_import_bytes(in->data, in->len, in->name, err, sizeof err);
    if (!r)
        return -1;
    if (s == STAGE_FULL) {
        ogi_findings f;
        ogi_findings_init(&f);
        ogi_validate(r, &f);
        write_line(r, &f, line);
        ogi_findings_free(&f);
    }
    ogi_report_free(r);
    return 0;
}

static int dump(char **files, int n)
{
    for (int i = 0; i < n; i++) {
        char err[512];
        ogi_report *r = ogi_import_file(files[i], err, sizeof err);
        if (!r) {
            printf("%s: %s\n", files[i], err);
            continue;
        }
        ogi_findings f;
        ogi_findings_init(&f);
        ogi_validate(r, &f);
        ogi_buf line;
        ogi_buf_init(&line);
        write_line(r, &f, &line);
        printf("%s\n", line.data);
        ogi_buf_free(&line);
        ogi_findings_free(&f);
        ogi_report_free(r);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--dump") == 0)
        return dump(argv + 2, argc - 2);
    if (argc > 1 && strcmp(argv[1], "--doc") == 0)
        return dump_docs(argv + 2, argc - 2);
    int rounds = 1, first = 1, only = -1;
    for (; first + 1 < argc && argv[first][0] == '-'; first += 2) {
        if (strcmp(argv[first], "-r") == 0)
            rounds = atoi(argv[first + 1]);
        for (int s = 0; s <= STAGE_FULL && strcmp(argv[first], "-s") == 0; s++)
            if (strcmp(argv[first + 1], stage_names[s]) == 0)
                only = s;
    }
    size_t n = (size_t)(argc - first), bytes = 0;
    input *in = ogi_xcalloc(n ? n : 1, sizeof *in);
    for (size_t i = 0; i < n; i++) {
        in[i].name = argv[first + (int)i];
        in[i].data = ogi_read_file(in[i].name, OGI_IMPORT_MAX_BYTES, &in[i].len);
        if (!in[i].data) {
            fprintf(stderr, "import_stages: cannot read %s\n", in[i].name);
            return 2;
        }
        bytes += in[i].len;
    }
    ogi_buf line; /* one buffer for every line, as a long-running writer would keep */
    ogi_buf_init(&line);
    for (stage s = STAGE_READ; s <= STAGE_FULL; s++) {
        if (only >= 0 && (int)s != only)
            continue;
        size_t failed = 0;
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        for (int k = 0; k < rounds; k++)
            for (size_t i = 0; i < n; i++)
                failed += run_one(&in[i], s, &line) != 0;
        double wall = clock_s(CLOCK_MONOTONIC) - w0, cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
        double mb = (double)bytes * rounds / 1e6, files = (double)n * rounds;
        printf("%-5s %7.1f MB %7.0f files  wall %7.3f s %7.1f MB/s %8.1f rep/s"
               "  cpu %7.3f s %7.1f MB/s %8.1f rep/s%s\n",
               stage_names[s], mb, files, wall, mb / wall, files / wall, cpu, mb / cpu,
               files / cpu, failed ? " (some failed)" : "");
    }
    ogi_buf_free(&line);
    for (size_t i = 0; i < n; i++)
        free(in[i].data);
    free(in);
    return 0;
}
