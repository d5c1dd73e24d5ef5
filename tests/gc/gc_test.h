/*
 * tests/gc/gc_test.h - shared set-up for the collector tests: every test starts from a collected
 * heap with the default collector settings and ends by checking that, after dropping everything
 * and a full collection, the heap's bytes in use are back to the baseline (xv6 usertests style).
 */
#ifndef TESTS_GC_GC_TEST_H
#define TESTS_GC_GC_TEST_H

#include "gc/gc.h"
#include "gc/object.h"
#include "mm/malloc.h"
#include "tests/ktest.h"

/* Deep structures: the full million hosted; smaller under the in-kernel TCG suite. */
#ifdef PLATFORM_HOSTED
#define GC_TEST_DEEP 1000000
#else
#define GC_TEST_DEEP 100000
#endif

static inline size_t gc_test_heap_in_use(void)
{
    struct heap_stats s;
    heap_get_stats(&s);
    return s.bytes_in_use;
}

static inline void gc_test_defaults(void)
{
    gc_set_debug(0);
    gc_set_debug_sink(NULL, NULL);
    gc_enable();
    gc_set_threshold(700, 10, 10);
}

/* Start a test: default settings, gc_garbage() created, heap collected; returns the baseline. */
static inline size_t gc_test_begin(void)
{
    gc_test_defaults();
    gc_garbage();
    gc_collect(2);
    return gc_test_heap_in_use();
}

/* End a test: restore the defaults, collect, and check nothing leaked. */
#define GC_TEST_END(baseline)                                                                     \
    do {                                                                                          \
        gc_test_defaults();                                                                       \
        gc_collect(2);                                                                            \
        EXPECT_EQ(list_len(gc_garbage()), 0);                                                     \
        EXPECT_EQ(gc_test_heap_in_use(), (baseline));                                             \
    } while (0)

/* Is o an element of list (by identity)? */
static inline bool gc_test_list_contains(object_t *list, object_t *o)
{
    for (size_t i = 0; i < list_len(list); i++)
        if (list_get(list, i) == o)
            return true;
    return false;
}

/* Does generation g's object list contain o? */
static inline bool gc_test_in_generation(int g, object_t *o)
{
    object_t *objs = gc_get_objects(g);
    bool found = objs && gc_test_list_contains(objs, o);
    if (objs)
        decref(objs);
    return found;
}

#endif /* TESTS_GC_GC_TEST_H */
