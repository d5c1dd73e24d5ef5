# str methods: split/join/replace/find/strip/case/classes/padding/partition/splitlines/encode
s = '  Hello, World!  '
print(s.split(), s.split(','), s.split(' '), s.split(None, 1), s.rsplit(None, 1), 'a,b,,c'.split(',', 2))
print('a,b,,c'.rsplit(',', 2), ''.split(), ''.split(','), '  x  y '.rsplit(), 'x'.split('x'), '1<>2<>3'.split('<>'))
print('-'.join(['a', 'b', 'c']), ''.join([]), ', '.join(('x',)), '.'.join('abc'), '+'.join(str(i) for i in range(4)))
print('aaa'.replace('a', 'b'), 'aaa'.replace('a', 'b', 2), 'abc'.replace('', '-'), 'abc'.replace('', '-', 2), 'abc'.replace('x', 'y'))
t = 'hello world, hello'
print(t.find('hello'), t.find('hello', 1), t.rfind('hello'), t.find('x'), t.find(''), t.find('', 100), t.find('o', 5, 8))
print(t.index('world'), t.rindex('o'), t.count('l'), t.count('hello'), t.count(''), 'aaaa'.count('aa'), t.count('l', 3, -3))
print(t.startswith('hell'), t.startswith('world', 6), t.endswith('llo'), t.endswith(('x', 'lo')), t.startswith(('a', 'b')), t.endswith('', 100))
print(s.strip(), s.lstrip(), s.rstrip(), 'xxhixx'.strip('x'), 'abcba'.strip('ab'), '\t\n x \r\x0b'.strip())
print('hello'.upper(), 'HeLLo'.lower(), 'hello world'.capitalize(), 'hELLO wORLD'.title(), "they're bill's".title(), 'HeLLo'.swapcase(), 'Straße'.casefold())
print('ßtraße'.upper(), 'ÀÉÎõü'.lower(), 'àéîõü'.upper(), 'ÿ'.upper(), 'µ'.upper(), 'éCOLE'.capitalize())
print('123'.isdigit(), '12a'.isdigit(), '²'.isdigit(), '²'.isdecimal(), '½'.isnumeric(), '½'.isdigit(), ''.isdigit())
print('abc'.isalpha(), 'ab1'.isalpha(), 'é'.isalpha(), 'ab1'.isalnum(), 'a b'.isalnum(), ' \t\n'.isspace(), ''.isspace())
print('ABC'.isupper(), 'AbC'.isupper(), 'A1'.isupper(), 'abc'.islower(), 'a1!'.islower(), '1'.islower(), 'Title Case'.istitle(), 'Not title'.istitle())
print('abc'.isidentifier(), '_x1'.isidentifier(), '1x'.isidentifier(), ''.isidentifier(), 'é'.isidentifier(), 'a-b'.isidentifier())
print('abc'.isascii(), 'é'.isascii(), 'ab\n'.isprintable(), 'ab'.isprintable())
print(repr('ab'.center(7)), repr('ab'.center(7, '*')), repr('abc'.center(6)), repr('x'.ljust(4, '.')), repr('x'.rjust(4)), repr('toolong'.center(3)))
print('42'.zfill(5), '-42'.zfill(5), '+7'.zfill(4), 'abc'.zfill(2), ''.zfill(3))
print('a=b=c'.partition('='), 'a=b=c'.rpartition('='), 'abc'.partition('x'), 'abc'.rpartition('x'))
print('a\nb\r\nc\rd\x0ce\x1cf'.splitlines(), 'a\nb\n'.splitlines(True), ''.splitlines(), '\n'.splitlines())
print(repr('a\tb\tc'.expandtabs()), repr('ab\tc'.expandtabs(4)), repr('x\ny\tz'.expandtabs(2)))
print('héllo'.encode(), 'abc'.encode('ascii'), 'é'.encode('latin-1'), 'x'.encode('utf8'))
print('héllo wörld'.find('w'), 'héllo'.index('l'), 'ñañaña'.count('ña'), 'héllo'[1:3].upper(), len('héllo'.center(9)))
print('prefix_body'.removeprefix('prefix_'), 'body.py'.removesuffix('.py'), 'x'.removesuffix(''))
for fn in [lambda: 'abc'.index('z'), lambda: 'a'.center(3, 'xy'), lambda: ','.join([1]),
           lambda: 'a'.split(''), lambda: 'a'.encode('nope'),
           lambda: 'abc'.startswith(1), lambda: 'a'.partition('')]:
    try:
        print(fn())
    except Exception as e:
        print(type(e).__name__, e)
# pymm has no UnicodeEncodeError class yet: check the base class and the message only
try:
    'é'.encode('ascii')
except UnicodeError as e:
    print(isinstance(e, UnicodeError), e)
