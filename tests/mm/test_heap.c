/*
 * tests/mm/test_heap.c - the heap (mm/malloc.h), in the kernel and hosted alike.
 *
 * Every test checks that bytes_in_use comes back to where it started (xv6 usertests style), and
 * every block it writes is filled with a pattern derived from its address and checked before it
 * is freed, so a block handed out twice or overlapping another shows up as a pattern mismatch.
 */
#include "mm/heap.h"     /* SEGMENT_* tunables */
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "tests/mm/heap_test.h"

static uint8_t pattern_byte(const void *p, size_t i)
{
    return (uint8_t)(((uintptr_t)p >> 4) * 131 + i * 31 + 7);
}

static void fill(void *p, size_t n)
{
    uint8_t *c = p;
    for (size_t i = 0; i < n; i++)
        c[i] = pattern_byte(p, i);
}

/* Whether p still holds its pattern (the first n bytes). */
static bool intact(const void *p, size_t n)
{
    const uint8_t *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != pattern_byte(p, i))
            return false;
    return true;
}

static uint64_t rng_state = 0x243f6a8885a308d3ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

TEST(heap, zero_null_and_min_alignment)
{
    size_t base = heap_in_use();
    void *a = kmalloc(0), *b = kmalloc(0);
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(b);
    EXPECT_NE(a, b);
    kfree(a);
    kfree(b);
    kfree(NULL);
    for (size_t n = 1; n <= 2048; n += 7) {
        char *p = kmalloc(n);
        ASSERT_NOT_NULL(p);
        EXPECT_EQ((uintptr_t)p % HEAP_MIN_ALIGN, 0);
        EXPECT_GE(kmalloc_usable_size(p), n);
        fill(p, n);
        EXPECT_TRUE(intact(p, n));
        kfree(p);
    }
    EXPECT_EQ(kmalloc_usable_size(NULL), 0);
    EXPECT_EQ(heap_in_use(), base);
}

TEST(heap, every_class_boundary)
{
    size_t base = heap_in_use();
    struct heap_stats s;
    heap_get_stats(&s);
    for (unsigned c = 1; c < HEAP_NCLASSES; c++) {
        size_t size = s.classes[c].size;
        if (c > 1)
            ASSERT_GT(size, s.classes[c - 1].size);
        for (size_t n = size - 1; n <= size + 1; n++) {
            char *p = kmalloc(n);
            ASSERT_NOT_NULL(p);
            EXPECT_GE(kmalloc_usable_size(p), n);
            EXPECT_EQ((uintptr_t)p % HEAP_MIN_ALIGN, 0);
            fill(p, n);
            EXPECT_TRUE(intact(p, n));
            kfree(p);
        }
    }
    EXPECT_EQ(heap_in_use(), base);
}

TEST(heap, stats_count_blocks)
{
    struct heap_stats before, during, after;
    void *p[10];
    bool was = heap_debug_enabled();   /* class numbers below are those of normal mode */
    heap_set_debug(false);
    heap_get_stats(&before);
    for (int i = 0; i < 10; i++)
        p[i] = kmalloc(100);   /* class 7: 112 bytes */
    heap_get_stats(&during);
    EXPECT_EQ(during.nallocs - before.nallocs, 10);
    EXPECT_EQ(during.classes[7].size, 112);
    EXPECT_EQ(during.classes[7].in_use - before.classes[7].in_use, 10);
    EXPECT_EQ(during.bytes_in_use - before.bytes_in_use, 10 * 112);
    EXPECT_GE(during.bytes_peak, during.bytes_in_use);
    EXPECT_GE(during.bytes_mapped, during.bytes_in_use);
    EXPECT_GT(during.classes[7].free + during.classes[7].in_use, 0);
    for (int i = 0; i < 10; i++)
        kfree(p[i]);
    heap_get_stats(&after);
    EXPECT_EQ(after.nfrees - before.nfrees, 10);
    EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
    heap_set_debug(was);
}

