/*
 * format.c — the single declaration of the annual report format.
 *
 * Tables, rows and columns are written out here once, in the order and with
 * the labels of the national template (annual-report-format.md §2–§5).  Cell
 * keys are not written out: each cell is the product of a table's row and
 * column, and its key is built from the table's key prefix, the row key and
 * the column key, exactly as the spec composes them.  The resulting cell
 * list is built once, on first use, into static storage.
 */
#include "ogi/format.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define V21 OGI_FMT_V2021
#define V19 OGI_FMT_V2019
#define BOTH OGI_FMT_BOTH
#define N(a) (sizeof(a) / sizeof((a)[0]))
#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- section 二, v2021 (§2.2) ---- */

static const ogi_row_def rows_art20_1_v2021[] = {
    {"rules", "规章", NULL, NULL, V21, false, NULL},
    {"normative", "行政规范性文件", NULL, NULL, V21, false, NULL},
};
static const ogi_col_def cols_art20_1_v2021[] = {
    {"issued", "本年制发件数", NULL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"repealed", "本年废止件数", NULL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"in_force", "现行有效件数", NULL, NULL, OGI_VAL_COUNT, "件", false, NULL},
};
static const ogi_row_def rows_art20_5_v2021[] = {
    {"licensing", "行政许可", NULL, NULL, V21, false, NULL},
};
static const ogi_row_def rows_art20_6[] = {
    {"penalty", "行政处罚", NULL, NULL, BOTH, false, NULL},
    {"coercion", "行政强制", NULL, NULL, BOTH, false, NULL},
};
static const ogi_col_def cols_decisions_v2021[] = {
    {"decisions", "本年处理决定数量", NULL, NULL, OGI_VAL_COUNT, "件", false, NULL},
};
static const ogi_row_def rows_art20_8[] = {
    {"fee", "行政事业性收费", NULL, NULL, BOTH, false, NULL},
};
static const ogi_col_def cols_art20_8_v2021[] = {
    {"amount_wan", "本年收费金额（单位：万元）", NULL, NULL, OGI_VAL_MONEY, "万元", false,
     LIST("本年收费金额", "收费金额（单位：万元）", "本年收费金额（万元）")},
};

/* ---- section 二, v2019 (§5.2) ---- */

static const ogi_row_def rows_art20_1_v2019[] = {
    {"rules", "规章", NULL, NULL, V19, false, NULL},
    {"normative", "规范性文件", NULL, NULL, V19, false, NULL},
};
static const ogi_col_def cols_art20_1_v2019[] = {
    {"made", "本年新制作数量", NULL, NULL, OGI_VAL_COUNT, "件", false, LIST("本年新")},
    {"published", "本年新公开数量", NULL, NULL, OGI_VAL_COUNT, "件", false, LIST("本年新")},
    {"public_total", "对外公开总数量", NULL, NULL, OGI_VAL_COUNT, "件", false, NULL},
};
static const ogi_row_def rows_art20_5_v2019[] = {
    {"licensing", "行政许可", NULL, NULL, V19, false, NULL},
    {"other_services", "其他对外管理服务事项", NULL, NULL, V19, false, NULL},
};
/* 上一年项目数量 / 本年增/减 / 处理决定数量: （五）（六） use all three,
 * （八） the first two. */
static const ogi_col_def cols_items_v2019[] = {
    {"prev_items", "上一年项目数量", NULL, NULL, OGI_VAL_COUNT, "项", false, NULL},
    {"change", "本年增/减", NULL, NULL, OGI_VAL_SIGNED, "项", false,
     LIST("本年增减", "本年增/减（减用负值表示）")},
    {"decisions", "处理决定数量", NULL, NULL, OGI_VAL_COUNT, "件", false,
     LIST("本年处理决定数量")},
};
static const ogi_row_def rows_art20_9_v2019[] = {
    {"procurement", "政府集中采购", NULL, NULL, V19, false, NULL},
};
static const ogi_col_def cols_art20_9_v2019[] = {
    {"projects", "采购项目数量", NULL, NULL, OGI_VAL_COUNT, "项", false, NULL},
    {"amount", "采购总金额", NULL, NULL, OGI_VAL_MONEY, "万元", false, NULL},
};

/* ---- section 三 (§3) ---- */

#define RESULT "三、本年度办理结果"
#define WITHHELD "（三）不予公开"
#define UNAVAILABLE "（四）无法提供"
#define NOT_HANDLED "（五）不予处理"
#define OTHER "（六）其他处理"

