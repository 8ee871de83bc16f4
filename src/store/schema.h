/*
 * schema.h — schema migrations (schema.c).
 */
#ifndef OGI_STORE_SCHEMA_H
#define OGI_STORE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"

int schema_latest_version(void);
/* Current version of an open database (0 = empty), -1 on error. */
int schema_version(db *d);
/* Apply every pending migration; *applied = how many. 0 on success. */
int schema_migrate(db *d, int *applied, char *err, size_t errlen);
/* Whether writes to the table move the data generation on PostgreSQL
 * (migration 7), so that a cached query may read it. */
bool schema_table_versioned(const char *table);

#endif
