/*
 * mm/heap.h - the heap's internal structures, shared by mm/malloc.c and the mm/heap_*.c files.
 * Nothing outside mm/ includes this; the public interface is mm/malloc.h. The design and its
 * invariants are described at the top of mm/malloc.c.
 */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include "mm/malloc.h"

/* ---- tunables ------------------------------------------------------------------------------- */

/* Segments: naturally aligned 2 MiB runs; a block's page metadata is found by masking. */
#define SEGMENT_SHIFT        21
#define SEGMENT_SIZE         ((uintptr_t)1 << SEGMENT_SHIFT)
#define SEGMENT_ORDER        (SEGMENT_SHIFT - PAGE_SHIFT)
/* Small pages (classes up to SMALL_MAX) are 64 KiB; medium pages (up to MEDIUM_MAX) 512 KiB. */
#define SMALL_PAGE_SHIFT     16
#define MEDIUM_PAGE_SHIFT    19
#define SMALL_MAX            8192
#define MEDIUM_MAX           65536
#define SMALL_CLASS_MAX      32      /* size_class(SMALL_MAX) */
#define SMALL_TABLE_MAX      1024    /* size_class looks sizes up to this in a table */
#define PAGES_PER_SEGMENT_MAX (SEGMENT_SIZE >> SMALL_PAGE_SHIFT)
/*
 * The segment header sits at the start of page 0, which starts its blocks this far in; every
 * page start is therefore 4 KiB aligned, which kmalloc_aligned relies on. The header is the
 * page records (first 8 KiB, 256 bytes a page; then the segment's own fields) and the live
 * bitmap, a bit per 16-byte granule of the segment (live_word): set exactly while the block
 * starting at that granule is handed out. Only the owner writes it (plain stores): it flips the
 * bit when it hands the block out and when it takes it back, from its own kfree or from the
 * blocks other CPUs freed, when it collects them (mm/heap_page.c); other CPUs only read it. kfree
 * accepts a pointer only if it is 16-byte aligned and its bit is set, which catches interior
 * pointers, never-allocated blocks and double frees of blocks taken back exactly, without
 * reading the block itself. A block another CPU freed keeps its bit until its owner collects
 * it; a second free of it meanwhile is caught by its remote-free record (below).
 *
 * A bit per granule rather than per block: the word of a block is found from its address with
 * shifts and masks alone, so its cache miss overlaps with the rest of kfree; a bit per block
 * needs fewer lines but its word is known only after the map, the page record and a multiply
 * (slower in time although it missed less: docs/mm.md).
 */
#define GRANULE_SHIFT        4
#define SEGMENT_BITMAP_BYTES (SEGMENT_SIZE >> GRANULE_SHIFT >> 3)
#define SEGMENT_LIVE_OFFSET  12288
#define SEGMENT_HEADER_BYTES (SEGMENT_LIVE_OFFSET + SEGMENT_BITMAP_BYTES)
/* Free blocks are carved from a page this many bytes at a time, so untouched memory stays
 * untouched (RSS) until it is needed (mimalloc's page extension). */
#define PAGE_EXTEND_BYTES    4096
/* Empty segments and large spans kept for reuse instead of going back to the page allocator:
 * the hysteresis that keeps free/malloc cycles away from the page allocator (and mmap). */
#define SEGMENT_CACHE_MAX    8
/*
 * Hosted, empty segments beyond SEGMENT_CACHE_MAX are kept too, for SEGMENT_DECAY_MS after they
 * emptied (jemalloc's decay of dirty pages, whose default is 10 s): a program that frees a burst
 * and soon allocates again would otherwise munmap the memory and take a page fault per 4 KiB to
 * get it back (docs/mm.md). They go back at the next segment release or reuse after that, or at heap_trim(),
 * or when the page allocator says no. The kernel keeps only SEGMENT_CACHE_MAX: its pages cost
 * no fault to take again, and other users of its page allocator do not trim the heap.
 */
#ifndef SEGMENT_DECAY_MS
#ifdef PLATFORM_HOSTED
#define SEGMENT_DECAY_MS     1000
#else
#define SEGMENT_DECAY_MS     0
#endif
#endif
/*
 * Freed large runs kept for reuse (mm/heap_large.c): up to LARGE_CACHE_PER_ORDER per order and
 * LARGE_CACHE_MAX_BYTES in all, and a request may take a cached run up to LARGE_REUSE_ORDERS
 * orders bigger than it needs (its pages are mapped already; a new run faults in page by page).
 * Hosted the cache is twice the kernel's: there it saves a page fault per 4 KiB (docs/mm.md,
 * malloc-large), in the kernel only the page allocator's lock, and other users of the kernel's
 * page allocator do not trim the heap.
 */
