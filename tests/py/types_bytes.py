# bytes: literal repr, indexing, slicing, compare, +, *, contains, decode, hex, join, split, find
b = b'hello'
print(b, b'', b"it's", b'say "hi"', b'both \' and "', b'\x00\x1f\x7f\x80\xff\t\n\r\\', len(b))
print(b[0], b[-1], b[1:3], b[::-1], b[::2], b[10:], list(b'ab'), [x for x in b'\x01\x02'])
print(b == b'hello', b != b'hellO', b < b'help', b'' < b'\x00', b'a' == 'a', b'abc' > b'ab')
print(hash(b'') == 0, hash(b'abc') == hash(b'ab' + b'c'), {b'k': 1}[b'k'])
print(b + b' world', b * 2, 3 * b'ab', b'x' * 0, b'e' in b, 104 in b, 0 in b, b'll' in b, b'' in b)
print(b'h\xc3\xa9llo'.decode(), b'abc'.decode('ascii'), b'\xe9t\xe9'.decode('latin-1'), b'x'.decode('utf-8'))
print(b'\x00\xab\xff'.hex(), b''.hex(), b'-'.join([b'a', b'b', b'c']), b''.join([]))
print(b'a b  c'.split(), b'a,b,,c'.split(b','), b'  a b  '.split(None, 1), b'a1b1c'.split(b'1', 1))
print(b.startswith(b'he'), b.startswith((b'x', b'hel')), b.endswith(b'lo'), b.find(b'l'), b.find(b'z'), b.find(108, 3), b.index(b'o'), b.count(b'l'))
print(b.replace(b'l', b'L'), b.replace(b'l', b'', 1), b'  x '.strip(), b'xxhixx'.strip(b'x'), b.upper(), b'ABC'.lower())
print(bytes(3), bytes([65, 66, 67]), bytes('é', 'utf-8'), bytes(b'copy'), bytes(), bytes(range(3)), bytes((104, 105)))
for fn in [lambda: b[5], lambda: b'\xff'.decode(), lambda: b'\xc3'.decode(), lambda: b'a\xe9'.decode('ascii'),
           lambda: bytes('x'), lambda: bytes([256]), lambda: bytes([-1]), lambda: b'a' + 'b',
           lambda: 'a' in b'abc', lambda: b'x'.decode('nope'), lambda: bytes(-1), lambda: bytes(1.5),
           lambda: b['x'], lambda: b'\xe2\x82'.decode(), lambda: b'\xed\xa0\x80'.decode()]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
print(bytes.fromhex('6869'), bytes.fromhex(' 01 ff\t20 '), bytes.fromhex(''))
for s in ['0', 'zz', '1 2']:
    try:
        bytes.fromhex(s)
    except ValueError as e:
        print('ValueError', e)
