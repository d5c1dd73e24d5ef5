/*
 * mm/heap_page.c - pages: the heap's slow paths for small and medium blocks.
 *
 * A heap keeps, per queue id (size class, or class + HEAP_NCLASSES in debug mode):
 *   direct[qid]   the page kmalloc pops from;
 *   queues[qid]   its pages that may have free blocks or room to carve;
 *   full[qid]     pages found full, set aside so refills do not walk them again (mimalloc's
 *                 full queue). An owner free into a full page moves it back at once; a remote
 *                 free into one goes onto its thread_free list as always, and the page (once,
 *                 flagged by delayed_queued) onto the heap's `delayed` list, which every refill
 *                 drains first (mimalloc's delayed free, by page rather than by block: the
 *                 owner takes the blocks without touching them). While on that list a page is
 *                 not released, even when empty. A remote free that races the page becoming
 *                 full sets the queue's bit in remote_hint instead, and the next refill of that
 *                 queue that would otherwise take a new page sweeps its full list.
 * Pages come from the heap's own segments and go back to them when they empty
 * (mm/heap_segment.c), so none of this takes a lock.
 *
 * Context: everything here runs on the heap's own CPU (or under the shared heap's lock).
 */
#include "mm/heap.h"

/* ---- queues ----------------------------------------------------------------------------------- */

static void queue_remove(struct heap_queue *q, struct heap_page *pg)
{
    if (pg->prev)
        pg->prev->next = pg->next;
    else
        q->first = pg->next;
    if (pg->next)
        pg->next->prev = pg->prev;
    else
        q->last = pg->prev;
    pg->next = pg->prev = NULL;
}

static void queue_push_front(struct heap_queue *q, struct heap_page *pg)
{
    pg->prev = NULL;
    pg->next = q->first;
    if (q->first)
        q->first->prev = pg;
    else
        q->last = pg;
    q->first = pg;
}

static void queue_push_back(struct heap_queue *q, struct heap_page *pg)
{
    pg->next = NULL;
    pg->prev = q->last;
    if (q->last)
        q->last->next = pg;
    else
        q->first = pg;
    q->last = pg;
}

static void page_set_flags(struct heap_page *pg, uint8_t flags)
{
    page_set_owner(pg, page_owner(pg), flags);
}

/* ---- pages ------------------------------------------------------------------------------------ */

static struct heap_page *page_new(struct heap *h, unsigned qid)
{
    unsigned cls = qid % HEAP_NCLASSES;
    enum segment_kind kind = cls == GROW_QID ? SEGMENT_GROW
                             : cls <= SMALL_CLASS_MAX ? SEGMENT_SMALL : SEGMENT_MEDIUM;
    struct heap_page *pg = heap_segment_page_take(h, kind);

    if (!pg)
        return NULL;
    struct heap_segment *seg = segment_of(pg);
    char *base = (char *)seg + ((uintptr_t)pg->index << seg->page_shift);
    char *end = base + ((uintptr_t)1 << seg->page_shift);
    pg->start = pg->index == 0 ? (char *)seg + SEGMENT_HEADER_BYTES : base;
    pg->block_size = heap_state.class_size[cls];
    pg->reserved = (uint16_t)((size_t)(end - pg->start) / pg->block_size);
    pg->used = 0;
    pg->direct_ref = false;
    pg->allocs_base = 0;
    pg->free = NULL;
    pg->qid = (uint8_t)qid;
    pg->next = pg->prev = NULL;
    __atomic_store_n(&pg->thread_free, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&pg->capacity, 0, __ATOMIC_RELAXED);
    page_set_owner(pg, h, qid >= HEAP_NCLASSES ? PAGE_DEBUG : 0);
    return pg;
}

/* Return an empty page to its segment (and so, maybe, an empty segment to the cache). */
static void page_release(struct heap *h, struct heap_page *pg)
{
    pg->free = NULL;
    pg->reserved = 0;
    pg->block_size = 0;
    __atomic_store_n(&pg->capacity, 0, __ATOMIC_RELAXED);
    page_set_owner(pg, NULL, 0);
    heap_segment_page_return(h, pg);
}

