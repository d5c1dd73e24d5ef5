# list methods, slicing, slice assignment, operators and repr, as CPython prints them
def show(*a):
    print(*a)

l = [3, 1, 4, 1, 5, 9, 2, 6]
l.append(5); l.extend((3, 5)); l.insert(0, 8); l.insert(-1, 7); l.insert(100, 0)
show(l, len(l))
show(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(1); show(l, l.index(5), l.index(5, 5), l.count(5), l.count(42))
c = l.copy(); c.reverse(); show(c, l == c[::-1], c is l)
c.clear(); show(c, len(c), bool(c), bool(l))
show(l[1:4], l[::2], l[::-1], l[-3:], l[:-3], l[5:1], l[1:100], l[-100:2], l[::-3])
m = list(range(10))
m[2:5] = ['a', 'b']; show(m)
m[::3] = [0, 0, 0]; show(m)
m[1:1] = (7, 8); show(m)
del m[::2]; show(m)
del m[1:3]; show(m)
m[:] = 'xyz'; show(m)
m[len(m):] = [1]; show(m)
del m[-1]; show(m)
m[0] = m; show(m)
n = [1, [2, [3, m]]]; show(n)
m[0] = 0
a = [1, 2]; b = a; a += [3]; show(a, b, a is b)
a *= 2; show(a, b)
show([1, 2] + [3], [0] * 3, 3 * [1, 2], [1] * 0, [1] * -1)
show([1, 2] < [1, 3], [1, 2] < [1, 2, 0], [1, 2] == [1, 2], [2] > [1, 9], [] <= [], [1] != [1.0])
show(3 in [1, 2, 3], 'x' not in ['x'], [1, [2]] == [1, [2]])
it = iter([1, 2, 3]); show(next(it), list(it), list(it))
show(list(reversed([1, 2, 3])), list('abc'), list((1, 2)), list({1: 2, 3: 4}), list(range(3)))
show(repr([]), repr([None, True, 'a', 1.5, (1,)]), str([[]]))
x = [1, 2, 3]
for v in x:
    if v == 2:
        x.append(4)
show(x)
show(sum([[1], [2], [3]], []), max([3, 9, 2]), min([[1, 2], [0, 5]]))
class L(list):
    pass
s = L([3, 2, 1]); s.sort(); show(s, type(s).__name__, len(s), s + [0])
