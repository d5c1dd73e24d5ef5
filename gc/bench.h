/*
 * gc/bench.h - the collector benchmark's graph shapes, portable so the same code measures the
 * kernel (tests/gc/bench_gc.c, boot option bench=gc) and the hosted library (tools/bench/gc_bench.c,
 * `make bench-gc`, side by side with CPython running tools/bench/gc_bench.py's identical shapes).
 */
#ifndef GC_BENCH_H
#define GC_BENCH_H

#include "gc/object.h"

enum gc_bench_shape {
    GC_BENCH_FULL_LIVE,     /* full collection, n live lists held by one list */
    GC_BENCH_CYCLES,        /* full collection, n lists in 2-element cycles, all garbage */
    GC_BENCH_GEN0_OLD_1K,   /* gen-0 collection of 700 young lists beside 1,000 old ones */
    GC_BENCH_GEN0_OLD_N,    /* the same beside n old ones */
    GC_BENCH_DLL,           /* full collection, n-node garbage doubly linked list of instances */
    GC_BENCH_BUILD_GC_ON,   /* build n lists held by one list, automatic collection on */
    GC_BENCH_BUILD_GC_OFF,  /* the same, automatic collection off */
    GC_BENCH_BUILD_GC_YOUNG, /* the same, automatic collection on but threshold 2 out of reach:
                               what the young collections (0 and 1) alone add to the build */
    GC_BENCH_NSHAPES
};

#define GC_BENCH_YOUNG 700
#define GC_BENCH_SMALL_OLD 1000

struct gc_bench_result {
    const char *name;    /* short name, as tools/bench/gc_bench.py prints it */
    long objects;        /* objects the figure is per (young objects for the gen-0 shapes) */
    uint64_t cycles;     /* TSC cycles of the measured part */
};

/* Short name of a shape. */
const char *gc_bench_name(enum gc_bench_shape shape);
/* Build the shape at size n (n is ignored by the 1k gen-0 shape), measure it, tear it down; all
 * of it twice, reporting the second (warm) run. Uses the current interpreter and restores its
 * enabled state. -1 for lack of memory. */
int gc_bench_run(enum gc_bench_shape shape, long n, struct gc_bench_result *out);
/*
 * The floor under the full_live shape for any collector that, like ours and CPython's, makes two
 * walks over the linked list of the collected objects: the same n headers (n lists held by one,
 * in the oldest generation) walked twice with nothing done but what the walks must (read next
 * and refcnt, write prev; then write prev back). What a collection costs above this is the
 * collector's own work; below it no two-walk collection can go. -1 for lack of memory.
 */
int gc_bench_floor(long n, struct gc_bench_result *out);
/* Run every shape at size n and print cycles/object and microseconds via platform_log. */
void gc_bench_report(long n);

#endif /* GC_BENCH_H */
