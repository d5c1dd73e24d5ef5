# Generator expressions: lazy evaluation, consumed once, passed straight to sum/max/any, and their type name.
log = []


def noisy(n):
    log.append(n)
    return n


g = (noisy(i) * 2 for i in range(5))
print(type(g).__name__, log)
print(next(g), log)
print(list(g), log)
print(list(g))
print(sum(x * x for x in range(10)))
print(max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in [1, 2, 5]), all(x > 0 for x in [1, -1]))
print(list((i, j) for i in range(2) for j in "ab"))
