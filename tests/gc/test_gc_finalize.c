/*
 * tests/gc/test_gc_finalize.c - PEP 442 finalizers, resurrection, collections started from
 * inside finalizers, and the trashcan (CPython 3.11 Lib/test/test_gc.py: test_is_finalized,
 * test_resurrection_*, test_del*, test_trashcan, and the deep-nesting dealloc of
 * test_trashcan_subclass / test_bug21435's kind).
 */
#include "tests/gc/gc_test.h"

/* State the finalizers below report into (reset by each test). */
static struct {
    object_t *storage;  /* resurrected objects are appended here */
    long calls;
    long collect_every; /* finalizer calls gc_collect every n-th call (0: never) */
    long allocations;
} fin;

static void lazarus_finalizer(object_t *self)
{
    fin.calls++;
    list_append(fin.storage, self);
}

/* test_is_finalized */
TEST(gc, is_finalized_after_resurrection)
{
    size_t base = gc_test_begin();
    fin.storage = list_new();
    fin.calls = 0;
    class_t *Lazarus = class_new("Lazarus", lazarus_finalizer);
    ASSERT_NOT_NULL(Lazarus);
    object_t *i = int_new(3);
    EXPECT_FALSE(gc_is_finalized(i));
    decref(i);

    object_t *lazarus = instance_new(Lazarus);
    ASSERT_NOT_NULL(lazarus);
    EXPECT_FALSE(gc_is_finalized(lazarus));
    decref(lazarus); /* refcount death: the finalizer resurrects it */
    gc_collect(2);
    ASSERT_EQ(list_len(fin.storage), 1);
    lazarus = list_get(fin.storage, 0);
    EXPECT_TRUE(gc_is_finalized(lazarus));
    EXPECT_TRUE(gc_is_tracked(lazarus));
    /* Its second death runs no finalizer. */
    list_clear(fin.storage);
    EXPECT_EQ(fin.calls, 1);
    decref(fin.storage);
    decref(class_as_object(Lazarus));
    GC_TEST_END(base);
}

/* test_resurrection_only_happens_once_per_object */
TEST(gc, resurrection_only_once)
{
    size_t base = gc_test_begin();
    fin.storage = list_new();
    fin.calls = 0;
    class_t *Lazarus = class_new("Lazarus", lazarus_finalizer);
    ASSERT_NOT_NULL(Lazarus);
    gc_collect(2);
    gc_disable();

    object_t *laz = instance_new(Lazarus);
    ASSERT_NOT_NULL(laz);
    ASSERT_EQ(instance_setattr(laz, "me", laz), 0);
    EXPECT_EQ(fin.calls, 0);
    decref(laz);
    EXPECT_EQ(gc_collect(2), 0); /* merely resurrected */
    EXPECT_EQ(fin.calls, 1);
    EXPECT_EQ(list_len(fin.storage), 1);

    struct gc_collection_info info;
    gc_last_collection(&info);
    EXPECT_EQ(info.unreachable, 1);
    EXPECT_EQ(info.finalized, 1);
    EXPECT_EQ(info.resurrected, 1);
    EXPECT_EQ(info.freed, 0);

    list_clear(fin.storage);
    EXPECT_EQ(fin.calls, 1);
    EXPECT_EQ(gc_collect(2), 1); /* now collected, without a second finalizer call */
    EXPECT_EQ(fin.calls, 1);
    EXPECT_EQ(list_len(fin.storage), 0);

    decref(fin.storage);
    decref(class_as_object(Lazarus));
    GC_TEST_END(base);
}

/* test_resurrection_is_transitive */
TEST(gc, resurrection_is_transitive)
{
    size_t base = gc_test_begin();
    fin.storage = list_new();
    fin.calls = 0;
    class_t *Lazarus = class_new("Lazarus", lazarus_finalizer);
    class_t *Cargo = class_new("Cargo", NULL);
    ASSERT_NOT_NULL(Lazarus);
    ASSERT_NOT_NULL(Cargo);
    gc_collect(2);
    gc_disable();

    object_t *laz = instance_new(Lazarus), *cargo = instance_new(Cargo);
    ASSERT_NOT_NULL(laz);
    ASSERT_NOT_NULL(cargo);
    ASSERT_EQ(instance_setattr(cargo, "me", cargo), 0);
    ASSERT_EQ(instance_setattr(laz, "cargo", cargo), 0);
    ASSERT_EQ(instance_setattr(cargo, "laz", laz), 0);
    object_t *cargo_id = cargo;
    decref(laz);
    decref(cargo);
    gc_collect(2);
    ASSERT_EQ(list_len(fin.storage), 1);
    object_t *instance = list_get(fin.storage, 0);
    EXPECT_EQ(instance_getattr(instance, "cargo"), cargo_id);
    /* cargo was not cleared either: its attributes are intact. */
    EXPECT_EQ(instance_getattr(cargo_id, "me"), cargo_id);
    EXPECT_EQ(instance_getattr(cargo_id, "laz"), instance);

    list_clear(fin.storage);
    EXPECT_EQ(gc_collect(2), 2);
    EXPECT_EQ(fin.calls, 1);
    decref(fin.storage);
    decref(class_as_object(Lazarus));
    decref(class_as_object(Cargo));
    GC_TEST_END(base);
}

