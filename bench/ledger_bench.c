/*
 * ledger_bench.c — how the ledger behaves at the size of a city: load a
 * SQLite ledger of (by default) 1,000,000 applications and 1,000,000
 * registry items for 500 agencies over 2021–2025 through the store and
 * ledger API, then time the annual reports of every agency-year and
 * Chinese full-text searches, and report the database size.
 *
 * Not a test (it asserts nothing and takes minutes); built with
 * -DOGI_BENCH=ON and run by scripts/bench-ledger.sh.  Every write goes
 * through the production path (ogi_app_create / ogi_app_event_apply, so
 * handlings, events, audit entries and due dates are real; items through
 * ogi_store_item_add, so 索引号 and full-text terms are real), grouped in
 * one transaction per batch — the nested calls become savepoints.
 *
 *   ledger_bench [--scale N] [--db PATH] [--calendar holidays.csv] [--keep]
 *
 * --scale N divides the application and item counts by N (agencies stay 500).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ogi/format.h"
#include "ogi/ledger.h"

#define FIRST_YEAR 2021
#define LAST_YEAR 2025
#define N_AGENCIES 500
#define FULL_APPS 1000000
#define FULL_ITEMS 1000000
#define BATCH 2000

typedef struct {
    const char *db_path, *calendar_path;
    long scale;
    bool keep;
} options;

typedef struct {
    ogi_store *store;
    ogi_calendar *cal;
    uint64_t rng;
    int64_t agency[N_AGENCIES];
    char names[N_AGENCIES][48];
    const char *types[8];
    size_t n_types;
    const char *outcomes[32];
    size_t n_outcomes;
    long refused;
} bench;

/* ---- small helpers ---- */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint64_t next(bench *b)
{
    b->rng ^= b->rng << 13;
    b->rng ^= b->rng >> 7;
    b->rng ^= b->rng << 17;
    return b->rng;
}

static int below(bench *b, int n) { return (int)(next(b) % (uint64_t)n); }

static void die(const char *what, const char *why)
{
    fprintf(stderr, "ledger_bench: %s: %s\n", what, why);
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, size_t n, double p)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static ogi_date random_date(bench *b, int first_year, int last_year)
{
    ogi_date lo, hi;
    ogi_date_from_ymd(first_year, 1, 1, &lo);
    ogi_date_from_ymd(last_year, 12, 31, &hi);
    return lo + below(b, hi - lo + 1);
}

/* Section 三 column keys and v2021 outcome rows, from the format definition. */
static void read_format(bench *b)
{
    const ogi_table_def *t = ogi_table_at(OGI_T_S3);
    for (size_t c = 0; c < t->n_cols; c++)
        if (!t->cols[c].is_total)
            b->types[b->n_types++] = t->cols[c].key;
    for (size_t r = 0; r < t->n_rows; r++)
        if (t->rows[r].is_outcome && (t->rows[r].formats & OGI_FMT_V2021) &&
            strncmp(t->rows[r].key, "other_", 6) != 0)
            b->outcomes[b->n_outcomes++] = t->rows[r].key;
}

static void begin(bench *b)
{
    if (ogi_store_begin(b->store))
        die("begin", ogi_store_error(b->store));
}

static void commit(bench *b)
{
    if (ogi_store_commit(b->store))
        die("commit", ogi_store_error(b->store));
}

/* ---- loading ---- */

static void add_agencies(bench *b)
{
    static const ogi_agency_kind kinds[] = {OGI_KIND_GOVERNMENT, OGI_KIND_DEPARTMENT,
                                            OGI_KIND_DEPARTMENT, OGI_KIND_TOWNSHIP};
    begin(b);
    for (int i = 0; i < N_AGENCIES; i++) {
        char prefix[16];
        snprintf(b->names[i], sizeof b->names[i], "基准测试第%03d局", i + 1);
        snprintf(prefix, sizeof prefix, "B%03d", i + 1);
        ogi_agency a = {.name = b->names[i], .kind = kinds[i % 4], .index_prefix = prefix,
                        .index_pattern = (char *)"{prefix}-{year}-{seq:05}"};
        if (ogi_store_agency_add(b->store, &a, "bench"))
            die("agency", ogi_store_error(b->store));
        b->agency[i] = a.id;
    }
    commit(b);
}

