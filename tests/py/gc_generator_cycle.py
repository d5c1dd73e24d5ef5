# Generators and closures in cycles are collected: a suspended generator that refers to itself, a function whose cell holds it.
import gc
import weakref

gc.disable()
gc.collect()


class Marker:
    pass


def self_aware():
    me = yield "started"
    holder = Marker()
    holder.gen = me                  # the generator's frame now refers, through holder, to the generator
    yield "holding myself"


g = self_aware()
next(g)
g.send(g)
r = weakref.ref(g)
del g
print("generator alive before collect:", r() is not None)
# The collector first runs the finalizers of the garbage: a suspended generator's closes it, which
# clears its frame and so breaks the cycle; the generator and holder are then freed by reference
# counting, and gc.collect() counts only what it frees itself afterwards: CPython 3.11 returns 0.
found = gc.collect()
print("generator freed by collect:", r() is None, "| collect returned", found)


def make_recursive():
    def countdown(n):
        return n if n == 0 else countdown(n - 1)
    return countdown                 # countdown's closure cell refers to countdown itself


f = make_recursive()
print(f(5), f.__closure__[0].cell_contents is f)
fr = weakref.ref(f)
del f
print("function alive before collect:", fr() is not None)
print("function, its cell and its closure tuple:", gc.collect())
print("function freed:", fr() is None)
gc.enable()
