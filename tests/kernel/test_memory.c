/*
 * tests/kernel/test_memory.c - the kernel's own page allocator over the real memory map: every
 * free page can be allocated, none lies in an excluded range (the boot modules included), and
 * freeing them all restores the exact per-order counts; bad frees panic with the lock released.
 */
#include "kernel/memory.h"
#include "tests/ktest.h"

extern char _kernel_start[], _kernel_end[];
const struct boot_info *boot_information(void);

static bool overlaps(uintptr_t p, uintptr_t start, uintptr_t end)
{
    return p + PAGE_SIZE > start && p < end;
}

TEST(memory, allocate_every_page_and_return_them)
{
    struct memory_stats before, during, after;
    const struct boot_info *bi = boot_information();
    void *chain = NULL;
    size_t n = 0, bad = 0;
    void *p;

    memory_get_stats(&before);
    ASSERT_GT(before.free_pages, 0);
    /* Each allocated page holds a pointer to the previous one: no extra memory needed. */
    while ((p = page_alloc(0)) != NULL) {
        uintptr_t a = (uintptr_t)p;
        if (a < LOW_MEMORY_RESERVED || overlaps(a, (uintptr_t)_kernel_start, (uintptr_t)_kernel_end) ||
            overlaps(a, bi->info_start, bi->info_end))
            bad++;
        for (unsigned i = 0; i < bi->module_count; i++)     /* the program archives */
            if (overlaps(a, bi->modules[i].start, bi->modules[i].end))
                bad++;
        *(void **)p = chain;
        chain = p;
        n++;
    }
    memory_get_stats(&during);
    EXPECT_EQ(n, before.free_pages);
    EXPECT_EQ(during.free_pages, 0);
    EXPECT_EQ(bad, 0);
    while (chain) {
        void *next = *(void **)chain;
        page_free(chain, 0);
        chain = next;
    }
    memory_get_stats(&after);
    EXPECT_EQ(after.free_pages, before.free_pages);
    for (unsigned k = 0; k <= PAGE_MAX_ORDER; k++)
        EXPECT_EQ(after.free_blocks[k], before.free_blocks[k]);
}

TEST(memory, bad_frees_panic_and_allocator_stays_usable)
{
    struct memory_stats before, after;
    void *p = page_alloc(1);
    static char not_from_the_allocator[16];

    ASSERT_NOT_NULL(p);
    memory_get_stats(&before);
    EXPECT_PANIC("reserved memory", page_free(_kernel_start, 0));
    EXPECT_PANIC("not page aligned", page_free(not_from_the_allocator + 1, 0));
    EXPECT_PANIC("freed as order 0 but was allocated as order 1", page_free(p, 0));
    page_free(p, 1);
    EXPECT_PANIC("double free", page_free(p, 1));
    /* The lock was released before each panic: the allocator still works. */
    p = page_alloc(0);
    EXPECT_NOT_NULL(p);
    page_free(p, 0);
    memory_get_stats(&after);
    EXPECT_EQ(after.free_pages, before.free_pages + 2);
}
