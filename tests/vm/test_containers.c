/*
 * tests/vm/test_containers.c - the container and text types at the C level: the results that
 * must be CPython's bit for bit (tuple and frozenset hashes, set iteration order), the
 * mutation-safety rules (sort, dict and set iteration), the repr recursion guard, slice
 * resolution, % and str.format, and that building and dropping containers leaves the heap at
 * its baseline. The expected figures were printed by CPython 3.11 (the comment at each says
 * what ran). The Python-level behaviour is tested by tests/py/types_*.py against CPython live.
 */
#include "gc/gc.h"
#include "mm/malloc.h"
#include "tests/ktest.h"
#include "vm/thread.h"
#include "vm/types_init.h"
#include "vm/vm.h"

static size_t heap_in_use(void)
{
    struct heap_stats s;
    heap_get_stats(&s);
    return s.bytes_in_use;
}

/* Types and the builtins module (which makes the exception classes) ready, no exception
 * pending, heap collected: the baseline to come back to. The builtins stay for the run. */
static void begin(void)
{
    static object_t *builtins;
    vm_types_init();
    if (!builtins)
        builtins = vm_module_builtins();
    ASSERT_TRUE(builtins != NULL);
    if (!vm_thread()->recursion_limit)
        vm_thread()->recursion_limit = 1000;
    vm_err_clear();
}

/* Run a test body twice: the first run fills what the interpreter keeps for good (interned
 * names, cached attribute strings), the second must leave the heap exactly as it found it. */
static void run_checked(void (*body)(void))
{
    begin();
    body();
    vm_err_clear();
    gc_collect(2);
    size_t baseline = heap_in_use();
    body();
    EXPECT_FALSE(vm_err_occurred());
    vm_err_clear();
    gc_collect(2);
    EXPECT_EQ(heap_in_use(), baseline);
}

static object_t *ints(const int64_t *v, size_t n)
{
    object_t *l = list_new_of_type(&list_type);
    for (size_t i = 0; i < n; i++) {
        object_t *x = int_from_i64(v[i]);
        list_append_checked(l, x);
        decref(x);
    }
    return l;
}

/* The ints a set iterates over, in order, into out (returns how many). */
static size_t set_order(object_t *s, int64_t *out, size_t max)
{
    object_t *it = vm_iter(s), *x;
    size_t n = 0;
    while ((x = vm_next(it)) != NULL) {
        if (n < max)
            int_to_i64(x, &out[n]);
        n++;
        decref(x);
    }
    decref(it);
    return n;
}

static bool str_is(object_t *s, const char *want)
{
    bool ok = s && IS_STR(s) && str_eq_cstr(s, want);
    if (!ok)
        ktest_note("got %s, want %s", s && IS_STR(s) ? str_data(s) : "(not a str)", want);
    return ok;
}

static void tuple_hash_is_cpythons(void)
{
    object_t *one = int_from_i64(1), *two = int_from_i64(2), *three = int_from_i64(3);
    object_t *e = tuple_empty(), *t1 = tuple_pack(1, one), *t2 = tuple_pack(2, one, two);
    object_t *t3 = tuple_pack(3, one, two, three);
    /* python3.11 -c 'print(hash(()), hash((1,)), hash((1, 2)), hash((1, 2, 3)))' */
    EXPECT_EQ(vm_hash(e), 5740354900026072187LL);
    EXPECT_EQ(vm_hash(t1), -6644214454873602895LL);
    EXPECT_EQ(vm_hash(t2), -3550055125485641917LL);
    EXPECT_EQ(vm_hash(t3), 529344067295497451LL);
    object_t *l = list_new_of_type(&list_type), *bad = tuple_pack(2, one, l);
    EXPECT_EQ(vm_hash(bad), -1); /* unhashable item: TypeError, no hash */
    EXPECT_TRUE(vm_err_matches(exc_TypeError));
    vm_err_clear();
    decref(bad), decref(l), decref(e), decref(t1), decref(t2), decref(t3);
    decref(one), decref(two), decref(three);
}
TEST(vm_containers, tuple_hash_is_cpythons)
{
    run_checked(tuple_hash_is_cpythons);
}

