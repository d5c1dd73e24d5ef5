# Call forms: methods on literals, chained calls, calls with mixed *args and **kwargs, calling classes and bound methods stored in variables.
def f(a, b=0, *rest, c=1, **kw):
    return (a, b, rest, c, sorted(kw.items()))


print(f(1), f(1, 2, 3, 4, c=5, d=6), f(*[1, 2], *[3], c=4, **{"e": 5}, **{"g": 7}))
print("a-b-c".split("-")[1].upper().center(5, "*"))
print([1, 2, 3].index(2), (1, 2).count(1), {"k": 1}.get("k"))
append = [].append
append(1)
method = "hello".replace
print(method("l", "L"), method("o", "0", 1))


class Adder:
    def __init__(self, n):
        self.n = n

    def __call__(self, x):
        return x + self.n


print(Adder(3)(4), list(map(Adder(10), range(3))))
args = (1, 2)
kwargs = {"c": 3}
print(f(*args, **kwargs))
print((lambda *a: a)(*range(3), *"xy"))
print(max(*range(5), key=lambda v: -v), min(range(5), key=lambda v: (v - 2) ** 2))
