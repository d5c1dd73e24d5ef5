/*
 * kernel/sched/spinlock.h - fair (ticket) spinlocks with xv6-style ownership checks and statistics.
 *
 * A CPU takes a ticket (atomic fetch-add on `next`) and spins until `owner` reaches it, so CPUs
 * enter in arrival order (no starvation, unlike a test-and-set lock). Spinning is a plain load
 * plus `pause`, never a locked instruction, so waiters share the cache line read-only until the
 * release writes it.
 *
 * Debug checks are always on: acquiring a lock this CPU already holds and releasing one it does
 * not hold panic with the lock's name and both call sites (this one and the holder's acquire).
 * Ownership is per CPU, not per thread: kernel threads never switch while holding a spinlock
 * (kernel/sched/thread.h), except the run-queue lock, which is handed over across the switch on one
 * CPU.
 *
 * Statistics, updated by the holder inside the critical section (so plain increments suffice):
 * acquisitions, contended acquisitions (the ticket was not served at once), cycles spent spinning
 * and the longest single spin. Every lock that has been acquired at least once is on a registry
 * that `locks` prints (spin_print_stats); a lock in memory that is about to be freed must be
 * taken off with spin_destroy().
 *
 * Builds in the kernel and hosted (pthreads as CPUs, under ThreadSanitizer: tests/host/
 * tsan_gil.c); the machine is reached only through kernel/sched/gil_platform.h.
 *
 * Context: spin_lock() may be used with interrupts on only if no interrupt handler takes the
 * same lock; spin_lock_irqsave() is the variant for locks interrupt handlers also take.
 *
 * This is the kernel's lock. The only others are where it cannot serve: the registry's own bare
 * ticket lock (spinlock.c: a struct spinlock registers itself on first use), the console and panic
 * locks (kernel/console/smp_console.c: this lock's debug checks print through them, and a panic
 * while printing must still print), and mm/'s heap lock (portable code that reaches the machine
 * only through mm/platform.h).
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct spinlock {
    uint32_t next;              /* next ticket to hand out */
    uint32_t owner;             /* ticket now allowed in */
    int holder_cpu;             /* -1 when free */
    uintptr_t holder_pc;        /* where the holder acquired it */
    const char *name;
    uint64_t acquisitions, contended, spin_cycles, max_spin_cycles;
    struct spinlock *registry_next;
    bool registered;
};

#define SPINLOCK_INIT(lock_name) {.holder_cpu = -1, .name = (lock_name)}

void spin_init(struct spinlock *l, const char *name);
void spin_destroy(struct spinlock *l);               /* off the registry; must not be held */
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_trylock(struct spinlock *l);               /* true when taken (no spinning) */
uint64_t spin_lock_irqsave(struct spinlock *l);      /* returns the saved RFLAGS */
void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags);
bool spin_holding(const struct spinlock *l);         /* held by this CPU? */

/* Console `locks`: one line per registered lock with its counters. */
void spin_print_stats(void);
/* Zero every registered lock's counters (for measurements). */
void spin_reset_stats(void);

#endif