static void z_finalizer(object_t *self)
{
    list_append(fin.storage, self);
}

static void getstats(long *collected, long *uncollectable)
{
    struct gc_stats s[3];
    gc_get_stats(s);
    *collected = s[2].collected;
    *uncollectable = s[2].uncollectable;
}

static void make_self_loops(class_t *cls, int n)
{
    for (int i = 0; i < n; i++) {
        object_t *o = instance_new(cls);
        instance_setattr(o, "me", o);
        decref(o);
    }
}

/* test_resurrection_does_not_block_cleanup_of_other_objects (3.11 numbers: an instance and its
 * attributes are one object) */
TEST(gc, resurrection_does_not_block_cleanup)
{
    enum { N = 100 };
    size_t base = gc_test_begin();
    long oldc, oldnc, c, nc;
    fin.storage = list_new();
    class_t *A = class_new("A", NULL), *Z = class_new("Z", z_finalizer);
    ASSERT_NOT_NULL(A);
    ASSERT_NOT_NULL(Z);
    gc_collect(2);
    gc_disable();

    getstats(&oldc, &oldnc);
    make_self_loops(A, N);
    EXPECT_EQ(gc_collect(2), N);
    getstats(&c, &nc);
    EXPECT_EQ(c - oldc, N);
    EXPECT_EQ(nc - oldnc, 0);

    oldc = c, oldnc = nc;
    make_self_loops(Z, 1);
    EXPECT_EQ(gc_collect(2), 0);
    getstats(&c, &nc);
    EXPECT_EQ(c - oldc, 0);
    EXPECT_EQ(nc - oldnc, 0);

    oldc = c, oldnc = nc;
    make_self_loops(A, N);
    make_self_loops(Z, 1);
    EXPECT_EQ(gc_collect(2), N);
    getstats(&c, &nc);
    EXPECT_EQ(c - oldc, N);
    EXPECT_EQ(nc - oldnc, 0);

    oldc = c, oldnc = nc;
    list_clear(fin.storage);
    EXPECT_EQ(gc_collect(2), 2);
    getstats(&c, &nc);
    EXPECT_EQ(c - oldc, 2);
    EXPECT_EQ(nc - oldnc, 0);

    decref(fin.storage);
    decref(class_as_object(A));
    decref(class_as_object(Z));
    GC_TEST_END(base);
}

/* A finalizer that allocates containers (as test_del's dir(self) does) and leaves a cycle
 * that references the dying object. */
static void allocating_finalizer_ok(object_t *self)
{
    fin.calls++;
    for (int i = 0; i < 5; i++) {
        object_t *l = list_new(), *d = dict_new(), *k = int_new(i);
        if (l && d && k) {
            list_append(l, d);
            dict_set(d, k, l); /* a cycle: left for the collector */
            list_append(l, self);
        }
        XDECREF(l);
        XDECREF(d);
        XDECREF(k);
        fin.allocations += 2;
    }
}

/* test_del / test_del_newclass: with threshold 1 every allocation in a finalizer may start a
 * collection; during a collection none may start. */
TEST(gc, finalizers_allocate_under_threshold_one)
{
    size_t base = gc_test_begin();
    fin.calls = 0;
    fin.allocations = 0;
    class_t *A = class_new("A", allocating_finalizer_ok);
    ASSERT_NOT_NULL(A);
    gc_enable();
    gc_set_threshold(1, 10, 10);

    object_t *a = instance_new(A);
    ASSERT_NOT_NULL(a);
    decref(a); /* refcount death: finalizer allocates, collections run inside it */
    EXPECT_EQ(fin.calls, 1);

    for (int i = 0; i < 20; i++) {
        object_t *b = instance_new(A);
        ASSERT_NOT_NULL(b);
        ASSERT_EQ(instance_setattr(b, "me", b), 0);
        decref(b); /* cyclic: finalized inside an automatic collection */
    }
    gc_disable();
    gc_set_threshold(700, 10, 10);
    gc_collect(2);
    gc_collect(2);
    EXPECT_EQ(fin.calls, 21);
    EXPECT_EQ(fin.allocations, 210);
    decref(class_as_object(A));
    GC_TEST_END(base);
}

