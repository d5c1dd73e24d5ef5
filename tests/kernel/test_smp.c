/*
 * tests/kernel/test_smp.c - SMP bring-up and threads: every CPU online with its own id, tick and
 * stack guard; threads run where they are created, block, wake across CPUs and take turns.
 */
#include "kernel/sched/kstack.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "tests/ktest.h"

struct where {
    unsigned platform_id, percpu_id;
    uint32_t apic_id;
};

static void record_where(void *arg)
{
    struct where *w = arg;
    w->platform_id = platform_cpu_id();
    w->percpu_id = this_cpu()->id;
    w->apic_id = this_cpu()->apic_id;
}

TEST(smp, cpu_ids_are_dense_and_apic_ids_distinct)
{
    unsigned n = percpu_online();
    ASSERT_GE(n, 1);
    EXPECT_EQ(platform_cpu_count(), n);
    EXPECT_EQ(platform_cpu_id(), 0);
    for (unsigned i = 0; i < n; i++) {
        EXPECT_EQ(cpu_by_id(i)->id, i);
        EXPECT_EQ(cpu_by_id(i)->state, CPU_ONLINE);
        for (unsigned j = 0; j < i; j++)
            EXPECT_NE(cpu_by_id(i)->apic_id, cpu_by_id(j)->apic_id);
    }
}

TEST(smp, thread_runs_on_the_cpu_it_was_created_for)
{
    unsigned n = percpu_online();
    struct where w[SMP_MAX_CPUS];
    struct thread *t[SMP_MAX_CPUS];
    unsigned stacks = kstack_in_use();
    for (unsigned i = 0; i < n; i++) {
        w[i] = (struct where){~0u, ~0u, ~0u};
        t[i] = thread_create("where", i, record_where, &w[i]);
    }
    for (unsigned i = 0; i < n; i++) {
        thread_join(t[i]);
        EXPECT_EQ(w[i].platform_id, i);
        EXPECT_EQ(w[i].percpu_id, i);
        EXPECT_EQ(w[i].apic_id, cpu_by_id(i)->apic_id);
    }
    EXPECT_EQ(kstack_in_use(), stacks);
}

static void nap(void *arg)
{
    (void)arg;
    thread_sleep_us(3000);              /* a timed sleep needs this CPU's tick */
}

TEST(smp, every_cpu_ticks_while_it_has_timed_sleepers)
{
    unsigned n = percpu_online();
    uint64_t before[SMP_MAX_CPUS];
    struct thread *t[SMP_MAX_CPUS];
    for (unsigned i = 0; i < n; i++) {
        before[i] = __atomic_load_n(&cpu_by_id(i)->ticks, __ATOMIC_RELAXED);
        t[i] = thread_create("nap", i, nap, NULL);
    }
    for (unsigned i = 0; i < n; i++) {
        thread_join(t[i]);
        EXPECT_GT(__atomic_load_n(&cpu_by_id(i)->ticks, __ATOMIC_RELAXED), before[i]);
    }
}

static void nothing(void *arg)
{
    (void)arg;
}

TEST(smp, creating_a_thread_wakes_an_idle_cpu_with_an_ipi)
{
    unsigned n = percpu_online();
    if (n < 2)
        ktest_skip("needs 2 CPUs");
    for (unsigned i = 1; i < n; i++) {
        uint64_t before = __atomic_load_n(&cpu_by_id(i)->ipis_received, __ATOMIC_RELAXED);
        thread_join(thread_create("nothing", i, nothing, NULL));
        EXPECT_GT(__atomic_load_n(&cpu_by_id(i)->ipis_received, __ATOMIC_RELAXED), before);
    }
}

TEST(smp, stack_guard_page_faults_and_is_named)
{
    struct kstack s = kstack_alloc();
    EXPECT_PANIC("stack overflow into the guard page", (void)*(volatile char *)(s.base - 8));
    kstack_free(s);
}

struct handshake {
    struct spinlock lock;
    bool ready;
    int woken;
};

static void sleeper(void *arg)
{
    struct handshake *h = arg;
    spin_lock(&h->lock);
    while (!h->ready)
        thread_sleep_on(&h->lock, 0);
    h->woken++;
    spin_unlock(&h->lock);
}

TEST(smp, sleep_and_wake_across_cpus)
{
    unsigned n = percpu_online();
    struct handshake h;
    struct thread *t[SMP_MAX_CPUS];
    spin_init(&h.lock, "test handshake");
    h.ready = false;
    h.woken = 0;
    for (unsigned i = 0; i < n; i++)
        t[i] = thread_create("sleeper", i, sleeper, &h);
    thread_sleep_us(2000);          /* let them block */
    spin_lock(&h.lock);
    EXPECT_EQ(h.woken, 0);
    h.ready = true;
    spin_unlock(&h.lock);
    for (unsigned i = 0; i < n; i++)
        thread_wake(t[i]);
    for (unsigned i = 0; i < n; i++)
        thread_join(t[i]);
    EXPECT_EQ(h.woken, (int)n);
    spin_destroy(&h.lock);
}

#define TURNS 50
struct turns {
    int log[3 * TURNS];
    int at;
};

static struct turns turns;

static void take_turns(void *arg)
{
    int me = (int)(uintptr_t)arg;
    for (int i = 0; i < TURNS; i++) {
        turns.log[turns.at++] = me;     /* one CPU: no race */
        thread_yield();
    }
}

TEST(smp, yield_round_robins_threads_on_one_cpu)
{
    struct thread *t[3];
    int switches = 0;
    turns.at = 0;
    for (int i = 0; i < 3; i++)
        t[i] = thread_create("turns", 0, take_turns, (void *)(uintptr_t)i);
    for (int i = 0; i < 3; i++)
        thread_join(t[i]);
    ASSERT_EQ(turns.at, 3 * TURNS);
    for (int i = 1; i < turns.at; i++)
        switches += turns.log[i] != turns.log[i - 1];
    EXPECT_GE(switches, 3 * TURNS - 3);
}

TEST(smp, timed_sleep_lasts_at_least_its_time)
{
    uint64_t t0 = platform_cycles();
    thread_sleep_us(3000);
    EXPECT_GE(tsc_to_us(platform_cycles() - t0), 3000);
}
