/*
 * kernel/sched/kstack.h - kernel stacks with an unmapped guard page below each.
 *
 * The stacks live in a pool inside the kernel image, which boot/entry.S maps with 4 KiB pages
 * (the first 16 MiB), so a guard page is made by clearing one PTE. All guards are cleared once at
 * boot, before any AP starts, so no other CPU can hold a stale TLB entry for them and no TLB
 * shoot-down is ever needed. An overflow faults on the guard; the #PF handler runs on its own IST
 * stack and the report names the stack (every slot is registered with trap_register_stack).
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <stdint.h>

#define KSTACK_SIZE  (64 * 1024) /* the interpreter nests C calls (dunder slots, callbacks) */
#define KSTACK_SLOTS 96

struct kstack {
    uintptr_t base, top, guard;
    int slot;
};

/* Unmap every guard page and register the stacks (boot CPU, before the APs start). */
void kstack_init(void);
/* A free stack, or panic naming the pool when all KSTACK_SLOTS are in use. */
struct kstack kstack_alloc(void);
void kstack_free(struct kstack s);
unsigned kstack_in_use(void);

#endif
