/*
 * cmd_item.c — `ogi item …`: the proactive-disclosure registry (主动公开)
 * from the command line: drafting an item, the review steps before
 * publication (先审查、后公开), finding items, and CSV exchange.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ledger_cli.h"

static const char item_usage[] =
    "usage: ogi item add --db FILE --agency NAME --title T --category C --kind K --formed DATE\n"
    "                    [--doc-no N] [--issuer I] [--topic T] [--body TEXT] [--index-no N]\n"
    "                    [--actor NAME] [--json]\n"
    "       ogi item show --db FILE ID [--json]\n"
    "       ogi item list --db FILE [--agency NAME] [--status S] [--category C] [--kind K]\n"
    "                     [--year Y] [--json]\n"
    "       ogi item search --db FILE QUERY [same filters as list] [--json]\n"
    "       ogi item step --db FILE ID STEP [--date DATE] [--note TEXT] [--actor NAME]\n"
    "       ogi item import --db FILE FILE.csv\n"
    "       ogi item export --db FILE [--agency NAME] [-o FILE.csv]\n"
    "\n"
    "C is an Article 20/21 category key: art20_01 … art20_15, art21_city_county,\n"
    "art21_township.  K: rule (规章), normative (行政规范性文件) or other.  A new item\n"
    "is a draft and gets its 索引号 from the agency's pattern unless --index-no is given.\n"
    "\n"
    "STEP moves the item through the review before publication:\n"
    "  submit        草稿 → 保密审查\n"
    "  pass_secrecy  保密审查 → 审核\n"
    "  approve       审核 → 已发布, published on --date (required)\n"
    "  return        保密审查 or 审核 → 草稿\n"
    "  repeal        已发布 → 已废止 on --date (required)\n"
    "Publishing later than 20 working days after the item was formed (Art. 26) is\n"
    "recorded with a warning on stderr.  A step not allowed from the item's status\n"
    "is refused with the reason on stderr.\n"
    "\n"
    "exit status: 0 done, 1 a step was refused, 2 bad usage or unknown item\n";

typedef struct {
    const char *db, *calendar, *actor, *agency, *status, *category, *kind, *year;
    bool json;
} item_opts;

#define ITEM_FILTER_OPTS(o)                                                                   \
    {"db", &(o).db, NULL}, {"agency", &(o).agency, NULL}, {"status", &(o).status, NULL},      \
        {"category", &(o).category, NULL}, {"kind", &(o).kind, NULL},                         \
        {"year", &(o).year, NULL}, {"json", NULL, &(o).json}

static json_t *item_json(ogi_store *s, const ogi_item *it)
{
    ogi_agency ag = {0};
    int have = ogi_store_agency_get(s, it->agency_id, &ag);
    json_t *att = it->attachments ? json_loads(it->attachments, 0, NULL) : NULL;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(it->id));
    json_object_set_new(o, "agency", lcli_jstr(have == 1 ? ag.name : NULL));
    json_object_set_new(o, "index_no", lcli_jstr(it->index_no));
    json_object_set_new(o, "title", lcli_jstr(it->title));
    json_object_set_new(o, "doc_no", lcli_jstr(it->doc_no));
    json_object_set_new(o, "issuer", lcli_jstr(it->issuer));
    json_object_set_new(o, "category", lcli_jstr(it->category));
    json_object_set_new(o, "topic", lcli_jstr(it->topic));
    json_object_set_new(o, "kind", lcli_jstr(it->kind));
    json_object_set_new(o, "formed_date", lcli_jstr(it->formed_date));
    json_object_set_new(o, "status", lcli_jstr(it->status));
    json_object_set_new(o, "status_label", json_string(ogi_registry_status_label(it->status)));
    json_object_set_new(o, "published_date", lcli_jstr(it->published_date));
    json_object_set_new(o, "repealed_date", lcli_jstr(it->repealed_date));
    json_object_set_new(o, "body", lcli_jstr(it->body));
    json_object_set_new(o, "attachments", att ? att : json_array());
    ogi_agency_free(&ag);
    return o;
}

static int item_add(int argc, char **argv)
{
    item_opts o = {0};
    const char *title = NULL, *formed = NULL, *doc_no = NULL, *issuer = NULL, *topic = NULL,
               *body = NULL, *index_no = NULL;
    const lcli_opt opts[] = {ITEM_FILTER_OPTS(o),         {"actor", &o.actor, NULL},
                             {"title", &title, NULL},     {"formed", &formed, NULL},
                             {"doc-no", &doc_no, NULL},   {"issuer", &issuer, NULL},
                             {"topic", &topic, NULL},     {"body", &body, NULL},
                             {"index-no", &index_no, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "item add", .usage = item_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(a.cmd, o.db);
    int64_t agency = s ? lcli_agency(a.cmd, s, o.agency) : 0;
    rc = OGI_EXIT_USAGE;
    if (agency) {
        ogi_item it = {.agency_id = agency, .index_no = ogi_strdup(index_no),
                       .title = (char *)title, .doc_no = (char *)doc_no, .issuer = (char *)issuer,
                       .category = (char *)o.category, .topic = (char *)topic,
                       .kind = (char *)o.kind, .formed_date = (char *)formed,
                       .body = (char *)body};
        char err[512];
        if (ogi_registry_create(s, &it, lcli_actor(o.actor), err, sizeof err)) {
            lcli_error(a.cmd, "%s", err);
        } else {
            ogi_item saved;
            if (o.json && ogi_store_item_get(s, it.id, &saved) == 1) {
                lcli_print_json(item_json(s, &saved));
                ogi_item_free(&saved);
            } else {
                printf("item %lld: %s（草稿）\n", (long long)it.id, it.index_no);
            }
            rc = OGI_EXIT_OK;
        }
        free(it.index_no);
    }
    ogi_store_close(s);
    return rc;
}

static int item_show(int argc, char **argv)
{
    item_opts o = {0};
    const lcli_opt opts[] = {ITEM_FILTER_OPTS(o), {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "item show", .usage = item_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 1, 1);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t id;
    if (!lcli_int(a.pos[0], &id))
        return ogi_cli_usage_error(a.cmd, "ID must be a number, not '%s'", a.pos[0]);
    ogi_store *s = lcli_open(a.cmd, o.db);
    ogi_item it;
    rc = OGI_EXIT_USAGE;
    if (s && ogi_store_item_get(s, id, &it) == 1) {
        json_t *j = item_json(s, &it);
        if (o.json) {
            lcli_print_json(j);
        } else {
            printf("%s\n%s  %s  %s\n发布：%s  废止：%s\n", it.title, it.index_no,
                   ogi_registry_status_label(it.status), it.category,
                   it.published_date ? it.published_date : "—",
                   it.repealed_date ? it.repealed_date : "—");
            json_decref(j);
        }
        ogi_item_free(&it);
        rc = OGI_EXIT_OK;
    } else if (s) {
        lcli_error(a.cmd, "信息条目 %lld 不存在", (long long)id);
    }
    ogi_store_close(s);
    return rc;
}

/* Every item matching the filter, newest publication first. */
static int search_all(ogi_store *s, ogi_item_filter f, ogi_item **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    for (f.offset = 0, f.limit = 500;; f.offset += 500) {
        ogi_item *page;
        size_t got, total;
        if (ogi_store_item_search(s, &f, &page, &got, &total))
            return -1;
        *out = ogi_xrealloc(*out, (*n + got + 1) * sizeof **out);
        if (got) /* an empty page may be NULL */
            memcpy(*out + *n, page, got * sizeof *page);
        *n += got;
        free(page);
        if (got < 500)
            return 0;
    }
}

