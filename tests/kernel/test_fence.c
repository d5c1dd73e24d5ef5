/*
 * tests/kernel/test_fence.c - the guard-page sampler's faults (mm/fence.c): with every
 * allocation sampled, a one-byte overflow, an underflow and a use after free each trap at the
 * faulting instruction, and the report names the kind, the faulting function, the offset, the
 * block's size and who allocated (and freed) it. The portable behaviour is tested in
 * tests/mm/test_fence.c; tools/test-fatal checks the same faults uncaught (crash=fence-oob,
 * crash=fence-uaf).
 */
#include "mm/fence.h"
#include "tests/ktest.h"
#include "tests/mm/fence_test.h"

/* The faulting accesses, out of line so the reports can name them. */
__attribute__((noinline, noipa)) static void fence_poke(volatile char *p, long i)
{
    p[i] = 1;
}

__attribute__((noinline, noipa)) static int fence_peek(volatile char *p, long i)
{
    return p[i];
}

TEST(fence, one_byte_overflow_traps_at_the_write)
{
    struct fence_test t;
    struct fence_stats before, after;
    fence_test_begin(&t, 1);
    fence_get_stats(&before);
    char *p = kmalloc(64);             /* here, so the report names this test as the allocator */
    ASSERT_TRUE(fence_contains(p));
    fence_poke(p, 63);                  /* the last byte is fine */
    EXPECT_PANIC("fence: out-of-bounds write at fence_poke+0x", fence_poke(p, 64));
    EXPECT_PANIC("1 byte right of a 64-byte block", fence_poke(p, 64));
    EXPECT_PANIC("(offset +64), allocated by ktest_fn_fence_one_byte_overflow", fence_poke(p, 64));
    EXPECT_PANIC("fence: out-of-bounds read at fence_peek+0x", fence_peek(p, 64 + 100));
    EXPECT_PANIC("101 bytes right of a 64-byte block", fence_peek(p, 64 + 100));
    fence_get_stats(&after);
    EXPECT_EQ(after.faults - before.faults, 5);
    kfree(p);
    fence_test_end(&t);
}

TEST(fence, underflow_of_a_page_sized_block_traps)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *p = fence_test_block(PAGE_SIZE);
    EXPECT_EQ((uintptr_t)p % PAGE_SIZE, 0);
    EXPECT_PANIC("fence: out-of-bounds read at fence_peek+0x", fence_peek(p, -1));
    EXPECT_PANIC("1 byte left of a 4096-byte block", fence_peek(p, -1));
    EXPECT_PANIC("(offset -1)", fence_peek(p, -1));
    kfree(p);
    fence_test_end(&t);
}

TEST(fence, use_after_free_traps_at_the_read)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *p = fence_test_block(48);
    p[8] = 42;
    EXPECT_EQ(fence_peek(p, 8), 42);
    kfree(p);
    EXPECT_PANIC("fence: use-after-free read at fence_peek+0x", fence_peek(p, 8));
    EXPECT_PANIC("offset +8 of a 48-byte block", fence_peek(p, 8));
    EXPECT_PANIC("freed by ktest_fn_fence_use_after_free", fence_peek(p, 8));
    EXPECT_PANIC("fence: use-after-free write at fence_poke+0x", fence_poke(p, 0));
    fence_test_end(&t);
}
