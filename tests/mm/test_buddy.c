/*
 * tests/mm/test_buddy.c - the buddy allocator on a private zone (so these run hosted under ASan as
 * well as in the kernel): splitting, merging, exhaustion, partial ranges and every misuse panic.
 */
#include "mm/buddy.h"
#include "tests/ktest.h"

#define ZONE_PAGES (1u << PAGE_MAX_ORDER)

static uint8_t zone_state[ZONE_PAGES];

/* A zone over one max-order block from the platform (naturally aligned, as buddy_init needs). */
static void *zone_setup(struct buddy_zone *z)
{
    void *region = platform_page_alloc(PAGE_MAX_ORDER);
    if (!region)
        ktest_skip("no max-order block available for a private zone");
    buddy_init(z, (uintptr_t)region, ZONE_PAGES, zone_state);
    buddy_add_free(z, (uintptr_t)region, (uintptr_t)region + ZONE_PAGES * PAGE_SIZE);
    return region;
}

TEST(buddy, split_and_merge)
{
    struct buddy_zone z;
    char *region = zone_setup(&z);
    void *p;

    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    EXPECT_EQ(z.free_pages, ZONE_PAGES);
    p = buddy_alloc(&z, 0);
    EXPECT_EQ((char *)p, region);                 /* the lower half is kept at every split */
    for (unsigned k = 0; k < PAGE_MAX_ORDER; k++)
        EXPECT_EQ(z.free_blocks[k], 1);           /* one buddy left over at every order */
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 0);
    EXPECT_EQ(z.free_pages, ZONE_PAGES - 1);
    EXPECT_EQ(buddy_block_order(&z, p), 0);
    buddy_free(&z, p, 0);
    for (unsigned k = 0; k < PAGE_MAX_ORDER; k++)
        EXPECT_EQ(z.free_blocks[k], 0);
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);  /* merged all the way back */
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(buddy, buddies_are_adjacent_and_aligned)
{
    struct buddy_zone z;
    char *region = zone_setup(&z);
    char *a = buddy_alloc(&z, 3), *b = buddy_alloc(&z, 3), *c = buddy_alloc(&z, 5);

    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(b - a, 8 * (long)PAGE_SIZE);
    EXPECT_EQ(((uintptr_t)c - (uintptr_t)region) % (32 * PAGE_SIZE), 0);
    EXPECT_EQ(buddy_block_order(&z, c), 5);
    EXPECT_EQ(buddy_block_order(&z, c + PAGE_SIZE), -1);
    buddy_free(&z, b, 3);
    buddy_free(&z, a, 3);
    buddy_free(&z, c, 5);
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    EXPECT_EQ(z.free_pages, ZONE_PAGES);
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(buddy, exhaust_then_free_everything)
{
    struct buddy_zone z;
    char *region = zone_setup(&z);
    static void *pages[ZONE_PAGES];     /* static: too big for a kernel stack */
    unsigned n = 0, seed = 12345;

    while (n < ZONE_PAGES && (pages[n] = buddy_alloc(&z, 0)) != NULL) {
        *(unsigned *)pages[n] = n;                /* the page is really ours to write */
        n++;
    }
    EXPECT_EQ(n, ZONE_PAGES);
    EXPECT_NULL(buddy_alloc(&z, 0));               /* exhausted: NULL, not a panic */
    EXPECT_EQ(z.free_pages, 0);
    /* Free in a shuffled order: merging must not depend on the order of frees. */
    for (unsigned i = n - 1; i > 0; i--) {
        unsigned j;
        void *t;
        seed = seed * 1103515245u + 12345u;
        j = (seed >> 8) % (i + 1);
        t = pages[i], pages[i] = pages[j], pages[j] = t;
    }
    for (unsigned i = 0; i < n; i++) {
        EXPECT_LT(*(unsigned *)pages[i], ZONE_PAGES);
        buddy_free(&z, pages[i], 0);
    }
    EXPECT_EQ(z.free_pages, ZONE_PAGES);
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    EXPECT_NULL(buddy_alloc(&z, PAGE_MAX_ORDER + 1));
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(buddy, partial_and_reserved_ranges)
{
    struct buddy_zone z;
    char *region = platform_page_alloc(PAGE_MAX_ORDER);
    ASSERT_NOT_NULL(region);
    buddy_init(&z, (uintptr_t)region, ZONE_PAGES, zone_state);
    /* Only the whole page [region + 8K, region + 12K) lies inside this range. */
    buddy_add_free(&z, (uintptr_t)region + PAGE_SIZE + 100, (uintptr_t)region + 3 * PAGE_SIZE + 5);
    EXPECT_EQ(z.managed_pages, 1);
    EXPECT_EQ((char *)buddy_alloc(&z, 0), region + 2 * PAGE_SIZE);
    EXPECT_NULL(buddy_alloc(&z, 0));
    EXPECT_NULL(buddy_alloc(&z, 1));               /* its buddy is reserved: no merge */
    buddy_free(&z, region + 2 * PAGE_SIZE, 0);
    EXPECT_EQ(z.free_blocks[0], 1);
    EXPECT_PANIC("reserved memory", buddy_free(&z, region, 0));
    EXPECT_PANIC("added twice", buddy_add_free(&z, (uintptr_t)region, (uintptr_t)region + 4 * PAGE_SIZE));
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(buddy, misuse_is_reported)
{
    struct buddy_zone z;
    char *region = zone_setup(&z);
    char *p = buddy_alloc(&z, 2);
    size_t free_before;

    ASSERT_NOT_NULL(p);
    EXPECT_PANIC("freed as order 1 but was allocated as order 2", buddy_free(&z, p, 1));
    EXPECT_PANIC("inside a block", buddy_free(&z, p + PAGE_SIZE, 0));
    EXPECT_PANIC("not page aligned", buddy_free(&z, p + 8, 2));
    EXPECT_PANIC("not a page this allocator manages",
                 buddy_free(&z, region + ZONE_PAGES * PAGE_SIZE, 0));
    free_before = z.free_pages;
    buddy_free(&z, p, 2);
    EXPECT_PANIC("double free", buddy_free(&z, p, 2));
    EXPECT_EQ(z.free_pages, free_before + 4);    /* the rejected frees changed nothing */
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    platform_page_free(region, PAGE_MAX_ORDER);
}
