/*
 * tests/kernel/harness/workload.h - interpreter-like workloads for worker threads: loops over
 * objects whose reference counts change without atomics, with the eval-breaker check at every
 * back-edge (as CPython 3.11 checks at JUMP_BACKWARD) and "blocking I/O" sections that release
 * the GIL around a wait. Shared by the GIL tests (tests/kernel/test_gil.c) and the benchmarks
 * (workload_bench.c).
 *
 * Every workload takes a struct wl_thread: inputs first, results filled in by the thread. Each
 * holds its interpreter's GIL whenever it touches an object.
 */
#ifndef KERNEL_WORKLOAD_H
#define KERNEL_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/sched/kinterp.h"
#include "kernel/sched/thread.h"

#define WL_MAX_IO_ROUNDS 256

struct wl_thread {
    /* inputs */
    struct kinterp *in;
    unsigned cpu;
    uint64_t iterations;                /* fixed-work loops */
    const volatile bool *stop;          /* time-bound loops run until *stop */
    struct kobj **shared;               /* objects every thread increfs/decrefs */
    unsigned nshared;
    uint64_t *counter;                  /* plain shared counter */
    unsigned *inside, *inside_max;      /* threads inside the GIL right now, and the most seen */
    uint64_t io_us;                     /* length of each blocking section */
    unsigned io_rounds;
    uint64_t work_per_round;            /* iterations between blocking sections */
    unsigned *barrier, barrier_count;   /* wl_cpu_until_stop: wait for this many to arrive */
    /* results */
    struct thread *thread;
    uint64_t start_tsc, end_tsc;        /* busy span, with the GIL held */
    uint64_t done;                      /* iterations completed */
    uint64_t held_cycles;               /* this thread's total GIL hold time */
    uint32_t reacquire_cycles[WL_MAX_IO_ROUNDS];
    unsigned nreacquire;
    /* wl_cpu_until_stop: each stop at a safe point (drop and re-take, or a yield), a ring of the
     * last WL_MAX_IO_ROUNDS, and how many there were */
    uint32_t pause_cycles[WL_MAX_IO_ROUNDS];
    unsigned npauses;
    struct kobj *made;                  /* an object this thread allocated (heap checks) */
};

/* Beazley's countdown, `while n > 0: n -= 1`, run as bytecode by tests/kernel/harness/minivm.c. */
void wl_countdown(void *wl_thread);
/* The same loop without the eval-breaker check (only for measuring the check's cost). */
void wl_countdown_no_breaker(void *wl_thread);
/* Increment *counter non-atomically `iterations` times, tracking threads inside the GIL. */
void wl_counter(void *wl_thread);
/* incref then decref every shared object, `iterations` times. */
void wl_refcount(void *wl_thread);
/* Countdown steps until *stop; done = steps. */
void wl_cpu_until_stop(void *wl_thread);
/* io_rounds of: work_per_round steps, then a blocking section of io_us; records re-acquires. */
void wl_io(void *wl_thread);

/* Start w's thread running fn on w->cpu; wl_join waits for it. */
void wl_start(struct wl_thread *w, const char *name, void (*fn)(void *));
void wl_join(struct wl_thread *w);

#endif
