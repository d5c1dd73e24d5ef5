/*
 * tests/kernel/harness/workload.c - the workloads (see workload.h).
 *
 * The object accesses go through volatile pointers so the compiler keeps every load and store of
 * the reference count, as an interpreter's would be: otherwise `refcnt++; refcnt--` folds away
 * and the loop measures nothing.
 */
#include "tests/kernel/harness/workload.h"
#include "kernel/arch/io.h"
#include "tests/kernel/harness/minivm.h"
#include "kernel/panic.h"

/* One interpreter step on o: take a reference, compute, drop it. */
static inline void step(volatile struct kobj *o, uint64_t n)
{
    o->refcnt++;
    o->value += n;
    o->refcnt--;
}

void wl_countdown(void *arg)
{
    struct wl_thread *w = arg;
    gil_acquire(&w->in->gil);
    w->made = kinterp_new(w->in, 0);
    w->start_tsc = platform_cycles();
    w->done = minivm_countdown(w->in, w->iterations, true);
    w->end_tsc = platform_cycles();
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

void wl_countdown_no_breaker(void *arg)
{
    struct wl_thread *w = arg;
    gil_acquire(&w->in->gil);
    w->made = kinterp_new(w->in, 0);
    w->start_tsc = platform_cycles();
    w->done = minivm_countdown(w->in, w->iterations, false);
    w->end_tsc = platform_cycles();
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

void wl_counter(void *arg)
{
    struct wl_thread *w = arg;
    volatile uint64_t *counter = w->counter;
    gil_acquire(&w->in->gil);
    w->start_tsc = platform_cycles();
    for (uint64_t i = 0; i < w->iterations; i++) {
        unsigned inside = __atomic_add_fetch(w->inside, 1, __ATOMIC_RELAXED);
        unsigned seen = __atomic_load_n(w->inside_max, __ATOMIC_RELAXED);
        while (inside > seen &&
               !__atomic_compare_exchange_n(w->inside_max, &seen, inside, false, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED))
            ;
        /* Read, pause, write: a non-atomic increment with a window wide enough that two CPUs
         * running it at once (GIL switched off) lose updates. */
        uint64_t v = *counter;
        cpu_relax();
        *counter = v + 1;
        __atomic_sub_fetch(w->inside, 1, __ATOMIC_RELAXED);
        gil_eval_breaker();
    }
    w->end_tsc = platform_cycles();
    w->done = w->iterations;
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

void wl_refcount(void *arg)
{
    struct wl_thread *w = arg;
    gil_acquire(&w->in->gil);
    w->start_tsc = platform_cycles();
    for (uint64_t i = 0; i < w->iterations; i++) {
        for (unsigned k = 0; k < w->nshared; k++)
            ((volatile struct kobj *)w->shared[k])->refcnt++;
        for (unsigned k = 0; k < w->nshared; k++)
            ((volatile struct kobj *)w->shared[k])->refcnt--;
        gil_eval_breaker();
    }
    w->end_tsc = platform_cycles();
    w->done = w->iterations;
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

void wl_cpu_until_stop(void *arg)
{
    struct wl_thread *w = arg;
    struct thread *me = this_thread();
    volatile struct kobj *o;
    uint64_t n = 0;
    gil_acquire(&w->in->gil);
    o = w->made = kinterp_new(w->in, 0);
    if (w->barrier) {
        /* Start together (per-core interpreters: each spins on its own CPU). */
        __atomic_add_fetch(w->barrier, 1, __ATOMIC_RELAXED);
        while (__atomic_load_n(w->barrier, __ATOMIC_RELAXED) < w->barrier_count)
            cpu_relax();
    }
    w->start_tsc = platform_cycles();
    while (!*w->stop) {
        step(o, n++);
        /* gil_eval_breaker(), timing the slow path: what the other threads cost this one. */
        if (__builtin_expect(__atomic_load_n(&me->eval_breaker, __ATOMIC_RELAXED) != 0, 0)) {
            uint64_t t0 = platform_cycles(), paused;
            gil_handle_eval_breaker(me);
            paused = platform_cycles() - t0;
            w->pause_cycles[w->npauses++ % WL_MAX_IO_ROUNDS] =
                paused > UINT32_MAX ? UINT32_MAX : (uint32_t)paused;
        }
    }
    w->end_tsc = platform_cycles();
    w->done = n;
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

void wl_io(void *arg)
{
    struct wl_thread *w = arg;
    volatile struct kobj *o;
    unsigned rounds = w->io_rounds < WL_MAX_IO_ROUNDS ? w->io_rounds : WL_MAX_IO_ROUNDS;
    gil_acquire(&w->in->gil);
    o = w->made = kinterp_new(w->in, 0);
    w->start_tsc = platform_cycles();
    w->nreacquire = 0;
    for (unsigned r = 0; r < rounds; r++) {
        uint64_t t0;
        for (uint64_t n = 0; n < w->work_per_round; n++) {
            step(o, n);
            gil_eval_breaker();
        }
        w->done += w->work_per_round;
        gil_blocking_begin();
        thread_sleep_us(w->io_us);
        t0 = platform_cycles();
        gil_blocking_end();
        w->reacquire_cycles[w->nreacquire++] = (uint32_t)(platform_cycles() - t0);
    }
    w->end_tsc = platform_cycles();
    gil_release(&w->in->gil);
    w->held_cycles = this_thread()->gil_held_cycles;
}

void wl_start(struct wl_thread *w, const char *name, void (*fn)(void *))
{
    w->thread = thread_create(name, w->cpu, fn, w);
}

void wl_join(struct wl_thread *w)
{
    thread_join(w->thread);
    w->thread = NULL;
}