static void frozenset_hash_is_cpythons(void)
{
    static const int64_t v[] = {1, 2, 3};
    object_t *l = ints(v, 3), *f = set_new_from(&frozenset_type, l);
    object_t *empty = set_new_from(&frozenset_type, NULL);
    /* python3.11 -c 'print(hash(frozenset()), hash(frozenset([1, 2, 3])))' */
    EXPECT_EQ(vm_hash(empty), 133146708735736LL);
    EXPECT_EQ(vm_hash(f), -272375401224217160LL);
    decref(l), decref(f), decref(empty);
}
TEST(vm_containers, frozenset_hash_is_cpythons)
{
    run_checked(frozenset_hash_is_cpythons);
}

static void set_iterates_in_cpythons_order(void)
{
    int64_t got[64], v[64];
    /* python3.11 -c 'print(list({x * 37 % 101 for x in range(15)}))' */
    static const int64_t want1[] = {0, 67, 3, 37, 40, 74, 10, 77, 13, 47, 84, 20, 30, 57, 94};
    for (int i = 0; i < 15; i++)
        v[i] = i * 37 % 101;
    object_t *l = ints(v, 15), *s = set_new_from(&set_type, l);
    ASSERT_EQ(set_order(s, got, 64), 15);
    for (int i = 0; i < 15; i++)
        EXPECT_EQ(got[i], want1[i]);
    decref(l), decref(s);
    /* h = set(); [h.add(x) for x in [17, 1, 33, 49, 65, 2, 18]]; print(list(h)):
     * collisions in the linear probes and the perturbation */
    static const int64_t in2[] = {17, 1, 33, 49, 65, 2, 18}, want2[] = {65, 1, 33, 2, 17, 49, 18};
    s = set_new_from(&set_type, NULL);
    for (int i = 0; i < 7; i++) {
        object_t *x = int_from_i64(in2[i]);
        EXPECT_EQ(set_add_item(s, x), 0);
        decref(x);
    }
    ASSERT_EQ(set_order(s, got, 64), 7);
    for (int i = 0; i < 7; i++)
        EXPECT_EQ(got[i], want2[i]);
    decref(s);
    /* print(list(set(range(50, 0, -7)))) */
    static const int64_t want3[] = {1, 36, 8, 43, 15, 50, 22, 29};
    for (int i = 0; i < 8; i++)
        v[i] = 50 - 7 * i;
    l = ints(v, 8);
    s = set_new_from(&set_type, l);
    ASSERT_EQ(set_order(s, got, 64), 8);
    for (int i = 0; i < 8; i++)
        EXPECT_EQ(got[i], want3[i]);
    decref(l), decref(s);
}
TEST(vm_containers, set_iterates_in_cpythons_order)
{
    run_checked(set_iterates_in_cpythons_order);
}

static void set_changed_size_during_iteration(void)
{
    static const int64_t v[] = {1, 2, 3};
    object_t *l = ints(v, 3), *s = set_new_from(&set_type, l), *it = vm_iter(s);
    object_t *x = vm_next(it), *ten = int_from_i64(10);
    ASSERT_TRUE(x != NULL);
    EXPECT_EQ(set_add_item(s, ten), 0);
    EXPECT_TRUE(vm_next(it) == NULL);
    EXPECT_TRUE(vm_err_matches(exc_RuntimeError));
    vm_err_clear();
    EXPECT_TRUE(vm_next(it) == NULL); /* sticky */
    EXPECT_TRUE(vm_err_matches(exc_RuntimeError));
    vm_err_clear();
    decref(x), decref(ten), decref(it), decref(s), decref(l);
}
TEST(vm_containers, set_changed_size_during_iteration)
{
    run_checked(set_changed_size_during_iteration);
}

/* key=: the first item of a pair, so equal keys are left to the sort's stability. */
static object_t *first_item(object_t *self, object_t *const *args, size_t nargs, object_t *kw)
{
    (void)self, (void)nargs, (void)kw;
    incref(tuple_items(args[0])[0]);
    return tuple_items(args[0])[0];
}

