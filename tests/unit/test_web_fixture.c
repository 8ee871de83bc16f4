/*
 * test_web_fixture.c — the ledger the web tests run against, built through
 * the public API (registry review workflow, application intake), never SQL.
 *
 * Two uses: run by ctest, it seeds a temporary database and checks the
 * seed (published items searchable, the draft not, two agencies'
 * applications); run with OGI_WEB_FIXTURE_DB=PATH (by tests/cli/test_web.sh),
 * it seeds PATH and prints the ids as shell assignments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/ledger.h"

#define XSS_TITLE "<script>alert(\"ogi\")</script>招生<img src=x onerror=alert(1)>"

typedef struct {
    int64_t agency_a, agency_b, item_plain, item_xss, item_draft, app_a, app_b;
    char track_a[64], track_b[64];
} seed_ids;

static int fail_with(const char *what, const char *err)
{
    fprintf(stderr, "fixture: %s: %s\n", what, err);
    return -1;
}

static int add_agency(ogi_store *s, const char *name, const char *prefix, int64_t *id)
{
    ogi_agency a = {.name = (char *)name, .kind = OGI_KIND_DEPARTMENT,
                    .index_prefix = (char *)prefix};
    if (ogi_store_agency_add(s, &a, "fixture"))
        return fail_with(name, ogi_store_error(s));
    *id = a.id;
    return 0;
}

/* A registry item, taken through both reviews to publication when publish is set. */
static int add_item(ogi_store *s, const ogi_calendar *cal, int64_t agency, const char *title,
                    const char *body, bool publish, int64_t *id)
{
    ogi_item it = {.agency_id = agency, .title = (char *)title, .doc_no = (char *)"教发〔2024〕3号",
                   .category = (char *)"art20_01", .topic = (char *)"教育",
                   .kind = (char *)"normative", .formed_date = (char *)"2024-03-01",
                   .body = (char *)body};
    char err[512], warning[256];
    if (ogi_registry_create(s, &it, "fixture", err, sizeof err))
        return fail_with(title, err);
    free(it.index_no);
    *id = it.id;
    const char *steps[] = {"submit", "pass_secrecy", "approve"};
    for (size_t i = 0; publish && i < 3; i++)
        if (ogi_registry_step(s, cal, it.id, steps[i], "2024-03-05", "fixture", NULL, warning,
                              sizeof warning, err, sizeof err))
            return fail_with(steps[i], err);
    return 0;
}

static int add_app(ogi_store *s, const ogi_calendar *cal, int64_t agency, int64_t *id,
                   char *track, size_t tlen)
{
    ogi_application a = {.agency_id = agency, .applicant_type = (char *)"natural_person",
                         .channel = (char *)"online", .received_date = (char *)"2024-04-01",
                         .description = (char *)"申请公开2023年度部门预算"};
    char code[32], err[512];
    if (ogi_app_create(s, cal, &a, code, sizeof code, "fixture", err, sizeof err))
        return fail_with("application", err);
    *id = a.id;
    snprintf(track, tlen, "%s", a.tracking_no);
    a.applicant_type = a.channel = a.received_date = a.description = NULL;
    ogi_application_free(&a);
    return 0;
}

static int seed(const char *path, seed_ids *ids)
{
    char err[1024], csv[1024];
    snprintf(csv, sizeof csv, "%s/spec/holidays.csv", getenv("OGI_SHARED") ? getenv("OGI_SHARED") : ".");
    ogi_calendar *cal = ogi_calendar_load(csv, err, sizeof err);
    if (!cal)
        return fail_with("calendar", err);
    ogi_store *s = ogi_store_open(path, err, sizeof err);
    int rc = !s || ogi_store_migrate(s, NULL, err, sizeof err) ? fail_with(path, err) : 0;
    if (!rc)
        rc = add_agency(s, "某市教育局", "JYJ", &ids->agency_a) ||
             add_agency(s, "某市人力资源和社会保障局", "RSJ", &ids->agency_b) ||
             add_item(s, cal, ids->agency_a, "关于做好2024年义务教育招生入学工作的通知",
                      "各区教育局：\n现就义务教育招生入学工作通知如下。", true, &ids->item_plain) ||
             add_item(s, cal, ids->agency_a, XSS_TITLE, "正文", true, &ids->item_xss) ||
             add_item(s, cal, ids->agency_a, "尚在审查的草稿", "草稿正文", false,
                      &ids->item_draft) ||
             add_app(s, cal, ids->agency_a, &ids->app_a, ids->track_a, sizeof ids->track_a) ||
             add_app(s, cal, ids->agency_b, &ids->app_b, ids->track_b, sizeof ids->track_b);
    ogi_store_close(s);
    ogi_calendar_free(cal);
    return rc ? -1 : 0;
}

static size_t search_count(ogi_store *s, const char *q, const char *status)
{
    ogi_item_filter f = {.query = q, .status = status, .limit = 50};
    ogi_item *items;
    size_t n, total = 0;
    assert_int_equal(ogi_store_item_search(s, &f, &items, &n, &total), 0);
    for (size_t i = 0; i < n; i++)
        ogi_item_free(&items[i]);
    free(items);
    return total;
}

static void test_seed(void **state)
{
    (void)state;
    char path[64], err[512];
    snprintf(path, sizeof path, "/tmp/ogi-test-web-fixture-%d.db", (int)getpid());
    unlink(path);
    seed_ids ids = {0};
    assert_int_equal(seed(path, &ids), 0);
    ogi_store *s = ogi_store_open(path, err, sizeof err);
    assert_non_null(s);
    assert_int_equal(search_count(s, "招生", "published"), 2); /* the plain and the XSS title */
    assert_int_equal(search_count(s, "草稿", "published"), 0);
    assert_int_equal(search_count(s, "草稿", NULL), 1);
    ogi_application a;
    assert_int_equal(ogi_app_get(s, ids.app_b, &a), 1);
    assert_int_equal(a.agency_id, ids.agency_b);
    assert_string_equal(a.tracking_no, ids.track_b);
    ogi_application_free(&a);
    ogi_store_close(s);
    char side[96];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(void)
{
    const char *target = getenv("OGI_WEB_FIXTURE_DB");
    if (target) {
        seed_ids ids = {0};
        if (seed(target, &ids))
            return 1;
        printf("AGENCY_A=%lld\nAGENCY_B=%lld\nITEM_PLAIN=%lld\nITEM_XSS=%lld\nITEM_DRAFT=%lld\n"
               "APP_A=%lld\nAPP_B=%lld\nTRACK_A='%s'\nTRACK_B='%s'\n",
               (long long)ids.agency_a, (long long)ids.agency_b, (long long)ids.item_plain,
               (long long)ids.item_xss, (long long)ids.item_draft, (long long)ids.app_a,
               (long long)ids.app_b, ids.track_a, ids.track_b);
        return 0;
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_seed)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
