/*
 * tests/kernel/test_trap.c - deliberate CPU exceptions, each expected with EXPECT_PANIC: the
 * report must name the exception and the faulting function (symbolized RIP), and the suite must
 * go on afterwards. The stack-overflow test runs into the boot stack's guard page.
 */
#include "kernel/trap.h"
#include "tests/ktest.h"

static volatile int zero;
/* Through a volatile variable, so the compiler neither rejects nor folds the bad access. */
static volatile uintptr_t bad_address = 0x10;
static volatile int keep_recursing = 1;

__attribute__((noinline, noipa)) static void trigger_invalid_opcode(void)
{
    __asm__ volatile("ud2");
}

__attribute__((noinline, noipa)) static int trigger_divide_error(void)
{
    int r;
    /* An explicit div: the compiler may not fold or reorder it away. */
    __asm__ volatile("cltd; idivl %2" : "=a"(r) : "a"(1), "r"(zero) : "rdx");
    return r;
}

__attribute__((noinline, noipa)) static int trigger_null_read(void)
{
    return *(volatile int *)bad_address;
}

__attribute__((noinline, noipa)) static void trigger_breakpoint(void)
{
    __asm__ volatile("int3");
}

__attribute__((noinline, noipa)) static int recurse_forever(int depth)
{
    volatile char frame[512];
    frame[0] = (char)depth;
    if (!keep_recursing)
        return 0;
    return recurse_forever(depth + 1) + frame[0];
}

TEST(trap, invalid_opcode_is_reported)
{
    EXPECT_PANIC("invalid opcode (#UD) at trigger_invalid_opcode+0x", trigger_invalid_opcode());
}

TEST(trap, divide_error_is_reported)
{
    EXPECT_PANIC("divide error (#DE) at trigger_divide_error+0x", trigger_divide_error());
}

TEST(trap, null_dereference_is_a_page_fault)
{
    EXPECT_PANIC("page fault (#PF) at trigger_null_read+0x", trigger_null_read());
    EXPECT_PANIC("CR2 0x10", trigger_null_read());
}

TEST(trap, breakpoint_without_handler_is_reported)
{
    EXPECT_PANIC("breakpoint (#BP) at trigger_breakpoint+0x", trigger_breakpoint());
}

TEST(trap, stack_overflow_hits_the_guard_page)
{
    EXPECT_PANIC("stack overflow into the guard page of the boot stack", recurse_forever(0));
}

TEST(trap, suite_survives_faults)
{
    /* Runs after the faulting tests: interrupts state and stack are back to normal. */
    EXPECT_EQ(zero, 0);
    EXPECT_TRUE(trap_name(14)[0] == 'p');
}
