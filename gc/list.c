/*
 * gc/list.c - lists: a growable array of references (Objects/listobject.c).
 *
 * Lists are tracked from creation. The item array grows by CPython's over-allocation rule
 * (size + size/8 + 6, rounded to 4) so appends are amortised O(1). Whenever a reference is
 * dropped while the list is being changed, the list is first put into a consistent state, because
 * that decref can run arbitrary code (a finalizer, a weakref callback) that looks at the list.
 */
#include "gc/types.h"
#include "mm/malloc.h"

static inline struct list_object *as_list(object_t *l, const char *who)
{
    if (l->type != &list_type)
        platform_panic("%s: object %p is a %s, not a list", who, (void *)l, type_name(l));
    return (struct list_object *)l;
}

/* Detach the items, then drop them (last first, as CPython's _list_clear). */
static void list_drop_items(struct list_object *l)
{
    object_t **items = l->items;
    size_t n = l->size;

    if (!items)
        return;
    census_adjust_bytes(&list_type, -(long)(l->allocated * sizeof(object_t *)));
    l->items = NULL;
    l->size = 0;
    l->allocated = 0;
    while (n-- > 0)
        XDECREF(items[n]);
    kfree(items);
}

static void list_dealloc(object_t *o)
{
    gc_untrack(o);
    TRASHCAN_BEGIN(o)
    list_drop_items((struct list_object *)o);
    gc_free(o, sizeof(struct list_object));
    TRASHCAN_END
}

static int list_traverse(object_t *o, visitproc visit, void *arg)
{
    struct list_object *l = (struct list_object *)o;
    for (size_t i = l->size; i-- > 0;) {
        if (l->items[i]) {
            int r = visit(l->items[i], arg);
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

const struct type list_type = {
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
    struct list_object *l = (struct list_object *)gc_alloc(&list_type, sizeof *l);
    if (!l)
        return NULL;
    l->size = 0;
    l->allocated = 0;
    l->items = NULL;
    gc_track(&l->ob);
    return &l->ob;
}

int list_append(object_t *o, object_t *item)
{
    struct list_object *l = as_list(o, "list_append");

    if (l->size == l->allocated) {
        size_t want = (size_t)l->size + 1;
        size_t allocated = (want + (want >> 3) + 6) & ~(size_t)3;
        if (allocated > LIST_MAX_ITEMS)
            allocated = LIST_MAX_ITEMS;
        if (want > allocated)
            return -1; /* a list holds at most LIST_MAX_ITEMS items */
        object_t **items = krealloc(l->items, allocated * sizeof(object_t *));
        if (!items)
            return -1;
        census_adjust_bytes(&list_type, (long)((allocated - l->allocated) * sizeof(object_t *)));
        l->items = items;
        l->allocated = (uint32_t)allocated;
    }
    incref(item);
    l->items[l->size++] = item;
    return 0;
}

object_t *list_get(object_t *o, size_t i)
{
    struct list_object *l = as_list(o, "list_get");
    return i < l->size ? l->items[i] : NULL;
}

int list_set(object_t *o, size_t i, object_t *item)
{
    struct list_object *l = as_list(o, "list_set");
    object_t *old;

    if (i >= l->size)
        return -1;
    incref(item);
    old = l->items[i];
    l->items[i] = item;
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
