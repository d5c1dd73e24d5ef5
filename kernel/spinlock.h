/*
 * kernel/spinlock.h - fair (ticket) spinlocks with xv6-style ownership checks.
 *
 * A CPU takes a ticket (atomic fetch-add on `next`) and spins until `owner` reaches it, so CPUs
 * enter in arrival order. Debug checks are always on: acquiring a lock this CPU already holds and
 * releasing one it does not hold panic with the lock's name and both call sites.
 *
 * Context: spin_lock() may be used with interrupts on only if no interrupt handler takes the
 * same lock; spin_lock_irqsave() is the variant for locks interrupt handlers also take.
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
    uint64_t acquisitions, contended, spin_cycles;
};

#define SPINLOCK_INIT(lock_name) {0, 0, -1, 0, (lock_name), 0, 0, 0}

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
uint64_t spin_lock_irqsave(struct spinlock *l);      /* returns the saved RFLAGS */
void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags);
bool spin_holding(const struct spinlock *l);         /* held by this CPU? */

#endif
