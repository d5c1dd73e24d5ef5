/*
 * kernel/console/cmd_mem.c - `mem`: where the memory is.
 *
 * The heap's part (mm/malloc.h) comes first: bytes in blocks handed out, the peak, what the heap
 * holds from the page allocator, and per size class the blocks in use and free; classes that hold
 * no block are left out so the table shows where memory is. heap_get_stats is exact when no other
 * CPU allocates meanwhile, which is the case for everything the console starts. Then the
 * guard-page sampler's counters (mm/fence.c), once it was ever switched on (mm.fence=N).
 *
 * The page allocator's part reads one consistent snapshot (memory_get_stats takes the zone lock
 * once) and prints free blocks per order with the bytes they hold, so fragmentation is visible:
 * plenty of free pages but no high-order block means large allocations will fail.
 */
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "kernel/console/shell.h"
#include "mm/fence.h"
#include "mm/malloc.h"
#include "mm/platform.h"

#define KIB(bytes) ((unsigned long)((bytes) >> 10))

static void print_heap(void)
{
    static struct heap_stats hs;        /* large: keep it off the console stack */
    heap_get_stats(&hs);
    kprintf("heap: %lu bytes in use (peak %lu), %lu bytes mapped; %lu allocations, %lu frees, "
            "%lu large blocks in use\n",
            (unsigned long)hs.bytes_in_use, (unsigned long)hs.bytes_peak,
            (unsigned long)hs.bytes_mapped, (unsigned long)hs.nallocs, (unsigned long)hs.nfrees,
            (unsigned long)hs.large_in_use);
    kprintf("  class   size B   in use     free   in use B\n");
    for (int c = 1; c < HEAP_NCLASSES; c++) {
        const struct heap_class_stats *k = &hs.classes[c];
        if (k->in_use == 0 && k->free == 0)
            continue;
        /* Signed: a count below zero is an accounting error in the heap, and should look like
         * one rather than like 18 quintillion free blocks. */
        kprintf("  %5d  %7lu  %7ld  %7ld  %9ld\n", c, (unsigned long)k->size, (long)k->in_use,
                (long)k->free, (long)(k->in_use * k->size));
    }
}

/* The guard-page sampler (mm/fence.c), once it has ever been on. */
static void print_fence(void)
{
    struct fence_stats fs;
    fence_get_stats(&fs);
    if (!fs.slots)
        return;
    kprintf("fence: every %u allocations sampled (0 = off); %lu sampled, %u of %u slots in use, "
            "%lu samples found the pool full, %lu faults caught, %lu slack writes caught\n",
            fs.rate, (unsigned long)fs.sampled, fs.in_use, fs.slots, (unsigned long)fs.pool_full,
            (unsigned long)fs.faults, (unsigned long)fs.slack_writes);
}

static void print_pages(void)
{
    struct memory_stats ms;
    memory_get_stats(&ms);
    size_t used = ms.managed_pages - ms.free_pages;
    kprintf("page allocator: %lu pages managed (%lu KiB), %lu free (%lu KiB), %lu in use (%lu KiB)\n",
            (unsigned long)ms.managed_pages, KIB((uint64_t)ms.managed_pages * PAGE_SIZE),
            (unsigned long)ms.free_pages, KIB((uint64_t)ms.free_pages * PAGE_SIZE),
            (unsigned long)used, KIB((uint64_t)used * PAGE_SIZE));
    kprintf("  order  block KiB  free blocks   free KiB\n");
    for (unsigned order = 0; order <= PAGE_MAX_ORDER; order++) {
        uint64_t block = (uint64_t)PAGE_SIZE << order;
        kprintf("  %5u  %9lu  %11lu  %9lu\n", order, KIB(block),
                (unsigned long)ms.free_blocks[order], KIB(block * ms.free_blocks[order]));
    }
    if (ms.unmanaged_bytes)
        kprintf("  (%lu MiB above the identity map is not managed)\n",
                (unsigned long)(ms.unmanaged_bytes >> 20));
}

static int run_mem(int argc, char **argv)
{
    (void)argc, (void)argv;
    print_heap();
    print_fence();
    print_pages();
    return SHELL_OK;
}

SHELL_COMMAND(cmd_mem, 110) = {
    "mem", "", "memory: heap bytes and size classes; free page blocks per order",
    "  Heap: bytes in use, peak, mapped from the page allocator; per size class with any block:\n"
    "  block size, blocks in use and free. Pages: managed/free/in use, then for each buddy order\n"
    "  the block size, how many blocks are free and the KiB they hold.",
    0, 0, run_mem, NULL,
};
