/*
 * kernel/cmd_mem.c - `mem`: where the memory is.
 *
 * The page allocator's part reads one consistent snapshot (memory_get_stats takes the zone lock
 * once) and prints free blocks per order with the bytes they hold, so fragmentation is visible:
 * plenty of free pages but no high-order block means large allocations will fail.
 */
#include "kernel/kprintf.h"
#include "kernel/memory.h"
#include "kernel/shell.h"
#include "mm/platform.h"

#define KIB(bytes) ((unsigned long)((bytes) >> 10))

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
    print_pages();
    return SHELL_OK;
}

const struct shell_command cmd_mem = {
    "mem", "", "memory: free page blocks per order",
    "  Pages managed/free/in use, then for each buddy order the block size, how many blocks are\n"
    "  free and the KiB they hold.",
    0, 0, run_mem, NULL,
};
