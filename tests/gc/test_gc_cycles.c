/*
 * tests/gc/test_gc_cycles.c - cycles of each container type, SAVEALL, counts, generations,
 * stats, freeze, tracking rules, referents/referrers (CPython 3.11 Lib/test/test_gc.py and the
 * tracking tests of test_dict.py / test_tuple.py, with CPython's expected results).
 */
#include "tests/gc/gc_test.h"

TEST(gc, list_self_cycle)
{
    size_t base = gc_test_begin();
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    ASSERT_EQ(list_append(l, l), 0);
    EXPECT_EQ(refcount(l), 2);
    decref(l);
    EXPECT_EQ(gc_collect(2), 1);
    GC_TEST_END(base);
}

TEST(gc, dict_self_cycle)
{
    size_t base = gc_test_begin();
    object_t *d = dict_new(), *k = int_new(1);
    ASSERT_NOT_NULL(d);
    ASSERT_NOT_NULL(k);
    EXPECT_FALSE(gc_is_tracked(d));
    ASSERT_EQ(dict_set(d, k, d), 0);
    EXPECT_TRUE(gc_is_tracked(d));
    decref(k);
    decref(d);
    EXPECT_EQ(gc_collect(2), 1);
    GC_TEST_END(base);
}

/* l = []; t = (l,); l.append(t): two objects in the cycle. */
TEST(gc, tuple_through_list_cycle)
{
    size_t base = gc_test_begin();
    object_t *l = list_new(), *t = tuple_new(1);
    ASSERT_NOT_NULL(l);
    ASSERT_NOT_NULL(t);
    incref(l);
    tuple_set(t, 0, l);
    ASSERT_EQ(list_append(l, t), 0);
    decref(t);
    decref(l);
    EXPECT_EQ(gc_collect(2), 2);
    GC_TEST_END(base);
}

TEST(gc, instance_self_cycle)
{
    size_t base = gc_test_begin();
    class_t *A = class_new("A", NULL);
    ASSERT_NOT_NULL(A);
    object_t *a = instance_new(A);
    ASSERT_NOT_NULL(a);
    ASSERT_EQ(instance_setattr(a, "a", a), 0);
    EXPECT_STREQ(type_name(a), "A");
    decref(a);
    /* An instance and its attributes are one object in 3.11. */
    EXPECT_EQ(gc_collect(2), 1);
    decref(class_as_object(A));
    GC_TEST_END(base);
}

TEST(gc, invalid_generation)
{
    size_t base = gc_test_begin();
    EXPECT_EQ(gc_collect(3), -1);
    EXPECT_EQ(gc_collect(-1), -1);
    EXPECT_NULL(gc_get_objects(3));
    GC_TEST_END(base);
}

/* test_saveall: the garbage goes to gc.garbage, and it is the very object. */
TEST(gc, saveall_keeps_the_object)
{
    size_t base = gc_test_begin();
    object_t *garbage = gc_garbage();
    EXPECT_EQ(list_len(garbage), 0);

    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    ASSERT_EQ(list_append(l, l), 0);
    object_t *id_l = l;
    gc_set_debug(gc_get_debug() | GC_DEBUG_SAVEALL);
    decref(l);
    EXPECT_EQ(gc_collect(2), 1);
    gc_set_debug(0);

    ASSERT_EQ(list_len(garbage), 1);
    object_t *obj = list_get(garbage, 0);
    EXPECT_EQ(obj, id_l);
    EXPECT_TRUE(gc_is_tracked(obj));
    /* gc.garbage.pop(), then break the cycle by hand. */
    incref(obj);
    list_clear(garbage);
    list_clear(obj);
    decref(obj);
    GC_TEST_END(base);
}

/* test_get_count */
TEST(gc, get_count)
{
    size_t base = gc_test_begin();
    long a[3], d[3];
    gc_collect(2);
    gc_get_count(a);
    object_t *x = list_new();
    ASSERT_NOT_NULL(x);
    gc_get_count(d);
    EXPECT_EQ(a[1], 0);
    EXPECT_EQ(a[2], 0);
    EXPECT_EQ(d[1], 0);
    EXPECT_EQ(d[2], 0);
    EXPECT_LT(a[0], 5);
    EXPECT_GT(d[0], a[0]);
    EXPECT_EQ(d[0], a[0] + 1);
    decref(x);
    /* Deallocating a container takes it off count0 again. */
    gc_get_count(d);
    EXPECT_EQ(d[0], a[0]);
    GC_TEST_END(base);
}

