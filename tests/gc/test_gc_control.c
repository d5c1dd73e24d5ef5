/*
 * tests/gc/test_gc_control.c - collector control: callbacks (test_gc.py GCCallbackTests),
 * automatic collection thresholds and the 25% long-lived rule (bpo-4074), and per-interpreter
 * state.
 */
#include "gc/interp.h"
#include "tests/gc/gc_test.h"

#define VISITS_MAX 16

static struct {
    struct visit {
        int who;
        const char *phase;
        int generation;
        long collected, uncollectable;
    } v[VISITS_MAX];
    int n;
} visits;

static void record(int who, const char *phase, int generation, long collected,
                   long uncollectable)
{
    if (visits.n < VISITS_MAX)
        visits.v[visits.n++] = (struct visit){who, phase, generation, collected, uncollectable};
}

static void cb1(const char *phase, int generation, long collected, long uncollectable, void *arg)
{
    (void)arg;
    record(1, phase, generation, collected, uncollectable);
}

static void cb2(const char *phase, int generation, long collected, long uncollectable, void *arg)
{
    record(*(int *)arg, phase, generation, collected, uncollectable);
}

/* GCCallbackTests.test_collect / test_collect_generation / test_collect_garbage. */
TEST(gc, callbacks_start_stop_order)
{
    size_t base = gc_test_begin();
    static int two = 2;
    memset(&visits, 0, sizeof visits);
    ASSERT_EQ(gc_callback_add(cb1, NULL), 0);
    ASSERT_EQ(gc_callback_add(cb2, &two), 0);
    gc_disable();

    object_t *a = list_new(), *b = list_new();
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(b);
    list_append(a, b), list_append(b, a);
    decref(a), decref(b);
    EXPECT_EQ(gc_collect(1), 2);

    ASSERT_EQ(visits.n, 4);
    EXPECT_EQ(visits.v[0].who, 1);
    EXPECT_STREQ(visits.v[0].phase, "start");
    EXPECT_EQ(visits.v[1].who, 2);
    EXPECT_STREQ(visits.v[1].phase, "start");
    EXPECT_EQ(visits.v[2].who, 1);
    EXPECT_STREQ(visits.v[2].phase, "stop");
    EXPECT_EQ(visits.v[3].who, 2);
    EXPECT_STREQ(visits.v[3].phase, "stop");
    for (int i = 0; i < 4; i++) {
        EXPECT_EQ(visits.v[i].generation, 1);
        EXPECT_EQ(visits.v[i].uncollectable, 0);
    }
    EXPECT_EQ(visits.v[0].collected, 0);
    EXPECT_EQ(visits.v[2].collected, 2);
    EXPECT_EQ(visits.v[3].collected, 2);

    EXPECT_EQ(gc_callback_remove(cb1, NULL), 0);
    EXPECT_EQ(gc_callback_remove(cb1, NULL), -1);
    EXPECT_EQ(gc_callback_remove(cb2, &two), 0);
    visits.n = 0;
    gc_collect(2);
    EXPECT_EQ(visits.n, 0);
    GC_TEST_END(base);
}

/* Automatic collection: the allocation that lifts count0 above threshold 0 collects gen 0. */
TEST(gc, automatic_collection_threshold)
{
    size_t base = gc_test_begin();
    struct gc_stats before[3], after[3];
    long count[3];
    object_t *keep = list_new();
    ASSERT_NOT_NULL(keep);
    gc_collect(2);
    gc_set_threshold(10, 10, 10);
    gc_get_stats(before);
    for (int i = 0; i < 10; i++) {
        object_t *l = list_new();
        ASSERT_NOT_NULL(l);
        list_append(keep, l);
        decref(l);
    }
    gc_get_stats(after);
    EXPECT_EQ(after[0].collections, before[0].collections); /* count0 == 10: not above yet */
    object_t *l = list_new();                               /* the 11th */
    ASSERT_NOT_NULL(l);
    gc_get_stats(after);
    EXPECT_EQ(after[0].collections, before[0].collections + 1);
    gc_get_count(count);
    EXPECT_EQ(count[0], 0); /* counted, then the collection zeroed it (as _PyObject_GC_Link) */
    EXPECT_EQ(count[1], 1);
    EXPECT_FALSE(gc_test_in_generation(0, keep));
    decref(l);
    gc_disable();
    object_t *m = list_new();
    for (int i = 0; i < 50; i++)
        list_append(m, m);
    gc_get_stats(after);
    EXPECT_EQ(after[0].collections, before[0].collections + 1); /* disabled: none */
    decref(m);
    decref(keep);
    GC_TEST_END(base);
}

/* bpo-4074: building a large live structure triggers few full collections (linear total work). */
TEST(gc, long_lived_25_percent_rule)
{
#ifdef PLATFORM_HOSTED
    enum { N = 200000 };
#else
    enum { N = 50000 };
#endif
    size_t base = gc_test_begin();
    struct gc_stats before[3], after[3];
    object_t *keep = list_new();
    ASSERT_NOT_NULL(keep);
    gc_get_stats(before);
    for (int i = 0; i < N; i++) {
        object_t *l = list_new();
        ASSERT_NOT_NULL(l);
        ASSERT_EQ(list_append(keep, l), 0);
        decref(l);
    }
    gc_get_stats(after);
    long full = after[2].collections - before[2].collections;
    long young = 0;
    for (int g = 0; g < 3; g++)
        young += after[g].collections - before[g].collections; /* each was triggered by gen 0 */
    ktest_note("%d containers: %ld gen0, %ld gen1, %ld gen2 collections", N, young,
               after[1].collections - before[1].collections, full);
    EXPECT_GE(young, N / 701 - 1);
    /* Every ~85k allocations at first (thresholds 10x10x700), then only after 25% growth. */
    EXPECT_LE(full, N / 80000 + 2);
    EXPECT_GE(full, N / 200000);
    decref(keep);
    GC_TEST_END(base);
}

/* Each interpreter has its own generations, counts, thresholds and stats. */
TEST(gc, interpreters_are_independent)
{
    size_t base = gc_test_begin();
    struct interp *main_interp = interp_current();
    long main_count[3], count[3], t[3];
    gc_get_count(main_count);
    struct interp *in = interp_new();
    ASSERT_NOT_NULL(in);
    interp_set_current(in);
    EXPECT_TRUE(interp_current() == in);
    gc_get_threshold(t);
    EXPECT_EQ(t[0], 700);
    gc_set_threshold(5, 10, 10);
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    list_append(l, l);
    gc_get_count(count);
    EXPECT_EQ(count[0], 1);
    decref(l);
    EXPECT_EQ(gc_collect(2), 1);
    object_t *keep = list_new();
    ASSERT_NOT_NULL(keep);
    interp_set_current(NULL);
    EXPECT_TRUE(interp_current() == main_interp);
    gc_get_threshold(t);
    EXPECT_EQ(t[0], 700);
    gc_get_count(count);
    EXPECT_EQ(count[0], main_count[0]);
    EXPECT_EQ(interp_free(in), -1); /* keep is still alive in it */
    interp_set_current(in);
    decref(keep);
    interp_set_current(NULL);
    EXPECT_EQ(interp_free(in), 0);
    GC_TEST_END(base);
}