static void sort_is_stable_and_detects_modification(void)
{
    static const struct method_def first_def = {"first_item", first_item, 0};
    object_t *key = builtin_function_new(&first_def, NULL);
    /* (key, original position) pairs sorted by key only keep their order among equal keys */
    object_t *l = list_new_of_type(&list_type);
    for (int i = 0; i < 300; i++) {
        object_t *k = int_from_i64((i * 7919) % 13), *p = int_from_i64(i), *t = tuple_pack(2, k, p);
        list_append_checked(l, t);
        decref(k), decref(p), decref(t);
    }
    EXPECT_EQ(list_sort(l, key, false), 0);
    for (size_t i = 1; i < list_size(l); i++) {
        object_t *a = list_items_of(l)[i - 1], *b = list_items_of(l)[i];
        int64_t ka, kb, pa, pb;
        int_to_i64(tuple_items(a)[0], &ka), int_to_i64(tuple_items(b)[0], &kb);
        int_to_i64(tuple_items(a)[1], &pa), int_to_i64(tuple_items(b)[1], &pb);
        EXPECT_TRUE(ka < kb || (ka == kb && pa < pb));
    }
    /* reverse=True: keys descending, equal keys still in their original order (CPython) */
    EXPECT_EQ(list_sort(l, key, true), 0);
    for (size_t i = 1; i < list_size(l); i++) {
        object_t *a = list_items_of(l)[i - 1], *b = list_items_of(l)[i];
        int64_t ka, kb, pa, pb;
        int_to_i64(tuple_items(a)[0], &ka), int_to_i64(tuple_items(b)[0], &kb);
        int_to_i64(tuple_items(a)[1], &pa), int_to_i64(tuple_items(b)[1], &pb);
        EXPECT_TRUE(ka > kb || (ka == kb && pa < pb));
    }
    decref(l);
    decref(key);
}
TEST(vm_containers, sort_is_stable_and_detects_modification)
{
    run_checked(sort_is_stable_and_detects_modification);
}

/* A key function that appends to the list being sorted. */
static object_t *sorted_list;
static object_t *appending_key(object_t *self, object_t *const *args, size_t nargs,
                               object_t *kw)
{
    (void)self, (void)nargs, (void)kw;
    list_append_checked(sorted_list, args[0]);
    incref(args[0]);
    return args[0];
}

static void sort_modified_during_sort(void)
{
    static const struct method_def def = {"appending_key", appending_key, 0};
    static const int64_t v[] = {3, 2, 1};
    object_t *key = builtin_function_new(&def, NULL);
    sorted_list = ints(v, 3);
    EXPECT_EQ(list_sort(sorted_list, key, false), -1);
    EXPECT_TRUE(vm_err_matches(exc_ValueError));
    vm_err_clear();
    /* CPython leaves the sorted items and drops what the key function added */
    ASSERT_EQ(list_size(sorted_list), 3);
    int64_t x;
    int_to_i64(list_items_of(sorted_list)[0], &x);
    EXPECT_EQ(x, 1);
    decref(sorted_list), decref(key);
    sorted_list = NULL;
}
TEST(vm_containers, sort_modified_during_sort)
{
    run_checked(sort_modified_during_sort);
}

static void dict_changed_size_during_iteration(void)
{
    object_t *d = dict_new(), *one = int_from_i64(1), *two = int_from_i64(2);
    dict_store(d, one, one);
    dict_store(d, two, two);
    object_t *it = vm_iter(d), *k = vm_next(it);
    ASSERT_TRUE(k != NULL);
    object_t *nine = int_from_i64(9);
    dict_store(d, nine, nine);
    EXPECT_TRUE(vm_next(it) == NULL);
    EXPECT_TRUE(vm_err_matches(exc_RuntimeError));
    vm_err_clear();
    object_t *zero = int_from_i64(0);
    EXPECT_EQ(dict_remove(d, zero), -1);
    EXPECT_TRUE(vm_err_matches(exc_KeyError));
    decref(zero);
    vm_err_clear();
    EXPECT_TRUE(dict_lookup_cstr(d, "absent") == NULL);
    EXPECT_FALSE(vm_err_occurred());
    decref(k), decref(it), decref(d), decref(one), decref(two), decref(nine);
}
TEST(vm_containers, dict_changed_size_during_iteration)
{
    run_checked(dict_changed_size_during_iteration);
}

static void dict_any_hashable_key(void)
{
    object_t *d = dict_new(), *one = int_from_i64(1), *t = tuple_pack(1, one);
    object_t *l = list_new_of_type(&list_type);
    EXPECT_EQ(dict_store(d, t, one), 0);
    object_t *t2 = tuple_pack(1, one);
    EXPECT_TRUE(dict_lookup(d, t2) == one); /* an equal tuple finds it */
    EXPECT_EQ(dict_store(d, l, one), -1);   /* unhashable */
    EXPECT_TRUE(vm_err_matches(exc_TypeError));
    vm_err_clear();
    EXPECT_EQ(dict_store_cstr(d, "name", one), 0);
    EXPECT_TRUE(dict_lookup_cstr(d, "name") == one);
    decref(d), decref(t), decref(t2), decref(l), decref(one);
}
TEST(vm_containers, dict_any_hashable_key)
{
    run_checked(dict_any_hashable_key);
}

