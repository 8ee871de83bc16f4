/*
 * store_internal.h — what the store's files share: the handle.
 */
#ifndef OGI_STORE_INTERNAL_H
#define OGI_STORE_INTERNAL_H

#include "ogi/store.h"
#include "store/db.h"

struct ogi_store {
    db *db;
    char err[1024];
};

/* Copy the db's last error into the store's, prefixed with what failed. */
int store_fail(ogi_store *s, const char *what);
/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ in buf (≥ 21 bytes). */
const char *store_now(char *buf);

#endif
