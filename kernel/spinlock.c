/*
 * kernel/spinlock.c - ticket locks (see spinlock.h).
 *
 * Ordering: taking a ticket needs no ordering by itself; the acquire load of `owner` that sees
 * our ticket pairs with the release store of `owner` in spin_unlock(), so everything the previous
 * holder wrote inside the critical section is visible to us once we are in.
 */
#include "kernel/spinlock.h"
#include "kernel/io.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "mm/platform.h"

void spin_init(struct spinlock *l, const char *name)
{
    *l = (struct spinlock)SPINLOCK_INIT(name);
}

bool spin_holding(const struct spinlock *l)
{
    return __atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED) == (int)platform_cpu_id() &&
           __atomic_load_n(&l->owner, __ATOMIC_RELAXED) != __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

static void lock_at(struct spinlock *l, uintptr_t pc)
{
    uint32_t ticket;
    char here[96], there[96];

    if (spin_holding(l))
        panic("spinlock '%s': CPU %u acquires it again at %s; it already holds it since %s",
              l->name, platform_cpu_id(), ksym_format(pc, here, sizeof here),
              ksym_format(l->holder_pc, there, sizeof there));
    ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    /* Paired with the release store of owner in spin_unlock(). */
    if (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
        uint64_t start = platform_cycles();
        while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
            cpu_relax();
        l->contended++;
        l->spin_cycles += platform_cycles() - start;
    }
    l->acquisitions++;
    l->holder_cpu = (int)platform_cpu_id();
    l->holder_pc = pc;
}

static void unlock_at(struct spinlock *l, uintptr_t pc)
{
    char here[96];
    if (!spin_holding(l))
        panic("spinlock '%s': CPU %u releases it at %s but does not hold it (holder: CPU %d)",
              l->name, platform_cpu_id(), ksym_format(pc, here, sizeof here), l->holder_cpu);
    l->holder_cpu = -1;
    /* Paired with the acquire loads of owner in lock_at(): publishes the critical section. */
    __atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

void spin_lock(struct spinlock *l)
{
    lock_at(l, CALLER_ADDR());
}

void spin_unlock(struct spinlock *l)
{
    unlock_at(l, CALLER_ADDR());
}

uint64_t spin_lock_irqsave(struct spinlock *l)
{
    uint64_t flags = read_rflags();
    irq_disable();
    lock_at(l, CALLER_ADDR());
    return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
    unlock_at(l, CALLER_ADDR());
    if (flags & (1u << 9))   /* RFLAGS.IF */
        irq_enable();
}
