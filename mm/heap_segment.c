/*
 * mm/heap_segment.c - segments: the 2 MiB runs the heap's pages live in, and the heap's access
 * to the page allocator.
 *
 * A segment belongs to one heap (seg->owner), which takes its unused pages one at a time
 * (heap_segment_page_take: the lowest unused index, from free_mask) and gives them back as they
 * empty (heap_segment_page_return). The heap lists its segments that still have unused pages
 * in segments[kind], one list per kind (small, medium, growth), so a page is found without a
 * lock. A segment whose last page came back goes to a global cache of empty segments, newest
 * first (the warmest are reused first), and from its old end back to the page allocator: beyond
 * SEGMENT_CACHE_MAX and, hosted, after SEGMENT_DECAY_MS, or all of them at heap_trim. Every
 * segment some heap holds is also on heap_state.segments_all, which heap_get_stats walks.
 *
 * heap_pages_get is the heap's one way to the page allocator (segments, large runs, the
 * sampler's pool): when the page allocator says no, it empties the caches, tells every heap that
 * memory is short (each gives back the empty pages it keeps, heap_give_back) and waits a bounded
 * time for them before it returns NULL.
 *
 * Invariants: a segment in the cache has no owner, all its page records are unused and its
 * bitmaps are clear (page return clears a page's bits); a page index is in free_mask exactly
 * while its record is unused; the map (mm/heap_map.c) has the segment while a heap holds it.
 *
 * Context: segment_lock guards the cache and segments_all; the owner's lists (segments[kind],
 * free_mask) are its own CPU's (or the shared heap's lock); heap_pages_get/put any CPU.
 */
#include "mm/heap.h"

/* ---- page allocator access with out-of-memory retry ------------------------------------------ */

/* The page allocator, within the test-only page limit (heap_set_page_limit). */
static void *page_alloc_within_limit(unsigned order)
{
    size_t limit = __atomic_load_n(&heap_state.page_limit, __ATOMIC_RELAXED);

    if (limit && __atomic_load_n(&heap_state.bytes_mapped, __ATOMIC_RELAXED) +
                     (PAGE_SIZE << order) > limit)
        return NULL;
    return platform_page_alloc(order);
}

/* Whether every heap in use, other than the calling CPU's, has given back since `epoch`. */
static bool others_gave_back(uint32_t epoch)
{
    unsigned me = platform_cpu_id();

    for (unsigned i = 0; i < PLATFORM_MAX_CPUS; i++) {
        struct heap *h = &heap_state.heaps[i];
        if (i != me && __atomic_load_n(&h->used, __ATOMIC_RELAXED) &&
            (int32_t)(__atomic_load_n(&h->short_seen, __ATOMIC_RELAXED) - epoch) < 0)
            return false;
    }
    return true;
}

/*
 * The page allocator said no even after the segment cache was trimmed, but the other CPUs' heaps
 * may keep empty pages (each class's current page; whole segments pinned by one such page). Ask
 * them to give back (platform_memory_short) and retry until every one of them has, or for at most
 * HEAP_SHORT_WAIT_US: a CPU busy in code that does not allocate never looks, and the caller may
 * hold a lock that CPU is spinning on. Without this, after one CPU's burst exhausted memory,
 * another CPU's next allocation failed although megabytes sat empty in idle heaps.
 */
static void *page_alloc_after_others_give_back(unsigned order, uint32_t epoch)
{
    uint64_t deadline;
    void *p = NULL;

    if (!platform_memory_short())
        return NULL;
    deadline = platform_cycles() + platform_tsc_hz() / 1000000 * HEAP_SHORT_WAIT_US;
    for (;;) {
        bool all = others_gave_back(epoch);     /* before the retry: what they gave is in it */
        heap_trim();
        if ((p = page_alloc_within_limit(order)) || all || platform_cycles() > deadline)
            return p;
        __builtin_ia32_pause();
    }
}

void *heap_pages_get(unsigned order)
{
    size_t bytes = PAGE_SIZE << order;
    void *p = page_alloc_within_limit(order);

    if (!p) {
        /* Give back what the caches hold and try once more before reporting NULL; and tell
         * every heap that memory is short, so each returns its kept empty pages at its next
         * refill or idle (heap_give_back), and wait a little for them to. */
        uint32_t epoch = __atomic_add_fetch(&heap_state.short_epoch, 1, __ATOMIC_RELAXED);
        heap_trim();
        p = page_alloc_within_limit(order);
        if (!p)
            p = page_alloc_after_others_give_back(order, epoch);
        if (!p)
            return NULL;
    }
    size_t mapped = __atomic_add_fetch(&heap_state.bytes_mapped, bytes, __ATOMIC_RELAXED);
    if (mapped >= __atomic_load_n(&heap_state.peak_sample_mapped, __ATOMIC_RELAXED))
        heap_sample_peak();
    return p;
}

