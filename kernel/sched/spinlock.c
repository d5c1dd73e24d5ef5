/*
 * kernel/sched/spinlock.c - ticket locks (see spinlock.h). Builds in the kernel and hosted
 * (pthreads as CPUs, under ThreadSanitizer): it reaches the machine only through
 * kernel/sched/gil_platform.h.
 *
 * Ordering: taking a ticket needs no ordering by itself; the acquire load of `owner` that sees
 * our ticket pairs with the release store of `owner` in unlock_at(), so everything the previous
 * holder wrote inside the critical section is visible to us once we are in.
 *
 * The ownership fields (holder_cpu, holder_pc) are written by the holder and read by any CPU's
 * debug check (spin_holding, the panic reports), so they are relaxed atomics: a reader on another
 * CPU needs no ordering, since it only asks "is it me?" (the holder's own writes are always
 * visible to itself) or names a holder in a report. The counters are written by the holder only,
 * inside the critical section, as relaxed atomic stores of value + 1 (a plain mov on x86, no
 * locked instruction), so spin_print_stats() may read them relaxed while the lock is busy.
 *
 * The registry is a singly linked list under its own small lock (registry.lock, a bare ticket lock
 * with interrupts off): it cannot be a struct spinlock, whose first acquisition registers it.
 */
#include "kernel/sched/spinlock.h"
#include "kernel/sched/gil_platform.h"

static struct {
    uint32_t next, owner;       /* bare ticket lock guarding the list */
    struct spinlock *head;
} registry;

static uint64_t registry_lock(void)
{
    uint64_t flags = irq_save();
    uint32_t ticket = __atomic_fetch_add(&registry.next, 1, __ATOMIC_RELAXED);
    /* Paired with the release store in registry_unlock(). */
    while (__atomic_load_n(&registry.owner, __ATOMIC_ACQUIRE) != ticket)
        cpu_relax();
    return flags;
}

static void registry_unlock(uint64_t flags)
{
    /* Paired with the acquire load in registry_lock(). */
    __atomic_store_n(&registry.owner, registry.owner + 1, __ATOMIC_RELEASE);
    irq_restore(flags);
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
        platform_panic("spinlock '%s': destroyed while CPU %d holds it", l->name,
                       __atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED));
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

/* Only the holder writes the counters (see the top); readers elsewhere load them relaxed. */
static inline void count(uint64_t *counter, uint64_t add)
{
    __atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + add, __ATOMIC_RELAXED);
}

static uintptr_t holder_pc(const struct spinlock *l)
{
    return __atomic_load_n(&l->holder_pc, __ATOMIC_RELAXED);
}

static void check_not_holding(struct spinlock *l, uintptr_t pc)
{
    char here[96], there[96];
    if (spin_holding(l))
        platform_panic("spinlock '%s': CPU %u acquires it again at %s; it already holds it "
                       "since %s", l->name, platform_cpu_id(),
                       platform_symbolize(pc, here, sizeof here),
                       platform_symbolize(holder_pc(l), there, sizeof there));
}

static void entered(struct spinlock *l, uintptr_t pc)
{
    count(&l->acquisitions, 1);
    __atomic_store_n(&l->holder_cpu, (int)platform_cpu_id(), __ATOMIC_RELAXED);
    __atomic_store_n(&l->holder_pc, pc, __ATOMIC_RELAXED);
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
        count(&l->contended, 1);
        count(&l->spin_cycles, spun);
        if (spun > __atomic_load_n(&l->max_spin_cycles, __ATOMIC_RELAXED))
            __atomic_store_n(&l->max_spin_cycles, spun, __ATOMIC_RELAXED);
    }
    entered(l, pc);
}

static void unlock_at(struct spinlock *l, uintptr_t pc)
{
    char here[96], there[96];
    if (!spin_holding(l)) {
        int holder = __atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED);
        uintptr_t where = holder_pc(l);
        if (holder < 0)
            platform_panic("spinlock '%s': CPU %u releases it at %s but nobody holds it (last "
                           "acquired at %s)", l->name, platform_cpu_id(),
                           platform_symbolize(pc, here, sizeof here),
                           where ? platform_symbolize(where, there, sizeof there) : "never");
        platform_panic("spinlock '%s': CPU %u releases it at %s but CPU %d holds it (acquired "
                       "at %s)", l->name, platform_cpu_id(),
                       platform_symbolize(pc, here, sizeof here), holder,
                       platform_symbolize(where, there, sizeof there));
    }
    __atomic_store_n(&l->holder_cpu, -1, __ATOMIC_RELAXED);
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
    /* Acquire: paired with the release store of owner in unlock_at(). The pair must be on
     * `owner`: the CAS below reads `next`, which only ticket takers write, so an acquire there
     * would order us after the last CPU that queued, not after the last one that released.
     * (ThreadSanitizer found this: the hosted trylock test lost increments' ordering.) */
    uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
    uint32_t expected = owner;
    check_not_holding(l, CALLER_ADDR());
    /* Take ticket `owner` only if it is the next one to be handed out: the lock is free, and
     * the owner value we loaded is the release that freed it. */
    if (!__atomic_compare_exchange_n(&l->next, &expected, owner + 1, false, __ATOMIC_RELAXED,
                                     __ATOMIC_RELAXED))
        return false;
    entered(l, CALLER_ADDR());
    return true;
}

uint64_t spin_lock_irqsave(struct spinlock *l)
{
    uint64_t flags = irq_save();
    lock_at(l, CALLER_ADDR());
    return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
    unlock_at(l, CALLER_ADDR());
    irq_restore(flags);
}

void spin_print_stats(void)
{
    uint64_t flags = registry_lock();
    platform_log("  %-22s %12s %10s %14s %12s %9s\n", "lock", "acquisitions", "contended",
                 "spin cycles", "max spin", "holder");
    for (struct spinlock *l = registry.head; l; l = l->registry_next)
        platform_log("  %-22s %12lu %10lu %14lu %9lu us %9d\n", l->name,
                     (unsigned long)__atomic_load_n(&l->acquisitions, __ATOMIC_RELAXED),
                     (unsigned long)__atomic_load_n(&l->contended, __ATOMIC_RELAXED),
                     (unsigned long)__atomic_load_n(&l->spin_cycles, __ATOMIC_RELAXED),
                     (unsigned long)platform_cycles_to_us(
                         __atomic_load_n(&l->max_spin_cycles, __ATOMIC_RELAXED)),
                     __atomic_load_n(&l->holder_cpu, __ATOMIC_RELAXED));
    registry_unlock(flags);
}

void spin_reset_stats(void)
{
    uint64_t flags = registry_lock();
    /* Racing with a holder's count() can lose that one update: these are measurements. */
    for (struct spinlock *l = registry.head; l; l = l->registry_next) {
        __atomic_store_n(&l->acquisitions, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&l->contended, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&l->spin_cycles, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&l->max_spin_cycles, 0, __ATOMIC_RELAXED);
    }
    registry_unlock(flags);
}
