# dict methods, insertion order, update forms, ==, |, errors and iteration-mutation errors
d = {'b': 1, 'a': 2}
d['c'] = 3; d['b'] = 10; print(d, len(d))
print(d.get('a'), d.get('z'), d.get('z', 0), d.setdefault('a', 5), d.setdefault('e', 5), d)
print(d.pop('e'), d.pop('z', 'dflt'), d)
print(d.popitem(), d, d.popitem(), d)
d.update({'x': 1}); d.update([('y', 2)]); d.update(z=3); d.update({'x': 0}, w=4); print(d)
print(dict(), dict(a=1), dict([(1, 2), (3, 4)]), dict({1: 2}, k=3), dict(zip('ab', range(2))))
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), {}.fromkeys(()))
c = d.copy(); c['new'] = 1; print(d == c, len(c), 'new' in d, 'new' in c)
c.clear(); print(c, bool(c), bool(d))
print({1: 2} == {1: 2}, {1: 2} == {1: 3}, {1: 2, 3: 4} == {3: 4, 1: 2}, {1: 1} != {1: 1.0}, {} == [])
print({1: 'a'} | {2: 'b', 1: 'c'}); e = {1: 1}; e |= [(2, 2)]; print(e)
k = {}
k[1] = 'int'; k[1.0] = 'float'; k[True] = 'bool'; print(k)
k[(1, 2)] = 't'; k[None] = 'n'; k[frozenset([1])] = 'f'; print(len(k), k[(1, 2)], k[None])
print(list(k), [x for x in {3: 0, 1: 0, 2: 0}])
del k[None]; print(None in k, list(k.keys())[-1])
r = {}; r['self'] = r; print(r)
big = {i: i * i for i in range(1000)}
for i in range(0, 1000, 3): del big[i]
print(len(big), sum(big), list(big)[:5], big[998])
while big: big.popitem()
print(big)
class Missing(dict):
    def __missing__(self, key):
        return key * 2
m = Missing(a=1); print(m['a'], m['zz'], m, len(m), isinstance(m, dict))
for name, f in [('KeyError', lambda: {}['nope']), ('KeyError', lambda: {}.pop(1)),
                ('KeyError', lambda: {}.popitem()), ('TypeError', lambda: {[]: 1}),
                ('TypeError', lambda: hash({})), ('ValueError', lambda: dict([(1, 2, 3)])),
                ('TypeError', lambda: dict([1])), ('TypeError', lambda: dict(1, 2))]:
    try:
        f()
    except Exception as ex:
        print(type(ex).__name__, ex)
it = {1: 1, 2: 2}
try:
    for x in it:
        it[x + 10] = 0
except RuntimeError as ex:
    print('RuntimeError', ex)
it = {1: 1, 2: 2}
try:
    for x in it:
        del it[x]
        it[x + 10] = 0
except RuntimeError as ex:
    print('RuntimeError', ex)
print(sorted({'q': 1, 'a': 2}.items()), list(reversed({1: 0, 2: 0, 3: 0})))
