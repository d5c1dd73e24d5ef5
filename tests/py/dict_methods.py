# dict methods: get, setdefault, pop, popitem (last in), update, copy, clear, fromkeys, keys/values/items.
d = {"x": 1, "y": 2}
print(d.get("x"), d.get("z"), d.get("z", 0))
print(d.setdefault("x", 100), d.setdefault("w", []), d)
d["w"].append(5)
print(d.pop("y"), d.pop("nope", "default"), d)
d.update({"a": 1}, b=2)
d.update([("c", 3)])
print(d)
print(d.popitem(), d.popitem(), d)
e = d.copy()
e["x"] = "changed"
print(d["x"], e["x"])
print(dict.fromkeys(["p", "q"]), dict.fromkeys("ab", 0))
print(list(e.keys()), list(e.values()), list(e.items()))
e.clear()
print(e, len(e))
try:
    d.pop("nope")
except KeyError as err:
    print("KeyError:", err)
print(d | {"new": 1}, {"x": 0} | d)
d |= {"merged": True}
print(d)
