/*
 * store_fixture.h — a fresh, empty store for one test, on either backend,
 * so that the same store tests run on SQLite and on PostgreSQL.
 *
 * Without OGI_TEST_PG_URI the store is a new SQLite file under /tmp; with
 * it (set by ctest for the *_pg variants of a test), the store is a schema
 * of this process on that PostgreSQL database, emptied on every open.
 */
#ifndef OGI_TEST_STORE_FIXTURE_H
#define OGI_TEST_STORE_FIXTURE_H

#include <stdbool.h>

#include "ogi/store.h"

/* Open a new empty store (not migrated) for the test file `name`
 * ([a-z0-9_]); fails the test if it cannot.  One store at a time. */
ogi_store *test_store_open(const char *name);
/* Close it and remove what it left behind. */
void test_store_close(ogi_store *s);
/* The URI test_store_open last used, to open more handles on the same store. */
const char *test_store_uri(void);
/* Whether the tests run on PostgreSQL. */
bool test_store_on_postgres(void);

#endif
