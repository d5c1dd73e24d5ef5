"""tools/bench/gc_bench.py - CPython side of `make bench-gc`: the graph shapes of gc/bench.h,
built the same way in Python, timed with perf_counter_ns. Like gc/bench.c, each shape runs twice
and the second (warm) run is reported.

    python3 gc_bench.py SHAPE N      prints "SHAPE OBJECTS NANOSECONDS"
"""
import gc
import sys
import time

YOUNG = 700
SMALL_OLD = 1000


def list_of_lists(n):
    return [[] for _ in range(n)]


class Node:
    pass


def timed_collect(generation=2):
    t0 = time.perf_counter_ns()
    gc.collect(generation)
    return time.perf_counter_ns() - t0


def gen0_beside(old_n):
    old = list_of_lists(old_n)
    gc.collect()
    young = list_of_lists(YOUNG - 1)  # 700 young objects with the holder
    ns = timed_collect(0)
    del young, old
    return YOUNG, ns


def run(shape, n):
    gc.disable()
    gc.collect()
    if shape == "full_live":
        holder = list_of_lists(n - 1)
        gc.collect()
        ns = timed_collect()
        del holder
        return n, ns
    if shape == "cycles_garbage":
        for _ in range(n // 2):
            a = []
            b = [a]
            a.append(b)
        del a, b
        return n, timed_collect()
    if shape == "gen0_old_1k":
        return gen0_beside(SMALL_OLD)
    if shape == "gen0_old_n":
        return gen0_beside(n)
    if shape == "dll_garbage":
        prev = Node()
        for _ in range(n - 1):
            node = Node()
            node.prev = prev
            prev.next = node
            prev = node
        del prev, node
        return n, timed_collect()
    if shape in ("build_gc_on", "build_gc_off", "build_gc_young"):
        thresholds = gc.get_threshold()
        if shape == "build_gc_young":  # no full collection: threshold 2 out of reach
            gc.set_threshold(thresholds[0], thresholds[1], 2**31 - 1)  # a C int
        if shape != "build_gc_off":
            gc.enable()
        t0 = time.perf_counter_ns()
        holder = list_of_lists(n)
        ns = time.perf_counter_ns() - t0
        gc.disable()
        gc.set_threshold(*thresholds)
        del holder
        return n, ns
    raise SystemExit("gc_bench.py: unknown shape " + shape)


if __name__ == "__main__":
    shape, n = sys.argv[1], int(sys.argv[2])
    run(shape, n)  # warm-up, as gc/bench.c does
    objects, ns = run(shape, n)
    print(shape, objects, ns)
