# Tuple unpacking: swaps, nested targets, unpacking in for loops and from any iterable, and into attributes and items.
a, b = 1, 2
a, b = b, a
print(a, b)
(x, y), z = (1, 2), 3
print(x, y, z)
for i, (name, score) in enumerate([("ann", 3), ("bob", 5)]):
    print(i, name, score)
p, q, r = "pqr"
print(p, q, r)
k1, k2 = {"one": 1, "two": 2}
print(k1, k2)


class Box:
    pass


box, items = Box(), [0, 0]
box.a, items[1] = "attr", "item"
print(box.a, items)
m = n = [1]
print(m is n)