/* list and search: the same filters, search adds a full-text query. */
static int find_items(const char *cmd, int argc, char **argv, bool with_query)
{
    item_opts o = {0};
    const lcli_opt opts[] = {ITEM_FILTER_OPTS(o), {NULL, NULL, NULL}};
    lcli_args a = {.cmd = cmd, .usage = item_usage};
    int rc = lcli_parse(&a, argc, argv, opts, with_query, with_query);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t year = 0;
    if (o.year && !lcli_int(o.year, &year))
        return ogi_cli_usage_error(cmd, "--year must be a year, not '%s'", o.year);
    ogi_store *s = lcli_open(cmd, o.db);
    int64_t agency = s && o.agency ? lcli_agency(cmd, s, o.agency) : 0;
    if (!s || (o.agency && !agency)) {
        ogi_store_close(s);
        return OGI_EXIT_USAGE;
    }
    ogi_item_filter f = {.agency_id = agency, .query = with_query ? a.pos[0] : NULL,
                         .category = o.category, .kind = o.kind, .status = o.status,
                         .year = (int)year};
    ogi_item *items;
    size_t n;
    if (search_all(s, f, &items, &n)) {
        lcli_error(cmd, "%s", ogi_store_error(s));
        ogi_store_close(s);
        return OGI_EXIT_USAGE;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        if (o.json)
            json_array_append_new(arr, item_json(s, &items[i]));
        else
            printf("%lld\t%s\t%s\t%s\t%s\n", (long long)items[i].id, items[i].index_no,
                   ogi_registry_status_label(items[i].status),
                   items[i].published_date ? items[i].published_date : "-", items[i].title);
        ogi_item_free(&items[i]);
    }
    free(items);
    if (o.json)
        lcli_print_json(arr);
    else
        json_decref(arr);
    ogi_store_close(s);
    return OGI_EXIT_OK;
}

