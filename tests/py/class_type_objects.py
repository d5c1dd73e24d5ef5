# Type objects: type(), __name__, __bases__, __mro__, type() with three arguments, and type of type.
class A:
    x = 1


B = type("B", (A,), {"y": 2, "hello": lambda self: "hello from B"})
b = B()
print(type(b).__name__, b.x, b.y, b.hello())
print(B.__bases__[0] is A, [c.__name__ for c in B.__mro__])
print(type(A) is type, type(type) is type, type(object) is type)
print(type(1).__name__, type("").__name__, type(None).__name__, type(len).__name__)
print(isinstance(A, type), isinstance(b, A), issubclass(B, object))
print(object.__bases__, type.__bases__[0] is object)
print(int.__name__, type(int.__mro__).__name__, [c.__name__ for c in bool.__mro__])