#define LARGE_CACHE_PER_ORDER 8
#ifdef PLATFORM_HOSTED
#define LARGE_CACHE_MAX_BYTES ((size_t)128 << 20)
#else
#define LARGE_CACHE_MAX_BYTES ((size_t)64 << 20)
#endif
#define LARGE_REUSE_ORDERS   2
/* Remote frees are batched per page (mm/heap_remote.c): chains kept per heap, and the blocks a
 * chain collects before it is pushed to the page's owner with one compare-and-swap. */
#define REMOTE_BATCH_SLOTS   32
#define REMOTE_BATCH_BLOCKS  16
/*
 * Encode free-list links (SLUB's hardened freelist): link ^ key ^ byteswap(address of link),
 * checked to stay in the segment when decoded. Off by default for its cost on the fast paths
 * (docs/mm.md). Build with -DHEAP_ENCODE_FREELIST=1 to turn it on (the
 * hosted-mm-debug suite does).
 */
#ifndef HEAP_ENCODE_FREELIST
#define HEAP_ENCODE_FREELIST 0
#endif

/* heap_pages_get samples bytes_peak (a walk of every segment, mm/heap_stats.c) only once the
 * memory mapped has grown by 1/2^PEAK_SAMPLE_SHIFT since the last sample, so a heap growing to
 * n segments costs O(n) page records read in all, not O(n^2). */
#define PEAK_SAMPLE_SHIFT    3

/* How long a CPU whose page request failed waits for the other CPUs' heaps to give back the
 * empty pages they keep before it reports NULL (mm/heap_segment.c, heap_pages_get). */
#ifndef HEAP_SHORT_WAIT_US
#define HEAP_SHORT_WAIT_US 2000
#endif

/* Debug mode fills (OpenBSD malloc's junk bytes). */
#define POISON_FREE_BYTE     0xdf     /* freed memory, checked on reuse */
#define CANARY_BYTE          0xcb     /* redzone after the requested size, checked on free */
#define DEBUG_REDZONE        16       /* extra bytes a debug block asks for: >= 8 canary bytes
                                         plus the 8-byte requested size at the block's end */

/* Queue ids: classes 1..HEAP_NCLASSES-1 for normal pages, the same + HEAP_NCLASSES for pages
 * in debug mode (their blocks carry redzones and poison), so the two never mix in a page.
 * Queue 0 (class 0) is the realloc growth area: GROW_QID. */
#define NQUEUES              (2 * HEAP_NCLASSES)
#define GROW_QID             0
/*
 * The growth area: a block a buffer that krealloc grows past GROW_MIN moves into, once, and then
 * grows in place up to GROW_BLOCK_BYTES (what glibc's top chunk gives a single growing buffer).
 * One per heap, used by one buffer at a time; memory untouched by the buffer stays untouched.
 * GROW_MIN 256 rather than 1024 saves the 512-byte copy of a doubling buffer (docs/mm.md).
 */
#define GROW_MIN             256
#define GROW_BLOCK_BYTES     (SEGMENT_SIZE - SEGMENT_HEADER_BYTES)

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- spinlock (global structures only; never on a fast path) ---------------------------------- */

/*
 * A test-and-set lock of the heap's own, for the segment cache, the large-block table, the
 * sampler's pool and the hosted shared heap. The kernel's ticket spinlock (kernel/spinlock.c)
 * cannot serve: mm/ is below kernel/ and reaches the machine only through mm/platform.h, and the
 * same sources build into the preloaded libkmalloc.so and the fuzz targets, which link no
 * kernel/ code. A lock behind platform.h would make every acquire an out-of-line call for
 * nothing the kernel's lock adds here: these locks are never taken by interrupt handlers (which
 * never allocate), the segment cache's and the large table's are held for a few list
 * operations, and only the hosted shared heap's and the sampler's set-up lock are held around a
 * slow path, which takes the others inside them (never the reverse).
 */
struct heap_lock {
    int locked;
};

static inline void heap_lock(struct heap_lock *l)
{
    /* Acquire pairs with the release in heap_unlock. */
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
            __builtin_ia32_pause();
}