TEST(heap, every_alignment)
{
    size_t base = heap_in_use();
    for (size_t align = 1; align <= HEAP_MAX_ALIGN; align *= 2) {
        static const size_t sizes[] = {1, 24, 100, 4000, 70000};
        for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            char *p = kmalloc_aligned(align, sizes[i]);
            ASSERT_NOT_NULL(p);
            EXPECT_EQ((uintptr_t)p % align, 0);
            EXPECT_EQ((uintptr_t)p % HEAP_MIN_ALIGN, 0);
            EXPECT_GE(kmalloc_usable_size(p), sizes[i]);
            fill(p, sizes[i]);
            EXPECT_TRUE(intact(p, sizes[i]));
            kfree(p);
        }
    }
    EXPECT_NULL(kmalloc_aligned(3, 10));
    EXPECT_NULL(kmalloc_aligned(HEAP_MAX_ALIGN * 2, 10));
    EXPECT_EQ(heap_in_use(), base);
}

TEST(heap, calloc_zeroes_and_checks_overflow)
{
    size_t base = heap_in_use();
    for (size_t n = 1; n < 100000; n = n * 3 + 1) {
        char *p = kmalloc(n);
        memset(p, 0x5a, n);
        kfree(p);
        uint8_t *z = kcalloc(n, 1);
        ASSERT_NOT_NULL(z);
        size_t nonzero = 0;
        for (size_t i = 0; i < n; i++)
            nonzero += z[i] != 0;
        EXPECT_EQ(nonzero, 0);
        kfree(z);
    }
    EXPECT_NULL(kcalloc((size_t)1 << 33, (size_t)1 << 33));
    EXPECT_NULL(kcalloc(SIZE_MAX, 2));
    EXPECT_EQ(heap_in_use(), base);
}

TEST(heap, realloc_keeps_contents)
{
    size_t base = heap_in_use();
    char *p = krealloc(NULL, 10);
    unsigned growths_moved = 0, shrinks = 0, shrinks_moved = 0;
    ASSERT_NOT_NULL(p);
    fill(p, 10);
    size_t n = 10;
    while (n < 3000000) {
        size_t next = n * 2 + 3;
        /* the pattern follows the address, so check and re-fill across the move */
        EXPECT_TRUE(intact(p, n));
        char *saved = kmalloc(n);
        memcpy(saved, p, n);
        char *q = krealloc(p, next);
        ASSERT_NOT_NULL(q);
        EXPECT_EQ(memcmp(q, saved, n), 0);
        kfree(saved);
        growths_moved += q != p;
        p = q;
        fill(p, next);
        n = next;
    }
    EXPECT_GT(growths_moved, 0);
    while (n > 5) {                     /* and shrinking, in place or moved */
        size_t next = n / 3;
        char *saved = kmalloc(next);
        ASSERT_NOT_NULL(saved);
        memcpy(saved, p, next);
        char *q = krealloc(p, next);
        ASSERT_NOT_NULL(q);
        EXPECT_EQ(memcmp(q, saved, next), 0);
        kfree(saved);
        shrinks++;
        shrinks_moved += q != p;
        p = q;
        fill(p, next);
        n = next;
    }
    /* Some shrinks moved the block, so the check above covered the copy. (Which stay in place
     * depends on the mode: in debug mode, none do.) */
    ktest_note("%u of %u shrinks moved the block", shrinks_moved, shrinks);
    EXPECT_GT(shrinks_moved, 0);
    EXPECT_NULL(krealloc(p, 0));        /* frees p */
    EXPECT_EQ(heap_in_use(), base);
}

TEST(heap, large_blocks)
{
    size_t base = heap_in_use();
    static const size_t sizes[] = {65537, 100000, 1 << 20, (3 << 20) + 5, 9 << 20};
    void *p[5];
    for (int i = 0; i < 5; i++) {
        p[i] = kmalloc(sizes[i]);
        ASSERT_NOT_NULL(p[i]);
        EXPECT_GE(kmalloc_usable_size(p[i]), sizes[i]);
        fill(p[i], sizes[i]);
    }
    for (int i = 0; i < 5; i++) {
        EXPECT_TRUE(intact(p[i], sizes[i]));
        kfree(p[i]);
    }
    EXPECT_EQ(heap_in_use(), base);
}

/*
 * A freed large run serves a later, smaller request of up to LARGE_REUSE_ORDERS orders less
 * (its pages are mapped already), counted as the whole run; not in debug mode, whose blocks
 * keep their size and canary where their own order puts them.
 */
