# printf-style str % args: conversions, flags, width, precision, *, %(key)s, and errors
print('%s %r %a' % ('é', 'é', 'é'), '%d %i %u' % (1, -2, 3), '%5s|%-5s|%.2s' % ('ab', 'cd', 'xyz'))
print('%x %X %o %#x %#X %#o' % (255, 255, 8, 255, 255, 8), '%05d|%-5d|%+d|% d|%5.3d' % (42, 42, 42, 42, 7))
print('%f %.2f %10.3f %-10.1f| %e %E %g %G' % (3.14159, 2.5, 1.0, 2.25, 12345.678, 0.00012, 1e20, 1e-7))
print('%c%c %c' % (72, 'i', 233), '%%' % (), '100%% %s' % 'sure', '%s' % (1,), '%s' % [1, 2], '%s' % None)
print('%(a)s-%(b)05d' % {'a': 'x', 'b': 3}, '%s %(a)s' % {'a': 1}, '%*d|%-*d|%.*f' % (5, 1, 4, 2, 2, 3.14159))
print('%d' % 3.99, '%d' % True, '%s' % 1.5, '%r' % 1.5, '%x' % -255, '%05x' % -255, '%.0f' % 2.5, '%.0f' % 3.5)
print('%s and %s' % ('a', 'b'), '%3c|' % 'z', '%-3c|' % 'z', '%.3r' % 'abcdef', '%+.1e' % -1234.5)
for fmt, args in [('%d', 'x'), ('%s %s', (1,)), ('%s', (1, 2)), ('%y', 1), ('%', 1), ('%(a)s', 1),
                  ('%c', 'ab'), ('%(a)s %s', {'a': 1}), ('%x', 1.5), ('%f', 'x'), ('%(a)s', {})]:
    try:
        print(fmt % args)
    except Exception as e:
        print(type(e).__name__, e)