static void repr_recursion_guard(void)
{
    object_t *l = list_new_of_type(&list_type), *d = dict_new(), *k = str_from_cstr("k");
    list_append_checked(l, l);
    dict_store(d, k, d);
    object_t *rl = vm_repr(l), *rd = vm_repr(d);
    EXPECT_TRUE(str_is(rl, "[[...]]"));
    EXPECT_TRUE(str_is(rd, "{'k': {...}}"));
    XDECREF(rl);
    XDECREF(rd);
    list_clear(l);
    dict_clear(d);
    decref(l), decref(d), decref(k);
}
TEST(vm_containers, repr_recursion_guard)
{
    run_checked(repr_recursion_guard);
}

static void cycles_through_containers_are_collected(void)
{
    /* a list in a set-free cycle with a dict, a slice and a dict view */
    object_t *l = list_new_of_type(&list_type), *d = dict_new(), *k = str_from_cstr("l");
    object_t *s = slice_new(l, d, NULL), *view = vm_call_method(d, "keys", NULL, 0);
    list_append_checked(l, d);
    list_append_checked(l, s);
    list_append_checked(l, view);
    dict_store(d, k, l);
    decref(l), decref(d), decref(k), decref(s), decref(view);
    EXPECT_TRUE(gc_collect(2) >= 4);
}
TEST(vm_containers, cycles_through_containers_are_collected)
{
    run_checked(cycles_through_containers_are_collected);
}

static void slice_indices_as_cpython(void)
{
    intptr_t start, stop, step, n;
    object_t *m1 = int_from_i64(-1), *m3 = int_from_i64(-3), *big = int_from_i64(100);
    object_t *s = slice_new(NULL, NULL, m1);
    ASSERT_EQ(slice_indices(s, 5, &start, &stop, &step, &n), 0);
    EXPECT_EQ(start, 4);
    EXPECT_EQ(stop, -1);
    EXPECT_EQ(step, -1);
    EXPECT_EQ(n, 5);
    decref(s);
    s = slice_new(m3, big, NULL);
    ASSERT_EQ(slice_indices(s, 5, &start, &stop, &step, &n), 0);
    EXPECT_EQ(start, 2);
    EXPECT_EQ(stop, 5);
    EXPECT_EQ(n, 3);
    decref(s);
    object_t *zero = int_from_i64(0);
    s = slice_new(NULL, NULL, zero);
    EXPECT_EQ(slice_indices(s, 5, &start, &stop, &step, &n), -1);
    EXPECT_TRUE(vm_err_matches(exc_ValueError));
    vm_err_clear();
    decref(s), decref(zero), decref(m1), decref(m3), decref(big);
}
TEST(vm_containers, slice_indices_as_cpython)
{
    run_checked(slice_indices_as_cpython);
}

static void percent_and_format(void)
{
    object_t *fmt = str_from_cstr("%5.3d|%-4s|%x|%%"), *n = int_from_i64(7), *s = str_from_cstr("ab");
    object_t *x = int_from_i64(255), *args = tuple_pack(3, n, s, x);
    object_t *r = str_mod_format(fmt, args);
    EXPECT_TRUE(str_is(r, "  007|ab  |ff|%"));
    XDECREF(r);
    decref(fmt), decref(args);
    fmt = str_from_cstr("%s %s");
    r = str_mod_format(fmt, n); /* one argument for two conversions */
    EXPECT_TRUE(r == NULL && vm_err_matches(exc_TypeError));
    vm_err_clear();
    decref(fmt);
    fmt = str_from_cstr("{1}{0}{{}}");
    object_t *f = vm_getattr_cstr(fmt, "format");
    object_t *argv[2] = {s, n};
    r = f ? vm_call(f, argv, 2, NULL) : NULL;
    EXPECT_TRUE(str_is(r, "7ab{}"));
    XDECREF(r);
    XDECREF(f);
    decref(fmt), decref(n), decref(s), decref(x);
}
TEST(vm_containers, percent_and_format)
{
    run_checked(percent_and_format);
}