static inline void heap_unlock(struct heap_lock *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* ---- blocks, pages, segments ------------------------------------------------------------------ */

/* A free block: its first word while it is free. Blocks in use have no header at all. */
struct heap_block {
    uintptr_t next;      /* encoded link to the next free block (see block_next) */
};

struct heap;

/* Page flags. */
#define PAGE_DEBUG 0x01  /* blocks carry redzones; freed blocks are poisoned */
#define PAGE_FULL  0x02  /* on the owner's full list, not its class queue */

/*
 * A page: a run of blocks of one size class. Three cache lines, split by who writes them: the
 * first is the owner's (its kmalloc and kfree write `free` and `used` on every call); the
 * second is read by every CPU that frees into the page (the owner word, the class) and written
 * only by the owner, rarely; the third, `thread_free`, is the one other CPUs write. With one
 * line, every remote free (even one that only read the owner word) took the line away from the
 * owner, whose next kmalloc or kfree then waited for it back; with two, each push onto
 * thread_free took the owner word's line away from the owner's next kfree (larson, docs/mm.md).
 * The record is padded to 256 bytes so kfree finds it with shifts: 192 needs a multiply by 3.
 */
struct heap_page {
    /* (owner) */
    struct heap_block *free;     /* free blocks, ready to hand out */
    struct heap_page *next, *prev;   /* in the owner's class queue or full list */
    uint16_t used;               /* blocks handed out minus frees the owner has seen,
                                    + 1 while the page is its queue's direct page; while it
                                    is (direct_ref), without the blocks handed out since
                                    allocs_base: see heap_set_direct */
    uint16_t reserved;           /* blocks that fit in the page (at most 64 KiB / 16) */
    bool direct_ref;             /* its queue's direct page (heap->direct_held) */
    uint64_t allocs_base;        /* while direct_ref: the owner's q[qid].allocs when `used`
                                    last counted every block handed out (page_settle) */

    /* read by other CPUs */
    uintptr_t owner_word __attribute__((aligned(64)));
                                 /* the heap the page belongs to (0 while the page is unused),
                                    | PAGE_OWNER_SLOW while flags are set: see page_owner */
    char *start;                 /* first block */
    uint32_t block_size;
    uint16_t capacity;           /* blocks carved so far; grows, read racily by reports */
    uint8_t qid;                 /* queue id (class, + HEAP_NCLASSES in debug mode) */
    uint8_t flags;               /* PAGE_* */
    uint8_t index;               /* position in the segment */

    /* written by other CPUs */
    uintptr_t thread_free __attribute__((aligned(64)));
                                 /* blocks freed by other CPUs: an atomic LIFO (mimalloc) */
    struct heap_page *delayed_next;  /* on the owner's `delayed` list (while delayed_queued) */
    uint8_t delayed_queued;      /* atomic: set by the CPU that puts the page on its owner's
                                    `delayed` list, cleared by the owner taking it off; while
                                    set, the owner does not release the page */
} __attribute__((aligned(256)));   /* a power of two: kfree finds a record with shifts alone */

/*
 * The owner word is the owning heap's address (heaps are 64-byte aligned) with PAGE_OWNER_SLOW
 * set while any page flag is: kfree's fast path compares the whole word with its own heap, so
 * one compare checks "mine, not debug, not full". Written by the owner only (page_set_owner),
 * read by every CPU that frees into the page.
 */
#define PAGE_OWNER_SLOW ((uintptr_t)1)

static inline struct heap *page_owner(const struct heap_page *pg)
{
    return (struct heap *)(__atomic_load_n(&pg->owner_word, __ATOMIC_RELAXED) & ~PAGE_OWNER_SLOW);
}

/* Set pg's owner and flags together. Context: the owner (or, for a fresh page, its new one). */
static inline void page_set_owner(struct heap_page *pg, struct heap *h, uint8_t flags)
{
    /* Atomic because push_chain reads PAGE_FULL, and every kfree the owner word, from other
     * CPUs. */
    __atomic_store_n(&pg->flags, flags, __ATOMIC_RELAXED);
    __atomic_store_n(&pg->owner_word, (uintptr_t)h | (flags ? PAGE_OWNER_SLOW : 0),
                     __ATOMIC_RELAXED);
}

/* Flags are written by the owner only, but read by CPUs freeing into the page. */
/*
 * A page's thread_free word packs the list head (a canonical 48-bit address, sign-extended back)
 * with the number of blocks on the list in the top 16 bits (a page holds at most 4096), so the
 * owner takes the list and its length with one exchange and never walks it.
 */
#define TF_COUNT_SHIFT 48
static inline struct heap_block *tf_head(uintptr_t tf)
{
    return (struct heap_block *)(uintptr_t)((intptr_t)(tf << (64 - TF_COUNT_SHIFT)) >>
                                            (64 - TF_COUNT_SHIFT));
}

static inline uint32_t tf_count(uintptr_t tf)
{
    return (uint32_t)(tf >> TF_COUNT_SHIFT);
}

static inline uintptr_t tf_pack(const struct heap_block *head, uint32_t count)
{
    return ((uintptr_t)head & (((uintptr_t)1 << TF_COUNT_SHIFT) - 1)) |
           ((uintptr_t)count << TF_COUNT_SHIFT);
}

static inline uint8_t page_flags(const struct heap_page *pg)
{
    return __atomic_load_n(&pg->flags, __ATOMIC_RELAXED);
}

/* SEGMENT_GROW: one page, one block of GROW_BLOCK_BYTES, each heap's realloc growth area. */
enum segment_kind { SEGMENT_SMALL, SEGMENT_MEDIUM, SEGMENT_GROW, SEGMENT_KINDS };

/* A segment: SEGMENT_SIZE bytes holding pages of one size (small or medium), header first. */
struct heap_segment {
    /* First, so page i's record is at the segment's address + i * its size: kfree computes it
     * with one shift of the block's offset and no add. */
    struct heap_page pages[PAGES_PER_SEGMENT_MAX];
    struct heap *owner;                  /* the heap that takes pages from it */
    struct heap_segment *next, *prev;    /* (owner) in the owner's list of segments with room;
                                            (segment_lock) in the cache of empty segments */
    uint64_t emptied_tsc;                /* (segment_lock) in the cache: when it went there */
    struct heap_segment *all_next, *all_prev;   /* (segment_lock) in heap_state.segments_all
                                            while it belongs to a heap (heap_get_stats) */
    uint32_t free_mask;                  /* (owner) bit i set while page i is unused */
    uint8_t kind;
    uint8_t page_shift;
    uint8_t npages;
};

_Static_assert(sizeof(struct heap_segment) <= SEGMENT_LIVE_OFFSET, "segment header too big");

/* The live word of the block at p. */
static inline uint64_t *live_word(const void *p)
{
    uintptr_t g = ((uintptr_t)p & (SEGMENT_SIZE - 1)) >> GRANULE_SHIFT;
    return (uint64_t *)(((uintptr_t)p & ~(SEGMENT_SIZE - 1)) + SEGMENT_LIVE_OFFSET) + (g >> 6);
}

/* p's granule number: its bit in its live word is this modulo 64. */
static inline uint64_t granule_of(const void *p)
{
    return (uintptr_t)p >> GRANULE_SHIFT;
}

static inline uint64_t granule_mask(const void *p)
{
    return (uint64_t)1 << (granule_of(p) & 63);
}

/*
 * p rotated right by GRANULE_SHIFT: its low 6 bits are p's bit number (granule_of modulo 64),
 * and its high bits make kfree's map index (heap_map_rotated_page_shift), so kfree computes the
 * two from one rotation.
 */
static inline uint64_t granule_rotated(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    return (x >> GRANULE_SHIFT) | (x << (64 - GRANULE_SHIFT));
}

/* Whether a block is handed out, from its live word and `bit`, any value whose low 6 bits are
 * its bit number (granule_of(p), granule_rotated(p)). */
static inline bool bit_handed_out(uint64_t live, uint64_t bit)
{
    return (live >> (bit & 63)) & 1;
}

/* word with a block's bit flipped (`bit` as for bit_handed_out): btc takes the bit number
 * modulo 64 itself, which C's shift cannot say without an extra `and` (and a register). */
static inline uint64_t word_flip_bit(uint64_t word, uint64_t bit)
{
    __asm__("btcq %1, %0" : "+r"(word) : "r"(bit) : "cc");
    return word;
}

/*
 * Flip b's live bit: b is being handed out or taken back by the owner. One `xor` with a memory
 * operand, not locked, as STAT_ADD: the owner is the word's only writer, other CPUs' kfree
 * reads it with atomic loads. Context: the owner of b's page.
 */
static inline void flip_live(const void *b)
{
    __asm__("xorq %1, %0" : "+m"(*live_word(b)) : "r"(granule_mask(b)));
}

static inline struct heap_segment *segment_of(const void *p)
{
    return (struct heap_segment *)((uintptr_t)p & ~(SEGMENT_SIZE - 1));
}

static inline struct heap_page *page_of(struct heap_segment *seg, const void *p)
{
    return &seg->pages[((uintptr_t)p - (uintptr_t)seg) >> seg->page_shift];
}

/* ---- per-CPU heaps ---------------------------------------------------------------------------- */

/* Heap flags: any set sends kmalloc/kfree of this heap to the slow path. */
#define HEAP_DEBUG  0x01   /* debug mode is on */
#define HEAP_SHARED 0x02   /* hosted: used by several threads, every operation under `lock` */
#define HEAP_FENCE  0x04   /* the guard-page sampler is on: the slow path counts (mm/fence.c) */

struct heap_queue {
    struct heap_page *first, *last;
};

/* Blocks this heap freed into another heap's page and has not pushed to it yet: a chain linked
 * with block_set_next, newest first (mm/heap_remote.c). */
struct remote_batch {
    struct heap_page *page;      /* NULL while the slot is empty */
    struct heap_block *head, *tail;
    uint32_t count;
};

/*
 * One per CPU (hosted: per thread slot, plus one shared heap for threads beyond the slots).
 * Only its CPU touches it, except: `flags` (heap_set_debug), `remote_hint` (remote frees) and the
 * statistics counters (read by heap_get_stats).
 */
struct heap {
    /* Per queue: the page kmalloc pops from now, and the allocation counter, side by side so
     * kmalloc touches one cache line of the heap. `direct` is heap_empty_page when there is
     * no page, and for every queue while the heap must take the slow path (debug mode, the
     * hosted shared heap's proxy), so the fast paths need not read `flags`. Frees are not
     * counted: heap_get_stats finds the blocks in use in the pages (mm/heap_stats.c). */
    struct heap_queue_state {
        struct heap_page *direct;
        uint64_t allocs;         /* blocks allocated by this CPU */
    } q[NQUEUES];
    uint32_t flags;
    uint32_t remote_held;        /* blocks in `remote`, all chains together */
    struct remote_batch remote[REMOTE_BATCH_SLOTS];   /* (own CPU) remote frees not pushed yet */
    /* Blocks of other heaps' pages this CPU freed, and blocks of this heap's pages other CPUs
     * freed that it took back (heap_collect_remote): their difference, summed over the heaps,
     * is the blocks freed that the pages' `used` still count (mm/heap_stats.c). */
    uint64_t remote_frees[NQUEUES];
    uint64_t remote_collected[NQUEUES];
    struct heap_page *direct_held[NQUEUES];   /* the page holding direct_ref per queue, or
                                    NULL: q[].direct, unless heap_set_flag_all emptied that */
    struct heap_queue queues[NQUEUES];   /* pages with free blocks, or room to carve */
    struct heap_queue full[NQUEUES];     /* pages found full */
    struct heap_segment *segments[SEGMENT_KINDS];   /* segments with unused pages, by kind */
    struct heap_lock lock;       /* HEAP_SHARED only */
    unsigned id;
    uint32_t short_seen;         /* heap_state.short_epoch when this heap last gave back */
    uint32_t stats_seq;          /* odd while heap_give_back moves blocks between its pages'
                                    `used` and the counters: heap_get_stats walks again */
    bool used;                   /* ever attached (heap_get_stats skips the others) */

    /* Written by other CPUs, so on a line of their own: on the line of `flags` and the first
     * remote batches (which this CPU writes on each of its own cross-CPU frees), every push
     * onto `delayed` took that line away from it (larson, docs/mm.md). */
    struct heap_page *delayed __attribute__((aligned(64)));
                                 /* full pages other CPUs freed blocks into: an atomic LIFO
                                    drained by heap_refill (mimalloc's delayed free, by page) */
    uint64_t remote_hint[2];     /* bit qid: a remote free raced a page becoming full */
} __attribute__((aligned(64)));

/* + the hosted shared heap, and the proxy that threads sharing it point at: the proxy owns no
 * pages and has no direct pages, so those threads always reach the slow paths, which lock the
 * shared heap. */
#define SHARED_HEAP  PLATFORM_MAX_CPUS
#define SHARED_PROXY (PLATFORM_MAX_CPUS + 1)
#define NHEAPS       (PLATFORM_MAX_CPUS + 2)

/* Everything global about the heap lives here. */
struct heap_state {
    struct heap heaps[NHEAPS];
    uintptr_t list_key;          /* free-list link encoding key */
    uintptr_t tag_key;           /* debug mode: key for the size word at a block's end */
    uintptr_t remote_key;        /* key of the remote-free records (remote_record) */
    uint32_t class_size[HEAP_NCLASSES];
    uint8_t small_class[(SMALL_TABLE_MAX >> 4) + 1];  /* size_class by (size + 15) / 16 */
    int init_state;              /* 0 never, 1 running, 2 done */
    bool debug;

    struct heap_lock segment_lock;       /* segment cache */
    struct heap_segment *cache_newest;   /* empty segments, newest first (reused first) */
    struct heap_segment *cache_oldest;   /* ... and oldest last (released first) */
    unsigned nsegment_cache;
    struct heap_segment *segments_all;   /* (segment_lock) every segment a heap holds */

    uint32_t short_epoch;        /* atomic: times the page allocator said no (heap_give_back) */
    size_t bytes_mapped;         /* atomic */
    size_t page_limit;           /* heap_set_page_limit; 0 = none */
    size_t bytes_peak;           /* atomic max */
    size_t peak_sample_mapped;   /* atomic: heap_pages_get samples the peak again at this
                                    bytes_mapped (heap_sample_peak) */
};

extern struct heap_state heap_state;
extern struct heap_page heap_empty_page;

void heap_init(void);
/* Set or clear `flag` on every heap; setting it also sends their fast paths to the slow path
 * (mm/malloc.c). */
void heap_set_flag_all(uint32_t flag, bool on);
static inline void heap_init_once(void)
{
    if (unlikely(__atomic_load_n(&heap_state.init_state, __ATOMIC_ACQUIRE) != 2))
        heap_init();
}

/* ---- size classes ----------------------------------------------------------------------------- */

/* 16-byte steps to 128, then four classes per power of two (mimalloc/jemalloc spacing), so
 * internal fragmentation stays under 25%. Class 1 is 16 bytes; size 0 counts as 1. */
static inline unsigned size_class_compute(size_t size)
{
    if (size <= 128)
        return size <= 16 ? 1 : (unsigned)((size + 15) >> 4);
    size_t s = size - 1;
    unsigned b = 63 - (unsigned)__builtin_clzl(s);
    return 9 + (b - 7) * 4 + (unsigned)((s >> (b - 2)) & 3);
}

/* The same, from a table for the common small sizes (filled by heap_init: before it, 0, which
 * has no direct page, so the fast path falls through to the slow one). */
static inline unsigned size_class(size_t size)
{
    if (likely(size <= SMALL_TABLE_MAX))
        return heap_state.small_class[(size + 15) >> 4];
    return size_class_compute(size);
}

static inline size_t class_size_of(unsigned cls)
{
    if (cls <= 8)
        return 16 * (size_t)cls;
    unsigned k = cls - 9;
    return (size_t)(5 + (k & 3)) << (7 + k / 4 - 2);
}

/* ---- free lists ------------------------------------------------------------------------------- */

static inline uintptr_t link_key(const void *where)
{
#if HEAP_ENCODE_FREELIST
    return heap_state.list_key ^ __builtin_bswap64((uintptr_t)where);
#else
    (void)where;
    return 0;
#endif
}

static inline void block_set_next(struct heap_block *b, struct heap_block *next)
{
    b->next = (uintptr_t)next ^ link_key(b);
}

__attribute__((noreturn, cold)) void heap_report_corrupt_list(const struct heap_page *pg,
                                                        const struct heap_block *b);

/* The block after b, checked to lie in b's segment: a link overwritten by a stray write is
 * caught here instead of handing out arbitrary memory. */
static inline struct heap_block *block_next(const struct heap_block *b)
{
    uintptr_t next = b->next ^ link_key(b);
#if HEAP_ENCODE_FREELIST
    if (unlikely(next && ((next ^ (uintptr_t)b) >> SEGMENT_SHIFT)))
        heap_report_corrupt_list(NULL, b);
#endif
    return (struct heap_block *)next;
}

/* ---- remote-free records ---------------------------------------------------------------------- */

/*
 * A block another CPU freed carries, until its owner collects it, a record in its second word
 * (every block has two: 16 bytes at least) saying so and naming the heap that freed it:
 *     (remote_key ^ block address) with the low REMOTE_FREER_BITS replaced by the freeing heap's
 *     id (its CPU; hosted its thread slot, or SHARED_HEAP).
 * Any kfree of a block reads the word: a record there means the block is already freed and
 * waiting for its owner, so this free is a double free, reported with both freers, before
 * anything changes. The owner's collection checks each block's record (a block written after
 * its free has lost it) and clears it (mm/heap_page.c). User data equal to a record needs the
 * secret key and the block's address: a program cannot produce one by chance.
 */
#define REMOTE_FREER_BITS 16

static inline uintptr_t *remote_record_word(const void *b)
{
    return (uintptr_t *)b + 1;
}

static inline uintptr_t remote_record(const void *b, unsigned freer)
{
    return ((heap_state.remote_key ^ (uintptr_t)b) & ~(((uintptr_t)1 << REMOTE_FREER_BITS) - 1)) |
           freer;
}

/* Whether w, b's second word, is a remote-free record. */
static inline bool is_remote_record(const void *b, uintptr_t w)
{
    return ((w ^ heap_state.remote_key ^ (uintptr_t)b) >> REMOTE_FREER_BITS) == 0;
}

static inline unsigned remote_record_freer(uintptr_t w)
{
    return (unsigned)(w & (((uintptr_t)1 << REMOTE_FREER_BITS) - 1));
}

/* ---- statistics counters: single writer, racy readers ----------------------------------------- */

/*
 * One add instruction with a memory operand, not locked: the field has one writer (its CPU) and
 * an aligned 8-byte store is single-copy atomic on x86-64, so racy readers (STAT_READ) see the
 * old value or the new. C's relaxed atomic load and store say the same, but GCC does not fuse
 * them into one instruction: on the fast paths that was 3 to 6 instructions per counter
 * (address recomputed, load, add, store) instead of 1.
 */
#define STAT_ADD(field, n) \
    __asm__("addq %1, %0" : "+m"(field) : "er"((int64_t)(n)))
#define STAT_READ(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)
/*
 * A racy read of a field its owner writes with plain stores (a page's `used`, a batch's
 * `count`), for heap_get_stats' walk: one aligned load, which x86-64 makes single-copy atomic,
 * so the walk sees the old value or the new. An asm load because C has no way to say "racy but
 * atomic" for a field whose writer does not use atomics (nor should: they are the fast paths),
 * and ThreadSanitizer would report the C load; the figures are exact only when no CPU is
 * allocating or freeing (heap_get_stats' contract).
 */
#define STAT_PEEK(field) ({ \
    __typeof__(field) peek_; \
    __asm__("mov %1, %0" : "=r"(peek_) : "m"(field)); \
    peek_; \
})

