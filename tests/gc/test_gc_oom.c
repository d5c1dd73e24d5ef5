/*
 * tests/gc/test_gc_oom.c - the object API when memory runs out (both builds).
 *
 * The heap is held to a few MiB more than it has mapped (heap_set_page_limit), so exhaustion is
 * reached the same way hosted and in the kernel. Checked: the collector runs before an allocation
 * reports failure, so garbage cycles never cause one, even with automatic collection disabled
 * (gc/object.c, alloc_or_collect); when live objects fill the heap, every constructor returns NULL
 * and every growing operation -1, leaving its container as it was; afterwards everything is freed
 * and the heap works again.
 */
#include "tests/gc/gc_test.h"

#define OOM_LIMIT_BYTES ((size_t)1 << 20)   /* above what the heap has mapped at the start */
#define OOM_FILL_ROUNDS_MAX 1000000
#define OOM_HOLDER_SLOTS 200000
#define OOM_FAILS_PER_KIND 2    /* then that call is not tried again (each failure collects) */

static size_t mapped_bytes(void)
{
    struct heap_stats hs;
    heap_get_stats(&hs);
    return hs.bytes_mapped;
}

static long full_collections(void)
{
    struct gc_stats st[GC_NUM_GENERATIONS];
    gc_get_stats(st);
    return st[GC_NUM_GENERATIONS - 1].collections;
}

TEST(gc_oom, collector_reclaims_cycles_before_reporting_out_of_memory)
{
    size_t base = gc_test_begin();
    size_t room;
    long cycles, failed = 0;
    long full_before = full_collections();

    /* Four times as many 2-cycles (two one-item lists, 48 bytes each) as the heap can hold:
     * what it has mapped and not used (after earlier tests) plus the limit's margin. */
    heap_trim();
    room = mapped_bytes() - gc_test_heap_in_use() + OOM_LIMIT_BYTES;
    cycles = (long)(4 * room / 96);
    gc_disable();
    heap_set_page_limit(mapped_bytes() + OOM_LIMIT_BYTES);
    for (long i = 0; i < cycles; i++) {
        object_t *a = list_new(), *b = a ? list_new() : NULL;
        if (!a || !b || list_append(a, b) < 0 || list_append(b, a) < 0)
            failed++;
        XDECREF(a);
        XDECREF(b);
    }
    heap_set_page_limit(0);
    EXPECT_FALSE(gc_isenabled());        /* the collections ran without enabling automatic gc */
    EXPECT_EQ(failed, 0);
    EXPECT_GT(full_collections(), full_before);
    ktest_note("%ld garbage 2-cycles made with room for %lu KiB, %ld full collections to reclaim",
               cycles, (unsigned long)(room >> 10), full_collections() - full_before);
    GC_TEST_END(base);
}

enum oom_kind { K_INT, K_STR, K_TUPLE, K_LIST, K_DICT, K_INSTANCE, K_WEAKREF, K_CLASS,
                K_APPEND, K_DICT_SET, K_SETATTR, K_COUNT };
static const char *const oom_kind_names[K_COUNT] = {
    "int_new", "str_new", "tuple_new", "list_new", "dict_new", "instance_new", "weakref_new",
    "class_new", "list_append", "dict_set", "instance_setattr",
};

/* Keep o (a new reference) in the holder tuple; false when the holder is full. */
static bool hold(object_t *holder, size_t *n, object_t *o)
{
    if (*n == tuple_len(holder)) {
        decref(o);
        return false;
    }
    tuple_set(holder, (*n)++, o);
    return true;
}

