/*
 * mm/heap_map.c - which SEGMENT_SIZE-aligned addresses are live segments.
 *
 * kfree masks a pointer down to its segment and reads the header there. For a pointer the heap
 * never handed out that header may not exist, or the address may not even be mapped, so before
 * reading it kfree asks this map. It is a two-level table of 2-bit codes (0: not a segment, else
 * the segment's kind + 1, which gives kfree the page size too) over the 48-bit address space at
 * segment granularity (Linux's sparse mem_section table has the same shape): a static top table
 * of MAP_TOP_ENTRIES leaf pointers, and one-page leaves allocated on first use and never freed.
 *
 * Lookups are lock-free (two loads); updates use atomic bit operations, and a leaf is published
 * with a compare-and-swap so two CPUs adding segments at once agree on one leaf.
 */
#include "mm/heap.h"

struct heap_map heap_map;

/* Mark seg live with its kind (again, when a cached segment changes kind); false when a leaf
 * page is needed and none is left. */
bool heap_map_add(struct heap_segment *seg, enum segment_kind kind)
{
    size_t i = heap_map_index(seg);
    uint64_t **slot = &heap_map.leaf[i >> MAP_LEAF_BITS];
    uint64_t *leaf = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

    if (!leaf) {
        uint64_t *fresh = heap_pages_get(0), *expected = NULL;
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
    size_t bit = (i & (((size_t)1 << MAP_LEAF_BITS) - 1)) * MAP_CODE_BITS;
    /* The segment holds no blocks while its code changes, so the brief 0 between the two
     * operations is never seen by a kfree of a live block. */
    __atomic_fetch_and(&leaf[bit / 64], ~((uint64_t)3 << (bit % 64)), __ATOMIC_RELAXED);
    __atomic_fetch_or(&leaf[bit / 64], (uint64_t)(kind + 1) << (bit % 64), __ATOMIC_RELEASE);
    return true;
}

void heap_map_remove(struct heap_segment *seg)
{
    size_t i = heap_map_index(seg);
    uint64_t *leaf = __atomic_load_n(&heap_map.leaf[i >> MAP_LEAF_BITS], __ATOMIC_ACQUIRE);
    size_t bit = (i & (((size_t)1 << MAP_LEAF_BITS) - 1)) * MAP_CODE_BITS;
    __atomic_fetch_and(&leaf[bit / 64], ~((uint64_t)3 << (bit % 64)), __ATOMIC_RELEASE);
}
