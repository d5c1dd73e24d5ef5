/*
 * kernel/console/cmd_gil.c - the GIL from the console: `gil` (its state and statistics), `gil
 * interval`, `gil reset`, and `run` (a workload on N CPUs, sharing one GIL or with per-core
 * interpreters).
 *
 * The interpreters are the kernel's standing ones (kernel/sched/kinterp.h): kinterp_shared(), whose
 * GIL every CPU's threads contend for (CPython with threads), and kinterp_core(i), one per CPU with
 * its own GIL (Python 3.12's per-interpreter GIL, or multiprocessing). The console thread itself
 * never takes these GILs; it starts workers pinned to CPUs 0..N-1, sleeps in thread_join, and
 * prints what they measured. No worker touches the collector's interpreter that `gc` and `demo`
 * use, so those commands need no GIL of these.
 *
 * `run cycles` is the one workload on the collector's objects; see wl_cycles for how it keeps the
 * collector's interpreters apart. `run` measures speed-up honestly: one thread does one share of work (T1), then N threads do a
 * share each (TN), interleaved over RUN_ROUNDS rounds after a warm-up; speed-up = N * T1 / TN
 * from the medians (N times the work, in TN instead of N * T1). Shared GIL:
 * about 1 for CPU-bound work (only one thread runs), up to N for io (the GIL is released while a
 * thread waits). Per-core interpreters: up to N for everything, as far as the host gives QEMU
 * real cores. The wall time of a phase runs from the first worker's start to the last one's end.
 */
#include "gc/gc.h"
#include "gc/interp.h"
#include "kernel/sched/gil.h"
#include "kernel/sched/kinterp.h"
#include "kernel/kprintf.h"
#include "kernel/sched/percpu.h"
#include "kernel/console/shell.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "tests/kernel/harness/workload.h"
#include "mm/malloc.h"
#include "mm/platform.h"
#include "kernel/median.h"

#define RUN_MAX_THREADS        SMP_MAX_CPUS
#define RUN_COUNTDOWN_STEPS    400000   /* per thread: a few hundred ms under TCG */
#define RUN_CHURN_ALLOCS       100000
#define RUN_CHURN_MAX_BYTES    2048
#define RUN_CYCLE_STEPS        20000    /* self-cycles made per thread */
#define RUN_IO_ROUNDS          50
#define RUN_IO_US              2000
#define RUN_IO_WORK_PER_ROUND  2000
#define RUN_ROUNDS             3        /* interleaved T1/TN rounds; medians are reported */
#define RUN_WARMUP_DIV         10       /* the warm-up does a tenth of a share */
#define GIL_INTERVAL_MIN_US    100      /* the boot option gil.interval_us has the same range */
#define GIL_INTERVAL_MAX_US    1000000

/* ---- gil ------------------------------------------------------------------------------------ */

static void print_gil(struct kinterp *in)
{
    struct gil *g = &in->gil;
    char holder[THREAD_NAME_MAX + 16];
    spin_lock(&g->lock);
    if (g->holder)
        ksnprintf(holder, sizeof holder, "%s on CPU %u", g->holder->name, g->holder->cpu->id);
    else
        ksnprintf(holder, sizeof holder, "nobody");
    unsigned waiters = g->nwaiters;
    uint64_t switches = g->switch_number;
    spin_unlock(&g->lock);
    kprintf("interpreter '%s': GIL held by %s, %u waiting, %lu switches since boot (changes of "
            "holder)\n",
            in->name, holder, waiters, (unsigned long)switches);
    gil_print_stats(g);
}

static int run_gil(int argc, char **argv)
{
    (void)argc, (void)argv;
    print_gil(kinterp_shared());
    for (unsigned i = 0; i < percpu_online(); i++) {
        struct kinterp *in = kinterp_core(i);
        if (in->gil.stats.acquisitions)
            print_gil(in);
    }
    return SHELL_OK;
}

static void for_each_gil(void (*fn)(struct gil *g))
{
    fn(&kinterp_shared()->gil);
    for (unsigned i = 0; i < percpu_online(); i++)
        fn(&kinterp_core(i)->gil);
}

static int run_gil_interval(int argc, char **argv)
{
    (void)argc;
    uint64_t us;
    if (!shell_parse_u64("US", argv[1], GIL_INTERVAL_MIN_US, GIL_INTERVAL_MAX_US, &us))
        return SHELL_ERR;
    kinterp_set_interval_all(us);
    kprintf("gil: switch interval %lu us on every interpreter\n", (unsigned long)us);
    return SHELL_OK;
}


static int run_gil_reset(int argc, char **argv)
{
    (void)argc, (void)argv;
    for_each_gil(gil_reset_stats);
    kprintf("gil: statistics zeroed\n");
    return SHELL_OK;
}