static void step(bench *b, int64_t id, ogi_app_event_args ev)
{
    char err[512];
    if (ogi_app_event_apply(b->store, b->cal, id, &ev, "bench", err, sizeof err))
        b->refused++;
}

/* A life of an application, mostly answered within the period; some
 * 补正, transfers, withdrawals, extensions; a few left open. */
static void application_life(bench *b, int64_t id, int agency, ogi_date received)
{
    char d1[OGI_DATE_TEXT], d2[OGI_DATE_TEXT];
    int roll = below(b, 100);
    const char *outcome = b->outcomes[below(b, (int)b->n_outcomes)];
    ogi_date answer = received + 1 + below(b, 25);
    if (roll < 78) {
        step(b, id, (ogi_app_event_args){.kind = "answer", .date = ogi_date_format(answer, d1),
                                         .outcome = outcome});
    } else if (roll < 83) {
        step(b, id, (ogi_app_event_args){.kind = "request_supplement",
                                         .date = ogi_date_format(received + 2, d1), .wd = 10});
        if (roll < 81)
            step(b, id, (ogi_app_event_args){.kind = "supplement_expired",
                                             .date = ogi_date_format(received + 50, d2)});
        else
            step(b, id, (ogi_app_event_args){.kind = "supplement_received",
                                             .date = ogi_date_format(received + 9, d2)});
    } else if (roll < 86) {
        int to = (agency + 1 + below(b, N_AGENCIES - 1)) % N_AGENCIES;
        step(b, id, (ogi_app_event_args){.kind = "transfer",
                                         .date = ogi_date_format(received + 1, d1),
                                         .to_agency = b->names[to]});
        step(b, id, (ogi_app_event_args){.kind = "answer", .date = ogi_date_format(answer, d2),
                                         .outcome = outcome});
    } else if (roll < 89) {
        step(b, id, (ogi_app_event_args){.kind = "withdraw",
                                         .date = ogi_date_format(received + 3, d1)});
    } else if (roll < 97) {
        step(b, id, (ogi_app_event_args){.kind = "extend", .date = ogi_date_format(received + 20, d1),
                                         .wd = 10, .approver = "办公室主任"});
        step(b, id, (ogi_app_event_args){.kind = "answer",
                                         .date = ogi_date_format(received + 35, d2),
                                         .outcome = outcome});
    } /* else: still open */
}

static void load_applications(bench *b, long n)
{
    static const char *const channels[] = {"online", "on_site", "letter", "fax", "email"};
    for (long done = 0; done < n;) {
        begin(b);
        for (long k = 0; k < BATCH && done < n; k++, done++) {
            int agency = below(b, N_AGENCIES);
            ogi_date received = random_date(b, FIRST_YEAR, LAST_YEAR);
            char date[OGI_DATE_TEXT], code[16], err[512];
            ogi_application a = {.agency_id = b->agency[agency],
                                 .applicant_type = (char *)b->types[below(b, (int)b->n_types)],
                                 .channel = (char *)channels[below(b, 5)],
                                 .received_date = ogi_date_format(received, date),
                                 .applicant_name = (char *)"张三",
                                 .description = (char *)"申请公开本机关2023年度行政许可办理情况"};
            if (ogi_app_create(b->store, b->cal, &a, code, sizeof code, "bench", err, sizeof err))
                die("application", err);
            application_life(b, a.id, agency, received);
            a.applicant_type = a.channel = a.received_date = a.applicant_name = NULL;
            a.description = NULL;
            ogi_application_free(&a);
        }
        commit(b);
        if (done % 50000 < BATCH)
            fprintf(stderr, "  applications: %ld / %ld\n", done, n);
    }
}

