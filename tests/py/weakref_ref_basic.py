# weakref.ref: calling it gives the object while alive and None after; weakrefs do not keep objects alive.
import weakref


class Target:
    def __init__(self, name):
        self.name = name


t = Target("t")
r = weakref.ref(t)
print(r() is t, r().name, type(r).__name__)
del t
print(r() is None, r())
try:
    weakref.ref(1)
except TypeError as e:
    print("TypeError:", e)
try:
    weakref.ref([])
except TypeError as e:
    print("TypeError:", e)
a = Target("a")
ra, rb = weakref.ref(a), weakref.ref(a)
print(ra == rb, ra() is rb())
