/*
 * kernel/memory.h - the kernel's physical memory: one buddy zone (mm/buddy.c) over all usable RAM
 * in the multiboot2 memory map, behind a spinlock.
 */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include "kernel/multiboot.h"
#include "mm/buddy.h"

/* Excluded from the allocator: everything below 1 MiB (BIOS data, and the SMP trampoline, which
 * must live there), the kernel image, the boot information and the page-state array. */
#define LOW_MEMORY_RESERVED (1024 * 1024)
/* boot/entry.S identity-maps this much; RAM above it is reported and not managed. */
#define IDENTITY_MAP_LIMIT (64ULL << 30)

void memory_init(const struct boot_info *bi);
void *page_alloc(unsigned order);               /* NULL when out of memory */
void page_free(void *block, unsigned order);     /* panics on a bad free (see mm/buddy.h) */

struct memory_stats {
    size_t managed_pages, free_pages;
    size_t free_blocks[PAGE_MAX_ORDER + 1];
    uint64_t unmanaged_bytes;                    /* usable RAM above IDENTITY_MAP_LIMIT */
};
void memory_get_stats(struct memory_stats *out);
/* Bytes in free pages right now (free_pages of memory_get_stats, in bytes). */
size_t memory_free_bytes(void);

#endif