/* Chinese words the titles, bodies and queries are made of. */
static const char *const words[] = {
    "教育", "住房", "医疗", "社会", "保障", "就业", "交通", "环境", "保护", "财政", "预算",
    "决算", "采购", "招标", "规划", "土地", "征收", "补偿", "扶贫", "农业", "农村", "水利",
    "安全", "生产", "食品", "药品", "卫生", "健康", "养老", "救助", "文化", "旅游", "体育",
    "科技", "创新", "人才", "公务", "招考", "统计", "应急", "预案", "消防", "市场", "监管",
    "价格", "收费", "税收", "优惠", "企业", "服务", "许可", "审批", "处罚", "强制", "信访",
    "民政", "婚姻", "户籍", "公安", "治安", "城市", "建设", "道路", "桥梁", "供水", "供电",
    "燃气", "供暖", "垃圾", "污水", "绿化", "公园", "学校", "医院", "社区", "街道", "乡镇",
    "村庄", "耕地", "林业", "草原", "渔业", "畜牧", "粮食", "储备", "物价", "能源", "电力",
    "通信", "邮政", "铁路", "航运", "港口", "机场", "口岸", "海关", "外贸", "投资", "金融",
    "保险", "证券", "审计", "监察", "纪检", "巡视", "档案", "保密", "编制", "机构", "职能",
    "编办", "人事", "工资", "福利", "退休", "军人", "退役", "优抚", "残疾", "儿童", "妇女",
    "老人", "青年", "志愿", "慈善", "宗教", "民族", "侨务", "对台", "外事", "会展", "广播",
    "电视", "出版", "新闻", "网络", "数据", "信息", "政务", "公开", "热线", "投诉", "举报"};
#define N_WORDS (sizeof words / sizeof words[0])

static void chinese_text(bench *b, char *out, size_t len, int n_words, const char *tail)
{
    size_t used = 0;
    out[0] = '\0';
    /* Skewed like real text: low-numbered words are common, the tail is rare. */
    for (int i = 0; i < n_words && used + 16 < len; i++)
        used += (size_t)snprintf(out + used, len - used, "%s%s",
                                 words[below(b, 1 + below(b, 1 + below(b, (int)N_WORDS)))],
                                 i % 4 == 3 ? "，" : "");
    snprintf(out + used, len - used, "%s", tail);
}

/* One item: 1 in 100 through the full review workflow, the others written in
 * their final state (published / repealed / draft) with one audited insert. */
static void add_item(bench *b, long k)
{
    static const char *const kinds[] = {"rule", "normative", "normative", "other", "other",
                                        "other", "other", "other", "other", "other"};
    char title[256], body[1024], formed[OGI_DATE_TEXT], published[OGI_DATE_TEXT],
        repealed[OGI_DATE_TEXT], err[512], warn[256];
    ogi_date f = random_date(b, FIRST_YEAR, LAST_YEAR), p = f + below(b, 30);
    chinese_text(b, title, sizeof title, 6, "的通知");
    chinese_text(b, body, sizeof body, 40, "。");
    int roll = below(b, 100);
    ogi_item it = {.agency_id = b->agency[below(b, N_AGENCIES)], .title = title, .body = body,
                   .kind = (char *)kinds[below(b, 10)],
                   .category = (char *)ogi_registry_category_key(
                       (size_t)below(b, (int)ogi_registry_category_count())),
                   .formed_date = ogi_date_format(f, formed)};
    if (k % 100 == 0) {
        if (ogi_registry_create(b->store, &it, "bench", err, sizeof err))
            die("item", err);
        const char *steps[] = {"submit", "pass_secrecy", "approve"};
        for (size_t i = 0; i < 3; i++)
            if (ogi_registry_step(b->store, b->cal, it.id, steps[i], ogi_date_format(p, published),
                                  "bench", NULL, warn, sizeof warn, err, sizeof err))
                die("item step", err);
    } else {
        it.status = (char *)(roll < 5 ? "draft" : roll < 10 ? "repealed" : "published");
        if (roll >= 5)
            it.published_date = ogi_date_format(p, published);
        if (roll >= 5 && roll < 10)
            it.repealed_date = ogi_date_format(p + 30 + below(b, 600), repealed);
        if (ogi_store_item_add(b->store, &it, "bench"))
            die("item", ogi_store_error(b->store));
    }
    free(it.index_no);
}

