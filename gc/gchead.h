/*
 * gc/gchead.h - the GC header in front of every container, the generation-list primitives, and
 * the allocation/tracking/trashcan interface for the types in gc/ (not for users of objects).
 *
 * Layout (CPython's PyGC_Head, Include/internal/pycore_gc.h):
 *
 *     [ next | prev ][ refcnt | type | ...object... ]
 *       gc_head        object_t *  <- what everyone else holds
 *
 * next  the next header in the object's generation list; 0 when the object is untracked. During
 *       move_unreachable the low bit GC_NEXT_UNREACHABLE marks members of the unreachable list.
 * prev  the previous header, with two flags in the low bits (headers are 16-byte aligned, so the
 *       bits are free): GC_PREV_FINALIZED (PEP 442 finalizer has run) and GC_PREV_COLLECTING (in
 *       the set the running collection examines). From update_refs until move_unreachable has
 *       passed an object, prev holds that object's gc_refs << GC_REFS_SHIFT instead of a pointer:
 *       the lists are singly linked for that window and nothing may unlink from them (no user code
 *       runs then). This is how the collector finds cycles with no extra memory.
 * List heads are bare gc_heads whose prev never carries flags.
 */
#ifndef GC_GCHEAD_H
#define GC_GCHEAD_H

#include "gc/object.h"

struct interp;

struct gc_head {
    uintptr_t next;
    uintptr_t prev;
};

#define GC_PREV_FINALIZED   ((uintptr_t)1) /* PEP 442: finalizer already called */
#define GC_PREV_COLLECTING  ((uintptr_t)2) /* member of the set being collected */
#define GC_REFS_SHIFT       2              /* gc_refs live above the two flags */
#define GC_PREV_PTR_MASK    (~(uintptr_t)0 << GC_REFS_SHIFT)
#define GC_NEXT_UNREACHABLE ((uintptr_t)1) /* in move_unreachable's unreachable list */

static inline struct gc_head *as_gc(const object_t *o)
{
    return (struct gc_head *)o - 1;
}

static inline object_t *from_gc(struct gc_head *g)
{
    return (object_t *)(g + 1);
}

static inline struct gc_head *gc_next(const struct gc_head *g)
{
    return (struct gc_head *)g->next;
}

static inline struct gc_head *gc_prev(const struct gc_head *g)
{
    return (struct gc_head *)(g->prev & GC_PREV_PTR_MASK);
}

/* Replace the prev pointer, keeping the flag bits. */
static inline void gc_set_prev(struct gc_head *g, struct gc_head *p)
{
    g->prev = (g->prev & ~GC_PREV_PTR_MASK) | (uintptr_t)p;
}

static inline bool gc_head_is_tracked(const struct gc_head *g)
{
    return g->next != 0;
}

static inline bool gc_is_collecting_head(const struct gc_head *g)
{
    return (g->prev & GC_PREV_COLLECTING) != 0;
}

/* ---- lists (a head plus members, circular, doubly linked) --------------------------------------- */

#define GC_LIST_HEAD_INIT(h) { (uintptr_t)&(h), (uintptr_t)&(h) }

static inline void gc_list_init(struct gc_head *list)
{
    list->next = list->prev = (uintptr_t)list;
}

static inline bool gc_list_is_empty(const struct gc_head *list)
{
    return list->next == (uintptr_t)list;
}

static inline void gc_list_append(struct gc_head *node, struct gc_head *list)
{
    struct gc_head *last = (struct gc_head *)list->prev;
    last->next = (uintptr_t)node;
    gc_set_prev(node, last);
    node->next = (uintptr_t)list;
    list->prev = (uintptr_t)node;
}

static inline void gc_list_remove(struct gc_head *node)
{
    struct gc_head *prev = gc_prev(node), *next = gc_next(node);
    prev->next = (uintptr_t)next;
    gc_set_prev(next, prev);
    node->next = 0;
}

static inline void gc_list_move(struct gc_head *node, struct gc_head *list)
{
    struct gc_head *prev = gc_prev(node), *next = gc_next(node);
    prev->next = (uintptr_t)next;
    gc_set_prev(next, prev);
    gc_list_append(node, list);
}

/* Append every member of from to to, leaving from empty. O(1). */
static inline void gc_list_merge(struct gc_head *from, struct gc_head *to)
{
    if (!gc_list_is_empty(from)) {
        struct gc_head *to_tail = (struct gc_head *)to->prev;
        struct gc_head *from_head = gc_next(from), *from_tail = (struct gc_head *)from->prev;
        to_tail->next = (uintptr_t)from_head;
        gc_set_prev(from_head, to_tail);
        to->prev = (uintptr_t)from_tail;
        from_tail->next = (uintptr_t)to;
    }
    gc_list_init(from);
}

static inline long gc_list_size(const struct gc_head *list)
{
    long n = 0;
    for (const struct gc_head *g = gc_next(list); g != list; g = gc_next(g))
        n++;
    return n;
}

/* ---- for type implementations ------------------------------------------------------------------ */

/*
 * Allocate a container of `size` bytes (header included, GC header excluded) with refcount 1,
 * untracked (PyObject_GC_New). Counts towards generation 0 and may run an automatic collection
 * first, exactly where CPython's _PyObject_GC_Link does. NULL for lack of memory.
 */
object_t *gc_alloc(const struct type *type, size_t size);
/* Free a container's memory (PyObject_GC_Del); it must be untracked. size as given to gc_alloc. */
void gc_free(object_t *o, size_t size);
/* Atomic (non-container) objects: the same without a GC header or counting. */
object_t *object_alloc(const struct type *type, size_t size);
void object_free(object_t *o, size_t size);
/* Account auxiliary memory (item arrays, tables) of a live object to its type in the census. */
void census_adjust_bytes(const struct type *type, long delta_bytes);

/* Start tracking (into the current interpreter's generation 0) / stop tracking a container. */
void gc_track(object_t *o);
void gc_untrack(object_t *o);

static inline bool gc_tracked(const object_t *o)
{
    return gc_head_is_tracked(as_gc(o));
}

/*
 * _PyObject_GC_MAY_BE_TRACKED: could o ever be part of a cycle? Containers can, except tuples the
 * collector has untracked (they only ever held atomic objects).
 */
static inline bool gc_may_be_tracked(const object_t *o)
{
    if (!object_is_gc(o))
        return false;
    if (o->type->kind == TYPE_KIND_TUPLE)
        return gc_tracked(o);
    return true;
}

/*
 * The trashcan (CPython's Py_TRASHCAN_BEGIN/END, Include/cpython/object.h): a container dealloc
 * that would nest deeper than GC_TRASHCAN_DEPTH parks the object on the interpreter's
 * trash_later list instead of freeing it now; the outermost dealloc frees the parked objects after
 * it unwinds. Dropping a 1,000,000-deep nested list thus uses a bounded amount of stack. The
 * object must be untracked already (the chain reuses its prev word).
 *
 *     gc_untrack(op);
 *     TRASHCAN_BEGIN(op)
 *         ... drop references, free ...
 *     TRASHCAN_END
 */
#define GC_TRASHCAN_DEPTH 50

bool trashcan_begin(object_t *op); /* true: op was parked; skip the body */
void trashcan_end(void);

#define TRASHCAN_BEGIN(op) if (!trashcan_begin((object_t *)(op))) {
#define TRASHCAN_END trashcan_end(); }

#endif /* GC_GCHEAD_H */