static void ouch_finalizer(object_t *self)
{
    (void)self;
    fin.calls++;
    if (fin.collect_every && fin.calls % fin.collect_every == 0)
        gc_collect(2);
}

/* test_trashcan: nested lists and dicts whose elements' finalizers start full collections. */
TEST(gc, trashcan_with_collecting_finalizers)
{
    enum { N = 150 };
    size_t base = gc_test_begin();
    class_t *Ouch = class_new("Ouch", ouch_finalizer);
    ASSERT_NOT_NULL(Ouch);
    fin.calls = 0;
    fin.collect_every = 17;
    gc_enable();
    for (int count = 0; count < 2; count++) {
        object_t *t = list_new();
        ASSERT_NOT_NULL(t);
        for (int i = 0; i < N; i++) {
            object_t *u = list_new(), *o = instance_new(Ouch);
            ASSERT_NOT_NULL(u);
            ASSERT_NOT_NULL(o);
            list_append(u, t);
            list_append(u, o);
            decref(t), decref(o);
            t = u;
        }
        object_t *v = dict_new(), *k1 = int_new(1), *k2 = int_new(2);
        ASSERT_NOT_NULL(v);
        for (int i = 0; i < N; i++) {
            object_t *w = dict_new(), *o = instance_new(Ouch);
            ASSERT_NOT_NULL(w);
            ASSERT_NOT_NULL(o);
            dict_set(w, k1, v);
            dict_set(w, k2, o);
            decref(v), decref(o);
            v = w;
        }
        decref(t);
        decref(v);
        decref(k1), decref(k2);
    }
    gc_disable();
    EXPECT_EQ(fin.calls, 4 * N);
    fin.collect_every = 0;
    decref(class_as_object(Ouch));
    GC_TEST_END(base);
}

/* Dropping a very deep structure must not overflow the stack (the trashcan). */
TEST(gc, trashcan_deep_list_dealloc)
{
    size_t base = gc_test_begin();
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    for (long i = 0; i < GC_TEST_DEEP; i++) {
        object_t *outer = list_new();
        ASSERT_NOT_NULL(outer);
        ASSERT_EQ(list_append(outer, l), 0);
        decref(l);
        l = outer;
    }
    decref(l);
    GC_TEST_END(base);
}

TEST(gc, trashcan_deep_mixed_dealloc)
{
    size_t base = gc_test_begin();
    class_t *C = class_new("Node", NULL);
    object_t *key = str_new("next");
    object_t *x = list_new();
    ASSERT_NOT_NULL(C);
    ASSERT_NOT_NULL(x);
    for (long i = 0; i < GC_TEST_DEEP / 4; i++) {
        object_t *t = tuple_new(1), *d = dict_new(), *inst = instance_new(C);
        ASSERT_NOT_NULL(t);
        ASSERT_NOT_NULL(d);
        ASSERT_NOT_NULL(inst);
        tuple_set(t, 0, x);
        ASSERT_EQ(dict_set(d, key, t), 0);
        decref(t);
        ASSERT_EQ(instance_setattr(inst, "next", d), 0);
        decref(d);
        x = inst;
    }
    decref(x);
    decref(key);
    decref(class_as_object(C));
    GC_TEST_END(base);
}

/* A deep cycle collected by the collector: clearing it frees the chain through the trashcan. */
TEST(gc, trashcan_deep_cycle_collected)
{
    size_t base = gc_test_begin();
    object_t *head = list_new(), *l = head;
    ASSERT_NOT_NULL(head);
    gc_disable();
    for (long i = 0; i < GC_TEST_DEEP / 10; i++) {
        object_t *inner = list_new();
        ASSERT_NOT_NULL(inner);
        ASSERT_EQ(list_append(l, inner), 0);
        decref(inner);
        l = inner;
    }
    ASSERT_EQ(list_append(l, head), 0);
    decref(head);
    EXPECT_EQ(gc_collect(2), GC_TEST_DEEP / 10 + 1);
    GC_TEST_END(base);
}
