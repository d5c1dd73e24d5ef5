/*
 * vm/iterators.c - the builtin iterator types: the old sequence protocol's iterator,
 * iter(callable, sentinel), enumerate, zip, map, filter, reversed (Objects/iterobject.c,
 * enumobject.c, Python/bltinmodule.c's zip/map/filter).
 *
 * Each holds references to the iterators it draws from, so each is a GC container.
 */
#include "vm/builtin.h"

/* All of these are: header, then up to a few object slots, then an index. */
struct iter_object {
    struct object ob;
    object_t *a, *b;   /* meaning per type: the source, the function... */
    object_t *items;   /* zip/map: tuple of iterators */
    int64_t index;
    bool strict;
};

static void iter_dealloc(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    gc_untrack(o);
    CLEAR_REF(it->a);
    CLEAR_REF(it->b);
    CLEAR_REF(it->items);
    gc_free(o, sizeof *it);
}

static int iter_traverse(object_t *o, visitproc visit, void *arg)
{
    struct iter_object *it = (struct iter_object *)o;
    int r;
    if (it->a && (r = visit(it->a, arg)))
        return r;
    if (it->b && (r = visit(it->b, arg)))
        return r;
    return it->items ? visit(it->items, arg) : 0;
}

static int iter_clear(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    CLEAR_REF(it->a);
    CLEAR_REF(it->b);
    CLEAR_REF(it->items);
    return 0;
}

static object_t *iter_self(object_t *o)
{
    incref(o);
    return o;
}

static struct iter_object *iter_alloc(struct type *t)
{
    struct iter_object *it = (struct iter_object *)gc_alloc(t, sizeof *it);
    if (!it) {
        vm_err_nomemory();
        return NULL;
    }
    it->a = it->b = it->items = NULL;
    it->index = 0;
    it->strict = false;
    return it;
}

#define ITER_TYPE(var, pyname, nextfn, newfn)                                                  \
    struct type var = {                                                                        \
        .name = pyname,                                                                        \
        .basic_size = sizeof(struct iter_object),                                              \
        .flags = TYPE_FLAG_GC,                                                                 \
        .dealloc = iter_dealloc,                                                               \
        .traverse = iter_traverse,                                                             \
        .clear = iter_clear,                                                                   \
        .iter = iter_self,                                                                     \
        .iternext = nextfn,                                                                    \
        .newfunc = newfn,                                                                      \
    }

/* ---- sequence iterator ----------------------------------------------------------------------- */

static object_t *seq_iter_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    if (!it->a)
        return NULL;
    object_t *i = int_from_i64(it->index);
    if (!i)
        return NULL;
    object_t *r = vm_getitem(it->a, i);
    decref(i);
    if (r) {
        it->index++;
        return r;
    }
    if (vm_err_matches(exc_IndexError) || vm_err_matches(exc_StopIteration)) {
        vm_err_clear();
        CLEAR_REF(it->a);
    }
    return NULL;
}

ITER_TYPE(iter_seq_type, "iterator", seq_iter_next, NULL);

object_t *seq_iter_new(object_t *o)
{
    struct iter_object *it = iter_alloc(&iter_seq_type);
    if (!it)
        return NULL;
    it->a = o;
    incref(o);
    gc_track(&it->ob);
    return &it->ob;
}

/* ---- iter(callable, sentinel) ----------------------------------------------------------------- */

static object_t *callable_iter_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    if (!it->a)
        return NULL;
    object_t *r = vm_call0(it->a);
    if (!r) {
        if (vm_err_matches(exc_StopIteration)) {
            vm_err_clear();
            CLEAR_REF(it->a);
        }
        return NULL;
    }
    int eq = vm_richcompare_bool(r, it->b, CMP_EQ);
    if (eq != 0) {
        decref(r);
        if (eq > 0) {
            CLEAR_REF(it->a);
            CLEAR_REF(it->b);
        }
        return NULL;
    }
    return r;
}

ITER_TYPE(iter_callable_type, "callable_iterator", callable_iter_next, NULL);

object_t *callable_iter_new(object_t *callable, object_t *sentinel)
{
    struct iter_object *it = iter_alloc(&iter_callable_type);
    if (!it)
        return NULL;
    it->a = callable;
    it->b = sentinel;
    incref(callable);
    incref(sentinel);
    gc_track(&it->ob);
    return &it->ob;
}

