/*
 * tests/mm/test_heap_fuzz.c - regression tests for heap bugs found by tests/fuzz/fuzz_heap.c,
 * in the kernel and hosted alike. Each test names the seed in tests/fuzz/corpus/heap/ that first
 * showed the bug, and checks the heap returns to its baseline.
 */
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "tests/mm/heap_test.h"

#define ALIGNED_BATCH 48   /* more blocks than a medium page holds of the classes used below */


/*
 * Seed aligned_8k_medium: kmalloc_aligned(8192, 32769) took the 40960-byte class (a multiple of
 * 8192) and assumed every block of it aligned, but the first page of a segment starts after the
 * 36 KiB segment header, only 4 KiB aligned, so its blocks were 4 KiB off. Alignments 8 KiB to
 * 32 KiB, sizes whose classes are multiples of them, many blocks live at once so some come from
 * a segment's first page.
 */
TEST(heap_fuzz, aligned_above_4k_from_first_page)
{
    static const size_t sizes[] = {1, 4096, 8193, 20000, 32769, 40960, 49153, 65536};
    void *blocks[ALIGNED_BATCH];
    size_t base = heap_in_use();

    for (size_t align = 8192; align <= 32768; align *= 2) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            for (int i = 0; i < ALIGNED_BATCH; i++) {
                blocks[i] = kmalloc_aligned(align, sizes[s]);
                ASSERT_NOT_NULL(blocks[i]);
                EXPECT_EQ((uintptr_t)blocks[i] % align, 0);
                EXPECT_GE(kmalloc_usable_size(blocks[i]), sizes[s]);
                memset(blocks[i], 0x3c, sizes[s]);
            }
            for (int i = 0; i < ALIGNED_BATCH; i++)
                kfree(blocks[i]);
        }
    }
    EXPECT_EQ(heap_in_use(), base);
}

/*
 * Seed debug_aligned_zero: in debug mode a large block remembers the size asked for as its
 * usable size, and kmalloc_aligned(8192, 0) asks for 0, which heap_large_usable also returned
 * for "not a large block": kmalloc_usable_size and krealloc reported the block as foreign.
 */
TEST(heap_fuzz, debug_large_block_of_zero_bytes)
{
    bool was_debug = heap_debug_enabled();
    size_t base = heap_in_use();

    heap_set_debug(true);
    char *p = kmalloc_aligned(HEAP_MAX_ALIGN, 0);
    ASSERT_NOT_NULL(p);
    EXPECT_EQ((uintptr_t)p % HEAP_MAX_ALIGN, 0);
    EXPECT_EQ(kmalloc_usable_size(p), 0);
    p = krealloc(p, 100);
    ASSERT_NOT_NULL(p);
    EXPECT_GE(kmalloc_usable_size(p), 100);
    kfree(p);
    heap_set_debug(was_debug);
    EXPECT_EQ(heap_in_use(), base);
}
