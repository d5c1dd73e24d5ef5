/*
 * gc/interp.h - the interpreter: all of the collector's state in one structure.
 *
 * Everything the collector keeps (generations, counts, thresholds, stats, the garbage list,
 * callbacks, the permanent generation of gc_freeze, the trashcan's parked objects, the census)
 * lives in a struct interp, never in file-scope variables, so the SMP work can give each CPU its
 * own interpreter (CPython 3.11's per-interpreter GCState, pycore_gc.h / pycore_interp.h).
 *
 * Which interpreter is current is per CPU slot (platform_cpu_id(): a CPU in the kernel, a thread
 * slot hosted). Every slot starts on the main interpreter, which is statically initialised: no
 * init call is needed, and a program's main thread may use objects at once.
 *
 * Locking: the GIL is not implemented here. Every object operation, every gc_* call and every
 * automatic collection (triggered inside allocations) assumes the caller holds the GIL of the
 * current interpreter; the `gil` hook below is where the SMP work keeps that lock. Nothing in gc/
 * takes or releases it, and nothing here is atomic.
 */
#ifndef GC_INTERP_H
#define GC_INTERP_H

#include "gc/gc.h"
#include "gc/gchead.h"
#include "mm/malloc.h"

#define GC_THRESHOLD0 700 /* count0 above which an allocation triggers a collection */
#define GC_THRESHOLD1 10  /* generation-0 collections before generation 1 is collected */
#define GC_THRESHOLD2 10  /* generation-1 collections before generation 2 is considered */
#define GC_MAX_CALLBACKS 16
/* Freed objects kept per free list and interpreter for reuse: CPython 3.11's PyList_MAXFREELIST
 * and PyDict_MAXFREELIST (80). CPython keeps up to 2000 tuples per length; the same 80 here
 * bounds what an interpreter holds to ~70 KiB. Emptied by every full collection. */
#define GC_FREELIST_MAX 80

struct gc_generation {
    struct gc_head head;
    long threshold;
    long count; /* gen 0: allocations - deallocations; gen g>0: collections of gen g-1 */
};

struct gc_callback_entry {
    gc_callback_fn fn;
    void *arg;
};

/*
 * Free lists of containers (Objects/listobject.c, dictobject.c, tupleobject.c free_list): a freed
 * object's block goes here instead of back to the heap, and the next allocation of that type
 * takes it back, skipping kfree/kmalloc - the common case of a short-lived container. Blocks
 * are chained through the prev word of their GC header. A freed object leaves the census and the
 * generation-0 count when it enters the list, exactly as if freed, so only the heap can tell.
 * A full collection empties the lists (CPython's clear_freelists), which keeps "heap in use after
 * gc_collect(2)" exact for the leak checks, and bounds what an idle interpreter holds.
 */
struct gc_freelist {
    struct gc_head *first;
    int count;
};

struct gc_census_entry {
    long objects;
    long bytes;
};

struct interp {
    struct gc_generation generations[GC_NUM_GENERATIONS];
    struct gc_head permanent;          /* gc_freeze()'s generation: never collected */
    struct gc_stats stats[GC_NUM_GENERATIONS];
    bool enabled;
    bool collecting;                   /* a collection is running: no nested ones */
    unsigned debug;                    /* GC_DEBUG_* */
    gc_debug_sink_fn debug_sink;       /* where the debug lines go; NULL: platform_log */
    void *debug_sink_arg;
    long long_lived_total;             /* objects in gen 2 after the last full collection */
    long long_lived_pending;           /* objects moved into gen 2 since then (bpo-4074) */
    object_t *garbage;                 /* gc.garbage, created on first use */
    struct gc_callback_entry callbacks[GC_MAX_CALLBACKS];
    int ncallbacks;
    int trash_nesting;                 /* trashcan: container deallocs on the stack */
    struct gc_head *trash_later;       /* trashcan: parked objects, chained through prev */
    struct gc_census_entry census[TYPE_KIND_COUNT];
    struct gc_freelist freelists[GC_FREELIST_COUNT];
    struct gc_collection_info last;    /* the last collection's figures */
    void *gil;                         /* hook for the SMP work's GIL; unused by gc/ */
};

