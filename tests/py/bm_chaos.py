# chaos-like: the chaos game drawing a fractal from random affine maps onto a pixel grid, the shape of pyperformance's chaos.
# Our own version: seeded random (CPython's Mersenne Twister) picks the maps, so every Python draws the same picture.
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


fern = chaos_game(FERN, 6000, 32, 24, (-2.2, 2.7, 0.0, 10.0), 1234)
show(fern)
print(sum(map(sum, fern)), sum(1 for row in fern for v in row if v))
triangle = chaos_game(TRIANGLE, 4000, 40, 20, (0.0, 1.0, 0.0, 1.0), 5)
show(triangle)
print(sum(map(sum, triangle)), max(max(row) for row in triangle))