static const ogi_row_def rows_s3[] = {
    {"new_received", "一、本年新收政府信息公开申请数量", NULL, NULL, BOTH, false, NULL},
    {"carried_over", "二、上年结转政府信息公开申请数量", NULL, NULL, BOTH, false, NULL},
    {"granted", "（一）予以公开", RESULT, NULL, BOTH, true, NULL},
    {"partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RESULT, NULL, BOTH,
     true, LIST("（二）部分公开")},
    {"withheld_state_secret", "1.属于国家秘密", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_law_prohibited", "2.其他法律行政法规禁止公开", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_security_stability", "3.危及“三安全一稳定”", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_third_party", "4.保护第三方合法权益", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_internal_affairs", "5.属于三类内部事务信息", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_process_info", "6.属于四类过程性信息", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_enforcement_file", "7.属于行政执法案卷", RESULT, WITHHELD, BOTH, true, NULL},
    {"withheld_admin_query", "8.属于行政查询事项", RESULT, WITHHELD, BOTH, true, NULL},
    {"unavailable_not_held", "1.本机关不掌握相关政府信息", RESULT, UNAVAILABLE, BOTH, true, NULL},
    {"unavailable_needs_creation", "2.没有现成信息需要另行制作", RESULT, UNAVAILABLE, BOTH, true,
     NULL},
    {"unavailable_still_unclear", "3.补正后申请内容仍不明确", RESULT, UNAVAILABLE, BOTH, true,
     NULL},
    {"not_handled_petition", "1.信访举报投诉类申请", RESULT, NOT_HANDLED, BOTH, true, NULL},
    {"not_handled_repeat", "2.重复申请", RESULT, NOT_HANDLED, BOTH, true, NULL},
    {"not_handled_publication", "3.要求提供公开出版物", RESULT, NOT_HANDLED, BOTH, true, NULL},
    {"not_handled_excessive", "4.无正当理由大量反复申请", RESULT, NOT_HANDLED, BOTH, true, NULL},
    {"not_handled_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", RESULT, NOT_HANDLED,
     BOTH, true, NULL},
    {"other_no_supplement",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", RESULT, OTHER, V21, true,
     NULL},
    {"other_fee_unpaid",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", RESULT, OTHER,
     V21, true, NULL},
    {"other_misc", "3.其他", RESULT, OTHER, V21, true, NULL},
    {"other_v2019", "（六）其他处理", RESULT, NULL, V19, true, NULL},
    {"outcome_total", "（七）总计", RESULT, NULL, BOTH, false, NULL},
    {"carry_forward", "四、结转下年度继续办理", NULL, NULL, BOTH, false, NULL},
};

#define LEGAL "法人或其他组织"
static const ogi_col_def cols_s3[] = {
    {"natural_person", "自然人", NULL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"commercial", "商业企业", LEGAL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"research", "科研机构", LEGAL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"public_welfare", "社会公益组织", LEGAL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"legal_service", "法律服务机构", LEGAL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"other_org", "其他", LEGAL, NULL, OGI_VAL_COUNT, "件", false, NULL},
    {"total", "总计", NULL, NULL, OGI_VAL_COUNT, "件", true, NULL},
};

/* ---- section 四 (§4): one data row of 15 numbers ---- */

static const ogi_row_def rows_s4[] = {
    {"", "", NULL, NULL, BOTH, false, NULL},
};
#define REVIEW "行政复议"
#define SUIT "行政诉讼"
#define DIRECT "未经复议直接起诉"
#define AFTER "复议后起诉"
#define S4_GROUP(prefix, group, sub)                                                        \
    {prefix "upheld", "结果维持", group, sub, OGI_VAL_COUNT, "件", false, LIST("结果")},   \
        {prefix "corrected", "结果纠正", group, sub, OGI_VAL_COUNT, "件", false,           \
         LIST("结果", "纠正")},                                                            \
        {prefix "other", "其他结果", group, sub, OGI_VAL_COUNT, "件", false, LIST("其他")}, \
        {prefix "pending", "尚未审结", group, sub, OGI_VAL_COUNT, "件", false, LIST("尚未")}, \
        {prefix "total", "总计", group, sub, OGI_VAL_COUNT, "件", true, NULL}
static const ogi_col_def cols_s4[] = {
    S4_GROUP("review_", REVIEW, NULL),
    S4_GROUP("suit_direct_", SUIT, DIRECT),
    S4_GROUP("suit_after_review_", SUIT, AFTER),
};

/* ---- the tables, in the order of the report ---- */

#define TABLE(id, key, sec, item, caption, en, fmts, prefix, sep, corner, rows, cols, ncols) \
    {id, key, sec, item, caption, en, fmts, prefix, sep, corner, rows, N(rows), cols, ncols}

