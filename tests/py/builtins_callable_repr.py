# callable() of functions, classes, methods and instances; repr() and str() of built-in values and containers.
class WithCall:
    def __call__(self):
        return 1


print(callable(len), callable(print), callable(WithCall), callable(WithCall()), callable(object()), callable("s"))
print(callable(lambda: 0), callable([].append), callable(None))
for v in [1, -2.5, "s", b"b", None, True, [1, "a"], (1,), {"k": [2]}, {3}, frozenset({1}), range(3), slice(1, 2), ..., NotImplemented]:
    print(repr(v), str(v))
print(repr(len), repr(int), repr(object), repr(ValueError), repr(ValueError("x")))