/* ---- between the heap files ------------------------------------------------------------------- */

/* mm/heap_map.c: which SEGMENT_SIZE-aligned addresses are live segments (see there). One byte
 * per segment of the address window the platform's pages come from: 0 when it is not a live
 * segment, else the page shift of its kind (16, 19 or 21), so kfree finds the page record with
 * a byte load and a shift and no table of kinds. The window is user space hosted (mmap never
 * returns addresses at or above 2^47 unless asked to) and the 64 GiB identity map in the kernel
 * (boot/entry.S BOOT_MAP_GIB; kernel/memory.c hands the page allocator nothing above it);
 * heap_map_add refuses a segment outside it, so the heap never uses one. */
#ifdef PLATFORM_HOSTED
#define MAP_WINDOW_BITS 47
#else
#define MAP_WINDOW_BITS 36
#endif
#define MAP_ENTRIES     ((size_t)1 << (MAP_WINDOW_BITS - SEGMENT_SHIFT))

struct heap_map {
    uint8_t page_shift[MAP_ENTRIES];
};
extern struct heap_map heap_map;

bool heap_map_add(struct heap_segment *seg, enum segment_kind kind);
void heap_map_remove(struct heap_segment *seg);

/* Page shift of segment kind `kind`: what the map stores for a live segment. */
static inline uint8_t map_kind_page_shift(enum segment_kind kind)
{
    return kind == SEGMENT_SMALL ? SMALL_PAGE_SHIFT :
           kind == SEGMENT_MEDIUM ? MEDIUM_PAGE_SHIFT : SEGMENT_SHIFT;
}

