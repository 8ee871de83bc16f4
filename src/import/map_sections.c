/*
 * map_sections.c — section headings and narrative text.
 *
 * Headings are found by the spec's rule (annual-report-format.md §1):
 * normalise, strip a list marker and a trailing 「。」, then a leading
 * numeral 一…六 with 「、」 names the section if the line also carries that
 * section's keyword; without a numeral, the keyword alone names it when the
 * line is short and heading-like.  Sections must come in increasing order,
 * which is what keeps section 三's table rows 「一、本年新收…」「四、结转…」
 * from being taken as headings (they lack the keywords as well).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "import/fast_text.h"
#include "map_internal.h"
#include "ogi/buf.h"
#include "ogi/text.h"

#define HEADING_MAX_BYTES 150 /* ~50 CJK characters: longer lines are prose */

static const char *const numerals[] = {"一", "二", "三", "四", "五", "六"};

/* The section's keyword in s (anywhere, or at the start when at_start). */
static bool has_keyword_at(const char *s, int section, bool at_start)
{
    const ogi_section_def *sd = ogi_section_at((size_t)section - 1);
    for (size_t k = 0; sd && sd->keywords && sd->keywords[k]; k++) {
        const char *hit = strstr(s, sd->keywords[k]);
        if (hit && (!at_start || hit == s))
            return true;
    }
    return false;
}

static bool has_keyword(const char *s, int section) { return has_keyword_at(s, section, false); }

/* Strip 「-」「•」「*」「·」 list markers at the start, 「。」 at the end.  A
 * Markdown heading marker 「##」 goes too, but does not count as a list
 * marker: it is set before sub-headings and table captions alike, so the
 * line must still read as a heading on its own. */
static const char *strip_marks(char *s, bool *marked)
{
    static const char *const markers[] = {"-", "•", "*", "·", NULL};
    const char *p = s;
    *marked = false;
    while (*p == '#')
        p++;
    for (size_t i = 0; markers[i]; i++)
        if (strncmp(p, markers[i], strlen(markers[i])) == 0) {
            p += strlen(markers[i]);
            *marked = true;
            break;
        }
    size_t len = strlen(p);
    while (len >= 3 && strcmp(p + len - 3, "。") == 0)
        len -= 3;
    s[p - s + (long)len] = '\0';
    return p;
}

static int numeral_of(const char *p)
{
    for (int i = 0; i < 6; i++) {
        size_t k = strlen(numerals[i]);
        if (strncmp(p, numerals[i], k) == 0 &&
            (strncmp(p + k, "、", 3) == 0 || p[k] == '.' || p[k] == ','))
            return i + 1;
    }
    return 0;
}

static bool prose_punctuation(const char *p)
{
    return strstr(p, ",") || strstr(p, "，") || strstr(p, ";") || strstr(p, "；") ||
           strstr(p, "。") || map_has_digit(p);
}

/* Every section heading of both formats ends in 「情况」 or 「事项」. */
static bool heading_ending(const char *p)
{
    size_t n = strlen(p);
    return n >= 6 && (strcmp(p + n - 6, "情况") == 0 || strcmp(p + n - 6, "事项") == 0);
}

int map_heading_section(const char *text, int last)
{
    char *n = fast_heading_norm(text);
    bool marked;
    const char *p = strip_marks(n, &marked);
    int found = 0;
    if (strlen(p) <= HEADING_MAX_BYTES) {
        int num = numeral_of(p);
        if (num) {
            if (has_keyword(p, num))
                found = num;
        } else if (p[0] != '(' && !prose_punctuation(p) &&
                   (marked || (strlen(p) <= 60 && heading_ending(p)))) {
            /* a bulleted line naming the section, or a short line opening
             * with its keyword and ending like a heading (「其他主动公开文件」
             * and 「行政复议行政诉讼」 are table labels, not headings) */
            for (int s = last + 1; s <= 6 && !found; s++)
                if (has_keyword_at(p, s, !marked))
                    found = s;
        }
    }
    free(n);
    return found > last ? found : 0;
}

/* The canonical headings normalised like labels, once per process (the
 * definition does not change; map_sections runs on several threads). */
static char **heading_norm_list;
static pthread_once_t heading_norm_once = PTHREAD_ONCE_INIT;

static void build_heading_norms(void)
{
    heading_norm_list = ogi_xcalloc(ogi_section_count() + 1, sizeof *heading_norm_list);
    for (size_t j = 0; j < ogi_section_count(); j++)
        heading_norm_list[j] = map_norm(ogi_section_at(j)->heading);
}

static const char *const *heading_norms(void)
{
    pthread_once(&heading_norm_once, build_heading_norms);
    return (const char *const *)heading_norm_list;
}

void map_sections(map_tokens *t, ogi_report *r)
{
    int last = 0, order = 0;
    for (size_t i = 0; i < t->n; i++) {
        map_token *k = &t->v[i];
        int s = 0;
        if (k->kind == TK_LABEL && !k->whole_row) {
            const char *const *norms = heading_norms();
            for (size_t j = 0; j < ogi_section_count(); j++)
                if (strcmp(norms[j], k->key) == 0 && ogi_section_at(j)->n > last)
                    s = ogi_section_at(j)->n;
        } else if (k->whole_row && !k->grid && (k->kind == TK_TEXT || k->kind == TK_LABEL)) {
            s = map_heading_section(k->text, last);
        }
        if (s) {
            k->heading = s;
            last = s;
            free(r->headings[s - 1]);
            r->headings[s - 1] = ogi_strdup(k->text);
            r->heading_order[s - 1] = ++order;
            r->structure_known = true;
        }
        k->section = last;
    }
}

/* Narrative: the text rows of each section that are not table material. */
void map_sections_text(const ogi_doc *doc, const map_tokens *t, ogi_report *r)
{
    ogi_buf text[OGI_SECTIONS];
    for (int s = 0; s < OGI_SECTIONS; s++)
        ogi_buf_init(&text[s]);
    size_t i = 0;
    while (i < t->n) {
        size_t row = t->v[i].row, j = i;
        bool prose = true;
        for (; j < t->n && t->v[j].row == row; j++)
            if (t->v[j].kind != TK_TEXT || t->v[j].heading || t->v[j].used)
                prose = false;
        int s = t->v[i].section;
        if (prose && s >= 1 && s <= OGI_SECTIONS && doc->rows[row].n == 1) {
            if (text[s - 1].len)
                ogi_buf_putc(&text[s - 1], '\n');
            ogi_buf_puts(&text[s - 1], doc->rows[row].cells[0].text);
        }
        i = j;
    }
    for (int s = 0; s < OGI_SECTIONS; s++) {
        if (r->headings[s] && !r->sections[s])
            r->sections[s] = text[s].len ? ogi_buf_steal(&text[s]) : ogi_strdup("");
        ogi_buf_free(&text[s]);
    }
}
