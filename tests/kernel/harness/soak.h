/*
 * tests/kernel/harness/soak.h - the soak test: mixed workloads on every CPU for a given time, then
 * checks that nothing was lost.
 *
 * A soak run has two phases of half the time each: first every CPU's worker thread runs in one
 * interpreter under the shared GIL (CPython with threads), then every CPU gets an interpreter and
 * GIL of its own (PEP 684). Each worker draws its next operation from a per-CPU PRNG
 * (tests/kernel/harness/soak_ops.c): heap churn with random sizes, frees of blocks another CPU
 * allocated, object graphs with cycles, dicts, weakrefs with callbacks, instances with finalizers
 * (some of which resurrect their object), dropped references, explicit collections of generation
 * 0, 1 or 2 next to the automatic ones, and "I/O" sections that release the GIL and use the heap
 * meanwhile.
 *
 * The checks afterwards (tests/kernel/harness/soak.c), per interpreter and for the whole heap:
 *  - no panic (the run came back), no corrupted heap block, no failed allocation (the live set
 *    is bounded, so running out would mean a leak);
 *  - refcounts exact: the anchor objects every worker references and drops have their starting
 *    counts again;
 *  - finalizers and callbacks add up: every finalizable instance made was finalized exactly once,
 *    and every weakref callback due (its weakref outlived its target) ran exactly once;
 *  - memory back to the baseline: the interpreter's census and the heap's bytes in use equal
 *    what they were before the phase, after the final collections;
 *  - every CPU made progress in every phase.
 * Results are printed as KTAP-style "ok N soak.NAME" lines, a summary table, one verdict line
 * ("soak: PASS ..." or "soak: FAIL first-failed-check") and the closing "N passed, N failed".
 */
#ifndef KERNEL_SOAK_H
#define KERNEL_SOAK_H

#include <stdbool.h>
#include <stdint.h>
#include "gc/gc.h"
#include "kernel/sched/gil.h"
#include "kernel/sched/percpu.h"

#define SOAK_SECONDS_MAX  86400
#define SOAK_SLOTS        64        /* objects a worker keeps alive for a while */
#define SOAK_WEAKREFS     32        /* weakrefs a worker keeps (their targets are dropped) */
#define SOAK_BLOCKS       64        /* heap blocks a worker keeps */
#define SOAK_ANCHORS      8         /* objects with known counts, referenced by everything */
#define SOAK_BLOCK_BYTES_MAX (128u << 10)   /* the largest churn block, memory permitting */

enum soak_op {
    SOAK_OP_CHURN,          /* kmalloc a random size in place of an older block */
    SOAK_OP_REMOTE_FREE,    /* free what another CPU left in our mailbox; leave one for the next */
    SOAK_OP_CYCLE,          /* a ring of lists, dicts and instances; usually left to the gc */
    SOAK_OP_DICT,           /* set and delete keys of a kept dict */
    SOAK_OP_WEAKREF,        /* a weakref with a callback to an instance that is dropped */
    SOAK_OP_FINALIZER,      /* an instance with a finalizer, sometimes in a cycle */
    SOAK_OP_DROP,           /* drop a kept object */
    SOAK_OP_COLLECT,        /* gc_collect(0, 1 or 2) */
    SOAK_OP_IO,             /* release the GIL, use the heap, maybe sleep, take the GIL back */
    SOAK_OP_COUNT
};

/* One interpreter's state and results in a phase (the shared one, or one per CPU). */
struct soak_interp {
    struct interp *gc;
    struct gil *gil;
    object_t *anchors[SOAK_ANCHORS];
    intptr_t anchor_refs[SOAK_ANCHORS];     /* their counts before the workers started */
    object_t *resurrected;                  /* where resurrecting finalizers put their object */
    class_t *plain, *finalizable;
    long census_objects, census_bytes;      /* before the phase (after a full collection) */
    struct gc_stats stats_before[GC_NUM_GENERATIONS];
    uint64_t switches_before;
    /* results */
    bool setup_ok;
    intptr_t anchor_refs_after[SOAK_ANCHORS];
    long weakrefs_alive;                    /* after the final collection: must be 0 */
    long census_objects_after, census_bytes_after;
    int free_result;                        /* per-core: interp_free's answer (0: freed) */
    long collections[GC_NUM_GENERATIONS], collected;
    uint64_t gil_switches;
};

struct soak_worker {
    unsigned index, cpu;
    struct soak_interp *si;
    uint64_t rng;
    size_t block_bytes_max;                 /* churn sizes: up to this (scaled to memory) */
    const volatile bool *stop;
    struct thread *thread;
    /* under the interpreter's GIL (blocks and the counters: the worker's own) */
    object_t *slots[SOAK_SLOTS];
    object_t *weakrefs[SOAK_WEAKREFS];
    void *blocks[SOAK_BLOCKS];
    uint64_t ops[SOAK_OP_COUNT];
    uint64_t ops_total;                     /* read by the coordinator while the phase runs */
    uint64_t finalizers_due, finalized;     /* finalizable instances made; finalizer calls */
    uint64_t callbacks_due, callbacks;      /* weakrefs with a callback made; callbacks run */
    uint64_t weakrefs_dropped_early;        /* dropped while the target lived: no callback due */
    uint64_t resurrections;
    uint64_t corrupt_blocks;                /* a heap block whose guard words changed */
    uint64_t alloc_failures;
    bool per_core_ok;                       /* per-core phase: its interpreter's checks passed */
};

/*
 * Run the soak for `seconds` (1 to SOAK_SECONDS_MAX) on every online CPU and print the results.
 * `interrupted` (may be NULL) is polled while the phases run; when it returns true the run stops
 * early and is still checked. Call from a kernel thread holding no GIL, with no other workload
 * running. Returns true when every check passed.
 */
bool soak_run(uint64_t seconds, bool (*interrupted)(void));

/* ---- between soak.c and soak_ops.c ----------------------------------------------------------- */

/* A worker's operations until *stop, with w->si->gil held and w->si->gc current; then it frees
 * its heap blocks (its objects are dropped by the interpreter's final checks). */
void soak_worker_loop(struct soak_worker *w);
/* Set up an interpreter's anchors and classes (its GIL held, it current). false: no memory. */
bool soak_interp_setup(struct soak_interp *si);
/* Free every block left in the cross-CPU mailboxes (after the workers have stopped). */
void soak_drain_mailboxes(void);
/* Worker `index` of the running phase (finalizers find their owner through it). */
struct soak_worker *soak_worker_of(unsigned index);

#endif
