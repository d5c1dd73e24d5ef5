/*
 * tests/kernel/test_gil.c - the GIL on real SMP: mutual exclusion (and a switched-off GIL that
 * visibly fails the same check), refcount integrity, switching latency and fairness, forced
 * switching, FIFO hand-off, the convoy shortcut, and per-core interpreters that run in parallel
 * on separate heaps. Each test runs in well under a second of guest time on TCG.
 */
#include "kernel/sched/gil.h"
#include "kernel/sched/kinterp.h"
#include "kernel/memory.h"
#include "kernel/options.h"
#include "kernel/sched/percpu.h"
#include "kernel/arch/tsc.h"
#include "tests/kernel/harness/workload.h"
#include "tests/ktest.h"

#define MAX_WORKERS 8

static struct kinterp shared_in;
static struct kinterp core_in[MAX_WORKERS];
static struct wl_thread workers[MAX_WORKERS];

/* Worker i's CPU: spread over the online CPUs. */
static unsigned cpu_for(unsigned i)
{
    return i % percpu_online();
}

static unsigned nworkers(void)
{
    unsigned n = percpu_online();
    return n < 2 ? 2 : n > MAX_WORKERS ? MAX_WORKERS : n;
}

static size_t free_pages(void)
{
    struct memory_stats ms;
    memory_get_stats(&ms);
    return ms.free_pages;
}

static void run_all(unsigned n, void (*fn)(void *))
{
    for (unsigned i = 0; i < n; i++)
        wl_start(&workers[i], "gil worker", fn);
    for (unsigned i = 0; i < n; i++)
        wl_join(&workers[i]);
}

#define COUNTER_TOTAL 240000            /* split over the threads */

static void count_with_gil(bool gil_on, uint64_t *counter, unsigned *inside_max, unsigned n)
{
    static unsigned inside;
    kinterp_init(&shared_in, 0, "test shared");
    gil_set_enabled(&shared_in.gil, gil_on);
    *counter = 0;
    inside = 0;
    *inside_max = 0;
    for (unsigned i = 0; i < n; i++)
        workers[i] = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(i),
                                        .iterations = COUNTER_TOTAL / n, .counter = counter,
                                        .inside = &inside, .inside_max = inside_max};
    run_all(n, wl_counter);
    kinterp_destroy(&shared_in);
}

TEST(gil, excludes_and_loses_no_update)
{
    uint64_t counter;
    unsigned inside_max, n = nworkers();
    size_t base = free_pages();
    count_with_gil(true, &counter, &inside_max, n);
    EXPECT_EQ(counter, (uint64_t)n * (COUNTER_TOTAL / n));
    EXPECT_EQ(inside_max, 1);
    EXPECT_EQ(free_pages(), base);
}

TEST(gil, switched_off_the_same_counter_loses_updates)
{
    uint64_t counter;
    unsigned inside_max, n = nworkers();
    if (percpu_online() < 2)
        ktest_skip("needs 2 CPUs to race");
    count_with_gil(false, &counter, &inside_max, n);
    ktest_note("without the GIL: %lu of %lu increments survived, up to %u threads inside",
               (unsigned long)counter, (unsigned long)n * (COUNTER_TOTAL / n), inside_max);
    EXPECT_LT(counter, (uint64_t)n * (COUNTER_TOTAL / n));
    EXPECT_GT(inside_max, 1);
}

#define SHARED_OBJECTS 8
#define REFCOUNT_TOTAL 80000            /* split over the threads */

TEST(gil, refcounts_stay_exact_and_the_heap_returns_to_baseline)
{
    unsigned n = nworkers();
    struct kobj *objs[SHARED_OBJECTS];
    size_t base = free_pages();
    kinterp_init(&shared_in, 0, "test refcount");
    gil_acquire(&shared_in.gil);
    for (int k = 0; k < SHARED_OBJECTS; k++)
        objs[k] = kinterp_new(&shared_in, (uint64_t)k);
    gil_release(&shared_in.gil);
    for (unsigned i = 0; i < n; i++)
        workers[i] = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(i),
                                        .iterations = REFCOUNT_TOTAL / n, .shared = objs,
                                        .nshared = SHARED_OBJECTS};
    run_all(n, wl_refcount);
    for (int k = 0; k < SHARED_OBJECTS; k++)
        EXPECT_EQ(objs[k]->refcnt, 1);
    EXPECT_EQ(shared_in.live_objects, SHARED_OBJECTS);
    kinterp_destroy(&shared_in);
    EXPECT_EQ(free_pages(), base);
}