/*
 * The page shift of the segment holding p: 0 when p is not in a live segment (also for NULL,
 * which is in the never-live segment at 0, and for any address outside the window, kernel
 * half and non-canonical ones included: one unsigned compare), else 16, 19 or 21, so kfree
 * learns the page size without reading the header. Lock-free: a shift, a compare, a byte load.
 */
static inline unsigned heap_map_page_shift(const void *p)
{
    uintptr_t index = (uintptr_t)p >> SEGMENT_SHIFT;
    if (unlikely(index >= MAP_ENTRIES))
        return 0;
    /* Relaxed: a kfree looks up only a segment whose block it was handed after heap_map_add's
     * release store (through its own acquire chain). */
    return __atomic_load_n(&heap_map.page_shift[index], __ATOMIC_RELAXED);
}

/*
 * heap_map_page_shift for a pointer kfree was given: also 0 when p is not GRANULE-aligned (no
 * block starts there), so kfree's fast path checks alignment and the window with the one
 * compare. The rotation moves p's low bits to the top, where they make the index too large.
 */
static inline unsigned heap_map_rotated_page_shift(uint64_t rotated)   /* granule_rotated(p) */
{
    uintptr_t index = rotated >> (SEGMENT_SHIFT - GRANULE_SHIFT);
    if (unlikely(index >= MAP_ENTRIES))
        return 0;
    return __atomic_load_n(&heap_map.page_shift[index], __ATOMIC_RELAXED);
}

