/*
 * mm/heap_stats.c - heap_get_stats and the other whole-heap operations (trim, page limit).
 *
 * Counting costs the fast paths one increment per malloc+free pair: each heap counts the
 * blocks its CPU allocated per queue (q[].allocs); the owner's kfree counts nothing. The blocks
 * in use are found where the heap already keeps them: a page's `used` counts its blocks handed
 * out and not yet seen back by its owner, so the blocks in use in a queue are the sum over its
 * pages of
 *     used - direct_ref (the direct page's own count, heap_set_direct)
 *          + for the direct page, the blocks handed out since allocs_base (heap_set_direct)
 * minus the blocks other CPUs freed that the owners have not collected yet (in a freeing CPU's
 * remote batch or on a page's thread_free list): remote_frees, counted by the freeing heap at
 * the kfree, minus remote_collected, counted by the owner as it takes them (heap_collect_remote).
 * Counting those two rather than reading the batches and thread_free lists keeps the figures
 * exact while idle CPUs push their batches (heap_cpu_idle), which the walk would otherwise
 * race with. nfrees is then allocs - in use, and a queue's free blocks its pages' `reserved` -
 * in use. The pages are found through heap_state.segments_all (every segment a heap holds),
 * walked under segment_lock, which keeps its segments from going back to the cache (and the
 * page allocator) meanwhile; the pages' fields are read racily (STAT_PEEK), so the figures are
 * exact when no CPU is allocating or freeing, as before. Counting the owner's frees instead
 * cost its kfree 3 instructions and a store (the page's class, the heap's counter):
 * tools/bench-malloc lifo 7.58-7.68 -> 7.51-7.56 ns/op, random 11.35 -> 10.90-10.98 (medians
 * of 15 interleaved runs, the counter simply left out).
 *
 * bytes_peak cannot be kept exactly without a shared counter on every call, so it is sampled:
 * at every heap_get_stats, and when the heap takes memory from the page allocator
 * (heap_pages_get) once bytes_mapped has grown by 1/2^PEAK_SAMPLE_SHIFT since the last sample
 * or since its lowest point after it (each sample walks every segment, so not at every page
 * taken). A peak reached inside memory already held, or within that growth, is seen only by
 * the next heap_get_stats, which never reports a peak below the bytes in use it reports.
 */
#include "mm/heap.h"
#include "mm/fence.h"

/* Per queue: blocks allocated, in use, and held in pages (their `reserved`), over all heaps. */
struct queue_counts {
    uint64_t allocs;
    int64_t in_use;
    int64_t reserved;
};

static void count_queues_once(struct queue_counts *c)
{
    for (unsigned i = 0; i < NHEAPS; i++) {
        struct heap *h = &heap_state.heaps[i];
        if (!__atomic_load_n(&h->used, __ATOMIC_RELAXED) && i != 0)
            continue;
        for (unsigned q = 0; q < NQUEUES; q++) {
            c[q].allocs += STAT_READ(h->q[q].allocs);
            c[q].in_use -= (int64_t)(STAT_READ(h->remote_frees[q]) -
                                     STAT_READ(h->remote_collected[q]));
        }
    }
    heap_lock(&heap_state.segment_lock);
    for (struct heap_segment *seg = heap_state.segments_all; seg; seg = seg->all_next) {
        for (unsigned i = 0; i < seg->npages; i++) {
            struct heap_page *pg = &seg->pages[i];
            uintptr_t owner_word = __atomic_load_n(&pg->owner_word, __ATOMIC_RELAXED);
            if (!owner_word)
                continue;   /* not in use */
            uint8_t q = STAT_PEEK(pg->qid);
            if (q >= NQUEUES)
                continue;
            uint16_t used = STAT_PEEK(pg->used);
            if (STAT_PEEK(pg->direct_ref)) {
                const struct heap *owner = (const struct heap *)(owner_word & ~PAGE_OWNER_SLOW);
                used = (uint16_t)(used - 1 + (uint16_t)(STAT_READ(owner->q[q].allocs) -
                                                        STAT_PEEK(pg->allocs_base)));
            }
            c[q].in_use += used;
            c[q].reserved += STAT_PEEK(pg->reserved);
        }
    }
    heap_unlock(&heap_state.segment_lock);
}

