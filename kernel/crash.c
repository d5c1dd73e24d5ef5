/*
 * kernel/crash.c - deliberate faults (see crash.h). Every function is noinline and noipa so it
 * keeps its own name in backtraces, and every bad value comes through a volatile variable so the
 * compiler can neither reject nor fold the faulting operation.
 */
#include "kernel/crash.h"
#include "kernel/panic.h"
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
}
