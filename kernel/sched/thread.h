/*
 * kernel/sched/thread.h - kernel threads and the per-CPU scheduler.
 *
 * Threads are pinned: a thread runs only on the CPU it was created for, so per-CPU data stays
 * per-CPU and there is no migration to reason about. Each CPU has a FIFO run queue and an idle
 * thread that halts (`sti; hlt`) when the queue is empty; a CPU is woken by the wake-up IPI when
 * another CPU makes one of its threads runnable, and by its own tick.
 *
 * Scheduling is cooperative at safe points, the way an interpreter's eval loop is: the tick (or a
 * wake-up) sets THREAD_BREAKER_RESCHED in the running thread's eval_breaker word when another
 * thread is runnable, and the thread yields at its next safe point (gil_eval_breaker() in
 * kernel/sched/gil.h, checked at loop back-edges). Threads that block (thread_sleep_on,
 * thread_join, thread_sleep_us) give the CPU away at once. Code that never reaches a safe point
 * keeps its CPU.
 *
 * Locking (xv6's sleep/wakeup discipline): a thread blocks with thread_sleep_on(l, deadline)
 * while holding the lock `l` that guards its condition; the lock is released only after the
 * thread is marked blocked under its CPU's run-queue lock, so a waker that takes `l`, changes the
 * condition and calls thread_wake() cannot be missed. Order: condition locks before run-queue
 * locks; run-queue locks are taken with interrupts off (the tick takes them) and one at a time.
 * The run-queue lock is held across switch_to() and released by the thread switched to.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/arch/fpu.h"
#include "kernel/sched/kstack.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/spinlock.h"

enum thread_state { THREAD_RUNNABLE, THREAD_RUNNING, THREAD_BLOCKED, THREAD_DEAD };

/* Bits of struct thread's eval_breaker word: reasons to leave the fast path at a safe point. */
#define THREAD_BREAKER_GIL_DROP (1u << 0)   /* another thread asked for the GIL (sched/gil.c) */
#define THREAD_BREAKER_RESCHED  (1u << 1)   /* another thread is runnable on this CPU */

#define THREAD_NAME_MAX 24

struct gil;

struct thread {
    uintptr_t sp;                   /* saved by switch_to */
    struct cpu *cpu;
    int state;                      /* enum thread_state; under cpu->rq_lock */
    uint32_t eval_breaker;          /* THREAD_BREAKER_* bits; set atomically by other CPUs */
    char name[THREAD_NAME_MAX];
    void (*fn)(void *);
    void *arg;
    struct thread *rq_next, *all_next;
    uint64_t wake_at;               /* TSC deadline of a timed block, 0 = none */
    bool timed_out;                 /* the last block ended by its deadline */
    struct kstack stack;
    bool pooled_stack;              /* stack came from kstack_alloc (freed by thread_join) */
    struct spinlock join_lock;
    bool exited;
    struct thread *joiner;

    /* GIL state (kernel/sched/gil.c), under the GIL's lock. */
    struct gil *gil;                /* the GIL this thread runs under (its interpreter's) */
    struct thread *gil_next;        /* waiter queue link */
    bool gil_waiting, gil_granted;  /* queued; lock handed to us directly */
    bool gil_released_for_io;       /* last release was voluntary (a blocking section) */
    uint64_t gil_last_hold;         /* cycles held before that release */
    uint64_t gil_handback_cycles;   /* last drop went to an I/O-bound thread: how long to spin
                                       for it to hand back (0: it did not) */
    uint64_t gil_wait_tsc;          /* when this thread joined the waiter queue */
    uint64_t gil_handoff_request_tsc, gil_handoff_drop_tsc;  /* the request we were handed for */
    uint64_t gil_held_cycles;       /* total time this thread held a GIL */
    void *interp;                   /* the interpreter this thread runs (opaque here) */
    struct fpu_state *fpu;          /* x87/SSE registers while switched out (thread.c says where) */
};

#ifdef PLATFORM_HOSTED
/* Hosted (pthreads as CPUs, tests/host/gil_host.c): the calling pthread's one thread. */
struct thread *this_thread(void);
#else
static inline struct thread *this_thread(void)
{
    struct thread *t;
    __asm__("mov %%gs:8, %0" : "=r"(t));    /* struct cpu's current (CPU_OFFSET_CURRENT) */
    return t;
}
#endif

/* Make the running context thread number one of c: with a name on the boot CPU (which also gets
 * an idle thread), without one on an AP (whose start-up context becomes its idle thread). */
void thread_init_cpu(struct cpu *c, const char *boot_thread_name);

/* Create a thread running fn(arg) on CPU cpu_id; it starts runnable. Never NULL (panics). */
struct thread *thread_create(const char *name, unsigned cpu_id, void (*fn)(void *), void *arg);
/* Wait for t to exit and free it. */
void thread_join(struct thread *t);
void thread_exit(void) __attribute__((noreturn));
/* Let the other runnable threads of this CPU run first. */
void thread_yield(void);
/* Block until thread_wake() or (deadline_tsc != 0) the deadline; see the locking rule above.
 * Called and returns with l held; spurious returns are allowed, so callers loop. */
void thread_sleep_on(struct spinlock *l, uint64_t deadline_tsc);
void thread_wake(struct thread *t);
/* Sleep at least us microseconds (tick precision), leaving the CPU to others. */
void thread_sleep_us(uint64_t us);

/* Does another thread wait to run on this CPU? (A spinning waiter's question: spinning would
 * keep it off the CPU.) Hosted: never, one thread per CPU. */
bool thread_others_runnable(void);

void thread_tick(void);                          /* from the timer interrupt */
void thread_idle_loop(void) __attribute__((noreturn));
unsigned thread_count_on(struct cpu *c);
uint64_t thread_busy_percent(struct cpu *c);     /* share of time not halted since online */

#endif
