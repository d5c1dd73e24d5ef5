# set and frozenset: methods, operators, comparisons, repr, CPython's iteration order for ints
# (set displays of colliding constants are built from tuples here: CPython iterates a constant
# frozenset in another order when it runs the source than when it loads the same code from a .pyc)
s = {5, 3, 1}
s.add(2); s.add(3); s.discard(9); s.discard(5); print(s, len(s))
s.remove(1); print(s, 2 in s, 1 in s)
print(s.pop(), s)
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b, [9]), a.intersection(b, {4}), a.difference([1], (2,)), a.symmetric_difference(range(3, 7)))
print(a <= a, a < a, {1} < a, a > {1, 9}, a >= {1, 2}, a == {4, 3, 2, 1}, a != b, {1} == frozenset({1}))
print(a.issubset(range(10)), a.issuperset([1, 2]), a.isdisjoint(b), a.isdisjoint({9}))
c = set(a); c |= {10}; c &= set((1, 2, 10, 11)); print(c); c -= {1}; c ^= {2, 3}; print(c)
c.update([7, 8], (9,)); c.intersection_update(range(8, 20)); print(c)
c.difference_update({9}); c.symmetric_difference_update([8, 100]); print(c)
f = frozenset([3, 1, 2])
print(f, frozenset(), set(), type(f | {4}).__name__, type({4} | f).__name__, f.copy() is f)
print(hash(frozenset()), hash(frozenset([1, 2, 3])), hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1])))
print(hash(frozenset([frozenset([1]), frozenset([2])])), hash(frozenset(range(100))))
print({frozenset([1, 2]): 'x'}[frozenset([2, 1])], frozenset([1]) in {frozenset([1])})
print(set([1, 2]) in [{1, 2}], {1, 2} in {frozenset({1, 2})})
print(set(range(20)), set(range(50, 0, -7)), {x * 37 % 101 for x in range(15)})
print({-1, -2, 2**40, 2**61, 7}, set([1.5, 2.5, 1]), set('a'), set((True, 0)))
g = set(range(100))
for i in range(0, 100, 2): g.discard(i)
print(g)
g.add(4); g.add(1000); print(sorted(g)[:5], len(g), g.pop(), g.pop(), len(g))
h = set()
for x in [17, 1, 33, 49, 65, 2, 18]: h.add(x)
print(h, list(h))
class S(set):
    pass
print(S([1, 2]), S(), type(S([1]) | {2}).__name__, repr(frozenset({1, 2})))
for name, fn in [('KeyError', lambda: set().pop()), ('KeyError', lambda: {1}.remove(2)),
                 ('TypeError', lambda: {[1]}), ('TypeError', lambda: hash({1})),
                 ('TypeError', lambda: {1} | [2]), ('TypeError', lambda: {1} < [1])]:
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, e)
t = {1, 2, 3}
try:
    for x in t:
        t.add(x + 10)
except RuntimeError as e:
    print('RuntimeError', e)
print(sorted({'b', 'a', 'c'}), len({'x', 'y'} | {'y', 'z'}), {'q'} == {'q'})
print(set([1, 2]).__contains__(2), {1, 2}.copy(), set({3: 4, 5: 6}), set({1, 2}), frozenset(f))