/* Carve up to PAGE_EXTEND_BYTES of fresh blocks onto pg's (empty) free list. */
static void page_extend(struct heap_page *pg)
{
    uint32_t n = PAGE_EXTEND_BYTES / pg->block_size;
    uint32_t cap = pg->capacity;
    char *first = pg->start + (size_t)cap * pg->block_size;

    if (n == 0)
        n = 1;
    if (n > pg->reserved - cap)
        n = pg->reserved - cap;
    if (pg->flags & PAGE_DEBUG)
        heap_debug_poison_carved(first, pg->block_size, n);
    struct heap_block *b = (struct heap_block *)first;
    for (uint32_t i = 0; i + 1 < n; i++) {
        struct heap_block *next = (struct heap_block *)((char *)b + pg->block_size);
        block_set_next(b, next);
        b = next;
    }
    block_set_next(b, pg->free);
    pg->free = (struct heap_block *)first;
    /* Carved blocks are written before capacity says they exist; remote frees only see
     * blocks handed to them after this, so relaxed is enough. */
    __atomic_store_n(&pg->capacity, (uint16_t)(cap + n), __ATOMIC_RELAXED);
}

/*
 * Whether b, read from a thread_free chain of pg, lies in pg's carved blocks, 16-byte aligned:
 * a link another CPU wrote is checked before it is followed, so a corrupted one is reported
 * instead of walked into memory the page does not hold. (That it is a block's start follows
 * from its live bit, set only at the start of a block handed out: checked next.)
 */
static bool chain_block_ok(const struct heap_page *pg, const struct heap_block *b)
{
    uintptr_t offset = (uintptr_t)b - (uintptr_t)pg->start;

    return offset < (uintptr_t)pg->capacity * pg->block_size &&
           !((uintptr_t)b & ((1u << GRANULE_SHIFT) - 1));
}

/**
 * heap_collect_remote - move the blocks other CPUs freed into pg onto its own free list.
 *
 * The blocks are taken with one exchange, then walked once: each must lie in pg, carry its
 * remote-free record (mm/heap.h; a block written after its free has lost it) and still be
 * handed out (its live bit set: a block also freed by its owner, or twice by CPUs racing each
 * other, is free already). Each block's live bit is flipped back and its record cleared (for a
 * debug page, poisoned again). Any failure is reported, naming the CPU that freed the block,
 * before the block reaches the free list. The walk reads lines the owner will read anyway when
 * it hands the blocks out again. Context: pg's owner.
 */
void heap_collect_remote(struct heap_page *pg)
{
    if (!__atomic_load_n(&pg->thread_free, __ATOMIC_RELAXED))
        return;
    /* Acquire pairs with the release compare-and-swap in push_chain (mm/heap_remote.c). */
    uintptr_t tf = __atomic_exchange_n(&pg->thread_free, 0, __ATOMIC_ACQUIRE);
    struct heap_block *head = tf_head(tf), *tail = NULL;
    uint32_t n = tf_count(tf);
    uintptr_t cleared = (page_flags(pg) & PAGE_DEBUG) ? (uintptr_t)0x0101010101010101ull *
                                                        POISON_FREE_BYTE : 0;

    for (struct heap_block *b = head; b; b = block_next(b)) {
        if (!chain_block_ok(pg, b))
            heap_report_collected_bad(b, pg, 0, "its free-list link was overwritten");
        uintptr_t record = *remote_record_word(b);
        if (!is_remote_record(b, record))
            heap_report_collected_bad(b, pg, record, "it was written after its free");
        if (!(__atomic_load_n(live_word(b), __ATOMIC_RELAXED) & granule_mask(b)))
            heap_report_collected_bad(b, pg, record, "it was freed twice");
        flip_live(b);
        *remote_record_word(b) = cleared;
        tail = b;
        if (!n--)
            heap_report_collected_bad(b, pg, record, "its free-list links loop");
    }
    if (n)
        heap_report_collected_bad(head, pg, 0, "blocks are missing from the chain");
    block_set_next(tail, pg->free);
    pg->free = head;
    pg->used = (uint16_t)(pg->used - tf_count(tf));
    STAT_ADD(page_owner(pg)->remote_collected[pg->qid], tf_count(tf));
}

/**
 * heap_drain_delayed - take back the blocks other CPUs freed into h's full pages: the pages on
 * h's delayed list go back to their class queues with their thread_free lists collected.
 * Context: h's owner (or h's lock).
 */
void heap_drain_delayed(struct heap *h)
{
    if (!__atomic_load_n(&h->delayed, __ATOMIC_RELAXED))
        return;
    /* Acquire pairs with the release compare-and-swap in push_chain (mm/heap_remote.c). */
    struct heap_page *pg = __atomic_exchange_n(&h->delayed, NULL, __ATOMIC_ACQUIRE), *next;
    for (; pg; pg = next) {
        next = pg->delayed_next;
        /* From here another CPU may queue pg again (it is off our list). Release pairs with
         * the acquire-release exchange in push_chain. */
        __atomic_store_n(&pg->delayed_queued, 0, __ATOMIC_RELEASE);
        heap_collect_remote(pg);
        if (pg->flags & PAGE_FULL)
            heap_page_unfull(h, pg);
        if (pg->used == 0)
            heap_page_empty(h, pg);
    }
}

