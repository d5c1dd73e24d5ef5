# min/max with iterables, several arguments, key and default; sum with start; abs of ints and floats.
print(min(3, 1, 2), max([4, 9, 2]), min("hello"), max("a", "b"), max([1.5, 2, -3]))
print(min([], default="empty"), max((), default=0), min(["aaa", "b", "cc"], key=len), max({1: "a", 2: "b"}))
print(max([(1, "b"), (1, "a")]), min([3, 1, 1.0, True]), max(2, 2.0))
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
print(sum([1, 2, 3]), sum([]), sum(range(101)), sum([0.1] * 10), sum([[1], [2]], []), sum((1, 2), 10))
print(abs(-3), abs(3), abs(-2.5), abs(0), abs(-(2 ** 80)), abs(True))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print("TypeError:", e)
