/*
 * gc/garbage.c - what a collection does with the unreachable objects it found (Modules/gcmodule.c
 * handle_weakrefs, finalize_garbage, delete_garbage): weakrefs first, then PEP 442 finalizers, then
 * clear to break the cycles - or, with GC_DEBUG_SAVEALL, into gc_garbage(). finalize_garbage and
 * delete_garbage run code (finalizers, deallocs) that may free or resurrect any object on the list
 * they walk, so they always take the list's first object and move it on; handle_weakrefs runs its
 * callbacks only after its walk, from a list of its own.
 *
 * Context: called by gc/collect.c with the interpreter's GIL held and in->collecting set.
 */
#include "gc/collect.h"

/* Returns the number of weakrefs with callbacks freed here (they count as collected). */
long handle_weakrefs(struct gc_head *unreachable, struct gc_head *old, unsigned old_gen)
{
    struct gc_head wrcb_to_call;
    long freed = 0;

    gc_list_init(&wrcb_to_call);
    for (struct gc_head *g = gc_next(unreachable); g != unreachable; g = gc_next(g)) {
        object_t *op = from_gc(g);
        struct weakref_object **list;

        /* A garbage weakref must be dead before clear runs anywhere: its callback could see
         * cleared objects or resurrect garbage (bpo-38006). */
        if (op->type == &weakref_type)
            weakref_clear_ref((struct weakref_object *)op);
        if (!(op->type->flags & TYPE_FLAG_WEAKREFABLE))
            continue;
        list = weaklist_of(op);
        while (*list) {
            struct weakref_object *wr = *list;
            weakref_clear_ref(wr);
            if (!wr->callback)
                continue;
            /* The weakref is garbage too: pretend it died first, no callback. */
            if (gc_is_collecting_head(as_gc(&wr->ob)))
                continue;
            incref(&wr->ob);
            gc_list_move(as_gc(&wr->ob), &wrcb_to_call);
        }
    }
    /* Safe now: no callback can reach garbage through a weakref, and a callback that is not
     * garbage cannot reference garbage. */
    while (!gc_list_is_empty(&wrcb_to_call)) {
        struct gc_head *g = gc_next(&wrcb_to_call);
        struct weakref_object *wr = (struct weakref_object *)from_gc(g);

        if (wr->callback)
            wr->callback(&wr->ob, wr->arg);
        decref(&wr->ob);
        if (gc_next(&wrcb_to_call) == g) {
            gc_list_move(g, old); /* still alive */
            gc_set_gen(g, old_gen);
        }
        else
            freed++;
    }
    return freed;
}

/* Returns the number of finalizers called. */
long finalize_garbage(struct gc_head *collectable)
{
    struct gc_head seen;
    long finalized = 0;

    /* A finalizer may free any object (or all) of the list: always take the first one. */
    gc_list_init(&seen);
    while (!gc_list_is_empty(collectable)) {
        struct gc_head *g = gc_next(collectable);
        object_t *op = from_gc(g);
        gc_list_move(g, &seen);
        if (!(g->prev & GC_PREV_FINALIZED) && op->type->finalize) {
            g->prev |= GC_PREV_FINALIZED;
            incref(op);
            op->type->finalize(op);
            decref(op);
            finalized++;
        }
    }
    gc_list_merge(&seen, collectable);
    return finalized;
}

static object_t *garbage_list(struct interp *in)
{
    if (!in->garbage)
        in->garbage = list_new();
    return in->garbage;
}

/* Break the cycles. Returns the number of objects that survived (moved to old). */
long delete_garbage(struct interp *in, struct gc_head *collectable, struct gc_head *old,
                           unsigned old_gen)
{
    long kept = 0;

    while (!gc_list_is_empty(collectable)) {
        struct gc_head *g = gc_next(collectable);
        object_t *op = from_gc(g);

        if (in->debug & GC_DEBUG_SAVEALL) {
            object_t *garbage = garbage_list(in);
            if (garbage)
                list_append(garbage, op);
        } else if (op->type->clear) {
            incref(op);
            op->type->clear(op);
            decref(op);
        }
        if (gc_next(collectable) == g) {
            /* Still alive (saved, or its cycle goes through objects cleared later). */
            gc_clear_collecting(g);
            gc_list_move(g, old);
            gc_set_gen(g, old_gen);
            kept++;
        }
    }
    return kept;
}
