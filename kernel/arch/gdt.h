/*
 * kernel/arch/gdt.h - per-CPU descriptor tables: a GDT with the kernel's code and data segments and
 * a TSS whose interrupt stack table (IST) gives the exceptions that must not run on a possibly
 * broken stack a known-good one of their own.
 */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include <stdint.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define TSS_SEL   0x18

/* IST slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLE_FAULT  1   /* a stack overflow turns a #PF into a #DF: needs its own stack */
#define IST_NMI           2
#define IST_PAGE_FAULT    3   /* so an overflow into a guard page is reported as such */
#define IST_MACHINE_CHECK 4
#define IST_COUNT         4
#define IST_STACK_SIZE    (16 * 1024)

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

struct cpu_tables {
    uint64_t gdt[5];          /* null, code, data, TSS (two slots) */
    struct tss tss;
} __attribute__((aligned(16)));

/* Fill `t` with the IST stack tops given (index 0 = IST 1) and load it on the running CPU. */
void cpu_tables_load(struct cpu_tables *t, const uintptr_t ist_top[IST_COUNT]);
/* The boot CPU's tables and IST stacks (static: they exist before any allocator). */
void gdt_init_boot_cpu(void);

#endif
