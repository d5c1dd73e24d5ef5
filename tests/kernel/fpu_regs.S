/*
 * tests/kernel/fpu_regs.S - fpu_hold_regs(in, out, fn): load xmm0-xmm15 from in[0..255] and one
 * x87 register from the double at in + 256, call fn() with all of them live, then store them to
 * out the same way. C cannot keep SSE registers live across a call (the ABI makes them
 * caller-saved, so the compiler spills them), so this is how tests/kernel/test_fpu.c holds
 * registers across a switch the way code interrupted by a preemptive switch would.
 */
    .text
    .globl fpu_hold_regs
fpu_hold_regs:
    push %rbp
    mov %rsp, %rbp
    push %rbx
    push %r12                       /* 3 pushes after the call's return address: RSP 16-aligned */
    mov %rsi, %rbx
    mov %rdx, %r12
    movdqu 0(%rdi), %xmm0
    movdqu 16(%rdi), %xmm1
    movdqu 32(%rdi), %xmm2
    movdqu 48(%rdi), %xmm3
    movdqu 64(%rdi), %xmm4
    movdqu 80(%rdi), %xmm5
    movdqu 96(%rdi), %xmm6
    movdqu 112(%rdi), %xmm7
    movdqu 128(%rdi), %xmm8
    movdqu 144(%rdi), %xmm9
    movdqu 160(%rdi), %xmm10
    movdqu 176(%rdi), %xmm11
    movdqu 192(%rdi), %xmm12
    movdqu 208(%rdi), %xmm13
    movdqu 224(%rdi), %xmm14
    movdqu 240(%rdi), %xmm15
    fldl 256(%rdi)
    call *%r12
    fstpl 256(%rbx)
    movdqu %xmm0, 0(%rbx)
    movdqu %xmm1, 16(%rbx)
    movdqu %xmm2, 32(%rbx)
    movdqu %xmm3, 48(%rbx)
    movdqu %xmm4, 64(%rbx)
    movdqu %xmm5, 80(%rbx)
    movdqu %xmm6, 96(%rbx)
    movdqu %xmm7, 112(%rbx)
    movdqu %xmm8, 128(%rbx)
    movdqu %xmm9, 144(%rbx)
    movdqu %xmm10, 160(%rbx)
    movdqu %xmm11, 176(%rbx)
    movdqu %xmm12, 192(%rbx)
    movdqu %xmm13, 208(%rbx)
    movdqu %xmm14, 224(%rbx)
    movdqu %xmm15, 240(%rbx)
    pop %r12
    pop %rbx
    pop %rbp
    ret
