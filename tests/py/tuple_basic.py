# tuples: literals including (x,) and (), immutability, count/index, comparison, concatenation, as dict keys.
t = (1, "two", 3.0, None)
print(t, len(t), t[1], t[-1], t[1:3], (), (5,), tuple("ab"), tuple(range(3)), tuple())
print(t.count(1), (1, 2, 1).count(1), t.index("two"))
print((1, 2) < (1, 3), (1, 2) == (1, 2), (2,) > (1, 5), (1, 2) + (3,), (0,) * 3)
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
d = {(0, 0): "origin", (1, 2): "point"}
print(d[(1, 2)], d[0, 0])
print(hash((1, 2)) == hash((1, 2)), (1, [2]) == (1, [2]))
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError:", e)
x = 1, 2, 3
print(type(x).__name__, x)
