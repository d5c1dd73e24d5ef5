/*
 * tests/mm/heap_test.h - what the heap's tests (tests/mm, tests/kernel) share: the bytes in use,
 * the baseline every test returns to, and chains of blocks linked through their first word, which
 * hold any number of blocks without an array (an array would itself come from the heap, or be
 * too big for a stack).
 */
#ifndef TESTS_MM_HEAP_TEST_H
#define TESTS_MM_HEAP_TEST_H

#include "mm/malloc.h"

static inline size_t heap_in_use(void)
{
    struct heap_stats s;
    heap_get_stats(&s);
    return s.bytes_in_use;
}

/* Put block p (at least a pointer's size) at the head of *chain. */
static inline void chain_push(void **chain, void *p)
{
    *(void **)p = *chain;
    *chain = p;
}

/* kfree every block of a chain. */
static inline void free_chain(void *chain)
{
    while (chain) {
        void *next = *(void **)chain;
        kfree(chain);
        chain = next;
    }
}

#endif
