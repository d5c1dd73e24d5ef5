/*
 * mm/fence.c - the guard-page sampler: catch overflows and uses after free at the faulting
 * instruction, for a sample of the allocations (after Linux's KFENCE, mm/kfence/core.c and
 * report.c; our own code and layout). Free when off; when on, a debugging mode, not a
 * production one (see "Which allocations" for the cost and why).
 *
 * The pool. One naturally aligned run of FENCE_POOL_PAGES pages from the page allocator, taken
 * the first time sampling is switched on and kept for good (so a pointer's slot is its address
 * arithmetic, and no stale pointer into the pool ever meets unrelated memory):
 *
 *     page 0      1        2        3        4           2i+1      2i+2
 *     [guard ][ data 0 ][ guard ][ data 1 ][ guard ] ... [ data i ][ guard ] ...
 *
 * FENCE_SLOTS (255) slots, each a data page followed by a guard page. Guard pages are never
 * accessible; a data page is accessible only while its slot holds a live block. The one new
 * platform hook, platform_page_set_present, makes a single 4 KiB page (in)accessible: the kernel
 * edits its identity map (kernel/paging.c splits the pool's 2 MiB mapping into 4 KiB entries the
 * first time), the hosted build calls mprotect.
 *
 * A sampled block sits at the END of its data page, its start rounded down to the alignment
 * asked for (at least HEAP_MIN_ALIGN), so the first byte past it is the guard page whenever the
 * size is a multiple of the alignment. Otherwise up to align - 1 bytes of slack lie between the
 * block's end and the guard: the whole page outside the block is filled with a canary byte that
 * depends on the address (FENCE_CANARY, so a shifted copy does not match), and kfree checks it,
 * reporting "out-of-bounds write in slack" with the byte's offset (KFENCE does the same). Bytes
 * written left of the block (an underflow) are caught the same way.
 *
 * Which allocations. Each heap counts down from N (its entry in fence.countdown) on its slow
 * path and samples when the count runs out: "every Nth allocation of each CPU". To see every
 * allocation the slow path must run every time, which costs nothing when sampling is off by
 * reusing the mechanism of debug mode: switching on sets HEAP_FENCE on every heap and points
 * their direct pages at heap_empty_page (heap_set_flag_all), so the fast paths, which never read
 * the flags, fall through to the slow path; with sampling off the fast paths are exactly what
 * they were (no new load or branch). While HEAP_FENCE is set the slow path hides the direct page
 * again after each allocation (mm/malloc.c) and heap_page_empty keeps the queue's first page as
 * it would keep the direct one (mm/heap_page.c). Blocks bigger than a page or aligned to more
 * than a page are never sampled; the count then waits for the next one that fits. A sample that
 * finds the pool full is served by the heap (and counted in pool_full).
 *   The price of counting every allocation is the slow path on every kmalloc: bench=fence
 * (tests/kernel/bench_fence.c) measured about 2.5x the cycles per kmalloc+kfree pair at every
 * 1000th, and a sample itself (map, canary fill and check, unmap) about 4,500 instructions
 * hosted. KFENCE avoids that with a timer-opened gate and patched branches (one sample per
 * interval, not every Nth); that would be the way to a sampler cheap enough to leave on.
 *
 * kfree of a pool address is found without a lookup: the pool is not a heap segment, so kfree's
 * segment map sends it to the slow path, where one range compare (fence_contains) comes before
 * the large-block table; the slot is (page index - 1) / 2, and the slot's record says whether p
 * is its live block (else: double free, or not a block start, reported with the block's owner).
 *
 * Freed slots go to the tail of a FIFO and allocation takes from its head, so a freed page stays
 * inaccessible until every other free slot has been used (KFENCE's "keep it protected for a
 * while"): a use after free traps for as long as possible.
 *
 * TLB. Making a page inaccessible flushes the calling CPU's TLB entry for it (invlpg); other
 * CPUs that touched the page recently may still hold an entry and read or write it without a
 * fault until that entry is evicted. We accept that imprecision, as KFENCE does on x86 (a
 * shootdown IPI per free would make each sampled free wait for every CPU, and kfree may run
 * with interrupts off, where waiting for another CPU's acknowledgement can deadlock): most uses
 * after free happen on the CPU that freed, and the page's slot is not reused while it is in the
 * FIFO. Making a page accessible needs no flush (x86 caches no not-present translations).
 *
 * Reports. A fault in the pool reaches fence_explain_fault from the trap handler, before its
 * generic report: in a guard page it is an out-of-bounds access of the nearer neighbouring
 * block (right of the block before, left of the block after); in an inaccessible data page a
 * use after free. The line names the kind, the faulting code, the offset into the block, the
 * block's size and who allocated (and freed) it. Records are read without the lock (the
 * handler may interrupt a CPU holding it); a report racing a free of the same slot may mix the
 * two records, which is as good as it gets for a report.
 *
 * Locking: fence.lock (a spinlock) over the slot records, the FIFO and the counters; never held
 * across a report. Countdowns are per heap, touched by its CPU only; hosted threads beyond the
 * thread slots all count in their proxy heap's entry without a lock, so they sample a little
 * more or less often than every Nth (the samples themselves are taken under fence.lock).
 */
