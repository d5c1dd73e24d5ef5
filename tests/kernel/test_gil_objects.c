/*
 * tests/kernel/test_gil_objects.c - the GIL over the real object and collector API (gc/, mm/):
 * threads on every CPU share objects and make cyclic garbage under one GIL, automatic
 * collections start on whichever CPU allocates, a full collection run while other CPUs wait
 * completes and the waiters go on, and per-core interpreters keep their collector state apart.
 * Every test ends with the heap back at its baseline.
 */
#include "gc/interp.h"
#include "kernel/sched/gil.h"
#include "kernel/sched/kinterp.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "tests/gc/gc_test.h"

#define OBJ_WORKERS_MAX 8
#define OBJ_SHARED 8
#define OBJ_ITERATIONS_TOTAL 12000      /* split over the threads */

static struct gil obj_gil;
static object_t *shared_objs[OBJ_SHARED];

struct obj_worker {
    unsigned cpu;
    unsigned iterations;
    struct thread *thread;
    uint64_t start_tsc, end_tsc;
    bool done;
};

static struct obj_worker ow[OBJ_WORKERS_MAX];

/* The end of each test: collect, and check the heap is back at its baseline. */
#define OBJ_TEST_END(baseline) GC_TEST_END(baseline)
static uint64_t collections_on_cpu_mask;

static void note_collection(const char *phase, int generation, long collected, long uncollectable,
                            void *arg)
{
    (void)generation, (void)collected, (void)uncollectable, (void)arg;
    if (phase[0] == 's' && phase[1] == 't' && phase[2] == 'a')   /* "start" */
        collections_on_cpu_mask |= 1ULL << platform_cpu_id();
}

/* One interpreter step over objects: share, build a self-cycle, drop it. */
static void object_step(unsigned i)
{
    object_t *l = list_new(), *n = int_new((long)i);
    for (unsigned k = 0; k < OBJ_SHARED; k++)
        incref(shared_objs[k]);
    list_append(l, l);                  /* a cycle only the collector can free */
    list_append(l, n);
    list_append(l, shared_objs[i % OBJ_SHARED]);
    decref(n);
    decref(l);
    for (unsigned k = 0; k < OBJ_SHARED; k++)
        decref(shared_objs[k]);
}

static void object_worker(void *arg)
{
    struct obj_worker *w = arg;
    gil_acquire(&obj_gil);
    w->start_tsc = platform_cycles();
    for (unsigned i = 0; i < w->iterations; i++) {
        object_step(i);
        gil_eval_breaker();
    }
    w->end_tsc = platform_cycles();
    w->done = true;
    gil_release(&obj_gil);
}

static unsigned obj_workers(void)
{
    unsigned n = percpu_online();
    return n < 2 ? 2 : n > OBJ_WORKERS_MAX ? OBJ_WORKERS_MAX : n;
}

TEST(gil_objects, shared_objects_keep_exact_refcounts_and_collect_on_any_cpu)
{
    size_t baseline = gc_test_begin();
    unsigned n = obj_workers();
    intptr_t before[OBJ_SHARED];
    gil_init(&obj_gil, "test objects");
    interp_main()->gil = &obj_gil;
    for (unsigned k = 0; k < OBJ_SHARED; k++) {
        shared_objs[k] = k % 2 ? int_new((long)k) : list_new();
        before[k] = refcount(shared_objs[k]);
    }
    collections_on_cpu_mask = 0;
    ASSERT_EQ(gc_callback_add(note_collection, NULL), 0);
    for (unsigned i = 0; i < n; i++) {
        ow[i] = (struct obj_worker){.cpu = i % percpu_online(), .iterations = OBJ_ITERATIONS_TOTAL / n};
        ow[i].thread = thread_create("objects", ow[i].cpu, object_worker, &ow[i]);
    }
    for (unsigned i = 0; i < n; i++)
        thread_join(ow[i].thread);
    gc_callback_remove(note_collection, NULL);
    gc_collect(2);                      /* the garbage cycles still hold references */
    for (unsigned k = 0; k < OBJ_SHARED; k++)
        EXPECT_EQ(refcount(shared_objs[k]), before[k]);
    ktest_note("automatic collections started on CPUs (mask) 0x%lx",
               (unsigned long)collections_on_cpu_mask);
    EXPECT_NE(collections_on_cpu_mask, 0);
    if (percpu_online() >= 2)
        EXPECT_NE(collections_on_cpu_mask & ~1ULL, 0);    /* not only on CPU 0 */
    for (unsigned k = 0; k < OBJ_SHARED; k++)
        decref(shared_objs[k]);
    interp_main()->gil = NULL;
    spin_destroy(&obj_gil.lock);
    OBJ_TEST_END(baseline);
}

#define GARBAGE_CYCLES 3000

static volatile bool collector_holds;
static unsigned expected_waiters;
static long collected_by_full;

#define QUEUE_UP_TIMEOUT_US 500000

/* (GIL held) Let the waiters queue up: a fixed pause is too short when the host is busy and a
 * waiter's vCPU starts late. Reads nwaiters under the GIL's spinlock. */
