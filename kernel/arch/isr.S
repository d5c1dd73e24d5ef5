/*
 * kernel/arch/isr.S - entry stubs for all 256 interrupt vectors and the common trap path.
 *
 * Each stub is 16 bytes at isr_stubs + 16 * vector (kernel/arch/trap.c computes the addresses).
 * Vectors where the CPU pushes an error code (8, 10-14, 17, 21, 29, 30) skip the dummy push, so
 * every frame has the same layout, struct trap_frame in kernel/arch/trap.h. The CPU aligns RSP to
 * 16 before pushing its frame; 7 words from the CPU and the stub plus 15 saved registers keep RSP
 * 16-byte aligned at the call, as the ABI requires.
 */
    .text
    .balign 16
    .globl isr_stubs
isr_stubs:
    .set vec, 0
    .rept 256
    .balign 16
    .if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
    .else
    pushq $0
    .endif
    pushq $vec
    jmp trap_common
    .set vec, vec + 1
    .endr

trap_common:
    push %r15
    push %r14
    push %r13
    push %r12
    push %r11
    push %r10
    push %r9
    push %r8
    push %rbp
    push %rdi
    push %rsi
    push %rdx
    push %rcx
    push %rbx
    push %rax
    cld
    mov %rsp, %rdi
    call trap_dispatch
    pop %rax
    pop %rbx
    pop %rcx
    pop %rdx
    pop %rsi
    pop %rdi
    pop %rbp
    pop %r8
    pop %r9
    pop %r10
    pop %r11
    pop %r12
    pop %r13
    pop %r14
    pop %r15
    add $16, %rsp                   /* vector and error code */
    iretq
