/*
 * kernel/sched/thread.c - threads, run queues, sleep/wake-up and the idle loop (see thread.h).
 *
 * Modelled on xv6's proc.c (sched/yield/sleep/wakeup, the lock held across the switch), made
 * per-CPU: each CPU switches only among its own threads, under its own run-queue lock.
 */
#include "kernel/sched/thread.h"
#include "kernel/sched/gil.h"
#include "kernel/arch/io.h"
#include "kernel/arch/ipi.h"
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/sched/timer.h"
#include "kernel/arch/tsc.h"
#include "mm/malloc.h"

void switch_to(uintptr_t *save_sp, uintptr_t next_sp);
extern const char thread_entry[];
void thread_start(void) __attribute__((noreturn));

#define NEW_STACK_WORDS 7      /* r15 r14 r13 r12 rbx rbp, then the "return" into thread_entry */

static struct thread *thread_alloc(struct cpu *c, const char *name)
{
    struct thread *t = page_alloc(0);
    _Static_assert(sizeof(struct thread) <= PAGE_SIZE, "struct thread fits a page");
    if (!t)
        panic("thread_alloc: out of memory for thread '%s'", name);
    memset(t, 0, sizeof *t);
    t->cpu = c;
    ksnprintf(t->name, sizeof t->name, "%s", name);
    spin_init(&t->join_lock, "thread join");
    return t;
}

/* Tell c that it has runnable work: the idle loop needs an IPI, a running thread a reschedule. */
static void notify(struct cpu *c)
{
    struct thread *cur = c->current;
    if (cur == c->idle) {
        if (c != this_cpu())
            ipi_wakeup(c);
    } else {
        /* Read relaxed at the thread's next safe point (gil_eval_breaker); nothing is published
         * through the bit, so no ordering is needed: a late read only delays the yield. */
        __atomic_fetch_or(&cur->eval_breaker, THREAD_BREAKER_RESCHED, __ATOMIC_RELAXED);
    }
}

/* Append t to c's run queue as runnable. c->rq_lock held. */
static void rq_append(struct cpu *c, struct thread *t)
{
    t->state = THREAD_RUNNABLE;
    t->rq_next = NULL;
    if (c->rq_tail)
        c->rq_tail->rq_next = t;
    else
        c->rq_head = t;
    c->rq_tail = t;
}

/* c->rq_lock held. */
static void make_runnable(struct cpu *c, struct thread *t)
{
    if (t->wake_at) {
        c->timed_sleepers--;
        t->wake_at = 0;
    }
    rq_append(c, t);
    notify(c);
}

/*
 * Switch to the next runnable thread (or idle). c->rq_lock held, interrupts off, and the current
 * thread's state already set (RUNNABLE and queued, BLOCKED, or DEAD). Returns when the current
 * thread is switched back to, still holding c->rq_lock (released by the thread now running).
 */
static void schedule_locked(struct cpu *c)
{
    struct thread *prev = c->current, *next = c->rq_head;
    if (next) {
        c->rq_head = next->rq_next;
        if (!c->rq_head)
            c->rq_tail = NULL;
    } else {
        next = c->idle;
    }
    if (prev == c->idle)
        prev->state = THREAD_RUNNABLE;          /* idle is never queued */
    if (next == prev) {
        prev->state = THREAD_RUNNING;
        return;
    }
    next->state = THREAD_RUNNING;
    c->current = next;
    c->context_switches++;
    /* Eager: nothing between here and the switch uses x87/SSE (-mgeneral-regs-only). */
    fpu_save(prev->fpu);
    fpu_restore(next->fpu);
    switch_to(&prev->sp, next->sp);
}

void thread_start(void)
{
    struct cpu *c = this_cpu();
    struct thread *t = this_thread();
    spin_unlock(&c->rq_lock);                   /* taken by whoever switched to us */
    irq_enable();
    t->fn(t->arg);
    thread_exit();
}

static void idle_fn(void *arg)
{
    (void)arg;
    thread_idle_loop();
}

/*
 * Where a thread's x87/SSE state waits while it is switched out: at the top of its stack, or,
 * for the first thread of a CPU (which runs on a stack it did not get from the pool), in
 * first_thread_fpu. Both lie in the kernel image, which boot/entry.S maps with 4 KiB pages,
 * not in the page allocator's memory beside struct thread: under QEMU's TCG an FXSAVE there
 * cost many times more per switch (README: "Context switches and the x87/SSE state").
 */
static struct fpu_state first_thread_fpu[PLATFORM_MAX_CPUS];

