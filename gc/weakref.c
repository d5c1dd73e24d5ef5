/*
 * gc/weakref.c - weak references with callbacks (Objects/weakrefobject.c).
 *
 * A weakref is a small tracked container; it holds no strong reference, so its traverse visits
 * nothing, but being tracked lets the collector tell whether the weakref itself is garbage (then
 * its callback must not run: Modules/gc_weakref.txt). Each weakrefable target keeps a doubly
 * linked list of the weakrefs to it, newest first.
 *
 * When a target dies by refcount, object_clear_weakrefs first clears every weakref to it, then
 * calls the callbacks, newest first, each with its weakref kept alive for the call. When the
 * target dies in a collection, gc/collect.c's handle_weakrefs clears them before any finalizer
 * runs and calls only the callbacks of weakrefs that are not garbage themselves.
 */
#include "gc/types.h"

void weakref_clear_ref(struct weakref_object *wr)
{
    object_t *target = wr->target;

    if (!target)
        return;
    if (wr->prev_ref)
        wr->prev_ref->next_ref = wr->next_ref;
    else
        *weaklist_of(target) = wr->next_ref;
    if (wr->next_ref)
        wr->next_ref->prev_ref = wr->prev_ref;
    wr->prev_ref = wr->next_ref = NULL;
    wr->target = NULL;
}

void object_clear_weakrefs(object_t *target)
{
    struct weakref_object **list = weaklist_of(target);
    struct weakref_object *pending = NULL, **pending_tail = &pending;

    /* Clear all first, so no callback can reach the dying target through another weakref. The
     * weakrefs with callbacks are chained through next_ref, which clearing freed up. */
    while (*list) {
        struct weakref_object *wr = *list;
        weakref_clear_ref(wr);
        if (wr->callback) {
            incref(&wr->ob);
            *pending_tail = wr;
            pending_tail = &wr->next_ref;
        }
    }
    while (pending) {
        struct weakref_object *wr = pending;
        pending = wr->next_ref;
        wr->next_ref = NULL;
        if (wr->callback) /* an earlier callback may have cleared it (weakref_tp_clear) */
            wr->callback(&wr->ob, wr->arg);
        decref(&wr->ob);
    }
}

static void weakref_dealloc(object_t *o)
{
    struct weakref_object *wr = (struct weakref_object *)o;
    gc_untrack(o);
    weakref_clear_ref(wr);
    CLEAR_REF(wr->callback_obj);
    gc_free(o, sizeof(struct weakref_object));
}

/* The target is weak; a Python callback object is the one strong reference. */
static int weakref_traverse(object_t *o, visitproc visit, void *arg)
{
    struct weakref_object *wr = (struct weakref_object *)o;
    return wr->callback_obj ? visit(wr->callback_obj, arg) : 0;
}

static int weakref_tp_clear(object_t *o)
{
    struct weakref_object *wr = (struct weakref_object *)o;
    weakref_clear_ref(wr);
    wr->callback = NULL;
    CLEAR_REF(wr->callback_obj);
    return 0;
}

struct type weakref_type = {
    .name = "weakref",
    .basic_size = sizeof(struct weakref_object),
    .flags = TYPE_FLAG_GC,
    .kind = TYPE_KIND_WEAKREF,
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_tp_clear,
};

object_t *weakref_new(object_t *target, void (*callback)(object_t *ref, void *arg), void *arg)
{
    struct weakref_object *wr, **list;

    if (!(target->type->flags & TYPE_FLAG_WEAKREFABLE))
        return NULL;
    wr = (struct weakref_object *)gc_alloc(&weakref_type, sizeof *wr);
    if (!wr)
        return NULL;
    /* The allocation may have run a collection, but target is referenced by our caller. */
    list = weaklist_of(target);
    wr->target = target;
    wr->callback = callback;
    wr->arg = arg;
    wr->callback_obj = NULL;
    wr->prev_ref = NULL;
    wr->next_ref = *list;
    if (*list)
        (*list)->prev_ref = wr;
    *list = wr;
    gc_track(&wr->ob);
    return &wr->ob;
}

object_t *weakref_get(object_t *ref)
{
    if (ref->type != &weakref_type)
        platform_panic("weakref_get: object %p is a %s, not a weakref", (void *)ref,
                       type_name(ref));
    return ((struct weakref_object *)ref)->target;
}
