/*
 * gc/list.c - lists: a growable array of references (Objects/listobject.c).
 *
 * Lists are tracked from creation. A list of at most LIST_INLINE_ITEMS items keeps them inside the
 * object (gc/types.h), so it is a single allocation; beyond that the item array grows by CPython's
 * over-allocation rule (size + size/8 + 6, rounded to 4) so appends are amortised O(1). Whenever a
 * reference is dropped while the list is being changed, the list is first put into a consistent
 * state, because that decref can run arbitrary code (a finalizer, a weakref callback) that looks
 * at the list. Freed lists go to the interpreter's free list (gc/interp.h).
 */
#include "gc/types.h"
#include "mm/malloc.h"

static inline struct list_object *as_list(object_t *l, const char *who)
{
    const struct type *t = l->type;
    while (t && t != &list_type) /* a subclass of list defined in Python */
        t = t->base;
    if (!t)
        platform_panic("%s: object %p is a %s, not a list", who, (void *)l, type_name(l));
    return (struct list_object *)l;
}

/* Bytes of the separate item array (the census counts them; the inline items are part of the
 * object). */
static inline long list_array_bytes(const struct list_object *l)
{
    return list_items_inline(l) ? 0 : (long)(l->allocated * sizeof(object_t *));
}

/* Make l the empty list with its inline storage. */
static inline void list_reset(struct list_object *l)
{
    l->u.inline_items[0] = NULL;
    l->size = 0;
    l->allocated = LIST_INLINE_ITEMS;
}

/* Detach the items, then drop them (last first, as CPython's _list_clear). Inline items are
 * copied out first: a decref may run code that appends to this very list. */
static void list_drop_items(struct list_object *l)
{
    object_t *inline_copy[LIST_INLINE_ITEMS];
    object_t **items = list_items(l);
    size_t n = l->size;

    if (list_items_inline(l)) {
        for (size_t i = 0; i < n; i++)
            inline_copy[i] = items[i];
        items = inline_copy;
    } else {
        census_adjust_bytes(&list_type, -list_array_bytes(l));
    }
    list_reset(l);
    while (n-- > 0)
        XDECREF(items[n]);
    if (items != inline_copy)
        kfree(items);
}

static void list_dealloc(object_t *o)
{
    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    list_drop_items((struct list_object *)o);
    if (o->type == &list_type)
        gc_free_cached(GC_FREELIST_LIST, o, sizeof(struct list_object));
    else
        gc_free(o, o->type->basic_size); /* a subclass's instance: its own size */
    TRASHCAN_END
}

static int list_traverse(object_t *o, visitproc visit, void *arg)
{
    struct list_object *l = (struct list_object *)o;
    object_t **items = list_items(l);
    for (size_t i = l->size; i-- > 0;) {
        if (items[i]) {
            int r = visit(items[i], arg);
            if (r)
                return r;
        }
    }
    return 0;
}

static int list_tp_clear(object_t *o)
{
    list_drop_items((struct list_object *)o);
    return 0;
}

struct type list_type = {
    .name = "list",
    .basic_size = sizeof(struct list_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_LIST,
    .dealloc = list_dealloc,
    .traverse = list_traverse,
    .clear = list_tp_clear,
};

object_t *list_new(void)
{
    struct list_object *l =
        (struct list_object *)gc_alloc_cached(GC_FREELIST_LIST, &list_type, sizeof *l);
    if (!l)
        return NULL;
    list_reset(l);
    gc_track(&l->ob);
    return &l->ob;
}

/* Make room for one more item (out of line, so the append's fast path needs no stack frame);
 * -1 without memory or at LIST_MAX_ITEMS. */
static __attribute__((noinline)) int list_grow(struct list_object *l)
{
    size_t want = (size_t)l->size + 1;
    size_t allocated = (want + (want >> 3) + 6) & ~(size_t)3;
    object_t **items;

    if (allocated > LIST_MAX_ITEMS)
        allocated = LIST_MAX_ITEMS;
    if (want > allocated)
        return -1; /* a list holds at most LIST_MAX_ITEMS items */
    /* Leaving the inline slot: a new array; else grow the array. */
    if (list_items_inline(l)) {
        items = kmalloc(allocated * sizeof(object_t *));
        if (items)
            memcpy(items, l->u.inline_items, l->size * sizeof(object_t *));
    } else {
        items = krealloc(l->u.array, allocated * sizeof(object_t *));
    }
    if (!items)
        return -1;
    census_adjust_bytes(&list_type, (long)(allocated * sizeof(object_t *)) - list_array_bytes(l));
    l->u.array = items;
    l->allocated = (uint32_t)allocated;
    return 0;
}

int list_append(object_t *o, object_t *item)
{
    struct list_object *l = as_list(o, "list_append");

    if (__builtin_expect(l->size == l->allocated, 0) && list_grow(l) < 0) {
        /* Out of memory for the larger array: a full collection may free cycles. It may also
         * run finalizers that change this list, so its room is looked at again. */
        if (!gc_collect_for_memory() || (l->size == l->allocated && list_grow(l) < 0))
            return -1;
    }
    incref(item);
    list_items(l)[l->size++] = item;
    return 0;
}

object_t *list_get(object_t *o, size_t i)
{
    struct list_object *l = as_list(o, "list_get");
    return i < l->size ? list_items(l)[i] : NULL;
}

int list_set(object_t *o, size_t i, object_t *item)
{
    struct list_object *l = as_list(o, "list_set");
    object_t *old;

    if (i >= l->size)
        return -1;
    incref(item);
    old = list_items(l)[i];
    list_items(l)[i] = item;
    XDECREF(old);
    return 0;
}

size_t list_len(object_t *o)
{
    return as_list(o, "list_len")->size;
}

void list_clear(object_t *o)
{
    list_drop_items(as_list(o, "list_clear"));
}
