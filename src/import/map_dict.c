/*
 * map_dict.c — the label dictionary: every label of the format definition
 * (captions, row and column labels with their variants, group headers,
 * canonical section headings), normalised the way cells are (map_cps).
 *
 * The definition never changes while the program runs, so the dictionary
 * is built once per process (pthread_once) and then only read: mappers on
 * several threads (`ogi import -j N`) share it without locks.  Lookups by
 * normalised text go through a hash of the distinct texts; each text's
 * entries are kept in definition order, because the first entry of a kind
 * is the one a lookup returns.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"

static void dict_add(map_dict *d, const char *label, map_lab_kind kind, int table, int index,
                     bool variant)
{
    if (!label || !label[0])
        return;
    map_cp_text t;
    map_cps(label, &t);
    if (t.n == 0) {
        map_cps_free(&t);
        return;
    }
    d->v = ogi_xrealloc(d->v, (d->n + 1) * sizeof *d->v);
    map_label *e = &d->v[d->n++];
    *e = (map_label){map_cps_utf8(&t, 0, t.n, false), t.cp, t.n, kind, table, index, variant};
    t.cp = NULL; /* the entry's now */
    map_cps_free(&t);
}

static void dict_add_list(map_dict *d, const char *const *list, map_lab_kind kind, int table,
                          int index)
{
    for (size_t i = 0; list && list[i]; i++)
        dict_add(d, list[i], kind, table, index, true);
}

static void dict_add_table(map_dict *d, const ogi_table_def *td)
{
    int t = (int)td->id;
    dict_add(d, td->caption, LAB_CAPTION, t, -1, false);
    dict_add(d, td->corner, LAB_HEAD, t, -1, false);
    for (size_t r = 0; r < td->n_rows; r++) {
        const ogi_row_def *row = &td->rows[r];
        dict_add(d, row->label, LAB_ROW, t, (int)r, false);
        dict_add_list(d, row->variants, LAB_ROW, t, (int)r);
        dict_add(d, row->group, LAB_HEAD, t, (int)r, false);
        dict_add(d, row->subgroup, LAB_HEAD, t, (int)r, false);
    }
    for (size_t c = 0; c < td->n_cols; c++) {
        const ogi_col_def *col = &td->cols[c];
        dict_add(d, col->label, LAB_COL, t, (int)c, false);
        dict_add_list(d, col->variants, LAB_COL, t, (int)c);
        dict_add(d, col->group, LAB_HEAD, t, (int)c, false);
        dict_add(d, col->subgroup, LAB_HEAD, t, (int)c, false);
    }
}

size_t map_bucket_of(uint32_t cp) { return cp % MAP_BUCKETS; }

/* Counting sort of the entries by first code point bucket (stable: each
 * bucket keeps definition order). */
static void dict_index_first(map_dict *d)
{
    size_t count[MAP_BUCKETS] = {0};
    for (size_t i = 0; i < d->n; i++)
        count[map_bucket_of(d->v[i].cps[0])]++;
    d->first[0] = 0;
    for (size_t b = 0; b < MAP_BUCKETS; b++)
        d->first[b + 1] = d->first[b] + count[b];
    size_t fill[MAP_BUCKETS];
    memcpy(fill, d->first, sizeof fill);
    d->by_first = ogi_xmalloc((d->n ? d->n : 1) * sizeof *d->by_first);
    for (size_t i = 0; i < d->n; i++)
        d->by_first[fill[map_bucket_of(d->v[i].cps[0])]++] = i;
}

static size_t pair_bucket(uint32_t a, uint32_t b)
{
    return (size_t)(((uint64_t)a * 0x9E3779B1u + b) * 0x85EBCA77u >> 16) % MAP_PAIR_BUCKETS;
}

/* Whether entry i goes before entry j in a pair bucket: longer first,
 * equal lengths in definition order. */
static bool longer_first(const map_dict *d, size_t i, size_t j)
{
    size_t ni = d->v[i].ncps, nj = d->v[j].ncps;
    return ni != nj ? ni > nj : i < j;
}

