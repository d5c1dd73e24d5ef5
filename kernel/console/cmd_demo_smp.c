/*
 * kernel/console/cmd_demo_smp.c - `demo gil` and `demo interp`: the GIL's claims, measured while
 * they happen.
 *
 *   demo gil [N]   N threads on N CPUs share one interpreter: only one runs Python code at a
 *                  time. Printed: a timeline of who held the GIL (from the workers' own records,
 *                  written while holding it), how long each hold lasted, each thread's share, and
 *                  the most threads ever inside the GIL at once (1, or the GIL is broken).
 *   demo interp    one interpreter per CPU: the threads run at the same time. Printed: the steps
 *                  each thread made in every 10 ms slice (all of them advance in every slice), and
 *                  the most threads inside their interpreters at once (N when the host gives QEMU
 *                  N real cores; each interpreter's own GIL still never has more than 1).
 *
 * A worker does its work in chunks. Between taking the GIL (or getting it back at a safe point)
 * and the next safe point it counts itself `inside` with an atomic increment, so an overlap would
 * be seen even if the GIL let two threads in; the timeline entry is written in the same window,
 * so entries are ordered by the GIL itself and need no lock of their own.
 */
#include "kernel/sched/gil.h"
#include "kernel/sched/kinterp.h"
#include "kernel/kprintf.h"
#include "kernel/sched/percpu.h"
#include "kernel/console/shell.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "mm/platform.h"

#define DEMO_MAX_THREADS   4
#define DEMO_CHUNK_STEPS   200          /* work between safe points */
#define DEMO_GIL_MS        100
#define DEMO_EVENTS_MAX    256
#define DEMO_EVENTS_SHOWN  24
#define DEMO_SLICES        10
#define DEMO_SLICE_MS      10

struct demo_event {
    uint64_t tsc;
    unsigned thread;
};

struct demo_worker {
    struct kinterp *in;
    unsigned index;
    unsigned *inside_gil;               /* threads inside this worker's GIL now */
    uint64_t steps;                     /* written by the worker, sampled by the console */
    uint64_t held_cycles;
    struct thread *thread;
};

static struct {
    volatile bool stop;
    struct demo_worker w[DEMO_MAX_THREADS];
    unsigned inside_gil[DEMO_MAX_THREADS];  /* one counter per GIL in use */
    unsigned inside_gil_max;
    unsigned inside_all, inside_all_max;
    /* the GIL timeline (demo gil): written only while holding the shared GIL */
    struct demo_event events[DEMO_EVENTS_MAX];
    unsigned nevents;
    uint64_t switches;
    int last_holder;
    uint64_t start_tsc;
} demo;

