/*
 * tests/gc/bench_gc.c - the collector's in-kernel benchmark (boot option bench=gc): the graph
 * shapes of gc/bench.h at GC_KBENCH_N objects, as cycles per object and microseconds.
 */
#include "gc/bench.h"
#include "tests/kbench.h"

/* A tenth of the hosted size: TCG runs the kernel about 10x slower than native. */
#define GC_KBENCH_N 100000

BENCH(gc, "cycle collector: graph shapes of make bench-gc, cycles/object and us")
{
    uint64_t mhz = platform_tsc_hz() / 1000000;

    if (!mhz)
        mhz = 1;
    for (int s = 0; s < GC_BENCH_NSHAPES; s++) {
        struct gc_bench_result r;
        if (gc_bench_run(s, GC_KBENCH_N, &r) < 0) {
            kbench_row(gc_bench_name(s), 0, "-", "out of memory");
            continue;
        }
        /* No floating point in the kernel: cycles/object rounded to an integer. */
        kbench_row(r.name, r.objects ? (r.cycles + (uint64_t)r.objects / 2) / (uint64_t)r.objects : 0,
                   "cyc/obj", NULL);
        kbench_row(r.name, r.cycles / mhz, "us", NULL);
    }
}
