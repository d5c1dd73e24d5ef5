/*
 * tests/gc/test_gc_objects.c - object model details: instance attributes (shared keys, inline and
 * spilled values, deletion), cycles spanning generations, debug output, and running out of memory
 * (every constructor and setter returns NULL/-1 and leaves the objects consistent).
 */
#include "gc/interp.h" /* the free lists, for the free-list test */
#include "tests/gc/gc_test.h"

TEST(gc, instance_attributes)
{
    size_t base = gc_test_begin();
    static const char *const names[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
    class_t *C = class_new("C", NULL);
    ASSERT_NOT_NULL(C);
    object_t *x = instance_new(C), *y = instance_new(C);
    ASSERT_NOT_NULL(x);
    ASSERT_NOT_NULL(y);
    EXPECT_TRUE(instance_class(x) == C);
    /* More attributes than fit inline. */
    for (long i = 0; i < 10; i++) {
        object_t *v = int_new(i);
        ASSERT_EQ(instance_setattr(x, names[i], v), 0);
        decref(v);
    }
    for (long i = 0; i < 10; i++)
        EXPECT_EQ(int_value(instance_getattr(x, names[i])), i);
    EXPECT_NULL(instance_getattr(x, "zz"));
    /* Another instance of the class shares the names but not the values. */
    EXPECT_NULL(instance_getattr(y, "a"));
    ASSERT_EQ(instance_setattr(y, "j", x), 0);
    EXPECT_EQ(instance_getattr(y, "j"), x);
    EXPECT_EQ(refcount(x), 2);
    /* Delete and replace. */
    EXPECT_EQ(instance_setattr(x, "c", NULL), 0);
    EXPECT_EQ(instance_setattr(x, "c", NULL), -1);
    EXPECT_NULL(instance_getattr(x, "c"));
    object_t *s = str_new("new");
    ASSERT_EQ(instance_setattr(x, "a", s), 0);
    EXPECT_STREQ(str_value(instance_getattr(x, "a")), "new");
    EXPECT_EQ(refcount(s), 2);
    decref(s);
    /* Referents: the attribute values and the class. */
    object_t *r = gc_get_referents(y);
    ASSERT_NOT_NULL(r);
    EXPECT_EQ(list_len(r), 2);
    EXPECT_TRUE(gc_test_list_contains(r, x));
    EXPECT_TRUE(gc_test_list_contains(r, class_as_object(C)));
    decref(r);
    decref(y);
    EXPECT_EQ(refcount(x), 1);
    decref(x);
    decref(class_as_object(C));
    GC_TEST_END(base);
}

/* A cycle between an old and a young object is not garbage to a young collection: the old
 * member's reference comes from outside the collected set. */
TEST(gc, cycle_across_generations)
{
    size_t base = gc_test_begin();
    object_t *old = list_new();
    ASSERT_NOT_NULL(old);
    gc_collect(2); /* old is now in generation 2 */
    object_t *young = list_new();
    ASSERT_NOT_NULL(young);
    list_append(old, young);
    list_append(young, old);
    decref(old);
    decref(young);
    EXPECT_EQ(gc_collect(0), 0);
    EXPECT_TRUE(gc_test_in_generation(1, young));
    EXPECT_EQ(gc_collect(1), 0);
    EXPECT_TRUE(gc_test_in_generation(2, young));
    EXPECT_EQ(gc_collect(2), 2);
    GC_TEST_END(base);
}

/* Objects referenced only from a frozen object survive; frozen objects are examined by nobody. */
TEST(gc, frozen_referrer_keeps_young_alive)
{
    size_t base = gc_test_begin();
    object_t *frozen = list_new();
    ASSERT_NOT_NULL(frozen);
    gc_freeze();
    object_t *young = list_new();
    ASSERT_NOT_NULL(young);
    list_append(frozen, young);
    list_append(young, young);
    decref(young);
    EXPECT_EQ(gc_collect(2), 0);
    EXPECT_EQ(refcount(young), 2);
    gc_unfreeze();
    list_clear(frozen);
    EXPECT_EQ(gc_collect(2), 1);
    decref(frozen);
    GC_TEST_END(base);
}

/* The debug lines of one collection, as a test would capture sys.stderr. */
struct debug_capture {
    char text[1024];
    size_t len;
    int lines;
    bool overflowed;
};

static void capture_debug_line(const char *line, void *arg)
{
    struct debug_capture *cap = arg;
    size_t n = strlen(line);
    cap->lines++;
    if (cap->len + n >= sizeof cap->text) {
        cap->overflowed = true;
        return;
    }
    memcpy(cap->text + cap->len, line, n + 1);
    cap->len += n;
}

/* How many times needle occurs in hay. */
static int occurrences(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    int count = 0;
    for (; *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            count++;
    return count;
}

/* GC_DEBUG_COLLECTABLE names each object found unreachable, before it is freed, on a line of its
 * own as CPython's debug_cycle() does ("gc: collectable <list 0x...>"), and nothing reachable. */
TEST(gc, debug_collectable_names_objects)
{
    size_t base = gc_test_begin();
    static struct debug_capture cap;
    char list_line[64], dict_line[64], keep_line[64];
    object_t *keep = list_new(), *l = list_new(), *d = dict_new(), *key = int_new(1);
    ASSERT_NOT_NULL(keep);
    ASSERT_NOT_NULL(l);
    ASSERT_NOT_NULL(d);
    ASSERT_NOT_NULL(key);
    ASSERT_EQ(list_append(l, d), 0);
    ASSERT_EQ(dict_set(d, key, l), 0);
    ASSERT_EQ(list_append(keep, keep), 0);
    decref(key);
    decref(d);
    decref(l);
    platform_snprintf(list_line, sizeof list_line, "gc: collectable <list %p>\n", (void *)l);
    platform_snprintf(dict_line, sizeof dict_line, "gc: collectable <dict %p>\n", (void *)d);
    platform_snprintf(keep_line, sizeof keep_line, "<list %p>", (void *)keep);

    cap = (struct debug_capture){0};
    gc_set_debug_sink(capture_debug_line, &cap);
    gc_set_debug(GC_DEBUG_COLLECTABLE | GC_DEBUG_STATS);
    EXPECT_EQ(gc_get_debug(), GC_DEBUG_COLLECTABLE | GC_DEBUG_STATS);
    EXPECT_EQ(gc_collect(2), 2);
    gc_set_debug(0);
    gc_set_debug_sink(NULL, NULL);

    EXPECT_FALSE(cap.overflowed);
    EXPECT_EQ(cap.lines, 3);                        /* two objects and the stats line */
    EXPECT_EQ(occurrences(cap.text, list_line), 1);
    EXPECT_EQ(occurrences(cap.text, dict_line), 1);
    EXPECT_EQ(occurrences(cap.text, "gc: collectable <"), 2);
    EXPECT_EQ(occurrences(cap.text, keep_line), 0);
    EXPECT_EQ(occurrences(cap.text, "gc: gen 2 examined "), 1);
    EXPECT_EQ(occurrences(cap.text, " unreachable 2 finalized 0 resurrected 0 freed 2 "), 1);

    /* GC_DEBUG_STATS alone names nothing; with no sink set, nothing more is captured. */
    cap = (struct debug_capture){0};
    gc_set_debug_sink(capture_debug_line, &cap);
    gc_set_debug(GC_DEBUG_STATS);
    gc_collect(0);
    gc_set_debug(0);
    gc_set_debug_sink(NULL, NULL);
    EXPECT_EQ(cap.lines, 1);
    EXPECT_EQ(occurrences(cap.text, "gc: collectable"), 0);
    cap = (struct debug_capture){0};
    gc_collect(0);
    EXPECT_EQ(cap.lines, 0);

    list_clear(keep);
    decref(keep);
    GC_TEST_END(base);
}

/*
 * Out of memory: with the heap held to the pages it has, keep allocating until something fails,
 * then check that what failed changed nothing and everything is freed afterwards.
 */
TEST(gc, out_of_memory_leaves_state_consistent)
{
    size_t base = gc_test_begin();
    struct heap_stats hs;
    object_t *holder = list_new(), *d = dict_new();
    ASSERT_NOT_NULL(holder);
    ASSERT_NOT_NULL(d);
    gc_disable();
    heap_get_stats(&hs);
    heap_set_page_limit(hs.bytes_mapped + (1u << 20));
    long made = 0, failures = 0;
    for (long i = 0; i < 10000000 && failures < 50; i++) {
        object_t *k = int_new(i);
        object_t *l = k ? list_new() : NULL;
        if (!k || !l) {
            XDECREF(k);
            failures++;
            continue;
        }
        size_t before_len = list_len(holder), before_dict = dict_len(d);
        if (list_append(holder, l) < 0) {
            EXPECT_EQ(list_len(holder), before_len);
            failures++;
        }
        if (dict_set(d, k, l) < 0) {
            EXPECT_EQ(dict_len(d), before_dict);
            EXPECT_NULL(dict_get(d, k));
            failures++;
        } else {
            made++;
        }
        decref(k);
        decref(l);
    }
    heap_set_page_limit(0);
    EXPECT_GT(failures, 0);
    EXPECT_GT(made, 0);
    ktest_note("%ld dict entries before running out, %ld failures", made, failures);
    /* Everything stored is intact and reachable. */
    long found = 0;
    for (long i = 0; i < made + failures + 100; i++) {
        object_t *k = int_new(i);
        ASSERT_NOT_NULL(k);
        object_t *v = dict_get(d, k);
        if (v) {
            EXPECT_EQ(v->type, &list_type);
            found++;
        }
        decref(k);
    }
    EXPECT_EQ(found, (long)dict_len(d));
    decref(holder);
    decref(d);
    GC_TEST_END(base);
}

/*
 * Large lists and tuples are visited in lockstep with the walk (gc/traverse.h): the result must
 * not depend on where their items sit in the generation list. Items here are tracked in reverse
 * and shuffled order, some reachable only through the big container, some garbage beside it.
 */
TEST(gc, large_containers_any_item_order)
{
    enum { N = 20000 }; /* above GC_LOCKSTEP_MIN_ITEMS */
    size_t base = gc_test_begin();
    static object_t *made[N];
    gc_disable();
    for (int i = 0; i < N; i++) {
        made[i] = list_new();
        ASSERT_NOT_NULL(made[i]);
    }
    /* holder gets two lists in three, in a scattered order; every item points to its neighbour. */
    object_t *holder = list_new();
    ASSERT_NOT_NULL(holder);
    long held = 0;
    for (int i = N - 1; i >= 0; i--) {
        int j = (int)(((long)i * 7919) % N); /* 7919 is prime: a permutation */
        if (j % 3 != 0) {
            ASSERT_EQ(list_append(holder, made[j]), 0);
            held++;
        }
        ASSERT_EQ(list_append(made[i], made[(i + 1) % N]), 0);
    }
    /* The neighbour ring links all N lists, so holder keeps all of them alive. */
    for (int i = 0; i < N; i++)
        decref(made[i]);
    EXPECT_EQ(gc_collect(0), 0);
    EXPECT_EQ(gc_collect(2), 0);
    EXPECT_EQ(list_len(holder), held);

    /* A big tuple that is garbage together with everything: holder -> tuple -> holder. */
    object_t *t = tuple_new(N);
    ASSERT_NOT_NULL(t);
    for (int i = 0; i < N; i++) {
        object_t *item = list_get(holder, (size_t)i % list_len(holder));
        incref(item);
        tuple_set(t, (size_t)i, item);
    }
    ASSERT_EQ(list_append(holder, t), 0);
    incref(holder);
    object_t *back = list_new();
    ASSERT_NOT_NULL(back);
    list_append(back, holder);
    decref(holder);
    tuple_set(t, 0, back); /* drops one reference to an item, keeps the cycle */
    decref(t);
    decref(holder);
    EXPECT_EQ(gc_collect(2), N + 3); /* the N lists, holder, the tuple and back */
    GC_TEST_END(base);
}

/*
 * A list keeps its first item inside the object and moves to a separate array on the second
 * (gc/types.h): values, census bytes and clearing must be the same either way, including when
 * dropping an item runs a finalizer that appends to the list being cleared.
 */
static object_t *inline_reentry_list;

static void append_on_finalize(object_t *self)
{
    (void)self;
    object_t *v = int_new(7);
    if (v) {
        list_append(inline_reentry_list, v);
        decref(v);
    }
}

static long census_list_bytes(void)
{
    struct gc_census_row rows[16];
    size_t n = gc_object_census(rows, 16);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].type_name, "list") == 0)
            return rows[i].bytes;
    return -1;
}

