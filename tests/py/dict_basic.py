# dict basics: literal, [] get and set, in, len, del, KeyError, and insertion order kept by updates.
d = {"b": 1, "a": 2}
d["c"] = 3
d["b"] = 10
print(d, len(d), "a" in d, "z" in d, d["c"])
del d["a"]
d["a"] = 20
print(d, list(d))
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e)
print(dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict({"k": "v"}, extra=1), dict(zip("ab", [1, 2])))
print({1: "int", 1.0: "float", True: "bool"})
print({} == {}, {"a": 1} == {"a": 1}, {"a": 1, "b": 2} == {"b": 2, "a": 1})