/* test_collect_generations: x trickles into the next generation on each collect(g). */
TEST(gc, collect_generations_counts)
{
    size_t base = gc_test_begin();
    long c[3];
    gc_collect(2);
    object_t *x = list_new();
    ASSERT_NOT_NULL(x);
    gc_collect(0);
    gc_get_count(c);
    EXPECT_EQ(c[1], 1);
    EXPECT_EQ(c[2], 0);
    gc_collect(1);
    gc_get_count(c);
    EXPECT_EQ(c[1], 0);
    EXPECT_EQ(c[2], 1);
    gc_collect(2);
    gc_get_count(c);
    EXPECT_EQ(c[1], 0);
    EXPECT_EQ(c[2], 0);
    decref(x);
    GC_TEST_END(base);
}

/* test_get_objects_generations */
TEST(gc, get_objects_moves_through_generations)
{
    size_t base = gc_test_begin();
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    EXPECT_TRUE(gc_test_in_generation(0, l));
    EXPECT_FALSE(gc_test_in_generation(1, l));
    EXPECT_FALSE(gc_test_in_generation(2, l));
    gc_collect(0);
    EXPECT_FALSE(gc_test_in_generation(0, l));
    EXPECT_TRUE(gc_test_in_generation(1, l));
    EXPECT_FALSE(gc_test_in_generation(2, l));
    gc_collect(1);
    EXPECT_FALSE(gc_test_in_generation(0, l));
    EXPECT_FALSE(gc_test_in_generation(1, l));
    EXPECT_TRUE(gc_test_in_generation(2, l));
    gc_collect(2);
    EXPECT_FALSE(gc_test_in_generation(0, l));
    EXPECT_FALSE(gc_test_in_generation(1, l));
    EXPECT_TRUE(gc_test_in_generation(2, l));
    EXPECT_TRUE(gc_test_in_generation(-1, l));
    decref(l);
    GC_TEST_END(base);
}

/* test_get_stats: collections counted per generation collected. */
TEST(gc, get_stats_increments)
{
    size_t base = gc_test_begin();
    struct gc_stats old[3], now[3];
    gc_disable();
    gc_get_stats(old);
    gc_collect(0);
    gc_get_stats(now);
    EXPECT_EQ(now[0].collections, old[0].collections + 1);
    EXPECT_EQ(now[1].collections, old[1].collections);
    EXPECT_EQ(now[2].collections, old[2].collections);
    gc_collect(2);
    gc_get_stats(now);
    EXPECT_EQ(now[0].collections, old[0].collections + 1);
    EXPECT_EQ(now[1].collections, old[1].collections);
    EXPECT_EQ(now[2].collections, old[2].collections + 1);

    /* collected is counted in the collected generation's entry. */
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    ASSERT_EQ(list_append(l, l), 0);
    decref(l);
    EXPECT_EQ(gc_collect(1), 1);
    gc_get_stats(now);
    EXPECT_EQ(now[1].collected, old[1].collected + 1);
    EXPECT_EQ(now[1].uncollectable, old[1].uncollectable);
    GC_TEST_END(base);
}

/* test_freeze */
TEST(gc, freeze_counts)
{
    size_t base = gc_test_begin();
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    gc_freeze();
    EXPECT_GT(gc_get_freeze_count(), 0);
    EXPECT_FALSE(gc_test_in_generation(-1, l));
    /* Frozen objects are not collected even when garbage. */
    object_t *cyc = list_new();
    ASSERT_NOT_NULL(cyc);
    ASSERT_EQ(list_append(cyc, cyc), 0);
    gc_freeze();
    decref(cyc);
    EXPECT_EQ(gc_collect(2), 0);
    gc_unfreeze();
    EXPECT_EQ(gc_get_freeze_count(), 0);
    EXPECT_TRUE(gc_test_in_generation(2, l));
    EXPECT_EQ(gc_collect(2), 1);
    decref(l);
    GC_TEST_END(base);
}

static object_t *int_list(const long *values, size_t n)
{
    object_t *l = list_new();
    for (size_t i = 0; l && i < n; i++) {
        object_t *v = int_new(values[i]);
        if (!v || list_append(l, v) < 0) {
            XDECREF(v);
            decref(l);
            return NULL;
        }
        decref(v);
    }
    return l;
}

