/*
 * tests/mm/fence_test.h - set-up shared by the guard-page sampler's tests: the portable ones
 * (tests/mm/test_fence.c, both builds) and the kernel's fault tests (tests/kernel/test_fence.c).
 */
#ifndef TESTS_MM_FENCE_TEST_H
#define TESTS_MM_FENCE_TEST_H

#include "mm/malloc.h"

struct fence_test {
    size_t bytes_in_use;      /* heap baseline */
    uint64_t live;            /* nallocs - nfrees */
    unsigned rate_before;     /* restored at the end (a run booted with mm.fence=N keeps it) */
};

/* Record the heap's baseline and sample every `every`-th allocation (skips the test when the
 * pool cannot be had). */
void fence_test_begin(struct fence_test *t, unsigned every);
/* kmalloc(size), asserting that the block was sampled (ends the test if not). */
void *fence_test_block(size_t size);
/* Sampling back to the rate before the test; check the heap is back at the baseline. */
void fence_test_end(const struct fence_test *t);

#endif
