/*
 * mm/heap_large.c - blocks larger than MEDIUM_MAX: each is a run of 2^order pages of its own.
 *
 * The page allocator hands out naturally aligned runs, so a large block starts at its run and
 * any alignment up to the run's size comes free. Large blocks have no header: a hash table keyed
 * by address (open addressing, linear probing, deletion by backward shift as in Knuth 6.4
 * Algorithm R) records each run's order and, in debug mode, the size asked for. The table is
 * also how kfree tells a large block from a foreign pointer once the segment map says "not a
 * segment".
 *
 * Freed runs are kept in a per-order cache (LARGE_CACHE_PER_ORDER runs, LARGE_CACHE_MAX_BYTES in
 * all) so a program that frees and reallocates big buffers does not go to the page allocator
 * each time (hosted: mmap/munmap, and then a page fault per 4 KiB as the new run is written). A
 * request takes a cached run of its order, or else one up to LARGE_REUSE_ORDERS orders bigger
 * (not in debug mode): blocks of mixed sizes then reuse each other's runs instead of each size
 * waiting for a run of its own order. The block is then counted, and usable, as the whole run.
 *
 * Locking: one spinlock (large.lock) over the table and cache; the page allocator is called
 * outside it (heap_pages_get may trim this cache when memory runs out).
 */
#include "mm/heap.h"

#define LARGE_ORDERS        40
#define LARGE_TABLE_MIN     128           /* entries in the first table (one page) */
#define LARGE_RECENT        32            /* recently freed blocks remembered for reports */

struct large_entry {
    uintptr_t ptr;        /* 0 = empty slot */
    uint32_t order;
    uint32_t debug;       /* allocated in debug mode: `size` is the size asked for */
    size_t size;
    uintptr_t pad;
};

static struct {
    struct heap_lock lock;
    struct large_entry *table;
    size_t capacity;                  /* entries, a power of two */
    size_t count;
    unsigned table_order;
    void *cache[LARGE_ORDERS][LARGE_CACHE_PER_ORDER];
    unsigned ncache[LARGE_ORDERS];
    size_t cache_bytes;
    size_t blocks, bytes;             /* large blocks in use and their run bytes */
    uint64_t nallocs, nfrees;
    uintptr_t recent[LARGE_RECENT];   /* ring of recently freed blocks */
    unsigned recent_next;
} large;

