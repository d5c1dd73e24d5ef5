/*
 * gc/collect.h - the phases of a collection, shared between gc/collect.c (finding the garbage)
 * and gc/garbage.c (weakrefs, finalizers and clearing). Internal to the collector.
 */
#ifndef GC_COLLECT_H
#define GC_COLLECT_H

#include "gc/traverse.h"

/* Clear weakrefs to the garbage and run the callbacks that may run; returns the weakrefs freed
 * by that (they count as collected). Weakrefs kept alive move to old (generation old_gen). */
long handle_weakrefs(struct gc_head *unreachable, struct gc_head *old, unsigned old_gen);
/* Call each not-yet-run PEP 442 finalizer once; returns the number called. */
long finalize_garbage(struct gc_head *collectable);
/* Break the cycles with clear (or save them, GC_DEBUG_SAVEALL); returns how many survived into
 * old (generation old_gen). */
long delete_garbage(struct interp *in, struct gc_head *collectable, struct gc_head *old,
                    unsigned old_gen);

#endif /* GC_COLLECT_H */
