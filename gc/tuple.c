/*
 * gc/tuple.c - tuples: fixed-size containers with the items inline (Objects/tupleobject.c).
 *
 * A new tuple is tracked at once (PyTuple_New), but a tuple of atomic objects can never be in a
 * cycle, so the collector untracks tuples whose items are all untracked (untrack_tuples in
 * gc/collect.c, _PyTuple_MaybeUntrack): it is lazy, because the items are usually stored after the
 * tuple is created. Tuples of up to GC_TUPLE_FREELIST_SIZES items are recycled through one free
 * list per length (gc/interp.h), as CPython's tuple free_list.
 */
#include "gc/types.h"

static inline struct tuple_object *as_tuple(object_t *t, const char *who)
{
    if (t->type != &tuple_type)
        platform_panic("%s: object %p is a %s, not a tuple", who, (void *)t, type_name(t));
    return (struct tuple_object *)t;
}

static size_t tuple_bytes(size_t n)
{
    return sizeof(struct tuple_object) + n * sizeof(object_t *);
}

/* Tuples of a length with a free list (gc/interp.h) come from and go back to it. */
static inline bool tuple_cached(size_t n)
{
    return n >= 1 && n <= GC_TUPLE_FREELIST_SIZES;
}

static void tuple_dealloc(object_t *o)
{
    struct tuple_object *t = (struct tuple_object *)o;
    size_t n = t->size;

    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    while (n-- > 0)
        XDECREF(t->items[n]);
    if (tuple_cached(t->size))
        gc_free_cached(GC_FREELIST_TUPLE + t->size - 1, o, tuple_bytes(t->size));
    else
        gc_free(o, tuple_bytes(t->size));
    TRASHCAN_END
}

static int tuple_traverse(object_t *o, visitproc visit, void *arg)
{
    struct tuple_object *t = (struct tuple_object *)o;
    for (size_t i = t->size; i-- > 0;) {
        if (t->items[i]) {
            int r = visit(t->items[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

/* Tuples are immutable in Python, so CPython gives them no tp_clear: a cycle through a tuple is
 * broken by clearing the other containers in it. */
struct type tuple_type = {
    .name = "tuple",
    .basic_size = sizeof(struct tuple_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_TUPLE,
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
};

object_t *tuple_new(size_t n)
{
    struct tuple_object *t;

    if (n > ((size_t)1 << 40))
        return NULL;
    if (tuple_cached(n))
        t = (struct tuple_object *)gc_alloc_cached(GC_FREELIST_TUPLE + n - 1, &tuple_type,
                                                   tuple_bytes(n));
    else
        t = (struct tuple_object *)gc_alloc(&tuple_type, tuple_bytes(n));
    if (!t)
        return NULL;
    t->size = n;
    memset(t->items, 0, n * sizeof(object_t *));
    gc_track(&t->ob);
    return &t->ob;
}

void tuple_set(object_t *o, size_t i, object_t *item)
{
    struct tuple_object *t = as_tuple(o, "tuple_set");
    object_t *old;

    if (i >= t->size)
        platform_panic("tuple_set: index %zu out of range for a tuple of %zu", i, t->size);
    old = t->items[i];
    t->items[i] = item;
    XDECREF(old);
}

object_t *tuple_get(object_t *o, size_t i)
{
    struct tuple_object *t = as_tuple(o, "tuple_get");
    return i < t->size ? t->items[i] : NULL;
}

size_t tuple_len(object_t *o)
{
    return as_tuple(o, "tuple_len")->size;
}