static void load_items(bench *b, long n)
{
    for (long done = 0; done < n;) {
        begin(b);
        for (long k = 0; k < BATCH && done < n; k++, done++)
            add_item(b, done);
        commit(b);
        if (done % 50000 < BATCH)
            fprintf(stderr, "  items: %ld / %ld\n", done, n);
    }
}

/* A few reviews and lawsuits per agency-year, so section 四 is not empty. */
static void load_cases(bench *b)
{
    static const char *const kinds[] = {"review", "suit_direct", "suit_after_review"};
    static const char *const results[] = {"upheld", "corrected", "other"};
    begin(b);
    for (int a = 0; a < N_AGENCIES; a++)
        for (int k = 0; k < 10; k++) {
            char filed[OGI_DATE_TEXT], decided[OGI_DATE_TEXT], err[512];
            ogi_date f = random_date(b, FIRST_YEAR, LAST_YEAR);
            ogi_case c = {.agency_id = b->agency[a], .kind = (char *)kinds[below(b, 3)],
                          .filed_date = ogi_date_format(f, filed)};
            if (below(b, 4)) {
                c.result = (char *)results[below(b, 3)];
                c.decided_date = ogi_date_format(f + below(b, 120), decided);
            }
            if (ogi_case_add(b->store, &c, "bench", err, sizeof err))
                die("case", err);
        }
    commit(b);
}

/* ---- measuring ---- */

static void bench_reports(bench *b)
{
    size_t n = (size_t)N_AGENCIES * (LAST_YEAR - FIRST_YEAR + 1), k = 0;
    double *t = calloc(n, sizeof *t), start = now_s();
    int64_t intake = 0;
    for (int a = 0; a < N_AGENCIES; a++)
        for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
            char err[512];
            double t0 = now_s();
            ogi_report *r = ogi_ledger_build_report(b->store, b->agency[a], y, NULL, err,
                                                    sizeof err);
            t[k++] = now_s() - t0;
            if (!r)
                die("report", err);
            const ogi_cell *c = ogi_report_cell_c(r, "s3_new_received__total");
            intake += c && c->state == OGI_CELL_VALUE ? c->value : 0;
            ogi_report_free(r);
        }
    double total = now_s() - start;
    printf("report build, %zu agency-years: total %.2f s; per report p50 %.2f ms, p99 %.2f ms "
           "(new handlings counted: %lld)\n",
           n, total, 1e3 * percentile(t, n, 0.50), 1e3 * percentile(t, n, 0.99),
           (long long)intake);
    free(t);
}

