/*
 * web_seed.c — a registry of realistic size for bench/web_bench.sh: N
 * published items (default 20,000) spread over 20 agencies, 2021–2025,
 * with Chinese titles and bodies, written through ogi_store_item_add so
 * that rows, 索引号 and full-text terms are what production writes.
 *
 *   web_seed --db PATH [--items N]
 *
 * Items carry their 索引号 already (the per-agency sequence the store would
 * assign), which skips the store's count-based numbering: that query walks
 * all of an agency's items and would make seeding quadratic.  Writes go in
 * batches of one transaction each (the nested calls become savepoints).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/ledger.h"

#define N_AGENCIES 20
#define BATCH 2000

/* Two-character words the text is made of, most common first: the
 * benchmark searches 教育 (the rarest: about one item in ten) and 服务 (in
 * every item, the worst case). */
static const char *const words[] = {
    "服务", "住房", "医疗", "社会", "保障", "就业", "交通", "环境", "保护", "财政",
    "预算", "采购", "规划", "土地", "农业", "水利", "安全", "食品", "卫生", "养老",
    "文化", "旅游", "科技", "人才", "统计", "应急", "市场", "监管", "价格", "税收",
    "企业", "社区", "许可", "审批", "城市", "建设", "道路", "供水", "学校", "教育"};
#define N_WORDS (int)(sizeof words / sizeof words[0])

static uint64_t rng = 88172645463325252ULL;

static int below(int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "web_seed: %s: %s\n", what, why);
    exit(1);
}

/* Skewed like real text: low-numbered words are common. */
static void chinese_text(char *out, size_t len, int n_words, const char *tail)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n_words && used + 16 < len; i++)
        used += (size_t)snprintf(out + used, len - used, "%s%s",
                                 words[below(1 + below(N_WORDS))], i % 4 == 3 ? "，" : "");
    snprintf(out + used, len - used, "%s", tail);
}

static void add_agencies(ogi_store *s, int64_t *ids)
{
    for (int i = 0; i < N_AGENCIES; i++) {
        char name[64], prefix[16];
        snprintf(name, sizeof name, "性能测试第%02d局", i + 1);
        snprintf(prefix, sizeof prefix, "W%02d", i + 1);
        ogi_agency a = {.name = name, .kind = i ? OGI_KIND_DEPARTMENT : OGI_KIND_GOVERNMENT,
                        .index_prefix = prefix, .index_pattern = (char *)"{prefix}-{year}-{seq:05}"};
        if (ogi_store_agency_add(s, &a, "bench"))
            die("agency", ogi_store_error(s));
        ids[i] = a.id;
    }
}

static void add_item(ogi_store *s, const int64_t *agency, long k)
{
    static const char *const kinds[] = {"rule", "normative", "other", "other", "other"};
    char title[256], body[2048], index_no[32], doc_no[64], formed[16], published[16];
    int ag = (int)(k % N_AGENCIES), year = 2021 + below(5), month = 1 + below(12),
        day = 1 + below(28);
    snprintf(formed, sizeof formed, "%04d-%02d-%02d", year, month, day);
    snprintf(published, sizeof published, "%04d-%02d-%02d", year, month, day < 20 ? day + 7 : day);
    snprintf(index_no, sizeof index_no, "W%02d-%04d-%06ld", ag + 1, year, k / N_AGENCIES + 1);
    snprintf(doc_no, sizeof doc_no, "性测〔%d〕%ld号", year, k / N_AGENCIES + 1);
    chinese_text(title, sizeof title, 6, "的通知");
    chinese_text(body, sizeof body, 120, "。");
    ogi_item it = {.agency_id = agency[ag], .index_no = index_no, .title = title,
                   .doc_no = doc_no, .body = body, .kind = (char *)kinds[below(5)],
                   .category = (char *)ogi_registry_category_key(
                       (size_t)below((int)ogi_registry_category_count())),
                   .topic = (char *)words[below(N_WORDS)], .formed_date = formed,
                   .published_date = published, .status = (char *)"published"};
    if (ogi_store_item_add(s, &it, "bench"))
        die("item", ogi_store_error(s));
}

int main(int argc, char **argv)
{
    const char *db_path = NULL;
    long n = 20000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db"))
            db_path = argv[i + 1];
        else if (!strcmp(argv[i], "--items"))
            n = strtol(argv[i + 1], NULL, 10);
    }
    if (!db_path || n < 1) {
        fprintf(stderr, "usage: web_seed --db PATH [--items N]\n");
        return 2;
    }
    char err[512];
    ogi_store *s = ogi_store_open(db_path, err, sizeof err);
    if (!s || ogi_store_migrate(s, NULL, err, sizeof err))
        die(db_path, err);
    int64_t agency[N_AGENCIES];
    if (ogi_store_begin(s))
        die("begin", ogi_store_error(s));
    add_agencies(s, agency);
    for (long k = 0; k < n; k++) {
        add_item(s, agency, k);
        if ((k + 1) % BATCH == 0 && (ogi_store_commit(s) || ogi_store_begin(s)))
            die("commit", ogi_store_error(s));
    }
    if (ogi_store_commit(s))
        die("commit", ogi_store_error(s));
    ogi_store_close(s);
    printf("web_seed: %ld published items, %d agencies in %s\n", n, N_AGENCIES, db_path);
    return 0;
}
