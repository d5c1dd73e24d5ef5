# str.format fields (auto/manual/keyword, attribute, index, conversions, nested specs) and errors
class P:
    def __init__(self): self.x, self.y = 3, [10, 20]
    def __repr__(self): return 'P()'
    def __str__(self): return 'a P'
p = P()
print('{} {} {}'.format(1, 'a', None), '{1}{0}{1}'.format('a', 'b'), '{name}!'.format(name='Bob'))
print('{0.x} {0.y[1]} {p.y[0]}'.format(p, p=p), '{0[a]} {0[1]}'.format({'a': 'A', 1: 'one'}))
print('{!r} {!s} {!a}'.format('é', p, 'é'), '{0!r:>8}'.format('ab'), '{{}} {{{}}}'.format(5))
print('{:>6}|{:<6}|{:^6}|{:*^7}'.format('ab', 'cd', 'ef', 'g'), '{:5d}|{:<5d}|{:05d}|{:+d}'.format(42, 42, -42, 7))
print('{:.2f} {:8.3f} {:e} {:g} {:%}'.format(3.14159, 2.5, 12345.678, 0.0001, 0.25))
print('{:x} {:X} {:o} {:b} {:#x} {:,} {:_}'.format(255, 255, 8, 5, 255, 1234567, 1234567))
print('{:{w}.{p}f}'.format(3.14159, w=10, p=3), '{:{}}'.format('x', 4) + '|', '{0:{1}}'.format(7, '>3'))
print('{:10}'.format('left') + '|', '{:10}'.format(12) + '|', format(3, '03'), format('s', '^5'))
print('{a}{b}'.format_map({'a': 1, 'b': 2}), 'x{}y'.format(''), ''.format())
for fmt, args, kw in [('{', (), {}), ('}', (), {}), ('{0}{}', (1, 2), {}), ('{}{0}', (1, 2), {}),
                      ('{2}', (1,), {}), ('{nope}', (), {}), ('{!x}', (1,), {}), ('{0.}', (1,), {}),
                      ('{0!r', (1,), {}), ('{:{:{}}}', (1, 2, 3), {}), ('{0', (), {}),
                      ('{0:', (1,), {}), ('{0!', (1,), {}), ('{0!rx}', (1,), {}), ('{a{b}', (), {}),
                      ('{0[}', (1,), {}), ('{0[0]x}', ([1],), {}), ('{:{}}', (1, 3), {}),
                      ('{0]}', (), {'0]': 'k'}), ('{ 0}', (), {' 0': 's'})]:
    try:
        print(fmt.format(*args, **kw))
    except Exception as e:
        print(type(e).__name__, e)