/* Insertion sort of one bucket (a handful of entries). */
static void sort_bucket(const map_dict *d, size_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t x = v[i], j = i;
        for (; j > 0 && longer_first(d, x, v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* The quick refusals: which code points start an entry, how long the
 * normalised texts are (map_dict_may_start, maybe_text). */
static void dict_index_filters(map_dict *d)
{
    for (size_t i = 0; i < d->n; i++) {
        uint32_t c0 = d->v[i].cps[0];
        if (c0 < 65536)
            d->starts[c0 / 64] |= 1ull << (c0 % 64);
        size_t len = strlen(d->v[i].norm);
        if (len > d->max_norm_len)
            d->max_norm_len = len;
        if (len < 256)
            d->lens[len / 64] |= 1ull << (len % 64);
    }
}

/* Entries of two or more code points by their first pair, longest first;
 * the rest in by_single.  Built once, under pthread_once. */
static void dict_index_pairs(map_dict *d)
{
    size_t count[MAP_PAIR_BUCKETS] = {0};
    d->n_single = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].ncps >= 2)
            count[pair_bucket(d->v[i].cps[0], d->v[i].cps[1])]++;
        else
            d->n_single++;
    }
    d->pair_first[0] = 0;
    for (size_t b = 0; b < MAP_PAIR_BUCKETS; b++)
        d->pair_first[b + 1] = d->pair_first[b] + count[b];
    size_t *fill = ogi_xmalloc(MAP_PAIR_BUCKETS * sizeof *fill);
    memcpy(fill, d->pair_first, MAP_PAIR_BUCKETS * sizeof *fill);
    d->by_pair = ogi_xmalloc((d->n ? d->n : 1) * sizeof *d->by_pair);
    d->by_single = ogi_xmalloc((d->n_single ? d->n_single : 1) * sizeof *d->by_single);
    size_t ns = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].ncps >= 2)
            d->by_pair[fill[pair_bucket(d->v[i].cps[0], d->v[i].cps[1])]++] = i;
        else
            d->by_single[ns++] = i;
    }
    free(fill);
    for (size_t b = 0; b < MAP_PAIR_BUCKETS; b++)
        sort_bucket(d, d->by_pair + d->pair_first[b], d->pair_first[b + 1] - d->pair_first[b]);
}

const map_label *map_dict_longest_at(const map_dict *d, const uint32_t *cp, size_t n)
{
    if (n == 0 || !map_dict_may_start(d, cp[0]))
        return NULL;
    if (n >= 2) {
        size_t b = pair_bucket(cp[0], cp[1]);
        for (size_t k = d->pair_first[b]; k < d->pair_first[b + 1]; k++) {
            const map_label *c = &d->v[d->by_pair[k]];
            if (c->ncps <= n && c->cps[0] == cp[0] && c->cps[1] == cp[1] &&
                memcmp(cp + 2, c->cps + 2, (c->ncps - 2) * sizeof *cp) == 0)
                return c;
        }
    }
    for (size_t k = 0; n >= 1 && k < d->n_single; k++)
        if (d->v[d->by_single[k]].cps[0] == cp[0])
            return &d->v[d->by_single[k]];
    return NULL;
}

/* Hash of a normalised text, eight bytes at a time (labels are 10–40
 * bytes of UTF-8; a byte-wise hash was a tenth of the mapper's time).
 * Any hash gives the same answers: a slot's text is compared in full. */
static uint64_t text_hash(const char *s)
{
    size_t n = strlen(s);
    uint64_t h = 0x9E3779B97F4A7C15u ^ n, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, s, n); /* the tail, zero-padded */
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 29);
}

/* Slot of text in the hash: where its chain is, or the empty slot where
 * it would go (linear probing; the table is at most half full).  Tokens
 * carry the dictionary's own string as their key, so a pointer match
 * spares the comparison. */
static size_t slot_of(const map_dict *d, const char *norm)
{
    size_t mask = d->n_slots - 1, s = (size_t)text_hash(norm) & mask;
    for (; d->slots[s]; s = (s + 1) & mask) {
        const char *t = d->v[d->slots[s]->first].norm;
        if (t == norm || strcmp(t, norm) == 0)
            break;
    }
    return s;
}

/* Entries with equal text chained in definition order. */
static void dict_index_text(map_dict *d)
{
    d->n_slots = 16;
    while (d->n_slots < 2 * d->n)
        d->n_slots *= 2;
    d->slots = ogi_xcalloc(d->n_slots, sizeof *d->slots);
    d->chains = ogi_xcalloc(d->n ? d->n : 1, sizeof *d->chains);
    d->next = ogi_xmalloc((d->n ? d->n : 1) * sizeof *d->next);
    size_t n_chains = 0;
    for (size_t i = 0; i < d->n; i++) {
        size_t s = slot_of(d, d->v[i].norm);
        d->next[i] = SIZE_MAX;
        map_chain *c = d->slots[s];
        if (!c) {
            c = d->slots[s] = &d->chains[n_chains++];
            c->first = c->last = i;
        } else {
            d->next[c->last] = i;
            c->last = i;
        }
    }
}

