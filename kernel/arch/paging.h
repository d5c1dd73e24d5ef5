/*
 * kernel/arch/paging.h - changing the identity map after boot, one 4 KiB page at a time.
 */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Make the 4 KiB page at addr (page aligned, below IDENTITY_MAP_LIMIT) present or not present,
 * keeping its physical address and bits, and flush the calling CPU's TLB entry for it. A page
 * inside a 2 MiB mapping gets its 2 MiB page split first. Returns false when a page table was
 * needed and the page allocator had none. Context: any CPU; takes the paging lock (irqsave).
 */
bool paging_set_present(uintptr_t addr, bool present);

#endif