/* Sum and count of the int referents of o (they come in traverse order). */
static void int_referents(object_t *o, long *count, long *sum)
{
    object_t *r = gc_get_referents(o);
    *count = 0;
    *sum = 0;
    if (!r)
        return;
    for (size_t i = 0; i < list_len(r); i++) {
        (*count)++;
        *sum += int_value(list_get(r, i));
    }
    decref(r);
}

/* test_get_referents */
TEST(gc, get_referents)
{
    size_t base = gc_test_begin();
    static const long values[] = {1, 3, 5};
    long count, sum;

    object_t *alist = int_list(values, 3);
    ASSERT_NOT_NULL(alist);
    int_referents(alist, &count, &sum);
    EXPECT_EQ(count, 3);
    EXPECT_EQ(sum, 9);

    object_t *atuple = tuple_new(3);
    ASSERT_NOT_NULL(atuple);
    for (size_t i = 0; i < 3; i++) {
        incref(list_get(alist, i));
        tuple_set(atuple, i, list_get(alist, i));
    }
    int_referents(atuple, &count, &sum);
    EXPECT_EQ(count, 3);
    EXPECT_EQ(sum, 9);

    object_t *adict = dict_new(), *k1 = int_new(1), *v3 = int_new(3), *k5 = int_new(5),
             *v7 = int_new(7);
    ASSERT_NOT_NULL(adict);
    ASSERT_EQ(dict_set(adict, k1, v3), 0);
    ASSERT_EQ(dict_set(adict, k5, v7), 0);
    int_referents(adict, &count, &sum);
    EXPECT_EQ(count, 4);
    EXPECT_EQ(sum, 16);

    /* Atomic objects have no referents. */
    object_t *r = gc_get_referents(k1);
    ASSERT_NOT_NULL(r);
    EXPECT_EQ(list_len(r), 0);
    decref(r);
    object_t *s = str_new("a");
    r = gc_get_referents(s);
    ASSERT_NOT_NULL(r);
    EXPECT_EQ(list_len(r), 0);
    decref(r);

    decref(s);
    decref(k1), decref(v3), decref(k5), decref(v7);
    decref(adict);
    decref(atuple);
    decref(alist);
    GC_TEST_END(base);
}

TEST(gc, get_referrers)
{
    size_t base = gc_test_begin();
    object_t *x = list_new(), *a = list_new(), *d = dict_new(), *other = list_new();
    object_t *k = str_new("x");
    ASSERT_NOT_NULL(x);
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(d);
    ASSERT_NOT_NULL(other);
    ASSERT_NOT_NULL(k);
    ASSERT_EQ(list_append(a, x), 0);
    ASSERT_EQ(dict_set(d, k, x), 0);
    ASSERT_EQ(list_append(x, x), 0); /* x refers to itself */

    object_t *r = gc_get_referrers(x);
    ASSERT_NOT_NULL(r);
    EXPECT_EQ(list_len(r), 3);
    EXPECT_TRUE(gc_test_list_contains(r, a));
    EXPECT_TRUE(gc_test_list_contains(r, d));
    EXPECT_TRUE(gc_test_list_contains(r, x));
    EXPECT_FALSE(gc_test_list_contains(r, other));
    decref(r);

    list_clear(x);
    decref(k), decref(x), decref(a), decref(d), decref(other);
    GC_TEST_END(base);
}

/* test_is_tracked: atomic objects never, containers yes. */
TEST(gc, is_tracked_atomic_and_containers)
{
    size_t base = gc_test_begin();
    class_t *C = class_new("UserClass", NULL);
    object_t *i = int_new(1), *s = str_new("a"), *l = list_new(), *inst = instance_new(C);
    ASSERT_NOT_NULL(inst);
    EXPECT_FALSE(gc_is_tracked(i));
    EXPECT_FALSE(gc_is_tracked(s));
    EXPECT_FALSE(gc_is_tracked(class_as_object(C)));
    EXPECT_TRUE(gc_is_tracked(l));
    EXPECT_TRUE(gc_is_tracked(inst));
    EXPECT_FALSE(gc_is_finalized(i));
    decref(i), decref(s), decref(l), decref(inst);
    decref(class_as_object(C));
    GC_TEST_END(base);
}

/* test_tuple.py test_track_dynamic: tuples of atomic objects are untracked by a collection;
 * a tuple holding a container stays tracked; untracking propagates outwards. */