void heap_pages_put(void *pages, unsigned order)
{
    size_t mapped = __atomic_sub_fetch(&heap_state.bytes_mapped, PAGE_SIZE << order,
                                       __ATOMIC_RELAXED);
    /* The next sample comes after growing by the fraction from here, not from the old high:
     * the peak of a heap that shrank and grew back is sampled too. (Racy: a sample threshold.) */
    size_t next = mapped + (mapped >> PEAK_SAMPLE_SHIFT);
    if (next < __atomic_load_n(&heap_state.peak_sample_mapped, __ATOMIC_RELAXED))
        __atomic_store_n(&heap_state.peak_sample_mapped, next, __ATOMIC_RELAXED);
    platform_page_free(pages, order);
}

/* ---- segments --------------------------------------------------------------------------------- */

static void segment_list_push(struct heap_segment **list, struct heap_segment *seg)
{
    seg->prev = NULL;
    seg->next = *list;
    if (*list)
        (*list)->prev = seg;
    *list = seg;
}

static void segment_list_remove(struct heap_segment **list, struct heap_segment *seg)
{
    if (seg->prev)
        seg->prev->next = seg->next;
    else
        *list = seg->next;
    if (seg->next)
        seg->next->prev = seg->prev;
    seg->next = seg->prev = NULL;
}

/* ---- the cache of empty segments (SEGMENT_CACHE_MAX, SEGMENT_DECAY_MS) ----------------------- */

/* Take seg out of the cache. Context: segment_lock. */
static void cache_unlink(struct heap_segment *seg)
{
    if (seg->prev)
        seg->prev->next = seg->next;
    else
        heap_state.cache_newest = seg->next;
    if (seg->next)
        seg->next->prev = seg->prev;
    else
        heap_state.cache_oldest = seg->prev;
    heap_state.nsegment_cache--;
}

/* Take the newest cached segment (warmest in the caches and TLB), or NULL. Context: segment_lock. */
static struct heap_segment *cache_pop_newest(void)
{
    struct heap_segment *seg = heap_state.cache_newest;

    if (seg)
        cache_unlink(seg);
    return seg;
}

/* Take the oldest cached segment if it is to go back to the page allocator now: beyond
 * SEGMENT_CACHE_MAX and emptied more than SEGMENT_DECAY_MS ago, or any when `all`.
 * Context: segment_lock. */
static struct heap_segment *cache_pop_expired(uint64_t now, bool all)
{
    struct heap_segment *seg = heap_state.cache_oldest;

    if (!seg)
        return NULL;
    /* The clock's rate only when it matters: hosted, its first reading may wait to measure it. */
    if (!all && (heap_state.nsegment_cache <= SEGMENT_CACHE_MAX ||
                 now - seg->emptied_tsc < platform_tsc_hz() / 1000 * SEGMENT_DECAY_MS))
        return NULL;
    cache_unlink(seg);
    return seg;
}

/* Give back what cache_pop_expired hands out; outside segment_lock (munmap hosted). */
static size_t cache_release_expired(bool all)
{
    size_t released = 0;
    uint64_t now = platform_cycles();

    for (;;) {
        heap_lock(&heap_state.segment_lock);
        struct heap_segment *seg = cache_pop_expired(now, all);
        heap_unlock(&heap_state.segment_lock);
        if (!seg)
            return released;
        heap_map_remove(seg);
        heap_pages_put(seg, SEGMENT_ORDER);
        released += SEGMENT_SIZE;
    }
}

static struct heap_segment *segment_new(struct heap *h, enum segment_kind kind)
{
    struct heap_segment *seg = NULL;
    bool fresh = false;

