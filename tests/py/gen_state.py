# Generator state: a generator cannot be re-entered while running, a finished one stays finished, locals persist.
def reenter():
    yield next(me)


me = reenter()
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
print([next(f) for _ in range(12)])
print(next(f))


def once():
    yield 1


o = once()
print(list(o), list(o))
try:
    next(o)
except StopIteration:
    print("still finished")
