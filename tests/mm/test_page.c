/*
 * tests/mm/test_page.c - the buddy allocator on a private zone (so these run hosted under ASan as
 * well as in the kernel): splitting, merging, exhaustion, partial ranges and every misuse panic.
 */
#include "mm/page.h"
#include "tests/ktest.h"

#define ZONE_PAGES (1u << PAGE_MAX_ORDER)

static uint8_t zone_state[ZONE_PAGES];

/* A zone over one max-order block from the platform (naturally aligned, as zone_init needs). */
static void *zone_setup(struct page_zone *z)
{
    void *region = platform_page_alloc(PAGE_MAX_ORDER);
    if (!region)
        ktest_skip("no max-order block available for a private zone");
    zone_init(z, (uintptr_t)region, ZONE_PAGES, zone_state);
    zone_add_free(z, (uintptr_t)region, (uintptr_t)region + ZONE_PAGES * PAGE_SIZE);
    return region;
}

TEST(page, split_and_merge)
{
    struct page_zone z;
    char *region = zone_setup(&z);
    void *p;

    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    EXPECT_EQ(z.free_pages, ZONE_PAGES);
    p = zone_alloc(&z, 0);
    EXPECT_EQ((char *)p, region);                 /* the lower half is kept at every split */
    for (unsigned k = 0; k < PAGE_MAX_ORDER; k++)
        EXPECT_EQ(z.free_blocks[k], 1);           /* one buddy left over at every order */
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 0);
    EXPECT_EQ(z.free_pages, ZONE_PAGES - 1);
    EXPECT_EQ(zone_block_order(&z, p), 0);
    zone_free(&z, p, 0);
    for (unsigned k = 0; k < PAGE_MAX_ORDER; k++)
        EXPECT_EQ(z.free_blocks[k], 0);
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);  /* merged all the way back */
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(page, buddies_are_adjacent_and_aligned)
{
    struct page_zone z;
    char *region = zone_setup(&z);
    char *a = zone_alloc(&z, 3), *b = zone_alloc(&z, 3), *c = zone_alloc(&z, 5);

    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(b - a, 8 * (long)PAGE_SIZE);
    EXPECT_EQ(((uintptr_t)c - (uintptr_t)region) % (32 * PAGE_SIZE), 0);
    EXPECT_EQ(zone_block_order(&z, c), 5);
    EXPECT_EQ(zone_block_order(&z, c + PAGE_SIZE), -1);
    zone_free(&z, b, 3);
    zone_free(&z, a, 3);
    zone_free(&z, c, 5);
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    EXPECT_EQ(z.free_pages, ZONE_PAGES);
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(page, exhaust_then_free_everything)
{
    struct page_zone z;
    char *region = zone_setup(&z);
    static void *pages[ZONE_PAGES];     /* static: too big for a kernel stack */
    unsigned n = 0, seed = 12345;

    while (n < ZONE_PAGES && (pages[n] = zone_alloc(&z, 0)) != NULL) {
        *(unsigned *)pages[n] = n;                /* the page is really ours to write */
        n++;
    }
    EXPECT_EQ(n, ZONE_PAGES);
    EXPECT_NULL(zone_alloc(&z, 0));               /* exhausted: NULL, not a panic */
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
        zone_free(&z, pages[i], 0);
    }
    EXPECT_EQ(z.free_pages, ZONE_PAGES);
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    EXPECT_NULL(zone_alloc(&z, PAGE_MAX_ORDER + 1));
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(page, partial_and_reserved_ranges)
{
    struct page_zone z;
    char *region = platform_page_alloc(PAGE_MAX_ORDER);
    ASSERT_NOT_NULL(region);
    zone_init(&z, (uintptr_t)region, ZONE_PAGES, zone_state);
    /* Only the whole page [region + 8K, region + 12K) lies inside this range. */
    zone_add_free(&z, (uintptr_t)region + PAGE_SIZE + 100, (uintptr_t)region + 3 * PAGE_SIZE + 5);
    EXPECT_EQ(z.managed_pages, 1);
    EXPECT_EQ((char *)zone_alloc(&z, 0), region + 2 * PAGE_SIZE);
    EXPECT_NULL(zone_alloc(&z, 0));
    EXPECT_NULL(zone_alloc(&z, 1));               /* its buddy is reserved: no merge */
    zone_free(&z, region + 2 * PAGE_SIZE, 0);
    EXPECT_EQ(z.free_blocks[0], 1);
    EXPECT_PANIC("reserved memory", zone_free(&z, region, 0));
    EXPECT_PANIC("added twice", zone_add_free(&z, (uintptr_t)region, (uintptr_t)region + 4 * PAGE_SIZE));
    platform_page_free(region, PAGE_MAX_ORDER);
}

TEST(page, misuse_is_reported)
{
    struct page_zone z;
    char *region = zone_setup(&z);
    char *p = zone_alloc(&z, 2);
    size_t free_before;

    ASSERT_NOT_NULL(p);
    EXPECT_PANIC("freed as order 1 but was allocated as order 2", zone_free(&z, p, 1));
    EXPECT_PANIC("inside a block", zone_free(&z, p + PAGE_SIZE, 0));
    EXPECT_PANIC("not page aligned", zone_free(&z, p + 8, 2));
    EXPECT_PANIC("not a page this allocator manages",
                 zone_free(&z, region + ZONE_PAGES * PAGE_SIZE, 0));
    free_before = z.free_pages;
    zone_free(&z, p, 2);
    EXPECT_PANIC("double free", zone_free(&z, p, 2));
    EXPECT_EQ(z.free_pages, free_before + 4);    /* the rejected frees changed nothing */
    EXPECT_EQ(z.free_blocks[PAGE_MAX_ORDER], 1);
    platform_page_free(region, PAGE_MAX_ORDER);
}
