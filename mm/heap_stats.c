/*
 * mm/heap_stats.c - heap_get_stats and the other whole-heap operations (trim, page limit).
 *
 * Counting costs the fast paths one increment: each heap counts the blocks its CPU allocated
 * and freed per queue (allocs[], frees[]), and the blocks its pages hold (carved[]). A block
 * freed on another CPU is counted there, so one heap's difference can be negative; the sums
 * over all heaps are exact when nobody is allocating. bytes_in_use counts block sizes (what
 * the heap has handed out), not the sizes asked for.
 *
 * bytes_peak cannot be kept exactly without a shared counter on every call, so it is sampled:
 * whenever the heap takes memory from the page allocator (heap_pages_get) and at every
 * heap_get_stats. Between samples bytes_in_use grows only inside memory already held, so the
 * peak is low by at most the free blocks the heaps held at the time of the true peak.
 */
#include "mm/heap.h"
#include "mm/fence.h"

static void sum_heaps(uint64_t *allocs, uint64_t *frees, int64_t *carved)
{
    for (unsigned i = 0; i < NHEAPS; i++) {
        struct heap *h = &heap_state.heaps[i];
        if (!__atomic_load_n(&h->used, __ATOMIC_RELAXED) && i != 0)
            continue;
        for (unsigned q = 0; q < NQUEUES; q++) {
            allocs[q] += STAT_READ(h->q[q].allocs);
            frees[q] += STAT_READ(h->q[q].frees);
            carved[q] += STAT_READ(h->q[q].carved);
        }
    }
}

static size_t small_bytes_in_use(void)
{
    uint64_t allocs[NQUEUES] = {0}, frees[NQUEUES] = {0};
    int64_t carved[NQUEUES] = {0};
    size_t bytes = 0;

    sum_heaps(allocs, frees, carved);
    for (unsigned q = 0; q < NQUEUES; q++)
        bytes += (size_t)(allocs[q] - frees[q]) * heap_state.class_size[q % HEAP_NCLASSES];
    return bytes;
}

void heap_sample_peak(void)
{
    size_t blocks, large_bytes;
    heap_large_stats(&blocks, &large_bytes, NULL, NULL);
    size_t now = small_bytes_in_use() + large_bytes;
    size_t peak = __atomic_load_n(&heap_state.bytes_peak, __ATOMIC_RELAXED);
    while (now > peak && !__atomic_compare_exchange_n(&heap_state.bytes_peak, &peak, now, true,
                                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

/**
 * heap_get_stats - fill *out with the heap's counters (see struct heap_stats).
 * Context: any CPU; takes the large-block lock briefly.
 */
void heap_get_stats(struct heap_stats *out)
{
    uint64_t allocs[NQUEUES] = {0}, frees[NQUEUES] = {0};
    int64_t carved[NQUEUES] = {0};
    size_t large_blocks, large_bytes;
    uint64_t large_allocs, large_frees;

    heap_init_once();
    memset(out, 0, sizeof *out);
    sum_heaps(allocs, frees, carved);
    heap_large_stats(&large_blocks, &large_bytes, &large_allocs, &large_frees);
    for (unsigned q = 0; q < NQUEUES; q++) {
        unsigned c = q % HEAP_NCLASSES;
        size_t in_use = (size_t)(allocs[q] - frees[q]);
        out->classes[c].size = heap_state.class_size[c];
        out->classes[c].in_use += in_use;
        out->classes[c].free += (size_t)carved[q] - in_use;
        out->bytes_in_use += in_use * heap_state.class_size[c];
        out->nallocs += allocs[q];
        out->nfrees += frees[q];
    }
    out->bytes_in_use += large_bytes;
    out->nallocs += large_allocs;
    out->nfrees += large_frees;
    out->large_in_use = large_blocks;
    fence_add_stats(out);
    out->bytes_mapped = __atomic_load_n(&heap_state.bytes_mapped, __ATOMIC_RELAXED);
    heap_sample_peak();
    out->bytes_peak = __atomic_load_n(&heap_state.bytes_peak, __ATOMIC_RELAXED);
    if (out->bytes_peak < out->bytes_in_use)
        out->bytes_peak = out->bytes_in_use;
}

/**
 * heap_trim - give the cached empty segments and large runs back to the page allocator.
 * Returns the bytes released. Context: any CPU, no heap lock held.
 */
size_t heap_trim(void)
{
    return heap_segment_trim() + heap_large_trim();
}

void heap_set_page_limit(size_t bytes)
{
    __atomic_store_n(&heap_state.page_limit, bytes, __ATOMIC_RELAXED);
}
