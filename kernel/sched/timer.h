/*
 * kernel/sched/timer.h - the per-CPU tick: each CPU's LAPIC timer in periodic mode at TIMER_HZ.
 *
 * The tick drives timed waits (a thread blocked with a deadline, such as a GIL waiter timing its
 * switch interval, is made runnable once the deadline passes) and asks the running thread to
 * yield at its next safe point when another thread is runnable on this CPU (kernel/sched/thread.c).
 * Deadlines are kept in TSC cycles, so their precision is the tick: 1 / TIMER_HZ.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ 1000

void timer_init(void);                          /* register the handler (boot CPU) */
void timer_start_cpu(uint64_t lapic_timer_hz);  /* start this CPU's tick */
/*
 * Tickless idle: a CPU with no threads at all (only its idle thread) has nothing for the tick to
 * do, and under TCG every tick of every halted vCPU costs host time the busy vCPUs need. The idle
 * loop stops the tick before `hlt` (a thread created there arrives with a wake-up IPI) and
 * restarts it when it has work again. CPUs with blocked threads keep ticking.
 */
void timer_idle_enter(void);
void timer_idle_exit(void);

#endif