/* ---- enumerate --------------------------------------------------------------------------------- */

static object_t *enumerate_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    object_t *v = vm_next(it->a);
    if (!v)
        return NULL;
    object_t *i;
    if (it->b) { /* a big start value: count with objects */
        i = it->b;
        incref(i);
        object_t *one = int_from_i64(1);
        object_t *n = one ? vm_binary_op(it->b, one, NB_ADD) : NULL;
        XDECREF(one);
        if (!n) {
            decref(i);
            decref(v);
            return NULL;
        }
        decref(it->b);
        it->b = n;
    } else {
        i = int_from_i64(it->index++);
    }
    if (!i) {
        decref(v);
        return NULL;
    }
    object_t *t = tuple_pack(2, i, v);
    decref(i);
    decref(v);
    return t;
}

static object_t *enumerate_new(struct type *t, object_t *const *args, size_t nargs,
                               object_t *kwnames)
{
    static const char *const names[] = {"iterable", "start", NULL};
    object_t *argv[2];
    (void)t;
    if (vm_parse_args("enumerate", args, nargs, kwnames, names, 1, argv) < 0)
        return NULL;
    object_t *src = vm_iter(argv[0]);
    if (!src)
        return NULL;
    struct iter_object *it = iter_alloc(&enumerate_type);
    if (!it) {
        decref(src);
        return NULL;
    }
    it->a = src;
    if (argv[1]) {
        int64_t start;
        object_t *idx = vm_index(argv[1]);
        if (!idx) {
            decref(&it->ob);
            return NULL;
        }
        if (int_fits_i64(idx, &start) && start < ((int64_t)1 << 60)) {
            it->index = start;
            decref(idx);
        } else {
            it->b = idx;
        }
    }
    gc_track(&it->ob);
    return &it->ob;
}

ITER_TYPE(enumerate_type, "enumerate", enumerate_next, enumerate_new);

/* ---- zip, map ------------------------------------------------------------------------------------ */

static object_t *iters_of(object_t *const *args, size_t n)
{
    object_t *t = tuple_new(n);
    if (!t)
        return vm_err_nomemory();
    for (size_t i = 0; i < n; i++) {
        object_t *it = vm_iter(args[i]);
        if (!it) {
            decref(t);
            return NULL;
        }
        tuple_set(t, i, it);
    }
    return t;
}

static object_t *zip_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    size_t n = tuple_size(it->items);
    if (n == 0)
        return NULL;
    object_t *t = tuple_new(n);
    if (!t)
        return vm_err_nomemory();
    for (size_t i = 0; i < n; i++) {
        object_t *v = vm_next(tuple_items(it->items)[i]);
        if (!v) {
            decref(t);
            if (it->strict && !vm_err_occurred()) {
                if (i > 0)
                    return vm_err_format(exc_ValueError, "zip() argument %zu is shorter than "
                                                         "argument%s%zu", i + 1,
                                         i == 1 ? " " : "s 1-", i);
                for (size_t k = 1; k < n; k++) {
                    object_t *w = vm_next(tuple_items(it->items)[k]);
                    if (w) {
                        decref(w);
                        return vm_err_format(exc_ValueError, "zip() argument %zu is longer "
                                                             "than argument%s%zu", k + 1,
                                             k == 1 ? " " : "s 1-", k);
                    }
                    if (vm_err_occurred())
                        return NULL;
                }
            }
            return NULL;
        }
        tuple_set(t, i, v);
    }
    return t;
}

static object_t *zip_new(struct type *t, object_t *const *args, size_t nargs,
                         object_t *kwnames)
{
    (void)t;
    bool strict = false;
    size_t nkw = kwnames ? tuple_size(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        if (!str_eq_cstr(tuple_items(kwnames)[k], "strict"))
            return vm_err_format(exc_TypeError, "zip() got an unexpected keyword argument '%U'",
                                 tuple_items(kwnames)[k]);
        int s = vm_is_true(args[nargs + k]);
        if (s < 0)
            return NULL;
        strict = s;
    }
    object_t *iters = iters_of(args, nargs);
    if (!iters)
        return NULL;
    struct iter_object *it = iter_alloc(&zip_type);
    if (!it) {
        decref(iters);
        return NULL;
    }
    it->items = iters;
    it->strict = strict;
    gc_track(&it->ob);
    return &it->ob;
}

ITER_TYPE(zip_type, "zip", zip_next, zip_new);

