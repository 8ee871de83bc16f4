/*
 * arena.c — allocation pools of one imported document.
 *
 * Reading and mapping a report makes tens of thousands of small strings
 * (each cell's text, its normalised text, each token's text and key) that
 * all live exactly as long as that document.  malloc/free of each was
 * about a third of the importer's time; from a pool they are a pointer
 * bump, and all are given back at once.
 *
 * Blocks are kept for the next document of the same thread (a few, in a
 * per-thread cache freed when the thread ends): given back to malloc, the
 * heap's top was trimmed and grown again for every document, and the page
 * faults cost more than the allocations saved.
 *
 * Under AddressSanitizer every allocation is its own malloc'd chunk (still
 * given back at once, never cached), so out-of-bounds reads and writes
 * inside the pool are caught as they were before the pool existed.
 */
#include <pthread.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/arena.h"
#include "ogi/buf.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_CHUNKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_CHUNKED 1
#endif
#endif

#define BLOCK_MIN ((size_t)64 * 1024)

struct import_arena_block {
    struct import_arena_block *prev;
    size_t size; /* bytes of data */
    alignas(max_align_t) unsigned char data[];
};

#ifndef ARENA_CHUNKED

/* ---- the per-thread cache of blocks ---- */

#define CACHE_BLOCKS 8

typedef struct {
    import_arena_block *v[CACHE_BLOCKS];
    size_t n;
} block_cache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void free_cache(void *p)
{
    block_cache *c = p;
    for (size_t i = 0; i < c->n; i++)
        free(c->v[i]);
    free(c);
}

static void make_cache_key(void) { pthread_key_create(&cache_key, free_cache); }

static block_cache *thread_cache(void)
{
    pthread_once(&cache_once, make_cache_key);
    block_cache *c = pthread_getspecific(cache_key);
    if (!c) {
        c = ogi_xcalloc(1, sizeof *c);
        pthread_setspecific(cache_key, c);
    }
    return c;
}

/* The smallest cached block of at least size bytes, taken out, or NULL. */
static import_arena_block *cached_block(size_t size)
{
    block_cache *c = thread_cache();
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i]->size >= size && (best == SIZE_MAX || c->v[i]->size < c->v[best]->size))
            best = i;
    if (best == SIZE_MAX)
        return NULL;
    import_arena_block *b = c->v[best];
    c->v[best] = c->v[--c->n];
    return b;
}

/* A block back to the thread's cache; when it is full, the smallest of
 * the cached blocks and this one goes back to malloc. */
static void release_block(import_arena_block *b)
{
    block_cache *c = thread_cache();
    if (c->n < CACHE_BLOCKS) {
        c->v[c->n++] = b;
        return;
    }
    size_t small = 0;
    for (size_t i = 1; i < c->n; i++)
        if (c->v[i]->size < c->v[small]->size)
            small = i;
    if (c->v[small]->size < b->size) {
        import_arena_block *t = c->v[small];
        c->v[small] = b;
        b = t;
    }
    free(b);
}

static void *new_block(import_arena *a, size_t size)
{
    import_arena_block *b = cached_block(size);
    if (!b) {
        b = ogi_xmalloc(sizeof *b + size);
        b->size = size;
    }
    b->prev = a->head;
    a->head = b;
    return b->data;
}

#endif

void *import_arena_alloc(import_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
#ifdef ARENA_CHUNKED
    import_arena_block *b = ogi_xmalloc(sizeof *b + (n ? n : 1));
    b->size = n;
    b->prev = a->head;
    a->head = b;
    return b->data;
#else
    if ((size_t)(a->end - a->p) >= n) {
        void *r = a->p;
        a->p += n;
        return r;
    }
    if (n > BLOCK_MIN / 4)
        return new_block(a, n); /* large: a block of its own, the current one stays */
    size_t size = BLOCK_MIN;
    a->p = new_block(a, size);
    a->end = a->p + size;
    void *r = a->p;
    a->p += n;
    return r;
#endif
}

char *import_arena_strndup(import_arena *a, const char *s, size_t n)
{
    char *r = import_arena_alloc(a, n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

void *import_arena_grow(import_arena *a, const void *old, size_t n_used, size_t cap,
                        size_t size)
{
    void *v = import_arena_alloc(a, cap * size);
    if (n_used)
        memcpy(v, old, n_used * size);
    return v;
}

void import_arena_free(import_arena *a)
{
    for (import_arena_block *b = a->head, *prev; b; b = prev) {
        prev = b->prev;
#ifdef ARENA_CHUNKED
        free(b);
#else
        release_block(b);
#endif
    }
    memset(a, 0, sizeof *a);
}
