/*
 * mm/heap_map.c - which SEGMENT_SIZE-aligned addresses are live segments.
 *
 * kfree masks a pointer down to its segment and reads the header there. For a pointer the heap
 * never handed out that header may not exist, or the address may not even be mapped, so before
 * reading it kfree asks this map. It is a two-level table of bytes (0: not a segment, else the page
 * shift of the segment's kind, which gives kfree the page size too) over the 48-bit address
 * space at segment granularity (Linux's sparse mem_section table has the same shape): a static top table
 * of MAP_TOP_ENTRIES leaf pointers, and one-page leaves allocated on first use and never freed.
 *
 * A byte per segment rather than two bits: the lookup is a byte load instead of a word load,
 * shift and mask on kfree's path, for a top table of 256 KiB instead of 64 KiB (static, so
 * hosted it costs RSS only where touched).
 *
 * Lookups are lock-free (two loads); updates are atomic byte stores, and a leaf is published
 * with a compare-and-swap so two CPUs adding segments at once agree on one leaf.
 */
#include "mm/heap.h"

struct heap_map heap_map;

/* Mark seg live with its kind (again, when a cached segment changes kind); false when a leaf
 * page is needed and none is left. */
bool heap_map_add(struct heap_segment *seg, enum segment_kind kind)
{
    uintptr_t a = heap_map_offset(seg);
    uint8_t **slot = &heap_map.leaf[a >> (SEGMENT_SHIFT + MAP_LEAF_BITS)];
    uint8_t *leaf = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

    if (!leaf) {
        uint8_t *fresh = heap_pages_get(0), *expected = NULL;
        if (!fresh)
            return false;
        memset(fresh, 0, PAGE_SIZE);
        if (__atomic_compare_exchange_n(slot, &expected, fresh, false, __ATOMIC_RELEASE,
                                        __ATOMIC_ACQUIRE)) {
            leaf = fresh;
        } else {
            heap_pages_put(fresh, 0);
            leaf = expected;
        }
    }
    /* One byte store, so a lookup sees the old kind or the new, never a mix. Release: the
     * segment's header is written before its code; a kfree on another CPU looks a segment up
     * only for a block it was handed after this (through its own acquire chain). */
    __atomic_store_n(&leaf[(a >> SEGMENT_SHIFT) & (((size_t)1 << MAP_LEAF_BITS) - 1)],
                     map_kind_page_shift(kind), __ATOMIC_RELEASE);
    return true;
}

void heap_map_remove(struct heap_segment *seg)
{
    uintptr_t a = heap_map_offset(seg);
    uint8_t *leaf = __atomic_load_n(&heap_map.leaf[a >> (SEGMENT_SHIFT + MAP_LEAF_BITS)],
                                    __ATOMIC_ACQUIRE);
    __atomic_store_n(&leaf[(a >> SEGMENT_SHIFT) & (((size_t)1 << MAP_LEAF_BITS) - 1)], 0,
                     __ATOMIC_RELEASE);
}
