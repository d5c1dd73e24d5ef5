# demo: __del__ (finalizers): when they run, in what order, and how an object can come back to life.
import gc


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("   __del__", self.name)


gc.disable()
gc.collect()
print("1. Reference counting runs __del__ at the moment the last reference goes:")
n = Noisy("n")
print("   about to del n")
del n
print("   after del n")

print("2. Containers free their items: a list last to first, a dict first to last.")
lst = [Noisy("list[0]"), Noisy("list[1]"), Noisy("list[2]")]
del lst
d = {"x": Noisy("dict['x']"), "y": Noisy("dict['y']")}
del d

print("3. In a cycle, __del__ waits for the collector, which runs every finalizer before freeing any:")
a, b = Noisy("a"), Noisy("b")
a.partner, b.partner = b, a
del a, b
print("   nothing yet; gc.collect()...")
print("   gc.collect() found", gc.collect())

print("4. Resurrection: __del__ may store self somewhere; the object lives on, and __del__ never runs twice.")
saved = []


class Phoenix:
    def __del__(self):
        print("   Phoenix.__del__: saving myself")
        saved.append(self)


p = Phoenix()
del p
print("   saved:", len(saved), "object; gc.is_finalized:", gc.is_finalized(saved[0]))
saved.clear()
print("   dropped again: no second __del__ above")
gc.enable()