TEST(gc_oom, live_objects_exhaust_the_heap_every_call_fails_cleanly_and_the_heap_recovers)
{
    size_t base = gc_test_begin();
    object_t *holder = tuple_new(OOM_HOLDER_SLOTS);   /* filled by tuple_set: no growth */
    object_t *grow_list = list_new(), *grow_dict = dict_new();
    class_t *cls = class_new("OomThing", NULL);
    object_t *wr_target = cls ? instance_new(cls) : NULL;
    long failures[K_COUNT] = {0};
    size_t n = 0;
    char name[32];

    ASSERT_NOT_NULL(holder);
    ASSERT_NOT_NULL(grow_list);
    ASSERT_NOT_NULL(grow_dict);
    ASSERT_NOT_NULL(wr_target);
    heap_set_page_limit(mapped_bytes() + OOM_LIMIT_BYTES);
    for (long round = 0; round < OOM_FILL_ROUNDS_MAX; round++) {
        bool all_done = true;
        for (int k = 0; k < K_COUNT; k++) {
            object_t *o = NULL;
            size_t len_before;
            if (failures[k] >= OOM_FAILS_PER_KIND)
                continue;
            all_done = false;
            switch (k) {
            case K_INT: o = int_new(round); break;
            case K_STR:
                memset(name, 'x', sizeof name - 1);
                name[sizeof name - 1 - (size_t)(round % 8)] = '\0';
                o = str_new(name);
                break;
            case K_TUPLE: o = tuple_new(4); break;
            case K_LIST: o = list_new(); break;
            case K_DICT: o = dict_new(); break;
            case K_INSTANCE: o = instance_new(cls); break;
            case K_WEAKREF: o = weakref_new(wr_target, NULL, NULL); break;
            case K_CLASS: {
                class_t *c = class_new("OomClass", NULL);
                o = c ? class_as_object(c) : NULL;
                break;
            }
            case K_APPEND:
                len_before = list_len(grow_list);
                if (list_append(grow_list, grow_list) < 0) {
                    EXPECT_EQ(list_len(grow_list), len_before);
                    failures[k]++;
                }
                continue;
            case K_DICT_SET: {
                object_t *key = int_new(round);
                if (!key) {
                    failures[k]++;
                    continue;
                }
                len_before = dict_len(grow_dict);
                if (dict_set(grow_dict, key, key) < 0) {
                    EXPECT_EQ(dict_len(grow_dict), len_before);
                    EXPECT_NULL(dict_get(grow_dict, key));
                    failures[k]++;
                }
                decref(key);
                continue;
            }
            case K_SETATTR: {
                /* A new attribute name each round grows the class's keys and the values array. */
                object_t *inst = instance_new(cls);
                int len = 0;
                for (long v = round; len < 12; v /= 10)
                    name[len++] = (char)('a' + v % 10);
                name[len] = '\0';
                if (!inst || instance_setattr(inst, name, inst) < 0) {
                    if (inst)
                        EXPECT_NULL(instance_getattr(inst, name));
                    failures[k]++;
                    XDECREF(inst);
                } else {
                    EXPECT_EQ(instance_getattr(inst, name), inst);
                    hold(holder, &n, inst);      /* a self-cycle: kept alive by the holder */
                }
                continue;
            }
            }
            if (!o) {
                failures[k]++;
                continue;
            }
            EXPECT_EQ(refcount(o), 1);
            if (!hold(holder, &n, o))
                break;
        }
        if (n == OOM_HOLDER_SLOTS || all_done)
            break;
    }
    heap_set_page_limit(0);
    for (int k = 0; k < K_COUNT; k++) {
        if (!failures[k])
            ktest_fail(__FILE__, __LINE__, "%s never failed under the limit", oom_kind_names[k]);
    }
    ktest_note("%lu objects held when every call had failed %d times", (unsigned long)n,
               OOM_FAILS_PER_KIND);
    EXPECT_LT(n, (size_t)OOM_HOLDER_SLOTS);   /* memory ran out, not the holder */

    /* Everything held is intact, and after dropping it the heap works again. */
    EXPECT_EQ(refcount(holder), 1);
    list_clear(grow_list);
    decref(grow_list);
    decref(grow_dict);
    decref(holder);
    decref(wr_target);
    decref(class_as_object(cls));
    object_t *after = list_new();
    ASSERT_NOT_NULL(after);
    EXPECT_EQ(list_append(after, after), 0);
    decref(after);
    GC_TEST_END(base);
}
