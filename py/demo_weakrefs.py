# demo: weak references: refer to an object without keeping it alive, and hear when it dies.
import gc
import weakref


class Image:
    def __init__(self, name):
        self.name = name


print("1. A weakref does not count: the object dies when its last strong reference goes.")
img = Image("photo")
ref = weakref.ref(img)
print("   ref() is img:", ref() is img)
del img
print("   after del img, ref() is", ref())

print("2. A callback runs when the object dies, with the (now dead) weakref.")


def gone(dead_ref):
    print("   callback: the object is gone; dead_ref() is", dead_ref())


img = Image("thumbnail")
ref = weakref.ref(img, gone)
print("   deleting img...")
del img

print("3. weakref.finalize: run a cleanup function when an object dies.")
img = Image("big")
weakref.finalize(img, print, "   finalize: releasing the buffers of", img.name)
del img

print("4. A cache that does not keep its values alive: WeakValueDictionary.")
cache = weakref.WeakValueDictionary()
a, b = Image("a"), Image("b")
cache["a"], cache["b"] = a, b
print("   cache keys:", sorted(cache.keys()))
del a
print("   after del a:", sorted(cache.keys()))

print("5. In a garbage cycle, the collector clears weakrefs (and runs their callbacks) first.")
gc.disable()
c = Image("cyclic")
c.me = c
ref = weakref.ref(c, lambda r: print("   callback during gc.collect()"))
del c
print("   gc.collect() found", gc.collect())
gc.enable()
