/*
 * tests/host/gil_host.c - the hosted side of kernel/sched/gil_platform.h: pthreads as CPUs (see
 * tests/host/gil_host.h).
 *
 * Sleeping follows the kernel's rule (kernel/sched/thread.h): thread_sleep_on(l, deadline) is
 * called with l held, and a waker takes l, changes the condition and calls thread_wake(). Here the
 * sleeper reads its wake-up word while it still holds l, then releases l and waits on the futex
 * only if the word still has that value; a thread_wake() that ran after the read (it must have
 * taken l after us, or run without it) has changed the word, so the wait returns at once and no
 * wake-up is lost. As in the kernel, returns may be spurious: callers loop.
 */
#define _GNU_SOURCE
#include "tests/host/gil_host.h"
#include "kernel/sched/gil.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct host_cpu {
    struct cpu cpu;
    struct thread thread;
    uint32_t wake_word;         /* futex: bumped by every thread_wake() of this CPU's thread */
};

static __thread struct host_cpu *running_here;
static unsigned cpus_online;    /* highest CPU id entered + 1, for the statistics tables */

static struct host_cpu *host_cpu_of(struct thread *t)
{
    return (struct host_cpu *)((char *)t - offsetof(struct host_cpu, thread));
}

struct thread *host_cpu_enter(const char *name)
{
    struct host_cpu *hc = calloc(1, sizeof *hc);
    unsigned id = platform_cpu_id(), seen;
    if (!hc)
        platform_panic("host_cpu_enter: out of memory for CPU '%s'", name);
    if (id >= SMP_MAX_CPUS)
        platform_panic("host_cpu_enter: slot %u is beyond SMP_MAX_CPUS (%d)", id, SMP_MAX_CPUS);
    hc->cpu.self = &hc->cpu;
    hc->cpu.id = id;
    hc->cpu.current = &hc->thread;
    hc->thread.cpu = &hc->cpu;
    hc->thread.state = THREAD_RUNNING;
    platform_snprintf(hc->thread.name, sizeof hc->thread.name, "%s", name);
    running_here = hc;
    seen = __atomic_load_n(&cpus_online, __ATOMIC_RELAXED);
    while (seen < id + 1 && !__atomic_compare_exchange_n(&cpus_online, &seen, id + 1, false,
                                                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
    return &hc->thread;
}

void host_cpu_exit(void)
{
    free(running_here);
    running_here = NULL;
}

struct thread *this_thread(void)
{
    return running_here ? &running_here->thread : NULL;
}

struct cpu *this_cpu(void)
{
    return running_here ? &running_here->cpu : NULL;
}

unsigned percpu_online(void)
{
    return __atomic_load_n(&cpus_online, __ATOMIC_RELAXED);
}

uint64_t gil_boot_interval_us(void)
{
    return GIL_INTERVAL_US_DEFAULT;
}

void thread_sleep_on(struct spinlock *l, uint64_t deadline_tsc)
{
    struct host_cpu *hc = running_here;
    /* Acquire: paired with the release in thread_wake(), like the IPI after the enqueue. */
    uint32_t seen = __atomic_load_n(&hc->wake_word, __ATOMIC_ACQUIRE);
    struct timespec timeout, *tp = NULL;
    uint64_t now = platform_cycles();

    if (deadline_tsc) {
        uint64_t ns;
        if (now >= deadline_tsc)
            return;                     /* the deadline passed: return with l still held */
        ns = (deadline_tsc - now) / (platform_tsc_hz() / 1000000) * 1000;
        timeout.tv_sec = (time_t)(ns / 1000000000u);
        timeout.tv_nsec = (long)(ns % 1000000000u);
        tp = &timeout;
    }
    spin_unlock(l);
    /* "hlt": EAGAIN (woken between the read and here), a wake-up, the timeout or a signal. */
    syscall(SYS_futex, &hc->wake_word, FUTEX_WAIT_PRIVATE, seen, tp, NULL, 0);
    spin_lock(l);
}

void thread_wake(struct thread *t)
{
    struct host_cpu *hc = host_cpu_of(t);
    /* Release: paired with the acquire in thread_sleep_on(). */
    __atomic_fetch_add(&hc->wake_word, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &hc->wake_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

bool thread_others_runnable(void)
{
    return false;                       /* one thread per pthread "CPU" */
}

void thread_yield(void)
{
    struct thread *t = this_thread();
    __atomic_fetch_and(&t->eval_breaker, ~THREAD_BREAKER_RESCHED, __ATOMIC_RELAXED);
    sched_yield();
}
