/*
 * registry.c — the proactive-disclosure registry (主动公开, Arts. 19–26):
 * the statutory categories, and review before publication
 * (草稿 → 保密审查 → 审核 → 发布, "先审查、后公开"), repeal, and the
 * Art. 26 publication period.
 */
#include <stdio.h>
#include <string.h>

#include "ogi/ledger.h"

/* application-procedure.md §12: Art. 20 items and Art. 21 additions. */
static const struct {
    const char *key, *label;
} categories[] = {
    {"art20_01", "（一）行政法规、规章和规范性文件"},
    {"art20_02", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"},
    {"art20_03", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"},
    {"art20_04", "（四）国民经济和社会发展统计信息"},
    {"art20_05", "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"},
    {"art20_06", "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"},
    {"art20_07", "（七）财政预算、决算信息"},
    {"art20_08", "（八）行政事业性收费项目及其依据、标准"},
    {"art20_09", "（九）政府集中采购项目的目录、标准及实施情况"},
    {"art20_10", "（十）重大建设项目的批准和实施情况"},
    {"art20_11", "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"},
    {"art20_12", "（十二）突发公共事件的应急预案、预警信息及应对情况"},
    {"art20_13", "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"},
    {"art20_14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"},
    {"art20_15", "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"},
    {"art21_city_county", "第二十一条 市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助"},
    {"art21_township", "第二十一条 农业农村政策、农田水利、土地承包经营权流转、宅基地、土地征收、房屋征收、筹资筹劳、社会救助"},
};

#define N_CATEGORIES (sizeof categories / sizeof categories[0])

size_t ogi_registry_category_count(void) { return N_CATEGORIES; }
const char *ogi_registry_category_key(size_t i) { return i < N_CATEGORIES ? categories[i].key : NULL; }
const char *ogi_registry_category_label(size_t i)
{
    return i < N_CATEGORIES ? categories[i].label : NULL;
}

static const struct {
    const char *status, *label;
} statuses[] = {
    {"draft", "草稿"}, {"secrecy_review", "保密审查"}, {"approval", "审核"},
    {"published", "已发布"}, {"repealed", "已废止"},
};

const char *ogi_registry_status_label(const char *status)
{
    for (size_t i = 0; status && i < sizeof statuses / sizeof *statuses; i++)
        if (!strcmp(status, statuses[i].status))
            return statuses[i].label;
    return "未知";
}

/* The workflow: which step moves from which status to which. */
static const struct {
    const char *step, *from, *to, *label;
} steps[] = {
    {"submit", "draft", "secrecy_review", "提交保密审查"},
    {"pass_secrecy", "secrecy_review", "approval", "保密审查通过"},
    {"approve", "approval", "published", "审核通过并发布"},
    {"return", "secrecy_review", "draft", "退回修改"},
    {"return", "approval", "draft", "退回修改"},
    {"repeal", "published", "repealed", "废止"},
};

static bool known_category(const char *key)
{
    for (size_t i = 0; key && i < N_CATEGORIES; i++)
        if (!strcmp(key, categories[i].key))
            return true;
    return false;
}

int ogi_registry_create(ogi_store *s, ogi_item *it, const char *actor, char *err, size_t errlen)
{
    ogi_date d;
    static const char *const kinds[] = {"rule", "normative", "other"};
    bool kind_ok = false;
    for (size_t i = 0; i < 3; i++)
        kind_ok |= it->kind && !strcmp(it->kind, kinds[i]);
    if (!it->title || !it->title[0])
        snprintf(err, errlen, "标题不能为空");
    else if (!known_category(it->category))
        snprintf(err, errlen, "公开类别“%s”无效，应为 art20_01 至 art20_15、art21_city_county 或 "
                 "art21_township", it->category ? it->category : "");
    else if (!kind_ok)
        snprintf(err, errlen, "文件类型“%s”无效，应为 rule（规章）、normative（行政规范性文件）或 other",
                 it->kind ? it->kind : "");
    else if (!it->formed_date || !ogi_date_parse(it->formed_date, &d))
        snprintf(err, errlen, "成文日期“%s”无效，应为 YYYY-MM-DD",
                 it->formed_date ? it->formed_date : "");
    else {
        it->status = (char *)"draft";
        it->published_date = NULL;
        it->repealed_date = NULL;
        int rc = ogi_store_item_add(s, it, actor);
        it->status = NULL;
        if (rc)
            snprintf(err, errlen, "%s", ogi_store_error(s));
        return rc;
    }
    return -1;
}

/* Art. 26: publish within 20 working days of forming (or changing). */
static void art26_warning(const ogi_calendar *cal, const char *formed, const char *published,
                          char *warning, size_t wlen)
{
    ogi_date f, p, limit;
    char msg[256], d[OGI_DATE_TEXT];
    if (!warning || !wlen || !ogi_date_parse(formed, &f) || !ogi_date_parse(published, &p))
        return;
    if (ogi_publish_deadline(cal, f, &limit, msg, sizeof msg) == 0 && p > limit)
        snprintf(warning, wlen, "发布日期 %s 晚于成文后20个工作日的期限 %s（《条例》第二十六条）",
                 published, ogi_date_format(limit, d));
}

int ogi_registry_step(ogi_store *s, const ogi_calendar *cal, int64_t id, const char *step,
                      const char *date, const char *actor, const char *note, char *warning,
                      size_t wlen, char *err, size_t errlen)
{
    if (warning && wlen)
        warning[0] = '\0';
    ogi_item it;
    int found = ogi_store_item_get(s, id, &it);
    if (found != 1) {
        snprintf(err, errlen, found ? "%s" : "信息条目不存在", found ? ogi_store_error(s) : "");
        return -1;
    }
    int rc = -1;
    size_t i = 0, n = sizeof steps / sizeof *steps;
    while (i < n && !(step && !strcmp(steps[i].step, step) && !strcmp(steps[i].from, it.status)))
        i++;
    ogi_date d;
    bool dated = step && (!strcmp(step, "approve") || !strcmp(step, "repeal"));
    if (i == n)
        snprintf(err, errlen, "条目当前状态为“%s”，不能执行“%s”", ogi_registry_status_label(it.status),
                 step ? step : "");
    else if (dated && (!date || !ogi_date_parse(date, &d)))
        snprintf(err, errlen, "“%s”须填写有效日期（YYYY-MM-DD）", steps[i].label);
    else if (dated && strcmp(date, it.formed_date) < 0)
        snprintf(err, errlen, "日期 %s 早于成文日期 %s", date, it.formed_date);
    else if (!strcmp(step, "repeal") && it.published_date && strcmp(date, it.published_date) < 0)
        snprintf(err, errlen, "废止日期 %s 早于发布日期 %s", date, it.published_date);
    else if (ogi_store_item_step(s, id, steps[i].to, dated ? date : NULL, actor,
                                 note ? note : steps[i].label))
        snprintf(err, errlen, "%s", ogi_store_error(s));
    else {
        if (!strcmp(step, "approve"))
            art26_warning(cal, it.formed_date, date, warning, wlen);
        rc = 0;
    }
    ogi_item_free(&it);
    return rc;
}
