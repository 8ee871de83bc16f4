/*
 * validate_narrative.c — R3.5 (optional, project rule): the narrative of
 * sections 一 and 三 against 本年新收 in the section 三 table.
 *
 * Deliberately conservative: only two sentence shapes are read.  A sentence
 * (split at 。；; and line breaks) that contains 申请 together with 未收到,
 * 未接收到 or a standalone 0件 says none were received; a sentence with 收到
 * followed by 申请 and immediately a number and 件 (「共收到政府信息公开申请
 * 15件」) says N were received.  The first such sentence decides; anything
 * else is not interpreted and the rule is SKIPPED.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/text.h"
#include "report/validate_internal.h"

enum { SAYS_NOTHING = -1 };

static bool says_none(const char *s)
{
    if (!strstr(s, "申请"))
        return false;
    if (strstr(s, "未收到") || strstr(s, "未接收到"))
        return true;
    for (const char *p = strstr(s, "0件"); p; p = strstr(p + 1, "0件"))
        if (p == s || p[-1] < '0' || p[-1] > '9')
            return true; /* 「0件」, not the tail of 「10件」 */
    return false;
}

/* N from 「收到…申请N件」, or SAYS_NOTHING. */
static long long says_count(const char *s)
{
    const char *got = strstr(s, "收到");
    if (!got)
        return SAYS_NOTHING;
    for (const char *p = strstr(got, "申请"); p; p = strstr(p + 1, "申请")) {
        const char *d = p + strlen("申请");
        if (*d < '0' || *d > '9')
            continue;
        long long n = 0;
        for (; *d >= '0' && *d <= '9'; d++)
            if (n < 1000000000LL)
                n = n * 10 + (*d - '0');
        if (strncmp(d, "件", strlen("件")) == 0)
            return n;
    }
    return SAYS_NOTHING;
}

/* Length of the sentence starting at s (up to and excluding its end mark). */
static size_t sentence_len(const char *s)
{
    static const char *const ends[] = {"。", "；", ";", "\n", NULL};
    size_t best = strlen(s);
    for (size_t i = 0; ends[i]; i++) {
        const char *e = strstr(s, ends[i]);
        if (e && (size_t)(e - s) < best)
            best = (size_t)(e - s);
    }
    return best;
}

/* Find the first statement about received applications in text: sets *quote
 * (malloc'd) and returns the count it states (0 for "none"). */
static long long first_statement(const char *text, char **quote)
{
    char *n = ogi_nfkc(text);
    long long said = SAYS_NOTHING;
    for (const char *s = n ? n : ""; *s && said == SAYS_NOTHING;) {
        size_t len = sentence_len(s);
        char *sent = ogi_strndup(s, len);
        said = says_none(sent) ? 0 : says_count(sent);
        if (said != SAYS_NOTHING)
            *quote = ogi_strdup(sent);
        free(sent);
        s += len;
        while (*s == '\n' || *s == ';')
            s++;
        if (strncmp(s, "。", strlen("。")) == 0 || strncmp(s, "；", strlen("；")) == 0)
            s += strlen("。");
    }
    free(n);
    return said;
}

void val_narrative(const ogi_report *r, ogi_findings *out)
{
    int total = val_cell(OGI_T_S3, "new_received", "total");
    if (val_missing(r, total))
        return;
    long long table_n = val_value(r, total);
    /* sections 一 and 三 (index 0 and 2) */
    const char *texts[] = {r->sections[0], r->sections[2]};
    for (size_t t = 0; t < 2; t++) {
        if (!texts[t])
            continue;
        char *quote = NULL;
        long long said = first_statement(texts[t], &quote);
        if (said == SAYS_NOTHING)
            continue;
        if (said != table_n) {
            const char *keys[] = {ogi_cell_at((size_t)total)->key, NULL};
            val_add(out, "R3.5", OGI_SEV_WARNING, keys, ogi_section_at(t * 2)->key,
                    val_fmt("Text says \"%s\" but the table shows %lld new applications.", quote,
                            table_n),
                    val_fmt("正文称“%s”，但表中本年新收申请为%lld件。", quote, table_n));
        }
        free(quote);
        return; /* the first statement decides */
    }
}
