# generators benchmark: walking a 100000-node tree with recursive generators; `python3.11 py/bench/generators.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_generators.py's (keep the two the same); only the sizes and this main differ.
# Our own version, with a generator pipeline over the walk and generators dropped half way.
import sys
import time


class Tree:
    def __init__(self, left, value, right):
        self.left, self.value, self.right = left, value, right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def build(values):
    if not values:
        return None
    mid = len(values) // 2
    return Tree(build(values[:mid]), values[mid], build(values[mid + 1:]))


def depth_first(node, depth=0):
    if node is None:
        return
    yield from depth_first(node.left, depth + 1)
    yield depth, node.value
    yield from depth_first(node.right, depth + 1)


def evens(source):
    for v in source:
        if v % 2 == 0:
            yield v

DEFAULT_ITERATIONS = 5


def run():
    tree = build(range(100000))
    total = 0
    for _ in range(3):
        for v in tree:
            total += v
    return total, sum(evens(tree))


def main():
    name = "generators"
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
    print("%s: sum of three walks, sum of evens: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
