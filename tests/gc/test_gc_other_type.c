/*
 * tests/gc/test_gc_other_type.c - a container type defined outside gc/, the way gc/object.h says
 * a new type joins: kind TYPE_KIND_OTHER, and the collector reaches its referents only through its
 * traverse slot and breaks its cycles through its clear slot (the default branch of
 * FOR_EACH_REFERENT in gc/traverse.h, delete_garbage in gc/garbage.c).
 *
 * The type is a pair: two reference slots, like a two-item tuple that can be changed. It counts
 * the calls of its slots, so the tests can tell the collector used them and not some built-in
 * shortcut: if the default branch stopped calling traverse, a cycle through pairs would look
 * referenced from outside and never be collected (other_type_cycle_is_collected fails), and if
 * clear were skipped for it, the cycle would never be broken (the heap would not return to its
 * baseline).
 */
#include "gc/interp.h" /* gc_track, gc_free: the type implementation's side of the API */
#include "tests/gc/gc_test.h"

struct pair_object {
    struct object ob;
    object_t *first, *second;
};

static struct {
    long traverse_calls, clear_calls, deallocs;
} pair_counts;

static void pair_dealloc(object_t *o)
{
    struct pair_object *p = (struct pair_object *)o;
    gc_untrack(o);
    CLEAR_REF(p->first);
    CLEAR_REF(p->second);
    pair_counts.deallocs++;
    gc_free(o, sizeof *p);
}

static int pair_traverse(object_t *o, visitproc visit, void *arg)
{
    struct pair_object *p = (struct pair_object *)o;
    int r;
    pair_counts.traverse_calls++;
    if (p->first && (r = visit(p->first, arg)))
        return r;
    if (p->second && (r = visit(p->second, arg)))
        return r;
    return 0;
}

static int pair_clear(object_t *o)
{
    struct pair_object *p = (struct pair_object *)o;
    pair_counts.clear_calls++;
    CLEAR_REF(p->first);
    CLEAR_REF(p->second);
    return 0;
}

static const struct type pair_type = {
    .name = "pair",
    .basic_size = sizeof(struct pair_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_OTHER,
    .dealloc = pair_dealloc,
    .traverse = pair_traverse,
    .clear = pair_clear,
};

static object_t *pair_new(void)
{
    object_t *o = gc_alloc(&pair_type, sizeof(struct pair_object));
    if (!o)
        return NULL;
    struct pair_object *p = (struct pair_object *)o;
    p->first = p->second = NULL;
    gc_track(o);
    return o;
}

/* Set slot 0 or 1 to v (a new reference is taken; the old one dropped after the store). */
static void pair_set(object_t *o, int slot, object_t *v)
{
    struct pair_object *p = (struct pair_object *)o;
    object_t **s = slot ? &p->second : &p->first;
    object_t *old = *s;
    XINCREF(v);
    *s = v;
    XDECREF(old);
}

static long census_objects(const char *name)
{
    struct gc_census_row rows[TYPE_KIND_COUNT];
    size_t n = gc_object_census(rows, TYPE_KIND_COUNT);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].type_name, name) == 0)
            return rows[i].objects;
    return -1;
}

/* p <-> q, and p -> list -> p: garbage only the collector can find, through pair_traverse. */
TEST(gc, other_type_cycle_is_collected)
{
    size_t base = gc_test_begin();
    long others = census_objects("other");
    pair_counts.traverse_calls = pair_counts.clear_calls = pair_counts.deallocs = 0;
    object_t *p = pair_new(), *q = pair_new(), *l = list_new();
    ASSERT_NOT_NULL(p);
    ASSERT_NOT_NULL(q);
    ASSERT_NOT_NULL(l);
    pair_set(p, 0, q);
    pair_set(q, 0, p);
    pair_set(p, 1, l);
    ASSERT_EQ(list_append(l, p), 0);
    EXPECT_TRUE(gc_is_tracked(p));
    EXPECT_EQ(census_objects("other"), others + 2);
    decref(p);
    decref(q);
    decref(l);
    EXPECT_EQ(pair_counts.deallocs, 0);

    pair_counts.traverse_calls = 0;
    EXPECT_EQ(gc_collect(0), 3);
    EXPECT_GE(pair_counts.traverse_calls, 2);    /* each pair at least once, by the walks */
    EXPECT_GE(pair_counts.clear_calls, 1);       /* the cycle was broken through a pair or the list */
    EXPECT_EQ(pair_counts.deallocs, 2);
    EXPECT_EQ(census_objects("other"), others);
    GC_TEST_END(base);
}

/* A reachable pair keeps what it refers to alive: a list cycle whose only way in is the pair
 * survives every collection until the pair goes, and is garbage afterwards. */
TEST(gc, other_type_keeps_its_referents_reachable)
{
    size_t base = gc_test_begin();
    object_t *p = pair_new(), *l = list_new(), *v = int_new(42);
    ASSERT_NOT_NULL(p);
    ASSERT_NOT_NULL(l);
    ASSERT_NOT_NULL(v);
    ASSERT_EQ(list_append(l, l), 0);
    ASSERT_EQ(list_append(l, v), 0);
    pair_set(p, 0, l);
    decref(l);
    decref(v);

    for (int g = 0; g < GC_NUM_GENERATIONS; g++)
        EXPECT_EQ(gc_collect(g), 0);
    EXPECT_EQ(list_len(l), 2);
    EXPECT_EQ(int_value(list_get(l, 1)), 42);
    EXPECT_EQ(refcount(l), 2);                   /* the pair's reference and its own */
    EXPECT_TRUE(gc_test_in_generation(2, p));

    object_t *r = gc_get_referents(p);
    ASSERT_NOT_NULL(r);
    EXPECT_EQ(list_len(r), 1);
    EXPECT_TRUE(gc_test_list_contains(r, l));
    decref(r);
    r = gc_get_referrers(l);
    ASSERT_NOT_NULL(r);
    EXPECT_TRUE(gc_test_list_contains(r, p));
    decref(r);

    pair_counts.deallocs = 0;
    decref(p);                                   /* by refcount: no collection needed */
    EXPECT_EQ(pair_counts.deallocs, 1);
    EXPECT_EQ(gc_collect(2), 1);                 /* the list cycle it left behind */
    GC_TEST_END(base);
}