/* mm/heap_segment.c */
struct heap_page *heap_segment_page_take(struct heap *h, enum segment_kind kind);
void heap_segment_page_return(struct heap *h, struct heap_page *pg);
void *heap_pages_get(unsigned order);
void heap_pages_put(void *pages, unsigned order);
size_t heap_segment_trim(void);

/* mm/heap_page.c */
struct heap_page *heap_refill(struct heap *h, unsigned qid);
void heap_set_direct(struct heap *h, unsigned qid, struct heap_page *pg);
void heap_page_empty(struct heap *h, struct heap_page *pg);
void heap_page_unfull(struct heap *h, struct heap_page *pg);
void heap_collect_remote(struct heap_page *pg);
void heap_drain_delayed(struct heap *h);
void heap_give_back(struct heap *h);
/* Memory ran short somewhere (heap_pages_get) since h last gave back. Context: h's owner. */
static inline bool heap_short_unseen(const struct heap *h)
{
    return __atomic_load_n(&heap_state.short_epoch, __ATOMIC_RELAXED) != h->short_seen;
}

/* mm/heap_remote.c: frees into pages another heap owns. */
void heap_free_remote(struct heap *h, struct heap_page *pg, struct heap_block *b,
                      uintptr_t caller);
void heap_free_remote_batched(struct heap *h, struct heap_page *pg, struct heap_block *b,
                              uintptr_t caller);
