/*
 * kernel/sched/timer.c - the tick handler (see timer.h). EOI first: the tick may switch threads
 * inside thread_tick(), and the next tick must not be held back until this thread runs again.
 */
#include "kernel/sched/timer.h"
#include "kernel/arch/lapic.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/smp.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/trap.h"

static void tick_handler(struct trap_frame *tf)
{
    (void)tf;
    lapic_eoi();
    this_cpu()->ticks++;
    thread_tick();
}

void timer_init(void)
{
    trap_set_handler(VEC_TIMER, tick_handler);
}

void timer_start_cpu(uint64_t lapic_timer_hz)
{
    this_cpu()->tick_stopped = false;
    lapic_timer_periodic(lapic_timer_hz, TIMER_HZ);
}

void timer_idle_enter(void)
{
    struct cpu *c = this_cpu();
    if (!c->tick_stopped && !c->timed_sleepers && !c->threads) {
        lapic_timer_stop();
        c->tick_stopped = true;
    }
}

void timer_idle_exit(void)
{
    struct cpu *c = this_cpu();
    if (c->tick_stopped)
        timer_start_cpu(smp_lapic_timer_hz());
}
