/*
 * mm/fence.h - the guard-page sampler (after Linux's KFENCE): every Nth allocation is placed at
 * the end of a page of its own, with an inaccessible guard page after it, so an overflow traps at
 * the faulting instruction; a freed block's page is made inaccessible too, so a use after free
 * traps. The design is described at the top of mm/fence.c.
 *
 * Off by default (the kernel's boot option mm.fence=N turns it on); when off it costs the
 * allocator's fast paths nothing.
 */
#ifndef MM_FENCE_H
#define MM_FENCE_H

#include "mm/malloc.h"

/**
 * fence_set_sample_rate - sample every `every`-th allocation of each CPU (0: off).
 * The first call with every > 0 takes the pool (FENCE_POOL_BYTES) from the page allocator, for
 * good; returns false (and leaves sampling off) when it cannot. Blocks already sampled stay in
 * the pool until freed, whatever the rate. Context: boot or a quiet moment, like heap_set_debug:
 * another CPU allocating during the switch may miss a sample.
 */
bool fence_set_sample_rate(unsigned every);
unsigned fence_sample_rate(void);

/* The pool's first byte, NULL until sampling was first switched on; written once (with release,
 * after the pool is ready), read by fence_contains on kfree's slow path. */
extern char *fence_pool;
#define FENCE_POOL_ORDER 9                                  /* 2 MiB: 512 pages */
#define FENCE_POOL_BYTES (PAGE_SIZE << FENCE_POOL_ORDER)

/* Whether p lies in the pool (a sampled block, or one of the pool's guard pages): a load, a
 * subtraction and one unsigned compare. */
static inline bool fence_contains(const void *p)
{
    /* Acquire pairs with the release store that published the pool (pool_setup). */
    char *base = __atomic_load_n(&fence_pool, __ATOMIC_ACQUIRE);
    return base && (uintptr_t)p - (uintptr_t)base < FENCE_POOL_BYTES;
}

struct fence_stats {
    unsigned rate;            /* current sample rate, 0 = off */
    unsigned slots;           /* slots in the pool (0 until it is set up) */
    unsigned in_use;          /* sampled blocks handed out and not freed */
    uint64_t sampled;         /* allocations placed in the pool so far */
    uint64_t freed;
    uint64_t pool_full;       /* samples that found no free slot (served by the heap instead) */
    uint64_t faults;          /* faults in the pool explained (fence_explain_fault) */
    uint64_t slack_writes;    /* out-of-bounds writes into a block's page found at kfree */
};
void fence_get_stats(struct fence_stats *out);

/**
 * fence_explain_fault - the trap handler's hook for a page fault at `addr`.
 * Returns false when addr is not in the pool. Otherwise writes a one-line report to buf: the
 * kind (out-of-bounds read/write, naming the side and the offset, or use-after-free), the
 * faulting code `ip` symbolized, the block's size and who allocated (and freed) it; the caller
 * then reports the fault as fatal with that line as its summary. Context: exception handler;
 * takes no lock and never allocates.
 */
bool fence_explain_fault(uintptr_t addr, bool write, uintptr_t ip, char *buf, size_t len);

/* ---- for mm/malloc.c and mm/heap_stats.c only ----------------------------------------------- */

/* Heap heap_id's slow path, with sampling on: a block from the pool when this allocation is the
 * Nth, else NULL (allocate as usual). */
void *fence_alloc(unsigned heap_id, size_t size, size_t align, uintptr_t caller);
/* Free p, which fence_contains; reports (platform_panic) a double free, a pointer that is not a
 * sampled block's start, or bytes written past the block inside its page. */
void fence_free(void *p, const char *op, uintptr_t caller);
/* The size asked for at p (reports like fence_free when p is not a live sampled block). */
size_t fence_usable_size(const void *p, const char *op, uintptr_t caller);
/* Add the pool's blocks to heap_get_stats' totals. */
void fence_add_stats(struct heap_stats *out);

#endif /* MM_FENCE_H */