/* Static initialiser for an interpreter named `self` (thresholds 700/10/10, enabled). */
#define INTERP_INIT(self)                                                                         \
    {                                                                                             \
        .generations = {                                                                          \
            {GC_LIST_HEAD_INIT((self).generations[0].head), GC_THRESHOLD0, 0},                    \
            {GC_LIST_HEAD_INIT((self).generations[1].head), GC_THRESHOLD1, 0},                    \
            {GC_LIST_HEAD_INIT((self).generations[2].head), GC_THRESHOLD2, 0},                    \
        },                                                                                        \
        .permanent = GC_LIST_HEAD_INIT((self).permanent), .enabled = true,                        \
    }

/* Internal, for interp_current's fast path (gc/interp.c). */
extern struct interp interp_main_instance;
extern bool interp_slots_in_use;
struct interp *interp_current_slow(void);

/*
 * The interpreter current on this CPU slot (the main one unless interp_set_current said else).
 * Until some slot has been given another interpreter this is the main one without asking which
 * CPU runs: the lookup costs a platform_cpu_id() call, and object allocation and deallocation ask
 * several times per object. Reading interp_slots_in_use stale is harmless: it only ever goes
 * from false to true, and a slot's entry is written by its own CPU before that CPU reads it.
 */
static inline struct interp *interp_current(void)
{
    if (__builtin_expect(!__atomic_load_n(&interp_slots_in_use, __ATOMIC_RELAXED), 1))
        return &interp_main_instance;
    return interp_current_slow();
}
/* The main interpreter (statically initialised). */
struct interp *interp_main(void);
/* Make `in` current on the calling CPU slot (NULL: the main interpreter again). */
void interp_set_current(struct interp *in);
/* A new interpreter with default settings; NULL for lack of memory. */
struct interp *interp_new(void);
/*
 * Free an interpreter made by interp_new: drops its garbage list, runs a full collection, and
 * frees it if no tracked objects remain (0); otherwise leaves it alive and returns -1. It must
 * not be current on any slot.
 */
int interp_free(struct interp *in);

/* ---- for type implementations: tracking, census, trashcan --------------------------------------- */

void gc_track_error(object_t *o, uintptr_t caller) __attribute__((noreturn));

/* Start tracking a container: append it to the current interpreter's generation 0. */
static inline void gc_track(object_t *o)
{
    struct gc_head *g = as_gc(o);
    if (__builtin_expect(gc_head_is_tracked(g), 0))
        gc_track_error(o, CALLER_ADDR());
    gc_list_append(g, &interp_current()->generations[0].head);
}

/* ---- for type implementations: allocation (the rest is in gc/object.c) -------------------------- */

/* The automatic collection an allocation triggers (out of line: rare). */
void gc_alloc_collect(struct interp *in);

static inline void census_add(struct interp *in, const struct type *type, long bytes)
{
    struct gc_census_entry *e = &in->census[type->kind];
    e->objects++;
    e->bytes += bytes;
}

/* Make g a new container of type (refcount 1, untracked), count it, and run an automatic
 * collection if this allocation crosses threshold 0 (CPython's _PyObject_GC_Link). */
static inline object_t *gc_new_object(struct interp *in, struct gc_head *g,
                                      const struct type *type, size_t size)
{
    struct gc_generation *gen0 = &in->generations[0];
    object_t *o;

    g->next = 0;
    g->prev = 0;
    o = from_gc(g);
    o->refcnt = 1;
    o->type = type;
    census_add(in, type, (long)(sizeof *g + size));

    gen0->count++;
    if (gen0->count > gen0->threshold && in->enabled && gen0->threshold && !in->collecting)
        gc_alloc_collect(in);
    return o;
}

/* Out of memory: run a full collection (unreachable cycles may hold the memory) and try kmalloc
 * once more; NULL if that fails too or a collection is already running. (gc/object.c) */
