/*
 * boot/longmode.h - the step from 32-bit protected mode into long mode, shared by the boot CPU's
 * entry (boot/entry.S) and the APs' trampoline (boot/trampoline.S), so every CPU enters on
 * the same page tables with the same control bits. Assembly only.
 */
#ifndef BOOT_LONGMODE_H
#define BOOT_LONGMODE_H

#define CR0_PE   (1 << 0)
#define CR0_WP   (1 << 16)      /* write protection applies to the kernel too */
#define CR0_PG   (1 << 31)
#define CR4_PAE  (1 << 5)
#define MSR_EFER 0xC0000080
#define EFER_LME (1 << 8)

/*
 * PAE, CR3 = boot_pml4, EFER.LME, then paging: afterwards the CPU is in long mode's
 * compatibility submode and a far jump to a 64-bit code segment finishes the switch.
 * Clobbers EAX, ECX, EDX.
 */
.macro ENABLE_LONG_MODE
    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    wrmsr
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP | CR0_PE), %eax
    mov %eax, %cr0
.endm

#endif
