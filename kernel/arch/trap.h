/*
 * kernel/arch/trap.h - the IDT, interrupt handler registration and CPU-exception reports.
 *
 * Every vector enters through kernel/arch/isr.S and reaches trap_dispatch() with a struct
 * trap_frame. A vector with a registered handler runs it; an exception (vectors 0-31) without one
 * is fatal: trap_report() prints the exception's name, error code, RIP, CR2, the general registers,
 * which stack it happened on (naming a guard page hit as a stack overflow) and a symbolized
 * backtrace, then ends like panic() (so a test can expect it with EXPECT_PANIC).
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

struct trap_frame {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;   /* pushed by the CPU */
};

#define VEC_PAGE_FAULT 14

typedef void (*trap_handler_fn)(struct trap_frame *tf);

void idt_init(void);                 /* build the shared IDT (once, on the boot CPU) */
void idt_load(void);                 /* load it on the running CPU */
void trap_set_handler(unsigned vector, trap_handler_fn fn);
void trap_dispatch(struct trap_frame *tf);

/* The exception's short name ("page fault (#PF)"), or "interrupt" above 31. */
const char *trap_name(unsigned vector);

/*
 * Register a stack so reports can name it: [base, top) is the stack, and guard (when not 0) is the
 * unmapped page below it. Up to TRAP_MAX_STACKS stacks.
 */
#define TRAP_MAX_STACKS 320
void trap_register_stack(const char *name, uintptr_t base, uintptr_t top, uintptr_t guard);
/* The name of the registered stack containing addr, or NULL. *in_guard tells a guard-page hit. */
const char *trap_stack_of(uintptr_t addr, int *in_guard);

#endif