#include "mm/fence.h"
#include "mm/heap.h"

#define FENCE_POOL_PAGES   ((size_t)1 << FENCE_POOL_ORDER)
#define FENCE_SLOTS        ((unsigned)((FENCE_POOL_PAGES - 1) / 2))   /* leading guard + pairs */
#define FENCE_MAX_SIZE     PAGE_SIZE       /* larger blocks, or larger alignments, are not sampled */
/* The canary in a sampled block's page outside the block: differs from byte to byte, so a
 * block copied one byte off, or a run of one value, does not pass for it. */
#define FENCE_CANARY(addr) ((uint8_t)(0xaa ^ ((uintptr_t)(addr) & 7)))
/* The same eight bytes as one aligned little-endian word: pages are filled and checked a word
 * at a time, and byte by byte only at the block's edges. */
#define FENCE_CANARY_WORD  0xadacafaea9a8abaaull
#define SYMBOL_MAX         96

enum slot_state { SLOT_UNUSED, SLOT_LIVE, SLOT_FREED };

struct fence_slot {
    uintptr_t object;            /* the block's first byte (live, or freed last) */
    uintptr_t alloc_caller, free_caller;
    uint32_t size;               /* bytes asked for */
    uint16_t alloc_cpu, free_cpu;
    uint8_t state;               /* enum slot_state */
};

/* FENCE_POOL_PAGES pages, NULL until first switched on (outside `fence` so fence_contains can
 * be inline in mm/fence.h). */
char *fence_pool;

static struct {
    unsigned rate;               /* sample every rate-th allocation per heap; 0 = off */
    struct heap_lock setup_lock; /* pool set-up and rate changes */
    struct heap_lock lock;       /* everything below */
    struct fence_slot slots[FENCE_SLOTS];
    uint16_t fifo[FENCE_SLOTS];  /* free slots, oldest free first */
    unsigned fifo_head, fifo_count;
    unsigned in_use;
    size_t bytes_in_use;         /* sizes asked for, of the live sampled blocks */
    uint64_t sampled, freed, pool_full;
    uint64_t faults, slack_writes;   /* atomic */
    struct {
        uint32_t left;           /* allocations until the next sample */
    } __attribute__((aligned(64))) countdown[NHEAPS];
} fence;

static inline char *pool(void)
{
    /* Acquire pairs with the release store in pool_setup: the slot records are ready. */
    return __atomic_load_n(&fence_pool, __ATOMIC_ACQUIRE);
}

static char *data_page(unsigned slot)
{
    return pool() + (2 * (size_t)slot + 1) * PAGE_SIZE;
}

/* Page index of p in the pool (p must be in it). */
static size_t page_index(uintptr_t p)
{
    return (p - (uintptr_t)pool()) >> PAGE_SHIFT;
}

/* Whether pool page `page` is a slot's data page: odd, and not the pool's last page (512 pages
 * hold the leading guard and 255 pairs; the one left over is never mapped, like a guard). */
static bool is_data_page(size_t page)
{
    return (page & 1) && page / 2 < FENCE_SLOTS;
}

static const char *who(uintptr_t addr, char *buf)
{
    if (!addr)
        return "(nobody)";
    return platform_symbolize(addr, buf, SYMBOL_MAX);
}

unsigned fence_sample_rate(void)
{
    return __atomic_load_n(&fence.rate, __ATOMIC_RELAXED);
}

/* ---- set-up ---------------------------------------------------------------------------------- */

