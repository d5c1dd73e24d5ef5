/*
 * gc/gc.h - control of the cycle collector, mirroring Python's `gc` module (CPython 3.11).
 *
 * Every function acts on the current interpreter (interp_current(), gc/interp.h) and assumes its
 * caller holds that interpreter's GIL. Lists returned are new references unless noted.
 */
#ifndef GC_GC_H
#define GC_GC_H

#include "gc/object.h"

#define GC_NUM_GENERATIONS 3

/* gc_set_debug flags (the gc module's values). */
#define GC_DEBUG_STATS         1  /* one line per collection (see gc_print_collection) */
#define GC_DEBUG_COLLECTABLE   2  /* name each collectable object found */
#define GC_DEBUG_UNCOLLECTABLE 4  /* name each uncollectable object found */
#define GC_DEBUG_SAVEALL       32 /* append garbage to gc_garbage() instead of freeing it */
#define GC_DEBUG_LINE_MAX      192 /* longest debug line, newline included (longer: cut) */

/* Collect generation 0, 1 or 2 (and all younger ones). Returns the unreachable objects found
 * (collected + uncollectable); -1 for an invalid generation; 0 if a collection is running.
 * Nothing is ever uncollectable here: only legacy tp_del finalizers make garbage uncollectable
 * in CPython 3.11, and this object model has PEP 442 finalizers only, so the uncollectable
 * figures are always 0 (kept for the gc module's shape). */
long gc_collect(int generation);
void gc_enable(void);
void gc_disable(void);
bool gc_isenabled(void);
void gc_get_count(long count[3]);
void gc_set_threshold(long t0, long t1, long t2);
void gc_get_threshold(long t[3]);
bool gc_is_tracked(object_t *o);
bool gc_is_finalized(object_t *o);
/* New list of the tracked objects in `generation` (0..2), or in all of them for -1; NULL for an
 * invalid generation or lack of memory. */
object_t *gc_get_objects(int generation);
object_t *gc_get_referrers(object_t *o);
object_t *gc_get_referents(object_t *o);

struct gc_stats {
    long collections, collected, uncollectable;
};
void gc_get_stats(struct gc_stats out[3]);

void gc_freeze(void);
void gc_unfreeze(void);
long gc_get_freeze_count(void);
void gc_set_debug(unsigned flags);
unsigned gc_get_debug(void);
/* Where the GC_DEBUG_* lines of the current interpreter go. CPython writes them to sys.stderr,
 * which a program (or test_gc, with captured_stderr) may redirect; here `sink` gets each whole
 * line, newline included, with `arg`. NULL, the default, sends them to platform_log. */
typedef void (*gc_debug_sink_fn)(const char *line, void *arg);
void gc_set_debug_sink(gc_debug_sink_fn sink, void *arg);
/* The borrowed list of uncollectable (or, with GC_DEBUG_SAVEALL, all) garbage, like gc.garbage.
 * Created on first use; NULL only if that creation ran out of memory. */
object_t *gc_garbage(void);

typedef void (*gc_callback_fn)(const char *phase, int generation, long collected,
                               long uncollectable, void *arg);
/* gc.callbacks: called with phase "start" before and "stop" after every collection, in the order
 * added. add: 0, or -1 when GC_MAX_CALLBACKS are registered. remove: 0, or -1 if not found. */
int gc_callback_add(gc_callback_fn cb, void *arg);
int gc_callback_remove(gc_callback_fn cb, void *arg);

/* ---- what the console shows --------------------------------------------------------------------- */

/* The figures of one collection, as printed by GC_DEBUG_STATS. */
struct gc_collection_info {
    int generation;
    long examined[GC_NUM_GENERATIONS]; /* objects in each generation when it started */
    long unreachable;                  /* found unreachable by move_unreachable */
    long finalized;                    /* PEP 442 finalizers called */
    long resurrected;                  /* unreachable objects a finalizer made reachable again */
    long freed;                        /* objects deallocated by breaking the cycles */
    long collected, uncollectable;     /* what gc_collect returns the sum of */
    uint64_t pause_cycles;
    uint64_t pause_us;                 /* filled in by gc_last_collection */
};
/* The last collection of the current interpreter (all zero before the first). */
void gc_last_collection(struct gc_collection_info *out);
/* Print `info` as the one GC_DEBUG_STATS line:
 * "gc: gen 2 examined 700/0/12 unreachable 4 finalized 1 resurrected 1 freed 3 pause 12 us" */
void gc_print_collection(const struct gc_collection_info *info);
/* The same line (with its newline) into buf; returns what snprintf returns. */
int gc_format_collection(const struct gc_collection_info *info, char *buf, size_t len);

/* Live objects and bytes per type (census) of the current interpreter. */
struct gc_census_row {
    const char *type_name;
    long objects;
    long bytes; /* object blocks including GC headers, plus item arrays/tables/attributes */
};
/* Fill up to max rows (one per built-in kind, then "other"); returns the number filled. */
size_t gc_object_census(struct gc_census_row *rows, size_t max);
/* Print the census as a table via platform_log. */
void gc_print_census(void);

#endif /* GC_GC_H */
