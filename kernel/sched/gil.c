/*
 * kernel/sched/gil.c - acquire, release and the requested drop. The policy (CPython's switching
 * rules, FIFO hand-off, the convoy-effect shortcut and how long a waiter spins before it halts)
 * is described in gil.h, where users of the API read it; this file implements it.
 *
 * Builds in the kernel and hosted (pthreads as CPUs, under ThreadSanitizer: tests/host/
 * tsan_gil.c); it reaches the machine only through kernel/sched/gil_platform.h.
 */
#include "kernel/sched/gil.h"
#include "kernel/sched/gil_platform.h"

/*
 * A field that lock-free readers load relaxed (spin_briefly, gil_held, gil_tick: see "Memory
 * ordering" in gil.h) is still written only under g->lock, but as a relaxed atomic store, so a
 * reader sees a whole value and the C memory model (and ThreadSanitizer) sees no data race. On
 * x86 it is the same plain mov.
 */
#define STORE_RELAXED(field, value) __atomic_store_n(&(field), (value), __ATOMIC_RELAXED)

static uint64_t us_to_cycles(uint64_t us)
{
    return us * (platform_tsc_hz() / 1000000);
}

void gil_init(struct gil *g, const char *name)
{
    memset(g, 0, sizeof *g);
    g->name = name;
    platform_snprintf(g->lock_name, sizeof g->lock_name, "gil %s", name);
    spin_init(&g->lock, g->lock_name);
    g->interval_us = gil_boot_interval_us();
    g->interval_cycles = us_to_cycles(g->interval_us);
    g->enabled = true;
    g->force_switching = true;
    g->io_priority = true;
}

static void enqueue(struct gil *g, struct thread *t)
{
    t->gil_next = NULL;
    t->gil_waiting = true;
    if (g->wait_tail)
        g->wait_tail->gil_next = t;
    else
        g->wait_head = t;
    g->wait_tail = t;
    g->nwaiters++;
    t->gil_wait_tsc = platform_cycles();
    if (g->wait_head == t)
        __atomic_store_n(&g->oldest_wait_tsc, t->gil_wait_tsc, __ATOMIC_RELAXED);
}

static void dequeue(struct gil *g, struct thread *t)
{
    struct thread **pp = &g->wait_head, *prev = NULL;
    while (*pp != t) {
        prev = *pp;
        pp = &(*pp)->gil_next;
    }
    *pp = t->gil_next;
    if (g->wait_tail == t)
        g->wait_tail = prev;
    t->gil_waiting = false;
    g->nwaiters--;
    /* Read relaxed by gil_tick(): a stale value only moves one tick's request by a tick. */
    __atomic_store_n(&g->oldest_wait_tsc, g->wait_head ? g->wait_head->gil_wait_tsc : 0,
                     __ATOMIC_RELAXED);
}

/* g->lock held; the lock becomes t's. */
static void take_locked(struct gil *g, struct thread *t, uint64_t now)
{
    if (g->last_drop_requested && t == g->last_holder)
        g->stats.retakes_after_request++;
    if (t != g->last_holder)
        g->switch_number++;
    STORE_RELAXED(g->holder, t);
    STORE_RELAXED(g->hold_start, now);
    STORE_RELAXED(g->holder_running, true);
    g->last_drop_requested = false;
    g->stats.acquisitions++;
    g->stats.cpu[t->cpu->id].acquisitions++;
    /* A request aimed at an earlier hold of ours is stale. Relaxed: the bit is set and cleared
     * only under g->lock (request_drop_locked, here, drop_locked), which orders them. */
    __atomic_fetch_and(&t->eval_breaker, ~THREAD_BREAKER_GIL_DROP, __ATOMIC_RELAXED);
}

/* g->lock held, g->holder set: ask it to drop at its next safe point. */
static void request_drop_locked(struct gil *g, struct thread *requester, uint64_t now, bool early)
{
    if (!g->drop_requested) {
        g->drop_requested = true;
        g->request_tsc = now;
        g->requester = requester;
        g->requester_early = early;
        g->stats.drop_requests++;
        g->stats.early_requests += early;
    } else if (early && !g->requester_early) {
        /* A returning I/O thread outranks a CPU-bound requester: it gets the hand-off. */
        g->requester = requester;
        g->requester_early = true;
        g->stats.early_requests++;
    }
    /* Read relaxed by gil_eval_breaker(); the drop that follows takes g->lock. */
    __atomic_fetch_or(&g->holder->eval_breaker, THREAD_BREAKER_GIL_DROP, __ATOMIC_RELAXED);
}

