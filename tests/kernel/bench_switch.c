/*
 * tests/kernel/bench_switch.c - what a context switch costs, and the part of it that saving the
 * x87/SSE state takes (kernel/arch/fpu.c switches it eagerly at every switch).
 */
#include "kernel/arch/fpu.h"
#include "kernel/median.h"
#include "kernel/sched/thread.h"
#include "tests/kbench.h"

#define SWITCH_ROUNDS 20000
#define FPU_ROUNDS    100000
#define REPEATS       5

static struct fpu_state bench_fpu;

static void yielder(void *arg)
{
    (void)arg;
    for (int i = 0; i < SWITCH_ROUNDS; i++)
        thread_yield();
}

BENCH(switch, "context switch: two threads yielding to each other on one CPU; fxsave+fxrstor")
{
    uint64_t per_switch[REPEATS], per_pair[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
        uint64_t start = platform_cycles();
        struct thread *a = thread_create("yield-a", 0, yielder, NULL);
        struct thread *b = thread_create("yield-b", 0, yielder, NULL);
        thread_join(a);
        thread_join(b);
        per_switch[r] = (platform_cycles() - start) / (2 * SWITCH_ROUNDS);
    }
    fpu_save(&bench_fpu);
    for (int r = 0; r < REPEATS; r++) {
        uint64_t start = platform_cycles();
        for (int i = 0; i < FPU_ROUNDS; i++) {
            fpu_save(&bench_fpu);
            fpu_restore(&bench_fpu);
        }
        per_pair[r] = (platform_cycles() - start) / FPU_ROUNDS;
    }
    kbench_row("thread_yield to the other thread (median of 5)", median_u64(per_switch, REPEATS),
               "cycles", "a switch each way, thread creation included");
    kbench_row("fxsave64 + fxrstor64 (median of 5)", median_u64(per_pair, REPEATS), "cycles",
               "the eager FPU part of every switch");
}
