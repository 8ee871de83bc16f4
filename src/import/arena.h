/*
 * arena.h — allocation pools of the importer (arena.c): a document's cell
 * texts (readers), its normalised cells and tokens (mapper).
 */
#ifndef OGI_IMPORT_ARENA_H
#define OGI_IMPORT_ARENA_H

#include <stddef.h>

typedef struct import_arena_block import_arena_block;
typedef struct import_arena {
    import_arena_block *head;
    unsigned char *p, *end; /* free space of the current block */
} import_arena;

/* n bytes, 8-aligned, living until import_arena_free; aborts when out of
 * memory.  A zeroed import_arena is an empty pool. */
void *import_arena_alloc(import_arena *a, size_t n);
char *import_arena_strndup(import_arena *a, const char *s, size_t n);
/* A larger array of cap elements of size bytes holding the n_used of old
 * (old stays in the pool until it is freed): growing an array in a pool. */
void *import_arena_grow(import_arena *a, const void *old, size_t n_used, size_t cap,
                        size_t size);
void import_arena_free(import_arena *a);

#endif