/* Whether cp is a Chinese numeral 一…十. */
static bool cjk_numeral(uint32_t cp)
{
    static const uint32_t numerals[] = {0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94,
                                        0x516d, 0x4e03, 0x516b, 0x4e5d, 0x5341};
    for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++)
        if (cp == numerals[i])
            return true;
    return false;
}

/* Length of an item number at the start of normalised code points —
 * 「一、」「(一)」「1.」 — or 0. */
static size_t numbering_len(const uint32_t *cp, size_t n)
{
    size_t start = n && cp[0] == '(' ? 1 : 0, k = start;
    bool digits = k < n && cp[k] >= '0' && cp[k] <= '9';
    while (k < n && (digits ? cp[k] >= '0' && cp[k] <= '9' : cjk_numeral(cp[k])))
        k++;
    if (k == start || k >= n)
        return 0;
    if (start == 1)
        return cp[k] == ')' ? k + 1 : 0;
    return cp[k] == (digits ? '.' : 0x3001) ? k + 1 : 0;
}

static bool dict_has_text(const map_dict *d, const char *norm)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].norm, norm) == 0)
            return true;
    return false;
}

/* 「本年新收政府信息公开申请数量」 for 「一、本年新收…」: converters drop
 * the item number of a row label (or set it in a column of its own).  The
 * unnumbered form is a variant of the row when it is distinctive: at
 * least 4 characters and no label of the definition already (「3.其他」
 * would become the column 「其他」, 「（七）总计」 the column 「总计」). */
static void dict_add_unnumbered(map_dict *d)
{
    size_t n0 = d->n;
    for (size_t i = 0; i < n0; i++) {
        if (d->v[i].kind != LAB_ROW)
            continue;
        size_t k = numbering_len(d->v[i].cps, d->v[i].ncps);
        if (k == 0 || d->v[i].ncps - k < 4)
            continue;
        const char *rest = d->v[i].norm;
        for (size_t c = 0; c < k; c++) /* past k code points of the UTF-8 */
            do
                rest++;
            while (((unsigned char)*rest & 0xC0) == 0x80);
        if (!dict_has_text(d, rest)) {
            char *copy = ogi_strdup(rest); /* dict_add may move d->v */
            dict_add(d, copy, LAB_ROW, d->v[i].table, d->v[i].index, true);
            free(copy);
        }
    }
}

void map_dict_build(map_dict *d)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < ogi_table_count(); i++)
        dict_add_table(d, ogi_table_at(i));
    dict_add_unnumbered(d);
    for (size_t i = 0; i < ogi_section_count(); i++)
        dict_add(d, ogi_section_at(i)->heading, LAB_HEADING, ogi_section_at(i)->n, -1, false);
    dict_index_first(d);
    dict_index_filters(d);
    dict_index_pairs(d);
    dict_index_text(d);
}

void map_dict_free(map_dict *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].norm);
        free(d->v[i].cps);
    }
    free(d->v);
    free(d->by_first);
    free(d->by_pair);
    free(d->by_single);
    free(d->slots);
    free(d->chains);
    free(d->next);
    memset(d, 0, sizeof *d);
}

static map_dict shared_dict;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
/* cell index of (table, row, column): cells_of[t][r * n_cols + c], -1 if none */
static int *cells_of[OGI_TABLE_COUNT];

/* ogi_cell_in_table answers by scanning every cell; the mapper asks for
 * every cell of a row many times per document, so the answers are
 * tabulated once (the first cell at a position, as that scan returns). */
static void build_cell_index(void)
{
    for (size_t i = 0; i < ogi_table_count(); i++) {
        const ogi_table_def *td = ogi_table_at(i);
        size_t n = td->n_rows * td->n_cols;
        cells_of[td->id] = ogi_xmalloc((n ? n : 1) * sizeof *cells_of[td->id]);
        for (size_t k = 0; k < n; k++)
            cells_of[td->id][k] = -1;
    }
    for (size_t i = ogi_cell_count(); i-- > 0;) { /* backwards: the first wins */
        const ogi_cell_def *cd = ogi_cell_at(i);
        if (cells_of[cd->table->id])
            cells_of[cd->table->id][cd->r * cd->table->n_cols + cd->c] = (int)i;
    }
}

