/*
 * kernel/arch/gdt.c - building and loading the per-CPU GDT and TSS (see gdt.h).
 *
 * The code and data descriptors match boot/entry.S's, so loading a new GDT needs no segment
 * reload; only the task register changes. Each CPU needs its own TSS because a TSS descriptor is
 * marked busy when loaded, and because the IST stacks must be per CPU.
 */
#include "kernel/arch/gdt.h"
#include "kernel/arch/trap.h"

#define GDT_CODE64 0x00209A0000000000ULL
#define GDT_DATA   0x0000920000000000ULL
#define TSS_TYPE_AVAILABLE_64 0x89ULL

static struct cpu_tables boot_cpu_tables;
static uint8_t boot_ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(4096)));

void cpu_tables_load(struct cpu_tables *t, const uintptr_t ist_top[IST_COUNT])
{
    uintptr_t base = (uintptr_t)&t->tss;
    uint64_t limit = sizeof(struct tss) - 1;
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) gdtr = {sizeof t->gdt - 1, (uintptr_t)t->gdt};

    for (int i = 0; i < IST_COUNT; i++)
        t->tss.ist[i] = ist_top[i];
    t->tss.iomap_base = sizeof(struct tss); /* no I/O permission bitmap */
    t->gdt[0] = 0;
    t->gdt[1] = GDT_CODE64;
    t->gdt[2] = GDT_DATA;
    t->gdt[3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (TSS_TYPE_AVAILABLE_64 << 40) |
                (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    t->gdt[4] = base >> 32;
    __asm__ volatile("lgdt %0" ::"m"(gdtr));
    __asm__ volatile("ltr %w0" ::"r"((uint16_t)TSS_SEL));
}

void gdt_init_boot_cpu(void)
{
    uintptr_t tops[IST_COUNT];
    static const char *const names[IST_COUNT] = {"boot #DF stack", "boot NMI stack",
                                                 "boot #PF stack", "boot #MC stack"};
    for (int i = 0; i < IST_COUNT; i++) {
        tops[i] = (uintptr_t)boot_ist_stacks[i] + IST_STACK_SIZE;
        trap_register_stack(names[i], (uintptr_t)boot_ist_stacks[i], tops[i], 0);
    }
    cpu_tables_load(&boot_cpu_tables, tops);
}
