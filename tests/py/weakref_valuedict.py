# weakref.WeakValueDictionary: entries vanish when their values die; get, in, len, keys and setdefault behave as a dict's.
import weakref


class Image:
    def __init__(self, name):
        self.name = name


cache = weakref.WeakValueDictionary()
a, b = Image("a"), Image("b")
cache["a"] = a
cache["b"] = b
print(len(cache), sorted(cache.keys()), cache["a"].name, "b" in cache)
del a
print(len(cache), sorted(cache.keys()), "a" in cache, cache.get("a"), cache.get("a", "gone"))
try:
    cache["a"]
except KeyError as e:
    print("KeyError:", e)
c = Image("c")
print(cache.setdefault("c", c).name, len(cache))
del b, c
print(len(cache), list(cache.items()))
