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

#define GC_THRESHOLD0 700 /* count0 above which an allocation triggers a collection */
#define GC_THRESHOLD1 10  /* generation-0 collections before generation 1 is collected */
#define GC_THRESHOLD2 10  /* generation-1 collections before generation 2 is considered */
#define GC_MAX_CALLBACKS 16

struct gc_generation {
    struct gc_head head;
    long threshold;
    long count; /* gen 0: allocations - deallocations; gen g>0: collections of gen g-1 */
};

struct gc_callback_entry {
    gc_callback_fn fn;
    void *arg;
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
    long long_lived_total;             /* objects in gen 2 after the last full collection */
    long long_lived_pending;           /* objects moved into gen 2 since then (bpo-4074) */
    object_t *garbage;                 /* gc.garbage, created on first use */
    struct gc_callback_entry callbacks[GC_MAX_CALLBACKS];
    int ncallbacks;
    int trash_nesting;                 /* trashcan: container deallocs on the stack */
    struct gc_head *trash_later;       /* trashcan: parked objects, chained through prev */
    struct gc_census_entry census[TYPE_KIND_COUNT];
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

/* The interpreter current on this CPU slot (the main one unless interp_set_current said else). */
struct interp *interp_current(void);
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

/* Collector entry points used by object allocation (gc/collect.c). */
long gc_collect_generations(struct interp *in);
long gc_collect_main_locked(struct interp *in, int generation);

#endif /* GC_INTERP_H */
