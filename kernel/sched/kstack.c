/*
 * kernel/sched/kstack.c - the guarded stack pool (see kstack.h). A bitmap under a spinlock; the
 * pool is small and stacks are taken only when threads or CPUs start, never on a hot path.
 */
#include "kernel/sched/kstack.h"
#include "kernel/arch/io.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/sched/spinlock.h"
#include "kernel/arch/trap.h"
#include "mm/platform.h"

#define KSTACK_SLOT_BYTES (PAGE_SIZE + KSTACK_SIZE)   /* guard page, then the stack */

extern uint64_t boot_pt[];      /* boot/entry.S: PTEs for the first 16 MiB */

static struct {
    struct spinlock lock;
    uint64_t used[(KSTACK_SLOTS + 63) / 64];
    unsigned in_use;
    char names[KSTACK_SLOTS][20];
} pool = {.lock = SPINLOCK_INIT("kernel stack pool")};

static uint8_t stacks[KSTACK_SLOTS][KSTACK_SLOT_BYTES] __attribute__((aligned(4096)));

static struct kstack slot_stack(int i)
{
    uintptr_t guard = (uintptr_t)stacks[i];
    return (struct kstack){guard + PAGE_SIZE, guard + KSTACK_SLOT_BYTES, guard, i};
}

void kstack_init(void)
{
    for (int i = 0; i < KSTACK_SLOTS; i++) {
        struct kstack s = slot_stack(i);
        if (s.top > (16u << 20))
            panic("kstack_init: stack %d at 0x%lx is above the 4 KiB-mapped 16 MiB", i,
                  (unsigned long)s.base);
        boot_pt[s.guard >> PAGE_SHIFT] = 0;
        invlpg(s.guard);
        ksnprintf(pool.names[i], sizeof pool.names[i], "kernel stack %d", i);
        trap_register_stack(pool.names[i], s.base, s.top, s.guard);
    }
}

struct kstack kstack_alloc(void)
{
    uint64_t flags = spin_lock_irqsave(&pool.lock);
    for (int i = 0; i < KSTACK_SLOTS; i++) {
        if (!(pool.used[i / 64] & (1ULL << (i % 64)))) {
            pool.used[i / 64] |= 1ULL << (i % 64);
            pool.in_use++;
            spin_unlock_irqrestore(&pool.lock, flags);
            return slot_stack(i);
        }
    }
    spin_unlock_irqrestore(&pool.lock, flags);
    panic("kstack_alloc: all %d kernel stacks are in use", KSTACK_SLOTS);
}

void kstack_free(struct kstack s)
{
    uint64_t flags = spin_lock_irqsave(&pool.lock);
    if (s.slot < 0 || s.slot >= KSTACK_SLOTS || !(pool.used[s.slot / 64] & (1ULL << (s.slot % 64)))) {
        spin_unlock_irqrestore(&pool.lock, flags);
        panic("kstack_free: stack slot %d is not in use", s.slot);
    }
    pool.used[s.slot / 64] &= ~(1ULL << (s.slot % 64));
    pool.in_use--;
    spin_unlock_irqrestore(&pool.lock, flags);
}

unsigned kstack_in_use(void)
{
    return __atomic_load_n(&pool.in_use, __ATOMIC_RELAXED);
}
