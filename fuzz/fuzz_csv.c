/*
 * fuzz_csv.c — libFuzzer target: the ledger's CSV importers (`ogi app|item|
 * case|figure import FILE.csv`): the RFC 4180 reader, header checks and
 * every kind's row import, through the workflow rules, into a real store.
 *
 * The first byte picks the kind ('a' applications, 'i' items, 'c' cases,
 * 'f' figures; any other byte modulo 4); the rest is the file.  After an
 * import that succeeded, the export of that kind must read back as CSV.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_store.h"
#include "ogi/csv_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ogi_store *store;
static ogi_calendar *cal;

static ogi_csv_kind pick_kind(uint8_t b)
{
    switch (b) {
    case 'a': return OGI_CSV_APPLICATIONS;
    case 'i': return OGI_CSV_ITEMS;
    case 'c': return OGI_CSV_CASES;
    case 'f': return OGI_CSV_FIGURES;
    default: return (ogi_csv_kind)(b % 4);
    }
}

static void export_reads_back(ogi_csv_kind kind)
{
    if (kind == OGI_CSV_FIGURES)
        return;
    ogi_buf b;
    char err[512];
    ogi_buf_init(&b);
    if (ogi_csv_export(store, kind, 0, &b, err, sizeof err))
        fuzz_die("export after a successful import", err);
    ogi_csv c;
    if (ogi_csv_parse(b.data, b.len, &c, err, sizeof err))
        fuzz_die("the export does not read back", err);
    ogi_csv_free(&c);
    ogi_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store) {
        store = fuzz_store_open();
        cal = fuzz_calendar_load();
    }
    if (size < 1)
        return 0;
    ogi_csv_kind kind = pick_kind(data[0]);
    if (ogi_store_begin(store))
        fuzz_die("begin", ogi_store_error(store));
    size_t imported = 0;
    ogi_csv_errors errs = {0};
    int rc = ogi_csv_import(store, cal, kind, (const char *)data + 1, size - 1, "fuzz", &imported,
                            &errs);
    if (rc == 0)
        export_reads_back(kind);
    ogi_csv_errors_free(&errs);
    ogi_store_rollback(store);
    return 0;
}
