# super(): zero-argument super in methods and __init__, the explicit two-argument form, and super in classmethods.
class Base:
    def __init__(self, value):
        self.value = value
        print("Base.__init__", value)

    def show(self):
        return "Base(%s)" % self.value

    @classmethod
    def make(cls):
        return "made by " + cls.__name__


class Child(Base):
    def __init__(self, value, extra):
        super().__init__(value)
        self.extra = extra
        print("Child.__init__", extra)

    def show(self):
        return "Child[" + super().show() + ", " + str(self.extra) + "]"

    @classmethod
    def make(cls):
        return super().make() + " via Child"


c = Child(1, 2)
print(c.show())
print(super(Child, c).show())
print(Child.make())
