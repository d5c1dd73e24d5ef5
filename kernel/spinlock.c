/*
 * kernel/spinlock.c - ticket locks (see spinlock.h).
 *
 * Ordering: taking a ticket needs no ordering by itself; the acquire load of `owner` that sees
 * our ticket pairs with the release store of `owner` in unlock_at(), so everything the previous
 * holder wrote inside the critical section is visible to us once we are in.
 *
 * The registry is a singly linked list under its own small lock (registry.lock, a bare ticket lock
 * with interrupts off): it cannot be a struct spinlock, whose first acquisition registers it.
 */
#include "kernel/spinlock.h"
#include "kernel/io.h"
#include "kernel/kprintf.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "mm/platform.h"

#define RFLAGS_IF (1u << 9)

static struct {
    uint32_t next, owner;       /* bare ticket lock guarding the list */
    struct spinlock *head;
} registry;

static uint64_t registry_lock(void)
{
    uint64_t flags = read_rflags();
    uint32_t ticket;
    irq_disable();
    ticket = __atomic_fetch_add(&registry.next, 1, __ATOMIC_RELAXED);
    /* Paired with the release store in registry_unlock(). */
    while (__atomic_load_n(&registry.owner, __ATOMIC_ACQUIRE) != ticket)
        cpu_relax();
    return flags;
}

static void registry_unlock(uint64_t flags)
{
    /* Paired with the acquire load in registry_lock(). */
    __atomic_store_n(&registry.owner, registry.owner + 1, __ATOMIC_RELEASE);
    if (flags & RFLAGS_IF)
        irq_enable();
}

/* Called by the holder on its first acquisition, so `registered` needs no atomics. */
static void register_lock(struct spinlock *l)
{
    uint64_t flags = registry_lock();
    l->registry_next = registry.head;
    registry.head = l;
    l->registered = true;
    registry_unlock(flags);
}

void spin_init(struct spinlock *l, const char *name)
{
    *l = (struct spinlock)SPINLOCK_INIT(name);
}

void spin_destroy(struct spinlock *l)
{
    uint64_t flags;
    if (__atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED) != -1)
        panic("spinlock '%s': destroyed while CPU %d holds it", l->name, l->holder_cpu);
    if (!l->registered)
        return;
    flags = registry_lock();
    for (struct spinlock **pp = &registry.head; *pp; pp = &(*pp)->registry_next)
        if (*pp == l) {
            *pp = l->registry_next;
            break;
        }
    l->registered = false;
    registry_unlock(flags);
}

bool spin_holding(const struct spinlock *l)
{
    return __atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED) == (int)platform_cpu_id() &&
           __atomic_load_n(&l->owner, __ATOMIC_RELAXED) != __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

static void check_not_holding(struct spinlock *l, uintptr_t pc)
{
    char here[96], there[96];
    if (spin_holding(l))
        panic("spinlock '%s': CPU %u acquires it again at %s; it already holds it since %s",
              l->name, platform_cpu_id(), ksym_format(pc, here, sizeof here),
              ksym_format(l->holder_pc, there, sizeof there));
}

static void entered(struct spinlock *l, uintptr_t pc)
{
    l->acquisitions++;
    l->holder_cpu = (int)platform_cpu_id();
    l->holder_pc = pc;
    if (!l->registered)
        register_lock(l);
}

static void lock_at(struct spinlock *l, uintptr_t pc)
{
    uint32_t ticket;
    check_not_holding(l, pc);
    ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
    /* Paired with the release store of owner in unlock_at(). */
    if (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
        uint64_t start = platform_cycles(), spun;
        while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
            cpu_relax();
        spun = platform_cycles() - start;
        l->contended++;
        l->spin_cycles += spun;
        if (spun > l->max_spin_cycles)
            l->max_spin_cycles = spun;
    }
    entered(l, pc);
}

static void unlock_at(struct spinlock *l, uintptr_t pc)
{
    char here[96], there[96];
    if (!spin_holding(l)) {
        int holder = __atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED);
        if (holder < 0)
            panic("spinlock '%s': CPU %u releases it at %s but nobody holds it (last acquired "
                  "at %s)", l->name, platform_cpu_id(), ksym_format(pc, here, sizeof here),
                  l->holder_pc ? ksym_format(l->holder_pc, there, sizeof there) : "never");
        panic("spinlock '%s': CPU %u releases it at %s but CPU %d holds it (acquired at %s)",
              l->name, platform_cpu_id(), ksym_format(pc, here, sizeof here), holder,
              ksym_format(l->holder_pc, there, sizeof there));
    }
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

bool spin_trylock(struct spinlock *l)
{
    uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
    uint32_t expected = owner;
    check_not_holding(l, CALLER_ADDR());
    /* Take ticket `owner` only if it is the next one to be handed out: the lock is free. The
     * acquire on success pairs with the release store of owner in unlock_at(). */
    if (!__atomic_compare_exchange_n(&l->next, &expected, owner + 1, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
        return false;
    entered(l, CALLER_ADDR());
    return true;
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
    if (flags & RFLAGS_IF)
        irq_enable();
}

void spin_print_stats(void)
{
    uint64_t flags = registry_lock(), mhz = platform_tsc_hz() / 1000000;
    kprintf("  %-22s %12s %10s %14s %12s %9s\n", "lock", "acquisitions", "contended",
            "spin cycles", "max spin", "holder");
    for (struct spinlock *l = registry.head; l; l = l->registry_next)
        kprintf("  %-22s %12lu %10lu %14lu %9lu us %9d\n", l->name, (unsigned long)l->acquisitions,
                (unsigned long)l->contended, (unsigned long)l->spin_cycles,
                (unsigned long)(mhz ? l->max_spin_cycles / mhz : 0), l->holder_cpu);
    registry_unlock(flags);
}

void spin_reset_stats(void)
{
    uint64_t flags = registry_lock();
    for (struct spinlock *l = registry.head; l; l = l->registry_next)
        l->acquisitions = l->contended = l->spin_cycles = l->max_spin_cycles = 0;
    registry_unlock(flags);
}
