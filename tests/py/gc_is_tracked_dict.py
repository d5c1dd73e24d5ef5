# gc.is_tracked of dicts: untracked while they hold only atoms, tracked once a container goes in, untracked again only by a full collection.
import gc

gc.disable()
gc.collect()
d = {}
print("empty:", gc.is_tracked(d))
d["n"] = 1
d["s"] = "text"
d["t"] = (1, 2)
print("atoms:", gc.is_tracked(d))
d["list"] = []
print("holds a list:", gc.is_tracked(d))
del d["list"]
print("list removed:", gc.is_tracked(d))
gc.collect(0)
print("after a young collection:", gc.is_tracked(d))
gc.collect()
print("after a full collection:", gc.is_tracked(d))
literal = {"a": 1, "b": 2.5}
print("literal of atoms:", gc.is_tracked(literal), "literal holding a list:", gc.is_tracked({"a": []}))
gc.enable()
