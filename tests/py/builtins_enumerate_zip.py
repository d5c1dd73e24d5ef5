# enumerate (with start) and zip (shortest, strict, unzip with *): laziness and the tuples they make.
print(list(enumerate("abc")), list(enumerate(["x", "y"], start=10)))
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1])), list(zip(*[(1, "a"), (2, "b")])))
e = enumerate(range(3))
print(type(e).__name__, next(e), list(e))
z = zip(range(3), range(3, 6), range(6, 9))
print(type(z).__name__, list(z))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as err:
    print("ValueError:", err)
print(dict(zip("abc", range(3))), [i * v for i, v in enumerate([5, 5, 5])])
