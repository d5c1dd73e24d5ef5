/*
 * kernel/gil.h - the global interpreter lock: one per interpreter, built on a spinlock, with
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
 *  - Forced switching: a thread that drops on request cannot take the GIL back before another
 *    thread has had it. We hand the lock straight to the requesting waiter at the drop (the
 *    dropper re-queues behind it), which gives the same guarantee without CPython's second
 *    condition variable.
 *  - FIFO: with GIL_FIFO_MIN_WAITERS (3) or more waiters every release hands the lock to the
 *    longest waiter, so no thread starves; with fewer, a voluntary release wakes the oldest waiter
 *    and whoever gets there first takes it (CPython's behaviour).
 *  - Convoy effect (bpo-7946): a thread that released the GIL voluntarily after holding it only
 *    briefly (less than interval / GIL_IO_SHORT_HOLD_DIV) is I/O-bound; when it comes back it
 *    requests the drop at once instead of after a full interval. A CPU-bound thread therefore
 *    gives way within one back-edge, while a thread that holds the GIL for long cannot use the
 *    shortcut (its next wait is a normal one), so two CPU-bound threads still switch every
 *    interval. Switch it off with gil_set_io_priority(g, false) to measure CPython's behaviour.
 *  - Waiting: spin with `pause` for up to GIL_SPIN_US while the holder runs on another CPU, then
 *    sleep (the CPU halts if it has nothing else) until the release wakes us (an IPI when we are
 *    on another CPU) or our deadline's tick.
 *
 * Memory ordering: every field below is guarded by `lock` except the eval-breaker bits, which are
 * set with an atomic OR under `lock` and read relaxed by the holder (a stale read only delays the
 * drop by one back-edge); the drop itself happens under `lock`, whose release/acquire pair orders
 * the holder's writes to interpreter state before the next holder's reads.
 *
 * Context: may sleep; call from a kernel thread (kernel/thread.h), never with spinlocks held.
 */
#ifndef KERNEL_GIL_H
#define KERNEL_GIL_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/percpu.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"

#define GIL_INTERVAL_US_DEFAULT 5000
#define GIL_FIFO_MIN_WAITERS    3
#define GIL_SPIN_US             20
#define GIL_IO_SHORT_HOLD_DIV   10
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
    uint64_t forced_switches, fifo_handoffs, voluntary_releases;
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
    bool enabled;                       /* test-only: false turns acquire/release into no-ops */
    bool force_switching;               /* test-only: false lets a dropper re-take at once */
    bool io_priority;                   /* the convoy-effect shortcut above */
    struct thread *wait_head, *wait_tail;
    unsigned nwaiters;
    bool drop_requested, last_drop_requested;
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
/* The boot option gil.interval_us (or the default). */
uint64_t gil_boot_interval_us(void);

/* Statistics (kernel/gil_stats.c). */
void gil_reset_stats(struct gil *g);
/* Median and 99th percentile of a latency ring, in microseconds; false when it is empty. */
bool gil_latency_us(const struct gil_latency *l, uint64_t *median_us, uint64_t *p99_us);
/* Console `gil`: totals, hand-off latencies and the per-CPU table of one GIL. */
void gil_print_stats(struct gil *g);

#endif
