/*
 * mm/heap_check.c - the heap's error reports and its debug mode.
 *
 * Reports name the pointer, what the heap knows about it (size class and block size) and the
 * caller, then call platform_panic. They are made before the heap changes anything, so a test
 * that expects one (EXPECT_PANIC) finds the heap as it was.
 *
 * Debug mode (after OpenBSD malloc's junking and canaries) lays out a block of a debug page as
 *
 *     [ requested bytes | CANARY_BYTE ... | requested size ^ tag_key (8 bytes) ]
 *
 * so one block needs DEBUG_REDZONE (16) bytes more than asked: at least 8 bytes of canary, plus
 * the size, which kmalloc_usable_size reports and kfree uses to find the canary. kfree checks
 * the canary (overflow), then fills the block past its free-list link with POISON_FREE_BYTE;
 * kmalloc checks the poison before handing the block out again (write after free). New blocks
 * are poisoned as they are carved, so every free block of a debug page is poisoned. Large blocks
 * keep the requested size in their table entry and have a canary after it.
 */
#include "mm/heap.h"

#define SYMBOL_MAX     96
#define LARGE_CANARY   64     /* canary bytes checked after a large debug block */

static const char *who(uintptr_t caller, char *buf)
{
    return platform_symbolize(caller, buf, SYMBOL_MAX);
}

static unsigned page_class(const struct heap_page *pg)
{
    return pg->qid % HEAP_NCLASSES;
}

void heap_report_foreign(const char *op, const void *p, uintptr_t caller)
{
    char sym[SYMBOL_MAX];
    platform_panic("%s: pointer %p is not from the heap (caller %s)", op, p, who(caller, sym));
}

/* p lies in a live segment but is not a handed-out block (mm/heap.h, live_word): say which case. */
void heap_report_bad_block(const char *op, const void *p, const struct heap_page *pg,
                           uintptr_t caller)
{
    char sym[SYMBOL_MAX];
    if (!pg->block_size || (const char *)p < pg->start)
        heap_report_foreign(op, p, caller);
    uintptr_t offset = (uintptr_t)((const char *)p - pg->start);
    uint32_t capacity = __atomic_load_n(&pg->capacity, __ATOMIC_RELAXED);
    if (offset % pg->block_size || offset / pg->block_size >= capacity)
        platform_panic("%s: pointer %p is not from the heap: not the start of a block "
                       "(size class %u, %u bytes) (caller %s)",
                       op, p, page_class(pg), pg->block_size, who(caller, sym));
    heap_report_double_free(op, p, pg, caller);
}

void heap_report_double_free(const char *op, const void *p, const struct heap_page *pg,
                             uintptr_t caller)
{
    char sym[SYMBOL_MAX];
    if (!pg)
        platform_panic("%s: double free of %p (large block) (caller %s)", op, p,
                       who(caller, sym));
    platform_panic("%s: double free of %p (size class %u, %u bytes) (caller %s)", op, p,
                   page_class(pg), pg->block_size, who(caller, sym));
}

/* "CPU 2", or hosted "thread slot 2" (the shared heap: "a thread sharing the locked heap"), for
 * heap id `id` into buf. */
static const char *heap_name(unsigned id, char *buf, size_t len)
{
#ifdef PLATFORM_HOSTED
    if (id == SHARED_HEAP || id == SHARED_PROXY)
        return "a thread sharing the locked heap";
    platform_snprintf(buf, len, "thread slot %u", id);
#else
    platform_snprintf(buf, len, "CPU %u", id);
#endif
    return buf;
}

void heap_report_remote_double_free(const char *op, const void *p, const struct heap_page *pg,
                                    uintptr_t record, unsigned freer, uintptr_t caller)
{
    char sym[SYMBOL_MAX], first[40], second[40], owner[40];
    platform_panic("%s: double free of %p (size class %u, %u bytes): freed on %s, not yet "
                   "collected by its owner %s, and again on %s (caller %s)", op, p,
                   page_class(pg), pg->block_size,
                   heap_name(remote_record_freer(record), first, sizeof first),
                   heap_name(page_owner(pg)->id, owner, sizeof owner),
                   heap_name(freer, second, sizeof second), who(caller, sym));
}

