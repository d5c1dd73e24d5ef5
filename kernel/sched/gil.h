/*
 * kernel/sched/gil.h - the global interpreter lock: one per interpreter, built on a spinlock, with
 * CPython's switching rules (Python/ceval_gil.c, "new GIL" by Antoine Pitrou, bpo-7946) plus FIFO
 * hand-off and an answer to the convoy effect.
 *
 * Rules:
 *  - A thread holds the GIL until it blocks (gil_release / a blocking section) or is asked to
 *    drop it. It checks at safe points: gil_eval_breaker() at every loop back-edge, as CPython
 *    3.11 does at JUMP_BACKWARD. The check is one load of the thread's eval_breaker word.
 *  - A waiter waits one switch interval (default GIL_INTERVAL_US_DEFAULT = 5 ms, boot option
 *    gil.interval_us=, gil_set_interval_us() at run time). If the GIL did not change hands
 *    meanwhile, it sets the holder's drop request (THREAD_BREAKER_GIL_DROP) and waits again.
 *    When it did change hands, the interval restarts from the new hold's start.
 *  - The holder's own tick (gil_tick, from thread_tick) makes the same request once it has run
 *    for an interval while the oldest waiter has waited one. Same rule, other clock: under TCG a
 *    waiter's halted vCPU can take milliseconds to be scheduled by a busy host, and a request that
 *    depends only on the waiter's wake-up lets the holder run on for that long, so the shares of
 *    the GIL would follow the host's scheduling, not the policy. The holder's CPU is running.
 *  - A hold is timed from when the holder runs: a thread handed the GIL whose CPU is slow to wake
 *    is not asked to drop before it has run for an interval (holder_running).
 *  - Forced switching: a thread that drops on request cannot take the GIL back before another
 *    thread has had it. We hand the lock straight to a waiter at the drop (the dropper re-queues
 *    behind it), which gives the same guarantee without CPython's second condition variable.
 *  - FIFO: with GIL_FIFO_MIN_WAITERS (2) or more waiters every drop, requested or voluntary,
 *    hands the lock to the longest waiter, and a free GIL may only be taken by the head of the
 *    queue (or out of turn by an I/O-bound thread, below; gil_set_force_switching(g, false), a
 *    test switch, lets anyone take it, as CPython without forced switching). With one waiter a
 *    requested drop hands to it, and a voluntary release wakes it and whoever gets there first
 *    takes it (CPython's behaviour).
 *    Why from two: with three CPU-bound threads CPython's rule ("hand to whoever requested")
 *    lets two of them ping-pong and starves the third (tests/kernel/test_gil.c checks the
 *    shares); handing to the longest waiter makes the order round-robin, whoever's timer fires
 *    first. docs/smp-gil.md has the measurement and the mechanism.
 *  - Convoy effect (bpo-7946): a thread that released the GIL voluntarily after holding it only
 *    briefly (less than interval / GIL_IO_SHORT_HOLD_DIV) is I/O-bound; when it comes back it
 *    requests the drop at once instead of after a full interval, the drop hands the GIL to it
 *    ahead of the FIFO queue (an early request outranks a normal one), and it may take a free GIL
 *    out of turn. A CPU-bound thread therefore gives way within one back-edge, while a thread that
 *    holds the GIL for long cannot use the shortcut (its next wait is a normal one), so CPU-bound
 *    threads still switch every interval, in FIFO order. Queue-jumping is bounded: each jump is
 *    paid for by a hold shorter than interval / GIL_IO_SHORT_HOLD_DIV and ends with a voluntary
 *    release, which hands the GIL to the head of the queue. The cost to the CPU-bound thread is
 *    the I/O thread's short hold plus two hand-offs per I/O wait, which the waiting rules below
 *    keep to spins rather than wake-ups. Switch it off with gil_set_io_priority(g, false) to
 *    measure CPython's behaviour.
 *
 *  - Waiting: spin with `pause` (plain loads, no locked instruction, no lock) while the holder
 *    runs on another CPU, then sleep (the CPU halts if it has nothing else) until the release
 *    wakes us (an IPI when we are on another CPU) or our deadline's tick. How long to spin
 *    depends on how long the wait is expected to be, as in Linux's adaptive mutexes:
 *      - normally GIL_SPIN_US: a CPU-bound holder keeps the GIL for up to an interval, far
 *        longer than a wake-up costs, so sleeping wastes nothing;
 *      - an I/O-bound thread that has just asked for the drop at once (the convoy rule) spins
 *        up to GIL_EARLY_SPIN_US (at most interval / GIL_IO_SHORT_HOLD_DIV): the holder gives
 *        way at its next back-edge, tens of microseconds at most when its vCPU runs. Longer
 *        waits mean the holder's vCPU is not running (the host took it, or the holder is in a
 *        long call without back-edges), and then a spin only takes host time the holder needs;
 *      - a thread that has just given way to an I/O-bound thread spins for it to hand back,
 *        GIL_SPIN_US plus GIL_HANDBACK_HOLDS times that thread's last hold, at most interval /
 *        GIL_IO_SHORT_HOLD_DIV (a longer hold costs the I/O thread its shortcut anyway).
 *    Either long spin is cut to GIL_SPIN_US when another thread waits to run on this CPU, and
 *    stops when one becomes runnable (the RESCHED bit): the spin must not take their CPU.
 *    Why spin at all: without it each I/O wait costs the CPU-bound thread two wake-ups of a
 *    halted vCPU (after the hand-off and after the hand-back), each an IPI that under QEMU's TCG
 *    can take up to a host time slice, which costs far more than the I/O thread's short hold.
 *    docs/smp-gil.md has the convoy benchmark's figures before and after (gil_convoy).
 *
 * What differs from CPython 3.11 (Python/ceval_gil.h): FIFO hand-off from two waiters (CPython
 * has none: the OS decides who wakes first); hand-off by grant, not by a second condition
 * variable; the holder's tick as a second clock for the drop request; hold time counted from
 * when the holder runs; the I/O shortcut (CPython makes a returning I/O thread wait a full
 * interval, the convoy effect) and the adaptive spin that keeps it cheap for the CPU-bound
 * thread.
 *
 * Memory ordering: every field below is guarded by `lock` except the eval-breaker bits, which are
 * set with an atomic OR under `lock` (or by gil_tick on the holder's own CPU, which interrupts the
 * holder and so needs no lock) and read relaxed by the holder (a stale read only delays the drop
 * by one back-edge), and the fields gil_tick reads relaxed (holder, holder_running, hold_start,
 * oldest_wait_tsc, interval_cycles: written under `lock`, a stale value moves a request by a
 * tick), and holder and gil_granted, which the waiters' brief spin (spin_briefly) and gil_held()
 * read relaxed as hints; the fields read outside `lock` are written under it with relaxed atomic
 * stores (STORE_RELAXED in gil.c), so no access is a data race in the C memory model. The drop
 * itself happens under `lock`, whose release (spin_unlock) pairs with the next holder's acquire
 * (spin_lock) and orders the holder's writes to interpreter state (plain counters, refcounts)
 * before the next holder's reads. ThreadSanitizer checks all of this in the hosted build
 * (tests/host/tsan_gil.c).
 *
 * Context: may sleep; call from a kernel thread (kernel/sched/thread.h), never with spinlocks held.
 */