/* Take the pool and make every page of it inaccessible. Context: fence.setup_lock. */
static bool pool_setup(void)
{
    char *base = heap_pages_get(FENCE_POOL_ORDER);
    size_t done = 0;

    if (!base)
        return false;
    for (; done < FENCE_POOL_PAGES; done++)
        if (!platform_page_set_present(base + done * PAGE_SIZE, false))
            break;
    if (done < FENCE_POOL_PAGES) {
        while (done--)
            platform_page_set_present(base + done * PAGE_SIZE, true);
        heap_pages_put(base, FENCE_POOL_ORDER);
        return false;
    }
    heap_lock(&fence.lock);
    for (unsigned i = 0; i < FENCE_SLOTS; i++) {
        fence.slots[i] = (struct fence_slot){0};
        fence.fifo[i] = (uint16_t)i;
    }
    fence.fifo_head = 0;
    fence.fifo_count = FENCE_SLOTS;
    heap_unlock(&fence.lock);
    /* Release pairs with the acquire loads in pool() and fence_contains(). */
    __atomic_store_n(&fence_pool, base, __ATOMIC_RELEASE);
    return true;
}

bool fence_set_sample_rate(unsigned every)
{
    heap_init_once();
    heap_lock(&fence.setup_lock);
    if (every && !fence_pool && !pool_setup()) {
        heap_unlock(&fence.setup_lock);
        return false;
    }
    for (unsigned i = 0; i < NHEAPS; i++)
        __atomic_store_n(&fence.countdown[i].left, every, __ATOMIC_RELAXED);
    __atomic_store_n(&fence.rate, every, __ATOMIC_RELAXED);
    heap_set_flag_all(HEAP_FENCE, every != 0);
    heap_unlock(&fence.setup_lock);
    return true;
}

/* ---- allocation and free --------------------------------------------------------------------- */

typedef uint64_t __attribute__((may_alias)) canary_word;

static void fill_canary(char *page)
{
    for (size_t i = 0; i < PAGE_SIZE; i += sizeof(canary_word))
        *(canary_word *)(page + i) = FENCE_CANARY_WORD;
}

/* The first byte of [from, to) that is not the canary, or NULL. */
static const uint8_t *first_damaged(const uint8_t *from, const uint8_t *to)
{
    for (; from < to && ((uintptr_t)from & 7); from++)
        if (*from != FENCE_CANARY(from))
            return from;
    while (to - from >= 8 && *(const canary_word *)from == FENCE_CANARY_WORD)
        from += 8;
    for (; from < to; from++)   /* the damaged word, or the last few bytes */
        if (*from != FENCE_CANARY(from))
            return from;
    return NULL;
}

/* The last byte of [from, to) that is not the canary, or NULL. */
static const uint8_t *last_damaged(const uint8_t *from, const uint8_t *to)
{
    for (; to > from && ((uintptr_t)to & 7); to--)
        if (to[-1] != FENCE_CANARY(to - 1))
            return to - 1;
    while (to - from >= 8 && *(const canary_word *)(to - 8) == FENCE_CANARY_WORD)
        to -= 8;
    for (; to > from; to--)
        if (to[-1] != FENCE_CANARY(to - 1))
            return to - 1;
    return NULL;
}

/* A pool block of `size` bytes aligned to `align`, or NULL when every slot is taken. */
static void *slot_take(size_t size, size_t align, uintptr_t caller)
{
    heap_lock(&fence.lock);
    if (!fence.fifo_count) {
        fence.pool_full++;
        heap_unlock(&fence.lock);
        return NULL;
    }
    unsigned slot = fence.fifo[fence.fifo_head];
    fence.fifo_head = (fence.fifo_head + 1) % FENCE_SLOTS;
    fence.fifo_count--;
    char *page = data_page(slot);
    struct fence_slot *s = &fence.slots[slot];
    /* Size 0 still gets a block of its own: placed as if 1 byte, so the pointer is in the page. */
    s->object = ((uintptr_t)page + PAGE_SIZE - (size ? size : 1)) & ~(uintptr_t)(align - 1);
    s->size = (uint32_t)size;
    s->alloc_caller = caller;
    s->alloc_cpu = (uint16_t)platform_cpu_id();
    s->free_caller = 0;
    s->free_cpu = 0;
    s->state = SLOT_LIVE;
    fence.in_use++;
    fence.bytes_in_use += size;
    fence.sampled++;
    heap_unlock(&fence.lock);
    /* The slot is ours now: map and fill its page outside the lock. */
    if (!platform_page_set_present(page, true))
        platform_panic("fence: cannot map the page %p of slot %u", (void *)page, slot);
    fill_canary(page);
    return (void *)s->object;
}