static void atomic_max(unsigned *max, unsigned value)
{
    unsigned seen = __atomic_load_n(max, __ATOMIC_RELAXED);
    while (value > seen &&
           !__atomic_compare_exchange_n(max, &seen, value, true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

static void enter(struct demo_worker *w)
{
    atomic_max(&demo.inside_gil_max, __atomic_add_fetch(w->inside_gil, 1, __ATOMIC_RELAXED));
    atomic_max(&demo.inside_all_max, __atomic_add_fetch(&demo.inside_all, 1, __ATOMIC_RELAXED));
    if (demo.last_holder != (int)w->index) {
        demo.switches++;
        if (demo.nevents < DEMO_EVENTS_MAX)
            demo.events[demo.nevents++] = (struct demo_event){platform_cycles(), w->index};
        demo.last_holder = (int)w->index;
    }
}

static void leave(struct demo_worker *w)
{
    __atomic_sub_fetch(&demo.inside_all, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(w->inside_gil, 1, __ATOMIC_RELAXED);
}

static void demo_worker_main(void *arg)
{
    struct demo_worker *w = arg;
    volatile uint64_t refcnt = 1;       /* an object's count, touched as Python code would */
    gil_acquire(&w->in->gil);
    while (!demo.stop) {
        enter(w);
        for (unsigned k = 0; k < DEMO_CHUNK_STEPS; k++) {
            refcnt++;
            refcnt--;
        }
        __atomic_store_n(&w->steps, w->steps + DEMO_CHUNK_STEPS, __ATOMIC_RELAXED);
        leave(w);
        gil_eval_breaker();             /* the safe point: may hand the GIL over */
    }
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

static unsigned start_workers(unsigned n, bool per_core)
{
    demo.stop = false;
    demo.nevents = 0;
    demo.switches = 0;
    demo.last_holder = -1;
    demo.inside_gil_max = demo.inside_all_max = demo.inside_all = 0;
    for (unsigned i = 0; i < n; i++) {
        struct kinterp *in = per_core ? kinterp_core(i) : kinterp_shared();
        demo.inside_gil[i] = 0;
        gil_reset_stats(&in->gil);
        demo.w[i] = (struct demo_worker){in, i, &demo.inside_gil[per_core ? i : 0], 0, 0, NULL};
    }
    demo.start_tsc = platform_cycles();
    for (unsigned i = 0; i < n; i++) {
        char name[THREAD_NAME_MAX];
        ksnprintf(name, sizeof name, "demo %u", i);
        demo.w[i].thread = thread_create(name, i, demo_worker_main, &demo.w[i]);
    }
    return n;
}

static void stop_workers(unsigned n)
{
    demo.stop = true;
    for (unsigned i = 0; i < n; i++)
        thread_join(demo.w[i].thread);
}

static unsigned default_threads(void)
{
    unsigned n = percpu_online();
    return n < DEMO_MAX_THREADS ? n : DEMO_MAX_THREADS;
}

static unsigned long ms_x1000(uint64_t cycles)
{
    return (unsigned long)tsc_to_us(cycles);
}

int run_demo_gil(int argc, char **argv)
{
    uint64_t n = default_threads();
    if (argc > 1 && !shell_parse_u64("N", argv[1], 1, default_threads(), &n))
        return SHELL_ERR;
    struct kinterp *in = kinterp_shared();
    kprintf("demo gil: %lu thread(s) on CPUs 0-%lu share interpreter '%s'; each runs a loop with a\n"
            "safe point every %d steps, for %d ms (switch interval %lu us)\n",
            (unsigned long)n, (unsigned long)(n - 1), in->name, DEMO_CHUNK_STEPS, DEMO_GIL_MS,
            (unsigned long)in->gil.interval_us);
    start_workers((unsigned)n, false);
    thread_sleep_us(DEMO_GIL_MS * 1000);
    stop_workers((unsigned)n);
    uint64_t end_tsc = platform_cycles();

    kprintf("timeline of the GIL (ms from the start: thread on its CPU takes it, held for):\n");
    for (unsigned e = 0; e < demo.nevents && e < DEMO_EVENTS_SHOWN; e++) {
        uint64_t t = demo.events[e].tsc - demo.start_tsc;
        uint64_t next = e + 1 < demo.nevents ? demo.events[e + 1].tsc : end_tsc;
        unsigned long at = ms_x1000(t), held = ms_x1000(next - demo.events[e].tsc);
        kprintf("  %4lu.%03lu  demo %u on CPU %u  %4lu.%03lu ms\n", at / 1000, at % 1000,
                demo.events[e].thread, demo.events[e].thread, held / 1000, held % 1000);
    }
    if (demo.nevents > DEMO_EVENTS_SHOWN)
        kprintf("  ... %u more\n", demo.nevents - DEMO_EVENTS_SHOWN);
    for (unsigned i = 0; i < n; i++) {
        unsigned long held = ms_x1000(demo.w[i].held_cycles);
        kprintf("  demo %u: %lu steps, held the GIL %lu.%03lu ms\n", i,
                (unsigned long)demo.w[i].steps, held / 1000, held % 1000);
    }
    kprintf("result: %lu changes of holder; most threads inside the GIL at once: %u%s\n",
            (unsigned long)demo.switches, demo.inside_gil_max,
            demo.inside_gil_max == 1 ? " (only one runs at a time)" : " -- THE GIL LET TWO IN");
    gil_print_stats(&in->gil);
    kinterp_reset_heap(in);
    return demo.inside_gil_max == 1 ? SHELL_OK : SHELL_ERR;
}

int run_demo_interp(int argc, char **argv)
{
    (void)argc, (void)argv;
    unsigned n = default_threads();
    uint64_t prev[DEMO_MAX_THREADS] = {0};
    unsigned slices_all_moved = 0;

    kprintf("demo interp: %u threads on CPUs 0-%u, each with its own interpreter and GIL;\n"
            "steps made by each thread in every %d ms slice:\n", n, n - 1, DEMO_SLICE_MS);
    kprintf("  slice ");
    for (unsigned i = 0; i < n; i++)
        kprintf("  CPU %-6u", i);
    kprintf("\n");
    start_workers(n, true);
    for (unsigned s = 0; s < DEMO_SLICES && !shell_interrupted(); s++) {
        thread_sleep_us(DEMO_SLICE_MS * 1000);
        bool all_moved = true;
        kprintf("  %5u ", s + 1);
        for (unsigned i = 0; i < n; i++) {
            uint64_t now = __atomic_load_n(&demo.w[i].steps, __ATOMIC_RELAXED);
            kprintf("  %-10lu", (unsigned long)(now - prev[i]));
            all_moved &= now > prev[i];
            prev[i] = now;
        }
        kprintf("\n");
        slices_all_moved += all_moved;
    }
    stop_workers(n);
    for (unsigned i = 0; i < n; i++)
        kinterp_reset_heap(kinterp_core(i));
    kprintf("result: every thread advanced in %u of %d slices; most threads running at once: %u "
            "of %u; most inside one GIL: %u\n", slices_all_moved, DEMO_SLICES,
            demo.inside_all_max, n, demo.inside_gil_max);
    if (demo.inside_all_max < n)
        kprintf("  (fewer than %u at once: the host did not run QEMU's CPUs in parallel then)\n", n);
    return demo.inside_gil_max == 1 ? SHELL_OK : SHELL_ERR;
}
