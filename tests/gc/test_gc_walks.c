/*
 * tests/gc/test_gc_walks.c - the collection walks' variants (gc/collect.c compiles each walk once
 * per generation, with and without the lockstep of gc/traverse.h): each must find exactly the
 * garbage, whichever copy runs. Large containers (more than GC_LOCKSTEP_MIN_ITEMS items) in
 * young collections with and without a large generation 0, and in full collections, with garbage
 * interleaved and objects that the walks meet before the container that keeps them alive.
 */
#include "tests/gc/gc_test.h"

#define WALK_ITEMS 10000 /* above GC_LOCKSTEP_MIN_ITEMS (8192) */

/* A garbage 2-cycle of lists; 0 or -1 without memory. */
static int walk_make_cycle(void)
{
    object_t *a = list_new(), *b = list_new();
    int err = !a || !b || list_append(a, b) < 0 || list_append(b, a) < 0;
    XDECREF(a);
    XDECREF(b);
    return err ? -1 : 0;
}

/*
 * A list of n new lists; after every 100th item one garbage 2-cycle, and every 1000th item's only
 * reference is the holder though it was created before the holder (so a walk meets it first).
 * *cycles: how many cycles were made.
 */
static object_t *walk_make_holder(long n, long *cycles)
{
    object_t *early[WALK_ITEMS / 1000 + 1];
    long nearly = 0;
    object_t *holder;

    *cycles = 0;
    for (long i = 0; i < n; i += 1000) {
        early[nearly] = list_new();
        if (!early[nearly])
            return NULL;
        nearly++;
    }
    holder = list_new();
    if (!holder)
        return NULL;
    for (long i = 0, e = 0; i < n; i++) {
        object_t *item = (i % 1000 == 0) ? early[e++] : list_new();
        if (!item || list_append(holder, item) < 0)
            return NULL;
        decref(item);
        if (i % 100 == 99) {
            if (walk_make_cycle() < 0)
                return NULL;
            (*cycles)++;
        }
    }
    return holder;
}

/* With automatic collection off, two such lists, *holder and *garbage; returns the cycles
 * made beside them, or -1. */
static long walk_make_two(object_t **holder, object_t **garbage)
{
    long cycles, more;
    gc_disable();
    *holder = walk_make_holder(WALK_ITEMS, &cycles);
    *garbage = *holder ? walk_make_holder(WALK_ITEMS, &more) : NULL;
    return *garbage ? cycles + more : -1;
}

/* Drop the caller's reference to list l, leaving it in a cycle through its first item. */
static int walk_drop_into_cycle(object_t *l)
{
    int err = list_append(list_get(l, 0), l);
    decref(l);
    return err;
}

/* Generation 0 larger than the lockstep's threshold: the young walks run with the lockstep. A
 * live large list and a garbage one (a cycle through its first item). */
TEST(gc, walk_young_collection_large_generation0)
{
    size_t base = gc_test_begin();
    object_t *holder, *garbage;
    long cycles = walk_make_two(&holder, &garbage);
    ASSERT_TRUE(cycles >= 0);
    ASSERT_EQ(walk_drop_into_cycle(garbage), 0);
    EXPECT_EQ(gc_collect(0), 2 * cycles + WALK_ITEMS + 1);
    /* The survivors moved to generation 1, every one of them. */
    object_t *gen1 = gc_get_objects(1);
    ASSERT_NOT_NULL(gen1);
    EXPECT_EQ(list_len(gen1), (size_t)WALK_ITEMS + 1);
    EXPECT_TRUE(gc_test_list_contains(gen1, holder));
    EXPECT_TRUE(gc_test_list_contains(gen1, list_get(holder, 0)));
    decref(gen1);
    decref(holder);
    GC_TEST_END(base);
}

/* A large list in generation 1, collected with a small generation 0: no lockstep. */
TEST(gc, walk_young_collection_large_list_small_generation0)
{
    size_t base = gc_test_begin();
    object_t *holder, *garbage;
    long cycles = walk_make_two(&holder, &garbage);
    ASSERT_TRUE(cycles >= 0);
    EXPECT_EQ(gc_collect(0), 2 * cycles);
    /* Both lists are old now; one becomes a garbage cycle, beside a few young cycles. */
    ASSERT_EQ(walk_drop_into_cycle(garbage), 0);
    ASSERT_EQ(walk_make_cycle(), 0);
    ASSERT_EQ(walk_make_cycle(), 0);
    long count[3];
    gc_get_count(count);
    EXPECT_EQ(count[0], 4);
    EXPECT_EQ(gc_collect(1), 4 + WALK_ITEMS + 1);
    object_t *gen2 = gc_get_objects(2);
    ASSERT_NOT_NULL(gen2);
    EXPECT_TRUE(gc_test_list_contains(gen2, holder));
    EXPECT_TRUE(gc_test_list_contains(gen2, list_get(holder, WALK_ITEMS - 1)));
    decref(gen2);
    decref(holder);
    GC_TEST_END(base);
}

/* A full collection: lockstep over a large list and a large tuple, garbage interleaved. */
TEST(gc, walk_full_collection_large_containers)
{
    size_t base = gc_test_begin();
    long cycles;
    gc_disable();
    object_t *holder = walk_make_holder(WALK_ITEMS, &cycles);
    ASSERT_NOT_NULL(holder);
    object_t *t = tuple_new(WALK_ITEMS);
    ASSERT_NOT_NULL(t);
    for (size_t i = 0; i < WALK_ITEMS; i++) {
        object_t *item = list_get(holder, i);
        incref(item);
        tuple_set(t, i, item);
    }
    EXPECT_EQ(gc_collect(2), 2 * cycles);
    EXPECT_TRUE(gc_is_tracked(t));
    /* Now the list holds the tuple and the tuple holds the list's items: drop the list's own
     * reference and make list and tuple one large cycle with everything in it. */
    ASSERT_EQ(list_append(holder, t), 0);
    decref(t);
    ASSERT_EQ(walk_drop_into_cycle(holder), 0);
    EXPECT_EQ(gc_collect(2), WALK_ITEMS + 2);
    GC_TEST_END(base);
}

/* A large tuple of atoms is untracked by the collection that meets it: a young one (no
 * lockstep) and a full one (lockstep). */
static object_t *walk_tuple_of_ints(void)
{
    object_t *t = tuple_new(WALK_ITEMS);
    for (size_t i = 0; t && i < WALK_ITEMS; i++) {
        object_t *v = int_new((long)i);
        if (!v) {
            decref(t);
            return NULL;
        }
        tuple_set(t, i, v);
    }
    return t;
}

TEST(gc, walk_large_tuple_of_atoms_untracked)
{
    size_t base = gc_test_begin();
    gc_disable();
    object_t *young = walk_tuple_of_ints();
    ASSERT_NOT_NULL(young);
    EXPECT_TRUE(gc_is_tracked(young));
    EXPECT_EQ(gc_collect(0), 0);
    EXPECT_FALSE(gc_is_tracked(young));
    object_t *old = walk_tuple_of_ints();
    ASSERT_NOT_NULL(old);
    EXPECT_TRUE(gc_is_tracked(old));
    EXPECT_EQ(gc_collect(2), 0);
    EXPECT_FALSE(gc_is_tracked(old));
    decref(young);
    decref(old);
    GC_TEST_END(base);
}