static void wait_for_waiters(struct gil *g, unsigned n)
{
    uint64_t deadline = platform_cycles() + QUEUE_UP_TIMEOUT_US * (tsc_hz() / 1000000);
    for (;;) {
        unsigned queued;
        spin_lock(&g->lock);
        queued = g->nwaiters;
        spin_unlock(&g->lock);
        if (queued >= n || platform_cycles() >= deadline)
            return;
        thread_sleep_us(200);
    }
}
static uint64_t collection_end_tsc;

static void collector_thread(void *arg)
{
    (void)arg;
    gil_acquire(&obj_gil);
    __atomic_store_n(&collector_holds, true, __ATOMIC_RELEASE);
    gc_disable();                       /* build the garbage first, then one full collection */
    for (unsigned i = 0; i < GARBAGE_CYCLES; i++) {
        object_t *l = list_new();
        list_append(l, l);
        decref(l);
    }
    wait_for_waiters(&obj_gil, expected_waiters);
    gc_enable();
    collected_by_full = gc_collect(2);
    collection_end_tsc = platform_cycles();
    gil_release(&obj_gil);
}

TEST(gil_objects, a_collection_while_other_cpus_wait_completes_and_they_go_on)
{
    size_t baseline = gc_test_begin();
    unsigned n = obj_workers() < 3 ? obj_workers() : 3;
    struct thread *collector;
    gil_init(&obj_gil, "test collection");
    interp_main()->gil = &obj_gil;
    for (unsigned k = 0; k < OBJ_SHARED; k++)
        shared_objs[k] = int_new((long)k);
    collector_holds = false;
    expected_waiters = n;
    collector = thread_create("collector", 0, collector_thread, NULL);
    while (!__atomic_load_n(&collector_holds, __ATOMIC_ACQUIRE))
        thread_sleep_us(200);
    for (unsigned i = 0; i < n; i++) {
        ow[i] = (struct obj_worker){.cpu = (i + 1) % percpu_online(), .iterations = 300};
        ow[i].thread = thread_create("waiter", ow[i].cpu, object_worker, &ow[i]);
    }
    thread_join(collector);
    for (unsigned i = 0; i < n; i++) {
        thread_join(ow[i].thread);
        EXPECT_TRUE(ow[i].done);
        EXPECT_GT(ow[i].start_tsc, collection_end_tsc);   /* they waited for the collection */
    }
    EXPECT_GE(collected_by_full, GARBAGE_CYCLES);
    EXPECT_GE(obj_gil.stats.contended, n);                /* each of them waited for it */
    for (unsigned k = 0; k < OBJ_SHARED; k++)
        decref(shared_objs[k]);
    interp_main()->gil = NULL;
    spin_destroy(&obj_gil.lock);
    OBJ_TEST_END(baseline);
}

struct core_result {
    struct interp *in;
    long gen0_count;
    long collected;
    bool separate;
};

static struct core_result core_res[OBJ_WORKERS_MAX];

/* On its own CPU: an interpreter of its own, garbage of its own, a collection of its own. */
static void per_core_worker(void *arg)
{
    struct core_result *r = arg;
    unsigned me = (unsigned)(r - core_res);
    struct kinterp *k = kinterp_core(this_cpu()->id);
    struct interp *in = interp_new();
    if (!in)
        return;
    r->in = in;
    k->gc = in;
    in->gil = &k->gil;
    gil_acquire(&k->gil);
    interp_set_current(in);
    gc_disable();
    for (unsigned i = 0; i < 100 + 50 * me; i++) {   /* a different amount on each core */
        object_t *l = list_new();
        list_append(l, l);
        decref(l);
    }
    r->gen0_count = in->generations[0].count;
    r->separate = interp_current() == in && interp_main()->generations[0].count < r->gen0_count;
    gc_enable();
    r->collected = gc_collect(2);
    interp_set_current(NULL);
    gil_release(&k->gil);
    k->gc = NULL;
}

TEST(gil_objects, per_core_interpreters_keep_their_own_collector_state)
{
    size_t baseline = gc_test_begin();
    unsigned n = percpu_online() < OBJ_WORKERS_MAX ? percpu_online() : OBJ_WORKERS_MAX;
    struct thread *t[OBJ_WORKERS_MAX];
    long main_count_before = interp_main()->generations[0].count;
    for (unsigned i = 0; i < n; i++) {
        core_res[i] = (struct core_result){NULL, 0, 0, false};
        t[i] = thread_create("per-core gc", i, per_core_worker, &core_res[i]);
    }
    for (unsigned i = 0; i < n; i++)
        thread_join(t[i]);
    for (unsigned i = 0; i < n; i++) {
        ASSERT_NOT_NULL(core_res[i].in);
        EXPECT_GE(core_res[i].gen0_count, 100 + 50 * (long)i);   /* its own count only */
        EXPECT_LT(core_res[i].gen0_count, 100 + 50 * (long)i + 10);
        EXPECT_TRUE(core_res[i].separate);
        EXPECT_EQ(core_res[i].collected, 100 + 50 * (long)i);
        EXPECT_EQ(interp_free(core_res[i].in), 0);
    }
    EXPECT_EQ(interp_main()->generations[0].count, main_count_before);
    OBJ_TEST_END(baseline);
}