static const ogi_table_def tables[OGI_TABLE_COUNT] = {
    TABLE(OGI_T_ART20_1_V2021, "art20_1_v2021", 2, "（一）", "第二十条第（一）项",
          "Article 20 item (1)", V21, "s2_", "_", "信息内容", rows_art20_1_v2021,
          cols_art20_1_v2021, 3),
    TABLE(OGI_T_ART20_5_V2021, "art20_5_v2021", 2, "（五）", "第二十条第（五）项",
          "Article 20 item (5)", V21, "s2_", "_", "信息内容", rows_art20_5_v2021,
          cols_decisions_v2021, 1),
    TABLE(OGI_T_ART20_6_V2021, "art20_6_v2021", 2, "（六）", "第二十条第（六）项",
          "Article 20 item (6)", V21, "s2_", "_", "信息内容", rows_art20_6,
          cols_decisions_v2021, 1),
    TABLE(OGI_T_ART20_8_V2021, "art20_8_v2021", 2, "（八）", "第二十条第（八）项",
          "Article 20 item (8)", V21, "s2_", "_", "信息内容", rows_art20_8, cols_art20_8_v2021,
          1),
    TABLE(OGI_T_ART20_1_V2019, "art20_1_v2019", 2, "（一）", "第二十条第（一）项",
          "Article 20 item (1)", V19, "s2v19_", "_", "信息内容", rows_art20_1_v2019,
          cols_art20_1_v2019, 3),
    TABLE(OGI_T_ART20_5_V2019, "art20_5_v2019", 2, "（五）", "第二十条第（五）项",
          "Article 20 item (5)", V19, "s2v19_", "_", "信息内容", rows_art20_5_v2019,
          cols_items_v2019, 3),
    TABLE(OGI_T_ART20_6_V2019, "art20_6_v2019", 2, "（六）", "第二十条第（六）项",
          "Article 20 item (6)", V19, "s2v19_", "_", "信息内容", rows_art20_6, cols_items_v2019,
          3),
    TABLE(OGI_T_ART20_8_V2019, "art20_8_v2019", 2, "（八）", "第二十条第（八）项",
          "Article 20 item (8)", V19, "s2v19_", "_", "信息内容", rows_art20_8, cols_items_v2019,
          2),
    TABLE(OGI_T_ART20_9_V2019, "art20_9_v2019", 2, "（九）", "第二十条第（九）项",
          "Article 20 item (9)", V19, "s2v19_", "_", "信息内容", rows_art20_9_v2019,
          cols_art20_9_v2019, 2),
    TABLE(OGI_T_S3, "s3", 3, NULL, "收到和处理政府信息公开申请情况",
          "applications received and handled", BOTH, "s3_", "__", NULL, rows_s3, cols_s3,
          N(cols_s3)),
    TABLE(OGI_T_S4, "s4", 4, NULL, "政府信息公开行政复议、行政诉讼情况",
          "administrative review and litigation", BOTH, "s4_", "", NULL, rows_s4, cols_s4,
          N(cols_s4)),
};

/* ---- sections (§1) and metadata (§8) ---- */

static const ogi_section_def sections[] = {
    {1, "s1", "一", "一、总体情况", LIST("总体情况")},
    {2, "s2", "二", "二、主动公开政府信息情况", LIST("主动公开")},
    {3, "s3", "三", "三、收到和处理政府信息公开申请情况", LIST("收到和处理")},
    {4, "s4", "四", "四、政府信息公开行政复议、行政诉讼情况", LIST("行政复议", "行政诉讼")},
    {5, "s5", "五", "五、存在的主要问题及改进情况", LIST("问题及改进", "存在问题", "主要问题")},
    {6, "s6", "六", "六、其他需要报告的事项", LIST("其他需要报告")},
};

static const ogi_meta_def metas[] = {
    {"agency", "agency_name", "机关名称"},
    {"agency_kind", "agency_kind", "机关类型"},
    {"year", "report_year", "报告年度"},
    {"publish_date", "publish_date", "发布日期"},
    {"period", "period", "统计期限"},
    {"format_version", "format_version", "格式版本"},
};

/* ---- the cell list, built once ---- */

#define MAX_CELLS 256
#define KEY_POOL 16384
#define LABEL_POOL 65536

static ogi_cell_def cells[MAX_CELLS];
static size_t n_cells;
static char key_pool[KEY_POOL];
static char label_pool[LABEL_POOL];
static pthread_once_t built = PTHREAD_ONCE_INIT;

static const char *pool_printf(char *pool, size_t cap, size_t *used, const char *a,
                               const char *b, const char *c, const char *d, const char *e)
{
    char *dst = pool + *used;
    int n = snprintf(dst, cap - *used, "%s%s%s%s%s", a, b, c, d, e);
    if (n < 0 || (size_t)n >= cap - *used)
        abort(); /* the pools are sized for the definition above */
    *used += (size_t)n + 1;
    return dst;
}

