/*
 * tests/kernel/test_spinlock.c - ticket locks: the debug checks panic with both call sites, the
 * counters count, the registry lists, and the lock excludes across all CPUs.
 */
#include "kernel/sched/percpu.h"
#include "kernel/sched/spinlock.h"
#include "kernel/sched/thread.h"
#include "tests/ktest.h"

static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return true;
    return false;
}

/* Not inlined, not tail calls and not identical (gcc would fold them into one symbol), so
 * each is a call site of its own in the report. */
static volatile int last_site;

static __attribute__((noinline)) void take_first(struct spinlock *l)
{
    spin_lock(l);
    last_site = 1;
}

static __attribute__((noinline)) void take_again(struct spinlock *l)
{
    spin_lock(l);
    last_site = 2;
}

TEST(spinlock, acquiring_a_held_lock_panics_with_both_call_sites)
{
    struct spinlock l;
    spin_init(&l, "test double");
    take_first(&l);
    EXPECT_PANIC("spinlock 'test double': CPU 0 acquires it again", take_again(&l));
    EXPECT_TRUE(contains(ktest_last_panic(), "again at take_again+"));
    EXPECT_TRUE(contains(ktest_last_panic(), "already holds it since take_first+"));
    spin_unlock(&l);                    /* the first acquisition stands */
    spin_destroy(&l);
}

TEST(spinlock, releasing_a_free_lock_panics)
{
    struct spinlock l;
    spin_init(&l, "test free");
    EXPECT_PANIC("spinlock 'test free': CPU 0 releases it at", spin_unlock(&l));
    EXPECT_TRUE(contains(ktest_last_panic(), "nobody holds it"));
    spin_destroy(&l);
}

struct cross {
    struct spinlock lock;
    volatile int stage;
};

static void hold_until_told(void *arg)
{
    struct cross *c = arg;
    spin_lock(&c->lock);
    __atomic_store_n(&c->stage, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&c->stage, __ATOMIC_ACQUIRE) != 2)
        __asm__ volatile("pause");
    spin_unlock(&c->lock);
}

TEST(spinlock, releasing_another_cpus_lock_panics_naming_the_holder)
{
    struct cross c;
    struct thread *t;
    if (percpu_online() < 2)
        ktest_skip("needs 2 CPUs");
    spin_init(&c.lock, "test cross");
    c.stage = 0;
    t = thread_create("holder", 1, hold_until_told, &c);
    while (__atomic_load_n(&c.stage, __ATOMIC_ACQUIRE) != 1)
        __asm__ volatile("pause");
    EXPECT_PANIC("but CPU 1 holds it (acquired at hold_until_told+", spin_unlock(&c.lock));
    __atomic_store_n(&c.stage, 2, __ATOMIC_RELEASE);
    thread_join(t);
    spin_destroy(&c.lock);
}

TEST(spinlock, counters_and_registry)
{
    struct spinlock l;
    spin_init(&l, "test counters");
    EXPECT_FALSE(l.registered);
    for (int i = 0; i < 10; i++) {
        spin_lock(&l);
        spin_unlock(&l);
    }
    EXPECT_EQ(l.acquisitions, 10);
    EXPECT_EQ(l.contended, 0);
    EXPECT_EQ(l.spin_cycles, 0);
    EXPECT_TRUE(l.registered);
    EXPECT_TRUE(spin_trylock(&l));
    EXPECT_FALSE(spin_holding(&l) == false);
    spin_unlock(&l);
    EXPECT_EQ(l.acquisitions, 11);
    spin_destroy(&l);
    EXPECT_FALSE(l.registered);
}

/* Hold the lock until a second ticket has been taken (a waiter is queued behind us), then keep
 * it a while longer, so the waiter certainly finds the lock busy and spins measurably. */
#define CONTENDED_HOLD_CYCLES 100000

static void hold_until_queued(void *arg)
{
    struct cross *c = arg;
    uint64_t start;
    spin_lock(&c->lock);
    __atomic_store_n(&c->stage, 1, __ATOMIC_RELEASE);
    while (__atomic_load_n(&c->lock.next, __ATOMIC_ACQUIRE) - c->lock.owner < 2)
        __asm__ volatile("pause");
    start = platform_cycles();
    while (platform_cycles() - start < CONTENDED_HOLD_CYCLES)
        __asm__ volatile("pause");
    spin_unlock(&c->lock);
}

TEST(spinlock, contention_is_counted)
{
    struct cross c;
    struct thread *t;
    uint64_t before, waited;
    if (percpu_online() < 2)
        ktest_skip("needs 2 CPUs");
    spin_init(&c.lock, "test contended");
    c.stage = 0;
    t = thread_create("holder", 1, hold_until_queued, &c);
    while (__atomic_load_n(&c.stage, __ATOMIC_ACQUIRE) != 1)
        __asm__ volatile("pause");
    EXPECT_FALSE(spin_trylock(&c.lock));
    before = platform_cycles();
    spin_lock(&c.lock);                 /* our ticket is what the holder waits for to release */
    waited = platform_cycles() - before;
    spin_unlock(&c.lock);
    thread_join(t);
    EXPECT_EQ(c.lock.acquisitions, 2);
    EXPECT_EQ(c.lock.contended, 1);
    /* The one spin took time, and no longer than our whole call (an interrupt between taking
     * the ticket and starting the count may shorten it, so no lower bound beyond zero). */
    EXPECT_GT(c.lock.spin_cycles, 0);
    EXPECT_LE(c.lock.spin_cycles, waited);
    EXPECT_EQ(c.lock.max_spin_cycles, c.lock.spin_cycles);
    spin_destroy(&c.lock);
}

/* A fixed total split over the CPUs: a ticket lock whose next owner's vCPU is preempted by the
 * host stalls everyone (lock-waiter preemption), so the time per acquisition grows with vCPUs. */
#define TOTAL_INCREMENTS 40000
struct shared {
    struct spinlock lock;
    uint64_t counter;                   /* plain: only the lock protects it */
    unsigned per_thread;
};

static void add_under_lock(void *arg)
{
    struct shared *s = arg;
    for (unsigned i = 0; i < s->per_thread; i++) {
        spin_lock(&s->lock);
        s->counter = *(volatile uint64_t *)&s->counter + 1;
        spin_unlock(&s->lock);
    }
}

TEST(spinlock, excludes_across_all_cpus)
{
    unsigned n = percpu_online();
    struct shared s;
    struct thread *t[SMP_MAX_CPUS];
    spin_init(&s.lock, "test exclusion");
    s.counter = 0;
    s.per_thread = TOTAL_INCREMENTS / n;
    for (unsigned i = 0; i < n; i++)
        t[i] = thread_create("adder", i, add_under_lock, &s);
    for (unsigned i = 0; i < n; i++)
        thread_join(t[i]);
    EXPECT_EQ(s.counter, (uint64_t)n * s.per_thread);
    EXPECT_EQ(s.lock.acquisitions, (uint64_t)n * s.per_thread);
    spin_destroy(&s.lock);
}