static volatile bool stop_flag;

/* Run n CPU-bound threads on the shared GIL for run_us (or, when min_switches is not 0, until the
 * GIL changed hands that often, for at most run_us), with the given interval; thread i runs on
 * CPU i % ncpus (ncpus is capped at the online count). */
static void run_cpu_bound_for(unsigned n, unsigned ncpus, uint64_t interval_us, uint64_t run_us,
                              uint64_t min_switches)
{
    uint64_t end;
    if (ncpus > percpu_online())
        ncpus = percpu_online();
    kinterp_init(&shared_in, 0, "test cpu-bound");
    gil_set_interval_us(&shared_in.gil, interval_us);
    stop_flag = false;
    for (unsigned i = 0; i < n; i++) {
        workers[i] = (struct wl_thread){.in = &shared_in, .cpu = i % ncpus, .stop = &stop_flag};
        wl_start(&workers[i], "cpu-bound", wl_cpu_until_stop);
    }
    if (!min_switches) {
        thread_sleep_us(run_us);
    } else {
        end = platform_cycles() + run_us * (tsc_hz() / 1000000);
        /* Relaxed: a progress check only; switch_number is written under the GIL's spinlock. */
        while (__atomic_load_n(&shared_in.gil.switch_number, __ATOMIC_RELAXED) < min_switches &&
               platform_cycles() < end)
            thread_sleep_us(10000);
    }
    stop_flag = true;
    for (unsigned i = 0; i < n; i++)
        wl_join(&workers[i]);
}

static void run_cpu_bound_on(unsigned n, unsigned ncpus, uint64_t interval_us, uint64_t run_us)
{
    run_cpu_bound_for(n, ncpus, interval_us, run_us, 0);
}

/* The latency tests put their threads on CPUs 0 and 1 only: they measure wall time, and vCPUs
 * beyond the host's two cores are descheduled for whole host time slices. */
static void run_cpu_bound(unsigned n, uint64_t interval_us, uint64_t run_us)
{
    run_cpu_bound_on(n, 2, interval_us, run_us);
}

/*
 * Fairness is judged on the GIL hold time each thread measured itself (take to drop, on the
 * holder's own TSC, from the moment it runs): that is what the GIL's policy hands out. The steps
 * executed are printed beside it but not asserted to be equal: under TCG the vCPUs run at
 * different speeds (one host core may be shared with other work), so equal turns do not give
 * equal steps. A starved thread has neither. A hold is stretched when the host deschedules the
 * holder's vCPU (its tick stops too), which no policy can prevent, so the run lasts until every
 * thread had FAIR_TURNS turns on average (at most FAIR_MAX_RUN_US): one stretched hold then
 * weighs little, however slow the host is that day.
 */
#define FAIR_INTERVAL_US    5000
#define FAIR_TURNS          25
#define FAIR_MAX_RUN_US     1500000
#define FAIR_SLACK_PCT      10

static void run_fairness(unsigned n, unsigned ncpus)
{
    run_cpu_bound_for(n, ncpus, FAIR_INTERVAL_US, FAIR_MAX_RUN_US, (uint64_t)n * FAIR_TURNS);
}