void *fence_alloc(unsigned heap_id, size_t size, size_t align, uintptr_t caller)
{
    uint32_t *left = &fence.countdown[heap_id].left;
    uint32_t n = __atomic_load_n(left, __ATOMIC_RELAXED);

    if (n > 1) {
        __atomic_store_n(left, n - 1, __ATOMIC_RELAXED);
        return NULL;
    }
    if (size > FENCE_MAX_SIZE || align > FENCE_MAX_SIZE || !fence_sample_rate())
        return NULL;   /* the count stays at 1: the next block that fits is sampled */
    __atomic_store_n(left, fence_sample_rate(), __ATOMIC_RELAXED);
    return slot_take(size, align, caller);
}

/* Slot of p, a pointer into a data page, or -1 for a guard page. */
static long slot_of(const void *p)
{
    size_t page = page_index((uintptr_t)p);
    return is_data_page(page) ? (long)(page / 2) : -1;
}

/*
 * The slot record of p when p is a live sampled block; otherwise report what it is (never
 * returns). Reports are made before anything changes, so a caught one leaves the pool as it was.
 */
static struct fence_slot check_live(const void *p, const char *op, uintptr_t caller, long *slot_out)
{
    char sym[SYMBOL_MAX], by[SYMBOL_MAX], freer[SYMBOL_MAX];
    long slot = slot_of(p);
    struct fence_slot s;

    if (slot < 0)
        platform_panic("%s: pointer %p is not from the heap: it is in a guard page of the fence "
                       "pool (caller %s)", op, p, who(caller, sym));
    heap_lock(&fence.lock);
    s = fence.slots[slot];
    heap_unlock(&fence.lock);
    if (s.object == (uintptr_t)p && s.state == SLOT_FREED)
        platform_panic("%s: double free of %p (fence slot %ld, %u-byte block allocated by %s, "
                       "freed by %s) (caller %s)", op, p, slot, s.size, who(s.alloc_caller, by),
                       who(s.free_caller, freer), who(caller, sym));
    if (s.state == SLOT_UNUSED)
        platform_panic("%s: pointer %p is not from the heap: fence slot %ld was never used "
                       "(caller %s)", op, p, slot, who(caller, sym));
    if (s.object != (uintptr_t)p)
        platform_panic("%s: pointer %p is not from the heap: not the start of a block (fence "
                       "slot %ld: %s %u-byte block at %p, allocated by %s) (caller %s)", op, p, slot,
                       s.state == SLOT_LIVE ? "a live" : "a freed", s.size, (void *)s.object,
                       who(s.alloc_caller, by), who(caller, sym));
    *slot_out = slot;
    return s;
}

/* The first byte outside s's block in its page that is not the canary, or NULL. Bytes right of
 * the block first (overflows are the common case), nearest the block first on either side. */
static const uint8_t *slack_damage(const struct fence_slot *s, const char *page)
{
    const uint8_t *start = (const uint8_t *)s->object;
    const uint8_t *right = first_damaged(start + s->size, (const uint8_t *)page + PAGE_SIZE);
    return right ? right : last_damaged((const uint8_t *)page, start);
}

void fence_free(void *p, const char *op, uintptr_t caller)
{
    char sym[SYMBOL_MAX], by[SYMBOL_MAX];
    long slot;
    struct fence_slot s = check_live(p, op, caller, &slot);
    char *page = data_page((unsigned)slot);
    const uint8_t *bad = slack_damage(&s, page);

    if (bad) {
        __atomic_fetch_add(&fence.slack_writes, 1, __ATOMIC_RELAXED);
        platform_panic("%s: out-of-bounds write in slack of the %u-byte block %p: byte %+ld is "
                       "0x%02x, not the canary 0x%02x (allocated by %s) (caller %s)", op, s.size, p,
                       (long)((uintptr_t)bad - s.object), *bad, FENCE_CANARY(bad),
                       who(s.alloc_caller, by), who(caller, sym));
    }
    struct fence_slot *rec = &fence.slots[slot];
    for (;;) {
        heap_lock(&fence.lock);
        if (rec->state == SLOT_LIVE && rec->object == (uintptr_t)p)
            break;
        heap_unlock(&fence.lock);   /* another CPU freed it since we looked: report that */
        check_live(p, op, caller, &slot);
    }
    rec->state = SLOT_FREED;
    rec->free_caller = caller;
    rec->free_cpu = (uint16_t)platform_cpu_id();
    /* Inaccessible before the slot can be taken again (it joins the FIFO below). */
    if (!platform_page_set_present(page, false)) {
        heap_unlock(&fence.lock);
        platform_panic("fence: cannot unmap the page %p of slot %ld", (void *)page, slot);
    }
    fence.fifo[(fence.fifo_head + fence.fifo_count) % FENCE_SLOTS] = (uint16_t)slot;
    fence.fifo_count++;
    fence.in_use--;
    fence.bytes_in_use -= s.size;
    fence.freed++;
    heap_unlock(&fence.lock);
}

