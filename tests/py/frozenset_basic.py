# frozenset: immutable and hashable, usable as dict keys and set members, operators return frozensets.
f = frozenset([1, 2, 3])
g = frozenset(range(2, 6))
print(f, f | g, f & g, f - g, type(f | g).__name__, type({1} | f).__name__)
print(f == {1, 2, 3}, hash(f) == hash(frozenset([3, 2, 1])))
nested = {f: "first", frozenset(): "empty"}
print(nested[frozenset([3, 1, 2])], nested[frozenset()])
print({frozenset([1]), frozenset([1])}, frozenset())
try:
    f.add(4)
except AttributeError as e:
    print("AttributeError:", e)