static void prepare_stack(struct thread *t)
{
    uintptr_t *sp;
    t->fpu = (struct fpu_state *)(t->stack.top - sizeof(struct fpu_state));
    fpu_state_init(t->fpu);
    sp = (uintptr_t *)((uintptr_t)t->fpu - NEW_STACK_WORDS * 8);
    for (int i = 0; i < NEW_STACK_WORDS - 1; i++)
        sp[i] = 0;                              /* callee-saved registers; RBP = 0 */
    sp[NEW_STACK_WORDS - 1] = (uintptr_t)thread_entry;
    t->sp = (uintptr_t)sp;                      /* after the pops and ret, RSP = t->fpu: aligned */
}

void thread_init_cpu(struct cpu *c, const char *boot_thread_name)
{
    char name[THREAD_NAME_MAX];
    struct thread *t;
    ksnprintf(name, sizeof name, "%s/%u", boot_thread_name ? boot_thread_name : "idle", c->id);
    t = thread_alloc(c, name);
    t->state = THREAD_RUNNING;
    t->fpu = &first_thread_fpu[c->id];          /* its live state is saved at its first switch */
    c->current = t;
    c->online_tsc = platform_cycles();
    if (boot_thread_name) {
        struct thread *idle;
        t->all_next = c->threads;
        c->threads = t;
        ksnprintf(name, sizeof name, "idle/%u", c->id);
        idle = thread_alloc(c, name);
        idle->stack = kstack_alloc();
        idle->pooled_stack = true;
        idle->fn = idle_fn;
        idle->state = THREAD_RUNNABLE;
        prepare_stack(idle);
        c->idle = idle;
    } else {
        c->idle = t;
    }
}

struct thread *thread_create(const char *name, unsigned cpu_id, void (*fn)(void *), void *arg)
{
    struct cpu *c = cpu_by_id(cpu_id);
    struct thread *t = thread_alloc(c, name);
    uint64_t flags;
    t->fn = fn;
    t->arg = arg;
    t->stack = kstack_alloc();
    t->pooled_stack = true;
    prepare_stack(t);
    flags = spin_lock_irqsave(&c->rq_lock);
    t->all_next = c->threads;
    c->threads = t;
    make_runnable(c, t);
    spin_unlock_irqrestore(&c->rq_lock, flags);
    return t;
}

void thread_exit(void)
{
    struct thread *t = this_thread(), *joiner, **pp;
    struct cpu *c = t->cpu;

    if (t == c->idle)
        panic("thread_exit: the idle thread of CPU %u cannot exit", c->id);
    spin_lock(&t->join_lock);
    t->exited = true;
    joiner = t->joiner;
    spin_unlock(&t->join_lock);
    if (joiner)
        thread_wake(joiner);

    spin_lock_irqsave(&c->rq_lock);
    for (pp = &c->threads; *pp; pp = &(*pp)->all_next)
        if (*pp == t) {
            *pp = t->all_next;
            break;
        }
    t->state = THREAD_DEAD;
    schedule_locked(c);
    panic("thread_exit: dead thread '%s' was switched back to", t->name);
}

void thread_join(struct thread *t)
{
    struct thread *me = this_thread();
    if (t == me)
        panic("thread_join: thread '%s' joins itself", t->name);
    spin_lock(&t->join_lock);
    while (!t->exited) {
        t->joiner = me;
        thread_sleep_on(&t->join_lock, 0);
    }
    spin_unlock(&t->join_lock);
    /* t marks itself DEAD under its rq_lock, which stays held until the switch away from its
     * stack is complete; seeing DEAD under that lock means the stack is free to reuse. */
    for (;;) {
        uint64_t flags = spin_lock_irqsave(&t->cpu->rq_lock);
        bool dead = t->state == THREAD_DEAD;
        spin_unlock_irqrestore(&t->cpu->rq_lock, flags);
        if (dead)
            break;
        cpu_relax();
    }
    if (t->pooled_stack)
        kstack_free(t->stack);
    spin_destroy(&t->join_lock);
    page_free(t, 0);
}

void thread_yield(void)
{
    struct thread *t = this_thread();
    struct cpu *c = t->cpu;
    uint64_t flags = spin_lock_irqsave(&c->rq_lock);
    __atomic_fetch_and(&t->eval_breaker, ~THREAD_BREAKER_RESCHED, __ATOMIC_RELAXED);
    if (c->rq_head) {
        rq_append(c, t);
        schedule_locked(c);
    }
    spin_unlock_irqrestore(&c->rq_lock, flags);
}

