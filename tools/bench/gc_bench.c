/*
 * tools/bench/gc_bench.c - hosted side of `make bench-gc`: measure one graph shape of gc/bench.h
 * with the hosted library (build/host/libkmem.a: our heap and collector, -O2, no sanitizers).
 *
 *   gc-bench SHAPE N      prints "SHAPE OBJECTS CYCLES TSC_HZ"
 *   gc-bench floor N      the same for gc_bench_floor: two bare walks over full_live's headers
 *
 * tools/bench/gc_bench.py builds the same shapes in CPython; tools/bench-gc runs both,
 * interleaved, and prints the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc/bench.h"

int main(int argc, char **argv)
{
    struct gc_bench_result r;
    int shape;

    if (argc != 3) {
        fprintf(stderr, "usage: %s SHAPE|floor N\n", argv[0]);
        return 2;
    }
    if (strcmp(argv[1], "floor") == 0) {
        if (gc_bench_floor(atol(argv[2]), &r) < 0) {
            fprintf(stderr, "gc-bench: floor: out of memory\n");
            return 1;
        }
        printf("%s %ld %llu %llu\n", r.name, r.objects, (unsigned long long)r.cycles,
               (unsigned long long)platform_tsc_hz());
        return 0;
    }
    for (shape = 0; shape < GC_BENCH_NSHAPES; shape++)
        if (strcmp(argv[1], gc_bench_name(shape)) == 0)
            break;
    if (shape == GC_BENCH_NSHAPES) {
        fprintf(stderr, "gc-bench: unknown shape %s\n", argv[1]);
        return 2;
    }
    if (gc_bench_run(shape, atol(argv[2]), &r) < 0) {
        fprintf(stderr, "gc-bench: %s: out of memory\n", argv[1]);
        return 1;
    }
    printf("%s %ld %llu %llu\n", r.name, r.objects, (unsigned long long)r.cycles,
           (unsigned long long)platform_tsc_hz());
    return 0;
}
