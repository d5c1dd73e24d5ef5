# Generators with try/finally and with: a return in the middle, an exception thrown at a yield inside with, and close() during nested yields.
class Ctx:
    def __enter__(self):
        print("  enter")

    def __exit__(self, *exc):
        print("  exit", exc[0].__name__ if exc[0] else None)


def producer():
    with Ctx():
        try:
            yield 1
            yield 2
            return
        finally:
            print("  inner finally")
    yield "never"


print(list(producer()))
g = producer()
next(g)
try:
    g.throw(ValueError("thrown"))
except ValueError as e:
    print("thrown out again:", e)


def nested():
    try:
        yield from producer()
    finally:
        print("  outer finally")


n = nested()
print(next(n))
n.close()
print("closed nested")
