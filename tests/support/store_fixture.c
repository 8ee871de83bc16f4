/*
 * store_fixture.c — see store_fixture.h.  On PostgreSQL each test process
 * gets its own schema (ogi_t_<name>_<pid>), dropped and re-created on every
 * open and dropped at exit, so test executables can run in parallel on one
 * cluster; the store connects with search_path set to that schema.  This is
 * test scaffolding, so it talks to the server with libpq directly.
 */
#include "store_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char uri[2048];
static char schema[96];
static bool drop_at_exit;

bool test_store_on_postgres(void)
{
    const char *pg = getenv("OGI_TEST_PG_URI");
    return pg && *pg;
}

const char *test_store_uri(void) { return uri; }

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Run a script on the cluster over the test's own admin connection.
 * NULL on success, else the server's message (static). */
static const char *pg_admin(const char *sql)
{
    static char msg[512];
    PGconn *c = PQconnectdb(getenv("OGI_TEST_PG_URI"));
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(msg, sizeof msg, "OGI_TEST_PG_URI: %s", PQerrorMessage(c));
        PQfinish(c);
        return msg;
    }
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    snprintf(msg, sizeof msg, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
    return ok ? NULL : msg;
}

static void drop_schema(void)
{
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", schema);
    const char *err = pg_admin(sql);
    if (err)
        fprintf(stderr, "%s\n", err);
}

static void fresh_pg_schema(const char *name)
{
    const char *base = getenv("OGI_TEST_PG_URI");
    snprintf(schema, sizeof schema, "ogi_t_%s_%d", name, (int)getpid());
    char sql[256];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", schema,
             schema);
    const char *err = pg_admin(sql);
    if (err)
        fail_msg("%s", err);
    if (!drop_at_exit) {
        atexit(drop_schema);
        drop_at_exit = true;
    }
    snprintf(uri, sizeof uri, "%s%coptions=-csearch_path%%3D%s", base,
             strchr(base, '?') ? '&' : '?', schema);
}

ogi_store *test_store_open(const char *name)
{
    static int serial;
    if (test_store_on_postgres())
        fresh_pg_schema(name);
    else
        snprintf(uri, sizeof uri, "/tmp/ogi-test-%s-%d-%d.db", name, (int)getpid(), serial++);
    if (!test_store_on_postgres())
        unlink(uri);
    char err[512];
    ogi_store *s = ogi_store_open(uri, err, sizeof err);
    if (!s)
        fail_msg("%s", err);
    return s;
}

void test_store_close(ogi_store *s)
{
    ogi_store_close(s);
    if (test_store_on_postgres())
        return; /* the next open empties the schema; exit drops it */
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char path[sizeof uri + 16];
        snprintf(path, sizeof path, "%s%s", uri, suffixes[i]);
        unlink(path);
    }
}
