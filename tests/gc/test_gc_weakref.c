/*
 * tests/gc/test_gc_weakref.c - weak references and their callbacks, at refcount death and during
 * a collection (CPython 3.11 Lib/test/test_gc.py test_bug1055820b/c/d, test_callback_in_cycle,
 * and Modules/gc_weakref.txt's rules: weakrefs to garbage are cleared before any finalizer, a
 * callback runs only if its weakref is not garbage).
 */
#include "tests/gc/gc_test.h"

static struct {
    long calls;
    long saw_live_target;    /* callbacks that found any watched weakref still alive */
    object_t *watch[4];      /* weakrefs the callback inspects */
    int nwatch;
    long finalizer_saw_live; /* finalizer calls that found a watched weakref alive */
} wr_state;

static void count_callback(object_t *ref, void *arg)
{
    (void)arg;
    wr_state.calls++;
    if (weakref_get(ref))
        wr_state.saw_live_target++;
    for (int i = 0; i < wr_state.nwatch; i++)
        if (weakref_get(wr_state.watch[i]))
            wr_state.saw_live_target++;
}

static void reset_state(void)
{
    memset(&wr_state, 0, sizeof wr_state);
}

TEST(gc, weakref_refcount_death_runs_callback)
{
    size_t base = gc_test_begin();
    reset_state();
    class_t *C = class_new("C", NULL);
    object_t *o = instance_new(C);
    ASSERT_NOT_NULL(o);
    object_t *wr = weakref_new(o, count_callback, NULL);
    object_t *plain = weakref_new(o, NULL, NULL);
    ASSERT_NOT_NULL(wr);
    ASSERT_NOT_NULL(plain);
    EXPECT_EQ(weakref_get(wr), o);
    EXPECT_EQ(refcount(o), 1);
    /* Types without a weak reference list refuse. */
    object_t *l = list_new();
    EXPECT_NULL(weakref_new(l, NULL, NULL));
    decref(l);

    decref(o);
    EXPECT_EQ(wr_state.calls, 1);
    EXPECT_EQ(wr_state.saw_live_target, 0);
    EXPECT_NULL(weakref_get(wr));
    EXPECT_NULL(weakref_get(plain));
    decref(wr), decref(plain);

    /* A weakref that dies first never calls back. */
    o = instance_new(C);
    wr = weakref_new(o, count_callback, NULL);
    decref(wr);
    decref(o);
    EXPECT_EQ(wr_state.calls, 1);
    decref(class_as_object(C));
    GC_TEST_END(base);
}

/* test_bug1055820b: weakrefs outside the garbage to instances in it: all are cleared before any
 * callback runs, so no callback can see (or resurrect) an instance. */
TEST(gc, weakref_callbacks_see_all_cleared)
{
    size_t base = gc_test_begin();
    reset_state();
    class_t *C = class_new("C1055820", NULL);
    ASSERT_NOT_NULL(C);
    gc_disable();
    object_t *cs[2], *wrs[2];
    for (int i = 0; i < 2; i++) {
        object_t *iv = int_new(i);
        cs[i] = instance_new(C);
        ASSERT_NOT_NULL(cs[i]);
        instance_setattr(cs[i], "i", iv);
        instance_setattr(cs[i], "loop", cs[i]);
        decref(iv);
        wrs[i] = weakref_new(cs[i], count_callback, NULL);
        ASSERT_NOT_NULL(wrs[i]);
        wr_state.watch[wr_state.nwatch++] = wrs[i];
    }
    gc_collect(2);
    EXPECT_EQ(wr_state.calls, 0);
    decref(cs[0]), decref(cs[1]);
    EXPECT_EQ(gc_collect(2), 2);
    EXPECT_EQ(wr_state.calls, 2); /* else the callbacks did not run */
    EXPECT_EQ(wr_state.saw_live_target, 0);
    decref(wrs[0]), decref(wrs[1]);
    decref(class_as_object(C));
    GC_TEST_END(base);
}

/* A weakref that is itself garbage (in the same cycle) gets no callback. */
TEST(gc, weakref_in_garbage_no_callback)
{
    size_t base = gc_test_begin();
    reset_state();
    class_t *C = class_new("C", NULL);
    ASSERT_NOT_NULL(C);
    gc_disable();
    object_t *o = instance_new(C);
    ASSERT_NOT_NULL(o);
    object_t *wr = weakref_new(o, count_callback, NULL);
    ASSERT_NOT_NULL(wr);
    instance_setattr(o, "wr", wr); /* o -> wr, wr -weak-> o */
    instance_setattr(o, "me", o);
    decref(wr);
    decref(o);
    EXPECT_EQ(gc_collect(2), 2);
    EXPECT_EQ(wr_state.calls, 0);
    decref(class_as_object(C));
    GC_TEST_END(base);
}

static void finalizer_checks_weakrefs(object_t *self)
{
    (void)self;
    for (int i = 0; i < wr_state.nwatch; i++)
        if (weakref_get(wr_state.watch[i]))
            wr_state.finalizer_saw_live++;
}

/* Weakrefs to garbage are cleared before any finalizer runs. */
TEST(gc, weakrefs_cleared_before_finalizers)
{
    size_t base = gc_test_begin();
    reset_state();
    class_t *F = class_new("F", finalizer_checks_weakrefs), *C = class_new("C", NULL);
    ASSERT_NOT_NULL(F);
    ASSERT_NOT_NULL(C);
    gc_disable();
    object_t *f = instance_new(F), *c = instance_new(C);
    ASSERT_NOT_NULL(f);
    ASSERT_NOT_NULL(c);
    instance_setattr(f, "c", c);
    instance_setattr(c, "f", f);
    object_t *wr_c = weakref_new(c, NULL, NULL), *wr_f = weakref_new(f, count_callback, NULL);
    wr_state.watch[wr_state.nwatch++] = wr_c;
    wr_state.watch[wr_state.nwatch++] = wr_f;
    decref(f), decref(c);
    EXPECT_EQ(gc_collect(2), 2);
    EXPECT_EQ(wr_state.finalizer_saw_live, 0);
    EXPECT_EQ(wr_state.calls, 1);
    EXPECT_NULL(weakref_get(wr_c));
    decref(wr_c), decref(wr_f);
    decref(class_as_object(F)), decref(class_as_object(C));
    GC_TEST_END(base);
}

static void callback_drops_self(object_t *ref, void *arg)
{
    object_t **holder = arg;
    wr_state.calls++;
    EXPECT_EQ(*holder, ref);
    *holder = NULL;
    decref(ref); /* the last outside reference: freed once the collector lets go */
}

/* A callback may free its own weakref during a collection (counted as collected, as CPython's
 * handle_weakrefs num_freed). */
TEST(gc, weakref_callback_frees_its_weakref)
{
    size_t base = gc_test_begin();
    reset_state();
    class_t *C = class_new("C", NULL);
    gc_disable();
    object_t *o = instance_new(C);
    ASSERT_NOT_NULL(o);
    instance_setattr(o, "me", o);
    object_t *holder = weakref_new(o, callback_drops_self, &holder);
    ASSERT_NOT_NULL(holder);
    decref(o);
    EXPECT_EQ(gc_collect(2), 2); /* o, and the weakref the callback freed */
    EXPECT_EQ(wr_state.calls, 1);
    EXPECT_NULL(holder);
    decref(class_as_object(C));
    GC_TEST_END(base);
}