static const struct shell_command gil_subcommands[] = {
    {"interval", "US", "set the switch interval of every GIL (sys.setswitchinterval)",
     "  US is 100 to 1000000 microseconds; the boot default is gil.interval_us (5000).", 1, 1,
     run_gil_interval, NULL},
    {"reset", "", "zero the statistics of every GIL", NULL, 0, 0, run_gil_reset, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL},
};

SHELL_COMMAND(cmd_gil, 170) = {
    "gil", "[interval US|reset]", "the GIL per interpreter: holder, waiters, switches, latencies",
    "  For the shared interpreter, and each per-core one that has been used: holder and waiters\n"
    "  now, switches, acquisitions, drop requests, forced switches, hand-off latency median/p99\n"
    "  (request -> drop -> waiter running), and per CPU acquisitions, held and waited time.",
    0, 0, run_gil, gil_subcommands,
};

/* ---- run ------------------------------------------------------------------------------------ */

/* Allocation churn under the GIL: blocks of varying size from the per-CPU heap, each freed at
 * once, with the eval-breaker check after each (the safe point of a Python loop). */
static void wl_churn(void *arg)
{
    struct wl_thread *w = arg;
    uint64_t seed = 0x9E3779B97F4A7C15ull ^ w->cpu;
    gil_acquire(&w->in->gil);
    w->start_tsc = platform_cycles();
    for (uint64_t i = 0; i < w->iterations; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        size_t size = 16 + (size_t)((seed >> 33) % RUN_CHURN_MAX_BYTES);
        volatile unsigned char *p = kmalloc(size);
        if (!p)
            break;
        p[0] = p[size - 1] = (unsigned char)i;
        kfree((void *)p);
        w->done++;
        gil_eval_breaker();
    }
    w->end_tsc = platform_cycles();
    gil_release(&w->in->gil);
}

/*
 * Cyclic garbage on the real object API (gc/object.h), the work of a Python loop that builds
 * self-referencing lists: automatic collections start on whichever CPU allocates. Shared mode:
 * every thread uses the collector's main interpreter under the shared GIL (run_phase points the
 * interpreter's gil hook at it). Per-core mode: each thread makes an interpreter of its own
 * (interp_new), current on its CPU while it runs, as tests/kernel/test_gil_objects.c does; its
 * garbage is collected before it ends, and run_phase frees it after the join.
 */
static void wl_cycles(void *arg)
{
    struct wl_thread *w = arg;
    struct interp *own = NULL;
    if (w->in != kinterp_shared()) {
        own = interp_new();
        if (!own)
            return;
        own->gil = &w->in->gil;
        w->in->gc = own;
    }
    gil_acquire(&w->in->gil);
    if (own)
        interp_set_current(own);
    w->start_tsc = platform_cycles();
    for (uint64_t i = 0; i < w->iterations; i++) {
        object_t *l = list_new(), *n = int_new((long)i);
        if (!l || !n || list_append(l, l) < 0 || list_append(l, n) < 0) {
            XDECREF(n);
            if (l)
                list_clear(l);
            XDECREF(l);
            break;
        }
        DECREF(n);
        DECREF(l);                      /* garbage now: only the collector can free it */
        w->done++;
        gil_eval_breaker();
    }
    w->end_tsc = platform_cycles();
    if (own) {
        gc_collect(2);
        interp_set_current(NULL);
    }
    gil_release(&w->in->gil);
}

enum workload { WL_COUNTDOWN, WL_CHURN, WL_CYCLES, WL_IO };
static const char *const workload_names[] = {"countdown", "churn", "cycles", "io", NULL};
static const uint64_t workload_steps[] = {RUN_COUNTDOWN_STEPS, RUN_CHURN_ALLOCS, RUN_CYCLE_STEPS,
                                          RUN_COUNTDOWN_STEPS};

static struct {
    struct wl_thread w[RUN_MAX_THREADS];
} run_state;

/* Run `n` workers (thread i on CPU i), each doing one share divided by `div`; returns the wall
 * time in cycles. */
static uint64_t run_phase(enum workload kind, unsigned n, bool per_core, unsigned div)
{
    static void (*const fns[])(void *) = {wl_countdown, wl_churn, wl_cycles, wl_io};
    uint64_t first = UINT64_MAX, last = 0;
    struct interp *main_interp = interp_main();
    if (kind == WL_CYCLES && !per_core)
        main_interp->gil = &kinterp_shared()->gil;
    for (unsigned i = 0; i < n; i++) {
        struct wl_thread *w = &run_state.w[i];
        *w = (struct wl_thread){
            .in = per_core ? kinterp_core(i) : kinterp_shared(),
            .cpu = i,
            .iterations = workload_steps[kind] / div,
            .io_us = RUN_IO_US,
            .io_rounds = RUN_IO_ROUNDS / div,
            .work_per_round = RUN_IO_WORK_PER_ROUND,
        };
        char name[THREAD_NAME_MAX];
        ksnprintf(name, sizeof name, "run %s %u", workload_names[kind], i);
        wl_start(w, name, fns[kind]);
    }
    for (unsigned i = 0; i < n; i++) {
        wl_join(&run_state.w[i]);
        if (run_state.w[i].start_tsc < first)
            first = run_state.w[i].start_tsc;
        if (run_state.w[i].end_tsc > last)
            last = run_state.w[i].end_tsc;
    }
    for (unsigned i = 0; i < n; i++) {
        struct kinterp *k = per_core ? kinterp_core(i) : kinterp_shared();
        if (kind == WL_CYCLES && per_core && k->gc) {
            interp_free(k->gc);         /* its garbage was collected on its own CPU */
            k->gc = NULL;
        }
        kinterp_reset_heap(k);
    }
    if (kind == WL_CYCLES && !per_core) {
        main_interp->gil = NULL;
        gc_collect(2);                  /* what the automatic collections left */
    }
    return last > first ? last - first : 1;
}