#ifndef KERNEL_GIL_H
#define KERNEL_GIL_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/sched/percpu.h"
#include "kernel/sched/spinlock.h"
#include "kernel/sched/thread.h"

#define GIL_INTERVAL_US_DEFAULT 5000
#define GIL_FIFO_MIN_WAITERS    2   /* see "FIFO" above: from two waiters on, hand off in order */
#define GIL_SPIN_US             20
#define GIL_IO_SHORT_HOLD_DIV   10
#define GIL_HANDBACK_HOLDS      4   /* spin for an I/O thread's hand-back: this many of its holds */
#define GIL_EARLY_SPIN_US       100 /* an early (I/O) requester's spin for the hand-off */
#define GIL_LATENCY_SAMPLES     512

struct gil_latency {
    uint32_t cycles[GIL_LATENCY_SAMPLES];   /* ring of the most recent samples */
    uint64_t count;
};

struct gil_cpu_stats {
    uint64_t acquisitions, hold_cycles, wait_cycles;
};

struct gil_stats {
    uint64_t acquisitions, contended;
    uint64_t drop_requests, early_requests;     /* early: the I/O shortcut */
    uint64_t tick_requests;                     /* set by the holder's own tick (gil_tick) */
    uint64_t forced_switches, fifo_handoffs, io_handoffs, voluntary_releases;
    uint64_t retakes_after_request;             /* dropper took it back first: must stay 0 */
    uint64_t hold_cycles, wait_cycles;
    struct gil_cpu_stats cpu[SMP_MAX_CPUS];
    struct gil_latency request_to_drop, drop_to_running, request_to_running;
};

