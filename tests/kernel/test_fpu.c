/*
 * tests/kernel/test_fpu.c - each thread keeps its own x87/SSE state across context switches
 * (kernel/arch/fpu.c), on every CPU.
 *
 * Built without -mgeneral-regs-only (the Makefile's KSSE_SRC), like vm/. Two threads per online
 * CPU run at once and yield to each other after every step, so every step is separated by a real
 * switch to a thread doing the same work with different values:
 *   - rounding: each thread sets its own MXCSR rounding mode and runs a chain of divisions; the
 *     result must equal, bit for bit, the same chain computed without switches in that mode.
 *     MXCSR is callee-saved in the ABI, so a switch that does not save it leaks the other
 *     thread's mode into this one's arithmetic.
 *   - registers: all sixteen XMM registers and an x87 register hold values unique to the thread
 *     across a switch (fpu_regs.S), which only a full FXSAVE/FXRSTOR keeps.
 * A new thread starts with the default control words whatever its creator set.
 * Workers never call EXPECT (they are not the test's thread); they record, the test checks.
 */
#include "kernel/arch/fpu.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "tests/ktest.h"

#define FPU_WORKERS_PER_CPU 2
#define FPU_WORKERS_MAX     (2 * FPU_WORKERS_PER_CPU * 8)
#define FPU_CHAIN_STEPS     200
#define FPU_HOLD_ROUNDS     50
#define MXCSR_ROUND_SHIFT   13
#define MXCSR_ROUND_MASK    (3u << MXCSR_ROUND_SHIFT)
#define MXCSR_ROUND_DOWN    1u
#define MXCSR_ROUND_UP      2u
#define MXCSR_FLAGS         0x3fu     /* sticky exception flags: set by arithmetic */

void fpu_hold_regs(const void *in, void *out, void (*fn)(void));

struct fpu_worker {
    struct thread *thread;
    unsigned index, rounding;          /* MXCSR rounding control, 0..3 */
    bool yield;
    uint64_t result;                   /* rounding test: division_chain's fold */
    unsigned bad_rounds;               /* registers test: rounds whose values came back changed */
    uint32_t mxcsr, fcw;               /* what the thread found at its start */
};

static struct fpu_worker workers[FPU_WORKERS_MAX];

