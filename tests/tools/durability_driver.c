/*
 * durability_driver.c — the process test_durability.sh kills.
 *
 *   durability_driver append DB HOLIDAYS.csv   record applications forever;
 *       after each one is committed, print "ID TRACKING_NO" and flush, so
 *       a line on stdout is an acknowledgement the store must keep.
 *   durability_driver verify DB ACKS           every acknowledged tracking
 *       number must be found with its id, and PRAGMA integrity_check must
 *       say ok; prints a summary, exits 1 otherwise.
 *
 * It exists because a crash test needs a real process to SIGKILL at an
 * arbitrary instruction; a cmocka test cannot kill itself and continue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/ledger.h"

static ogi_store *open_store(const char *path)
{
    char err[512];
    ogi_store *s = ogi_store_open(path, err, sizeof err);
    if (!s || ogi_store_migrate(s, NULL, err, sizeof err)) {
        fprintf(stderr, "durability_driver: %s\n", err);
        ogi_store_close(s);
        return NULL;
    }
    return s;
}

/* The agency every application goes to: found after a restart, else added. */
static int64_t the_agency(ogi_store *s)
{
    ogi_agency a = {0};
    if (ogi_store_agency_find(s, "耐久性测试局", &a) == 1) {
        int64_t id = a.id;
        ogi_agency_free(&a);
        return id;
    }
    a.name = (char *)"耐久性测试局";
    a.kind = OGI_KIND_DEPARTMENT;
    return ogi_store_agency_add(s, &a, "durability") ? 0 : a.id;
}

static int append(const char *db_path, const char *calendar_path)
{
    char err[512];
    ogi_calendar *cal = ogi_calendar_load(calendar_path, err, sizeof err);
    ogi_store *s = cal ? open_store(db_path) : NULL;
    int64_t agency = s ? the_agency(s) : 0;
    if (!agency) {
        fprintf(stderr, "durability_driver: %s\n", cal ? (s ? ogi_store_error(s) : "") : err);
        ogi_store_close(s);
        ogi_calendar_free(cal);
        return 2;
    }
    srand((unsigned)getpid());
    for (;;) { /* until killed */
        char received[16], code[16];
        snprintf(received, sizeof received, "2024-%02d-%02d", 1 + rand() % 12, 1 + rand() % 28);
        ogi_application a = {.agency_id = agency, .applicant_type = (char *)"natural_person",
                             .channel = (char *)"online", .received_date = received,
                             .description = (char *)"申请公开本单位2024年度部门预算"};
        if (ogi_app_create(s, cal, &a, code, sizeof code, "durability", err, sizeof err)) {
            fprintf(stderr, "durability_driver: %s\n", err);
            return 2;
        }
        printf("%lld %s\n", (long long)a.id, a.tracking_no);
        fflush(stdout);
        a.applicant_type = a.channel = a.received_date = a.description = NULL;
        ogi_application_free(&a);
    }
}

/* Atomicity across tables: every stored application has its handling
 * (they are written in one transaction), so the 2024 intake counted from
 * handlings equals the number of application rows. */
static int handlings_match(ogi_store *s, long *apps, long *handled)
{
    *apps = *handled = 0;
    for (size_t offset = 0;; offset += 1000) {
        ogi_application *page;
        size_t n;
        if (ogi_store_app_list(s, 0, NULL, NULL, offset, 1000, &page, &n))
            return -1;
        for (size_t i = 0; i < n; i++)
            ogi_application_free(&page[i]);
        free(page);
        *apps += (long)n;
        if (n < 1000)
            break;
    }
    ogi_handling_count *c;
    size_t n;
    if (ogi_store_handling_stats(s, the_agency(s), 2024, &c, &n))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].part, "new_received"))
            *handled += (long)c[i].count;
    free(c);
    return *apps == *handled ? 0 : 1;
}

static int verify(const char *db_path, const char *acks_path)
{
    FILE *f = fopen(acks_path, "r");
    ogi_store *s = f ? open_store(db_path) : NULL;
    if (!s) {
        if (!f)
            perror(acks_path);
        else
            fclose(f);
        return 2;
    }
    char line[128], report[1024];
    long acked = 0, missing = 0;
    while (fgets(line, sizeof line, f)) {
        long long id;
        char no[64];
        /* A line without its newline was cut by the kill: not an acknowledgement. */
        if (!strchr(line, '\n') || sscanf(line, "%lld %63s", &id, no) != 2)
            continue;
        acked++;
        ogi_application a;
        int found = ogi_store_app_find(s, no, &a);
        if (found != 1 || a.id != id) {
            printf("MISSING: application %lld %s\n", id, no);
            missing++;
        }
        if (found == 1)
            ogi_application_free(&a);
    }
    fclose(f);
    long apps, handled;
    int torn = handlings_match(s, &apps, &handled);
    int integrity = ogi_store_integrity_check(s, report, sizeof report);
    ogi_store_close(s);
    printf("acknowledged %ld, missing %ld; stored %ld applications, %ld handlings; "
           "integrity_check: %s\n", acked, missing, apps, handled, report);
    return missing || torn || integrity != 0 || acked == 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "append"))
        return append(argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "verify"))
        return verify(argv[2], argv[3]);
    fprintf(stderr, "usage: durability_driver append DB HOLIDAYS.csv | verify DB ACKS\n");
    return 2;
}
