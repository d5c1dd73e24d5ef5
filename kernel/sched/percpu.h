/*
 * kernel/sched/percpu.h - per-CPU data reached through the GS base.
 *
 * Every CPU owns one struct cpu; its GS base register (MSR IA32_GS_BASE) holds the struct's
 * address, and the struct's first word points to itself, so this_cpu() is one `mov %gs:0`.
 * The kernel never loads a GS selector after boot and has no user mode (no swapgs), so the base
 * stays put for the CPU's lifetime. Threads are pinned to the CPU that created them, so a thread
 * may cache this_cpu() across context switches.
 *
 * CPU ids are dense (0 .. percpu_online()-1, boot CPU 0) because mm/ sizes its per-CPU caches by
 * platform_cpu_count(); a CPU that fails to start is skipped and does not take an id.
 */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/arch/gdt.h"
#include "kernel/sched/spinlock.h"
#include "mm/platform.h"

struct thread;

/* Offsets fixed for assembly: boot/trampoline.S reads stack_top. */
#define CPU_OFFSET_SELF      0
#define CPU_OFFSET_CURRENT   8
#define CPU_OFFSET_STACK_TOP 16

enum cpu_state { CPU_ABSENT, CPU_STARTING, CPU_ONLINE, CPU_FAILED };

struct cpu {
    struct cpu *self;               /* %gs:0 */
    struct thread *current;         /* %gs:8: the thread running here */
    uintptr_t stack_top;            /* %gs:16: AP start-up stack (becomes its idle thread's) */
    unsigned id;                    /* dense index, 0 = boot CPU */
    uint32_t apic_id;
    int state;                      /* enum cpu_state; written with release by the AP */
    struct cpu_tables tables;       /* GDT + TSS (APs; the boot CPU keeps gdt.c's static one) */
    uintptr_t ist_top[IST_COUNT];
    char stack_name[24], ist_name[IST_COUNT][24];

    /* Scheduler (kernel/sched/thread.c); rq_lock is taken with interrupts off. */
    struct spinlock rq_lock;
    struct thread *rq_head, *rq_tail;   /* runnable threads, FIFO */
    struct thread *threads;             /* every live thread pinned here */
    struct thread *idle;
    unsigned timed_sleepers;            /* blocked threads with a wake-up deadline */
    uint64_t context_switches;

    /* Interrupt counters (kernel/sched/timer.c, kernel/arch/ipi.c). */
    uint64_t ticks, ipis_received;
    bool tick_stopped;                  /* tickless idle (kernel/sched/timer.c) */
    uint64_t online_tsc, halted_cycles; /* for the busy share: time not halted since online */
    uint64_t halted_since;              /* TSC at the current hlt, 0 when running */
};

#ifdef PLATFORM_HOSTED
/* Hosted (pthreads as CPUs, tests/host/gil_host.c): the calling pthread's struct cpu. */
struct cpu *this_cpu(void);
#else
static inline struct cpu *this_cpu(void)
{
    struct cpu *c;
    __asm__("mov %%gs:0, %0" : "=r"(c));
    return c;
}
#endif

/* Set up the boot CPU's struct cpu and GS base; first thing in kmain (spinlocks need it). */
void percpu_init_boot(void);
/* Point this CPU's GS base at c. */
void percpu_install(struct cpu *c);
/* A fresh struct cpu for an AP about to start, or NULL when all SMP_MAX_CPUS are used. */
struct cpu *percpu_alloc(uint32_t apic_id);
/* Give c the next dense id and count it online (boot CPU, after the AP reported in). */
void percpu_mark_online(struct cpu *c);
/* The online CPU with this id (0 <= id < percpu_online()). */
struct cpu *cpu_by_id(unsigned id);
unsigned percpu_online(void);

#define SMP_MAX_CPUS 32

#endif
