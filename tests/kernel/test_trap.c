/*
 * tests/kernel/test_trap.c - deliberate CPU exceptions (tests/kernel/harness/crash.c), each
 * expected with EXPECT_PANIC: the report must name the exception and the faulting function (a
 * symbolized RIP), and the suite must go on afterwards. The stack-overflow test runs into the boot
 * stack's guard page. tools/test-fatal checks the same faults uncaught, end to end.
 */
#include "tests/kernel/harness/crash.h"
#include "kernel/arch/io.h"
#include "kernel/arch/trap.h"
#include "tests/ktest.h"

TEST(trap, invalid_opcode_is_reported)
{
    EXPECT_PANIC("invalid opcode (#UD) at crash_invalid_opcode+0x", crash_invalid_opcode());
}

TEST(trap, divide_error_is_reported)
{
    EXPECT_PANIC("divide error (#DE) at crash_divide_error+0x", crash_divide_error());
}

TEST(trap, null_dereference_is_a_page_fault)
{
    EXPECT_PANIC("page fault (#PF) at crash_null_read+0x", crash_null_read());
    EXPECT_PANIC("CR2 0x10", crash_null_read());
}

TEST(trap, breakpoint_without_handler_is_reported)
{
    EXPECT_PANIC("breakpoint (#BP) at crash_breakpoint+0x", crash_breakpoint());
}

TEST(trap, stack_overflow_hits_the_guard_page)
{
    EXPECT_PANIC("stack overflow into the guard page of the boot stack", crash_stack_overflow(0));
}

TEST(trap, unwinding_restores_the_interrupt_flag)
{
    /* Exceptions enter with IF clear; the catch point must restore the flags it saved. */
    uint64_t before = read_rflags() & (1u << 9);
    EXPECT_PANIC("invalid opcode", crash_invalid_opcode());
    EXPECT_EQ(read_rflags() & (1u << 9), before);
}