static int item_list(int argc, char **argv) { return find_items("item list", argc, argv, false); }
static int item_search(int argc, char **argv)
{
    return find_items("item search", argc, argv, true);
}

static int item_step(int argc, char **argv)
{
    const char *db = NULL, *calpath = NULL, *actor = NULL, *date = NULL, *note = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL},     {"calendar", &calpath, NULL},
                             {"actor", &actor, NULL}, {"date", &date, NULL},
                             {"note", &note, NULL}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "item step", .usage = item_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 2, 2);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    int64_t id;
    if (!lcli_int(a.pos[0], &id))
        return ogi_cli_usage_error(a.cmd, "ID must be a number, not '%s'", a.pos[0]);
    ogi_store *s = lcli_open(a.cmd, db);
    ogi_calendar *cal = s ? lcli_calendar(a.cmd, calpath) : NULL;
    ogi_item it;
    rc = OGI_EXIT_USAGE;
    if (cal && ogi_store_item_get(s, id, &it) != 1) {
        lcli_error(a.cmd, "信息条目 %lld 不存在", (long long)id);
    } else if (cal) {
        ogi_item_free(&it);
        char err[512], warning[512];
        if (ogi_registry_step(s, cal, id, a.pos[1], date, lcli_actor(actor), note, warning,
                              sizeof warning, err, sizeof err)) {
            lcli_error(a.cmd, "已拒绝：%s", err);
            rc = OGI_EXIT_FINDINGS;
        } else {
            if (warning[0])
                lcli_error(a.cmd, "警告：%s", warning);
            if (ogi_store_item_get(s, id, &it) == 1) {
                printf("item %lld: %s\n", (long long)id, ogi_registry_status_label(it.status));
                ogi_item_free(&it);
            }
            rc = OGI_EXIT_OK;
        }
    }
    ogi_calendar_free(cal);
    ogi_store_close(s);
    return rc;
}

static int item_import(int argc, char **argv)
{
    return lcli_csv_import("item import", argc, argv, OGI_CSV_ITEMS, true);
}

static int item_export(int argc, char **argv)
{
    return lcli_csv_export("item export", argc, argv, OGI_CSV_ITEMS);
}

int ogi_cmd_item(int argc, char **argv)
{
    static const lcli_sub subs[] = {
        {"add", item_add},       {"show", item_show},     {"list", item_list},
        {"search", item_search}, {"step", item_step},     {"import", item_import},
        {"export", item_export}, {NULL, NULL},
    };
    return lcli_dispatch("item", item_usage, subs, argc, argv);
}