static void expect_fair_shares(unsigned n)
{
    uint64_t total_steps = 0, total_held = 0;
    for (unsigned i = 0; i < n; i++) {
        total_steps += workers[i].done;
        total_held += workers[i].held_cycles;
    }
    ASSERT_GT(total_steps, 0);
    ASSERT_GT(total_held, 0);
    ktest_note("%u threads: %lu switches, %lu forced, %lu by the holder's tick, %lu FIFO hand-offs",
               n, (unsigned long)shared_in.gil.switch_number,
               (unsigned long)shared_in.gil.stats.forced_switches,
               (unsigned long)shared_in.gil.stats.tick_requests,
               (unsigned long)shared_in.gil.stats.fifo_handoffs);
    for (unsigned i = 0; i < n; i++) {
        uint64_t held_pct = workers[i].held_cycles * 100 / total_held;
        ktest_note("thread %u on cpu %u: %lu%% of the GIL hold time, %lu%% of the steps", i,
                   workers[i].cpu, (unsigned long)held_pct,
                   (unsigned long)(workers[i].done * 100 / total_steps));
        EXPECT_GE(held_pct, 100 / n - FAIR_SLACK_PCT);
        EXPECT_GT(workers[i].done, 0);
    }
    EXPECT_EQ(shared_in.gil.stats.retakes_after_request, 0);
}

/* N = min(online CPUs, 4) threads, one per CPU (two on CPU 0 at -smp 1, so the test can fail). */
TEST(gil, n_cpu_bound_threads_share_the_gil_fairly)
{
    unsigned n = percpu_online() < 2 ? 2 : percpu_online() > 4 ? 4 : percpu_online();
    run_fairness(n, n);
    expect_fair_shares(n);
    kinterp_destroy(&shared_in);
}

/* Two waiters: the case CPython's rules (and FIFO from three waiters only) let starve. */
TEST(gil, three_threads_on_two_cpus_none_starves)
{
    run_fairness(3, 2);
    expect_fair_shares(3);
    EXPECT_GT(shared_in.gil.stats.fifo_handoffs, 0);
    kinterp_destroy(&shared_in);
}

TEST(gil, three_threads_on_three_cpus_none_starves)
{
    if (percpu_online() < 3)
        ktest_skip("needs 3 CPUs");
    run_fairness(3, 3);
    expect_fair_shares(3);
    EXPECT_GT(shared_in.gil.stats.fifo_handoffs, 0);
    kinterp_destroy(&shared_in);
}

/* Four threads, two to a CPU: waiters on the holder's own CPU as well as on the other. */
TEST(gil, four_threads_on_two_cpus_share_the_gil_fairly)
{
    run_fairness(4, 2);
    expect_fair_shares(4);
    EXPECT_GT(shared_in.gil.stats.fifo_handoffs, 0);
    kinterp_destroy(&shared_in);
}

TEST(gil, forced_switching_keeps_the_dropper_from_retaking)
{
    run_cpu_bound(2, 500, 30000);
    ktest_note("forced switches %lu, retakes %lu", (unsigned long)shared_in.gil.stats.forced_switches,
               (unsigned long)shared_in.gil.stats.retakes_after_request);
    EXPECT_GT(shared_in.gil.stats.forced_switches, 2);
    EXPECT_EQ(shared_in.gil.stats.retakes_after_request, 0);
    kinterp_destroy(&shared_in);

    /* The check can fail: without forced switching the dropper takes the lock straight back. */
    kinterp_init(&shared_in, 0, "test no forcing");
    gil_set_force_switching(&shared_in.gil, false);
    gil_set_interval_us(&shared_in.gil, 500);
    stop_flag = false;
    for (unsigned i = 0; i < 2; i++) {
        workers[i] = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(i), .stop = &stop_flag};
        wl_start(&workers[i], "cpu-bound", wl_cpu_until_stop);
    }
    thread_sleep_us(30000);
    stop_flag = true;
    for (unsigned i = 0; i < 2; i++)
        wl_join(&workers[i]);
    ktest_note("without forced switching: retakes %lu of %lu drop requests",
               (unsigned long)shared_in.gil.stats.retakes_after_request,
               (unsigned long)shared_in.gil.stats.drop_requests);
    EXPECT_GT(shared_in.gil.stats.retakes_after_request, 0);
    kinterp_destroy(&shared_in);
}

