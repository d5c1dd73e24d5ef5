# generator.throw(): the exception appears at the paused yield; the generator may handle it and go on.
def resilient():
    while True:
        try:
            yield "waiting"
        except ValueError as e:
            print("caught inside:", e)
            yield "recovered"


g = resilient()
print(next(g))
print(g.throw(ValueError("bad value")))
print(next(g))


def fragile():
    yield 1
    yield 2


f = fragile()
next(f)
try:
    f.throw(KeyError("k"))
except KeyError as e:
    print("propagated:", repr(e))
print(list(f))
