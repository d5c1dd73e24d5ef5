/*
 * boot/trampoline.S - where an application processor starts: real mode -> long mode.
 *
 * A SIPI starts an AP in 16-bit real mode at CS:IP = (page << 8):0, so this code is copied to
 * SMP_TRAMPOLINE_BASE (below 1 MiB, kept out of the page allocator by kernel/memory.h) and every
 * address it uses for itself is computed as SMP_TRAMPOLINE_BASE + (label - trampoline_start).
 * References to the kernel (boot_pml4, ap_main) are ordinary absolute addresses: the kernel is
 * linked and identity-mapped at its physical address below 4 GiB.
 *
 *   16-bit: load the trampoline's GDT, set CR0.PE, far jump to 32-bit code;
 *   32-bit: PAE, CR3 = boot_pml4 (the kernel's own tables), EFER.LME, CR0.PG|WP, far jump;
 *   64-bit: read our LAPIC id, look up our struct cpu in the table the boot CPU filled
 *           (trampoline_cpus[apic id]), take its stack_top, call ap_main(cpu).
 * A per-APIC-id table (not one shared parameter block) means an AP that arrives after the boot CPU
 * gave up on it finds a NULL entry and halts, instead of using the next AP's stack.
 *
 * GDT: 0x08 64-bit code and 0x10 data match kernel/arch/gdt.c, so loading the real per-CPU GDT
 * later needs no far return; 0x18 is the 32-bit code segment used only here.
 */
#define SMP_TRAMPOLINE_BASE 0x8000
#define T(label) (SMP_TRAMPOLINE_BASE + ((label) - trampoline_start))
#define CPU_OFFSET_STACK_TOP 16
#define LAPIC_ID_REG_OFFSET 0x20
#include "boot/longmode.h"

    .section .rodata
    .balign 16
    .globl trampoline_start, trampoline_end, trampoline_cpus, trampoline_lapic_base
trampoline_start:
    .code16
    cli
    cld
    xor %ax, %ax
    mov %ax, %ds
    lgdtl T(tramp_gdt_ptr)
    mov %cr0, %eax
    or $CR0_PE, %eax
    mov %eax, %cr0
    ljmpl $0x18, $T(tramp_32)

    .code32
tramp_32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    ENABLE_LONG_MODE
    ljmp $0x08, $T(tramp_64)

    .code64
tramp_64:
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    mov T(trampoline_lapic_base), %rbx
    mov LAPIC_ID_REG_OFFSET(%rbx), %eax
    shr $24, %eax
    mov T(trampoline_cpus)(, %rax, 8), %rdi
    test %rdi, %rdi
    jz tramp_park
    mov CPU_OFFSET_STACK_TOP(%rdi), %rsp
    xor %ebp, %ebp
    movabs $ap_main, %rax
    call *%rax
tramp_park:
    cli
    hlt
    jmp tramp_park

    .balign 8
tramp_gdt:
    .quad 0
    .quad 0x00209A0000000000        /* 0x08: 64-bit code */
    .quad 0x00CF92000000FFFF        /* 0x10: flat data */
    .quad 0x00CF9A000000FFFF        /* 0x18: flat 32-bit code */
tramp_gdt_end:
tramp_gdt_ptr:
    .short tramp_gdt_end - tramp_gdt - 1
    .long T(tramp_gdt)
    .balign 8
trampoline_lapic_base:
    .quad 0
trampoline_cpus:
    .skip 8 * 256
trampoline_end:
