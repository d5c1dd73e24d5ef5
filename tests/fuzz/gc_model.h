/*
 * tests/fuzz/gc_model.h - the model of tests/fuzz/fuzz_gc.c: what the fuzzer believes the object
 * graph is (every container it made, by tag, with its kind and out-edges; its roots; the objects
 * finalizers resurrected; its weakrefs), and the checks that hold the real graph to it
 * (tests/fuzz/gc_model.c). One run's state lives in `fz`.
 */
#ifndef TESTS_FUZZ_GC_MODEL_H
#define TESTS_FUZZ_GC_MODEL_H

#include "gc/interp.h"
#include "tests/fuzz/fuzz.h"

#define MAX_OBJS    96     /* containers a run may create */
#define NROOTS      8
#define NEDGES      6      /* out-edges per container (instances: more than the inline slots) */
#define NWEAK_SLOTS 6
#define MAX_WEAKREFS 32    /* weakrefs a run may create */
#define CHAIN_MAX   160    /* deepest list chain: past GC_TRASHCAN_DEPTH */

enum kind { K_INSTANCE, K_FINAL, K_LIST, K_DICT, K_TUPLE, K_CHAIN, K_KINDS };

struct model_object {
    object_t *ptr;               /* dereferenced only while the model says it is reachable */
    enum kind kind;
    int out[NEDGES];             /* tags of the objects it references, -1 none */
    int nitems;                  /* lists, tuples: items after the tag; chains: depth */
    bool lost;                   /* was unreachable at some point (may be dead) */
    bool resurrect;              /* K_FINAL: its finalizer keeps it alive */
    bool finalized;
    bool frozen;                 /* was tracked at the last gc_freeze (may have left since) */
};

struct model_weakref {
    object_t *ref;
    int target;
    bool callback, held;
    int calls;
};

struct gc_fuzz {
    struct interp *interp;
    class_t *plain, *final;
    object_t *none, *idkey, *keys[NEDGES];
    struct model_object obj[MAX_OBJS];
    int nobj;
    int root[NROOTS];
    int lazarus[MAX_OBJS];       /* objects finalizers resurrected: each holds a reference */
    int nlazarus;
    struct model_weakref weak[MAX_WEAKREFS];
    int nweak;
    int weak_slot[NWEAK_SLOTS];  /* index into weak, -1 empty */
    bool reach[MAX_OBJS];        /* from roots and lazarus */
    bool reach_roots[MAX_OBJS];  /* from roots only */
    int fired[MAX_WEAKREFS];     /* targets whose weakref callback ran during this operation */
    int nfired;
    int collecting;              /* generation between the callbacks' "start" and "stop", or -1 */
    long collections[GC_NUM_GENERATIONS];   /* seen by the callbacks */
    struct fuzz_input input;
};

extern struct gc_fuzz fz;
extern const char *const attr_names[NEDGES];

static inline object_t *ptr_of(int tag)
{
    return tag < 0 ? NULL : fz.obj[tag].ptr;
}

/* Recompute reach and reach_roots from the roots (and resurrected objects); whatever is not
 * reachable any more is marked lost. */
void compute_reachable(void);
/* The n-th reachable object (n taken modulo their number), or -1 when none is. */
int pick_reachable(unsigned n);
/* The tag an instance carries in its "id" attribute (checked to be one of ours). */
int tag_of_instance(object_t *self);
/* After an operation: every reachable object intact, weakrefs, callbacks, counts and stats; the
 * exact refcount, census and gc_get_objects checks when a full collection just ran. */
void check_all(bool full_collection_done);
/* gc_get_referents of object t lists its children, gc_get_referrers of each lists it. */
void check_referents(int t);

#endif
