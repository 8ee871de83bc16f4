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
 *
 * Published headings are sometimes misprinted (「四、政府信息公开行政法复议、
 * 行政诉讼情况」, a stray 法): a line that opens with the next section's
 * numeral and is within an edit or two of that section's standard title is
 * its heading too — on a line of its own, in a cell, or inside a cell where
 * a whole report runs together (map_heading_near, called by map_tokens.c).
 * The heading is stored as printed, so validation still warns (R1.2).
 */
#include <pthread.h>
#include <stdint.h>
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

/* The canonical headings, once per process (the definition does not
 * change; map_sections runs on several threads): normalised like labels,
 * and as the numeral's code point plus the title's code points after
 * 「X、」 for near matching. */
#define NEAR_MAX_CPS 48 /* longer titles are not near-matched */

typedef struct {
    uint32_t numeral;
    uint32_t cp[NEAR_MAX_CPS];
    size_t n;
} heading_title;

static char **heading_norm_list;
static heading_title titles[OGI_SECTIONS];
static pthread_once_t heading_norm_once = PTHREAD_ONCE_INIT;

static bool is_numeral_sep(uint32_t c) { return c == 0x3001 /* 、 */ || c == '.' || c == ','; }

static void build_heading_norms(void)
{
    heading_norm_list = ogi_xcalloc(ogi_section_count() + 1, sizeof *heading_norm_list);
    for (size_t j = 0; j < ogi_section_count(); j++) {
        heading_norm_list[j] = map_norm(ogi_section_at(j)->heading);
        map_cp_text t;
        map_cps(ogi_section_at(j)->heading, &t);
        if (j < OGI_SECTIONS && t.n > 2 && t.n - 2 <= NEAR_MAX_CPS && is_numeral_sep(t.cp[1])) {
            titles[j].numeral = t.cp[0];
            titles[j].n = t.n - 2;
            memcpy(titles[j].cp, t.cp + 2, titles[j].n * sizeof *t.cp);
        }
        map_cps_free(&t);
    }
}

static const char *const *heading_norms(void)
{
    pthread_once(&heading_norm_once, build_heading_norms);
    return (const char *const *)heading_norm_list;
}

const char *map_heading_norm(int section)
{
    return section >= 1 && (size_t)section <= ogi_section_count() ? heading_norms()[section - 1]
                                                                   : NULL;
}

/* Levenshtein distance of two code point strings of at most NEAR_MAX_CPS. */
static size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t row[NEAR_MAX_CPS + 1];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* Edits a misprinted title may carry: one, two from ten characters on. */
static size_t edits_allowed(const heading_title *h) { return 1 + h->n / 10; }

/* Digits and sentence punctuation are prose, never part of a title. */
static bool prose_cp(uint32_t c)
{
    return (c >= '0' && c <= '9') || c == ',' || c == ';' || c == 0x3002 || c == 0xFF0C ||
           c == 0xFF1B;
}

/* The section whose numeral cp[0] is, followed by 「、」, or 0. */
static int numeral_section(const uint32_t *cp, size_t n)
{
    heading_norms();
    for (int s = 0; s < OGI_SECTIONS && n >= 2; s++)
        if (titles[s].n && cp[0] == titles[s].numeral && is_numeral_sep(cp[1]))
            return s + 1;
    return 0;
}

/* Edit distance of the title cp[2..n) (after 「X、」) to section s's
 * standard title, or SIZE_MAX when it is too far or reads as prose. */
static size_t title_distance(const uint32_t *cp, size_t n, int s)
{
    const heading_title *h = &titles[s - 1];
    if (n < 3 || n - 2 > NEAR_MAX_CPS || n - 2 + edits_allowed(h) < h->n ||
        n - 2 > h->n + edits_allowed(h))
        return SIZE_MAX;
    for (size_t i = 2; i < n; i++)
        if (prose_cp(cp[i]))
            return SIZE_MAX;
    size_t d = edit_distance(cp + 2, n - 2, h->cp, h->n);
    return d <= edits_allowed(h) ? d : SIZE_MAX;
}

/* Section s > last whose standard title the whole of s_text nearly is. */
static int near_heading_text(const char *s_text, int last)
{
    bool numeral = false; /* most text opens with no numeral: skip it cheaply */
    for (int i = 0; i < 6 && !numeral; i++)
        numeral = strncmp(s_text, numerals[i], strlen(numerals[i])) == 0;
    if (!numeral)
        return 0;
    map_cp_text t;
    map_cps(s_text, &t);
    int s = numeral_section(t.cp, t.n);
    if (s <= last || title_distance(t.cp, t.n, s) == SIZE_MAX)
        s = 0;
    map_cps_free(&t);
    return s;
}

size_t map_heading_near(const map_cp_text *t, size_t at, int *section)
{
    if (t->n - at < 2 || !is_numeral_sep(t->cp[at + 1]))
        return 0; /* asked at every position of a glued cell: the cheap test first */
    int s = numeral_section(t->cp + at, t->n - at);
    if (!s)
        return 0;
    const heading_title *h = &titles[s - 1];
    size_t best = 0, best_rank = SIZE_MAX, slack = edits_allowed(h);
    for (size_t len = h->n > slack ? h->n - slack : 1; len <= h->n + slack; len++) {
        size_t end = at + 2 + len;
        if (end > t->n)
            break;
        size_t d = title_distance(t->cp + at, 2 + len, s);
        if (d == SIZE_MAX)
            continue;
        /* fewest edits; of those, a clean end (a blank, or the title's
         * last character), then the standard length */
        bool cut = end == t->n || t->space_before[end] || t->cp[end - 1] == h->cp[h->n - 1];
        size_t off = len > h->n ? len - h->n : h->n - len;
        size_t rank = (d * 2 + !cut) * (NEAR_MAX_CPS + 1) + off;
        if (rank < best_rank) {
            best = 2 + len;
            best_rank = rank;
        }
    }
    *section = s;
    return best;
}

int map_heading_section(const char *text, int last)
{
    return map_heading_section_of(text, NULL, last);
}

int map_heading_section_of(const char *text, const char *heading_norm, int last)
{
    char small[512]; /* most lines: normalised without an allocation */
    char *n;
    size_t hn_len = heading_norm ? strlen(heading_norm) : 0;
    if (heading_norm && hn_len < sizeof small) {
        n = memcpy(small, heading_norm, hn_len + 1); /* (strip_marks cuts it in place) */
    } else {
        /* prose paragraphs are far longer than a heading: tell without
         * normalising them (strip_marks takes one more code point, a
         * marker); a text of a few hundred bytes is cheaper to normalise
         * than to test */
        size_t len = strlen(text);
        if (len > 3 * (HEADING_MAX_BYTES + 1) && fast_heading_longer(text, HEADING_MAX_BYTES + 1))
            return 0;
        n = len < sizeof small && fast_heading_norm_into(text, len, small)
                ? small
                : fast_heading_norm(text);
    }
    bool marked;
    const char *p = strip_marks(n, &marked);
    int found = 0;
    if (strlen(p) <= HEADING_MAX_BYTES) {
        int num = numeral_of(p);
        if (num) {
            if (has_keyword(p, num))
                found = num;
            else
                found = near_heading_text(p, last);
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
    if (n != small)
        free(n);
    return found > last ? found : 0;
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
            s = map_heading_section_of(k->text, k->norm_is_heading_norm ? k->norm : NULL, last);
        } else if (k->kind == TK_TEXT) {
            s = near_heading_text(k->text, last); /* a misprinted heading in a cell */
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
