# Number methods: __add__, __radd__, __sub__, __mul__, __truediv__, __neg__, __abs__, __iadd__, and NotImplemented.
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, o):
        if not isinstance(o, Vec):
            return NotImplemented
        return Vec(self.x + o.x, self.y + o.y)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __radd__(self, o):
        if o == 0:
            return self
        return NotImplemented

    def __truediv__(self, k):
        return Vec(self.x / k, self.y / k)

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __iadd__(self, o):
        self.x += o.x
        self.y += o.y
        return self

    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)


a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a - b, a * 2, 3 * a, b / 2, -a, abs(b))
print(sum([a, b, Vec(10, 10)]))
c = a
c += b
print(c, a, c is a)
try:
    a + 1
except TypeError as e:
    print("TypeError:", e)
