/*
 * kernel/sched/gil_platform.h - what the spinlocks and the GIL take from the machine.
 *
 * kernel/sched/spinlock.c, kernel/sched/gil.c and kernel/sched/gil_stats.c build twice: in the
 * kernel, and hosted on Linux with pthreads playing the CPUs, so that ThreadSanitizer can check
 * their memory ordering (tests/host/tsan_gil.c, `make host-tsan-gil`). They reach the machine only
 * through:
 *
 *   interrupts  irq_save() / irq_restore(flags). Kernel: RFLAGS.IF, cli and sti. Hosted: no
 *               interrupt handler can run on a pthread "CPU" and take a lock, so both do nothing.
 *   spinning    cpu_relax(). Kernel: `pause`. Hosted: `pause` and sched_yield(): the test runs
 *               up to 8 pthreads on 2 host cores, and a ticket lock whose next owner is not
 *               running stalls every waiter until the host schedules it (TCG's vCPUs have the
 *               same problem, but there it is the host's business and the spin is short).
 *   threads     this_thread(), thread_sleep_on(), thread_wake(), thread_yield() and t->cpu->id,
 *               declared in kernel/sched/thread.h. Kernel: kernel/sched/thread.c, where a sleeping
 *               CPU halts until an IPI or its tick. Hosted: tests/host/gil_host.c, one struct cpu
 *               and one struct thread per pthread; `hlt` until the wake-up IPI becomes a futex wait
 *               until thread_wake()'s futex wake, and the tick becomes the wait's timeout.
 *   CPUs        platform_cpu_id() for the spinlock owner, percpu_online() for the statistics.
 *   time, text  platform_cycles(), platform_tsc_hz(), platform_log(), platform_snprintf(),
 *               platform_panic() and platform_symbolize() (mm/platform.h).
 *   settings    gil_boot_interval_us() (kernel/sched/gil.h). Kernel: the boot option
 *               gil.interval_us (kernel/sched/kinterp.c). Hosted: GIL_INTERVAL_US_DEFAULT.
 *
 * The kernel's own behaviour is unchanged by the split: every function here is what the kernel
 * code called before, under a name both builds provide.
 */
#ifndef KERNEL_GIL_PLATFORM_H
#define KERNEL_GIL_PLATFORM_H

#include <stdint.h>
#include "mm/platform.h"

#ifdef PLATFORM_HOSTED
#include <sched.h>

static inline void cpu_relax(void)
{
    __builtin_ia32_pause();
    sched_yield();
}

static inline uint64_t irq_save(void)
{
    return 0;
}

static inline void irq_restore(uint64_t flags)
{
    (void)flags;
}
#else
#include "kernel/arch/io.h"

#define RFLAGS_IF (1u << 9)

/* Interrupts off; returns the RFLAGS to hand back to irq_restore(). */
static inline uint64_t irq_save(void)
{
    uint64_t flags = read_rflags();
    irq_disable();
    return flags;
}

/* Interrupts back on if they were on at the matching irq_save(). */
static inline void irq_restore(uint64_t flags)
{
    if (flags & RFLAGS_IF)
        irq_enable();
}
#endif

/* Cycles to microseconds at the platform's TSC rate (kernel/arch/tsc.c's tsc_to_us, both
 * builds). */
static inline uint64_t platform_cycles_to_us(uint64_t cycles)
{
    uint64_t mhz = platform_tsc_hz() / 1000000;
    return mhz ? cycles / mhz : 0;
}

#endif
