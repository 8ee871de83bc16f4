/*
 * map_arena.c — one allocation pool per mapped document.
 *
 * The label mapper makes tens of thousands of small strings per report
 * (each cell's normalised text, each token's text and key) that all live
 * exactly as long as the mapping of that document.  malloc/free of each
 * was about a third of the mapper's time; from a pool they are a pointer
 * bump, and all are given back at once.
 *
 * Under AddressSanitizer every allocation is its own malloc'd chunk (still
 * given back at once), so out-of-bounds reads and writes inside the pool
 * are caught as they were before the pool existed.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "map_internal.h"
#include "ogi/buf.h"

#if defined(__SANITIZE_ADDRESS__)
#define MAP_ARENA_CHUNKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAP_ARENA_CHUNKED 1
#endif
#endif

#define BLOCK_MIN ((size_t)64 * 1024)

struct map_arena_block {
    struct map_arena_block *prev;
    alignas(max_align_t) unsigned char data[];
};

static void *new_block(map_arena *a, size_t size)
{
    map_arena_block *b = ogi_xmalloc(sizeof *b + size);
    b->prev = a->head;
    a->head = b;
    return b->data;
}

void *map_arena_alloc(map_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
#ifdef MAP_ARENA_CHUNKED
    return new_block(a, n ? n : 1);
#else
    if ((size_t)(a->end - a->p) >= n) {
        void *r = a->p;
        a->p += n;
        return r;
    }
    if (n > BLOCK_MIN / 4)
        return new_block(a, n); /* large: a block of its own, the current one stays */
    a->p = new_block(a, BLOCK_MIN);
    a->end = a->p + BLOCK_MIN;
    void *r = a->p;
    a->p += n;
    return r;
#endif
}

char *map_arena_strndup(map_arena *a, const char *s, size_t n)
{
    char *r = map_arena_alloc(a, n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

void map_arena_free(map_arena *a)
{
    for (map_arena_block *b = a->head, *prev; b; b = prev) {
        prev = b->prev;
        free(b);
    }
    memset(a, 0, sizeof *a);
}