struct gil {
    struct spinlock lock;
    const char *name;
    char lock_name[32];                 /* "gil <name>", for the `locks` table */
    struct thread *holder, *last_holder, *requester;
    uint64_t switch_number;             /* counts changes of holder */
    uint64_t interval_us;
    uint64_t interval_cycles;           /* the same in TSC cycles, for gil_tick() */
    uint64_t oldest_wait_tsc;           /* when the queue's head began waiting; 0: no waiter */
    bool enabled;                       /* test-only: false turns acquire/release into no-ops */
    bool force_switching;               /* test-only: false lets a dropper re-take at once */
    bool io_priority;                   /* the convoy-effect shortcut above */
    struct thread *wait_head, *wait_tail;
    unsigned nwaiters;
    bool drop_requested, last_drop_requested;
    bool holder_running;                /* false while a handed-off holder waits for its CPU */
    bool requester_early;               /* requester used the I/O shortcut: it gets the hand-off */
    uint64_t request_tsc, drop_tsc, hold_start;
    struct gil_stats stats;
};

void gil_init(struct gil *g, const char *name);
void gil_acquire(struct gil *g);
void gil_release(struct gil *g);        /* voluntary: a blocking section or the thread's end */
/* Blocking sections (Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS) on the thread's GIL. */
void gil_blocking_begin(void);
void gil_blocking_end(void);
bool gil_held(const struct gil *g);     /* by the running thread */

void gil_handle_eval_breaker(struct thread *t) __attribute__((noinline));
/* From the tick on the CPU running t (interrupt context, no locks): enforce the interval. */
void gil_tick(struct thread *t);

/* The safe-point check at a loop back-edge: one relaxed load on the fast path. */
static inline void gil_eval_breaker(void)
{
    struct thread *t = this_thread();
    if (__builtin_expect(__atomic_load_n(&t->eval_breaker, __ATOMIC_RELAXED) != 0, 0))
        gil_handle_eval_breaker(t);
}

void gil_set_interval_us(struct gil *g, uint64_t us);
void gil_set_io_priority(struct gil *g, bool on);
void gil_set_enabled(struct gil *g, bool on);           /* tests only */
void gil_set_force_switching(struct gil *g, bool on);   /* tests only */
/* The default switch interval: the boot option gil.interval_us (kernel/sched/kinterp.c); hosted,
 * GIL_INTERVAL_US_DEFAULT (tests/host/gil_host.c). */
uint64_t gil_boot_interval_us(void);

/* Statistics (kernel/sched/gil_stats.c). */
void gil_reset_stats(struct gil *g);
/* Median and 99th percentile of a latency ring, in microseconds; false when it is empty. */
bool gil_latency_us(const struct gil_latency *l, uint64_t *median_us, uint64_t *p99_us);
/* Console `gil`: totals, hand-off latencies and the per-CPU table of one GIL. */
void gil_print_stats(struct gil *g);

#endif