TEST(gc, tuple_untracking)
{
    size_t base = gc_test_begin();
    object_t *atoms = tuple_new(2), *holder = tuple_new(1), *nested = tuple_new(1);
    object_t *unset = tuple_new(1), *empty_list = list_new();
    ASSERT_NOT_NULL(atoms);
    ASSERT_NOT_NULL(holder);
    ASSERT_NOT_NULL(nested);
    ASSERT_NOT_NULL(unset);
    tuple_set(atoms, 0, int_new(1));
    tuple_set(atoms, 1, str_new("s"));
    tuple_set(holder, 0, empty_list);
    incref(atoms);
    tuple_set(nested, 0, atoms);
    EXPECT_TRUE(gc_is_tracked(atoms));
    EXPECT_TRUE(gc_is_tracked(nested));
    gc_collect(0);
    EXPECT_FALSE(gc_is_tracked(atoms));
    EXPECT_FALSE(gc_is_tracked(nested));
    EXPECT_TRUE(gc_is_tracked(holder));
    EXPECT_TRUE(gc_is_tracked(unset)); /* not fully built: left alone */
    decref(atoms), decref(holder), decref(nested), decref(unset);
    GC_TEST_END(base);
}

/* test_dict.py test_track_dynamic / test_track_literals: lazy dict tracking. */
TEST(gc, dict_lazy_tracking)
{
    size_t base = gc_test_begin();
    object_t *d = dict_new(), *k1 = int_new(1), *k2 = str_new("b"), *v = int_new(7);
    object_t *inner = dict_new(), *l = list_new();
    ASSERT_NOT_NULL(d);
    ASSERT_NOT_NULL(inner);
    ASSERT_NOT_NULL(l);
    EXPECT_FALSE(gc_is_tracked(d));
    ASSERT_EQ(dict_set(d, k1, v), 0);
    EXPECT_FALSE(gc_is_tracked(d));
    ASSERT_EQ(dict_set(d, k2, l), 0);
    EXPECT_TRUE(gc_is_tracked(d));
    ASSERT_EQ(dict_del(d, k2), 0);
    EXPECT_EQ(dict_del(d, k2), -1);
    EXPECT_TRUE(gc_is_tracked(d)); /* stays tracked until a full collection */
    gc_collect(0);
    EXPECT_TRUE(gc_is_tracked(d));
    gc_collect(1);
    EXPECT_TRUE(gc_is_tracked(d));
    gc_collect(2);
    EXPECT_FALSE(gc_is_tracked(d));
    /* A dict holding a dict (even an untracked one) is tracked and stays so. */
    ASSERT_EQ(dict_set(d, k2, inner), 0);
    EXPECT_TRUE(gc_is_tracked(d));
    EXPECT_FALSE(gc_is_tracked(inner));
    gc_collect(2);
    EXPECT_TRUE(gc_is_tracked(d));
    /* Values compare by value: a fresh equal key finds the entry. */
    object_t *k2b = str_new("b"), *k1b = int_new(1);
    EXPECT_EQ(dict_get(d, k2b), inner);
    EXPECT_EQ(dict_get(d, k1b), v);
    EXPECT_EQ(dict_len(d), 2);
    decref(k2b), decref(k1b);
    decref(d), decref(k1), decref(k2), decref(v), decref(inner), decref(l);
    GC_TEST_END(base);
}

TEST(gc, dict_many_keys)
{
    size_t base = gc_test_begin();
    object_t *d = dict_new();
    ASSERT_NOT_NULL(d);
    for (long i = 0; i < 1000; i++) {
        object_t *k = int_new(i), *v = int_new(i * 2);
        ASSERT_EQ(dict_set(d, k, v), 0);
        decref(k), decref(v);
    }
    EXPECT_EQ(dict_len(d), 1000);
    for (long i = 0; i < 1000; i += 2) {
        object_t *k = int_new(i);
        EXPECT_EQ(dict_del(d, k), 0);
        decref(k);
    }
    EXPECT_EQ(dict_len(d), 500);
    for (long i = 0; i < 1000; i++) {
        object_t *k = int_new(i);
        object_t *v = dict_get(d, k);
        if (i % 2)
            EXPECT_EQ(v ? int_value(v) : -1, i * 2);
        else
            EXPECT_NULL(v);
        decref(k);
    }
    decref(d);
    GC_TEST_END(base);
}