TEST(gc, list_inline_item_and_growth)
{
    size_t base = gc_test_begin();
    object_t *l = list_new(), *a = int_new(1), *b = int_new(2);
    ASSERT_NOT_NULL(l);
    ASSERT_NOT_NULL(a);
    ASSERT_NOT_NULL(b);
    long empty_bytes = census_list_bytes();
    EXPECT_NULL(list_get(l, 0));
    ASSERT_EQ(list_append(l, a), 0);
    EXPECT_EQ(census_list_bytes(), empty_bytes); /* one item: no item array */
    EXPECT_EQ(list_get(l, 0), a);
    ASSERT_EQ(list_set(l, 0, b), 0);
    EXPECT_EQ(list_get(l, 0), b);
    EXPECT_EQ(list_set(l, 1, a), -1);
    ASSERT_EQ(list_append(l, a), 0);
    EXPECT_GT(census_list_bytes(), empty_bytes); /* two: an array */
    EXPECT_EQ(list_len(l), 2u);
    EXPECT_EQ(list_get(l, 0), b);
    EXPECT_EQ(list_get(l, 1), a);
    for (long i = 0; i < 100; i++)
        ASSERT_EQ(list_append(l, i % 2 ? a : b), 0);
    EXPECT_EQ(list_get(l, 101), a);
    EXPECT_EQ(refcount(a), 52);
    list_clear(l);
    EXPECT_EQ(list_len(l), 0u);
    EXPECT_EQ(census_list_bytes(), empty_bytes);
    EXPECT_EQ(refcount(a), 1);
    EXPECT_EQ(refcount(b), 1);

    /* A finalizer run by clearing appends to the same list, inline and array forms. */
    class_t *Appender = class_new("Appender", append_on_finalize);
    ASSERT_NOT_NULL(Appender);
    inline_reentry_list = l;
    for (int items = 1; items <= 3; items++) {
        object_t *inst = instance_new(Appender);
        ASSERT_NOT_NULL(inst);
        for (int i = 1; i < items; i++)
            ASSERT_EQ(list_append(l, a), 0);
        ASSERT_EQ(list_append(l, inst), 0);
        decref(inst);
        list_clear(l);
        EXPECT_EQ(list_len(l), 1u);
        EXPECT_EQ(int_value(list_get(l, 0)), 7);
        list_clear(l);
    }
    inline_reentry_list = NULL;
    decref(class_as_object(Appender));
    decref(l);
    decref(a);
    decref(b);
    GC_TEST_END(base);
}

