# Multiple inheritance: the C3 method resolution order, diamond shapes, and the TypeError for an inconsistent order.
class O: pass
class A(O): pass
class B(O): pass
class C(O): pass
class D(O): pass
class E(O): pass
class K1(A, B, C): pass
class K2(D, B, E): pass
class K3(D, A): pass
class Z(K1, K2, K3): pass


def names(cls):
    return " ".join(c.__name__ for c in cls.__mro__)


for cls in (K1, K2, K3, Z):
    print(cls.__name__ + ":", names(cls))


class Left:
    def who(self):
        return "left"


class Right:
    def who(self):
        return "right"

    def only_right(self):
        return "only right"


class Both(Left, Right):
    pass


print(Both().who(), Both().only_right(), names(Both))
try:
    class Bad(A, K1):
        pass
except TypeError as e:
    print("TypeError:", e)