TEST(heap, freed_large_run_serves_a_smaller_request)
{
    heap_trim();   /* no cached run of the smaller order that would be taken first */
    size_t base = heap_in_use();   /* (also sets the heap up, so the mode below is known) */
    if (heap_debug_enabled())
        ktest_skip("debug mode takes cached runs of the exact order only");
    void *big = kmalloc((size_t)3 << 20);   /* a 4 MiB run */
    ASSERT_NOT_NULL(big);
    kfree(big);
    void *small = kmalloc((size_t)1 << 20);  /* 1 MiB: two orders less */
    ASSERT_NOT_NULL(small);
    EXPECT_EQ(small, big);
    ASSERT_EQ(kmalloc_usable_size(small), (size_t)4 << 20);
    EXPECT_EQ(heap_in_use(), base + ((size_t)4 << 20));
    fill(small, (size_t)4 << 20);
    EXPECT_TRUE(intact(small, (size_t)4 << 20));
    kfree(small);
    EXPECT_EQ(heap_in_use(), base);
    heap_trim();
}

/* Random kmalloc/kfree/krealloc over a table of live blocks, every block verified. */
TEST(heap, random_sequences)
{
    enum { SLOTS = 1500, STEPS = 60000 };
    static char *slot[SLOTS];
    static size_t len[SLOTS];
    size_t base = heap_in_use();

    for (int step = 0; step < STEPS; step++) {
        unsigned i = (unsigned)(rnd() % SLOTS);
        uint64_t r = rnd();
        size_t n = (r & 0x3f) == 0 ? (size_t)(r >> 8) % 150000 : (size_t)(r >> 8) % 600;
        if (slot[i] && !intact(slot[i], len[i])) {
            ASSERT_TRUE(intact(slot[i], len[i]));
        }
        if (slot[i] && (r & 0x30) == 0) {
            char *q = krealloc(slot[i], n);
            if (n == 0) {
                EXPECT_NULL(q);
                slot[i] = NULL;
                continue;
            }
            ASSERT_NOT_NULL(q);
            size_t keep = n < len[i] ? n : len[i];
            /* contents moved: the pattern of the old address, now at q */
            const uint8_t *c = (const uint8_t *)q;
            bool same = true;
            for (size_t k = 0; k < keep; k++)
                same &= c[k] == pattern_byte(slot[i], k);
            EXPECT_TRUE(same);
            slot[i] = q;
        } else {
            kfree(slot[i]);
            slot[i] = kmalloc(n);
            ASSERT_NOT_NULL(slot[i]);
        }
        len[i] = n;
        fill(slot[i], n);
    }
    for (unsigned i = 0; i < SLOTS; i++) {
        if (slot[i])
            EXPECT_TRUE(intact(slot[i], len[i]));
        kfree(slot[i]);
        slot[i] = NULL;
    }
    EXPECT_EQ(heap_in_use(), base);
}

static int on_stack_target;

TEST(heap, double_free_and_foreign_pointers_panic)
{
    size_t base = heap_in_use();
    int local;
    bool was = heap_debug_enabled();   /* the class named below is that of normal mode */
    heap_set_debug(false);
    char *p = kmalloc(64);
    ASSERT_NOT_NULL(p);

    EXPECT_PANIC("not from the heap", kfree(&local));
    EXPECT_PANIC("not from the heap", kfree(&on_stack_target));
    EXPECT_PANIC("not the start of a block", kfree(p + 16));
    EXPECT_PANIC("not the start of a block", kfree(p + 1));
    EXPECT_PANIC("size class 4, 64 bytes", kfree(p + 8));
    EXPECT_PANIC("not from the heap", kmalloc_usable_size(&local));
    EXPECT_PANIC("not from the heap", krealloc(&local, 10));
    kfree(p);
    EXPECT_PANIC("double free", kfree(p));
    EXPECT_PANIC("size class 4, 64 bytes", kfree(p));
    EXPECT_PANIC("(caller ", kfree(p));    /* the report names the caller */

    char *big = kmalloc(300000);
    ASSERT_NOT_NULL(big);
    EXPECT_PANIC("not from the heap", kfree(big + 4096));
    kfree(big);
    EXPECT_PANIC("double free", kfree(big));

    /* and the heap goes on working */
    p = kmalloc(64);
    ASSERT_NOT_NULL(p);
    fill(p, 64);
    EXPECT_TRUE(intact(p, 64));
    kfree(p);
    heap_set_debug(was);
    EXPECT_EQ(heap_in_use(), base);
}

