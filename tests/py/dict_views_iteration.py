# dict views are live: they see later changes; changing the size while iterating raises RuntimeError.
d = {"a": 1, "b": 2}
keys, values, items = d.keys(), d.values(), d.items()
d["c"] = 3
print(list(keys), list(values), list(items), len(keys))
print("a" in keys, 3 in values, ("b", 2) in items)
print(keys & {"a", "zzz"} == {"a"}, sorted(keys | {"q"}), sorted(keys - {"a"}))
for k in d:
    d[k] *= 10
print(d)
try:
    for k in d:
        d[k + k] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
print(list(reversed(d)), list(reversed(d.items()))[0])