void heap_flush_remote(struct heap *h);

/* mm/heap_large.c: blocks above MEDIUM_MAX, each its own run of pages. */
void *heap_large_alloc(size_t size, size_t align, bool debug, uintptr_t caller);
/* Returns false when p is not a large block. */
bool heap_large_free(void *p, uintptr_t caller);
/* Usable size of large block p into *usable (0 is one: a debug block of 0 bytes asked for);
 * false when p is not a large block. */
bool heap_large_usable(const void *p, size_t *usable);
/* Resize in place if the run allows; false otherwise. */
bool heap_large_resize(void *p, size_t size);
size_t heap_large_trim(void);
void heap_large_stats(size_t *blocks, size_t *bytes, uint64_t *nallocs, uint64_t *nfrees);

/* mm/heap_check.c: reports (never return) and debug-mode fills. */
__attribute__((noreturn, cold)) void heap_report_foreign(const char *op, const void *p, uintptr_t caller);
__attribute__((noreturn, cold)) void heap_report_bad_block(const char *op, const void *p,
                                                     const struct heap_page *pg, uintptr_t caller);
__attribute__((noreturn, cold)) void heap_report_double_free(const char *op, const void *p,
                                                       const struct heap_page *pg, uintptr_t caller);
/* A kfree on heap `freer` of p, which heap remote_record_freer(record) freed already and which
 * waits for its owner to collect it. */
