# Order of weakref callbacks and __del__: at refcount zero __del__ runs first, then the callbacks (newest
# weakref first); in a collected cycle the callbacks of weakrefs to the garbage run before the finalizers.
import gc
import weakref

gc.disable()
gc.collect()


class Obj:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  __del__", self.name)


def callback(label):
    return lambda ref: print("  callback", label, ref() is None)


print("refcount:")
o = Obj("o")
r1 = weakref.ref(o, callback("first"))
r2 = weakref.ref(o, callback("second"))
del o
print("cycle:")
p = Obj("p")
p.me = p
r3 = weakref.ref(p, callback("cycle"))
del p
print("  collected", gc.collect())
print("weakref kept without callback:")
q = Obj("q")
plain = weakref.ref(q)
del q
print("  dead:", plain() is None)
gc.enable()