TEST(heap, debug_mode_catches_overflow_and_write_after_free)
{
    size_t base = heap_in_use();
    bool was = heap_debug_enabled();
    heap_set_debug(true);

    char *p = kmalloc(40);
    ASSERT_NOT_NULL(p);
    EXPECT_EQ(kmalloc_usable_size(p), 40);
    fill(p, 40);
    char saved = p[40];
    p[40] ^= 0x11;                       /* one byte past the end */
    EXPECT_PANIC("overflow past block", kfree(p));
    p[40] = saved;
    kfree(p);

    p = kmalloc(48);
    ASSERT_NOT_NULL(p);
    kfree(p);
    saved = p[32];
    p[32] ^= 0x22;                       /* write after free */
    void *q = NULL;
    EXPECT_PANIC("write after free", q = kmalloc(48));
    p[32] = saved;
    q = kmalloc(48);
    EXPECT_EQ(q, p);
    kfree(q);

    char *big = kmalloc(200000);
    ASSERT_NOT_NULL(big);
    saved = big[200000];
    big[200000] ^= 1;
    EXPECT_PANIC("overflow past block", kfree(big));
    big[200000] = saved;
    kfree(big);

    /* blocks from before the switch are freed correctly after it, and the other way round */
    heap_set_debug(false);
    p = kmalloc(100);
    heap_set_debug(true);
    q = kmalloc(100);
    kfree(p);
    heap_set_debug(false);
    kfree(q);

    heap_set_debug(was);
    EXPECT_EQ(heap_in_use(), base);
}

/* Allocate until NULL under a page limit, free everything, and allocate again. */
TEST(heap, exhaustion_and_recovery)
{
    enum { MAX_BLOCKS = 60000 };
    static void *blocks[MAX_BLOCKS];
    struct heap_stats s;
    size_t base = heap_in_use();

    heap_get_stats(&s);
    heap_set_page_limit(s.bytes_mapped + ((size_t)24 << 20));
    for (int round = 0; round < 2; round++) {
        int n = 0;
        bool hit_null = false;
        while (n < MAX_BLOCKS) {
            size_t size = (n % 7 == 0) ? 100000 + (size_t)n : 16 + (size_t)(n % 40) * 40;
            void *p = kmalloc(size);
            if (!p) {
                hit_null = true;
                break;
            }
            fill(p, 16);
            blocks[n++] = p;
        }
        EXPECT_TRUE(hit_null);
        EXPECT_GT(n, 100);
        for (int i = 0; i < n; i++) {
            EXPECT_TRUE(intact(blocks[i], 16));
            kfree(blocks[i]);
        }
        EXPECT_EQ(heap_in_use(), base);
    }
    heap_set_page_limit(0);
    void *p = kmalloc(1 << 20);
    EXPECT_NOT_NULL(p);
    kfree(p);
    EXPECT_NULL(kmalloc(SIZE_MAX));
    EXPECT_NULL(kmalloc(SIZE_MAX - 4096));
    EXPECT_EQ(heap_in_use(), base);
}

/*
 * After an exhaustion, the empty page a class keeps as its current page must not pin a 2 MiB
 * segment nothing else uses. Fill memory with one small class, free all but the newest block, let
 * its page become the class's current page again and empty it: now that page alone holds its
 * segment. A request that needs the segment's memory must still succeed (without heap_give_back
 * it got NULL while the heap held a segment with nothing in it).
 */
TEST(heap, exhausted_class_gives_its_pages_back)
{
    struct heap_stats s;
    size_t base = heap_in_use();
    void *chain = NULL;
    size_t n = 0;

    heap_trim();   /* the limit counts from what the heap really needs now */
    heap_get_stats(&s);
    heap_set_page_limit(s.bytes_mapped + ((size_t)5 << 20));
    for (void *p; (p = kmalloc(64)); n++)
        chain_push(&chain, p);
    EXPECT_GT(n, 1000);
    void *newest = chain;
    free_chain(*(void **)chain);
    void *again = kmalloc(64);   /* from newest's page, the only one left with room */
    EXPECT_NOT_NULL(again);
    kfree(again);
    kfree(newest);
    /* A 3 MiB block is a 4 MiB run: it fits under the limit only if that segment went back. */
    void *big = kmalloc((size_t)3 << 20);
    EXPECT_NOT_NULL(big);
    kfree(big);
    heap_set_page_limit(0);
    EXPECT_EQ(heap_in_use(), base);
}