/*
 * Freed lists, dicts and small tuples go to the interpreter's bounded free lists and are reused
 * (CPython's free_list); they leave the counts as if freed, and a full collection gives their
 * memory back so the heap returns exactly to the baseline.
 */
TEST(gc, freelists_reuse_and_full_collection_empties_them)
{
    size_t base = gc_test_begin();
    long count[3], count_after[3];
    object_t *l = list_new();
    ASSERT_NOT_NULL(l);
    object_t *first = l;
    gc_get_count(count);
    decref(l);
    gc_get_count(count_after);
    EXPECT_EQ(count_after[0], count[0] - 1);
    EXPECT_GT(gc_test_heap_in_use(), base); /* kept on the free list */
    ASSERT_NOT_NULL(l = list_new());
    EXPECT_EQ(l, first); /* the same block, reused */
    EXPECT_EQ(list_len(l), 0u);
    EXPECT_EQ(refcount(l), 1);
    EXPECT_TRUE(gc_is_tracked(l));
    decref(l);

    /* Tuples: one free list per length. */
    object_t *t2 = tuple_new(2);
    ASSERT_NOT_NULL(t2);
    object_t *freed_t2 = t2;
    decref(t2);
    object_t *t3 = tuple_new(3);
    ASSERT_NOT_NULL(t3);
    EXPECT_NE(t3, freed_t2); /* another length, another list */
    ASSERT_NOT_NULL(t2 = tuple_new(2));
    EXPECT_EQ(t2, freed_t2);
    EXPECT_NULL(tuple_get(t2, 0)); /* items start NULL again */
    EXPECT_NULL(tuple_get(t2, 1));
    decref(t2);
    decref(t3);
    EXPECT_EQ(interp_current()->freelists[GC_FREELIST_TUPLE + 1].count, 1);
    EXPECT_EQ(interp_current()->freelists[GC_FREELIST_TUPLE + 2].count, 1);

    /* More than the bound: the rest goes back to the heap at once. */
    object_t *many[GC_FREELIST_MAX + 20];
    for (int i = 0; i < GC_FREELIST_MAX + 20; i++)
        ASSERT_NOT_NULL(many[i] = dict_new());
    for (int i = 0; i < GC_FREELIST_MAX + 20; i++)
        decref(many[i]);
    EXPECT_EQ(interp_current()->freelists[GC_FREELIST_DICT].count, GC_FREELIST_MAX);
    gc_collect(1);
    EXPECT_EQ(interp_current()->freelists[GC_FREELIST_DICT].count, GC_FREELIST_MAX);
    gc_collect(2);
    EXPECT_EQ(interp_current()->freelists[GC_FREELIST_DICT].count, 0);
    for (int i = 0; i < GC_FREELIST_COUNT; i++)
        EXPECT_EQ(interp_current()->freelists[i].count, 0);
    EXPECT_EQ(gc_test_heap_in_use(), base);
    GC_TEST_END(base);
}