static object_t *map_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    size_t n = tuple_size(it->items);
    object_t *small[8], **argv = n <= 8 ? small : kmalloc(n * sizeof *argv);
    if (!argv)
        return vm_err_nomemory();
    size_t got = 0;
    object_t *r = NULL;
    for (; got < n; got++) {
        argv[got] = vm_next(tuple_items(it->items)[got]);
        if (!argv[got])
            goto done;
    }
    r = vm_call(it->a, argv, n, NULL);
done:
    for (size_t i = 0; i < got; i++)
        decref(argv[i]);
    if (argv != small)
        kfree(argv);
    return r;
}

static object_t *map_new(struct type *t, object_t *const *args, size_t nargs,
                         object_t *kwnames)
{
    (void)t;
    if (kwnames && tuple_size(kwnames))
        return vm_err_format(exc_TypeError, "map() takes no keyword arguments");
    if (nargs < 2)
        return vm_err_format(exc_TypeError, "map() must have at least two arguments.");
    object_t *iters = iters_of(args + 1, nargs - 1);
    if (!iters)
        return NULL;
    struct iter_object *it = iter_alloc(&map_type);
    if (!it) {
        decref(iters);
        return NULL;
    }
    it->a = args[0];
    incref(args[0]);
    it->items = iters;
    gc_track(&it->ob);
    return &it->ob;
}

ITER_TYPE(map_type, "map", map_next, map_new);

/* ---- filter ------------------------------------------------------------------------------------- */

static object_t *filter_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    for (;;) {
        object_t *v = vm_next(it->b);
        if (!v)
            return NULL;
        int ok;
        if (it->a == None || it->a == (object_t *)&bool_type) {
            ok = vm_is_true(v);
        } else {
            object_t *r = vm_call1(it->a, v);
            ok = r ? vm_is_true(r) : -1;
            XDECREF(r);
        }
        if (ok > 0)
            return v;
        decref(v);
        if (ok < 0)
            return NULL;
    }
}

static object_t *filter_new(struct type *t, object_t *const *args, size_t nargs,
                            object_t *kwnames)
{
    (void)t;
    if (vm_check_args("filter", nargs, kwnames, 2, 2) < 0)
        return NULL;
    object_t *src = vm_iter(args[1]);
    if (!src)
        return NULL;
    struct iter_object *it = iter_alloc(&filter_type);
    if (!it) {
        decref(src);
        return NULL;
    }
    it->a = args[0];
    incref(args[0]);
    it->b = src;
    gc_track(&it->ob);
    return &it->ob;
}

ITER_TYPE(filter_type, "filter", filter_next, filter_new);

/* ---- reversed ------------------------------------------------------------------------------------ */

static object_t *reversed_next(object_t *o)
{
    struct iter_object *it = (struct iter_object *)o;
    if (!it->a || it->index < 0)
        return NULL;
    object_t *i = int_from_i64(it->index);
    if (!i)
        return NULL;
    object_t *r = vm_getitem(it->a, i);
    decref(i);
    it->index--;
    if (!r && (vm_err_matches(exc_IndexError) || vm_err_matches(exc_StopIteration))) {
        vm_err_clear();
        CLEAR_REF(it->a);
    }
    return r;
}

static object_t *reversed_new(struct type *t, object_t *const *args, size_t nargs,
                              object_t *kwnames)
{
    (void)t;
    if (vm_check_args("reversed", nargs, kwnames, 1, 1) < 0)
        return NULL;
    object_t *seq = args[0];
    object_t *rev = type_lookup_cstr(seq->type, "__reversed__");
    if (rev == None)
        return vm_err_format(exc_TypeError, "'%s' object is not reversible", seq->type->name);
    if (rev)
        return vm_call_method(seq, "__reversed__", NULL, 0);
    if (!seq->type->getitem || !seq->type->length || IS_DICT(seq))
        return vm_err_format(exc_TypeError, "'%s' object is not reversible", seq->type->name);
    intptr_t n = vm_len(seq);
    if (n < 0)
        return NULL;
    struct iter_object *it = iter_alloc(&reversed_type);
    if (!it)
        return NULL;
    it->a = seq;
    incref(seq);
    it->index = n - 1;
    gc_track(&it->ob);
    return &it->ob;
}

ITER_TYPE(reversed_type, "reversed", reversed_next, reversed_new);
