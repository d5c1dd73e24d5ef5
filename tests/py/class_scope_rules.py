# Class bodies: names defined there are not visible inside methods, comprehensions in a class body, __class__ and super() in nested code.
x = "module x"


class Scoped:
    x = "class x"
    doubled = x * 2                   # the class body sees its own names

    def method(self):
        return x                      # a method does not: this is the module's x

    def via_self(self):
        return self.x

    def uses_class_cell(self):
        return __class__.__name__


print(Scoped.doubled, Scoped().method(), Scoped().via_self(), Scoped().uses_class_cell())


class Base:
    def greet(self):
        return "base"


class Child(Base):
    def greet(self):
        def inner():
            return super(Child, self).greet() + " via inner"
        return inner() + " / " + super().greet()


print(Child().greet())


class Counter:
    count = 0

    def __init__(self):
        type(self).count += 1


class SubCounter(Counter):
    pass


Counter(), SubCounter(), SubCounter()
print(Counter.count, SubCounter.count)


def make_class(tag):
    class Made:
        label = tag

        def show(self):
            return "Made(%s)" % self.label
    return Made


print(make_class("a")().show(), make_class("b").label, make_class("c").__qualname__)
