/*
 * tests/host/gil_host.h - pthreads as CPUs for the hosted build of the spinlocks and the GIL
 * (kernel/sched/gil_platform.h lists what they need; tests/host/gil_host.c provides it).
 *
 * A pthread becomes a CPU running exactly one kernel-style thread with host_cpu_enter(): it gets
 * its own struct cpu (id = its platform_cpu_id() slot, which is also the spinlock owner id) and
 * struct thread, so this_thread(), t->cpu, the eval-breaker word and the GIL's per-thread state
 * work as in the kernel. Being one thread per CPU, a CPU's only way to wait is to "halt": a
 * futex wait on its wake-up word, which thread_wake() bumps and futex-wakes (the IPI), with the
 * sleep's deadline as the timeout (the tick). There is no holder's tick (gil_tick) unless a test
 * calls it on its own thread, as the kernel's tick interrupts the holder on its own CPU.
 */
#ifndef TESTS_HOST_GIL_HOST_H
#define TESTS_HOST_GIL_HOST_H

#include "kernel/sched/thread.h"

/* Make the calling pthread a CPU with one thread named `name`; returns that thread. */
struct thread *host_cpu_enter(const char *name);
/* Undo host_cpu_enter (the thread must hold no GIL and no spinlock). */
void host_cpu_exit(void);

#endif
