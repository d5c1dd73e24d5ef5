/*
 * mm/heap_map.c - which SEGMENT_SIZE-aligned addresses are live segments.
 *
 * kfree masks a pointer down to its segment and reads the header there. For a pointer the heap
 * never handed out that header may not exist, or the address may not even be mapped, so before
 * reading it kfree asks this map: a flat table with a byte per 2 MiB of the address window the
 * platform's pages come from (0: not a segment, else the page shift of the segment's kind,
 * which gives kfree the page size too), as snmalloc's pagemap. Hosted the window is user space,
 * 2^47 bytes, so the table is 64 MiB of zero-fill address space of which only the pages covering
 * the heap's own segments are ever written (a few KiB: mmap places them close together); reads
 * for foreign pointers see the shared zero page. In the kernel it is the 64 GiB identity map:
 * a 32 KiB table.
 *
 * This replaced a two-level table (a top table of leaf pointers, one-page leaves allocated on
 * first use, as Linux's sparse mem_section): the flat lookup is a shift, a compare and a byte
 * load instead of an add, a compare and two dependent loads, 7 instructions fewer on every
 * kfree (docs/mm.md).
 *
 * Lookups are lock-free; updates are atomic byte stores.
 */
#include "mm/heap.h"

struct heap_map heap_map;

/* Mark seg live with its kind (again, when a cached segment changes kind); false when seg lies
 * outside the map's window (the heap then does without it). */
bool heap_map_add(struct heap_segment *seg, enum segment_kind kind)
{
    uintptr_t index = (uintptr_t)seg >> SEGMENT_SHIFT;

    if (index >= MAP_ENTRIES)
        return false;
    /* One byte store, so a lookup sees the old kind or the new, never a mix. Release: the
     * segment's header is written before its code; a kfree on another CPU looks a segment up
     * only for a block it was handed after this (through its own acquire chain). */
    __atomic_store_n(&heap_map.page_shift[index], map_kind_page_shift(kind), __ATOMIC_RELEASE);
    return true;
}

void heap_map_remove(struct heap_segment *seg)
{
    __atomic_store_n(&heap_map.page_shift[(uintptr_t)seg >> SEGMENT_SHIFT], 0, __ATOMIC_RELEASE);
}
