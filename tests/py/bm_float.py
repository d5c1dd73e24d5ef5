# float-like: many small objects holding floats, normalized and folded with max, the shape of pyperformance's float.
# Our own version; sin and cos come from the C library, so results are printed to 9 decimals only.
from math import sin, cos, sqrt


class Point:
    __slots__ = ("x", "y", "z")

    def __init__(self, i):
        self.x = x = sin(i)
        self.y = cos(i) * 3
        self.z = (x * x) / 2

    def normalize(self):
        norm = sqrt(self.x * self.x + self.y * self.y + self.z * self.z)
        self.x /= norm
        self.y /= norm
        self.z /= norm

    def maximize(self, other):
        self.x = max(self.x, other.x)
        self.y = max(self.y, other.y)
        self.z = max(self.z, other.z)
        return self

    def __repr__(self):
        return "Point(%.9f, %.9f, %.9f)" % (self.x, self.y, self.z)


def benchmark(n):
    points = [Point(i) for i in range(n)]
    for p in points:
        p.normalize()
    best = points[0]
    for p in points[1:]:
        best = best.maximize(p)
    return best


for n in (1, 10, 1000, 5000):
    print(n, benchmark(n))
