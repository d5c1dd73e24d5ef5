/*
 * kernel/timer.c - the tick handler (see timer.h). EOI first: the tick may switch threads inside
 * thread_tick(), and the next tick must not be held back until this thread runs again.
 */
#include "kernel/timer.h"
#include "kernel/lapic.h"
#include "kernel/percpu.h"
#include "kernel/thread.h"
#include "kernel/trap.h"

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
    lapic_timer_periodic(lapic_timer_hz, TIMER_HZ);
}
