# tuple repr, hash (CPython 3.11's xxHash tuplehash), compare, slicing, index/count, tuple()
t = (1, 2, 3, 2)
print(t, (1,), (), ((),), (1, (2, (3,))), len(t))
print(t[0], t[-1], t[1:3], t[::-1], t[::2], t[5:], t[-10:2])
print(t.index(2), t.index(2, 2), t.count(2), t.count(9))
print(t + (4,), (0,) * 3, 2 * (1, 2), () * 5, t * 0)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (1,) == (1,), (2,) > (1, 9), () < (0,), (1, 'a') == (1, 'a'))
print(hash(()), hash((1,)), hash((1, 2)), hash((1, 2, 3)), hash((-1, -2)), hash(((1, 2), (3,))))
print(hash((1.5, True, False)), hash((0,)) == hash((0.0,)), hash((2**61 - 1, 2**64)))
print(tuple([1, 2]), tuple('ab'), tuple(range(3)), tuple({5: 6}), tuple(), tuple((1, 2)))
a = (1, 2)
print(tuple(a) is a, a[:] is a, a + () is a)
print(3 in t, 5 in t, 'x' in ('x',))
x, *y = t; print(x, y)
print(list(iter(t)), sorted(t), max(t), min(t), sum(t))
d = {(1, 2): 'a', (3,): 'b'}; print(d[(1, 2)], d[3,])
print(str((1.5, 'q', None)), repr(('a\n',)))
try:
    t[4]
except IndexError as e:
    print('IndexError', e)
try:
    t.index(7)
except ValueError as e:
    print('ValueError', e)
try:
    t['a']
except TypeError as e:
    print('TypeError', e)
try:
    (1,) + [2]
except TypeError as e:
    print('TypeError', e)
try:
    hash((1, [2]))
except TypeError as e:
    print('TypeError', e)
try:
    t[0] = 5
except TypeError as e:
    print('TypeError', e)