static void bench_search(bench *b)
{
    /* Every vocabulary word (common), plus words no item contains (rare). */
    static const char *const absent[] = {"量子", "航天", "潮汐", "冰川", "火山", "沙漠",
                                         "珊瑚", "极光", "彗星", "恐龙"};
    size_t n_absent = sizeof absent / sizeof *absent, n = 0, reps = 3;
    size_t cap = (N_WORDS + n_absent) * reps;
    double *t = calloc(cap, sizeof *t);
    size_t total_hits = 0;
    for (size_t rep = 0; rep < reps; rep++)
        for (size_t q = 0; q < N_WORDS + n_absent; q++) {
            ogi_item_filter f = {.query = q < N_WORDS ? words[q] : absent[q - N_WORDS],
                                 .limit = 20};
            ogi_item *items;
            size_t got, total = 0;
            double t0 = now_s();
            if (ogi_store_item_search(b->store, &f, &items, &got, &total))
                die("search", ogi_store_error(b->store));
            t[n++] = now_s() - t0;
            total_hits += total;
            for (size_t i = 0; i < got; i++)
                ogi_item_free(&items[i]);
            free(items);
        }
    double p50 = percentile(t, n, 0.50), p99 = percentile(t, n, 0.99), max = t[n - 1];
    printf("full-text search, %zu queries (%zu two-character words x %zu, most common to "
           "absent): p50 %.2f ms, p99 %.2f ms, max %.2f ms (mean matches per query %zu)\n",
           n, N_WORDS + n_absent, reps, 1e3 * p50, 1e3 * p99, 1e3 * max, total_hits / n);
    free(t);
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* ---- main ---- */

static options parse_args(int argc, char **argv)
{
    options o = {.db_path = "/tmp/ogi-ledger-bench.db", .calendar_path = NULL, .scale = 1};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--scale") && i + 1 < argc)
            o.scale = atol(argv[++i]);
        else if (!strcmp(argv[i], "--db") && i + 1 < argc)
            o.db_path = argv[++i];
        else if (!strcmp(argv[i], "--calendar") && i + 1 < argc)
            o.calendar_path = argv[++i];
        else if (!strcmp(argv[i], "--keep"))
            o.keep = true;
        else {
            fprintf(stderr, "usage: ledger_bench [--scale N] [--db PATH] "
                            "[--calendar holidays.csv] [--keep]\n");
            exit(2);
        }
    }
    if (o.scale < 1 || !o.calendar_path) {
        fprintf(stderr, "ledger_bench: --calendar is required and --scale must be >= 1\n");
        exit(2);
    }
    return o;
}

static void remove_db(const char *path)
{
    char side[1024];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

int main(int argc, char **argv)
{
    options o = parse_args(argc, argv);
    setvbuf(stdout, NULL, _IOLBF, 0); /* each figure as soon as it is measured */
    bench b = {.rng = 0x2545F4914F6CDD1Dull};
    char err[512];
    long apps = FULL_APPS / o.scale, items = FULL_ITEMS / o.scale;
    remove_db(o.db_path);
    b.cal = ogi_calendar_load(o.calendar_path, err, sizeof err);
    if (!b.cal)
        die(o.calendar_path, err);
    b.store = ogi_store_open(o.db_path, err, sizeof err);
    if (!b.store || ogi_store_migrate(b.store, NULL, err, sizeof err))
        die(o.db_path, err);
    read_format(&b);
    printf("ledger_bench: %ld applications, %ld registry items, %d agencies, %d-%d, batch %d, "
           "db %s\n", apps, items, N_AGENCIES, FIRST_YEAR, LAST_YEAR, BATCH, o.db_path);
    double t0 = now_s();
    add_agencies(&b);
    load_applications(&b, apps);
    double t1 = now_s();
    load_items(&b, items);
    double t2 = now_s();
    load_cases(&b);
    printf("load: applications %.1f s (%.0f/s, %ld events refused), items %.1f s (%.0f/s), "
           "total %.1f s\n", t1 - t0, (double)apps / (t1 - t0), b.refused, t2 - t1,
           (double)items / (t2 - t1), now_s() - t0);
    bench_reports(&b);
    bench_search(&b);
    ogi_store_close(b.store); /* the last close checkpoints the WAL into the file */
    char wal[1024];
    snprintf(wal, sizeof wal, "%s-wal", o.db_path);
    printf("database size: %.1f MB (+ WAL %.1f MB)\n", (double)file_size(o.db_path) / 1e6,
           (double)file_size(wal) / 1e6);
    ogi_calendar_free(b.cal);
    if (!o.keep)
        remove_db(o.db_path);
    return 0;
}