TEST(gil, a_waiter_gets_the_gil_within_the_interval_plus_a_bounded_handoff)
{
    uint64_t med, p99, interval_us = 2000;
    /* The hand-off bound: the holder's next back-edge plus a wake-up IPI. Unloaded that is tens
     * of us; a host running far more runnable threads than cores deschedules vCPUs for whole
     * time slices, so the bound allows 10 ms. */
    uint64_t handoff_bound_us = 10000, bound_us = interval_us + handoff_bound_us;
    run_cpu_bound(2, interval_us, 60000);
    ASSERT_TRUE(gil_latency_us(&shared_in.gil.stats.request_to_running, &med, &p99));
    ktest_note("request -> running: median %lu us, p99 %lu us", (unsigned long)med,
               (unsigned long)p99);
    /* The hand-off after the request is bounded (well under an interval)... */
    EXPECT_LT(med, handoff_bound_us);
    for (unsigned i = 0; i < 2; i++)
        EXPECT_GT(workers[i].done, 0);
    /* ...so the average wait is the interval plus that hand-off. */
    EXPECT_LE(tsc_to_us(shared_in.gil.stats.wait_cycles) / (shared_in.gil.stats.contended + 1),
              bound_us);
    EXPECT_GE(shared_in.gil.stats.drop_requests, 3);
    kinterp_destroy(&shared_in);
}

struct convoy_result {
    uint64_t median_us, min_us;         /* the I/O thread's re-acquire latency */
    uint64_t early_requests, io_handoffs;
};

/* An I/O-bound thread (short holds, 1 ms blocking sections) beside ncpu CPU-bound threads. */
static void io_beside_cpu(unsigned ncpu, bool io_priority, struct convoy_result *r)
{
    uint32_t sorted[WL_MAX_IO_ROUNDS];
    struct wl_thread *io = &workers[ncpu];
    unsigned n;
    kinterp_init(&shared_in, 0, "test convoy");
    gil_set_io_priority(&shared_in.gil, io_priority);
    stop_flag = false;
    for (unsigned i = 0; i < ncpu; i++) {
        workers[i] = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(i), .stop = &stop_flag};
        wl_start(&workers[i], "cpu-bound", wl_cpu_until_stop);
    }
    *io = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(ncpu), .io_us = 1000,
                             .io_rounds = 12, .work_per_round = 100};
    wl_start(io, "io-bound", wl_io);
    wl_join(io);
    stop_flag = true;
    for (unsigned i = 0; i < ncpu; i++)
        wl_join(&workers[i]);
    n = io->nreacquire;
    memcpy(sorted, io->reacquire_cycles, n * sizeof sorted[0]);
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && sorted[j] < sorted[j - 1]; j--) {
            uint32_t t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    r->median_us = n ? tsc_to_us(sorted[n / 2]) : 0;
    r->min_us = n ? tsc_to_us(sorted[0]) : 0;
    r->early_requests = shared_in.gil.stats.early_requests;
    r->io_handoffs = shared_in.gil.stats.io_handoffs;
    ktest_note("%u cpu-bound + 1 I/O thread, io-priority %s: re-acquire median %lu us (min %lu), "
               "%lu early requests, %lu I/O hand-offs, %lu FIFO hand-offs", ncpu,
               io_priority ? "on" : "off", (unsigned long)r->median_us,
               (unsigned long)r->min_us, (unsigned long)r->early_requests,
               (unsigned long)r->io_handoffs, (unsigned long)shared_in.gil.stats.fifo_handoffs);
    kinterp_destroy(&shared_in);
}

/*
 * The latency target (0.1 interval) is the benchmark's (bench_gil_convoy): a halted vCPU woken
 * by an IPI waits for a host core, which on a loaded host takes milliseconds, so wall time cannot
 * be asserted here. The tests check the policy: with it, the returning I/O thread asks for the
 * GIL at once (early requests) and is handed it (I/O hand-offs); without it, it never does and
 * waits at least an interval, as in CPython.
 */
TEST(gil, io_thread_reacquires_quickly_beside_a_cpu_bound_one)
{
    struct convoy_result on, off;
    io_beside_cpu(1, true, &on);
    io_beside_cpu(1, false, &off);
    EXPECT_GE(on.early_requests, 3);
    EXPECT_GE(on.io_handoffs, 3);
    EXPECT_EQ(off.early_requests, 0);
    EXPECT_EQ(off.io_handoffs, 0);
    EXPECT_GE(off.median_us, gil_boot_interval_us() / 2);  /* median: the first rounds may find
                                                              the GIL free */
}