/*
 * How long a thread that gives way to the I/O-bound thread io should spin for it to hand back:
 * io's last hold (its work between two waits) GIL_HANDBACK_HOLDS times over, plus the usual
 * brief spin for the hand-off itself, and never more than the shortcut's own bound (a longer
 * hold makes io CPU-bound at its next wait). g->lock held.
 */
static uint64_t handback_spin_cycles(struct gil *g, struct thread *io)
{
    uint64_t bound = g->interval_cycles / GIL_IO_SHORT_HOLD_DIV;
    uint64_t expect = us_to_cycles(GIL_SPIN_US) + io->gil_last_hold * GIL_HANDBACK_HOLDS;
    return expect < bound ? expect : bound;
}

/* How long an I/O-bound thread that asked for the drop at once spins for the hand-off. */
static uint64_t early_spin_cycles(uint64_t interval)
{
    uint64_t spin = us_to_cycles(GIL_EARLY_SPIN_US), bound = interval / GIL_IO_SHORT_HOLD_DIV;
    return spin < bound ? spin : bound;
}

/* g->lock held by the holder t: give the GIL up, handing it on where the rules say so. */
static void drop_locked(struct gil *g, struct thread *t, bool requested)
{
    uint64_t now = platform_cycles(), held = now - g->hold_start;
    struct thread *next = NULL;

    g->stats.hold_cycles += held;
    g->stats.cpu[t->cpu->id].hold_cycles += held;
    __atomic_fetch_and(&t->eval_breaker, ~THREAD_BREAKER_GIL_DROP, __ATOMIC_RELAXED);
    STORE_RELAXED(g->holder, NULL);
    g->last_holder = t;
    g->drop_tsc = now;
    g->last_drop_requested = requested;
    t->gil_last_hold = held;
    t->gil_held_cycles += held;
    t->gil_handback_cycles = 0;
    if (requested && g->requester_early && g->requester->gil_waiting) {
        next = g->requester;                    /* the convoy rule: I/O first */
        t->gil_handback_cycles = handback_spin_cycles(g, next);
        g->stats.io_handoffs++;
    } else if (g->nwaiters >= GIL_FIFO_MIN_WAITERS) {
        next = g->wait_head;                    /* the longest waiter */
        g->stats.fifo_handoffs++;
    } else if (requested && g->force_switching && g->wait_head) {
        next = g->wait_head;                    /* the only waiter */
    }
    if (requested && next) {
        next->gil_handoff_request_tsc = g->request_tsc;
        next->gil_handoff_drop_tsc = now;
        g->stats.forced_switches++;
    }
    g->drop_requested = false;
    g->requester_early = false;
    g->requester = NULL;
    if (next) {
        dequeue(g, next);
        take_locked(g, next, now);
        STORE_RELAXED(g->holder_running, false);    /* until next runs: see gil_acquire */
        STORE_RELAXED(next->gil_granted, true);
        thread_wake(next);
    } else if (g->wait_head) {
        thread_wake(g->wait_head);
    }
}

static void record(struct gil_latency *l, uint64_t cycles)
{
    l->cycles[l->count % GIL_LATENCY_SAMPLES] = cycles > UINT32_MAX ? UINT32_MAX : (uint32_t)cycles;
    l->count++;
}

/* Spin (no locked instructions, no lock) while the holder runs elsewhere and might let go.
 * Returns false when another thread of this CPU wants to run (the scheduler's RESCHED bit,
 * which stays set until we yield): the caller must stop spinning and sleep. */
static bool spin_briefly(struct gil *g, struct thread *t, uint64_t until)
{
    /* Relaxed reads: a hint only; the caller re-checks under g->lock, whose acquire pairs with
     * the release in the dropper's spin_unlock. */
    while (platform_cycles() < until) {
        struct thread *h = __atomic_load_n(&g->holder, __ATOMIC_RELAXED);
        if (__atomic_load_n(&t->eval_breaker, __ATOMIC_RELAXED) & THREAD_BREAKER_RESCHED)
            return false;
        if (!h || h == t || __atomic_load_n(&t->gil_granted, __ATOMIC_RELAXED))
            return true;
        cpu_relax();
    }
    return true;
}

