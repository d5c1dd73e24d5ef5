/*
 * tests/kernel/test_gil.c - the GIL on real SMP: mutual exclusion (and a switched-off GIL that
 * visibly fails the same check), refcount integrity, switching latency and fairness, forced
 * switching, FIFO hand-off, the convoy shortcut, and per-core interpreters that run in parallel
 * on separate heaps. Each test runs in well under a second of guest time on TCG.
 */
#include "kernel/gil.h"
#include "kernel/kinterp.h"
#include "kernel/memory.h"
#include "kernel/options.h"
#include "kernel/percpu.h"
#include "kernel/tsc.h"
#include "kernel/workload.h"
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

/* Run n CPU-bound threads on the shared GIL for run_us, with the given interval. The threads
 * go on CPUs 0 and 1 only: these timing tests measure wall time, and vCPUs beyond the host's two
 * cores are descheduled for whole host time slices, which no GIL policy can make fair. */
static void run_cpu_bound(unsigned n, uint64_t interval_us, uint64_t run_us)
{
    kinterp_init(&shared_in, 0, "test cpu-bound");
    gil_set_interval_us(&shared_in.gil, interval_us);
    stop_flag = false;
    for (unsigned i = 0; i < n; i++) {
        workers[i] = (struct wl_thread){.in = &shared_in, .cpu = i % (percpu_online() < 2 ? 1 : 2),
                                        .stop = &stop_flag};
        wl_start(&workers[i], "cpu-bound", wl_cpu_until_stop);
    }
    thread_sleep_us(run_us);
    stop_flag = true;
    for (unsigned i = 0; i < n; i++)
        wl_join(&workers[i]);
}

/*
 * The share of the GIL a thread used is measured by the steps it executed while holding it: its
 * hold time in wall-clock terms also counts the time the host deschedules its vCPU mid-hold,
 * which says nothing about the GIL's policy (both are printed).
 */
TEST(gil, n_cpu_bound_threads_share_the_gil_fairly_with_fifo_handoff)
{
    unsigned n = 4;
    uint64_t total_steps = 0, total_held = 0;
    run_cpu_bound(n, 1000, 200000);
    for (unsigned i = 0; i < n; i++) {
        total_steps += workers[i].done;
        total_held += workers[i].held_cycles;
    }
    ASSERT_GT(total_steps, 0);
    ASSERT_GT(total_held, 0);
    for (unsigned i = 0; i < n; i++) {
        uint64_t share_pct = workers[i].done * 100 / total_steps;
        ktest_note("thread %u on cpu %u: %lu%% of the steps, %lu%% of the GIL hold time", i,
                   workers[i].cpu, (unsigned long)share_pct,
                   (unsigned long)(workers[i].held_cycles * 100 / total_held));
        EXPECT_GE(share_pct, 100 / n - 10);
    }
    EXPECT_GT(shared_in.gil.stats.fifo_handoffs, 0);
    EXPECT_EQ(shared_in.gil.stats.retakes_after_request, 0);
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

static void io_beside_cpu(bool io_priority, uint64_t *median_us, uint64_t *min_us,
                         uint64_t *early_requests)
{
    uint32_t sorted[WL_MAX_IO_ROUNDS];
    unsigned n;
    kinterp_init(&shared_in, 0, "test convoy");
    gil_set_io_priority(&shared_in.gil, io_priority);
    stop_flag = false;
    workers[0] = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(0), .stop = &stop_flag};
    workers[1] = (struct wl_thread){.in = &shared_in, .cpu = cpu_for(1), .io_us = 1000,
                                    .io_rounds = 12, .work_per_round = 100};
    wl_start(&workers[0], "cpu-bound", wl_cpu_until_stop);
    wl_start(&workers[1], "io-bound", wl_io);
    wl_join(&workers[1]);
    stop_flag = true;
    wl_join(&workers[0]);
    n = workers[1].nreacquire;
    memcpy(sorted, workers[1].reacquire_cycles, n * sizeof sorted[0]);
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && sorted[j] < sorted[j - 1]; j--) {
            uint32_t t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    *median_us = n ? tsc_to_us(sorted[n / 2]) : 0;
    *min_us = n ? tsc_to_us(sorted[0]) : 0;
    *early_requests = shared_in.gil.stats.early_requests;
    kinterp_destroy(&shared_in);
}

TEST(gil, io_thread_reacquires_quickly_beside_a_cpu_bound_one)
{
    uint64_t fast, cpython, fast_min, cpython_min, early_on, early_off;
    io_beside_cpu(true, &fast, &fast_min, &early_on);
    io_beside_cpu(false, &cpython, &cpython_min, &early_off);
    ktest_note("re-acquire median (min): %lu (%lu) us with the I/O shortcut, %lu (%lu) us without; "
               "interval %lu us", (unsigned long)fast, (unsigned long)fast_min,
               (unsigned long)cpython, (unsigned long)cpython_min,
               (unsigned long)gil_boot_interval_us());
    /* The latency target (0.1 interval) is the benchmark's (bench_gil_convoy): a halted vCPU
     * woken by an IPI waits for a host core, which on a loaded host takes milliseconds, so wall
     * time cannot be asserted here. The test checks the policy: with it, the returning I/O
     * thread asks for the GIL at once (early requests); without it, it never does and always
     * waits at least an interval, as in CPython. */
    EXPECT_GE(early_on, 3);
    EXPECT_EQ(early_off, 0);
    EXPECT_GE(cpython, gil_boot_interval_us() / 2);    /* median: the first rounds may find
                                                          the GIL free */
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
