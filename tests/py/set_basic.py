# sets of small ints: add, discard, remove, pop, in, len, and the set operators with their in-place forms.
s = {3, 1, 2}
s.add(2)
s.add(10)
print(s, len(s), 2 in s, 5 in s)
s.discard(10)
s.discard(99)
s.remove(3)
print(s)
try:
    s.remove(99)
except KeyError as e:
    print("KeyError:", e)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.intersection(b, {4}), a.difference(b), a.symmetric_difference(b))
print({1, 2} <= a, {1, 2} < {1, 2}, a >= {1}, a.issubset(range(10)), a.isdisjoint({9}), a.issuperset([1]))
c = set(a)
c |= {7}
c &= {1, 7, 3}
c -= {3}
c ^= {100}
print(c, sorted(c))
print(set(), set([1, 1, 2]), set(range(5)), {0} == {False})
e = {5}
print(e.pop(), e)
c.update([8, 9], (10,))
print(len(c), c.copy() == c)
c.clear()
print(c)
