/*
 * mm/heap_remote.c - frees of blocks whose page another CPU owns (mimalloc's thread-free list,
 * with a per-CPU batch in front of it after tcmalloc's transfer batches).
 *
 * A block freed by a CPU that does not own its page must reach the owner without a lock. Two
 * things change in shared memory for it, both on the block's own cache line and the page's
 * thread_free word, never on the owner's bitmap lines (which only the owner writes):
 *   - the block's second word gets a remote-free record naming this CPU (mm/heap.h). kfree had
 *     checked the block's live bit (handed out); a record already there means the block is
 *     freed and waiting for its owner, and this kfree is reported as a double free naming both
 *     CPUs, at once, whatever CPU the second free runs on (the owner's kfree reads the word
 *     too). The owner checks and clears the records when it collects the blocks, and flips
 *     their live bits back then (heap_collect_remote), so a block written after its free is
 *     caught there, and two frees that raced each other on two CPUs at the latest there;
 *   - the block is pushed onto its page's thread_free list (one compare-and-swap), and while
 *     the page is full, the page onto the owner heap's delayed list (once: push_chain).
 * The push is what the batch saves. The freeing heap keeps up to REMOTE_BATCH_SLOTS chains,
 * one per remote page (direct-mapped by the page record's address); a free links its block
 * onto its page's chain with plain stores, and the chain is pushed whole, with one
 * compare-and-swap, when it reaches REMOTE_BATCH_BLOCKS blocks, when another page takes its
 * slot, and at the freeing heap's next refill, when it gives memory back, when its CPU goes idle
 * (heap_cpu_idle, from the kernel's idle loop) and (hosted) when its thread exits. So the
 * thread_free word's cache line (one of its own: see struct heap_page) moves between the CPUs
 * once per chain instead of once per block (docs/mm.md has larson's chain lengths).
 *
 * What a block in a chain is: free. It carries its record (a second kfree of it, on any CPU,
 * is reported as a double free), the freeing heap counted the free (remote_frees, which
 * heap_get_stats subtracts until the owner collects the block), and its page's `used` still
 * counts it, so the page, and its segment, cannot be released or change owner under the
 * chain. The cost is latency: the owner sees such blocks
 * only after the push, at most REMOTE_BATCH_SLOTS * REMOTE_BATCH_BLOCKS blocks per heap.
 *
 * Context: the freeing heap's own CPU for everything touching h->remote (the batch is per-CPU
 * state like the direct pages); any CPU for the pushes.
 */
#include "mm/heap.h"

/*
 * Mark b, a block of pg that kfree found handed out (its live bit set), as freed by heap `freer`
 * (remote_record, mm/heap.h); report a double free if it carries a record already: another
 * free, on this or another CPU, put it on the way to its owner, who has not collected it yet.
 * The record is written on b's own cache line, which the free writes anyway (its link): the
 * owner's bitmap lines are only read, never written, by other CPUs.
 */
static inline void remote_claim(unsigned freer, struct heap_page *pg, struct heap_block *b,
                                uintptr_t caller)
{
    uintptr_t *w = remote_record_word(b);
    uintptr_t old = *w;

    if (unlikely(is_remote_record(b, old)))
        heap_report_remote_double_free("kfree", b, pg, old, freer, caller);
    *w = remote_record(b, freer);
}

/*
 * Hand the chain head..tail (n blocks of pg, linked with block_set_next, each with its record)
 * to pg's owner: onto pg's thread_free list, and, while pg is full (set aside by its owner, who
 * will not look at its thread_free list soon), pg onto the owner heap's delayed list, which its
 * next refill drains. The page, not each block, goes on that list: the owner then takes the
 * blocks with one exchange, without touching them (they were another CPU's cache lines). In
 * larson half the remote frees met a full page, and a list of blocks cost the owner a walk
 * (a cache miss and ~10 instructions a block) and every chain a compare-and-swap on one word.
 * Everything about pg is read before the push: once the blocks are on thread_free, the owner
 * may take them, empty the page and release it (unless delayed_queued is set).
 */
static void push_chain(struct heap_page *pg, struct heap_block *head, struct heap_block *tail,
                       uint32_t n)
{
    struct heap *owner = page_owner(pg);   /* stable: pg's used counts our blocks */
    /* Acquire/release: paired with the owner's release store clearing it in
     * heap_drain_delayed, so the owner's read of delayed_next comes before our write. */
    bool queue_page = (page_flags(pg) & PAGE_FULL) &&
                      !__atomic_exchange_n(&pg->delayed_queued, 1, __ATOMIC_ACQ_REL);
    uintptr_t old = __atomic_load_n(&pg->thread_free, __ATOMIC_RELAXED);
    do
        tail->next = (uintptr_t)tf_head(old) ^ link_key(tail);
    /* Release: the owner's acquire exchange in heap_collect_remote sees the chain's links.
     * Seq-cst so the flags load below cannot pass it: paired with the fence in
     * page_mark_full. */
    while (!__atomic_compare_exchange_n(&pg->thread_free, &old, tf_pack(head, tf_count(old) + n),
                                        true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    if (queue_page) {
        /* pg stays unreleased while delayed_queued is set. Release pairs with the acquire
         * exchange in heap_drain_delayed (it reads delayed_next). */
        struct heap_page *top = __atomic_load_n(&owner->delayed, __ATOMIC_RELAXED);
        do
            pg->delayed_next = top;
        while (!__atomic_compare_exchange_n(&owner->delayed, &top, pg, true, __ATOMIC_RELEASE,
                                            __ATOMIC_RELAXED));
        return;
    }
    /* The page became full between our flags check and the push: make the owner sweep. */
    if (!old && (__atomic_load_n(&pg->flags, __ATOMIC_SEQ_CST) & PAGE_FULL))
        __atomic_fetch_or(&owner->remote_hint[pg->qid / 64],
                          (uint64_t)1 << (pg->qid % 64), __ATOMIC_RELAXED);
}

/**
 * heap_free_remote - free b, a checked block of pg, which another heap owns, at once.
 * Context: any CPU (the hosted shared heap's threads, under its lock).
 */
void heap_free_remote(struct heap *h, struct heap_page *pg, struct heap_block *b,
                      uintptr_t caller)
{
    remote_claim(h->id, pg, b, caller);
    block_set_next(b, NULL);
    push_chain(pg, b, b, 1);
}

static void batch_push(struct heap *h, struct remote_batch *rb)
{
    push_chain(rb->page, rb->head, rb->tail, rb->count);
    h->remote_held -= rb->count;
    rb->page = NULL;
    rb->count = 0;
}

/* The chain in rb has just reached REMOTE_BATCH_BLOCKS: push it. Out of line, like
 * batch_start, so heap_free_remote_batched's common case calls nothing and needs no frame. */
static __attribute__((noinline)) void batch_full(struct heap *h, struct remote_batch *rb)
{
    batch_push(h, rb);
}

/* Start a chain for pg with b in slot rb, pushing the chain of another page the slot held. */
static __attribute__((noinline)) void batch_start(struct heap *h, struct remote_batch *rb,
                                                  struct heap_page *pg, struct heap_block *b)
{
    if (rb->count)
        batch_push(h, rb);
    block_set_next(b, NULL);
    rb->page = pg;
    rb->head = rb->tail = b;
    rb->count = 1;
    h->remote_held++;
}

/**
 * heap_free_remote_batched - free b, a checked block of pg, which another heap owns, through
 * h's batch: pushed to the owner with the other blocks h frees into pg. Counts the free in h.
 * Context: h's own CPU (not the hosted shared heap).
 */
void heap_free_remote_batched(struct heap *h, struct heap_page *pg, struct heap_block *b,
                              uintptr_t caller)
{
    /* The page's index in its segment (records are sizeof *pg apart), mixed with the
     * segment's address: the pages one heap frees into are mostly few segments' pages. */
    uintptr_t key = ((uintptr_t)pg / sizeof *pg) ^ ((uintptr_t)pg >> SEGMENT_SHIFT);
    struct remote_batch *rb = &h->remote[key % REMOTE_BATCH_SLOTS];

    remote_claim(h->id, pg, b, caller);
    STAT_ADD(h->remote_frees[pg->qid], 1);
    if (unlikely(rb->page != pg)) {
        batch_start(h, rb, pg, b);
        return;
    }
    block_set_next(b, rb->head);
    rb->head = b;
    h->remote_held++;
    if (unlikely(++rb->count >= REMOTE_BATCH_BLOCKS))
        batch_full(h, rb);
}

/**
 * heap_flush_remote - push every chain in h's batch to its page's owner.
 * Context: h's own CPU, or (hosted) the thread giving up h's slot.
 */
void heap_flush_remote(struct heap *h)
{
    for (unsigned i = 0; h->remote_held && i < REMOTE_BATCH_SLOTS; i++)
        if (h->remote[i].count)
            batch_push(h, &h->remote[i]);
}
