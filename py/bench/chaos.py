# chaos benchmark: the chaos game drawing a fern; `python3.11 py/bench/chaos.py [ITERATIONS]`.
# Prints one check line on stdout and the timing (median of a plain time.perf_counter loop) on stderr.
# The workload's code is tests/py/bm_chaos.py's (keep the two the same); only the sizes and this main differ.
# Our own version: seeded random (CPython's Mersenne Twister) picks the maps, so every Python draws the same picture.
import sys
import time
import random


class Affine:
    """x' = a*x + b*y + e, y' = c*x + d*y + f, picked with the given weight."""

    def __init__(self, a, b, c, d, e, f, weight):
        self.a, self.b, self.c, self.d, self.e, self.f = a, b, c, d, e, f
        self.weight = weight

    def apply(self, point):
        x, y = point
        return (self.a * x + self.b * y + self.e, self.c * x + self.d * y + self.f)


FERN = [
    Affine(0.0, 0.0, 0.0, 0.16, 0.0, 0.0, 0.01),
    Affine(0.85, 0.04, -0.04, 0.85, 0.0, 1.6, 0.85),
    Affine(0.2, -0.26, 0.23, 0.22, 0.0, 1.6, 0.07),
    Affine(-0.15, 0.28, 0.26, 0.24, 0.0, 0.44, 0.07),
]
TRIANGLE = [Affine(0.5, 0.0, 0.0, 0.5, ex, ey, 1 / 3) for ex, ey in ((0.0, 0.0), (0.5, 0.0), (0.25, 0.5))]


def pick(maps, r):
    for m in maps:
        if r < m.weight:
            return m
        r -= m.weight
    return maps[-1]


def chaos_game(maps, steps, width, height, box, seed):
    rng = random.Random(seed)
    xmin, xmax, ymin, ymax = box
    grid = [[0] * width for _ in range(height)]
    point = (0.0, 0.0)
    for step in range(steps):
        point = pick(maps, rng.random()).apply(point)
        if step < 20:
            continue                       # let the point settle on the attractor first
        col = int((point[0] - xmin) / (xmax - xmin) * (width - 1))
        row = int((point[1] - ymin) / (ymax - ymin) * (height - 1))
        if 0 <= col < width and 0 <= row < height:
            grid[row][col] += 1
    return grid


def show(grid):
    for row in reversed(grid):
        print("".join(" .:*#"[min(4, v)] for v in row))

DEFAULT_ITERATIONS = 5


def run():
    grid = chaos_game(FERN, 200000, 64, 48, (-2.2, 2.7, 0.0, 10.0), 1234)
    return sum(map(sum, grid)), sum(1 for row in grid for v in row if v)


def main():
    name = "chaos"
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
    print("%s: points drawn, pixels set: %r" % (name, check))
    print("%s: %d iterations, median %.6f s, min %.6f s, max %.6f s"
          % (name, iterations, times[len(times) // 2], times[0], times[-1]), file=sys.stderr)


main()