size_t fence_usable_size(const void *p, const char *op, uintptr_t caller)
{
    long slot;
    return check_live(p, op, caller, &slot).size;
}

/* ---- statistics ------------------------------------------------------------------------------ */

void fence_get_stats(struct fence_stats *out)
{
    heap_lock(&fence.lock);
    out->rate = fence_sample_rate();
    out->slots = pool() ? FENCE_SLOTS : 0;
    out->in_use = fence.in_use;
    out->sampled = fence.sampled;
    out->freed = fence.freed;
    out->pool_full = fence.pool_full;
    heap_unlock(&fence.lock);
    out->faults = __atomic_load_n(&fence.faults, __ATOMIC_RELAXED);
    out->slack_writes = __atomic_load_n(&fence.slack_writes, __ATOMIC_RELAXED);
}

/* Sampled blocks count in heap_get_stats at the size asked for (their usable size). */
void fence_add_stats(struct heap_stats *out)
{
    heap_lock(&fence.lock);
    out->bytes_in_use += fence.bytes_in_use;
    out->nallocs += fence.sampled;
    out->nfrees += fence.freed;
    heap_unlock(&fence.lock);
}

/* ---- fault reports --------------------------------------------------------------------------- */

/* "allocated by X on CPU n[, freed by Y on CPU m]" for slot record s. */
static void describe_owner(const struct fence_slot *s, char *buf, size_t len)
{
    char by[SYMBOL_MAX], freer[SYMBOL_MAX];
    if (s->state == SLOT_FREED)
        platform_snprintf(buf, len, "allocated by %s on CPU %u, freed by %s on CPU %u",
                          who(s->alloc_caller, by), s->alloc_cpu, who(s->free_caller, freer),
                          s->free_cpu);
    else
        platform_snprintf(buf, len, "allocated by %s on CPU %u", who(s->alloc_caller, by),
                          s->alloc_cpu);
}

bool fence_explain_fault(uintptr_t addr, bool write, uintptr_t ip, char *buf, size_t len)
{
    char at[SYMBOL_MAX], owner[2 * SYMBOL_MAX + 48];
    const char *access = write ? "write" : "read";

    if (!fence_contains((const void *)addr))
        return false;
    __atomic_fetch_add(&fence.faults, 1, __ATOMIC_RELAXED);
    who(ip, at);
    size_t page = page_index(addr);
    if (is_data_page(page)) {
        /* A data page, inaccessible: its block was freed (or the slot was never used). */
        struct fence_slot s = fence.slots[page / 2];
        if (s.state == SLOT_UNUSED) {
            platform_snprintf(buf, len, "fence: invalid %s at %s: address 0x%lx is in a fence "
                              "page that never held a block", access, at, (unsigned long)addr);
            return true;
        }
        describe_owner(&s, owner, sizeof owner);
        platform_snprintf(buf, len, "fence: use-after-free %s at %s: offset %+ld of a %u-byte "
                          "block at 0x%lx, %s", access, at, (long)(addr - s.object), s.size,
                          (unsigned long)s.object, owner);
        return true;
    }
    /* A guard page: blame the nearer block that was ever there, left (overflow) or right. */
    const struct fence_slot *left = page >= 2 ? &fence.slots[page / 2 - 1] : NULL;
    const struct fence_slot *right = is_data_page(page + 1) ? &fence.slots[page / 2] : NULL;
    if (left && left->state == SLOT_UNUSED)
        left = NULL;
    if (right && right->state == SLOT_UNUSED)
        right = NULL;
    if (left && right && right->object - addr < addr - (left->object + left->size))
        left = NULL;
    const struct fence_slot *s = left ? left : right;
    if (!s) {
        platform_snprintf(buf, len, "fence: invalid %s at %s: address 0x%lx is in a fence guard "
                          "page next to no block", access, at, (unsigned long)addr);
        return true;
    }
    describe_owner(s, owner, sizeof owner);
    unsigned long distance = s == left ? (unsigned long)(addr - (s->object + s->size)) + 1
                                       : (unsigned long)(s->object - addr);
    platform_snprintf(buf, len, "fence: out-of-bounds %s at %s: %lu byte%s %s of a %u-byte%s block "
                      "at 0x%lx (offset %+ld), %s", access, at, distance, distance == 1 ? "" : "s",
                      s == left ? "right" : "left", s->size,
                      s->state == SLOT_FREED ? " freed" : "", (unsigned long)s->object,
                      (long)(addr - s->object), owner);
    return true;
}