/* With two CPU-bound threads queued (FIFO hand-off in force) the I/O thread still goes first. */
TEST(gil, io_thread_jumps_the_fifo_queue_of_cpu_bound_threads)
{
    struct convoy_result on;
    io_beside_cpu(2, true, &on);
    EXPECT_GE(on.early_requests, 3);
    EXPECT_GE(on.io_handoffs, 3);
}

TEST(gil, per_core_interpreters_overlap_and_keep_separate_heaps)
{
    unsigned n = percpu_online() < MAX_WORKERS ? percpu_online() : MAX_WORKERS;
    /* Overlap is checked between the first two (the host has two cores: more vCPUs than that
     * are not guaranteed to run at once); heap separation between all. */
    unsigned overlap_n = 2;
    size_t base = free_pages();
    if (n < 2)
        ktest_skip("needs 2 CPUs to overlap");
    static unsigned arrived;
    arrived = 0;
    stop_flag = false;
    for (unsigned i = 0; i < n; i++) {
        kinterp_init(&core_in[i], i, "test per-core");
        workers[i] = (struct wl_thread){.in = &core_in[i], .cpu = i, .stop = &stop_flag,
                                        .barrier = &arrived, .barrier_count = n};
        wl_start(&workers[i], "per-core", wl_cpu_until_stop);
    }
    while (__atomic_load_n(&arrived, __ATOMIC_RELAXED) < n)
        thread_sleep_us(500);           /* lets the CPU 0 worker reach the barrier */
    thread_sleep_us(30000);
    stop_flag = true;
    for (unsigned i = 0; i < n; i++)
        wl_join(&workers[i]);
    for (unsigned i = 0; i < n; i++) {
        EXPECT_TRUE(kinterp_owns(&core_in[i], workers[i].made));
        EXPECT_EQ(workers[i].made->interp_id, i);
        for (unsigned j = 0; j < n; j++) {
            if (j == i)
                continue;
            EXPECT_FALSE(kinterp_owns(&core_in[j], workers[i].made));
            /* busy spans overlap: each started before the other ended */
            if (i < overlap_n && j < overlap_n)
                EXPECT_LT(workers[i].start_tsc, workers[j].end_tsc);
        }
        EXPECT_EQ(core_in[i].gil.stats.contended, 0);
    }
    for (unsigned i = 0; i < n; i++)
        kinterp_destroy(&core_in[i]);
    EXPECT_EQ(free_pages(), base);
}

TEST(gil, interval_comes_from_the_boot_option)
{
    const struct opt_value *v = option("gil.interval_us");
    EXPECT_EQ(gil_boot_interval_us(), v->set ? v->num : GIL_INTERVAL_US_DEFAULT);
    kinterp_init(&shared_in, 0, "test interval");
    EXPECT_EQ(shared_in.gil.interval_us, gil_boot_interval_us());
    gil_set_interval_us(&shared_in.gil, 1234);
    EXPECT_EQ(shared_in.gil.interval_us, 1234);
    kinterp_destroy(&shared_in);
}

/* The same checks as the hosted tests/host/tsan_gil.c: misuse panics, naming the thread and GIL.
 * Both checks fire with the GIL's spinlock held, so the test releases it after each. */
TEST(gil, misuse_panics_naming_the_threads)
{
    kinterp_init(&shared_in, 0, "test misuse");
    EXPECT_PANIC("releases the GIL 'test misuse' held by 'nobody'", gil_release(&shared_in.gil));
    spin_unlock(&shared_in.gil.lock);
    gil_acquire(&shared_in.gil);
    EXPECT_PANIC("already holds the GIL 'test misuse'", gil_acquire(&shared_in.gil));
    spin_unlock(&shared_in.gil.lock);
    EXPECT_TRUE(gil_held(&shared_in.gil));
    gil_release(&shared_in.gil);
    EXPECT_FALSE(gil_held(&shared_in.gil));
    kinterp_destroy(&shared_in);
}
