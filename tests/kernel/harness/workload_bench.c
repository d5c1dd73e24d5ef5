/*
 * tests/kernel/harness/workload_bench.c - SMP and GIL benchmarks (see workload_bench.h).
 *
 * Timing discipline (the host's two cores are shared and TCG is noisy): every configuration is
 * run BENCH_ROUNDS times, interleaved with the others (A B C A B C ...). Wall-time figures of
 * CPU-bound runs report the minimum (throughputs: the maximum): the host's other load can only
 * add time (the argument of Python's timeit documentation); latency distributions report median
 * and p99. Ratios are printed as fixed-point hundredths (the kernel has no floating point).
 */
#include "tests/kernel/harness/workload_bench.h"
#include "kernel/sched/gil.h"
#include "kernel/sched/kinterp.h"
#include "kernel/kprintf.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/spinlock.h"
#include "kernel/arch/tsc.h"
#include "tests/kernel/harness/workload.h"
#include "tests/kbench.h"
#include "kernel/median.h"

#define BENCH_ROUNDS 5
#define BENCH_MAX_THREADS 4
#define COUNTDOWN_STEPS 4000000         /* total work, split over the threads */
/*
 * The convoy benchmark's I/O thread: CONVOY_IO_ROUNDS rounds of CONVOY_WORK_PER_ROUND steps of
 * object work under the GIL (a few microseconds: parsing a reply), then a blocking section of
 * CONVOY_IO_US (a network round trip on a LAN, or a fast disk read; thread_sleep_us has tick
 * precision, so a wait lasts 1-2 ms). The CPU-bound thread's throughput beside it is compared
 * with its throughput alone; the breakdown rows say where its lost time went: its pauses at
 * safe points (drop request to running again), and per round how long it waited for the GIL
 * and how long of that the I/O thread held it.
 */
#define CONVOY_ROUNDS 5                 /* each mode, interleaved; medians */
#define CONVOY_RUN_MS 300
#define CONVOY_IO_US 1000
#define CONVOY_IO_ROUNDS 100
#define CONVOY_WORK_PER_ROUND 200
#define SPIN_UNCONTENDED_PAIRS 200000
#define SPIN_HANDOFF_SAMPLES 2048
#define BREAKER_STEPS 3000000
#define BREAKER_ROUNDS 10             /* each variant; interleaved */

static struct wl_thread bw[BENCH_MAX_THREADS + 1];
static struct kinterp bench_in[BENCH_MAX_THREADS];

static uint64_t min_u64(const uint64_t *v, unsigned n)
{
    uint64_t m = v[0];
    for (unsigned i = 1; i < n; i++)
        if (v[i] < m)
            m = v[i];
    return m;
}

