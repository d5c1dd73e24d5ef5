# gc_traversal benchmark: 20 collections beside a large reachable structure; `python3.11 py/bench/gc_traversal.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_gc_traversal.py's (keep the two the same); only the sizes and this main differ.
# Nothing is garbage, so every collection returns 0; the collector still has to traverse all of it.
import sys
import time
import gc


def nested_lists(levels):
    """Level n is a list of n references to level n-1: many references, few objects."""
    current = []
    for n in range(levels):
        current = [current] * n
    return current


def count_distinct(root):
    seen = set()
    stack = [root]
    references = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        references += len(node)
        stack.extend(node)
    return len(seen), references

DEFAULT_ITERATIONS = 5
COLLECTIONS_PER_ITERATION = 20

# Built once: the timed part is only the collections that have to traverse it.
structure = nested_lists(1000)
shape = count_distinct(structure)


def run():
    gc.disable()
    found = [gc.collect() for _ in range(COLLECTIONS_PER_ITERATION)]
    gc.enable()
    return shape, found


def main():
    name = "gc_traversal"
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
    print("%s: lists and references, what each collection found: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
