# unpack_sequence benchmark: unpacking tuples and lists into ten names; `python3.11 py/bench/unpack_sequence.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_unpack_sequence.py's (keep the two the same); only the sizes and this main differ.
import sys
import time

def unpack_tuples(loops):
    t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    total = 0
    for _ in range(loops):
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        total += a + j
    return total


def unpack_lists(loops):
    lst = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    total = 0
    for _ in range(loops):
        a, b, c, d, e, f, g, h, i, j = lst
        a, b, c, d, e, f, g, h, i, j = lst
        a, b, c, d, e, f, g, h, i, j = lst
        a, b, c, d, e, f, g, h, i, j = lst
        total += b * i
    return total


def unpack_star(loops):
    seq = list(range(10))
    total = 0
    for _ in range(loops):
        first, *middle, last = seq
        x, (y, z) = first, (last, len(middle))
        total += x + y + z
    return total


def swaps(loops):
    a, b, c = 1, 2, 3
    for _ in range(loops):
        a, b, c = c, a, b
    return a, b, c

DEFAULT_ITERATIONS = 5


def run():
    return unpack_tuples(200000), unpack_lists(200000), unpack_star(100000), swaps(100001)


def main():
    name = "unpack_sequence"
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
    print("%s: sums: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
