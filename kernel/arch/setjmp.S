/*
 * kernel/arch/setjmp.S - ksetjmp/klongjmp for the test runner's catch points (tests/ktest.h).
 *
 * Buffer: rbx, rbp, r12, r13, r14, r15, rsp (after return), rip (return address), rflags.
 * RFLAGS is restored too, so unwinding out of an exception handler (entered with IF clear)
 * returns with interrupts as they were at ksetjmp.
 */
    .text
    .globl ksetjmp
ksetjmp:
    mov %rbx, 0(%rdi)
    mov %rbp, 8(%rdi)
    mov %r12, 16(%rdi)
    mov %r13, 24(%rdi)
    mov %r14, 32(%rdi)
    mov %r15, 40(%rdi)
    lea 8(%rsp), %rdx
    mov %rdx, 48(%rdi)
    mov (%rsp), %rdx
    mov %rdx, 56(%rdi)
    pushfq
    pop %rdx
    mov %rdx, 64(%rdi)
    xor %eax, %eax
    ret

    .globl klongjmp
klongjmp:
    mov %esi, %eax
    test %eax, %eax
    jnz 1f
    inc %eax                        /* klongjmp(buf, 0) returns 1, as longjmp does */
1:  mov 0(%rdi), %rbx
    mov 8(%rdi), %rbp
    mov 16(%rdi), %r12
    mov 24(%rdi), %r13
    mov 32(%rdi), %r14
    mov 40(%rdi), %r15
    mov 48(%rdi), %rsp
    pushq 64(%rdi)
    popfq
    jmp *56(%rdi)