    heap_lock(&heap_state.segment_lock);
    seg = cache_pop_newest();
    heap_unlock(&heap_state.segment_lock);
    if (seg) {
        cache_release_expired(false);
    } else {
        seg = heap_pages_get(SEGMENT_ORDER);
        if (!seg)
            return NULL;
        fresh = true;
    }
    if (!heap_map_add(seg, kind)) {
        heap_pages_put(seg, SEGMENT_ORDER);
        return NULL;
    }
    /* A cached segment holds its last owner's page records: start from clean ones. Its bitmaps
     * are clear already (every block was freed and collected before the segment emptied), and
     * so are a fresh segment's, except in the kernel, where the page allocator's memory is not
     * zeroed (hosted, mmap's is). */
    memset(seg, 0, sizeof *seg);
#ifndef PLATFORM_HOSTED
    if (fresh)
        memset((char *)seg + SEGMENT_LIVE_OFFSET, 0, SEGMENT_BITMAP_BYTES);
#else
    (void)fresh;
#endif
    seg->owner = h;
    seg->kind = (uint8_t)kind;
    seg->page_shift = kind == SEGMENT_SMALL ? SMALL_PAGE_SHIFT
                      : kind == SEGMENT_MEDIUM ? MEDIUM_PAGE_SHIFT : SEGMENT_SHIFT;
    seg->npages = (uint8_t)(SEGMENT_SIZE >> seg->page_shift);
    seg->free_mask = seg->npages == 32 ? 0xffffffffu : ((1u << seg->npages) - 1);
    for (unsigned i = 0; i < seg->npages; i++)
        seg->pages[i].index = (uint8_t)i;
    heap_lock(&heap_state.segment_lock);
    seg->all_next = heap_state.segments_all;
    if (seg->all_next)
        seg->all_next->all_prev = seg;
    heap_state.segments_all = seg;
    heap_unlock(&heap_state.segment_lock);
    return seg;
}

/* seg holds no block: into the cache, newest first; what has decayed goes back. */
static void segment_release(struct heap_segment *seg)
{
    heap_lock(&heap_state.segment_lock);
    if (seg->all_prev)
        seg->all_prev->all_next = seg->all_next;
    else
        heap_state.segments_all = seg->all_next;
    if (seg->all_next)
        seg->all_next->all_prev = seg->all_prev;
    seg->owner = NULL;
    seg->emptied_tsc = platform_cycles();
    seg->prev = NULL;
    seg->next = heap_state.cache_newest;
    if (seg->next)
        seg->next->prev = seg;
    else
        heap_state.cache_oldest = seg;
    heap_state.cache_newest = seg;
    heap_state.nsegment_cache++;
    heap_unlock(&heap_state.segment_lock);
    cache_release_expired(false);
}

size_t heap_segment_trim(void)
{
    return cache_release_expired(true);
}

/* ---- pages of a segment ----------------------------------------------------------------------- */

/*
 * An unused page record of h's, in a segment of `kind` (taking a segment from the cache or the
 * page allocator when no segment of h's has one), marked used in its segment; NULL when memory
 * ran out. The caller fills in the record. Context: h's owner.
 */
struct heap_page *heap_segment_page_take(struct heap *h, enum segment_kind kind)
{
    struct heap_segment *seg = h->segments[kind];

    if (!seg) {
        seg = segment_new(h, kind);
        if (!seg)
            return NULL;
        segment_list_push(&h->segments[kind], seg);
    }
    unsigned index = (unsigned)__builtin_ctz(seg->free_mask);
    seg->free_mask &= ~(1u << index);
    if (!seg->free_mask)
        segment_list_remove(&h->segments[kind], seg);
    return &seg->pages[index];
}

/*
 * pg, emptied and cleared by the caller, is unused again: clear its blocks' live bits (all
 * clear already unless the heap is giving back a page in a hurry; cheap next to the page), and
 * hand the segment to the cache when this was its last page in use. Context: h's owner.
 */
void heap_segment_page_return(struct heap *h, struct heap_page *pg)
{
    struct heap_segment *seg = segment_of(pg);
    enum segment_kind kind = (enum segment_kind)seg->kind;
    uint32_t all = seg->npages == 32 ? 0xffffffffu : ((1u << seg->npages) - 1);

    uintptr_t base = (uintptr_t)seg + ((uintptr_t)pg->index << seg->page_shift);
    memset(live_word((void *)base), 0, ((size_t)1 << seg->page_shift) >> (GRANULE_SHIFT + 3));
    if (!seg->free_mask)
        segment_list_push(&h->segments[kind], seg);
    seg->free_mask |= 1u << pg->index;
    if (seg->free_mask == all) {
        segment_list_remove(&h->segments[kind], seg);
        segment_release(seg);
    }
}
