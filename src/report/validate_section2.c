/*
 * validate_section2.c — R2 within one report (section 二, 主动公开):
 * documents in force vs issued (R2.1), 规章 reported by a body that cannot
 * make 规章 (R2.3) and fee amounts with more than 6 decimals (R2.4).
 * The cross-year rules R2.2 and R2.5 are in validate_cross.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"
#include "report/validate_internal.h"

/* ---- R2.1: in force ≥ issued, per row of 第二十条第（一）项 (v2021) ---- */

static void r2_1_in_force(const ogi_report *r, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_ART20_1_V2021);
    int c_issued = val_col(td, "issued"), c_in_force = val_col(td, "in_force");
    if (c_issued < 0 || c_in_force < 0)
        return;
    for (size_t row = 0; row < td->n_rows; row++) {
        int issued = val_cell_at(td->id, row, (size_t)c_issued);
        int in_force = val_cell_at(td->id, row, (size_t)c_in_force);
        if (val_missing(r, issued) || val_missing(r, in_force))
            continue; /* SKIPPED */
        int64_t a = val_value(r, issued), b = val_value(r, in_force);
        if (b >= a)
            continue;
        const char *keys[] = {ogi_cell_at((size_t)issued)->key, ogi_cell_at((size_t)in_force)->key,
                              NULL};
        const char *label = td->rows[row].label;
        val_add(out, "R2.1", OGI_SEV_WARNING, keys, td->key,
                val_fmt("%s: %lld issued this year but only %lld in force; only possible if "
                        "documents issued this year were also repealed this year.",
                        label, (long long)a, (long long)b),
                val_fmt("%s本年制发%lld件而现行有效仅%lld件，请核实。", label, (long long)a,
                        (long long)b));
    }
}

/* ---- R2.3: 规章 reported by a body without 规章制定权 ---- */

/* Words that contain 区/乡/镇 without naming a county-level or lower
 * division: 自治区 is a province, 城乡/乡村/城镇/社区/区域 are ordinary words
 * in department names (住房和城乡建设部, 国家乡村振兴局). */
static const char *const false_friends[] = {"自治区", "特别行政区", "城乡", "乡村",
                                            "城镇",   "社区",       "区域", NULL};
/* Markers of a division below 设区的市 / 自治州. */
static const char *const low_level[] = {"县", "区", "乡", "镇", "街道", "自治旗", NULL};
/* Markers of any local division (a local department cannot make 规章). */
static const char *const local_level[] = {"省", "市", "自治区", "州", "盟", "县", "区", NULL};

static void erase_all(char *s, const char *word)
{
    size_t wl = strlen(word);
    for (char *p = strstr(s, word); p; p = strstr(p, word))
        memset(p, '#', wl); /* keep lengths: only presence tests follow */
}

static bool contains_any(const char *s, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strstr(s, words[i]))
            return true;
    return false;
}

/* Heuristic (project rule, see validation-rules.md R2.3; under the 立法法 only
 * State Council departments and the governments of provinces, autonomous
 * regions, municipalities, 设区的市 and 自治州 make 规章).  Certain only when:
 *  - the agency is a township / 街道 (stated kind, confidence ≥ 80); or
 *  - its name shows a county, district, township or street level (县 区 乡 镇
 *    街道 自治旗, after removing words that merely contain those characters) —
 *    whatever its kind, nobody at that level makes 规章; or
 *  - it is a department (stated) of a local government: the name shows a
 *    province/city/prefecture, does not start like a State Council body
 *    (国家/国务院/中国/中华人民共和国), and is not the government's own
 *    office (人民政府办公厅/办公室 often reports the government's 规章).
 * Otherwise (other, unknown, county-level cities whose name says only 市)
 * the rule is SKIPPED. */
static bool cannot_make_rules(const ogi_report *r)
{
    bool kind_sure = r->agency_kind_confidence >= 80;
    if (kind_sure && r->agency_kind == OGI_KIND_TOWNSHIP)
        return true;
    if (!r->agency)
        return false;
    char *name = ogi_label_norm(r->agency);
    char *clean = ogi_strdup(name);
    for (size_t i = 0; false_friends[i]; i++)
        erase_all(clean, false_friends[i]);
    erase_all(clean, "市场"); /* 国家市场监督管理总局 is no city */
    bool cannot = contains_any(clean, low_level);
    if (!cannot && kind_sure && r->agency_kind == OGI_KIND_DEPARTMENT) {
        bool central = strncmp(name, "国家", 6) == 0 || strncmp(name, "国务院", 9) == 0 ||
                       strncmp(name, "中国", 6) == 0 || strncmp(name, "中华人民共和国", 21) == 0;
        bool govt_office = strstr(name, "人民政府") != NULL;
        cannot = !central && !govt_office &&
                 (contains_any(clean, local_level) || strstr(name, "自治区") != NULL);
    }
    free(clean);
    free(name);
    return cannot;
}

static void r2_3_rules_power(const ogi_report *r, ogi_findings *out)
{
    const ogi_table_def *td = ogi_table_at(OGI_T_ART20_1_V2021);
    int row = val_row(td, "rules");
    if (row < 0)
        return;
    const char *keys[8];
    size_t n = 0;
    int64_t most = 0;
    for (size_t c = 0; c < td->n_cols && n < 7; c++) {
        int i = val_cell_at(td->id, (size_t)row, c);
        if (val_missing(r, i) || val_value(r, i) <= 0)
            continue;
        keys[n++] = ogi_cell_at((size_t)i)->key;
        if (val_value(r, i) > most)
            most = val_value(r, i);
    }
    keys[n] = NULL;
    if (!n || !cannot_make_rules(r))
        return;
    val_add(out, "R2.3", OGI_SEV_WARNING, keys, td->key,
            val_fmt("%s reports %lld 规章 but is not a body that can make 规章.", r->agency,
                    (long long)most),
            val_fmt("%s不具有规章制定权，却填报规章%lld件。", r->agency, (long long)most));
}

/* ---- R2.4: fee amount with more than 6 decimals ---- */

static void r2_4_precision(const ogi_report *r, ogi_findings *out)
{
    for (size_t i = 0; i < ogi_cell_count(); i++) {
        const ogi_cell_def *d = ogi_cell_at(i);
        const ogi_cell *c = &r->cells[i];
        /* The spec names the fee amount (row "fee"); the procurement amount
         * is money too but not a fee. */
        if (d->kind != OGI_VAL_MONEY || strcmp(d->row->key, "fee") != 0 ||
            c->state != OGI_CELL_VALUE || !(c->parse == OGI_PARSE_TOO_PRECISE || c->decimals > 6))
            continue;
        char buf[OGI_VALUE_BUF];
        /* the digits as written: the stored value is already cut to 6 decimals */
        const char *value = c->raw ? c->raw : ogi_cell_value_text(d, c, buf);
        const char *keys[] = {d->key, NULL};
        val_add(out, "R2.4", OGI_SEV_WARNING, keys, d->table->key,
                val_fmt("Fee amount %s 万元 has more than 6 decimals — check the unit.", value),
                val_fmt("收费金额%s万元小数位超过6位，请核实单位。", value));
    }
}

void val_section2(const ogi_report *r, ogi_findings *out)
{
    r2_1_in_force(r, out);
    r2_3_rules_power(r, out);
    r2_4_precision(r, out);
}
