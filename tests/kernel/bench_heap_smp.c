/*
 * tests/kernel/bench_heap_smp.c - the heap's fast paths on every CPU at once.
 *
 * Runs heap_bench_pairs (tests/mm/bench_heap.c) on CPU 0 alone, then on one thread per online
 * CPU started together, and prints the per-CPU cycles per kmalloc+kfree pair of each. The fast
 * paths share no cache line between CPUs (per-CPU heaps, pages and counters), so the all-CPU
 * figure should match the one-CPU one; growth would mean false sharing or a shared lock. Kernel
 * only (it needs kernel/sched/thread.h); registered as the benchmark `heap_smp` (bench=heap_smp).
 *
 * Each configuration runs SMP_BENCH_ROUNDS times, interleaved with the others, and the minimum
 * is reported (tests/kernel/harness/workload_bench.c's discipline): under TCG each vCPU is a host
 * thread, and the host's other load can only add cycles to a run, never take them away.
 */
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "tests/kbench.h"
#include "tests/mm/bench_heap.h"

#define SMP_BENCH_PAIRS 200000
#define SMP_BENCH_ROUNDS 3

struct smp_bench {
    enum heap_bench_pattern pattern;
    unsigned ncpus;
    unsigned arrived;                    /* start barrier (atomic) */
    uint64_t cycles[SMP_MAX_CPUS];       /* per CPU: cycles per pair */
};

struct smp_bench_arg {
    struct smp_bench *bench;
    unsigned cpu;
};

static void smp_bench_run(void *argp)
{
    struct smp_bench_arg *a = argp;
    struct smp_bench *b = a->bench;

    /* Start together, so every CPU's timed loop overlaps the others'. Acquire/release pair
     * among the workers' increments. */
    __atomic_add_fetch(&b->arrived, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&b->arrived, __ATOMIC_ACQUIRE) < b->ncpus)
        __builtin_ia32_pause();
    b->cycles[a->cpu] = heap_bench_pairs(b->pattern, SMP_BENCH_PAIRS);
}

/* Per-CPU cycles per pair with `ncpus` CPUs running the pattern at once: the slowest CPU's. */
static uint64_t smp_bench_once(enum heap_bench_pattern pattern, unsigned ncpus)
{
    static struct smp_bench bench;
    struct smp_bench_arg args[SMP_MAX_CPUS];
    struct thread *threads[SMP_MAX_CPUS];
    uint64_t worst = 0;

    bench = (struct smp_bench){.pattern = pattern, .ncpus = ncpus};
    for (unsigned i = 0; i < ncpus; i++) {
        args[i] = (struct smp_bench_arg){&bench, i};
        threads[i] = thread_create("heap-bench", i, smp_bench_run, &args[i]);
    }
    for (unsigned i = 0; i < ncpus; i++)
        thread_join(threads[i]);
    for (unsigned i = 0; i < ncpus; i++)
        if (bench.cycles[i] > worst)
            worst = bench.cycles[i];
    return worst;
}

BENCH(heap_smp, "kernel heap: cycles per kmalloc+kfree pair per CPU, one CPU vs all at once")
{
    static const char *const one_cpu[] = {"fixed 64 B, 1 CPU", "lifo 8..512 B, 1 CPU",
                                           "random 1000 live, 1 CPU"};
    static const char *const all_cpus[] = {"fixed 64 B, all CPUs at once",
                                            "lifo 8..512 B, all CPUs at once",
                                            "random 1000 live, all CPUs at once"};
    unsigned n = percpu_online();
    uint64_t best[2][BENCH_RANDOM + 1];

    platform_log("# %u pairs per CPU; minimum of %d interleaved rounds\n", SMP_BENCH_PAIRS,
                 SMP_BENCH_ROUNDS);
    for (int p = BENCH_FIXED; p <= BENCH_RANDOM; p++)
        best[0][p] = best[1][p] = UINT64_MAX;
    for (int r = 0; r < SMP_BENCH_ROUNDS; r++)
        for (int p = BENCH_FIXED; p <= BENCH_RANDOM; p++)
            for (int all = 0; all < 2; all++) {
                uint64_t c = smp_bench_once((enum heap_bench_pattern)p, all ? n : 1);
                if (c < best[all][p])
                    best[all][p] = c;
            }
    for (int p = BENCH_FIXED; p <= BENCH_RANDOM; p++) {
        kbench_row(one_cpu[p], best[0][p], "cycles", "per pair");
        kbench_row(all_cpus[p], best[1][p], "cycles", "per pair, slowest CPU");
    }
}
