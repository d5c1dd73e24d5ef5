/*
 * kernel/arch/switch.S - switch_to(save_sp, next_sp): save the callee-saved registers on the
 * current stack, store the stack pointer in *save_sp, load next_sp and restore the next thread's
 * registers. The caller-saved registers are the compiler's business (this is an ordinary call),
 * RFLAGS.IF is the scheduler's (it switches with interrupts off). A new thread's stack is prepared
 * by kernel/sched/thread.c to "return" into thread_entry with RBP = 0, which ends backtraces.
 */
    .text
    .globl switch_to, thread_entry
switch_to:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

thread_entry:
    call thread_start               /* never returns */
    ud2