/* Whether the owner may release pg now: no block handed out, and not on its owner's delayed
 * list (where heap_drain_delayed will find it and release it). */
static bool page_releasable(const struct heap_page *pg)
{
    return !pg->direct_ref && pg->used == 0 &&
           !__atomic_load_n(&pg->delayed_queued, __ATOMIC_ACQUIRE);
}

static bool page_has_room(struct heap_page *pg)
{
    if (pg->free)
        return true;
    heap_collect_remote(pg);   /* with no local free blocks: takes the list without a walk */
    if (pg->free)
        return true;
    if (pg->capacity < pg->reserved) {
        page_extend(pg);
        return true;
    }
    return false;
}

/* Move pg from the class queue to the full list; false if a remote free raced in. */
static bool page_mark_full(struct heap *h, struct heap_page *pg)
{
    queue_remove(&h->queues[pg->qid], pg);
    queue_push_front(&h->full[pg->qid], pg);
    page_set_flags(pg, pg->flags | PAGE_FULL);
    /* Paired with the seq-cst compare-and-swap in push_chain (mm/heap_remote.c): either that
     * free sees PAGE_FULL and sets remote_hint, or we see its block here. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&pg->thread_free, __ATOMIC_RELAXED)) {
        heap_page_unfull(h, pg);
        return false;
    }
    return true;
}

/* Back into the class queue, at the end (as mimalloc does): a page with one block just freed
 * is a poor next page, the refill walk should find fuller-of-free pages first. */
void heap_page_unfull(struct heap *h, struct heap_page *pg)
{
    queue_remove(&h->full[pg->qid], pg);
    queue_push_back(&h->queues[pg->qid], pg);
    page_set_flags(pg, pg->flags & ~PAGE_FULL);
}

/* Remote frees landed in full pages of queue q: look at its full pages again. */
static void sweep_full(struct heap *h, unsigned q)
{
    struct heap_page *pg = h->full[q].first, *next;
    for (; pg; pg = next) {
        next = pg->next;
        if (__atomic_load_n(&pg->thread_free, __ATOMIC_RELAXED)) {
            heap_collect_remote(pg);
            heap_page_unfull(h, pg);
            if (page_releasable(pg) && pg != h->q[q].direct) {
                queue_remove(&h->queues[q], pg);
                page_release(h, pg);
            }
        }
    }
}

/*
 * Count in pg's `used` the blocks handed out from it since allocs_base. pg is h's direct page
 * (direct_ref) for its queue, the only page that queue's kmalloc pops from, so those are the
 * queue's allocations since then: kmalloc counts them once, in h->q[qid].allocs, and not in
 * `used` too. Arithmetic modulo 2^16 as `used` itself: a page holds at most 4096 blocks.
 * Context: h's owner (or h's lock).
 */
static void page_settle(struct heap *h, struct heap_page *pg)
{
    uint64_t allocs = STAT_READ(h->q[pg->qid].allocs);

    pg->used = (uint16_t)(pg->used + (uint16_t)(allocs - pg->allocs_base));
    pg->allocs_base = allocs;
}

/*
 * Make pg (or heap_empty_page) queue qid's direct page. The direct page holds one count of its
 * own in `used` (direct_ref), and does not count there the blocks kmalloc hands out from it:
 * those are h->q[qid].allocs - allocs_base, folded in by page_settle when the page stops being
 * direct (and for heap_give_back and heap_get_stats). So kmalloc updates one counter, not two
 * (docs/mm.md), and while a page is direct
 * its `used` says nothing: kfree's `--used == 0` may reach heap_page_empty, which keeps any
 * page with direct_ref. The page with direct_ref is h->direct_held[qid], which only h changes:
 * heap_set_flag_all empties other CPUs' q[].direct, and the page it leaves behind is settled
 * at the queue's next heap_set_direct (until then every block handed out from the queue came
 * from it). Context: h's owner (or h's lock).
 */
void heap_set_direct(struct heap *h, unsigned qid, struct heap_page *pg)
{
    struct heap_page *next = pg == &heap_empty_page ? NULL : pg;
    struct heap_page *old = h->direct_held[qid];

    h->q[qid].direct = pg;
    if (old == next)
        return;
    if (next) {
        next->direct_ref = true;
        next->used++;
        next->allocs_base = STAT_READ(h->q[qid].allocs);
    }
    h->direct_held[qid] = next;
    if (old) {
        page_settle(h, old);
        old->direct_ref = false;
        if (--old->used == 0)
            heap_page_empty(h, old);
    }
}

/**
 * heap_refill - find heap h a page of queue qid with a free block and make it the direct page.
 * Returns the page, or NULL when memory is exhausted. Context: h's owner (or h's lock).
 */
struct heap_page *heap_refill(struct heap *h, unsigned qid)
{
    struct heap_page *pg, *next;

    /* Memory ran short somewhere since we last looked: give back what this heap keeps empty
     * first, so the CPU that ran out (waiting in heap_pages_get) finds it. */
    if (unlikely(heap_short_unseen(h)))
        heap_give_back(h);
    heap_flush_remote(h);
    heap_drain_delayed(h);
    pg = h->q[qid].direct;
    if (pg != &heap_empty_page && page_has_room(pg))
        return pg;
    for (pg = h->queues[qid].first; pg; pg = next) {
        next = pg->next;
        if (page_has_room(pg) || !page_mark_full(h, pg)) {
            if (!pg->free)
                heap_collect_remote(pg);
            heap_set_direct(h, qid, pg);
            return pg;
        }
    }
    uint64_t bit = (uint64_t)1 << (qid % 64);
    if (__atomic_load_n(&h->remote_hint[qid / 64], __ATOMIC_RELAXED) & bit) {
        __atomic_fetch_and(&h->remote_hint[qid / 64], ~bit, __ATOMIC_RELAXED);
        sweep_full(h, qid);
        for (pg = h->queues[qid].first; pg; pg = pg->next)
            if (page_has_room(pg)) {
                heap_set_direct(h, qid, pg);
                return pg;
            }
    }
    pg = page_new(h, qid);
    if (!pg) {
        heap_set_direct(h, qid, &heap_empty_page);
        return NULL;
    }
    queue_push_front(&h->queues[qid], pg);
    page_extend(pg);
    heap_set_direct(h, qid, pg);
    return pg;
}

/**
 * heap_page_empty - pg's last block came back. Keep it if it is the class's current page (so
 * a class that cycles one block does not take and release a page each time); otherwise give
 * it back to its segment. Context: pg's owner.
 */
void heap_page_empty(struct heap *h, struct heap_page *pg)
{
    if (!page_releasable(pg))   /* also keeps the direct page (direct_ref) */
        return;
    /* The sampler hides the direct page (mm/fence.c): keep the page allocations come from. */
    if ((__atomic_load_n(&h->flags, __ATOMIC_RELAXED) & HEAP_FENCE) &&
        pg == h->queues[pg->qid].first)
        return;
    if (pg->flags & PAGE_FULL)
        queue_remove(&h->full[pg->qid], pg);
    else
        queue_remove(&h->queues[pg->qid], pg);
    page_release(h, pg);
}

/**
 * heap_give_back - memory is short: return every page of h that holds no block to its segment,
 * after taking back the blocks other CPUs freed into h, and the queues' current pages too (the
 * hysteresis that keeps them is for speed, and not worth an allocation failing elsewhere).
 * Segments left empty go to the cache, which heap_pages_get trims when the page allocator says
 * no. Without this, an empty page a class keeps pins its 2 MiB segment: after an exhaustion a
 * heap could hold megabytes it is not using while another CPU's (or another kind's) request fails.
 * Context: h's owner (or h's lock).
 */
void heap_give_back(struct heap *h)
{
    uint32_t epoch = __atomic_load_n(&heap_state.short_epoch, __ATOMIC_RELAXED);

    /* A CPU may give back while idle, which heap_get_stats must not count as allocating: it
     * walks again if this changed meanwhile (a seqcount). The release fence orders the odd
     * value before our page changes; paired with the acquire fence in count_queues. */
    __atomic_store_n(&h->stats_seq, h->stats_seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    heap_flush_remote(h);
    heap_drain_delayed(h);
    for (unsigned q = 0; q < NQUEUES; q++) {
        struct heap_page *pg, *next;

        sweep_full(h, q);
        for (pg = h->queues[q].first; pg; pg = next) {
            next = pg->next;
            heap_collect_remote(pg);
            if (page_releasable(pg) && pg != h->q[q].direct) {
                queue_remove(&h->queues[q], pg);
                page_release(h, pg);
            }
        }
        /* The current page holds one count of its own (heap_set_direct); replacing it with the
         * empty page releases it when that was the last. */
        pg = h->direct_held[q];
        if (pg) {
            page_settle(h, pg);
            if (pg->used == 1)
                heap_set_direct(h, q, &heap_empty_page);
        }
    }
    /* Read by a CPU waiting for the heaps to give back (others_gave_back): after the pages. */
    __atomic_store_n(&h->short_seen, epoch, __ATOMIC_RELEASE);
    /* Release: our page changes before the even value (paired as above). */
    __atomic_store_n(&h->stats_seq, h->stats_seq + 1, __ATOMIC_RELEASE);
}