void gil_acquire(struct gil *g)
{
    struct thread *t = this_thread();
    uint64_t start = platform_cycles(), interval, deadline, seen_switch, spin_until, now, waited;
    bool early;

    t->gil = g;
    if (!__atomic_load_n(&g->enabled, __ATOMIC_RELAXED))
        return;
    spin_lock(&g->lock);
    if (g->holder == t)
        platform_panic("gil_acquire: thread '%s' already holds the GIL '%s'", t->name, g->name);
    if (!g->holder && !g->nwaiters) {
        take_locked(g, t, start);
        g->stats.cpu[t->cpu->id].wait_cycles += platform_cycles() - start;
        spin_unlock(&g->lock);
        return;
    }
    g->stats.contended++;
    enqueue(g, t);
    interval = us_to_cycles(g->interval_us);
    early = g->io_priority && t->gil_released_for_io &&
            t->gil_last_hold < interval / GIL_IO_SHORT_HOLD_DIV;
    deadline = early ? start : start + interval;
    seen_switch = g->switch_number;
    /* A wait known to be short is spun, not slept (see "Waiting" in gil.h): we asked for the
     * drop at once (the holder gives way at its next back-edge), or we just gave way to an
     * I/O-bound thread, which hands back after a hold about as short as its last one. */
    if ((early || t->gil_handback_cycles) && thread_others_runnable())
        spin_until = start + us_to_cycles(GIL_SPIN_US);     /* they need this CPU more */
    else if (early)
        spin_until = start + early_spin_cycles(interval);
    else if (t->gil_handback_cycles)
        spin_until = start + t->gil_handback_cycles;
    else
        spin_until = start + us_to_cycles(GIL_SPIN_US);
    t->gil_handback_cycles = 0;
    for (;;) {
        if (t->gil_granted)
            break;                              /* handed to us (FIFO or forced switch) */
        /* A free GIL goes to the head of the queue; an I/O-bound thread (early) may take it
         * out of turn, as it may ask for a drop at once (the convoy rule). */
        if (!g->holder && (g->nwaiters < GIL_FIFO_MIN_WAITERS || g->wait_head == t || early ||
                           !g->force_switching)) {
            dequeue(g, t);
            take_locked(g, t, platform_cycles());
            break;
        }
        now = platform_cycles();
        if (g->switch_number != seen_switch) {
            /* The GIL changed hands: CPython restarts the interval (take_gil's switch_number).
             * We count it from the new hold's start, not from when we noticed: a waiter halted
             * until its old deadline would otherwise let the new holder keep the GIL for up to
             * two intervals, and which holders got the long turns would follow the phase of the
             * waiters' timers, not the policy. An I/O-bound waiter keeps its shortcut: the
             * new holder may well be CPU-bound. */
            seen_switch = g->switch_number;
            deadline = early ? now : g->hold_start + interval;
        } else if (now >= deadline && g->holder && !early &&
                   (!g->holder_running || now - g->hold_start < interval)) {
            /* A holder we handed the GIL to gets a whole interval from when its CPU runs it:
             * a slow wake-up (a halted vCPU on a busy host) must not shorten its turn. */
            deadline = (g->holder_running ? g->hold_start : now) + interval;
        } else if (now >= deadline && g->holder) {
            request_drop_locked(g, t, now, early);
            deadline = now + interval;
        }
        if (now < spin_until && g->holder && g->holder->cpu != t->cpu) {
            spin_unlock(&g->lock);
            if (!spin_briefly(g, t, spin_until < deadline ? spin_until : deadline))
                spin_until = 0;                 /* this CPU is wanted: sleep from now on */
            spin_lock(&g->lock);
            continue;
        }
        /* A deadline already past (the GIL is free but the queue's head is to take it, or a
         * switch restarted an interval that has run out) must not turn the sleep into a spin:
         * on a CPU shared with the head that spin would keep the head from ever running. */
        thread_sleep_on(&g->lock, deadline > now ? deadline : now + interval);
    }
    now = platform_cycles();
    if (t->gil_granted) {
        /* The hold starts when we run, not at the hand-off: a slow wake-up must not make an
         * I/O-bound thread look CPU-bound. */
        STORE_RELAXED(g->hold_start, now);
        STORE_RELAXED(g->holder_running, true);
    }
    STORE_RELAXED(t->gil_granted, false);
    t->gil_released_for_io = false;
    if (t->gil_handoff_drop_tsc) {
        record(&g->stats.request_to_drop, t->gil_handoff_drop_tsc - t->gil_handoff_request_tsc);
        record(&g->stats.drop_to_running, now - t->gil_handoff_drop_tsc);
        record(&g->stats.request_to_running, now - t->gil_handoff_request_tsc);
        t->gil_handoff_drop_tsc = 0;
    }
    waited = now - start;
    g->stats.wait_cycles += waited;
    g->stats.cpu[t->cpu->id].wait_cycles += waited;
    spin_unlock(&g->lock);
}

