# isinstance and issubclass: with tuples of classes, subclasses, bool as int, and classes of classes.
class A: pass
class B(A): pass


print(isinstance(B(), A), isinstance(A(), B), isinstance(1, (str, int)), isinstance("s", (list, tuple)))
print(isinstance(True, int), isinstance(1, bool), isinstance(1.0, float), isinstance(None, object))
print(issubclass(B, A), issubclass(A, A), issubclass(bool, int), issubclass(int, (str, object)))
print(isinstance(A, type), issubclass(type, object), isinstance(object, type))
try:
    issubclass(B(), A)
except TypeError as e:
    print("TypeError:", e)
print(isinstance([], list), isinstance({}, dict), isinstance(range(1), range), isinstance(len, object))
