# edge cases of the container and text types: mutation while iterating, aliasing, nested repr, numbers as keys
l = [1, 2, 3]; l[1:2] = l; print(l)
l = [1, 2, 3]; l += l; print(l)
l = [1, 2, 3]; l.extend(l); print(l)
l = [0] * 5; l[::2] = l[1::2] + [9]; print(l)
l = list(range(10)); del l[::-3]; print(l); del l[100:]; print(l)
l = [3, 1, 2]; print(l.sort(), l, sorted(l, reverse=True), l.reverse(), l)
print([[0] * 2] * 2, [[]] * 0, [] == [], [] is [], list() == [])
a = [1]; a.append(a); print(a, a == a, len(a))
d = {}; d[d.__class__.__name__] = [d]; print(d)
t = (1, [2]); t[1].append(t); print(t)
s = set(); print(s == set(), s is not set(), {0} == {False}, {1, 1.0, True})
print({1: 'a', 1.0: 'b'}, {0: 1, False: 2, 0.0: 3})
d = dict.fromkeys(range(5)); [d.pop(k) for k in (1, 3)]; d[1] = 'back'; print(d, list(d.items())[-1])
d = {i: i for i in range(20)}
for k in list(d):
    if k % 3: del d[k]
print(d, len(d))
print(dict(sorted({'b': 1, 'a': 2}.items())), dict(a=1) | dict(b=2) | {'a': 3})
print(' '.join(map(str, range(5))), ','.join(['a']), ''.join(reversed('abc')))
print('%s|%5s|%-5s|' % ((1, 2), [3], {}), '%r' % ((1,),), '%s' % ((),))
print('{0}{1}{0}'.format(*'ab'), '{x[0]}{y}'.format(x=[7], y={}), '{:^9}'.format('mid'), '{!r:^9}'.format('q'))
print(str(b'ab'), repr(b'\x00'), bytes(range(250, 256)), b'a' in b'abc', list(bytes(2)))
print(tuple(x * 2 for x in range(3)), set(x % 3 for x in range(10)), {x: x * x for x in range(4)})
print(range(10)[-3:], range(10)[::-2], list(range(10)[8:2:-2]), range(0, -5, -1)[1], len(range(-5)))
print(sorted({'x': 1, 'y': 2}), sorted({3, 1, 2}, reverse=True), sorted((3, 1)), sorted('cab'))
print([1, 2, 3].index(3), (1, 2, 3).index(1), 'abc'.index('c'), b'abc'.index(b'c'), range(5).index(4))
print(max({1: 0, 5: 0}), min([[3], [1, 2]]), sum((1, 2, 3)), any([]), all(()), len({'a': 1}.keys()))
try:
    [].pop()
except IndexError as e:
    print('IndexError', e)
try:
    [1].pop(5)
except IndexError as e:
    print('IndexError', e)
try:
    [1][5] = 0
except IndexError as e:
    print('IndexError', e)
try:
    [1, 2][::2] = [1, 2, 3]
except ValueError as e:
    print('ValueError', e)
try:
    [].remove(0)
except ValueError as e:
    print('ValueError', e)
try:
    [1].index(2)
except ValueError as e:
    print('ValueError', e)
try:
    [1] + (2,)
except TypeError as e:
    print('TypeError', e)
try:
    [1] * 1.5
except TypeError as e:
    print('TypeError', e)
try:
    {}[[]]
except TypeError as e:
    print('TypeError', e)
try:
    set().remove(())
except KeyError as e:
    print('KeyError', e)
try:
    'abc'[5]
except IndexError as e:
    print('IndexError', e)
