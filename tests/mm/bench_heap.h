/*
 * tests/mm/bench_heap.h - the heap's in-kernel benchmark (tests/mm/bench_heap.c), for the
 * kernel's bench mode: heap_bench_report() on the boot CPU, heap_bench_pairs() on every CPU at
 * once for the all-CPU figure.
 */
#ifndef TESTS_MM_BENCH_HEAP_H
#define TESTS_MM_BENCH_HEAP_H

#include "mm/platform.h"

enum heap_bench_pattern { BENCH_FIXED, BENCH_LIFO, BENCH_RANDOM };

/* Average cycles per kmalloc+kfree pair over `pairs` pairs on the calling CPU (0: out of memory). */
uint64_t heap_bench_pairs(enum heap_bench_pattern pattern, unsigned pairs);
/* Print the one-CPU figures of every pattern through platform_log. */
void heap_bench_report(void);

#endif /* TESTS_MM_BENCH_HEAP_H */
