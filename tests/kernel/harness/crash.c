/*
 * tests/kernel/harness/crash.c - deliberate faults (see crash.h). Every function is noinline and
 * noipa so it keeps its own name in backtraces, and every bad value comes through a volatile
 * variable so the compiler can neither reject nor fold the faulting operation.
 */
#include "tests/kernel/harness/crash.h"
#include "kernel/kprintf.h"
#include "kernel/panic.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "kernel/arch/tsc.h"
#include "mm/fence.h"
#include "mm/malloc.h"
#include "mm/platform.h"

#define CRASH_FN __attribute__((noinline, noipa))

static volatile int zero;
static volatile uintptr_t bad_address = 0x10;
static volatile int keep_recursing = 1;

CRASH_FN void crash_invalid_opcode(void)
{
    __asm__ volatile("ud2");
}

CRASH_FN int crash_divide_error(void)
{
    int r;
    __asm__ volatile("cltd; idivl %2" : "=a"(r) : "a"(1), "r"(zero) : "rdx");
    return r;
}

CRASH_FN int crash_null_read(void)
{
    return *(volatile int *)bad_address;
}

CRASH_FN void crash_breakpoint(void)
{
    __asm__ volatile("int3");
}

CRASH_FN int crash_stack_overflow(int depth)
{
    volatile char frame[512];
    frame[0] = (char)depth;
    if (!keep_recursing)
        return 0;
    return crash_stack_overflow(depth + 1) + frame[0];
}

/* A 64-byte block from the heap's sampler (boot with mm.fence=1), or a panic saying why not. */
static char *fence_block(const char *kind)
{
    char *p = kmalloc(CRASH_FENCE_BYTES);
    if (!fence_contains(p))
        panic("crash=%s: the block was not sampled (boot with mm.fence=1)", kind);
    return p;
}

/* Write one byte past the end of a sampled 64-byte block: the guard page traps the store. */
CRASH_FN void crash_fence_overflow(void)
{
    volatile char *p = fence_block("fence-oob");
    p[CRASH_FENCE_BYTES] = 1;
}

/* Read a sampled block after freeing it: its page is unmapped. */
CRASH_FN int crash_fence_use_after_free(void)
{
    volatile char *p = fence_block("fence-uaf");
    kfree((char *)p);
    return p[8];
}

/* Print without end and never reach a safe point: this thread keeps its CPU until stopped. */
static void chatter(void *arg)
{
    (void)arg;
    for (unsigned long line = 0;; line++)
        kprintf("chatter from CPU %u, line %lu\n", platform_cpu_id(), line);
}

static void panic_while_others_print(void *arg)
{
    (void)arg;
    tsc_delay_us(20000);   /* let the chatter get going first */
    panic("deliberate panic on CPU %u while the other CPUs print", platform_cpu_id());
}

/*
 * Every other CPU prints without pause while CPU 1 panics: the report must come out whole (the
 * console lock is held from its first line to its last) and the chatter must stop for good.
 */
CRASH_FN void crash_panic_beside_chatter(void)
{
    unsigned n = percpu_online();
    struct thread *victim;

    if (n < 2)
        panic("deliberate panic on CPU %u (no other CPU online)", platform_cpu_id());
    victim = thread_create("crash-panic", 1, panic_while_others_print, NULL);
    for (unsigned cpu = 0; cpu < n; cpu++)
        if (cpu != 1)
            thread_create("crash-chatter", cpu, chatter, NULL);
    thread_join(victim);   /* never returns: the panic ends the run */
}

void crash_by_name(const char *kind)
{
    if (strcmp(kind, "ud") == 0)
        crash_invalid_opcode();
    else if (strcmp(kind, "de") == 0)
        crash_divide_error();
    else if (strcmp(kind, "pf") == 0)
        crash_null_read();
    else if (strcmp(kind, "bp") == 0)
        crash_breakpoint();
    else if (strcmp(kind, "stack") == 0)
        crash_stack_overflow(0);
    else if (strcmp(kind, "panic") == 0)
        panic("deliberate panic (crash=panic)");
    else if (strcmp(kind, "smp-panic") == 0)
        crash_panic_beside_chatter();
    else if (strcmp(kind, "fence-oob") == 0)
        crash_fence_overflow();
    else if (strcmp(kind, "fence-uaf") == 0)
        crash_fence_use_after_free();
}
