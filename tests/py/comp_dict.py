# Dict comprehensions: building, inverting, filtering, and insertion order of the result.
words = ["apple", "bob", "kiwi", "banana"]
lengths = {w: len(w) for w in words}
print(lengths)
print({v: k for k, v in lengths.items()})
print({k: v for k, v in lengths.items() if v > 3})
print({i: i * i for i in range(6)})
print({(i, j): i * j for i in range(2) for j in range(2)})
print({c: words.count(c) for c in ["bob", "x"]})