static size_t hash_slot(uintptr_t ptr, size_t capacity)
{
    return (size_t)(((ptr >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ull) >> 20) & (capacity - 1);
}

/* Index of ptr's entry, or -1. Context: large.lock. */
static long table_find(uintptr_t ptr)
{
    if (!large.table)
        return -1;
    for (size_t i = hash_slot(ptr, large.capacity);; i = (i + 1) & (large.capacity - 1)) {
        if (large.table[i].ptr == ptr)
            return (long)i;
        if (!large.table[i].ptr)
            return -1;
    }
}

static void table_put(struct large_entry *table, size_t capacity, const struct large_entry *e)
{
    size_t i = hash_slot(e->ptr, capacity);
    while (table[i].ptr)
        i = (i + 1) & (capacity - 1);
    table[i] = *e;
}

/* Make room for one more entry at load <= 1/2. Context: large.lock. */
static bool table_reserve(void)
{
    if (large.table && (large.count + 1) * 2 <= large.capacity)
        return true;
    unsigned order = large.table ? large.table_order + 1 : 0;
    size_t capacity = (PAGE_SIZE << order) / sizeof(struct large_entry);
    /* Straight to the page allocator: heap_pages_get could trim, which takes large.lock. */
    struct large_entry *table = platform_page_alloc(order);
    if (!table)
        return false;
    __atomic_fetch_add(&heap_state.bytes_mapped, PAGE_SIZE << order, __ATOMIC_RELAXED);
    memset(table, 0, PAGE_SIZE << order);
    if (large.table) {
        for (size_t i = 0; i < large.capacity; i++)
            if (large.table[i].ptr)
                table_put(table, capacity, &large.table[i]);
        __atomic_fetch_sub(&heap_state.bytes_mapped, PAGE_SIZE << large.table_order,
                           __ATOMIC_RELAXED);
        platform_page_free(large.table, large.table_order);
    }
    large.table = table;
    large.capacity = capacity;
    large.table_order = order;
    return true;
}

/* Remove entry i, shifting later entries of its probe run back (no tombstones). */
static void table_remove(size_t i)
{
    size_t mask = large.capacity - 1, j = i;
    for (;;) {
        large.table[i].ptr = 0;
        for (;;) {
            j = (j + 1) & mask;
            if (!large.table[j].ptr)
                goto done;
            size_t home = hash_slot(large.table[j].ptr, large.capacity);
            /* Move j back to i unless its home lies cyclically in (i, j]. */
            if (i <= j ? (home <= i || home > j) : (home <= i && home > j))
                break;
        }
        large.table[i] = large.table[j];
        i = j;
    }
done:
    large.count--;
}

static unsigned order_for(size_t bytes)
{
    size_t pages = (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
    return pages <= 1 ? 0 : 64 - (unsigned)__builtin_clzl(pages - 1);
}

void *heap_large_alloc(size_t size, size_t align, bool debug, uintptr_t caller)
{
    size_t need = size + (debug ? DEBUG_REDZONE : 0);
    (void)caller;

    if (need < size || need > ((size_t)PAGE_SIZE << (LARGE_ORDERS - 1)))
        return NULL;
    unsigned order = order_for(need > align ? need : align);
    if (order >= LARGE_ORDERS)
        return NULL;
    void *p = NULL;

    /* A cached run of the order, or (not in debug mode, whose blocks keep their size and
     * canary at a fixed place) of up to LARGE_REUSE_ORDERS orders more: its pages are mapped
     * already, where a new run would fault in again page by page. */
    unsigned last = debug ? order : order + LARGE_REUSE_ORDERS;
    heap_lock(&large.lock);
    for (unsigned o = order; o <= last && o < LARGE_ORDERS && !p; o++)
        if (large.ncache[o]) {
            p = large.cache[o][--large.ncache[o]];
            large.cache_bytes -= PAGE_SIZE << o;
            order = o;
        }
    heap_unlock(&large.lock);
    if (!p) {
        p = heap_pages_get(order);
        if (!p)
            return NULL;
    }
    struct large_entry e = {(uintptr_t)p, order, debug, debug ? size : PAGE_SIZE << order, 0};
    heap_lock(&large.lock);
    if (!table_reserve()) {
        heap_unlock(&large.lock);
        heap_pages_put(p, order);
        return NULL;
    }
    table_put(large.table, large.capacity, &e);
    large.count++;
    large.blocks++;
    large.nallocs++;
    large.bytes += PAGE_SIZE << order;
    heap_unlock(&large.lock);
    if (debug)
        heap_debug_large_fill(p, size, PAGE_SIZE << order);
    return p;
}

/* Whether p was freed lately (so a second free is a double free, not a foreign pointer). */
static bool recently_freed(uintptr_t p)
{
    for (unsigned i = 0; i < LARGE_RECENT; i++)
        if (large.recent[i] == p)
            return true;
    return false;
}

bool heap_large_free(void *p, uintptr_t caller)
{
    struct large_entry e;
    long i;

    heap_lock(&large.lock);
    i = table_find((uintptr_t)p);
    if (i < 0) {
        bool twice = recently_freed((uintptr_t)p);
        heap_unlock(&large.lock);
        if (twice)
            heap_report_double_free("kfree", p, NULL, caller);
        return false;
    }
    e = large.table[i];
    heap_unlock(&large.lock);

    /* Check before changing anything, so a caught report leaves the heap as it was. */
    if (e.debug)
        heap_debug_large_check(p, e.size, PAGE_SIZE << e.order, caller);

    size_t bytes = PAGE_SIZE << e.order;
    bool cached = false;
    heap_lock(&large.lock);
    i = table_find((uintptr_t)p);
    if (i < 0) {   /* another CPU freed it meanwhile */
        heap_unlock(&large.lock);
        heap_report_double_free("kfree", p, NULL, caller);
    }
    table_remove((size_t)i);
    large.blocks--;
    large.nfrees++;
    large.bytes -= bytes;
    large.recent[large.recent_next++ % LARGE_RECENT] = (uintptr_t)p;
    if (large.ncache[e.order] < LARGE_CACHE_PER_ORDER &&
        large.cache_bytes + bytes <= LARGE_CACHE_MAX_BYTES) {
        large.cache[e.order][large.ncache[e.order]++] = p;
        large.cache_bytes += bytes;
        cached = true;
    }
    heap_unlock(&large.lock);
    if (!cached)
        heap_pages_put(p, e.order);
    return true;
}

bool heap_large_usable(const void *p, size_t *usable)
{
    heap_lock(&large.lock);
    long i = table_find((uintptr_t)p);
    if (i >= 0)
        *usable = large.table[i].size;
    heap_unlock(&large.lock);
    return i >= 0;
}

bool heap_large_resize(void *p, size_t size)
{
    bool ok = false;
    heap_lock(&large.lock);
    long i = table_find((uintptr_t)p);
    if (i >= 0 && !large.table[i].debug) {
        size_t run = PAGE_SIZE << large.table[i].order;
        /* Stay in place unless shrinking would strand more than three quarters of the run. */
        ok = size <= run && size > run / 4;
    }
    heap_unlock(&large.lock);
    return ok;
}

size_t heap_large_trim(void)
{
    size_t released = 0;
    for (;;) {
        void *p = NULL;
        unsigned order = 0;
        heap_lock(&large.lock);
        for (unsigned o = 0; o < LARGE_ORDERS && !p; o++)
            if (large.ncache[o]) {
                p = large.cache[o][--large.ncache[o]];
                order = o;
                large.cache_bytes -= PAGE_SIZE << o;
            }
        heap_unlock(&large.lock);
        if (!p)
            return released;
        heap_pages_put(p, order);
        released += PAGE_SIZE << order;
    }
}

void heap_large_stats(size_t *blocks, size_t *bytes, uint64_t *nallocs, uint64_t *nfrees)
{
    heap_lock(&large.lock);
    *blocks = large.blocks;
    *bytes = large.bytes;
    if (nallocs)
        *nallocs = large.nallocs;
    if (nfrees)
        *nfrees = large.nfrees;
    heap_unlock(&large.lock);
}
