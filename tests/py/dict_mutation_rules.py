# dicts under mutation: updating values while iterating is allowed, deleting during iteration is not, and keys hash once.
class CountingKey:
    hashes = 0

    def __init__(self, v):
        self.v = v

    def __hash__(self):
        CountingKey.hashes += 1
        return hash(self.v)

    def __eq__(self, other):
        return isinstance(other, CountingKey) and self.v == other.v


d = {CountingKey(i): i for i in range(50)}
print(CountingKey.hashes)          # one hash per insertion, none again when the dict grows
for k in d:
    d[k] = d[k] * 2
print(sum(d.values()))
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print("RuntimeError:", e)
print(len(d))
squares = {i: i * i for i in range(10)}
for k in list(squares):
    if k % 2:
        del squares[k]
print(squares)
keys = list(squares.keys())
squares.clear()
print(keys, squares)
