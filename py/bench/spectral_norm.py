# spectral_norm benchmark: the spectral norm of a 150x150 matrix by the power method; `python3.11 py/bench/spectral_norm.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_spectral_norm.py's (keep the two the same); only the sizes and this main differ.
# Our own version: A[i][j] = 1 / ((i + j) * (i + j + 1) / 2 + i + 1); the result tends to 1.2742241...
import sys
import time
from math import sqrt


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(v):
    n = len(v)
    return [sum(a(i, j) * v[j] for j in range(n)) for i in range(n)]


def times_transposed(v):
    n = len(v)
    return [sum(a(j, i) * v[j] for j in range(n)) for i in range(n)]


def times_ata(v):
    return times_transposed(times(v))


def spectral_norm(n, rounds=10):
    u = [1.0] * n
    for _ in range(rounds):
        v = times_ata(u)
        u = times_ata(v)
    vbv = sum(ue * ve for ue, ve in zip(u, v))
    vv = sum(ve * ve for ve in v)
    return sqrt(vbv / vv)

DEFAULT_ITERATIONS = 5


def run():
    return "%.9f" % spectral_norm(150)


def main():
    name = "spectral_norm"
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
    print("%s: spectral norm: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
