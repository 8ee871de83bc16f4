/*
 * test_import_arena.c — the importer's allocation pools (src/import/arena.c):
 * every allocation is aligned, distinct and keeps its bytes until the pool
 * is freed, whatever the sizes (small ones packed into blocks, large ones
 * in blocks of their own); a freed pool's blocks serve the next pool of the
 * thread; pools on several threads at once stay apart.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "import/arena.h"

#define N_ALLOCS 5000

/* Sizes from 0 to a quarter of a megabyte, in a fixed pseudo-random order. */
static size_t size_at(size_t i)
{
    uint32_t x = (uint32_t)(i * 2654435761u);
    return i % 97 == 0 ? 70000 + x % 200000 : x % 300;
}

/* Fill a pool, then check every allocation still holds its own bytes. */
static void fill_and_check(unsigned seed)
{
    import_arena a = {0};
    unsigned char *p[N_ALLOCS];
    for (size_t i = 0; i < N_ALLOCS; i++) {
        size_t n = size_at(i);
        p[i] = import_arena_alloc(&a, n);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 8, 0);
        memset(p[i], (int)((i + seed) & 0xFF), n);
    }
    for (size_t i = 0; i < N_ALLOCS; i++) {
        size_t n = size_at(i);
        for (size_t k = 0; k < n; k += 61)
            if (p[i][k] != (unsigned char)((i + seed) & 0xFF))
                fail_msg("allocation %zu (%zu bytes) lost byte %zu", i, n, k);
    }
    import_arena_free(&a);
    assert_null(a.head);
}

static void test_allocations_keep_their_bytes(void **state)
{
    (void)state;
    for (unsigned round = 0; round < 4; round++) /* later rounds reuse cached blocks */
        fill_and_check(round);
}

static void test_strndup_copies_and_terminates(void **state)
{
    (void)state;
    import_arena a = {0};
    char *s = import_arena_strndup(&a, "规章123xyz", 9); /* 规章 + "123" */
    assert_string_equal(s, "规章123");
    char *e = import_arena_strndup(&a, "", 0);
    assert_string_equal(e, "");
    assert_ptr_not_equal(s, e);
    import_arena_free(&a);
    import_arena_free(&a); /* a freed pool is empty, and freeing it again is harmless */
}

static void *fill_on_thread(void *arg)
{
    fill_and_check((unsigned)(uintptr_t)arg);
    fill_and_check((unsigned)(uintptr_t)arg + 1);
    return NULL;
}

static void test_pools_on_several_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    for (uintptr_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, fill_on_thread, (void *)(i * 7)), 0);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_keep_their_bytes),
        cmocka_unit_test(test_strndup_copies_and_terminates),
        cmocka_unit_test(test_pools_on_several_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
