#!/usr/bin/python3.11
"""Write tests/vm/bigint_cases.h: integer operations with CPython 3.11's results.

Run from the repository root: /usr/bin/python3.11 tests/vm/gen_bigint.py
The seed is fixed, so the table only changes when this script does. Operands are written in
hex (parsed by bigint_from_text with base 16 in the test); results in hex, decimal or the bits
of a double, or the name of the exception CPython raised.
"""
import random
import struct

rng = random.Random(20261208)
DIGIT = 1 << 30


def patterned(ndigits):
    """A number of ndigits 30-bit digits drawn from the values that stress carries and Knuth D."""
    picks = [0, 1, DIGIT - 1, DIGIT >> 1, (DIGIT >> 1) - 1, DIGIT - 2]
    v = 0
    for i in range(ndigits):
        d = rng.choice(picks) if rng.random() < 0.5 else rng.randrange(DIGIT)
        if i == ndigits - 1 and d == 0:
            d = 1
        v |= d << (30 * i)
    return v


def operand(max_bits=300):
    r = rng.random()
    if r < 0.08:
        v = rng.choice([0, 1, 2, DIGIT - 1, DIGIT, DIGIT + 1, 2**60 - 1, 2**60, 2**62,
                        2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**53 - 1, 2**53, 2**53 + 1,
                        2**90 - 1, 10**18, 10**19])
    elif r < 0.4:
        v = rng.getrandbits(rng.randrange(1, 70))
    elif r < 0.7:
        v = patterned(rng.randrange(1, max_bits // 30 + 2))
    else:
        v = rng.getrandbits(rng.randrange(1, max_bits))
    return -v if rng.random() < 0.5 else v


def hx(v):
    return ('-' if v < 0 else '') + format(abs(v), 'x')


def dbits(x):
    return format(struct.unpack('<Q', struct.pack('<d', x))[0], '016x')


def c_str(s):
    """A C string literal in ASCII: other bytes as three-digit octal escapes."""
    out = []
    for byte in s.encode('utf-8'):
        ch = chr(byte)
        if ch in '\\"' or not 32 <= byte < 127:
            out.append('\\%03o' % byte)
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


cases = []   # (op, a, b, c, expected) all strings


def add(op, a, b='', c='', expected=''):
    cases.append((op, a, b, c, expected))


def binary(a, b):
    A, B = hx(a), hx(b)
    add('add', A, B, '', hx(a + b))
    add('sub', A, B, '', hx(a - b))
    add('mul', A, B, '', hx(a * b))
    add('and', A, B, '', hx(a & b))
    add('or', A, B, '', hx(a | b))
    add('xor', A, B, '', hx(a ^ b))
    add('cmp', A, B, '', str((a > b) - (a < b)))
    if b == 0:
        add('floordiv', A, B, '', 'ZeroDivisionError')
        add('mod', A, B, '', 'ZeroDivisionError')
        add('truediv', A, B, '', 'ZeroDivisionError')
    else:
        add('floordiv', A, B, '', hx(a // b))
        add('mod', A, B, '', hx(a % b))
        try:
            add('truediv', A, B, '', dbits(a / b))
        except OverflowError:
            add('truediv', A, B, '', 'OverflowError')


def unary(a):
    A = hx(a)
    add('invert', A, '', '', hx(~a))
    add('hash', A, '', '', str(hash(a)))
    add('bit_length', A, '', '', str(a.bit_length()))
    add('str10', A, '', '', str(a))
    add('str2', A, '', '', bin(a))
    add('str8', A, '', '', oct(a))
    add('str16', A, '', '', hex(a))
    try:
        add('float', A, '', '', dbits(float(a)))
    except OverflowError:
        add('float', A, '', '', 'OverflowError')
    for s in rng.sample([0, 1, 29, 30, 31, 59, 60, 61, 90, rng.randrange(200)], 4):
        add('lshift', A, str(s), '', hx(a << s))
        add('rshift', A, str(s), '', hx(a >> s))


for _ in range(150):
    binary(operand(), operand())
# Division with divisors of two or more digits and dividends much longer (Knuth D).
for _ in range(80):
    b = patterned(rng.randrange(2, 8))
    a = patterned(rng.randrange(2, 30))
    if rng.random() < 0.5:
        a = -a
    if rng.random() < 0.5:
        b = -b
    binary(a, b)
# Products over the Karatsuba cutoff, balanced and lopsided.
for bits_a, bits_b in [(1500, 1500), (3000, 2900), (6000, 1600), (1440, 1441)]:
    a, b = rng.getrandbits(bits_a), rng.getrandbits(bits_b)
    add('mul', hx(a), hx(-b), '', hx(-a * b))
    a, b = patterned(bits_a // 30), patterned(bits_b // 30)
    add('mul', hx(a), hx(b), '', hx(a * b))
for _ in range(120):
    unary(operand())
for v in [0, 1, -1, 2**61 - 1, 2**61 - 2, 2**61, -(2**61 - 1), 2**122 - 2, -2, 2**64,
          2**1023, 2**1024 - 2**970, 2**1024 - 2**970 - 1, 2**1024 - 2**971, 2**1024,
          2**54 + 1, 2**54 + 2, 2**54 + 3, 2**55 + 5, -(2**53 + 1), (2**53 + 1) << 900]:
    unary(v)

# pow, with and without a modulus.
for _ in range(60):
    a = operand(200)
    e = rng.randrange(0, 40)
    add('pow', hx(a), hx(e), '', hx(a ** e))
for a, e in [(0, 0), (0, 1), (0, 7), (1, 0), (1, 9), (-1, 1), (-1, 8), (-1, 9), (2, 1), (-2, 3),
             (DIGIT - 1, 2), (DIGIT, 3), (-(2**63), 3)]:
    add('pow', hx(a), hx(e), '', hx(a ** e))
for _ in range(120):
    a, e, m = operand(300), operand(200), operand(300)
    if m == 0:
        add('powmod', hx(a), hx(e), hx(m), 'ValueError')
        continue
    try:
        add('powmod', hx(a), hx(e), hx(m), hx(pow(a, e, m)))
    except ValueError:
        add('powmod', hx(a), hx(e), hx(m), 'ValueError')
for a, e, m in [(3, -1, 7), (2, -1, 4), (0, -1, 1), (5, -1, 1), (-3, -5, 1000), (2, 0, 1),
                (2, 0, -1), (7, 3, -5), (10, -2, 9), (123456789, -1, 2**127 - 1)]:
    try:
        r = hx(pow(a, e, m))
    except ValueError:
        r = 'ValueError'
    add('powmod', hx(a), hx(e), hx(m), r)

# True division: huge operands, exact halves, underflow and overflow.
for a, b in [(2**2000, 3**1000), (1, 2**1080), (1, 2**1074), (1, 2**1075), (3, 2**1076),
             (2**1100, 1), (2**1024, 2), (10**400, 10**100), (-(10**400), 3 * 10**399),
             (2**53 + 1, 1), (2**54 + 2, 2), (1, 3), (-1, 3), (0, -5), (2**1023 * 3, 2),
             ((2**53 + 1) << 100, 1 << 100), (2**1024 - 2**970, 1), (2**1024 - 2**971, 1)]:
    binary(a, b)

# Doubles to int (truncation) and the exceptions for infinities and NaN.
doubles = [0.0, -0.0, 0.5, -0.999, 1.0, -1.5, 2.0**52 + 0.5, 2.0**53, 1e300, -1e308,
           1.7976931348623157e308, 5e-324, 123456789.987, -2.0**63, 2.0**64, 1e22, 1e23]
for _ in range(60):
    doubles.append(struct.unpack('<d', struct.pack('<Q', rng.getrandbits(64)))[0])
for x in doubles + [float('inf'), float('-inf'), float('nan')]:
    try:
        r = hx(int(x))
    except OverflowError:
        r = 'OverflowError'
    except ValueError:
        r = 'ValueError'
    add('from_double', dbits(x), '', '', r)

# int(text, base): the hex result or ValueError.
texts = [('0', 10), ('-0', 10), ('+17', 10), ('  42  ', 10), ('\t-7\n', 0), ('0x1f', 16),
         ('0x1f', 0), ('-0x_1f', 0), ('0X_1F', 0), ('0x_', 0), ('0x', 16), ('0b101', 0),
         ('0b102', 0), ('0o17', 0), ('0o18', 0), ('017', 0), ('000', 0), ('0_0', 0),
         ('0_7', 0), ('1_000', 10), ('1__000', 10), ('_1', 10), ('1_', 10), ('', 10), (' ', 10),
         ('-', 10), ('+-1', 10), ('- 1', 10), ('12a', 10), ('12a', 11), ('z', 36), ('Z', 36),
         ('10', 2), ('12', 2), ('0b1', 16), ('0b1', 2), ('0o7', 8), ('0x7', 8), ('7', 1),
         ('7', 37), ('7', -1), ('\u00a012\u3000', 10), ('\u200012', 10), ('\x1c12', 10),
         ('\u0085 3', 10), ('9' * 50, 10), ('1' + '0' * 300, 10), ('f' * 200, 16),
         ('-' + '7' * 77, 8), ('1' * 301, 2), ('zz' * 40, 36), ('v' * 60, 32), ('3' * 45, 4),
         ('0x' + 'a_b' * 20, 0), ('12', 0), ('١٢٣', 10), ('\uff13\uff14', 0), ('-\u0967_0', 0),
         ('1\u00e9', 10), ('\U0001d7ce\U0001d7cf', 2), ('٠x1f', 0), ('0x١f', 0), ('-0b_1_0', 0), ('0b_', 0),
         ('00_00', 0), ('0_', 0), ('1e5', 10), ('0.5', 10), ('-' + '1234567890' * 20, 10),
         ('+0o_0', 0), ('10', 3), ('22', 3)]
for _ in range(40):
    base = rng.choice([2, 3, 5, 7, 8, 10, 12, 16, 20, 32, 36])
    v = operand(400)
    digits = ''
    m = abs(v)
    while True:
        digits = '0123456789abcdefghijklmnopqrstuvwxyz'[m % base] + digits
        m //= base
        if m == 0:
            break
    texts.append((('-' if v < 0 else '') + digits, base))
for text, base in texts:
    try:
        r = hx(int(text, base))
    except ValueError as e:
        r = 'BadBase' if 'base must be' in str(e) else 'ValueError'
    add('parse', text, str(base), '', r)

with open('tests/vm/bigint_cases.h', 'w', encoding='utf-8') as f:
    f.write('/* Generated by tests/vm/gen_bigint.py with CPython 3.11; do not edit. */\n')
    f.write('static const struct bigint_case bigint_cases[] = {\n')
    for op, a, b, c, e in cases:
        f.write('    {%s, %s, %s, %s, %s},\n' % tuple(c_str(x) for x in (op, a, b, c, e)))
    f.write('};\n')
print(len(cases), 'cases')