__attribute__((noreturn, cold)) void heap_report_remote_double_free(const char *op, const void *p,
        const struct heap_page *pg, uintptr_t record, unsigned freer, uintptr_t caller);
/* The owner collecting p (freed by remote_record_freer(record), or by an unknown CPU when
 * !is_remote_record) found it free already, or its record overwritten. */
__attribute__((noreturn, cold)) void heap_report_collected_bad(const void *p,
        const struct heap_page *pg, uintptr_t record, const char *what);
void heap_debug_on_alloc(const struct heap_page *pg, struct heap_block *b, size_t size,
                         uintptr_t caller);
void heap_debug_fill(const struct heap_page *pg, struct heap_block *b, size_t size);
void heap_debug_on_free(const struct heap_page *pg, struct heap_block *b, uintptr_t caller);
size_t heap_debug_requested(const struct heap_page *pg, const void *p);
void heap_debug_poison_carved(char *start, size_t block_size, uint32_t n);
void heap_debug_large_fill(void *p, size_t size, size_t usable);
void heap_debug_large_check(const void *p, size_t size, size_t usable, uintptr_t caller);

/* mm/stdnames.c in the preloadable library: sets errno when an allocation fails. Weak, so the
 * builds without the standard names leave it NULL. */
void heap_std_nomem(void) __attribute__((weak));

/* mm/heap_stats.c */
void heap_sample_peak(void);

#endif /* MM_HEAP_H */