/* The sum of the heaps' stats_seq, and whether one of them is giving back now (odd). */
static uint64_t give_back_seq(bool *busy)
{
    uint64_t sum = 0;

    *busy = false;
    for (unsigned i = 0; i < NHEAPS; i++) {
        uint32_t seq = __atomic_load_n(&heap_state.heaps[i].stats_seq, __ATOMIC_ACQUIRE);
        sum += seq;
        *busy |= seq & 1;
    }
    return sum;
}

/*
 * Count the queues (count_queues_once) while no heap gives back (heap_give_back, which an idle
 * CPU runs when memory ran short), walking again when one did meanwhile, at most
 * STATS_WALK_TRIES times: the figures are exact when no CPU allocates or frees, as the
 * counters they replace were. The acquire fences pair with the release ones in
 * heap_give_back.
 */
#define STATS_WALK_TRIES 8
static void count_queues(struct queue_counts *c)
{
    for (unsigned tries = 1;; tries++) {
        bool busy, busy_after;
        uint64_t before = give_back_seq(&busy);

        memset(c, 0, NQUEUES * sizeof *c);
        count_queues_once(c);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if ((!busy && give_back_seq(&busy_after) == before) || tries == STATS_WALK_TRIES)
            return;
        __builtin_ia32_pause();
    }
}

/* Blocks of queue q in use, from c: never negative, nor above the allocations (the walk races
 * with other CPUs when they are allocating). */
static size_t queue_in_use(const struct queue_counts *c)
{
    if (c->in_use < 0)
        return 0;
    return (uint64_t)c->in_use > c->allocs ? (size_t)c->allocs : (size_t)c->in_use;
}

/* A sample of the bytes in use (pages and large runs): raise bytes_peak to it, and sample again
 * once bytes_mapped grew by 1/2^PEAK_SAMPLE_SHIFT from here. `mapped` is bytes_mapped read
 * before the walk that found `bytes`. */
static void peak_sampled(size_t bytes, size_t mapped)
{
    __atomic_store_n(&heap_state.peak_sample_mapped, mapped + (mapped >> PEAK_SAMPLE_SHIFT),
                     __ATOMIC_RELAXED);
    size_t peak = __atomic_load_n(&heap_state.bytes_peak, __ATOMIC_RELAXED);
    while (bytes > peak && !__atomic_compare_exchange_n(&heap_state.bytes_peak, &peak, bytes,
                                                        true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

void heap_sample_peak(void)
{
    struct queue_counts c[NQUEUES] = {0};
    size_t blocks, bytes;

    size_t mapped = __atomic_load_n(&heap_state.bytes_mapped, __ATOMIC_RELAXED);
    heap_large_stats(&blocks, &bytes, NULL, NULL);
    count_queues(c);
    for (unsigned q = 0; q < NQUEUES; q++)
        bytes += queue_in_use(&c[q]) * heap_state.class_size[q % HEAP_NCLASSES];
    peak_sampled(bytes, mapped);
}

/**
 * heap_get_stats - fill *out with the heap's counters (see struct heap_stats).
 * Context: any CPU; takes the segment lock (walking every segment's page records) and the
 * large-block lock briefly.
 */
void heap_get_stats(struct heap_stats *out)
{
    struct queue_counts c[NQUEUES] = {0};
    size_t large_blocks, large_bytes;
    uint64_t large_allocs, large_frees;

    heap_init_once();
    memset(out, 0, sizeof *out);
    size_t mapped = __atomic_load_n(&heap_state.bytes_mapped, __ATOMIC_RELAXED);
    count_queues(c);
    heap_large_stats(&large_blocks, &large_bytes, &large_allocs, &large_frees);
    for (unsigned q = 0; q < NQUEUES; q++) {
        unsigned cls = q % HEAP_NCLASSES;
        size_t in_use = queue_in_use(&c[q]);
        out->classes[cls].size = heap_state.class_size[cls];
        out->classes[cls].in_use += in_use;
        out->classes[cls].free += c[q].reserved > (int64_t)in_use ? (size_t)c[q].reserved - in_use : 0;
        out->bytes_in_use += in_use * heap_state.class_size[cls];
        out->nallocs += c[q].allocs;
        out->nfrees += c[q].allocs - in_use;
    }
    out->bytes_in_use += large_bytes;
    out->nallocs += large_allocs;
    out->nfrees += large_frees;
    out->large_in_use = large_blocks;
    /* The walk just made is a peak sample (without the sampler's blocks, as heap_sample_peak). */
    peak_sampled(out->bytes_in_use, mapped);
    fence_add_stats(out);
    out->bytes_mapped = __atomic_load_n(&heap_state.bytes_mapped, __ATOMIC_RELAXED);
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