static void build_cells(void)
{
    size_t key_used = 0, label_used = 0;
    for (size_t t = 0; t < OGI_TABLE_COUNT; t++) {
        const ogi_table_def *td = &tables[t];
        for (size_t r = 0; r < td->n_rows; r++) {
            const ogi_row_def *row = &td->rows[r];
            for (size_t c = 0; c < td->n_cols; c++) {
                const ogi_col_def *col = &td->cols[c];
                if (n_cells == MAX_CELLS)
                    abort();
                ogi_cell_def *cd = &cells[n_cells++];
                cd->key = pool_printf(key_pool, KEY_POOL, &key_used, td->key_prefix, row->key,
                                      row->key[0] ? td->key_sep : "", col->key, "");
                cd->table = td;
                cd->row = row;
                cd->col = col;
                cd->r = r;
                cd->c = c;
                cd->kind = col->kind;
                cd->formats = td->formats & row->formats;
                /* 「行政事业性收费·本年收费金额（单位：万元）」, 「行政诉讼·复议后起诉·总计」 */
                const char *rl = row->label[0] ? row->label : (col->group ? col->group : "");
                const char *sub = col->subgroup ? col->subgroup : "";
                cd->label = pool_printf(label_pool, LABEL_POOL, &label_used, rl, "·", sub,
                                        sub[0] ? "·" : "", col->label);
            }
        }
    }
}

static void ensure_built(void) { pthread_once(&built, build_cells); }

size_t ogi_table_count(void) { return OGI_TABLE_COUNT; }

const ogi_table_def *ogi_table_at(size_t i) { return i < OGI_TABLE_COUNT ? &tables[i] : NULL; }

const ogi_table_def *ogi_table_by_key(const char *key)
{
    for (size_t i = 0; i < OGI_TABLE_COUNT; i++)
        if (strcmp(tables[i].key, key) == 0)
            return &tables[i];
    return NULL;
}

size_t ogi_cell_count(void)
{
    ensure_built();
    return n_cells;
}

const ogi_cell_def *ogi_cell_at(size_t i)
{
    ensure_built();
    return i < n_cells ? &cells[i] : NULL;
}

int ogi_cell_index(const char *key)
{
    ensure_built();
    if (!key || !key[0]) /* "" has no key[1] for the filter below */
        return -1;
    /* Cheap filter on the prefix before comparing: keys start with "s2", "s3", "s4". */
    for (size_t i = 0; i < n_cells; i++)
        if (cells[i].key[1] == key[1] && strcmp(cells[i].key, key) == 0)
            return (int)i;
    return -1;
}

int ogi_cell_in_table(ogi_table_id t, size_t r, size_t c)
{
    ensure_built();
    for (size_t i = 0; i < n_cells; i++)
        if (cells[i].table->id == t && cells[i].r == r && cells[i].c == c)
            return (int)i;
    return -1;
}

size_t ogi_section_count(void) { return N(sections); }
const ogi_section_def *ogi_section_at(size_t i) { return i < N(sections) ? &sections[i] : NULL; }
size_t ogi_meta_count(void) { return N(metas); }
const ogi_meta_def *ogi_meta_at(size_t i) { return i < N(metas) ? &metas[i] : NULL; }

ogi_format_version ogi_format_for_year(int year)
{
    if (year >= 2021)
        return OGI_FORMAT_V2021;
    if (year >= 2019)
        return OGI_FORMAT_V2019;
    return OGI_FORMAT_UNKNOWN;
}

const char *ogi_format_name(ogi_format_version v)
{
    switch (v) {
    case OGI_FORMAT_V2021: return "v2021";
    case OGI_FORMAT_V2019: return "v2019";
    case OGI_FORMAT_MIXED: return "mixed";
    default: return "unknown";
    }
}

ogi_format_version ogi_format_parse(const char *s)
{
    if (!s)
        return OGI_FORMAT_UNKNOWN;
    if (!strcmp(s, "v2021") || !strcmp(s, "2021"))
        return OGI_FORMAT_V2021;
    if (!strcmp(s, "v2019") || !strcmp(s, "2019"))
        return OGI_FORMAT_V2019;
    if (!strcmp(s, "mixed"))
        return OGI_FORMAT_MIXED;
    return OGI_FORMAT_UNKNOWN;
}

unsigned ogi_format_mask(ogi_format_version v)
{
    switch (v) {
    case OGI_FORMAT_V2021: return OGI_FMT_V2021;
    case OGI_FORMAT_V2019: return OGI_FMT_V2019;
    case OGI_FORMAT_MIXED: return OGI_FMT_BOTH;
    default: return 0;
    }
}