/*
 * When a class finds no room in the heap's segments and the page allocator has no 2 MiB run for
 * a new segment but still has smaller runs, a small block comes from a run of its own (counted
 * with the large blocks) instead of NULL. Under a limit of less than a segment, 64-byte blocks
 * fill the segments the heap has, then go on as runs until the limit itself is reached (without
 * the fallback: NULL as soon as the segments were full, with 1 MiB still allowed).
 */
TEST(heap, fragmented_heap_still_serves_small_blocks)
{
    struct heap_stats before, full;
    size_t base = heap_in_use();
    void *chain = NULL;

    heap_trim();
    heap_get_stats(&before);
    heap_set_page_limit(before.bytes_mapped + ((size_t)1 << 20));
    for (void *p; (p = kmalloc(64));)
        chain_push(&chain, p);
    heap_get_stats(&full);
    heap_set_page_limit(0);
    EXPECT_GT(full.large_in_use, before.large_in_use + 100);
    EXPECT_LE(full.bytes_mapped, before.bytes_mapped + ((size_t)1 << 20));
    free_chain(chain);
    heap_get_stats(&full);
    EXPECT_EQ(full.large_in_use, before.large_in_use);
    EXPECT_EQ(heap_in_use(), base);
}

/*
 * Empty segments beyond SEGMENT_CACHE_MAX are kept for SEGMENT_DECAY_MS after they empty
 * (hosted; the kernel keeps none beyond the cache), so a program that frees a burst and soon
 * allocates again finds its memory still mapped; after the decay the next release gives them
 * back, and heap_trim gives back everything at once.
 */
#define DECAY_TEST_SEGMENTS 24
#define DECAY_TEST_BLOCK    1024

static void *alloc_segments_worth(void)
{
    void *chain = NULL;
    for (size_t i = 0; i < DECAY_TEST_SEGMENTS * (SEGMENT_SIZE / DECAY_TEST_BLOCK); i++) {
        void *p = kmalloc(DECAY_TEST_BLOCK);
        if (!p)
            break;
        chain_push(&chain, p);
    }
    return chain;
}

TEST(heap, empty_segments_decay)
{
    struct heap_stats before, s;
    size_t base = heap_in_use(), kept_max = (SEGMENT_CACHE_MAX + 1) * SEGMENT_SIZE;

    heap_trim();
    heap_get_stats(&before);
    void *chain = alloc_segments_worth();
    ASSERT_NOT_NULL(chain);
    free_chain(chain);
    heap_get_stats(&s);
    if (SEGMENT_DECAY_MS) {
        EXPECT_GE(s.bytes_mapped, before.bytes_mapped + (DECAY_TEST_SEGMENTS - 2) * SEGMENT_SIZE);
        /* Past the decay, the next segment taken from the cache or put back sends the old
         * ones back to the page allocator. */
        uint64_t until = platform_cycles() + platform_tsc_hz() / 1000 * (SEGMENT_DECAY_MS + 50);
        while (platform_cycles() < until)
            ;
        chain = NULL;
        /* 6 MiB: more than the heap's partly used segments hold, so some come from the cache. */
        for (int i = 0; i < 6 * 1024; i++) {
            void *p = kmalloc(DECAY_TEST_BLOCK);
            ASSERT_NOT_NULL(p);
            chain_push(&chain, p);
        }
        free_chain(chain);
        heap_get_stats(&s);
    }
    EXPECT_LE(s.bytes_mapped, before.bytes_mapped + kept_max);
    heap_trim();
    heap_get_stats(&s);
    /* All but the segment of the class's current page, which the heap keeps (hysteresis). */
    EXPECT_LE(s.bytes_mapped, before.bytes_mapped + SEGMENT_SIZE);
    EXPECT_EQ(heap_in_use(), base);
}
