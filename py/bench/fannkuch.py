# fannkuch benchmark: pancake flips over every permutation of 1..9; `python3.11 py/bench/fannkuch.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_fannkuch.py's (keep the two the same); only the sizes and this main differ.
# Our own version: permutations in Heap's order (iterative), the maximum flip count and a signed checksum.
import sys
import time


def flips(perm):
    """How many prefix reversals until the first element is 0."""
    p = perm[:]
    count = 0
    first = p[0]
    while first:
        p[:first + 1] = p[first::-1]
        count += 1
        first = p[0]
    return count


def fannkuch(n):
    perm = list(range(n))
    stack = [0] * n
    max_flips = 0
    checksum = 0
    index = 0
    i = 1

    def visit(p, idx):
        nonlocal max_flips, checksum
        f = flips(p)
        if f > max_flips:
            max_flips = f
        checksum += f if idx % 2 == 0 else -f

    visit(perm, index)
    while i < n:
        if stack[i] < i:
            if i % 2 == 0:
                perm[0], perm[i] = perm[i], perm[0]
            else:
                j = stack[i]
                perm[j], perm[i] = perm[i], perm[j]
            index += 1
            visit(perm, index)
            stack[i] += 1
            i = 1
        else:
            stack[i] = 0
            i += 1
    return max_flips, checksum, index + 1

DEFAULT_ITERATIONS = 3


def run():
    return fannkuch(9)


def main():
    name = "fannkuch"
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
    print("%s: max flips, checksum, permutations: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