void gil_release(struct gil *g)
{
    struct thread *t = this_thread();
    if (!__atomic_load_n(&g->enabled, __ATOMIC_RELAXED))
        return;
    spin_lock(&g->lock);
    if (g->holder != t)
        platform_panic("gil_release: thread '%s' releases the GIL '%s' held by '%s'", t->name, g->name,
              g->holder ? g->holder->name : "nobody");
    g->stats.voluntary_releases++;
    drop_locked(g, t, false);
    t->gil_released_for_io = true;
    spin_unlock(&g->lock);
}

void gil_blocking_begin(void)
{
    gil_release(this_thread()->gil);
}

void gil_blocking_end(void)
{
    gil_acquire(this_thread()->gil);
}

bool gil_held(const struct gil *g)
{
    return __atomic_load_n(&g->holder, __ATOMIC_RELAXED) == this_thread();
}

/* A safe point found a reason to stop: let other threads here run, and drop if asked. */
void gil_handle_eval_breaker(struct thread *t)
{
    uint32_t bits = __atomic_load_n(&t->eval_breaker, __ATOMIC_RELAXED);
    struct gil *g = t->gil;

    if (bits & THREAD_BREAKER_RESCHED)
        thread_yield();
    if (!(bits & THREAD_BREAKER_GIL_DROP) || !g)
        return;
    spin_lock(&g->lock);
    if (g->holder != t || (!g->drop_requested && !g->nwaiters)) {
        /* stale: the request was for an earlier hold, or its tick's waiter has gone */
        __atomic_fetch_and(&t->eval_breaker, ~THREAD_BREAKER_GIL_DROP, __ATOMIC_RELAXED);
        spin_unlock(&g->lock);
        return;
    }
    if (!g->drop_requested) {           /* the request came from our own tick (gil_tick) */
        g->drop_requested = true;
        g->request_tsc = platform_cycles();
        g->stats.drop_requests++;
        g->stats.tick_requests++;
    }
    drop_locked(g, t, true);
    t->gil_released_for_io = false;
    spin_unlock(&g->lock);
    gil_acquire(g);
}

/*
 * The holder's own clock: called by the tick (kernel/sched/thread.c, thread_tick) on the CPU
 * running t, in interrupt context, so it takes no lock (t may hold g->lock right now). It sets t's
 * drop request once t has run for an interval while the oldest waiter has waited one. It reads
 * relaxed: it interrupts t itself, so t cannot drop or re-take meanwhile; a bit set just as t
 * drops is cleared at the next take (take_locked) or found stale (gil_handle_eval_breaker).
 */
void gil_tick(struct thread *t)
{
    struct gil *g = t->gil;
    uint64_t now, interval, oldest;

    if (!g || __atomic_load_n(&g->holder, __ATOMIC_RELAXED) != t ||
        !__atomic_load_n(&g->holder_running, __ATOMIC_RELAXED))
        return;
    oldest = __atomic_load_n(&g->oldest_wait_tsc, __ATOMIC_RELAXED);
    if (!oldest)
        return;
    now = platform_cycles();
    interval = __atomic_load_n(&g->interval_cycles, __ATOMIC_RELAXED);
    if (now - oldest >= interval &&
        now - __atomic_load_n(&g->hold_start, __ATOMIC_RELAXED) >= interval)
        __atomic_fetch_or(&t->eval_breaker, THREAD_BREAKER_GIL_DROP, __ATOMIC_RELAXED);
}

void gil_set_interval_us(struct gil *g, uint64_t us)
{
    spin_lock(&g->lock);
    g->interval_us = us ? us : 1;
    __atomic_store_n(&g->interval_cycles, us_to_cycles(g->interval_us), __ATOMIC_RELAXED);
    spin_unlock(&g->lock);
}

void gil_set_io_priority(struct gil *g, bool on)
{
    spin_lock(&g->lock);
    g->io_priority = on;
    spin_unlock(&g->lock);
}

void gil_set_enabled(struct gil *g, bool on)
{
    __atomic_store_n(&g->enabled, on, __ATOMIC_RELAXED);
}

void gil_set_force_switching(struct gil *g, bool on)
{
    spin_lock(&g->lock);
    g->force_switching = on;
    spin_unlock(&g->lock);
}
