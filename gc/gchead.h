/*
 * gc/gchead.h - the GC header in front of every container, the generation-list primitives, and
 * the allocation/tracking/trashcan interface for the types in gc/ (not for users of objects).
 *
 * Layout (CPython's PyGC_Head, Include/internal/pycore_gc.h):
 *
 *     [ next | prev ][ refcnt | type | ...object... ]
 *       gc_head        object_t *  <- what everyone else holds
 *
 * next  the next header in the object's generation list; 0 when the object is untracked.
 * prev  the previous header, with four bits of state below it (headers are 16-byte aligned, so
 *       the bits are free): GC_PREV_FINALIZED (PEP 442 finalizer has run), GC_PREV_COLLECTING (in
 *       the set the running collection examines, gc_refs valid), and two bits naming the
 *       generation list the object is on (0, 1, 2, or GC_GEN_PERMANENT) - CPython finds that out
 *       by walking the lists; keeping it in the header lets a collection decide whether a
 *       referenced object belongs to the collected set before visiting it, which folds CPython's
 *       update_refs pass into subtract_refs (see gc/collect.c). From that pass until
 *       move_unreachable has passed an object, prev holds its gc_refs << GC_REFS_SHIFT instead
 *       of a pointer: the lists are singly linked for that window and nothing may unlink from
 *       them (no user code runs then). This is how the collector finds cycles with no extra
 *       memory. From move_unreachable on, the generation bits of the collected set are free (the
 *       survivors get their new generation as they are scanned), and COLLECTING with generation
 *       bits GC_GEN_PERMANENT (a combination no other object has: the permanent generation is
 *       never collected) marks a member of the unreachable list: GC_PREV_UNREACHABLE.
 * List heads are bare gc_heads whose prev never carries flags.
 */
#ifndef GC_GCHEAD_H
#define GC_GCHEAD_H

#include "gc/object.h"

struct interp;

/* The free lists of containers (see struct gc_freelist in gc/interp.h): lists, dicts, and one
 * per tuple length 1..GC_TUPLE_FREELIST_SIZES (CPython keeps one per length up to 19). */
#define GC_TUPLE_FREELIST_SIZES 8
enum gc_freelist_id {
    GC_FREELIST_LIST,
    GC_FREELIST_DICT,
    GC_FREELIST_TUPLE, /* + length - 1 */
    GC_FREELIST_COUNT = GC_FREELIST_TUPLE + GC_TUPLE_FREELIST_SIZES
};

struct gc_head {
    uintptr_t next;
    uintptr_t prev;
} __attribute__((aligned(16))); /* list heads too: their address is stored in prev words */

/* The low four bits of prev (headers are 16-byte aligned). */
#define GC_PREV_FINALIZED   ((uintptr_t)1)  /* PEP 442: finalizer already called */
#define GC_PREV_COLLECTING  ((uintptr_t)2)  /* member of the set being collected, gc_refs valid */
#define GC_PREV_GEN_SHIFT   2
#define GC_PREV_GEN_MASK    ((uintptr_t)3 << GC_PREV_GEN_SHIFT) /* which generation list */
#define GC_GEN_PERMANENT    3               /* gc_freeze()'s list */
#define GC_PREV_FLAGS       ((uintptr_t)15)
#define GC_REFS_SHIFT       4               /* gc_refs live above the flags */
#define GC_PREV_PTR_MASK    (~GC_PREV_FLAGS)
/* In the unreachable list of the running collection (see above); test with gc_is_unreachable. */
#define GC_PREV_UNREACHABLE (GC_PREV_COLLECTING | GC_PREV_GEN_MASK) /* generation bits = 3 */

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

static inline unsigned gc_gen(const struct gc_head *g)
{
    return (unsigned)((g->prev & GC_PREV_GEN_MASK) >> GC_PREV_GEN_SHIFT);
}

static inline void gc_set_gen(struct gc_head *g, unsigned gen)
{
    g->prev = (g->prev & ~GC_PREV_GEN_MASK) | ((uintptr_t)gen << GC_PREV_GEN_SHIFT);
}

static inline bool gc_head_is_tracked(const struct gc_head *g)
{
    return g->next != 0;
}

static inline bool gc_is_collecting_head(const struct gc_head *g)
{
    return (g->prev & GC_PREV_COLLECTING) != 0;
}

static inline bool gc_is_unreachable(const struct gc_head *g)
{
    return (g->prev & GC_PREV_UNREACHABLE) == GC_PREV_UNREACHABLE;
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
/* The same through a free list (gc/interp.h): size must be the same for every object of that
 * list. */
object_t *gc_alloc_cached(enum gc_freelist_id list, const struct type *type, size_t size);
void gc_free_cached(enum gc_freelist_id list, object_t *o, size_t size);
/* Give every block on the interpreter's free lists back to the heap. */
void gc_freelists_clear(struct interp *in);
/* Atomic (non-container) objects: the same without a GC header or counting. */
object_t *object_alloc(const struct type *type, size_t size);
/*
 * Out of memory: run a full collection of the current interpreter so that unreachable cycles give
 * their memory back, whether or not automatic collection is enabled. Returns true if it ran (not
 * when a collection is already running), and the caller may then try its allocation once more.
 * The object allocators above do this themselves; item arrays and tables call it on failure and
 * restart their operation from the top, because the collection may run finalizers and weakref
 * callbacks that change the very container being grown.
 */
bool gc_collect_for_memory(void);
void object_free(object_t *o, size_t size);

/* Stop tracking a container (PyObject_GC_UnTrack; no-op if untracked). Tracking is gc_track in
 * gc/interp.h. Only FINALIZED survives: an untracked object is in no generation or collection. */
static inline void gc_untrack(object_t *o)
{
    struct gc_head *g = (struct gc_head *)o - 1;
    if (g->next == 0)
        return;
    gc_list_remove(g);
    g->prev &= GC_PREV_FINALIZED;
}

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

#endif /* GC_GCHEAD_H */
