# Closures: inner functions keep their enclosing variables alive in cells, each call gets its own cells.
def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count
    return step


a = make_counter(0)
b = make_counter(100)
print(a(), a(), a(5))
print(b(), b())
print(a.__closure__[0].cell_contents, b.__closure__[0].cell_contents)
print(a.__code__.co_freevars)


def make_adders():
    return [lambda x, n=n: x + n for n in range(3)]


print([f(10) for f in make_adders()])


def late():
    return [lambda: i for i in range(3)]


print([f() for f in late()])   # the same cell: all see the last value
