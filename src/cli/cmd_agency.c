/*
 * cmd_agency.c — `ogi agency add|list`: the bodies whose ledgers and
 * annual reports the database holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/ledger_cli.h"

static const char agency_usage[] =
    "usage: ogi agency add --db FILE --name NAME --kind KIND [--parent NAME] [--prefix P]\n"
    "                      [--pattern PATTERN] [--alias ALIAS] [--actor NAME]\n"
    "       ogi agency list --db FILE [--json]\n"
    "\n"
    "add   register an agency.  KIND: government, department, township or other.\n"
    "      --prefix is the 索引号 prefix of its registry items; --pattern the index\n"
    "      number pattern (default {prefix}-{year}-{seq:05}); --alias another name\n"
    "      it may be referred to by (e.g. in CSV files).\n"
    "list  all agencies, by name\n"
    "\n"
    "exit status: 0 done, 2 bad usage, unknown parent or a database error\n";

static int agency_add(int argc, char **argv)
{
    const char *db = NULL, *name = NULL, *kind = NULL, *parent = NULL, *prefix = NULL,
               *pattern = NULL, *alias = NULL, *actor = NULL;
    const lcli_opt opts[] = {{"db", &db, NULL},         {"name", &name, NULL},
                             {"kind", &kind, NULL},     {"parent", &parent, NULL},
                             {"prefix", &prefix, NULL}, {"pattern", &pattern, NULL},
                             {"alias", &alias, NULL},   {"actor", &actor, NULL},
                             {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "agency add", .usage = agency_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    if (!name || !*name)
        return ogi_cli_usage_error(a.cmd, "--name NAME is required");
    ogi_agency ag = {.name = (char *)name, .kind = ogi_agency_kind_parse(kind),
                     .index_prefix = (char *)prefix, .index_pattern = (char *)pattern};
    if (ag.kind == OGI_KIND_UNKNOWN)
        return ogi_cli_usage_error(a.cmd, "--kind must be government, department, township "
                                   "or other, not '%s'", kind ? kind : "");
    ogi_store *s = lcli_open(a.cmd, db);
    if (!s)
        return OGI_EXIT_USAGE;
    rc = OGI_EXIT_USAGE;
    if (parent && !(ag.parent_id = lcli_agency(a.cmd, s, parent)))
        ;
    else if (ogi_store_agency_add(s, &ag, lcli_actor(actor)))
        lcli_error(a.cmd, "%s", ogi_store_error(s));
    else if (alias && ogi_store_agency_alias_add(s, ag.id, alias, lcli_actor(actor)))
        lcli_error(a.cmd, "alias %s: %s", alias, ogi_store_error(s));
    else {
        printf("agency %lld: %s\n", (long long)ag.id, name);
        rc = OGI_EXIT_OK;
    }
    ogi_store_close(s);
    return rc;
}

static json_t *agency_json(const ogi_agency *ag, const char *parent)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(ag->id));
    json_object_set_new(o, "name", json_string(ag->name));
    json_object_set_new(o, "kind", json_string(ogi_agency_kind_name(ag->kind)));
    json_object_set_new(o, "parent", lcli_jstr(parent));
    json_object_set_new(o, "prefix", json_string(ag->index_prefix ? ag->index_prefix : ""));
    json_object_set_new(o, "pattern", lcli_jstr(ag->index_pattern));
    return o;
}

static const char *name_of(const ogi_agency *all, size_t n, int64_t id)
{
    for (size_t i = 0; id && i < n; i++)
        if (all[i].id == id)
            return all[i].name;
    return NULL;
}

static int agency_list(int argc, char **argv)
{
    const char *db = NULL;
    bool as_json = false;
    const lcli_opt opts[] = {{"db", &db, NULL}, {"json", NULL, &as_json}, {NULL, NULL, NULL}};
    lcli_args a = {.cmd = "agency list", .usage = agency_usage};
    int rc = lcli_parse(&a, argc, argv, opts, 0, 0);
    if (rc)
        return rc < 0 ? OGI_EXIT_OK : rc;
    ogi_store *s = lcli_open(a.cmd, db);
    if (!s)
        return OGI_EXIT_USAGE;
    ogi_agency *all;
    size_t n;
    if (ogi_store_agency_list(s, &all, &n)) {
        lcli_error(a.cmd, "%s", ogi_store_error(s));
        ogi_store_close(s);
        return OGI_EXIT_USAGE;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *parent = name_of(all, n, all[i].parent_id);
        if (as_json)
            json_array_append_new(arr, agency_json(&all[i], parent));
        else
            printf("%lld\t%s\t%s\t%s\t%s\n", (long long)all[i].id, all[i].name,
                   ogi_agency_kind_name(all[i].kind), parent ? parent : "-",
                   all[i].index_prefix && *all[i].index_prefix ? all[i].index_prefix : "-");
    }
    if (as_json)
        lcli_print_json(arr);
    else
        json_decref(arr);
    for (size_t i = 0; i < n; i++)
        ogi_agency_free(&all[i]);
    free(all);
    ogi_store_close(s);
    return OGI_EXIT_OK;
}

int ogi_cmd_agency(int argc, char **argv)
{
    static const lcli_sub subs[] = {{"add", agency_add}, {"list", agency_list}, {NULL, NULL}};
    return lcli_dispatch("agency", agency_usage, subs, argc, argv);
}
