# A generator's return value travels in StopIteration.value; return without a value gives None.
def gives(n):
    yield n
    return n * 10


g = gives(4)
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("value", e.value, e.args)


def plain():
    yield 1
    return


p = plain()
next(p)
try:
    next(p)
except StopIteration as e:
    print("value", e.value, e.args)
