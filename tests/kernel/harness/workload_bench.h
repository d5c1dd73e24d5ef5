/*
 * tests/kernel/harness/workload_bench.h - the SMP/GIL benchmarks. Every function prints its
 * results with kprintf and needs the boot CPU's main thread (or any kernel thread) to call it.
 *
 * Benchmarks, registered with BENCH() (tests/kbench.h) as gil_countdown, gil_convoy, spinlock
 * and eval_breaker, so `make bench-kernel B=gil` or the `bench=` boot option runs them:
 *   bench_gil_countdown   Beazley's countdown: 1 thread; 2 and 4 threads on one GIL; 2 and 4
 *                         per-core interpreters. Wall time and speed-up.
 *   bench_gil_convoy      an I/O-bound thread beside a CPU-bound one: re-acquire latency
 *                         (median, p99) and the CPU-bound thread's throughput, with the I/O
 *                         shortcut and without it (CPython's behaviour).
 *   bench_spinlock        uncontended acquire+release, and the contended hand-off, in cycles.
 *   bench_eval_breaker    the cost of the eval-breaker check on a single thread.
 */
#ifndef KERNEL_WORKLOAD_BENCH_H
#define KERNEL_WORKLOAD_BENCH_H

#include <stdint.h>

void bench_gil_countdown(void);
void bench_gil_convoy(void);
void bench_spinlock(void);
void bench_eval_breaker(void);

#endif
