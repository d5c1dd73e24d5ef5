# del: names, list items and slices, dict keys, attributes; using a deleted name is a NameError.
x = 1
del x
try:
    x
except NameError as e:
    print("NameError:", e)
items = list(range(10))
del items[0]
del items[-1]
del items[2:4]
del items[::2]
print(items)
d = {"a": 1, "b": 2}
del d["a"]
print(d)


class C:
    pass


c = C()
c.attr = 5
del c.attr
print(hasattr(c, "attr"))
try:
    del d["zz"]
except KeyError as e:
    print("KeyError:", e)
a, b = 1, 2
del a, b
print("deleted two")
