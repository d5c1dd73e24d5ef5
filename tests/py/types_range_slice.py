# range and slice objects: len, indexing, slicing, contains, ==, hash, repr, reversed, index/count
r = range(10)
print(r, range(1, 5), range(0, 10, 3), range(5, 0, -1), range(0), len(r), len(range(1, 10, 4)), len(range(5, 0)))
print(r[3], r[-1], r[2:5], r[::2], r[::-1], r[1:8:2], range(0, 10, 3)[1:], r[5:1], range(5, 0, -2)[::-1])
print(list(range(5, 0, -2)), list(range(-3, 3)), list(range(0, -10, -3)), list(reversed(range(1, 10, 3))))
print(5 in r, 10 in r, -1 in r, 3 in range(0, 10, 3), 4 in range(0, 10, 3), 2.0 in r, 'x' in r, True in r)
print(r.index(7), range(0, 20, 5).index(15), r.count(3), r.count(11), range(0, 10, 2).count(4.0))
print(range(0) == range(5, 5), range(0, 3) == range(0, 3, 1), range(1, 2, 5) == range(1, 3, 7), r == list(r), range(3) != range(4))
print(hash(range(0)) == hash(range(3, 3)), hash(range(1, 2, 5)) == hash(range(1, 3, 7)), hash(range(5)) == hash(range(0, 5, 1)))
print(r.start, r.stop, r.step, range(1, 9, 2).step, bool(range(0)), bool(range(1)), sum(range(101)), max(range(7)))
print(range(2**62, 2**62 + 3)[1], len(range(-10**9, 10**9, 7)), list(range(3))[::-1])
it = iter(range(3)); print(next(it), next(it), next(it), next(it, 'end'))
s = slice(1, 5, 2)
print(s, slice(3), slice(None, None, -1), s.start, s.stop, s.step, slice(1, 2) == slice(1, 2), slice(1) == slice(None, 1))
print(s.indices(10), slice(None, None, -1).indices(5), slice(-3, None).indices(5), slice(0, 100, 3).indices(10))
print([0, 1, 2, 3, 4, 5][s], 'abcdefgh'[slice(None, None, 3)], (1, 2, 3)[slice(-2, None)], slice(1, 2) < slice(1, 3))
for fn in [lambda: r[10], lambda: r.index(10), lambda: range(1, 2, 0), lambda: range(1.5), lambda: range(),
           lambda: range(1, 2, 3, 4), lambda: r['a'], lambda: hash(slice(1)), lambda: [1][::0], lambda: slice(1, 2, 0).indices(3),
           lambda: [1, 2]['a':], lambda: range(3).index('q')]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
# ranges beyond 64 bits: creation, indexing, containment and == with int objects
print(range(10 ** 20)[-1], range(0, 10 ** 20, 3)[-1], 10 ** 19 in range(10 ** 20), 10**19 + 1 in range(0, 10**20, 2))
r = range(-10**30, 10**30, 10**29)
print(r, r[0], r[-1], r[5], 0 in r, 10**29 in r, 5 in r, r == range(-10**30, 10**30, 10**29))
print(range(10**20, 0, -10**19)[3], 10**19 in range(10**20, 0, -10**19), 0 in range(10**20, 0, -10**19))
for f in [lambda: range(10**20)[10**20], lambda: range(10**20)[-10**20 - 1]]:
    try:
        f()
    except IndexError as e:
        print('IndexError', e)