static void build_shared(void)
{
    map_dict_build(&shared_dict);
    build_cell_index();
}

int map_cell_index(ogi_table_id t, size_t r, size_t c)
{
    pthread_once(&shared_once, build_shared);
    const ogi_table_def *td = (unsigned)t < OGI_TABLE_COUNT ? ogi_table_at((size_t)t) : NULL;
    if (!td || td->id != t || !cells_of[t] || r >= td->n_rows || c >= td->n_cols)
        return ogi_cell_in_table(t, r, c); /* not a position of the definition */
    return cells_of[t][r * td->n_cols + c];
}

const map_dict *map_dict_shared(void)
{
    pthread_once(&shared_once, build_shared);
    return &shared_dict;
}
/* (Never freed: it lives as long as the process, and freeing it at exit
 * could pull it from under a thread still mapping.) */

/* The table walk asks about a token's key (the dictionary's own string)
 * again and again: which kinds, which tables, which row.  Answers for such
 * strings of the shared dictionary are remembered by address, per thread,
 * in a small direct-mapped cache.  Only the shared dictionary's strings
 * go in — it is never freed, so no other live string can have their
 * address — and any other text is hashed as before. */
#define KEY_CACHE 1024
static _Thread_local struct {
    const char *norm;
    size_t first;
} key_cache[KEY_CACHE];

static size_t key_cache_at(const char *norm)
{
    return ((uintptr_t)norm >> 3) % KEY_CACHE;
}

/* Whether norm is the string of one of the chain's entries. */
static bool owned_by(const map_dict *d, size_t first, const char *norm)
{
    for (size_t i = first; i != SIZE_MAX; i = d->next[i])
        if (d->v[i].norm == norm)
            return true;
    return false;
}

/* Whether some entry may have this text: not when no entry is as long (a
 * paragraph of prose is longer than every label) or starts with its first
 * code point — most cells are tested here, so this spares the hash. */
static bool maybe_text(const map_dict *d, const char *norm)
{
    size_t len = strnlen(norm, d->max_norm_len + 1);
    if (len > d->max_norm_len || (len < 256 && !(d->lens[len / 64] >> (len % 64) & 1)))
        return false;
    const unsigned char *p = (const unsigned char *)norm;
    uint32_t c0 = p[0] < 0x80 ? p[0]
                  : (p[0] & 0xF0) == 0xE0 && len >= 3
                      ? ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F)
                      : 65536; /* other forms: not filtered */
    return map_dict_may_start(d, c0);
}

/* First entry with this text, SIZE_MAX when none. */
static size_t first_with_text(const map_dict *d, const char *norm)
{
    if (!d->n_slots)
        return SIZE_MAX;
    bool shared = d == &shared_dict;
    size_t k = key_cache_at(norm);
    if (shared && key_cache[k].norm == norm)
        return key_cache[k].first;
    if (!maybe_text(d, norm))
        return SIZE_MAX;
    const map_chain *c = d->slots[slot_of(d, norm)];
    size_t first = c ? c->first : SIZE_MAX;
    if (shared && c && owned_by(d, first, norm)) {
        key_cache[k].norm = norm;
        key_cache[k].first = first;
    }
    return first;
}

const map_label *map_dict_find(const map_dict *d, const char *norm, int kind)
{
    for (size_t i = first_with_text(d, norm); i != SIZE_MAX; i = d->next[i])
        if (kind < 0 || (int)d->v[i].kind == kind)
            return &d->v[i];
    return NULL;
}

const map_label *map_dict_find_in(const map_dict *d, const char *norm, int kind, int table)
{
    for (size_t i = first_with_text(d, norm); i != SIZE_MAX; i = d->next[i])
        if ((int)d->v[i].kind == kind && d->v[i].table == table)
            return &d->v[i];
    return NULL;
}

bool map_dict_only_table(const map_dict *d, const char *norm, int table)
{
    bool any = false;
    for (size_t i = first_with_text(d, norm); i != SIZE_MAX; i = d->next[i]) {
        if (d->v[i].kind == LAB_HEADING || d->v[i].table != table)
            return false;
        any = true;
    }
    return any;
}

unsigned map_dict_col_formats(const map_dict *d, const char *norm)
{
    unsigned f = 0;
    for (size_t i = first_with_text(d, norm); i != SIZE_MAX; i = d->next[i])
        if (d->v[i].kind == LAB_COL)
            f |= ogi_table_at((size_t)d->v[i].table)->formats;
    return f;
}