void heap_report_collected_bad(const void *p, const struct heap_page *pg, uintptr_t record,
                               const char *what)
{
    char first[40], owner[40];
    const char *freer = is_remote_record(p, record)
                        ? heap_name(remote_record_freer(record), first, sizeof first)
                        : "another CPU";
    platform_panic("heap: block %p (size class %u, %u bytes), freed on %s, found bad when its "
                   "owner %s collected it: %s", p, page_class(pg), pg->block_size, freer,
                   heap_name(page_owner(pg)->id, owner, sizeof owner), what);
}

void heap_report_corrupt_list(const struct heap_page *pg, const struct heap_block *b)
{
    (void)pg;
    platform_panic("heap: free list corrupted at block %p (link overwritten: write after free "
                   "or overflow from the block before)", (const void *)b);
}

/* ---- debug mode ------------------------------------------------------------------------------ */

static size_t *size_word(const struct heap_page *pg, const void *b)
{
    return (size_t *)((char *)b + pg->block_size - sizeof(size_t));
}

size_t heap_debug_requested(const struct heap_page *pg, const void *p)
{
    return *size_word(pg, p) ^ heap_state.tag_key;
}

/* Offset of the first byte in [from, to) of p that is not `byte`, or `to`. */
static size_t first_not(const void *p, size_t from, size_t to, uint8_t byte)
{
    const uint8_t *c = p;
    for (size_t i = from; i < to; i++)
        if (c[i] != byte)
            return i;
    return to;
}

void heap_debug_poison_carved(char *start, size_t block_size, uint32_t n)
{
    memset(start, POISON_FREE_BYTE, block_size * n);
}

void heap_debug_on_alloc(const struct heap_page *pg, struct heap_block *b, size_t size,
                         uintptr_t caller)
{
    char sym[SYMBOL_MAX];
    size_t bad = first_not(b, sizeof *b, pg->block_size, POISON_FREE_BYTE);
    (void)size;
    if (bad < pg->block_size)
        platform_panic("kmalloc: write after free in block %p (size class %u, %u bytes) at "
                       "offset %zu, found reusing it (caller %s)",
                       (void *)b, page_class(pg), pg->block_size, bad, who(caller, sym));
}

void heap_debug_fill(const struct heap_page *pg, struct heap_block *b, size_t size)
{
    size_t *sw = size_word(pg, b);
    memset(b, 0xaa, size);   /* junk, so reads of uninitialised memory stand out */
    memset((char *)b + size, CANARY_BYTE, (size_t)((char *)sw - ((char *)b + size)));
    *sw = size ^ heap_state.tag_key;
}

void heap_debug_on_free(const struct heap_page *pg, struct heap_block *b, uintptr_t caller)
{
    char sym[SYMBOL_MAX];
    size_t size = heap_debug_requested(pg, b);
    size_t end = pg->block_size - sizeof(size_t);

    if (size > pg->block_size - DEBUG_REDZONE)
        platform_panic("kfree: heap overflow past block %p (size class %u, %u bytes): its "
                       "size word is overwritten (caller %s)",
                       (void *)b, page_class(pg), pg->block_size, who(caller, sym));
    size_t bad = first_not(b, size, end, CANARY_BYTE);
    if (bad < end)
        platform_panic("kfree: heap overflow past block %p (size %zu, size class %u, %u bytes): "
                       "canary at offset %zu overwritten (caller %s)",
                       (void *)b, size, page_class(pg), pg->block_size, bad, who(caller, sym));
    memset((char *)b + sizeof *b, POISON_FREE_BYTE, pg->block_size - sizeof *b);
}

void heap_debug_large_fill(void *p, size_t size, size_t usable)
{
    size_t end = size + LARGE_CANARY < usable ? size + LARGE_CANARY : usable;
    memset(p, 0xaa, size);
    memset((char *)p + size, CANARY_BYTE, end - size);
}

void heap_debug_large_check(const void *p, size_t size, size_t usable, uintptr_t caller)
{
    char sym[SYMBOL_MAX];
    size_t end = size + LARGE_CANARY < usable ? size + LARGE_CANARY : usable;
    size_t bad = first_not(p, size, end, CANARY_BYTE);
    if (bad < end)
        platform_panic("kfree: heap overflow past block %p (size %zu, large block): canary at "
                       "offset %zu overwritten (caller %s)", p, size, bad, who(caller, sym));
}
