/*
 * cases.c — administrative reviews and lawsuits over disclosure (section 四):
 * recording them and their results, with the checks a clerk would make.
 */
#include <stdio.h>
#include <string.h>

#include "ogi/calendar.h"
#include "ogi/ledger.h"

static const char *const kinds[] = {"review", "suit_direct", "suit_after_review", NULL};
static const char *const results[] = {"upheld", "corrected", "other", "pending", NULL};

static bool member(const char *v, const char *const *set)
{
    for (size_t i = 0; v && set[i]; i++)
        if (!strcmp(v, set[i]))
            return true;
    return false;
}

static bool is_date(const char *s)
{
    ogi_date d;
    return s && ogi_date_parse(s, &d);
}

/* A decided case has a result other than pending and a decision date on
 * or after filing; a pending one has neither. */
static int check_result(const char *result, const char *filed, const char *decided, char *err,
                        size_t errlen)
{
    if (!member(result, results)) {
        snprintf(err, errlen, "结果“%s”无效，应为 upheld（维持）、corrected（纠正）、other（其他）"
                 "或 pending（尚未审结）", result ? result : "");
        return -1;
    }
    bool pending = !strcmp(result, "pending");
    if (pending != (decided == NULL) || (decided && !is_date(decided))) {
        snprintf(err, errlen, pending ? "尚未审结的案件不应有审结日期"
                                      : "已审结的案件须填写有效的审结日期（YYYY-MM-DD）");
        return -1;
    }
    if (decided && strcmp(decided, filed) < 0) {
        snprintf(err, errlen, "审结日期 %s 早于立案日期 %s", decided, filed);
        return -1;
    }
    return 0;
}

int ogi_case_add(ogi_store *s, ogi_case *c, const char *actor, char *err, size_t errlen)
{
    if (!member(c->kind, kinds)) {
        snprintf(err, errlen, "案件类型“%s”无效，应为 review（行政复议）、suit_direct（未经复议直接起诉）"
                 "或 suit_after_review（复议后起诉）", c->kind ? c->kind : "");
        return -1;
    }
    if (!is_date(c->filed_date)) {
        snprintf(err, errlen, "立案日期“%s”无效，应为 YYYY-MM-DD", c->filed_date ? c->filed_date : "");
        return -1;
    }
    if (check_result(c->result ? c->result : "pending", c->filed_date, c->decided_date, err,
                     errlen))
        return -1;
    if (c->application_id) {
        ogi_application a;
        int found = ogi_store_app_get(s, c->application_id, &a);
        if (found == 1)
            ogi_application_free(&a);
        if (found != 1) {
            snprintf(err, errlen, "关联的申请 %lld 不存在", (long long)c->application_id);
            return -1;
        }
    }
    if (ogi_store_case_insert(s, c, actor)) {
        snprintf(err, errlen, "%s", ogi_store_error(s));
        return -1;
    }
    return 0;
}

int ogi_case_decide(ogi_store *s, int64_t id, const char *result, const char *date,
                    const char *actor, char *err, size_t errlen)
{
    ogi_case c = {0};
    int found = ogi_store_case_get(s, id, &c);
    if (found != 1) {
        snprintf(err, errlen, found ? "%s" : "案件不存在", found ? ogi_store_error(s) : "");
        return -1;
    }
    int rc = check_result(result, c.filed_date, date, err, errlen);
    if (!rc) {
        ogi_case updated = c;
        updated.result = (char *)result;
        updated.decided_date = (char *)date;
        rc = ogi_store_case_update(s, &updated, actor);
        if (rc)
            snprintf(err, errlen, "%s", ogi_store_error(s));
    }
    ogi_case_free(&c);
    return rc;
}

int ogi_case_list(ogi_store *s, int64_t agency_id, ogi_case **out, size_t *n)
{
    return ogi_store_case_list(s, agency_id, out, n);
}