/* Block the running thread; c->rq_lock held. */
static void block_locked(struct cpu *c, struct thread *t, uint64_t deadline_tsc)
{
    t->state = THREAD_BLOCKED;
    t->timed_out = false;
    t->wake_at = deadline_tsc;
    if (deadline_tsc)
        c->timed_sleepers++;
    schedule_locked(c);
}

void thread_sleep_on(struct spinlock *l, uint64_t deadline_tsc)
{
    struct thread *t = this_thread();
    struct cpu *c = t->cpu;
    uint64_t flags = spin_lock_irqsave(&c->rq_lock);
    spin_unlock(l);
    if (!deadline_tsc || platform_cycles() < deadline_tsc)
        block_locked(c, t, deadline_tsc);
    spin_unlock_irqrestore(&c->rq_lock, flags);
    spin_lock(l);
}

void thread_wake(struct thread *t)
{
    struct cpu *c = t->cpu;
    uint64_t flags = spin_lock_irqsave(&c->rq_lock);
    if (t->state == THREAD_BLOCKED)
        make_runnable(c, t);
    spin_unlock_irqrestore(&c->rq_lock, flags);
}

void thread_sleep_us(uint64_t us)
{
    struct thread *t = this_thread();
    struct cpu *c = t->cpu;
    uint64_t deadline = platform_cycles() + us * (tsc_hz() / 1000000);
    while (platform_cycles() < deadline) {
        uint64_t flags = spin_lock_irqsave(&c->rq_lock);
        block_locked(c, t, deadline);
        spin_unlock_irqrestore(&c->rq_lock, flags);
    }
}

bool thread_others_runnable(void)
{
    struct cpu *c = this_cpu();
    uint64_t flags = spin_lock_irqsave(&c->rq_lock);
    bool others = c->rq_head != NULL;
    spin_unlock_irqrestore(&c->rq_lock, flags);
    return others;
}

void thread_tick(void)
{
    struct cpu *c = this_cpu();
    spin_lock(&c->rq_lock);                     /* interrupts are off in the handler */
    if (c->timed_sleepers) {
        uint64_t now = platform_cycles();
        for (struct thread *t = c->threads; t; t = t->all_next)
            if (t->state == THREAD_BLOCKED && t->wake_at && now >= t->wake_at) {
                t->timed_out = true;
                make_runnable(c, t);
            }
    }
    if (c->rq_head && c->current != c->idle)    /* relaxed: see notify() */
        __atomic_fetch_or(&c->current->eval_breaker, THREAD_BREAKER_RESCHED, __ATOMIC_RELAXED);
    spin_unlock(&c->rq_lock);
    if (c->current->gil)
        gil_tick(c->current);                   /* the GIL holder's switch interval */
}

void thread_idle_loop(void)
{
    struct cpu *c = this_cpu();
    for (;;) {
        /* Before sleeping, hand the owners the cross-CPU frees this CPU batched, or their pages
         * stay pinned for as long as it idles. */
        heap_cpu_idle();
        uint64_t flags = spin_lock_irqsave(&c->rq_lock), t0;
        if (c->rq_head) {
            timer_idle_exit();
            schedule_locked(c);
            spin_unlock_irqrestore(&c->rq_lock, flags);
            continue;
        }
        timer_idle_enter();                     /* under rq_lock: timed_sleepers is stable */
        spin_unlock(&c->rq_lock);               /* interrupts stay off until the hlt */
        t0 = platform_cycles();
        c->halted_since = t0;
        /* sti's one-instruction shadow: an interrupt pending since the check wakes the hlt. */
        __asm__ volatile("sti; hlt; cli" ::: "memory");
        c->halted_since = 0;
        c->halted_cycles += platform_cycles() - t0;
        if (flags & (1u << 9))
            irq_enable();
    }
}

unsigned thread_count_on(struct cpu *c)
{
    unsigned n = 0;
    uint64_t flags = spin_lock_irqsave(&c->rq_lock);
    for (struct thread *t = c->threads; t; t = t->all_next)
        n++;
    spin_unlock_irqrestore(&c->rq_lock, flags);
    return n;
}

uint64_t thread_busy_percent(struct cpu *c)
{
    uint64_t now = platform_cycles(), since = c->halted_since;
    uint64_t total = now - c->online_tsc, halted = c->halted_cycles + (since ? now - since : 0);
    return total && halted < total ? (total - halted) * 100 / total : 0;
}
