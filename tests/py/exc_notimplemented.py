# NotImplementedError for abstract methods, and the NotImplemented constant of binary operators.
class Shape:
    def area(self):
        raise NotImplementedError("subclasses must define area")


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side ** 2


print(Square(3).area())
try:
    Shape().area()
except NotImplementedError as e:
    print("NotImplementedError:", e)
print(NotImplemented, type(NotImplemented).__name__)
print((5).__add__("x"), (5).__add__(2))
print(issubclass(NotImplementedError, RuntimeError))
