/*
 * tests/mm/test_fence.c - the guard-page sampler (mm/fence.c), in the kernel and hosted alike:
 * which allocations are sampled, that sampled blocks behave as any block (contents, usable
 * size, alignment, realloc into and out of the pool), and the checks made at free (slack
 * canary, double free, pointers that are not a block's start). The faults themselves (overflow
 * into the guard page, use after free) are tested in the kernel: tests/kernel/test_fence.c.
 * Every test ends with the sample rate it started with and the heap back at its baseline.
 */
#include "tests/mm/fence_test.h"

#include "mm/fence.h"
#include "tests/ktest.h"

#define POOL_SLOTS 255

void fence_test_begin(struct fence_test *t, unsigned every)
{
    struct heap_stats s;
    heap_get_stats(&s);
    t->bytes_in_use = s.bytes_in_use;
    t->live = s.nallocs - s.nfrees;
    t->rate_before = fence_sample_rate();
    if (!fence_set_sample_rate(every))
        ktest_skip("no memory for the fence pool");
}

void *fence_test_block(size_t size)
{
    void *p = kmalloc(size);
    ASSERT_TRUE(fence_contains(p));
    return p;
}

void fence_test_end(const struct fence_test *t)
{
    struct heap_stats s;
    fence_set_sample_rate(t->rate_before);
    heap_get_stats(&s);
    EXPECT_EQ(s.bytes_in_use, t->bytes_in_use);
    EXPECT_EQ(s.nallocs - s.nfrees, t->live);
}

static uint8_t pattern_byte(const void *p, size_t i)
{
    return (uint8_t)(((uintptr_t)p >> 4) * 37 + i * 11 + 3);
}

static void fill(void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)p)[i] = pattern_byte(p, i);
}

/* Whether q holds the first n bytes of the pattern filled in at p. */
static bool holds(const void *q, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (((const uint8_t *)q)[i] != pattern_byte(p, i))
            return false;
    return true;
}

/* Bytes from p to the end of its page. */
static size_t to_page_end(const void *p)
{
    return PAGE_SIZE - ((uintptr_t)p & (PAGE_SIZE - 1));
}

TEST(fence, sampled_blocks_sit_at_the_end_of_their_page)
{
    static const size_t sizes[] = {0, 1, 13, 16, 64, 100, 1000, 4095, 4096};
    struct fence_test t;
    fence_test_begin(&t, 1);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t n = sizes[i];
        char *p = kmalloc(n);
        ASSERT_TRUE(fence_contains(p));
        EXPECT_EQ((uintptr_t)p % HEAP_MIN_ALIGN, 0);
        EXPECT_EQ(kmalloc_usable_size(p), n);
        /* The block ends where its page does, give or take the alignment padding. */
        EXPECT_GE(to_page_end(p), n);
        EXPECT_LT(to_page_end(p) - n, HEAP_MIN_ALIGN + (n == 0 ? 1 : 0));
        fill(p, n);
        EXPECT_TRUE(holds(p, p, n));
        kfree(p);
    }
    fence_test_end(&t);
}

TEST(fence, aligned_and_zeroed_blocks)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *a = kmalloc_aligned(256, 100);
    ASSERT_TRUE(fence_contains(a));
    EXPECT_EQ((uintptr_t)a % 256, 0);
    EXPECT_GE(to_page_end(a), 100);
    EXPECT_LT(to_page_end(a), 100 + 256);
    char *big = kmalloc_aligned(8192, 64);   /* alignment above a page: not sampled */
    EXPECT_FALSE(fence_contains(big));
    EXPECT_EQ((uintptr_t)big % 8192, 0);
    unsigned char *z = kcalloc(10, 7);
    ASSERT_TRUE(fence_contains(z));
    for (int i = 0; i < 70; i++)
        EXPECT_EQ(z[i], 0);
    kfree(a);
    kfree(big);
    kfree(z);
    fence_test_end(&t);
}

TEST(fence, every_nth_allocation_is_sampled)
{
    struct fence_test t;
    void *blocks[40];
    fence_test_begin(&t, 4);
    for (int i = 0; i < 40; i++)
        blocks[i] = kmalloc(32);
    for (int i = 0; i < 40; i++)
        EXPECT_EQ(fence_contains(blocks[i]), i % 4 == 3);
    for (int i = 0; i < 40; i++)
        kfree(blocks[i]);
    /* A block too big to sample does not use up the turn: the next one that fits takes it. */
    fence_set_sample_rate(1);
    void *large = kmalloc(PAGE_SIZE + 1), *small = kmalloc(16);
    EXPECT_FALSE(fence_contains(large));
    EXPECT_TRUE(fence_contains(small));
    kfree(large);
    kfree(small);
    fence_test_end(&t);
}