static int run_run(int argc, char **argv)
{
    const char *positional[2];
    int npositional = 0, kind;
    uint64_t n = percpu_online();
    bool per_core = false;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--interp") == 0)
            per_core = true;
        else if (npositional < 2)
            positional[npositional++] = argv[i];
        else
            return shell_error("unexpected argument '%s' (usage: run WORKLOAD [N] [--interp])",
                               argv[i]);
    }
    if (npositional == 0)
        return shell_error("which workload? (one of countdown|churn|cycles|io)");
    if (!shell_parse_choice("WORKLOAD", positional[0], workload_names, &kind))
        return SHELL_ERR;
    if (npositional > 1 && !shell_parse_u64("N", positional[1], 1, percpu_online(), &n))
        return SHELL_ERR;

    kprintf("run %s: 1 thread, then %lu threads on CPUs 0-%lu, %s\n", workload_names[kind],
            (unsigned long)n, (unsigned long)(n - 1),
            per_core ? "one interpreter (and GIL) per CPU" : "all sharing one GIL");
    /* Untimed warm-up: code translation (QEMU TCG) and cold caches must not count against T1.
     * Then RUN_ROUNDS interleaved rounds (T1 TN T1 TN ...) and the medians: the host's load
     * shifts from one moment to the next, and interleaving spreads it over both sides. */
    run_phase((enum workload)kind, 1, per_core, RUN_WARMUP_DIV);
    uint64_t t1[RUN_ROUNDS], tn[RUN_ROUNDS], done = 0;
    unsigned rounds = 0;
    while (rounds < RUN_ROUNDS && !shell_interrupted()) {
        t1[rounds] = run_phase((enum workload)kind, 1, per_core, 1);
        tn[rounds] = run_phase((enum workload)kind, (unsigned)n, per_core, 1);
        rounds++;
    }
    for (unsigned i = 0; i < n; i++)
        done += run_state.w[i].done;
    uint64_t t1_med = median_u64(t1, rounds), tn_med = median_u64(tn, rounds);
    kprintf("  1 thread:  %lu us for one share (median of %u; %lu to %lu)\n",
            (unsigned long)tsc_to_us(t1_med), rounds, (unsigned long)tsc_to_us(t1[0]),
            (unsigned long)tsc_to_us(t1[rounds - 1]));
    kprintf("  %lu threads: %lu us for %lu shares, %lu steps in all (median of %u; %lu to %lu)\n",
            (unsigned long)n, (unsigned long)tsc_to_us(tn_med), (unsigned long)n,
            (unsigned long)done, rounds, (unsigned long)tsc_to_us(tn[0]),
            (unsigned long)tsc_to_us(tn[rounds - 1]));
    uint64_t speedup_x100 = n * t1_med * 100 / tn_med;
    kprintf("  speed-up %lu.%02lu (ideal %lu.00)\n", (unsigned long)(speedup_x100 / 100),
            (unsigned long)(speedup_x100 % 100), (unsigned long)n);
    return SHELL_OK;
}

SHELL_COMMAND(cmd_run, 190) = {
    "run", "WORKLOAD [N] [--interp]", "run countdown|churn|cycles|io on N CPUs; time, speed-up",
    "  countdown: Beazley's `while n > 0: n -= 1` as bytecode (tests/kernel/harness/minivm.c), 400000 steps;\n"
    "  churn: 100000 kmalloc/kfree of 16..2063 bytes; cycles: 20000 self-referencing lists\n"
    "  holding an int, left to the collector (automatic collections on every CPU); io: 50\n"
    "  rounds of 2000 steps then a 2 ms wait with the GIL released. N is 1 to the CPUs online (default all). Without --interp the\n"
    "  threads share one GIL; with it each CPU has its own interpreter. Prints the time of one\n"
    "  thread, of N threads doing N shares (medians of 3 interleaved rounds, with the range),\n"
    "  and the speed-up N * T1 / TN. Ctrl-C stops after the current round. Under QEMU TCG the\n"
    "  CPUs are host threads: per-core speed-up needs idle host cores (compare with `uptime`).",
    1, 3, run_run, NULL,
};