/*
 * The walk of move_unreachable ends while a lockstep over a large list still has items to visit,
 * and the last object of young was moved to the unreachable list: an item reached late must be
 * appended to young after its real last survivor, not after that garbage object. The holder's
 * items are mostly old objects (outside the collected set), its last few are young objects the
 * walk meets before the lockstep does.
 */
TEST(gc, lockstep_outlives_walk_with_garbage_last)
{
    enum { N_OLD = 10000, N_YOUNG = 3 }; /* above GC_LOCKSTEP_MIN_ITEMS */
    size_t base = gc_test_begin();
    static object_t *old[N_OLD];
    gc_disable();
    for (int i = 0; i < N_OLD; i++)
        ASSERT_NOT_NULL(old[i] = list_new());
    gc_collect(2); /* old: generation 2 */
    object_t *holder = list_new();
    ASSERT_NOT_NULL(holder);
    for (int i = 0; i < N_OLD; i++)
        ASSERT_EQ(list_append(holder, old[i]), 0);
    for (int i = 0; i < N_YOUNG; i++) {
        object_t *young = list_new();
        ASSERT_NOT_NULL(young);
        ASSERT_EQ(list_append(holder, young), 0);
        decref(young);
    }
    object_t *garbage = list_new(); /* last in young, a self-cycle */
    ASSERT_NOT_NULL(garbage);
    ASSERT_EQ(list_append(garbage, garbage), 0);
    decref(garbage);
    EXPECT_EQ(gc_collect(0), 1);
    object_t *objs = gc_get_objects(1);
    ASSERT_NOT_NULL(objs);
    EXPECT_EQ(list_len(objs), (size_t)N_YOUNG + 1); /* holder and its young items survived */
    for (int i = 0; i < N_YOUNG; i++)
        EXPECT_TRUE(gc_test_list_contains(objs, list_get(holder, N_OLD + i)));
    decref(objs);
    EXPECT_EQ(gc_collect(2), 0);
    decref(holder);
    for (int i = 0; i < N_OLD; i++)
        decref(old[i]);
    GC_TEST_END(base);
}

/* CLEAR_REF names its slot once: with a side effect in the slot expression it clears the same slot
 * whose reference it drops (a soak run crashed when it cleared one slot and dropped another's). */
TEST(gc, clear_ref_evaluates_its_slot_once)
{
    size_t base = gc_test_begin();
    object_t *slots[2] = {int_new(1000001), int_new(1000002)};
    ASSERT_NOT_NULL(slots[0]);
    ASSERT_NOT_NULL(slots[1]);
    incref(slots[1]);
    object_t *second = slots[1];
    int i = 0;
    CLEAR_REF(slots[i++]);
    EXPECT_EQ(i, 1);
    EXPECT_NULL(slots[0]);
    EXPECT_TRUE(slots[1] == second);
    EXPECT_EQ(refcount(second), 2);
    CLEAR_REF(slots[i++]);
    EXPECT_NULL(slots[1]);
    EXPECT_EQ(refcount(second), 1);
    decref(second);
    GC_TEST_END(base);
}