static uint64_t max_u64(const uint64_t *v, unsigned n)
{
    uint64_t m = v[0];
    for (unsigned i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

static uint64_t p99_u64(uint64_t *v, unsigned n)   /* v sorted by median_u64 */
{
    return v[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
}

/* "1.23" from hundredths. */
static const char *hundredths(uint64_t h, char *buf, unsigned len)
{
    ksnprintf(buf, len, "%lu.%02lu", (unsigned long)(h / 100), (unsigned long)(h % 100));
    return buf;
}

/* One countdown configuration: n threads, shared GIL or one interpreter each. Returns wall us. */
static uint64_t countdown_once(unsigned n, bool per_core)
{
    uint64_t first = UINT64_MAX, last = 0;
    for (unsigned i = 0; i < n; i++)      /* shared mode uses bench_in[0] only */
        kinterp_init(&bench_in[i], i, per_core ? "bench per-core" : "bench shared");
    for (unsigned i = 0; i < n; i++) {
        bw[i] = (struct wl_thread){.in = per_core ? &bench_in[i] : &bench_in[0],
                                   .cpu = i % percpu_online(), .iterations = COUNTDOWN_STEPS / n};
        wl_start(&bw[i], "countdown", wl_countdown);
    }
    for (unsigned i = 0; i < n; i++) {
        wl_join(&bw[i]);
        if (bw[i].start_tsc < first)
            first = bw[i].start_tsc;
        if (bw[i].end_tsc > last)
            last = bw[i].end_tsc;
    }
    for (unsigned i = 0; i < n; i++)
        kinterp_destroy(&bench_in[i]);
    return tsc_to_us(last - first);
}

void bench_gil_countdown(void)
{
    static const struct {
        unsigned threads;
        bool per_core;
        const char *label;
    } configs[] = {
        {1, false, "1 thread"},
        {2, false, "2 threads, one shared GIL"},
        {4, false, "4 threads, one shared GIL"},
        {2, true, "2 per-core interpreters"},
        {4, true, "4 per-core interpreters"},
    };
    enum { NCONF = sizeof configs / sizeof configs[0] };
    uint64_t us[NCONF][BENCH_ROUNDS], med[NCONF];
    char a[16];

    kprintf("# %d countdown steps (bytecode, tests/kernel/harness/minivm.c) split over the threads, %u CPUs "
            "online, minimum of %d interleaved rounds\n", COUNTDOWN_STEPS, percpu_online(),
            BENCH_ROUNDS);
    for (int r = 0; r < BENCH_ROUNDS; r++)
        for (int c = 0; c < NCONF; c++)
            us[c][r] = countdown_once(configs[c].threads, configs[c].per_core);
    for (int c = 0; c < NCONF; c++)
        med[c] = min_u64(us[c], BENCH_ROUNDS);
    for (int c = 0; c < NCONF; c++) {
        char note[64];
        uint64_t speedup = med[c] ? med[0] * 100 / med[c] : 0;
        ksnprintf(note, sizeof note, "speed-up %sx%s", hundredths(speedup, a, sizeof a),
                  configs[c].threads > percpu_online() ? " (more threads than CPUs)" : "");
        kbench_row(configs[c].label, med[c], "us", note);
    }
}

enum convoy_mode { CPU_ALONE, IO_ALONE, TOGETHER };

struct convoy_result {
    uint64_t cpu_steps_per_ms;      /* CPU_ALONE, TOGETHER */
    uint64_t cpu_steps_per_held_ms; /* steps per ms of holding the GIL: the speed while running */
    uint64_t cpu_gil_share;         /* TOGETHER: % of its run the CPU-bound thread held the GIL */
    uint64_t io_us;                 /* IO_ALONE, TOGETHER: the I/O thread's run time */
    /* TOGETHER, per I/O round, in us: where the CPU-bound thread's lost time goes. */
    uint64_t cpu_wait_us;           /* the CPU-bound thread ran without the GIL (waited for it) */
    uint64_t io_hold_us;            /* the I/O thread held it (its own work) */
    unsigned nreacq, npauses;
};


static struct convoy_result convoy_once(enum convoy_mode mode, bool io_priority,
                                        uint64_t *reacq_out, uint64_t *pause_out)
{
    static volatile bool stop;
    struct kinterp *in = &bench_in[0];
    struct convoy_result r = {0};
    kinterp_init(in, 0, "bench convoy");
    gil_set_io_priority(&in->gil, io_priority);
    stop = false;
    bw[0] = (struct wl_thread){.in = in, .cpu = 0, .stop = &stop};
    bw[1] = (struct wl_thread){.in = in, .cpu = percpu_online() > 1 ? 1 : 0, .io_us = CONVOY_IO_US,
                               .io_rounds = CONVOY_IO_ROUNDS,
                               .work_per_round = CONVOY_WORK_PER_ROUND};
    if (mode != IO_ALONE)
        wl_start(&bw[0], "cpu-bound", wl_cpu_until_stop);
    if (mode != CPU_ALONE) {
        wl_start(&bw[1], "io-bound", wl_io);
        wl_join(&bw[1]);
        r.io_us = tsc_to_us(bw[1].end_tsc - bw[1].start_tsc);
        for (unsigned i = 0; i < bw[1].nreacquire; i++)
            if (reacq_out)
                reacq_out[r.nreacq++] = tsc_to_us(bw[1].reacquire_cycles[i]);
    } else {
        thread_sleep_us(CONVOY_RUN_MS * 1000);
    }
    stop = true;
    if (mode != IO_ALONE) {
        wl_join(&bw[0]);
        r.cpu_steps_per_ms = bw[0].done * 1000 / (tsc_to_us(bw[0].end_tsc - bw[0].start_tsc) + 1);
        r.cpu_gil_share = bw[0].held_cycles * 100 / (bw[0].end_tsc - bw[0].start_tsc + 1);
        r.cpu_steps_per_held_ms = bw[0].done * 1000 / (tsc_to_us(bw[0].held_cycles) + 1);
        for (unsigned i = 0; pause_out && i < bw[0].npauses && i < WL_MAX_IO_ROUNDS; i++)
            pause_out[r.npauses++] = bw[0].pause_cycles[i];
    }
    if (mode == TOGETHER) {
        /* Per thread, so it holds on one CPU too: the CPU-bound thread's run not holding the
         * GIL (waiting for it, or its CPU running the other thread), the I/O thread's holds. */
        uint64_t span = bw[0].end_tsc - bw[0].start_tsc;
        r.cpu_wait_us = tsc_to_us(span > bw[0].held_cycles ? span - bw[0].held_cycles : 0) /
                        CONVOY_IO_ROUNDS;
        r.io_hold_us = tsc_to_us(bw[1].held_cycles) / CONVOY_IO_ROUNDS;
    }
    kinterp_destroy(in);
    return r;
}

void bench_gil_convoy(void)
{
    uint64_t cpu_alone[CONVOY_ROUNDS], io_alone[CONVOY_ROUNDS];
    uint64_t cpu_with[2][CONVOY_ROUNDS], io_with[2][CONVOY_ROUNDS], share_with[2][CONVOY_ROUNDS];
    uint64_t held_speed_alone[CONVOY_ROUNDS], held_speed_with[2][CONVOY_ROUNDS];
    uint64_t cpu_wait[2][CONVOY_ROUNDS], io_hold[2][CONVOY_ROUNDS];
    static uint64_t reacq[2][CONVOY_ROUNDS * CONVOY_IO_ROUNDS];
    unsigned nreacq[2] = {0, 0};
    static uint64_t pauses[2][CONVOY_ROUNDS * WL_MAX_IO_ROUNDS];
    unsigned npauses[2] = {0, 0};
    uint64_t interval = gil_boot_interval_us();
    char a[16];

    kprintf("# an I/O-bound thread (%d rounds of %d steps + %d us blocking) beside a CPU-bound "
            "one on CPUs 0 and %u, interval %lu us, median of %d rounds\n", CONVOY_IO_ROUNDS,
            CONVOY_WORK_PER_ROUND, CONVOY_IO_US, percpu_online() > 1 ? 1 : 0,
            (unsigned long)interval, CONVOY_ROUNDS);
    for (int r = 0; r < CONVOY_ROUNDS; r++) {
        struct convoy_result alone = convoy_once(CPU_ALONE, true, NULL, NULL);
        cpu_alone[r] = alone.cpu_steps_per_ms;
        held_speed_alone[r] = alone.cpu_steps_per_held_ms;
        io_alone[r] = convoy_once(IO_ALONE, true, NULL, NULL).io_us;
        for (int policy = 0; policy < 2; policy++) {
            struct convoy_result res = convoy_once(TOGETHER, policy == 0,
                                                   reacq[policy] + nreacq[policy],
                                                   pauses[policy] + npauses[policy]);
            nreacq[policy] += res.nreacq;
            npauses[policy] += res.npauses;
            cpu_with[policy][r] = res.cpu_steps_per_ms;
            share_with[policy][r] = res.cpu_gil_share;
            io_with[policy][r] = res.io_us;
            held_speed_with[policy][r] = res.cpu_steps_per_held_ms;
            cpu_wait[policy][r] = res.cpu_wait_us;
            io_hold[policy][r] = res.io_hold_us;
        }
    }
    uint64_t cpu_base = median_u64(cpu_alone, CONVOY_ROUNDS);
    uint64_t io_base = median_u64(io_alone, CONVOY_ROUNDS);
    kbench_row("CPU-bound thread alone", cpu_base, "steps/ms", NULL);
    kbench_row("I/O-bound thread alone: its rounds", io_base, "us", NULL);
    for (int policy = 0; policy < 2; policy++) {
        const char *who = policy == 0 ? "I/O shortcut" : "CPython rule";
        char what[64], note[64];
        uint64_t med = median_u64(reacq[policy], nreacq[policy]);
        uint64_t p99 = p99_u64(reacq[policy], nreacq[policy]);
        uint64_t cpu = median_u64(cpu_with[policy], CONVOY_ROUNDS);
        uint64_t io = median_u64(io_with[policy], CONVOY_ROUNDS);
        ksnprintf(what, sizeof what, "%s: re-acquire median", who);
        ksnprintf(note, sizeof note, "%s of the interval",
                  hundredths(med * 100 / (interval ? interval : 1), a, sizeof a));
        kbench_row(what, med, "us", note);
        ksnprintf(what, sizeof what, "%s: re-acquire p99", who);
        kbench_row(what, p99, "us", NULL);
        ksnprintf(what, sizeof what, "%s: I/O thread throughput", who);
        kbench_row(what, io ? io_base * 100 / io : 0, "% alone", NULL);
        /* Best round against best round, as the countdown's minimum times: the host's other
         * load only ever takes steps away, so the best rounds are the guest's own cost. The
         * ratio of the medians, which keeps the host's share, is in the note. */
        uint64_t cpu_best = max_u64(cpu_with[policy], CONVOY_ROUNDS);
        uint64_t base_best = max_u64(cpu_alone, CONVOY_ROUNDS);
        ksnprintf(what, sizeof what, "%s: CPU-bound throughput", who);
        ksnprintf(note, sizeof note, "steps/ms, best rounds; medians: %lu%%",
                  (unsigned long)(cpu_base ? cpu * 100 / cpu_base : 0));
        kbench_row(what, base_best ? cpu_best * 100 / base_best : 0, "% alone", note);
        ksnprintf(what, sizeof what, "%s: CPU-bound GIL share", who);
        kbench_row(what, median_u64(share_with[policy], CONVOY_ROUNDS), "% of wall",
                   "time it held the GIL (alone: 100)");
        ksnprintf(what, sizeof what, "%s: CPU-bound speed holding", who);
        kbench_row(what, median_u64(held_speed_alone, CONVOY_ROUNDS) ?
                   median_u64(held_speed_with[policy], CONVOY_ROUNDS) * 100 /
                   median_u64(held_speed_alone, CONVOY_ROUNDS) : 0, "% alone",
                   "steps per ms of holding the GIL: emulation and cache costs");
        uint64_t pause_med = npauses[policy] ? median_u64(pauses[policy], npauses[policy]) : 0;
        uint64_t pause_p99 = npauses[policy] ? p99_u64(pauses[policy], npauses[policy]) : 0;
        ksnprintf(what, sizeof what, "%s: CPU-bound pause median", who);
        ksnprintf(note, sizeof note, "p99 %lu us: from seeing a drop request to running again",
                  (unsigned long)tsc_to_us(pause_p99));
        kbench_row(what, tsc_to_us(pause_med), "us", note);
        ksnprintf(what, sizeof what, "%s: per round, CPU-bound waited", who);
        kbench_row(what, median_u64(cpu_wait[policy], CONVOY_ROUNDS), "us", NULL);
        ksnprintf(what, sizeof what, "%s: per round, I/O thread held", who);
        kbench_row(what, median_u64(io_hold[policy], CONVOY_ROUNDS), "us",
                   "its own work; the rest of the wait is hand-off and wake-up");
    }
}

/* Two threads on CPUs 0 and 1 take turns on one lock; the hand-off is release -> next acquire. */
static struct {
    struct spinlock lock;
    volatile uint64_t released_tsc;
    volatile int last_cpu;
    uint64_t samples[SPIN_HANDOFF_SAMPLES];
    unsigned nsamples;
    volatile bool done;
} pingpong;

static void pingpong_thread(void *arg)
{
    int me = (int)(uintptr_t)arg;
    while (!pingpong.done) {
        spin_lock(&pingpong.lock);
        if (pingpong.last_cpu != me && pingpong.last_cpu >= 0) {
            uint64_t now = platform_cycles();
            if (pingpong.nsamples < SPIN_HANDOFF_SAMPLES)
                pingpong.samples[pingpong.nsamples++] = now - pingpong.released_tsc;
            else
                pingpong.done = true;
        }
        pingpong.last_cpu = me;
        pingpong.released_tsc = platform_cycles();
        spin_unlock(&pingpong.lock);
        for (int i = 0; i < 50; i++)    /* give the other CPU a window to queue */
            __asm__ volatile("pause");
    }
}

void bench_spinlock(void)
{
    static struct spinlock l = SPINLOCK_INIT("bench uncontended");
    uint64_t rounds[BENCH_ROUNDS];
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        uint64_t t0 = platform_cycles();
        for (int i = 0; i < SPIN_UNCONTENDED_PAIRS; i++) {
            spin_lock(&l);
            spin_unlock(&l);
        }
        rounds[r] = (platform_cycles() - t0) / SPIN_UNCONTENDED_PAIRS;
    }
    kbench_row("uncontended spin_lock+spin_unlock", median_u64(rounds, BENCH_ROUNDS), "cycles",
               NULL);
    if (percpu_online() < 2) {
        kbench_row("contended hand-off", 0, "cycles", "needs 2 CPUs");
        return;
    }
    spin_init(&pingpong.lock, "bench ping-pong");
    pingpong.last_cpu = -1;
    pingpong.nsamples = 0;
    pingpong.done = false;
    struct thread *a = thread_create("ping", 0, pingpong_thread, (void *)0);
    struct thread *b = thread_create("pong", 1, pingpong_thread, (void *)1);
    thread_join(b);
    thread_join(a);
    uint64_t med = median_u64(pingpong.samples, pingpong.nsamples);
    kbench_row("contended hand-off, release -> acquire on another CPU: median", med, "cycles",
               NULL);
    kbench_row("contended hand-off: p99", p99_u64(pingpong.samples, pingpong.nsamples), "cycles",
               NULL);
    spin_destroy(&pingpong.lock);
}

static uint64_t breaker_once(bool check)
{
    uint64_t us;
    kinterp_init(&bench_in[0], 0, "bench breaker");
    bw[0] = (struct wl_thread){.in = &bench_in[0], .cpu = 0, .iterations = BREAKER_STEPS};
    wl_start(&bw[0], "breaker", check ? wl_countdown : wl_countdown_no_breaker);
    wl_join(&bw[0]);
    us = tsc_to_us(bw[0].end_tsc - bw[0].start_tsc);
    kinterp_destroy(&bench_in[0]);
    return us;
}

void bench_eval_breaker(void)
{
    uint64_t with[BREAKER_ROUNDS], without[BREAKER_ROUNDS], w, wo;
    for (int r = 0; r < BREAKER_ROUNDS; r++) {
        without[r] = breaker_once(false);
        with[r] = breaker_once(true);
    }
    w = min_u64(with, BREAKER_ROUNDS);
    wo = min_u64(without, BREAKER_ROUNDS);
    kprintf("# %d countdown steps on one thread, minimum of %d interleaved rounds each\n",
            BREAKER_STEPS, BREAKER_ROUNDS);
    kbench_row("countdown, check at each back-edge", w, "us", NULL);
    kbench_row("countdown, no check", wo, "us", NULL);
    kbench_row("eval-breaker overhead", w >= wo && wo ? (w - wo) * 10000 / wo : 0, "0.01%",
               w >= wo ? NULL : "check run was faster: noise");
}

BENCH(gil_countdown, "Beazley's countdown: one thread, threads on one GIL, per-core interpreters")
{
    bench_gil_countdown();
}

BENCH(gil_convoy, "convoy effect: I/O thread beside a CPU-bound one, with and without the shortcut")
{
    bench_gil_convoy();
}

BENCH(spinlock, "ticket lock: uncontended pair and cross-CPU hand-off")
{
    bench_spinlock();
}

BENCH(eval_breaker, "cost of the eval-breaker check at each back-edge, one thread")
{
    bench_eval_breaker();
}
