# dict views: len, iteration, contains, repr, set-like keys/items comparisons and operators
d = {1: 'a', 2: 'b', 3: 'c'}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i, len(k), len(v), len(i))
print(2 in k, 5 in k, 'b' in v, (2, 'b') in i, (2, 'x') in i, [2, 'b'] in i)
d[4] = 'd'; print(k, list(v), list(i))
print(k == {1, 2, 3, 4}, k == {1, 2}, k != {1}, k < {1, 2, 3, 4, 5}, k <= {1, 2, 3, 4}, k > {1}, k >= k)
print(i == {(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')}, d.keys() == {4: 0, 3: 0, 2: 0, 1: 0}.keys())
print(sorted(k & {2, 3, 9}), sorted(k | {9}), sorted(k - {1, 2}), sorted(k ^ {1, 9}), sorted([1, 7] - k))
print(k.isdisjoint({8, 9}), k.isdisjoint([1]), sorted(i & {(1, 'a'), (9, 'z')}))
print(list(reversed(k)), list(reversed(v)), list(reversed(i)))
print(type(k).__name__, type(v).__name__, type(i).__name__, type(iter(k)).__name__, type(iter(i)).__name__)
print(bool({}.keys()), bool(k), list(iter(v)), [kk for kk, vv in i])
try:
    hash(k)
except TypeError as e:
    print('TypeError', e)
it = iter(k)
next(it)
d[5] = 'e'
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError', e)
e = {}
print(e.keys(), e.values(), e.items())
