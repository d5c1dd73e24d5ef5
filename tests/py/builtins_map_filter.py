# map (one and several iterables) and filter (with a function and with None): lazy iterators.
print(list(map(abs, [-1, 2, -3])), list(map(pow, [2, 3], [3, 2])), list(map(lambda a, b: a + b, "ab", "cde")))
print(list(filter(lambda x: x % 2, range(10))), list(filter(None, [0, 1, "", "a", None, [], [0]])))
m = map(str.upper, ["a", "b"])
print(type(m).__name__, next(m), list(m), list(m))
calls = []
f = filter(lambda x: calls.append(x) or x > 1, [1, 2, 3])
print(calls, next(f), calls)
