# Cooperative super() in a diamond: every class's method runs exactly once, in MRO order.
class Root:
    def hello(self):
        print("Root")


class Left(Root):
    def hello(self):
        print("Left")
        super().hello()


class Right(Root):
    def hello(self):
        print("Right")
        super().hello()


class Bottom(Left, Right):
    def hello(self):
        print("Bottom")
        super().hello()


Bottom().hello()
print([c.__name__ for c in Bottom.__mro__])


class Base:
    def __init__(self, **kw):
        print("Base sees", sorted(kw))


class WithA(Base):
    def __init__(self, a=None, **kw):
        print("WithA a =", a)
        super().__init__(**kw)


class WithB(Base):
    def __init__(self, b=None, **kw):
        print("WithB b =", b)
        super().__init__(**kw)


class Both(WithA, WithB):
    pass


Both(a=1, b=2)
