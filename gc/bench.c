/*
 * gc/bench.c - the collector benchmark's graph shapes (see gc/bench.h). Each run starts from a
 * collected heap, builds its shape with automatic collection off (except the build-with-GC shape),
 * times only the part named, and frees everything again.
 *
 * gc_bench_run runs the shape twice and reports the second run: the first warms the heap, so the
 * figure is the steady state of a process that has built such a graph before, not the first touch
 * of pages a hosted process has just mapped (each first touch is a page fault; in the kernel there
 * are none). tools/bench/gc_bench.py does the same on the CPython side. The second run finds its
 * pages mapped only because the hosted heap keeps empty segments for SEGMENT_DECAY_MS after they
 * empty (mm/heap.h); docs/gc.md shows what the first touch and the page faults cost.
 */
#include <limits.h>

#include "gc/bench.h"
#include "gc/gc.h"
#include "gc/interp.h"

static const char *const shape_names[GC_BENCH_NSHAPES] = {
    [GC_BENCH_FULL_LIVE] = "full_live",       [GC_BENCH_CYCLES] = "cycles_garbage",
    [GC_BENCH_GEN0_OLD_1K] = "gen0_old_1k",   [GC_BENCH_GEN0_OLD_N] = "gen0_old_n",
    [GC_BENCH_DLL] = "dll_garbage",           [GC_BENCH_BUILD_GC_ON] = "build_gc_on",
    [GC_BENCH_BUILD_GC_OFF] = "build_gc_off", [GC_BENCH_BUILD_GC_YOUNG] = "build_gc_young",
};

const char *gc_bench_name(enum gc_bench_shape shape)
{
    return shape < GC_BENCH_NSHAPES ? shape_names[shape] : "?";
}

/* A list holding n new empty lists; NULL without memory. */
static object_t *list_of_lists(long n)
{
    object_t *holder = list_new();
    for (long i = 0; holder && i < n; i++) {
        object_t *l = list_new();
        if (!l || list_append(holder, l) < 0) {
            XDECREF(l);
            decref(holder);
            return NULL;
        }
        decref(l);
    }
    return holder;
}

static int make_cycles(long n)
{
    for (long i = 0; i < n / 2; i++) {
        object_t *a = list_new(), *b = list_new();
        int err = !a || !b || list_append(a, b) < 0 || list_append(b, a) < 0;
        XDECREF(a);
        XDECREF(b);
        if (err)
            return -1;
    }
    return 0;
}

static int make_dll(long n)
{
    class_t *node = class_new("Node", NULL);
    object_t *prev = NULL;
    int err = 0;

    if (!node)
        return -1;
    for (long i = 0; i < n && !err; i++) {
        object_t *o = instance_new(node);
        if (!o) {
            err = -1;
            break;
        }
        if (prev) {
            err = instance_setattr(o, "prev", prev) < 0 || instance_setattr(prev, "next", o) < 0;
            decref(prev);
        }
        prev = o;
    }
    XDECREF(prev);
    decref(class_as_object(node));
    return err ? -1 : 0;
}

/* Cycles one collection of `generation` takes. */
static uint64_t timed_collection(int generation)
{
    uint64_t t0 = platform_cycles();
    gc_collect(generation);
    return platform_cycles() - t0;
}

static int gen0_beside(long old_n, struct gc_bench_result *out)
{
    object_t *old = list_of_lists(old_n), *young;

    if (!old)
        return -1;
    gc_collect(2);
    young = list_of_lists(GC_BENCH_YOUNG - 1); /* 700 young objects with the holder */
    if (!young) {
        decref(old);
        return -1;
    }
    out->cycles = timed_collection(0);
    out->objects = GC_BENCH_YOUNG;
    decref(young);
    decref(old);
    return 0;
}

static int run_once(enum gc_bench_shape shape, long n, struct gc_bench_result *out)
{
    bool was_enabled = gc_isenabled();
    object_t *holder = NULL;
    uint64_t t0;
    int err = 0;

    out->name = gc_bench_name(shape);
    out->objects = n;
    out->cycles = 0;
    gc_disable();
    gc_collect(2);
    switch (shape) {
    case GC_BENCH_FULL_LIVE:
        holder = list_of_lists(n - 1); /* n objects with the holder */
        if (!holder) {
            err = -1;
            break;
        }
        gc_collect(2); /* settle: everything in the oldest generation */
        out->cycles = timed_collection(2);
        break;
    case GC_BENCH_CYCLES:
        if (make_cycles(n) < 0) {
            err = -1;
            break;
        }
        out->cycles = timed_collection(2);
        break;
    case GC_BENCH_GEN0_OLD_1K:
        err = gen0_beside(GC_BENCH_SMALL_OLD, out);
        break;
    case GC_BENCH_GEN0_OLD_N:
        err = gen0_beside(n, out);
        break;
    case GC_BENCH_DLL:
        if (make_dll(n) < 0) {
            err = -1;
            break;
        }
        out->cycles = timed_collection(2);
        break;
    case GC_BENCH_BUILD_GC_ON:
    case GC_BENCH_BUILD_GC_OFF:
    case GC_BENCH_BUILD_GC_YOUNG: {
        long thresholds[3];
        gc_get_threshold(thresholds);
        if (shape == GC_BENCH_BUILD_GC_YOUNG)
            gc_set_threshold(thresholds[0], thresholds[1], LONG_MAX);
        if (shape != GC_BENCH_BUILD_GC_OFF)
            gc_enable();
        t0 = platform_cycles();
        holder = list_of_lists(n);
        out->cycles = platform_cycles() - t0;
        gc_disable();
        gc_set_threshold(thresholds[0], thresholds[1], thresholds[2]);
        if (!holder)
            err = -1;
        break;
    }
    default:
        err = -1;
    }
    XDECREF(holder);
    gc_collect(2);
    if (was_enabled)
        gc_enable();
    return err;
}

int gc_bench_run(enum gc_bench_shape shape, long n, struct gc_bench_result *out)
{
    if (run_once(shape, n, out) < 0) /* warm-up (see the top of this file) */
        return -1;
    return run_once(shape, n, out);
}

/*
 * The floor under a collection of the current design (see gc_bench_floor in gc/bench.h): two
 * bare passes over generation 2's list, each following the next links as the collector's walks
 * do; the first reads refcnt and writes a count into prev, the second puts prev back. No
 * traversal, no test: only the memory and the chain of dependent loads the two walks cannot
 * avoid. The headers end as they began.
 */
static uint64_t two_bare_walks(struct gc_head *list)
{
    uint64_t t0 = platform_cycles();
    struct gc_head *prev = list;

    for (struct gc_head *g = gc_next(list); g != list; g = gc_next(g))
        g->prev = (g->prev & GC_PREV_FLAGS) | ((uintptr_t)from_gc(g)->refcnt << GC_REFS_SHIFT);
    for (struct gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
        g->prev = (g->prev & GC_PREV_FLAGS) | (uintptr_t)prev;
        prev = g;
    }
    return platform_cycles() - t0;
}

static int floor_once(long n, struct gc_bench_result *out)
{
    bool was_enabled = gc_isenabled();
    object_t *holder;

    out->name = "floor";
    out->objects = n;
    gc_disable();
    gc_collect(2);
    holder = list_of_lists(n - 1); /* the full_live shape */
    if (holder) {
        gc_collect(2); /* everything in the oldest generation */
        out->cycles = two_bare_walks(&interp_current()->generations[GC_NUM_GENERATIONS - 1].head);
        decref(holder);
    }
    gc_collect(2);
    if (was_enabled)
        gc_enable();
    return holder ? 0 : -1;
}

int gc_bench_floor(long n, struct gc_bench_result *out)
{
    if (floor_once(n, out) < 0) /* warm-up, as gc_bench_run */
        return -1;
    return floor_once(n, out);
}

void gc_bench_report(long n)
{
    uint64_t mhz = platform_tsc_hz() / 1000000;

    if (!mhz)
        mhz = 1;
    platform_log("gc bench: %ld objects per shape, TSC %lu MHz\n", n, (unsigned long)mhz);
    for (int s = 0; s < GC_BENCH_NSHAPES; s++) {
        struct gc_bench_result r;
        if (gc_bench_run(s, n, &r) < 0) {
            platform_log("gc bench %-16s out of memory\n", gc_bench_name(s));
            continue;
        }
        /* Tenths of a cycle per object, in integers (no floating point in the kernel). */
        uint64_t tenths = r.objects ? r.cycles * 10 / (uint64_t)r.objects : 0;
        platform_log("gc bench %-16s %9ld objects %6lu.%lu cycles/object %9lu us\n", r.name,
                     r.objects, (unsigned long)(tenths / 10), (unsigned long)(tenths % 10),
                     (unsigned long)(r.cycles / mhz));
    }
}