void *gc_alloc_after_failure(struct interp *in, size_t bytes);

/* kmalloc for objects: after a failure, a full collection and one more try. */
static inline void *gc_kmalloc(struct interp *in, size_t bytes)
{
    void *p = kmalloc(bytes);
    return __builtin_expect(p != NULL, 1) ? p : gc_alloc_after_failure(in, bytes);
}

/* gc_alloc through a free list (struct gc_freelist): size must be the same for every object of
 * that list. */
static inline object_t *gc_alloc_cached(enum gc_freelist_id list, const struct type *type,
                                        size_t size)
{
    struct interp *in = interp_current();
    struct gc_freelist *fl = &in->freelists[list];
    struct gc_head *g = fl->first;

    if (g) {
        fl->first = (struct gc_head *)g->prev;
        fl->count--;
    } else if (!(g = gc_kmalloc(in, sizeof *g + size))) {
        return NULL;
    }
    return gc_new_object(in, g, type, size);
}

static inline void census_sub(struct interp *in, const struct type *type, long bytes)
{
    struct gc_census_entry *e = &in->census[type->kind];
    e->objects--;
    e->bytes -= bytes;
}

void gc_free_tracked_error(object_t *o) __attribute__((noreturn));

/* Take a container out of the counts and the census (it is being freed). */
static inline void gc_forget_object(struct interp *in, object_t *o, size_t size)
{
    struct gc_head *g = as_gc(o);

    if (__builtin_expect(gc_head_is_tracked(g), 0))
        gc_free_tracked_error(o);
    if (in->generations[0].count > 0)
        in->generations[0].count--;
    census_sub(in, o->type, (long)(sizeof *g + size));
}

/* Free a container's memory (PyObject_GC_Del); it must be untracked. size as given to gc_alloc. */
static inline void gc_free(object_t *o, size_t size)
{
    gc_forget_object(interp_current(), o, size);
    kfree(as_gc(o));
}

/* The same through a free list (struct gc_freelist); size as for gc_alloc_cached. */
static inline void gc_free_cached(enum gc_freelist_id list, object_t *o, size_t size)
{
    struct interp *in = interp_current();
    struct gc_freelist *fl = &in->freelists[list];
    struct gc_head *g = as_gc(o);

    gc_forget_object(in, o, size);
    if (fl->count >= GC_FREELIST_MAX) {
        kfree(g);
        return;
    }
    g->prev = (uintptr_t)fl->first;
    fl->first = g;
    fl->count++;
}

/* Account auxiliary memory (item arrays, tables) of a live object to its type in the census. */
static inline void census_adjust_bytes(const struct type *type, long delta_bytes)
{
    interp_current()->census[type->kind].bytes += delta_bytes;
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

void trashcan_deposit(struct interp *in, object_t *op);
void trashcan_destroy_chain(struct interp *in);

/* true: op was parked, skip the dealloc body. */
static inline bool trashcan_begin(struct interp *in, object_t *op)
{
    if (__builtin_expect(in->trash_nesting < GC_TRASHCAN_DEPTH, 1)) {
        in->trash_nesting++;
        return false;
    }
    trashcan_deposit(in, op);
    return true;
}

static inline void trashcan_end(struct interp *in)
{
    if (--in->trash_nesting == 0 && in->trash_later)
        trashcan_destroy_chain(in);
}

#define TRASHCAN_BEGIN(op)                                                                        \
    {                                                                                             \
        struct interp *tc_interp_ = interp_current();                                             \
        if (!trashcan_begin(tc_interp_, (object_t *)(op))) {
#define TRASHCAN_END                                                                              \
        trashcan_end(tc_interp_);                                                                 \
        }                                                                                         \
    }

/* Collector entry points used by object allocation (gc/collect.c). */
long gc_collect_generations(struct interp *in);
long gc_collect_main_locked(struct interp *in, int generation);

#endif /* GC_INTERP_H */
