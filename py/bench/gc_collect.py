# gc_collect benchmark: building rings of objects and collecting them; `python3.11 py/bench/gc_collect.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_gc_collect.py's (keep the two the same); only the sizes and this main differ.
# gc.collect() counts every object of the cycles; a Node has __slots__, so it is exactly one object.
import sys
import time
import gc


class Node:
    __slots__ = ("next", "prev")

    def __init__(self):
        self.next = None
        self.prev = None


def make_rings(count, size):
    """count rings of size doubly linked Nodes, each ring unreachable once this returns."""
    for _ in range(count):
        first = node = Node()
        for _ in range(size - 1):
            nxt = Node()
            node.next, nxt.prev = nxt, node
            node = nxt
        node.next, first.prev = first, node


def make_list_cycles(count):
    for _ in range(count):
        a, b = [], []
        a.append(b)
        b.append(a)

DEFAULT_ITERATIONS = 5


def run():
    gc.disable()
    gc.collect()
    counts = []
    for count, size in ((10000, 2), (5000, 10), (500, 200)):
        make_rings(count, size)
        counts.append(gc.collect())
    make_list_cycles(50000)
    counts.append(gc.collect())
    gc.enable()
    return counts


def main():
    name = "gc_collect"
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()) or sys.argv[1:] == ["0"]:
        print("usage: %s.py [ITERATIONS] (a positive integer, default %d); got %r"
              % (name, DEFAULT_ITERATIONS, sys.argv[1:]), file=sys.stderr)
        sys.exit(2)
    iterations = int(sys.argv[1]) if len(sys.argv) == 2 else DEFAULT_ITERATIONS
    times = []
    check = None
    for _ in range(iterations):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        if check is not None and result != check:
            print("%s: iteration %d gave %r, the first gave %r" % (name, len(times), result, check),
                  file=sys.stderr)
            sys.exit(1)
        check = result
    times.sort()
    print("%s: objects collected per round: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
