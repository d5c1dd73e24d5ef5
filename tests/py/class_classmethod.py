# @classmethod: cls is the class it was called on (subclasses too), used as alternative constructors.
class Shape:
    sides = 0

    def __init__(self, name):
        self.name = name

    @classmethod
    def named(cls, name):
        return cls(name.upper())

    @classmethod
    def describe(cls):
        return "%s has %d sides" % (cls.__name__, cls.sides)


class Triangle(Shape):
    sides = 3


t = Triangle.named("tri")
print(type(t).__name__, t.name)
print(Shape.describe(), Triangle.describe(), t.describe())
print(type(Shape.__dict__["named"]).__name__, type(Shape.named).__name__)
