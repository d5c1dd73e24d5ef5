/*
 * tests/mm/bench_heap.c - the heap's in-kernel benchmark: cycles per kmalloc+kfree pair.
 *
 * Portable (mm/malloc.h + platform.h only), so the kernel's bench mode calls it and the hosted
 * suite checks it runs and leaks nothing. Three patterns, each timed with platform_cycles():
 *   fixed    kmalloc(64) then kfree at once                      (the pure fast paths)
 *   lifo     random sizes 8..512, each freed at once              (size-class lookup too)
 *   random   1,000 live blocks, free a random one and replace it  (free lists out of order)
 *
 * heap_bench_pairs() is the per-CPU measurement: tests/kernel/bench_heap_smp.c (benchmark
 * `heap_smp`) runs it on one CPU and then on all CPUs at once (per-CPU cycles should not grow
 * as CPUs are added, since the fast paths share nothing). heap_bench_report() prints the one-CPU figures as kbench rows; it is
 * registered as the benchmark `heap` (boot option bench=heap).
 */
#include "tests/mm/bench_heap.h"

#include "mm/malloc.h"
#include "tests/kbench.h"
#include "tests/ktest.h"

#define BENCH_SLOTS 1000

static inline uint64_t bench_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/**
 * heap_bench_pairs - average cycles per kmalloc+kfree pair over `pairs` pairs on this CPU.
 * Returns 0 if the heap ran out of memory. Context: any CPU, may run on all CPUs at once.
 */
uint64_t heap_bench_pairs(enum heap_bench_pattern pattern, unsigned pairs)
{
    void *slot[BENCH_SLOTS];
    uint64_t seed = 0x9e3779b97f4a7c15ull ^ (platform_cpu_id() + 1);
    uint64_t start, cycles;

    if (pattern == BENCH_RANDOM)
        for (unsigned i = 0; i < BENCH_SLOTS; i++)
            if (!(slot[i] = kmalloc(8 + bench_rand(&seed) % 505)))
                return 0;
    start = platform_cycles();
    for (unsigned i = 0; i < pairs; i++) {
        size_t size = pattern == BENCH_FIXED ? 64 : 8 + bench_rand(&seed) % 505;
        if (pattern == BENCH_RANDOM) {
            unsigned k = (unsigned)(bench_rand(&seed) % BENCH_SLOTS);
            kfree(slot[k]);
            slot[k] = kmalloc(size);
            *(volatile char *)slot[k] = 1;
        } else {
            char *p = kmalloc(size);
            *(volatile char *)p = 1;
            kfree(p);
        }
    }
    cycles = platform_cycles() - start;
    if (pattern == BENCH_RANDOM)
        for (unsigned i = 0; i < BENCH_SLOTS; i++)
            kfree(slot[i]);
    return pairs ? cycles / pairs : 0;
}

/* Print the one-CPU figures (median of 5 runs each) as kbench rows. */
void heap_bench_report(void)
{
    static const char *const names[] = {"kmalloc+kfree, fixed 64 B", "kmalloc+kfree, lifo 8..512 B",
                                        "kmalloc+kfree, random, 1000 live"};
    enum { RUNS = 5, PAIRS = 200000 };

    for (int p = BENCH_FIXED; p <= BENCH_RANDOM; p++) {
        uint64_t runs[RUNS];
        for (int r = 0; r < RUNS; r++) {
            uint64_t c = heap_bench_pairs((enum heap_bench_pattern)p, PAIRS);
            int j = r;
            for (; j > 0 && runs[j - 1] > c; j--)   /* insertion sort */
                runs[j] = runs[j - 1];
            runs[j] = c;
        }
        kbench_row(names[p], runs[RUNS / 2], "cycles", "per pair, one CPU, median of 5");
    }
}

BENCH(heap, "kernel heap: cycles per kmalloc+kfree pair on one CPU")
{
    heap_bench_report();
}

TEST(heap, bench_runs_and_returns_memory)
{
    struct heap_stats before, after;
    heap_get_stats(&before);
    for (int p = BENCH_FIXED; p <= BENCH_RANDOM; p++)
        EXPECT_GT(heap_bench_pairs((enum heap_bench_pattern)p, 5000), 0);
    heap_get_stats(&after);
    EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
    EXPECT_EQ(after.nallocs - before.nallocs, after.nfrees - before.nfrees);
}
