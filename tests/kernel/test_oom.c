/*
 * tests/kernel/test_oom.c - running the kernel heap out of memory (kernel only: real pages and
 * every CPU). The object API's own out-of-memory tests are tests/gc/test_gc_oom.c (both builds).
 *
 *  - every CPU allocates at once until kmalloc returns NULL under a page limit, all free, and the
 *    heap is back at its baseline and allocates again;
 *  - the machine's real memory is exhausted (no limit): kmalloc returns NULL when the page
 *    allocator has nothing left, and after freeing every page comes back, free or mapped by the
 *    heap for reuse.
 */
#include "kernel/memory.h"
#include "kernel/sched/percpu.h"
#include "kernel/sched/thread.h"
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "tests/mm/heap_test.h"

#define OOM_TEST_LIMIT_BYTES   ((size_t)8 << 20)
#define OOM_TEST_CPUS_MAX      8
#define OOM_TEST_SIZES         5
/* The most any of the sizes below asks of the page allocator at once: a 2 MiB heap segment. */
#define OOM_TEST_LARGEST_REQUEST ((size_t)2 << 20)
/* Blocks are chained through their first word, so holding any number needs no array. */
static const size_t oom_sizes[OOM_TEST_SIZES] = {32, 200, 1500, 9000, 70000};

static size_t heap_mapped(void)
{
    struct heap_stats hs;
    heap_get_stats(&hs);
    return hs.bytes_mapped;
}

struct exhaust_worker {
    struct thread *thread;
    void *chain;
    unsigned long blocks;
    bool hit_null;              /* every size returned NULL in a row */
    size_t mapped_at_null;      /* the heap's mapped bytes when that was seen */
};

static struct exhaust_worker exhaust[OOM_TEST_CPUS_MAX];

/* Allocate until every size returns NULL, cycling through the sizes. */
static void exhaust_main(void *arg)
{
    struct exhaust_worker *w = arg;
    unsigned misses = 0;
    for (unsigned long i = 0; misses < OOM_TEST_SIZES; i++) {
        void *b = kmalloc(oom_sizes[i % OOM_TEST_SIZES]);
        if (!b) {
            if (++misses == OOM_TEST_SIZES) {
                w->hit_null = true;
                w->mapped_at_null = heap_mapped();
            }
            continue;
        }
        misses = 0;
        chain_push(&w->chain, b);
        w->blocks++;
    }
}

TEST(oom, every_cpu_exhausts_the_heap_at_once_and_it_recovers)
{
    unsigned n = percpu_online() < OOM_TEST_CPUS_MAX ? percpu_online() : OOM_TEST_CPUS_MAX;
    size_t base = heap_in_use();
    unsigned long total = 0;
    size_t limit = heap_mapped() + OOM_TEST_LIMIT_BYTES;

    heap_set_page_limit(limit);
    for (unsigned i = 0; i < n; i++) {
        exhaust[i] = (struct exhaust_worker){0};
        exhaust[i].thread = thread_create("oom exhaust", i, exhaust_main, &exhaust[i]);
    }
    for (unsigned i = 0; i < n; i++)
        thread_join(exhaust[i].thread);
    /* Free on another CPU than the one that allocated: the remote-free path at exhaustion. */
    for (unsigned i = 0; i < n; i++) {
        /* A CPU may get no block at all: the others can take the whole margin, and a CPU's
         * first block of a size needs a 2 MiB segment of its own. */
        EXPECT_TRUE(exhaust[i].hit_null);
        /* NULL only once the limit was reached: what was left under it was less than the
         * largest request these sizes make of the page allocator (a segment). Nobody frees
         * before the joins, so reading the mapped bytes just after the NULLs, not at them,
         * can only err high. And the limit held, within what its unlocked check allows: CPUs
         * that read the mapped bytes at once may each take one request past it. */
        EXPECT_GT(exhaust[i].mapped_at_null + OOM_TEST_LARGEST_REQUEST, limit);
        EXPECT_LE(exhaust[i].mapped_at_null, limit + n * OOM_TEST_LARGEST_REQUEST);
        total += exhaust[i].blocks;
        free_chain(exhaust[i].chain);
    }
    heap_set_page_limit(0);
    ktest_note("%u CPUs held %lu blocks when kmalloc returned NULL under a %lu MiB margin", n,
               total, (unsigned long)(OOM_TEST_LIMIT_BYTES >> 20));
    EXPECT_GT(total, 0);
    EXPECT_EQ(heap_in_use(), base);
    void *p = kmalloc(OOM_TEST_LIMIT_BYTES);
    EXPECT_NOT_NULL(p);
    kfree(p);
    EXPECT_EQ(heap_in_use(), base);
}

TEST(oom, real_memory_exhaustion_returns_null_and_every_page_comes_back)
{
    static const size_t sizes[] = {(size_t)1 << 20, (size_t)64 << 10, 4096, 256};
    size_t base = heap_in_use(), pages_before, mapped_before, low_water;
    void *chain = NULL;
    unsigned long blocks = 0;

    heap_trim();
    pages_before = memory_free_bytes();
    mapped_before = heap_mapped();
    /* Largest first, so the small sizes only fill what is left. */
    for (unsigned s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        void *b;
        while ((b = kmalloc(sizes[s]))) {
            chain_push(&chain, b);
            blocks++;
        }
    }
    low_water = memory_free_bytes();
    ktest_note("%lu blocks took %lu MiB; %lu KiB of pages were left free at exhaustion", blocks,
               (unsigned long)((pages_before - low_water) >> 20),
               (unsigned long)(low_water >> 10));
    /* What is left is smaller than a heap segment (2 MiB): the heap could not use it. */
    EXPECT_LT(low_water, (size_t)4 << 20);
    EXPECT_NULL(kmalloc(sizes[0]));
    free_chain(chain);
    heap_trim();
    EXPECT_EQ(heap_in_use(), base);
    EXPECT_GE(memory_free_bytes() + heap_mapped(), pages_before + mapped_before);
    void *p = kmalloc(sizes[0]);
    EXPECT_NOT_NULL(p);
    kfree(p);
}
