# hash(): equal values hash equal across int/float/bool, hashes of immutables are stable, mutables have none.
print(hash(1) == hash(1.0) == hash(True), hash(0) == hash(0.0) == hash(False), hash(-1), hash(-2))
print(hash(3.5) == hash(3.5), hash("abc") == hash("ab" + "c"), hash((1, "a")) == hash((1, "a")))
print(hash(frozenset([1, 2])) == hash(frozenset([2, 1])), hash(None) == hash(None))
for v in ([], {}, set()):
    try:
        hash(v)
    except TypeError as e:
        print("TypeError:", e)
print(hash(float("inf")), hash(float("-inf")), hash(0.5), hash(1.5), hash(-0.5))