static uint32_t mxcsr_get(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void mxcsr_set(uint32_t v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static uint16_t fcw_get(void)
{
    uint16_t v;
    __asm__ volatile("fnstcw %0" : "=m"(v));
    return v;
}

static void fcw_set(uint16_t v)
{
    __asm__ volatile("fldcw %0" : : "m"(v));
}

static unsigned worker_count(void)
{
    unsigned n = percpu_online() * FPU_WORKERS_PER_CPU;
    return n < FPU_WORKERS_MAX ? n : FPU_WORKERS_MAX;
}

/* A chain of divisions, every step inexact; the result folds in every intermediate value, so a
 * single step rounded in another mode changes it. volatile keeps each step a division done at
 * run time, in the mode in force. */
static uint64_t division_chain(unsigned seed, bool yield)
{
    volatile double acc = 1.0 + seed;
    uint64_t fold = 0;
    for (unsigned i = 0; i < FPU_CHAIN_STEPS; i++) {
        volatile double step = 1.0 / (double)(i + 7);
        uint64_t bits;
        acc = acc / 3.0 + step;
        bits = 0;
        {
            double v = acc;
            memcpy(&bits, &v, sizeof v);
        }
        fold = (fold << 7 | fold >> 57) ^ bits;
        if (yield)
            thread_yield();
    }
    return fold;
}

static uint64_t chain_in_mode(unsigned seed, unsigned rounding)
{
    uint32_t saved = mxcsr_get();
    uint64_t r;
    mxcsr_set((saved & ~MXCSR_ROUND_MASK) | rounding << MXCSR_ROUND_SHIFT);
    r = division_chain(seed, false);
    mxcsr_set(saved);
    return r;
}

static void rounding_worker(void *arg)
{
    struct fpu_worker *w = arg;
    mxcsr_set((FPU_DEFAULT_MXCSR & ~MXCSR_ROUND_MASK) | w->rounding << MXCSR_ROUND_SHIFT);
    w->result = division_chain(w->index, true);
}

static void start_workers(void (*fn)(void *))
{
    unsigned n = worker_count();
    for (unsigned i = 0; i < n; i++)
        workers[i].thread = thread_create("fpu", i / FPU_WORKERS_PER_CPU, fn, &workers[i]);
    for (unsigned i = 0; i < n; i++)
        thread_join(workers[i].thread);
}

TEST(fpu, rounding_mode_is_per_thread_across_switches)
{
    unsigned n = worker_count();
    /* The check can fail: the modes really give different chains. */
    ASSERT_TRUE(chain_in_mode(0, MXCSR_ROUND_DOWN) != chain_in_mode(0, MXCSR_ROUND_UP));
    /* The two threads of a CPU round in opposite directions: every inexact step differs. */
    for (unsigned i = 0; i < n; i++)
        workers[i] = (struct fpu_worker){.index = i, .rounding = i % 2 ? MXCSR_ROUND_DOWN : MXCSR_ROUND_UP};
    start_workers(rounding_worker);
    for (unsigned i = 0; i < n; i++) {
        double want = chain_in_mode(i, workers[i].rounding);
        if (workers[i].result != want)
            ktest_fail(__FILE__, __LINE__, "worker %u (CPU %u, rounding %u): chain differs from "
                       "the one computed without switches", i, i / FPU_WORKERS_PER_CPU,
                       workers[i].rounding);
    }
}

static void hold_worker(void *arg)
{
    struct fpu_worker *w = arg;
    uint64_t in[33], out[33];
    for (unsigned round = 0; round < FPU_HOLD_ROUNDS; round++) {
        for (unsigned k = 0; k < 32; k++)
            in[k] = (uint64_t)(w->index + 1) << 48 | (uint64_t)round << 16 | k;
        {
            double x87 = (double)(w->index * 1000 + round) + 0.25;
            memcpy(&in[32], &x87, sizeof x87);
        }
        memset(out, 0, sizeof out);
        fpu_hold_regs(in, out, thread_yield);
        if (memcmp(in, out, sizeof in) != 0)
            w->bad_rounds++;
    }
}

TEST(fpu, registers_survive_a_switch_to_another_user)
{
    unsigned n = worker_count();
    for (unsigned i = 0; i < n; i++)
        workers[i] = (struct fpu_worker){.index = i};
    start_workers(hold_worker);
    for (unsigned i = 0; i < n; i++)
        if (workers[i].bad_rounds)
            ktest_fail(__FILE__, __LINE__, "worker %u (CPU %u): XMM/x87 registers changed across "
                       "a switch in %u of %u rounds", i, i / FPU_WORKERS_PER_CPU,
                       workers[i].bad_rounds, FPU_HOLD_ROUNDS);
}

static void control_worker(void *arg)
{
    struct fpu_worker *w = arg;
    w->mxcsr = mxcsr_get();
    w->fcw = fcw_get();
}

TEST(fpu, new_thread_starts_with_default_control_words)
{
    uint32_t saved_mxcsr = mxcsr_get();
    uint16_t saved_fcw = fcw_get();
    struct fpu_worker w = {0};
    mxcsr_set((FPU_DEFAULT_MXCSR & ~MXCSR_ROUND_MASK) | MXCSR_ROUND_UP << MXCSR_ROUND_SHIFT);
    fcw_set(0x027f);                   /* 53-bit precision */
    w.thread = thread_create("fpu-new", 0, control_worker, &w);
    thread_join(w.thread);
    EXPECT_EQ(mxcsr_get() & ~MXCSR_FLAGS, (FPU_DEFAULT_MXCSR & ~MXCSR_ROUND_MASK) | MXCSR_ROUND_UP << MXCSR_ROUND_SHIFT);
    EXPECT_EQ(fcw_get(), 0x027f);
    mxcsr_set(saved_mxcsr);
    fcw_set(saved_fcw);
    EXPECT_EQ(w.mxcsr, FPU_DEFAULT_MXCSR);
    EXPECT_EQ(w.fcw, FPU_DEFAULT_FCW);
}
