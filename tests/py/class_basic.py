# Classes: __init__, instance attributes, methods, instances are independent, and type() of instances.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def describe(self):
        return "Point(%d, %d)" % (self.x, self.y)


p = Point(1, 2)
q = p.moved(3, 4)
print(p.describe(), q.describe())
p.x = 10
print(p.describe(), q.describe())
print(type(p).__name__, type(p) is Point, isinstance(q, Point))
print(sorted(p.__dict__.items()))
print(Point.__name__, Point.__qualname__)
p.label = "new attribute"
print(p.label, hasattr(q, "label"))
