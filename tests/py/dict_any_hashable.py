# Any hashable key: ints, floats, strings, tuples, frozensets, None, bools, instances; lists are rejected.
class Token:
    pass


tok = Token()
d = {}
d[1] = "int"
d[2.5] = "float"
d["s"] = "str"
d[(1, 2)] = "tuple"
d[frozenset([1])] = "frozenset"
d[None] = "None"
d[tok] = "instance"
d[b"b"] = "bytes"
print(d[1], d[2.5], d["s"], d[(1, 2)], d[frozenset([1])], d[None], d[tok], d[b"b"], len(d))
print(d[1.0], d[True])
try:
    d[[1]] = "list"
except TypeError as e:
    print("TypeError:", e)
try:
    d[{}] = 1
except TypeError as e:
    print("TypeError:", e)