/* Census: per-type live counts and bytes. */
TEST(gc, census_counts_objects)
{
    size_t base = gc_test_begin();
    struct gc_census_row before[16], after[16];
    size_t n = gc_object_census(before, 16);
    ASSERT_GT(n, 5);
    object_t *l[10];
    for (int i = 0; i < 10; i++)
        ASSERT_NOT_NULL(l[i] = list_new());
    ASSERT_EQ(list_append(l[0], l[1]), 0);
    EXPECT_EQ(gc_object_census(after, 16), n);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(before[i].type_name, "list") == 0) {
            EXPECT_EQ(after[i].objects, before[i].objects + 10);
            EXPECT_GT(after[i].bytes, before[i].bytes);
        }
    }
    for (int i = 0; i < 10; i++)
        decref(l[i]);
    gc_object_census(after, 16);
    for (size_t i = 0; i < n; i++) {
        EXPECT_EQ(after[i].objects, before[i].objects);
        EXPECT_EQ(after[i].bytes, before[i].bytes);
    }
    GC_TEST_END(base);
}

/* The GC_DEBUG_STATS figures of one collection. */
TEST(gc, collection_info_figures)
{
    size_t base = gc_test_begin();
    struct gc_collection_info info;
    object_t *keep = list_new(), *a = list_new(), *b = list_new();
    ASSERT_NOT_NULL(keep);
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(b);
    ASSERT_EQ(list_append(a, b), 0);
    ASSERT_EQ(list_append(b, a), 0);
    decref(a), decref(b);
    gc_set_debug(GC_DEBUG_STATS);
    uint64_t before = platform_cycles();
    EXPECT_EQ(gc_collect(0), 2);
    uint64_t around = platform_cycles() - before;
    gc_set_debug(0);
    gc_last_collection(&info);
    EXPECT_EQ(info.generation, 0);
    EXPECT_GE(info.examined[0], 3);
    EXPECT_EQ(info.unreachable, 2);
    EXPECT_EQ(info.finalized, 0);
    EXPECT_EQ(info.resurrected, 0);
    EXPECT_EQ(info.freed, 2);
    EXPECT_EQ(info.collected, 2);
    /* The pause is inside the call: the cycle counter read around it bounds it. */
    EXPECT_GT(info.pause_cycles, 0);
    EXPECT_LE(info.pause_cycles, around);
    decref(keep);
    GC_TEST_END(base);
}

/*
 * The pause figures against the cycle counter read around gc_collect: the collection is most of
 * the call, so the pause is at least three quarters of it and at most all of it, in cycles and in
 * microseconds alike (converted here at the clock's exact rate, allowing for the collector's
 * rounding). A round where this thread lost its CPU outside the collection (hosted on a busy
 * machine) can break the lower bound, so it must hold in one of PAUSE_ROUNDS rounds; the upper
 * bounds hold in every one.
 */
#define PAUSE_CYCLES 5000                /* two-list cycles per round: pauses of milliseconds */
#define PAUSE_ROUNDS 5

TEST(gc, pause_is_the_collections_time)
{
    size_t base = gc_test_begin();
    uint64_t hz = platform_tsc_hz();
    int rounds_mostly_pause = 0;
    gc_disable();                        /* the garbage waits for our own collection */
    for (int round = 0; round < PAUSE_ROUNDS; round++) {
        struct gc_collection_info info;
        for (int i = 0; i < PAUSE_CYCLES; i++) {
            object_t *a = list_new(), *b = list_new();
            ASSERT_NOT_NULL(a);
            ASSERT_NOT_NULL(b);
            ASSERT_EQ(list_append(a, b), 0);
            ASSERT_EQ(list_append(b, a), 0);
            decref(a), decref(b);
        }
        uint64_t before = platform_cycles();
        EXPECT_EQ(gc_collect(0), 2 * PAUSE_CYCLES);
        uint64_t around = platform_cycles() - before;
        gc_last_collection(&info);
        uint64_t around_us = (uint64_t)((unsigned __int128)around * 1000000 / hz);
        EXPECT_LE(info.pause_cycles, around);
        /* The collector converts at the rate rounded down to whole MHz: high by one part in
         * that figure at most, plus the truncations of both conversions. */
        EXPECT_LE(info.pause_us, around_us + around_us / (hz / 1000000) + 2);
        if (info.pause_cycles * 4 >= around * 3 && (info.pause_us + 1) * 4 >= around_us * 3)
            rounds_mostly_pause++;
        if (round == 0)
            ktest_note("pause %lu cycles (%lu us) in a call of %lu cycles (%lu us)",
                       (unsigned long)info.pause_cycles, (unsigned long)info.pause_us,
                       (unsigned long)around, (unsigned long)around_us);
    }
    EXPECT_GT(rounds_mostly_pause, 0);
    GC_TEST_END(base);
}
