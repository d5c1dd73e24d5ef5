/*
 * boot/entry.S - from GRUB's 32-bit protected mode to kmain() in 64-bit long mode.
 *
 * GRUB enters boot_entry32 with paging off, EAX = the multiboot2 magic and EBX = the physical
 * address of the boot information. We:
 *   1. check the CPU has long mode (report on COM1 and exit QEMU with failure if not);
 *   2. build identity-mapped page tables: the first BOOT_MAP_GIB GiB with 2 MiB pages, except the
 *      first 16 MiB (which hold the kernel image), mapped with 4 KiB pages so that single pages can
 *      be left unmapped: page 0 (NULL dereferences fault) and the guard page under the boot stack
 *      (a stack overflow faults instead of overwriting whatever lies below);
 *   3. enable PAE, long mode (EFER.LME) and paging with write protection, load a minimal GDT and
 *      far-jump into 64-bit code;
 *   4. call kmain(magic, info) on the boot stack with RBP = 0, which ends backtraces.
 *
 * The tables stay in use for the kernel's lifetime; APs load the same CR3 (boot_pml4).
 */
#include "boot/longmode.h"

#define BOOT_MAP_GIB     64          /* identity map covers 64 GiB of physical addresses */
#define BOOT_4K_PTS      8           /* 8 page tables x 2 MiB = the first 16 MiB in 4 KiB pages */
#define BOOT_STACK_SIZE  (32 * 1024)

#define PTE_PRESENT  0x1
#define PTE_WRITE    0x2
#define PTE_HUGE     0x80
#define COM1         0x3F8
#define QEMU_EXIT_PORT 0xF4
#define QEMU_EXIT_FAIL 0x11

    .code32
    .section .text.boot32, "ax"
    .globl boot_entry32
boot_entry32:
    cli
    cld
    mov $boot_stack_top, %esp
    mov %eax, %edi                  /* multiboot2 magic: first argument of kmain */
    mov %ebx, %esi                  /* boot information: second argument */

    /* Long mode present? CPUID 0x80000001 EDX bit 29. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    test $(1 << 29), %edx
    jz no_long_mode

    /* PML4[0] -> the PDPT. */
    mov $boot_pdpt, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    mov %eax, boot_pml4
    movl $0, boot_pml4 + 4

    /* PDPT[i] -> page directory i. */
    mov $boot_pd, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    xor %ecx, %ecx
1:  mov %eax, boot_pdpt(, %ecx, 8)
    movl $0, boot_pdpt + 4(, %ecx, 8)
    add $4096, %eax
    inc %ecx
    cmp $BOOT_MAP_GIB, %ecx
    jb 1b

    /* Page directory entry i maps the 2 MiB page at i << 21 (the high dword is i >> 11). */
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_PRESENT | PTE_WRITE | PTE_HUGE), %eax
    mov %eax, boot_pd(, %ecx, 8)
    mov %ecx, %edx
    shr $11, %edx
    mov %edx, boot_pd + 4(, %ecx, 8)
    inc %ecx
    cmp $(BOOT_MAP_GIB * 512), %ecx
    jb 2b

    /* The first 16 MiB in 4 KiB pages: page table entry j maps j << 12. */
    xor %ecx, %ecx
3:  mov %ecx, %eax
    shl $12, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    mov %eax, boot_pt(, %ecx, 8)
    movl $0, boot_pt + 4(, %ecx, 8)
    inc %ecx
    cmp $(BOOT_4K_PTS * 512), %ecx
    jb 3b
    mov $boot_pt, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    xor %ecx, %ecx
4:  mov %eax, boot_pd(, %ecx, 8)
    movl $0, boot_pd + 4(, %ecx, 8)
    add $4096, %eax
    inc %ecx
    cmp $BOOT_4K_PTS, %ecx
    jb 4b

    /* Leave page 0 and the boot stack's guard page unmapped. */
    movl $0, boot_pt
    mov $boot_stack_guard, %eax
    shr $12, %eax
    movl $0, boot_pt(, %eax, 8)

    ENABLE_LONG_MODE

    lgdt boot_gdt_ptr
    ljmp $0x08, $boot_entry64

no_long_mode:
    mov $no_long_mode_msg, %esi
    mov $COM1, %dx
5:  lodsb
    test %al, %al
    jz 6f
    out %al, %dx
    jmp 5b
6:  mov $QEMU_EXIT_PORT, %dx
    mov $QEMU_EXIT_FAIL, %al
    out %al, %dx
7:  hlt
    jmp 7b

    .code64
boot_entry64:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %eax, %eax
    mov %ax, %fs
    mov %ax, %gs
    mov $boot_stack_top, %rsp
    xor %ebp, %ebp
    mov %edi, %edi                  /* zero-extend both arguments */
    mov %esi, %esi
    call kmain
8:  cli
    hlt
    jmp 8b

    .section .rodata
no_long_mode_msg:
    .asciz "boot: this CPU has no 64-bit long mode; cannot start\r\n"

    .balign 16
    .globl boot_gdt
boot_gdt:
    .quad 0
    .quad 0x00209A0000000000        /* 0x08: 64-bit kernel code */
    .quad 0x0000920000000000        /* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .section .bss
    .balign 4096
    .globl boot_pml4, boot_pt, boot_stack_guard, boot_stack, boot_stack_top
boot_pml4:
    .skip 4096
boot_pdpt:
    .skip 4096
boot_pd:
    .skip 4096 * BOOT_MAP_GIB
boot_pt:
    .skip 4096 * BOOT_4K_PTS
boot_stack_guard:
    .skip 4096
boot_stack:
    .skip BOOT_STACK_SIZE
boot_stack_top:
