/*
 * mm/malloc.c - kmalloc/kfree and friends: the heap's entry points and fast paths.
 *
 * Layout (after mimalloc, "Mimalloc: Free List Sharding in Action", Leijen et al. 2019, and
 * CPython's obmalloc.c):
 *
 *   segment   a naturally aligned SEGMENT_SIZE (2 MiB) run from platform_page_alloc (order 9:
 *             the page allocator must offer runs that large). Its header (struct heap_segment
 *             and the live bitmap, first 28 KiB) describes its pages, so the metadata of any block
 *             is found in O(1) by masking the block's address: no per-object header. A segment
 *             holds either 32 small pages of 64 KiB, 4 medium pages of 512 KiB, or one growth
 *             block (below). mm/heap_map.c records which 2 MiB-aligned addresses are live
 *             segments and their page shift (a byte each), so a pointer the heap never handed
 *             out is recognised before anything is read from it, and kfree learns the page
 *             size from the map.
 *   page      the blocks of one size class, 16 bytes to 64 KiB (45 classes, four per power of
 *             two). A page has its own free list ("free list sharding"), carved lazily 4 KiB at a
 *             time so untouched memory stays untouched.
 *   large     blocks above 64 KiB are runs of pages of their own, naturally aligned (so any
 *             alignment up to the run size is free), found through a hash table (heap_large.c).
 *   growth    each CPU's realloc growth area: a buffer krealloc grows past GROW_MIN moves there
 *             once and then grows in place up to 2 MiB - 28 KiB, as glibc's top chunk lets a
 *             single growing buffer do (without it every doubling is a copy).
 *
 * Per-CPU heaps (struct heap, one per CPU): each segment and page belongs to one heap, and only
 * that heap's CPU allocates from it or pushes onto its `free` list, so the fast paths below are
 * plain loads and stores: no lock, no atomic instruction. In the kernel nothing preempts kmalloc
 * (threads switch only at explicit points and interrupt handlers never allocate), so the CPU's
 * heap is owned by whatever runs on it. A block freed by another CPU goes onto its page's
 * `thread_free` list (mimalloc's thread-free list), through a small per-CPU batch that chains
 * the blocks freed into one page and pushes them with one compare-and-swap (mm/heap_remote.c);
 * the owner takes the whole list with one exchange when the page's own list runs dry
 * (heap_collect_remote). The page record is split into three cache lines by who writes them
 * (mm/heap.h), and a remote free into a full page puts the page, once, on the owner's delayed
 * list rather than each block: cross-CPU frees cost cache lines moving between CPUs, not
 * instructions, so the design minimises the lines that move.
 *
 * Hosted, "CPU" means thread slot (tests/host/platform.c): a thread finds its heap through a
 * __thread pointer set on its first call (heaps[slot]); a thread's slot, and with it the heap
 * and all its pages, passes to the next thread that claims the slot when the first one exits
 * (platform_cpu_release_hook), as mimalloc reclaims abandoned heaps. Threads beyond
 * PLATFORM_MAX_CPUS share slots (platform_cpu_shared()); they all use one extra heap marked
 * HEAP_SHARED whose every operation takes its lock, so a slot is never used by two threads
 * without a lock. Their __thread pointer names a proxy heap that owns nothing and has no direct
 * pages, so the fast paths send them to the slow paths, which lock the shared heap. We chose
 * this over detecting sharing on every call because it costs the common case nothing: the fast
 * paths never read the heap's flags (debug mode also works by emptying the direct pages).
 *
 * Memory goes back with hysteresis: each class keeps its current page even when empty; other
 * pages that empty return to their segment; an empty segment goes to a small cache
 * (SEGMENT_CACHE_MAX) and only beyond it back to the page allocator, hosted after a decay
 * (SEGMENT_DECAY_MS, as jemalloc's decay of dirty pages: memory a burst freed is still mapped
 * when the program allocates again soon, instead of costing a page fault per 4 KiB); large runs
 * likewise (LARGE_CACHE_*). When the page allocator says no, the caches are emptied and the request
 * retried once; if that fails too, the heap gives back the empty pages it keeps (the classes'
 * current pages included, which may free whole segments) and tries once more; every other heap
 * does the same at its next refill or, woken by the platform (platform_memory_short), when it
 * idles, and the CPU that ran out waits a bounded time for them (heap_pages_get). A small block
 * that still finds no segment room takes a run of pages of its own (memory too fragmented for a
 * 2 MiB segment is not exhausted) before the heap returns NULL.
 *
 * Hardening, always on (OpenBSD malloc, SLUB, glibc's tcache key): every segment keeps a live
 * bit per 16-byte granule (mm/heap.h), set exactly while the block starting there is handed
 * out, written only by the owner. kfree accepts only a 16-byte aligned pointer whose segment is
 * in the map and whose bit is set, and a block that carries no remote-free record: a double
 * free (on any CPUs), an interior pointer or a pointer the heap never handed out is reported
 * exactly, with the block's class and the caller, before anything changes. A block freed by
 * another CPU keeps its live bit until the owner collects it; meanwhile its second word holds a
 * keyed record naming the CPU that freed it (mm/heap_remote.c), which every kfree reads on the
 * line it writes anyway, so a second free is reported at once, naming both CPUs. The freeing
 * CPU writes only the block and the page's thread_free word, never the owner's bitmap lines;
 * the owner checks each record and flips the bits back when it collects (heap_collect_remote),
 * which also catches a block written after its remote free. Chosen over the earlier design, in
 * which the freeing CPU flipped a "remote" bit beside the live bit with a locked instruction:
 * that wrote a line of the owner's on every cross-CPU free, and kfree loaded two bitmap words.
 * Free-list links can be stored encoded (SLUB's CONFIG_SLAB_FREELIST_HARDENED,
 * HEAP_ENCODE_FREELIST, off by default for its cost). Debug mode (heap_set_debug) adds poison
 * and redzones (mm/heap_check.c).
 *
 * The owner's fast paths, hardening included: kmalloc is a class table load, the direct page,
 * pop, an unlocked xor of the live word and a counter (which is also the direct page's `used`:
 * heap_set_direct); kfree is the map (a rotation, a compare and a byte load: the rotation also
 * rejects pointers that are not 16-byte aligned), the live word, one compare of the page's
 * owner word with the caller's heap (the word carries PAGE_OWNER_SLOW while the page is debug
 * or full, so that one compare is all three checks), the block's record word, the flip, the
 * push and `used` (frees
 * are not counted: mm/heap_stats.c). The caller's address (for reports) is read only on the slow
 * branches, and the bad-pointer report is reached by a jump, so kfree needs no stack frame.
 * Every call checks: nothing is deferred. docs/mm.md has what each of these choices measured,
 * and the alternatives tried and dropped.
 *
 * Statistics: one per-heap counter per malloc, written only by its CPU with one unlocked add;
 * frees are derived from the pages (mm/heap_stats.c).
 */
#include "mm/heap.h"
#include "mm/fence.h"

struct heap_state heap_state;

/* The page every class points at before it has a real one: no free blocks, so the fast path
 * falls through to heap_refill without a NULL check. */
struct heap_page heap_empty_page;

#define HEAP_READY 0x80   /* set by heap_init; without it every call takes the slow path */

static inline uint32_t heap_flags(const struct heap *h)
{
    return __atomic_load_n(&h->flags, __ATOMIC_RELAXED);
}

/* ---- which heap ------------------------------------------------------------------------------- */

static inline void heap_prepare(struct heap *h);

#ifdef PLATFORM_HOSTED
/* What a thread's heap pointer names before its first slow-path call: a heap that owns nothing
 * and whose every direct page is heap_empty_page, so the fast paths fall through to the slow
 * ones (which attach the thread) without a NULL check of their own. */
static struct heap heap_unattached = {
    .q = {[0 ... NQUEUES - 1] = {.direct = &heap_empty_page}},
};
static __thread struct heap *tls_heap __attribute__((tls_model("initial-exec"))) = &heap_unattached;

static void heap_release_slot(unsigned slot)
{
    /* The blocks this thread freed into other heaps' pages go to their owners now: the slot's
     * next thread may not free anything for a long time. */
    if (heap_flags(&heap_state.heaps[slot]) & HEAP_READY)
        heap_flush_remote(&heap_state.heaps[slot]);
    /* Whatever this thread still frees on its way out goes through the locked shared heap:
     * its slot's heap may already belong to the next thread. */
    tls_heap = &heap_state.heaps[SHARED_PROXY];
}

static __attribute__((noinline)) struct heap *heap_attach(void)
{
    struct heap *proxy = &heap_state.heaps[SHARED_PROXY];
    struct heap *h;

    heap_init_once();
    /* Claiming a slot may allocate (pthread_setspecific); those calls use the shared heap. */
    tls_heap = proxy;
    h = platform_cpu_shared() ? &heap_state.heaps[SHARED_HEAP] : &heap_state.heaps[platform_cpu_id()];
    heap_prepare(h);
    tls_heap = h == &heap_state.heaps[SHARED_HEAP] ? proxy : h;
    return tls_heap;
}

/* Hosted, a thread's heap pointer is set only after heap_prepare filled its direct pages. */
#define DIRECT_READY(pg) true
/* kfree may count a cross-CPU free in h directly: h is a thread slot's own heap, not
 * heap_unattached (not attached yet) nor the proxy that threads sharing the locked heap point
 * at. */
#define REMOTE_FREE_DIRECT(h) ((h) != &heap_unattached && (h) != &heap_state.heaps[SHARED_PROXY])

/* The calling thread's heap, or heap_unattached before its first slow-path call (fast paths
 * only). */
static inline struct heap *this_heap_fast(void)
{
    return tls_heap;
}

static inline struct heap *this_heap(void)
{
    struct heap *h = tls_heap;
    if (unlikely(h == &heap_unattached))
        h = heap_attach();
    return h;
}
#else
/* In the kernel, heaps[cpu] is read before heap_init: its direct pages are NULL until then. */
#define DIRECT_READY(pg) ((pg) != NULL)
/* Every CPU has its own heap (kfree_remote prepares it if this CPU never allocated). */
#define REMOTE_FREE_DIRECT(h) true

static inline struct heap *this_heap_fast(void)
{
    return &heap_state.heaps[platform_cpu_id()];
}

static inline struct heap *this_heap(void)
{
    return &heap_state.heaps[platform_cpu_id()];
}
#endif

/* ---- initialisation --------------------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

/*
 * Set up heap h on its first use (by its own CPU, or heap_init for the shared heap and its
 * proxy): heaps never used are never touched, which keeps a small program's RSS small.
 */
static __attribute__((noinline)) void heap_prepare_first(struct heap *h)
{
    for (unsigned q = 0; q < NQUEUES; q++)
        h->q[q].direct = &heap_empty_page;
    h->id = (unsigned)(h - heap_state.heaps);
    uint32_t flags = HEAP_READY | (heap_debug_enabled() ? HEAP_DEBUG : 0) |
                     (fence_sample_rate() ? HEAP_FENCE : 0);
    if (h->id == SHARED_HEAP || h->id == SHARED_PROXY)
        flags |= HEAP_SHARED;
    __atomic_store_n(&h->used, true, __ATOMIC_RELAXED);
    __atomic_store_n(&h->flags, flags, __ATOMIC_RELAXED);
}

/* Inline, because kfree_other asks on every cross-CPU free. */
static inline void heap_prepare(struct heap *h)
{
    if (unlikely(!(heap_flags(h) & HEAP_READY)))
        heap_prepare_first(h);
}

/* One-time set-up on the first slow-path call; concurrent callers wait for the first. */
void heap_init(void)
{
    int expected = 0;
    if (!__atomic_compare_exchange_n(&heap_state.init_state, &expected, 1, false,
                                     __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&heap_state.init_state, __ATOMIC_ACQUIRE) != 2)
            __builtin_ia32_pause();
        return;
    }
    uint64_t seed = platform_cycles() ^ (uintptr_t)&seed;
    heap_state.list_key = mix64(seed) | 1;
    heap_state.tag_key = mix64(seed + 0x9e3779b97f4a7c15ull) | 1;
    heap_state.remote_key = mix64(seed + 2 * 0x9e3779b97f4a7c15ull);
    for (unsigned c = 1; c < HEAP_NCLASSES; c++)
        heap_state.class_size[c] = (uint32_t)class_size_of(c);
    heap_state.class_size[GROW_QID] = GROW_BLOCK_BYTES;
    for (size_t i = 0; i <= SMALL_TABLE_MAX >> 4; i++)
        heap_state.small_class[i] = (uint8_t)size_class_compute(i * 16);
#if defined(PLATFORM_HOSTED) && defined(HEAP_DEBUG_DEFAULT) && HEAP_DEBUG_DEFAULT
    heap_state.debug = true;
#endif
    heap_prepare(&heap_state.heaps[SHARED_HEAP]);
    heap_prepare(&heap_state.heaps[SHARED_PROXY]);
#ifdef PLATFORM_HOSTED
    platform_cpu_release_hook = heap_release_slot;
#endif
    /* Release pairs with the acquire loads in heap_init_once. */
    __atomic_store_n(&heap_state.init_state, 2, __ATOMIC_RELEASE);
}

/*
 * Setting a mode flag (HEAP_DEBUG, HEAP_FENCE) also points every heap's normal queues at
 * heap_empty_page, so their fast paths (which do not read `flags`) fall through to the slow
 * path, which reads them. Meant for boot (mm.debug=1, mm.fence=N) or a quiet moment: an
 * allocation racing the switch on another CPU may still come from a normal page. Heaps not yet
 * in use read the modes in heap_prepare.
 */
void heap_set_flag_all(uint32_t flag, bool on)
{
    heap_init_once();
    for (unsigned i = 0; i < NHEAPS; i++) {
        struct heap *h = &heap_state.heaps[i];
        if (!(heap_flags(h) & HEAP_READY))
            continue;
        if (!on) {
            __atomic_fetch_and(&h->flags, ~flag, __ATOMIC_RELAXED);
            continue;
        }
        __atomic_fetch_or(&h->flags, flag, __ATOMIC_RELAXED);
        for (unsigned q = 0; q < HEAP_NCLASSES; q++)
            __atomic_store_n(&h->q[q].direct, &heap_empty_page, __ATOMIC_RELAXED);
    }
}

/* Debug mode's slow path allocates from the debug queues. */
void heap_set_debug(bool on)
{
    heap_init_once();
    __atomic_store_n(&heap_state.debug, on, __ATOMIC_RELAXED);
    heap_set_flag_all(HEAP_DEBUG, on);
}

bool heap_debug_enabled(void)
{
    return __atomic_load_n(&heap_state.debug, __ATOMIC_RELAXED);
}

/* ---- allocation ------------------------------------------------------------------------------- */

/* Pop a block of queue `qid` from heap h (the owner, or the shared heap under its lock). */
static void *alloc_from_queue(struct heap *h, unsigned qid, size_t size, uintptr_t caller)
{
    struct heap_page *pg = h->q[qid].direct;
    struct heap_block *b = pg->free;

    if (!b) {
        pg = heap_refill(h, qid);
        if (!pg)
            return NULL;
        b = pg->free;
    }
    if (pg->flags & PAGE_DEBUG)
        heap_debug_on_alloc(pg, b, size, caller);   /* checks the poison before we modify */
    pg->free = block_next(b);   /* pg is the direct page: `allocs` counts for its `used` */
    flip_live(b);
    STAT_ADD(h->q[qid].allocs, 1);
    if (pg->flags & PAGE_DEBUG)
        heap_debug_fill(pg, b, size);
    /* The sampler must see every allocation: keep the fast path away (mm/fence.c). */
    if (unlikely(heap_flags(h) & HEAP_FENCE))
        heap_set_direct(h, qid, &heap_empty_page);
    return b;
}

/* Any size and alignment, any heap state. */
static void *alloc_generic(struct heap *h, size_t size, size_t align, uintptr_t caller)
{
    bool debug = heap_flags(h) & HEAP_DEBUG;
    size_t need = size + (debug ? DEBUG_REDZONE : 0);

    if (need < size)
        return NULL;

    if (need <= MEDIUM_MAX && align <= PAGE_SIZE) {
        unsigned cls = size_class(need > align ? need : align);
        /* Page starts are 4 KiB aligned (no more: page 0 starts after the 28 KiB header), so
         * for align <= 4 KiB a class whose size is a multiple of `align` has every block
         * aligned; larger alignments go to the naturally aligned large runs. */
        while (cls < HEAP_NCLASSES && (heap_state.class_size[cls] & (align - 1)))
            cls++;
        if (cls < HEAP_NCLASSES)
            return alloc_from_queue(h, cls + (debug ? HEAP_NCLASSES : 0), size, caller);
    }
    return heap_large_alloc(size, align, debug, caller);
}

/*
 * Out of memory: return the empty pages this heap keeps, which may free whole segments for the
 * page allocator, and try once more. If a small or medium block still finds no room, the heap's
 * pages are fragmented (this heap's segments full, no free 2 MiB run for a new one) while the
 * page allocator may still have smaller runs: take a run of the block's own size, as a large
 * block (kfree and the statistics find it there), before reporting NULL.
 */
static void *alloc_or_give_back(struct heap *h, size_t size, size_t align, uintptr_t caller)
{
    void *p = alloc_generic(h, size, align, caller);

    if (unlikely(!p)) {
        heap_give_back(h);
        p = alloc_generic(h, size, align, caller);
        if (!p && size <= MEDIUM_MAX)
            p = heap_large_alloc(size, align, heap_flags(h) & HEAP_DEBUG, caller);
    }
    return p;
}

void heap_cpu_idle(void)
{
    struct heap *h = this_heap_fast();   /* never attaches one (hosted) */

    if (heap_flags(h) & HEAP_SHARED)
        return;
    /* Another CPU ran out of memory and woke us (platform_memory_short): give back what this
     * heap keeps empty now, not at a next refill that an idle CPU may never reach. A heap never
     * used holds nothing. */
    if (h->used && heap_short_unseen(h))
        heap_give_back(h);
    /* remote_held is this CPU's own counter. */
    else if (h->remote_held)
        heap_flush_remote(h);
}

static __attribute__((noinline)) void *kmalloc_slow(size_t size, size_t align, uintptr_t caller)
{
    struct heap *h = this_heap();
    void *p;

    heap_init_once();
    heap_prepare(h);
    uint32_t flags = heap_flags(h);
    if (unlikely(flags & HEAP_FENCE) && (p = fence_alloc(h->id, size, align, caller)))
        return p;
    if (flags & HEAP_SHARED) {
        h = &heap_state.heaps[SHARED_HEAP];
        heap_lock(&h->lock);
        p = alloc_or_give_back(h, size, align, caller);
        heap_unlock(&h->lock);
    } else {
        p = alloc_or_give_back(h, size, align, caller);
    }
    if (unlikely(!p) && heap_std_nomem)
        heap_std_nomem();
    return p;
}

/*
 * The entry points start on a cache line (GCC's default is 16 bytes): the time of the
 * benchmarks moved by up to 10% with where unrelated changes happened to put them (docs/mm.md).
 */
#define HOT_ENTRY __attribute__((aligned(64)))

/**
 * kmalloc - allocate size bytes, aligned to HEAP_MIN_ALIGN.
 * Returns NULL when memory runs out. Context: any CPU, no locks held; lock-free on the fast path.
 */
static inline __attribute__((always_inline)) void *kmalloc_inline(size_t size)
{
    struct heap *h = this_heap_fast();
    unsigned qid;

    if (likely(size <= SMALL_TABLE_MAX))
        qid = heap_state.small_class[(size + 15) >> 4];   /* one compare for the common sizes */
    else if (size <= MEDIUM_MAX)
        qid = size_class_compute(size);
    else
        goto slow;
    struct heap_page *pg = h->q[qid].direct;
    struct heap_block *b;
    if (likely(DIRECT_READY(pg) && (b = pg->free))) {
        pg->free = block_next(b);
        flip_live(b);
        STAT_ADD(h->q[qid].allocs, 1);   /* also pg's `used` (heap_set_direct) */
        return b;
    }
slow:
    return kmalloc_slow(size, HEAP_MIN_ALIGN, CALLER_ADDR());
}

HOT_ENTRY void *kmalloc(size_t size)
{
    return kmalloc_inline(size);
}

void *kmalloc_aligned(size_t align, size_t size)
{
    if (align == 0 || (align & (align - 1)) || align > HEAP_MAX_ALIGN)
        return NULL;
    if (align < HEAP_MIN_ALIGN)
        align = HEAP_MIN_ALIGN;
    return kmalloc_slow(size, align, CALLER_ADDR());
}

void *kcalloc(size_t n, size_t size)
{
    size_t total;
    void *p;

    if (__builtin_mul_overflow(n, size, &total))
        return NULL;
    p = kmalloc_inline(total);
    if (p)
        memset(p, 0, total);
    return p;
}

/* ---- free ------------------------------------------------------------------------------------- */

/*
 * Find and check the page of p, a pointer some caller says is a block. Returns NULL for large
 * blocks and NULL (not in a segment); reports and panics for anything in a segment that is not
 * a live block start (see the live bitmap in mm/heap.h).
 */
static inline struct heap_page *block_page(const char *op, const void *p, uintptr_t caller)
{
    struct heap_segment *seg = segment_of(p);
    unsigned page_shift = heap_map_page_shift(p);
    if (unlikely(!page_shift))
        return NULL;
    struct heap_page *pg = &seg->pages[((uintptr_t)p - (uintptr_t)seg) >> page_shift];
    uint64_t live = __atomic_load_n(live_word(p), __ATOMIC_RELAXED);
    if (unlikely(!bit_handed_out(live, granule_of(p)) ||
                 ((uintptr_t)p & ((1 << GRANULE_SHIFT) - 1))))
        heap_report_bad_block(op, p, pg, caller);
    return pg;
}

/* Free b into pg, with h the calling CPU's heap (locked if shared). */
static void free_generic(struct heap *h, struct heap_page *pg, struct heap_block *b,
                         uintptr_t caller)
{
    if (page_flags(pg) & PAGE_DEBUG)
        heap_debug_on_free(pg, b, caller);
    if (page_owner(pg) != h) {
        heap_free_remote(h, pg, b, caller);
        STAT_ADD(h->remote_frees[pg->qid], 1);
        return;
    }
    uintptr_t record = *remote_record_word(b);
    if (unlikely(is_remote_record(b, record)))
        heap_report_remote_double_free("kfree", b, pg, record, h->id, caller);
    flip_live(b);
    block_set_next(b, pg->free);
    pg->free = b;
    if (pg->flags & PAGE_FULL)
        heap_page_unfull(h, pg);
    if (--pg->used == 0)
        heap_page_empty(h, pg);
}

static void kfree_slow(void *p, struct heap_page *pg, uintptr_t caller);

/*
 * kfree of a checked block b in pg that the owner's fast path cannot take, with h the calling
 * CPU's heap (hosted: or heap_unattached, or the shared heap's proxy). Not the common cross-CPU
 * case (kfree_other): the heap not yet prepared or in a mode, a debug page, a page of our own
 * that is full or debug, or a page not in use. A cross-CPU free goes straight to the page's
 * batch (which hands a full page to its owner's delayed list), the rest to kfree_slow.
 */
static __attribute__((noinline)) void kfree_other_slow(struct heap *h, struct heap_page *pg,
                                                       struct heap_block *b, uintptr_t caller)
{
    uintptr_t owner_word = __atomic_load_n(&pg->owner_word, __ATOMIC_RELAXED);

    if (owner_word && (owner_word & ~PAGE_OWNER_SLOW) != (uintptr_t)h && REMOTE_FREE_DIRECT(h)) {
        heap_prepare(h);   /* a CPU that only ever freed: heap_get_stats skips unused heaps */
        if (page_flags(pg) & PAGE_DEBUG)
            heap_debug_on_free(pg, b, caller);
        heap_free_remote_batched(h, pg, b, caller);
        return;
    }
    kfree_slow(b, pg, caller);
}

/*
 * kfree of a checked block b in pg that the owner's fast path cannot take (h as above). The
 * common case is a block of another CPU's page, freed by a CPU whose heap is in no mode
 * (flags exactly HEAP_READY, which also rules out heap_unattached and the proxy): its remote
 * bit is flipped and it joins this CPU's batch for pg, with no frame here (every exit is a tail
 * call). Out of line so the owner's path keeps no registers for it.
 */
static __attribute__((noinline)) void kfree_other(struct heap *h, struct heap_page *pg,
                                                  struct heap_block *b, uintptr_t caller)
{
    uintptr_t owner_word = __atomic_load_n(&pg->owner_word, __ATOMIC_RELAXED);

    if (likely(heap_flags(h) == HEAP_READY && owner_word &&
               (owner_word & ~PAGE_OWNER_SLOW) != (uintptr_t)h && !(page_flags(pg) & PAGE_DEBUG))) {
        heap_free_remote_batched(h, pg, b, caller);
        return;
    }
    kfree_other_slow(h, pg, b, caller);
}

static __attribute__((noinline)) void kfree_slow(void *p, struct heap_page *pg, uintptr_t caller)
{
    struct heap *h;

    if (!p)
        return;
    h = this_heap();
    heap_init_once();
    heap_prepare(h);
    if (!pg) {
        /* In a segment, but turned away by kfree's map check: not 16-byte aligned. */
        if (heap_map_page_shift(p))
            block_page("kfree", p, caller);   /* reports it */
        if (fence_contains(p)) {
            fence_free(p, "kfree", caller);
            return;
        }
        if (!heap_large_free(p, caller))
            heap_report_foreign("kfree", p, caller);
        return;
    }
    if (heap_flags(h) & HEAP_SHARED) {
        h = &heap_state.heaps[SHARED_HEAP];
        heap_lock(&h->lock);
        free_generic(h, pg, p, caller);
        heap_unlock(&h->lock);
        return;
    }
    free_generic(h, pg, p, caller);
}

/* kfree's report of a pointer into a segment that is not a live block start: out of line, so
 * the fast path keeps no registers alive for it. It never returns, but is not declared
 * noreturn, so that kfree reaches it with a jump instead of a call and needs no stack frame
 * of its own. */
#ifdef __clang__
#define NOT_KNOWN_NORETURN noinline
#else
#define NOT_KNOWN_NORETURN noipa   /* GCC would find out it never returns, and call it */
#endif
static __attribute__((NOT_KNOWN_NORETURN, cold)) void kfree_bad(const char *op, void *p,
                                                                uintptr_t caller)
{
    /* The bits may have changed since kfree looked (another CPU's racing free): report what
     * kfree saw either way. */
    heap_report_bad_block(op, p, block_page(op, p, caller), caller);
}

/* kfree's report of a block of its own CPU's page that another CPU freed already (its
 * remote-free record, mm/heap.h): out of line and reached by a jump, like kfree_bad below. */
static __attribute__((NOT_KNOWN_NORETURN, cold)) void kfree_pending(const char *op, void *p,
                                                                    uintptr_t caller)
{
    struct heap_page *pg = block_page(op, p, caller);
    heap_report_remote_double_free(op, p, pg, *remote_record_word(p), this_heap()->id, caller);
}

/**
 * kfree - give back a block from kmalloc/kcalloc/krealloc/kmalloc_aligned; NULL does nothing.
 * Panics (naming the pointer, its class and the caller) on a double free or a pointer the heap
 * never handed out. Context: any CPU; lock-free; the owner's fast path uses no atomics.
 */
static inline __attribute__((always_inline)) void kfree_inline(const char *op, void *p)
{
    /* 0 for NULL, large and foreign blocks, and pointers that are not 16-byte aligned */
    uint64_t rotated = granule_rotated(p);   /* also p's bit number */
    unsigned page_shift = heap_map_rotated_page_shift(rotated);
    if (unlikely(!page_shift)) {
        kfree_slow(p, NULL, CALLER_ADDR());
        return;
    }
    uint64_t *live = live_word(p);
    uint64_t live_bits = __atomic_load_n(live, __ATOMIC_RELAXED);
    if (unlikely(!bit_handed_out(live_bits, rotated))) {
        kfree_bad(op, p, CALLER_ADDR());
        return;
    }
    struct heap_segment *seg = segment_of(p);
    struct heap_page *pg = &seg->pages[((uintptr_t)p - (uintptr_t)seg) >> page_shift];
    struct heap *h = this_heap_fast();
    /* Mine, and neither debug nor full (PAGE_OWNER_SLOW): the owner's plain fast path. */
    if (likely(__atomic_load_n(&pg->owner_word, __ATOMIC_RELAXED) == (uintptr_t)h)) {
        struct heap_block *b = p;
        /* Freed by another CPU already, waiting for us to collect it: its record says so, on
         * the line this free writes anyway. */
        if (unlikely(is_remote_record(b, *remote_record_word(b)))) {
            kfree_pending(op, p, CALLER_ADDR());
            return;
        }
        /* We own the page, so nobody else writes this live word: the value loaded for the
         * check is still current (flip_live without the second load). */
        __atomic_store_n(live, word_flip_bit(live_bits, rotated), __ATOMIC_RELAXED);
        block_set_next(b, pg->free);
        pg->free = b;
        if (unlikely(--pg->used == 0))   /* means nothing for the direct page: heap_set_direct */
            heap_page_empty(h, pg);
        return;
    }
    kfree_other(h, pg, p, CALLER_ADDR());
}

HOT_ENTRY void kfree(void *p)
{
    kfree_inline("kfree", p);
}

/* ---- sizes and realloc ------------------------------------------------------------------------ */

static inline __attribute__((always_inline)) size_t usable_size(const char *op, const void *p,
                                                                uintptr_t caller)
{
    struct heap_page *pg = block_page(op, p, caller);
    size_t n;

    if (!pg) {
        if (fence_contains(p))
            return fence_usable_size(p, op, caller);
        if (!heap_large_usable(p, &n))
            heap_report_foreign(op, p, caller);
        return n;
    }
    if (page_flags(pg) & PAGE_DEBUG)
        return heap_debug_requested(pg, p);
    return pg->block_size;
}

size_t kmalloc_usable_size(const void *p)
{
    if (!p)
        return 0;
    return usable_size("kmalloc_usable_size", p, CALLER_ADDR());
}

/*
 * The calling CPU's growth area (GROW_QID) for a buffer krealloc is growing to `size`, if that
 * size suits it and the area is free; else NULL. Not in debug mode (no redzones there) nor on
 * the hosted shared heap.
 */
static void *grow_block(size_t size)
{
    struct heap *h = this_heap();
    struct heap_page *pg = h->q[GROW_QID].direct;

    if (size < GROW_MIN || size > GROW_BLOCK_BYTES || heap_flags(h) != HEAP_READY)
        return NULL;
    if (pg != &heap_empty_page && !pg->free) {
        heap_collect_remote(pg);
        if (!pg->free)
            return NULL;   /* another buffer is growing there */
    }
    return alloc_from_queue(h, GROW_QID, size, 0);
}

/**
 * krealloc - resize a block, keeping its contents up to the smaller size.
 * NULL p is kmalloc(size); size 0 frees p and returns NULL (glibc). On failure returns NULL and
 * p stays valid. Blocks stay in place when the new size fits and does not waste over half; a
 * block growing past GROW_MIN moves to the CPU's growth area when it is free, and grows there in
 * place from then on.
 */
HOT_ENTRY void *krealloc(void *p, size_t size)
{
    uintptr_t caller = CALLER_ADDR();
    size_t old;
    void *q;

    if (!p)
        return kmalloc_inline(size);
    if (size == 0) {
        kfree_inline("krealloc", p);
        return NULL;
    }
    old = usable_size("krealloc", p, caller);
    if (size <= old && (size >= old / 2 || (size >= GROW_MIN && old == GROW_BLOCK_BYTES)))
        return p;
    if (old > MEDIUM_MAX && heap_large_resize(p, size))
        return p;
    q = size > old ? grow_block(size) : NULL;
    if (!q)
        q = kmalloc_inline(size);
    if (!q)
        return NULL;
    memcpy(q, p, old < size ? old : size);
    kfree_inline("krealloc", p);
    return q;
}

#if !defined(PLATFORM_HOSTED) || defined(HEAP_STDNAMES)
/* The standard names that mean exactly what the k* functions do are the same functions (the
 * others are wrappers in mm/stdnames.c, which also says when these exist): one instruction and
 * one branch fewer per call than a wrapper's tail jump. */
#define STD_ALIAS(name, target) \
    __typeof__(target) name __attribute__((alias(#target), visibility("default")))
STD_ALIAS(malloc, kmalloc);
STD_ALIAS(free, kfree);
STD_ALIAS(calloc, kcalloc);
STD_ALIAS(realloc, krealloc);
#endif
