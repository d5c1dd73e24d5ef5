# Starred unpacking: a, *rest = ..., *init, last = ..., in for loops, in literals, and the count errors.
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
a, *middle, z = range(6)
print(a, middle, z)
a, *empty, z = (1, 2)
print(a, empty, z)
for head, *tail in [(1, 2, 3), (4,), "xy"]:
    print(head, tail)
print([*range(3), *"ab", *[None]])
print((*[1, 2], 3))
print({*[1, 2], *[2, 3]})
print({**{"a": 1}, "b": 2, **{"a": 3}})
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, *c = [1]
except ValueError as e:
    print("ValueError:", e)