TEST(fence, off_means_no_block_is_sampled)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    fence_set_sample_rate(0);
    for (int i = 0; i < 100; i++) {
        void *p = kmalloc(48);
        EXPECT_FALSE(fence_contains(p));
        kfree(p);
    }
    fence_test_end(&t);
}

TEST(fence, realloc_moves_blocks_into_and_out_of_the_pool)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *p = fence_test_block(100);
    fill(p, 100);
    char *grown = krealloc(p, 3000);                 /* pool to pool: a new slot */
    ASSERT_TRUE(fence_contains(grown));
    EXPECT_TRUE(holds(grown, p, 100));
    EXPECT_EQ(kmalloc_usable_size(grown), 3000);
    char *out = krealloc(grown, 3 * PAGE_SIZE);      /* too big for the pool */
    ASSERT_NOT_NULL(out);
    EXPECT_FALSE(fence_contains(out));
    EXPECT_TRUE(holds(out, p, 100));
    fill(out, 200);
    char *back = krealloc(out, 200);                 /* shrinks a lot: moves, sampled again */
    ASSERT_TRUE(fence_contains(back));
    EXPECT_TRUE(holds(back, out, 200));
    EXPECT_NULL(krealloc(back, 0));                  /* frees */
    fence_test_end(&t);
}

TEST(fence, freed_slots_are_not_reused_at_once)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *p = fence_test_block(64);
    kfree(p);
    char *q = fence_test_block(64);
    /* The freed page waits at the back of the FIFO, behind every other free slot. */
    EXPECT_NE((uintptr_t)q & ~(uintptr_t)(PAGE_SIZE - 1), (uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1));
    kfree(q);
    fence_test_end(&t);
}

TEST(fence, a_full_pool_falls_back_to_the_heap)
{
    enum { N = POOL_SLOTS + 20 };
    static void *blocks[N];
    struct fence_stats before, during;
    struct fence_test t;
    int sampled = 0;

    fence_test_begin(&t, 1);
    fence_get_stats(&before);
    for (int i = 0; i < N; i++) {
        blocks[i] = kmalloc(24);
        ASSERT_NOT_NULL(blocks[i]);
        sampled += fence_contains(blocks[i]);
    }
    fence_get_stats(&during);
    EXPECT_EQ(sampled, during.slots - before.in_use);
    EXPECT_EQ(during.in_use, during.slots);
    EXPECT_EQ(during.pool_full - before.pool_full, (uint64_t)(N - sampled));
    for (int i = 0; i < N; i++)
        kfree(blocks[i]);
    fence_test_end(&t);
}

TEST(fence, a_write_into_the_slack_is_caught_at_free)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *p = fence_test_block(13);
    char saved = p[13];
    p[13] = 'x';                        /* one past the end: padding before the guard page */
    EXPECT_PANIC("kfree: out-of-bounds write in slack of the 13-byte block", kfree(p));
    EXPECT_PANIC("byte +13 is 0x78", kfree(p));
    p[13] = saved;
    saved = p[-1];
    p[-1] = 0;                          /* one before the start */
    EXPECT_PANIC("byte -1 is 0x00", kfree(p));
    p[-1] = saved;
    kfree(p);                           /* intact again: freed without a report */
    fence_test_end(&t);
}

TEST(fence, double_free_and_foreign_pointers_are_reported)
{
    struct fence_test t;
    fence_test_begin(&t, 1);
    char *p = fence_test_block(64), *q = fence_test_block(64);
    kfree(p);
    EXPECT_PANIC("kfree: double free of", kfree(p));
    EXPECT_PANIC("64-byte block allocated by", kfree(p));
    EXPECT_PANIC("krealloc: double free of", krealloc(p, 10));
    EXPECT_PANIC("kfree: pointer", kfree(q + 16));
    EXPECT_PANIC("not the start of a block (fence slot", kfree(q + 16));
    EXPECT_PANIC("kmalloc_usable_size: pointer", kmalloc_usable_size(q + 1));
    /* q + 64 is the first byte of q's guard page. */
    EXPECT_PANIC("in a guard page of the fence pool", kfree(q + 64));
    /* The pool's last page is left over after the leading guard and 255 pairs: a guard too. */
    EXPECT_PANIC("in a guard page of the fence pool", kfree(fence_pool + FENCE_POOL_BYTES - 16));
    kfree(q);
    fence_test_end(&t);
}
