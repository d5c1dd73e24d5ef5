/*
 * tests/kernel/bench_fence.c - what the guard-page sampler (mm/fence.c) costs: cycles per
 * kmalloc+kfree pair (tests/mm/bench_heap.c's patterns) with sampling off and at every 1000th
 * and every 100th allocation. Rates are interleaved within each round so drift on a shared
 * host hits them alike; each row is the median of the rounds. Off is the allocator as it is
 * without the sampler (its fast paths are unchanged). Run: make bench-kernel B=fence.
 */
#include "mm/fence.h"
#include "tests/kbench.h"
#include "tests/mm/bench_heap.h"
#include "kernel/median.h"

#define ROUNDS 5
#define PAIRS  100000

static const unsigned rates[] = {0, 1000, 100};
#define NRATES (sizeof rates / sizeof rates[0])

BENCH(fence, "heap sampler: cycles per kmalloc+kfree pair, sampling off / every 1000th / 100th")
{
    static const enum heap_bench_pattern patterns[] = {BENCH_FIXED, BENCH_LIFO, BENCH_RANDOM};
    static const char *const names[] = {"fixed 64 B", "lifo 8..512 B", "random, 1000 live"};
    unsigned rate_before = fence_sample_rate();
    char label[80];

    for (unsigned p = 0; p < 3; p++) {
        uint64_t cycles[NRATES][ROUNDS];
        for (int r = 0; r < ROUNDS; r++)
            for (unsigned k = 0; k < NRATES; k++) {
                if (!fence_set_sample_rate(rates[k])) {
                    kbench_row("fence pool", 0, "bytes", "no memory for the pool; not measured");
                    return;
                }
                cycles[k][r] = heap_bench_pairs(patterns[p], PAIRS);
            }
        fence_set_sample_rate(rate_before);
        for (unsigned k = 0; k < NRATES; k++) {
            if (rates[k])
                platform_snprintf(label, sizeof label, "%s, every %uth sampled", names[p], rates[k]);
            else
                platform_snprintf(label, sizeof label, "%s, sampling off", names[p]);
            kbench_row(label, median_u64(cycles[k], ROUNDS), "cycles", "per pair, median of 5");
        }
    }
}
