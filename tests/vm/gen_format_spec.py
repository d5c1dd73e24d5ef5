#!/usr/bin/python3.11
"""Write tests/vm/format_spec_cases.h: format(value, spec) by CPython 3.11, output or error.

Run from the repository root: /usr/bin/python3.11 tests/vm/gen_format_spec.py
Values are ints (in hex), floats (their bits) and strs; specs are drawn from every field of the
mini-language, valid and not. An error is recorded as its exception name and message.
The seed is fixed.
"""
import random
import struct

rng = random.Random(3011)


def c_str(s):
    out = []
    for byte in s.encode('utf-8'):
        ch = chr(byte)
        if ch in '\\"' or not 32 <= byte < 127:
            out.append('\\%03o' % byte)
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


def hx(v):
    return ('-' if v < 0 else '') + format(abs(v), 'x')


def random_spec(types):
    parts = []
    if rng.random() < 0.3:
        fill = rng.choice([' ', '*', '0', '=', '<', 'é', '😀', '_', ',', '{', 'x'])
        parts.append(fill + rng.choice('<>=^'))
    elif rng.random() < 0.3:
        parts.append(rng.choice('<>=^'))
    if rng.random() < 0.3:
        parts.append(rng.choice('+- '))
    if rng.random() < 0.1:
        parts.append('z')
    if rng.random() < 0.2:
        parts.append('#')
    if rng.random() < 0.2:
        parts.append('0')
    if rng.random() < 0.5:
        parts.append(str(rng.choice([0, 1, 2, 5, 8, 10, 12, 20, 31])))
    if rng.random() < 0.2:
        parts.append(rng.choice([',', '_', ',', '_', ',_', '_,']))
    if rng.random() < 0.4:
        parts.append('.' + rng.choice(['', '0', '1', '2', '3', '6', '10', '17', '25']))
    if rng.random() < 0.8:
        parts.append(rng.choice(types))
    return ''.join(parts)


INT_TYPES = list('bcdoxXn') + list('eEfFgG%') + ['', 's', 'r', 'a', 'é', '\x01', '\x7f', ' ']
FLOAT_TYPES = list('eEfFgGn%') + ['', 'd', 'x', 'c', 's', 'Z']
STR_TYPES = ['s', 's', '', '', 'd', 'f', 'x']

ints = [0, 1, -1, 7, -7, 42, 65, 255, -255, 1234, -1234, 1234567, 10**18, -(10**18), 2**64,
        -(2**70), 0x10ffff, 0x110000, 0x1f600, 9, 10**30 + 1]
floats = [0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 0.5, 2.5, 1234.5, -1234.5, 1234567.891, 1e16,
          1e-5, 0.0001, 123.456, -0.004, 1e300, -1e-300, 5e-324, 1.7976931348623157e308,
          float('inf'), float('-inf'), float('nan'), 0.1, 2 / 3, 99.999, 1e22, 12345678.0]
strs = ['', 'a', 'abc', 'hello world', 'été', '😀x', 'ab', '日本語テキスト']

cases = []  # (kind, value, spec, status, expected)


def record(kind, value, shown, spec):
    try:
        cases.append((kind, shown, spec, 'ok', format(value, spec)))
    except ValueError as e:
        cases.append((kind, shown, spec, 'ValueError', str(e)))
    except OverflowError as e:
        cases.append((kind, shown, spec, 'OverflowError', str(e)))


for _ in range(1400):
    v = rng.choice(ints)
    spec = random_spec(INT_TYPES)
    if spec:
        record('int', v, hx(v), spec)
for _ in range(1400):
    x = rng.choice(floats)
    spec = random_spec(FLOAT_TYPES)
    if spec:
        record('float', x, '%016x' % struct.unpack('<Q', struct.pack('<d', x))[0], spec)
for _ in range(500):
    s = rng.choice(strs)
    spec = random_spec(STR_TYPES)
    if spec:
        record('str', s, s, spec)
# The errors and corners named in the language's definition, each once.
fixed = [(1, 'abc'), (1, '.'), (1, ',_'), (1, '_,'), (1, ',,'), (1, ',s'), ('a', ',s'),
         ('a', ','), (1.5, 'd'), ('a', '+'), ('a', ' '), ('a', '#'), ('a', '='), ('a', 'z'),
         ('a', 'z#'), ('a', '#='), (1, 'z'), (1, '.2'), (1, '.2d'), (65, '+c'), (65, '#c'),
         (65, ',c'), (65, '_c'), (2**40, 'c'), (-1, 'c'), (1, '99999999999999999999'),
         (1, '.99999999999999999999'), (1.5, '.99999999999999999999'), (1.5, '.2147483648f'),
         ('abc', '.2147483648'), (1.5, ',n'), (1, ',n'), (1, '_n'), (1, 'x,'), (1, '\x01'),
         (1, '_x'), (1.5, '_x'), ('ab', '05'), (1, '=10'), (1, 'c'), (0, 'c'), (1.5, 'c'),
         (1, 's'), ('a', 'd'), (1, '%'), (1, 'e'), (2**2000, 'e'), (2**2000, '%'), ('a', '.0'),
         (1.5, '#'), (1, '#_b'), (255, '#_x'), (1234567, ',d'), (-1234, '010,d'),
         (-1234, '09,'), (1234, '0=10'), (1e300, ',.0f'), (float('nan'), '010'),
         (float('-inf'), '=+10'), ('x', '\x00<5'), (1.5, '#.0%'), (-0.0, 'z.0%'),
         (1, 'z.2f'), (-255, '#010x'), (1, 'é'), (5, 'é>4'), ('été', '*^9'), ('été', '.2'),
         (1, '10.'), (3, '000'), (65, '05c'), (65, '=^5c'), (1, '\x7f'), (1, '  '),
         (1, '\u0100'), (1, '\U0001f600'), (5, '\U0001f600^5'), (1234.5, '010,'),
         (2**70, '_x'), (2**70, '#_o'), (-5, '0^6'), (5, '0<4'), (1.5, '.0'), (1234.5, '.4'),
         (123.0, '.3'), (1e16, '.17'), (-0.0, 'z'), (-1e-10, 'z.2f'), (float('nan'), '+'),
         (12345, '_'), (123456789, 'n'), (-(2**64), '+,'), (0, '#x'), (12345.678, '_.2f'),
         (1e20, ','), (-1.0, '=+010.3f'), (123, '012,'), (123, '013,'), (1234567, '0=12_'),
         (0xdeadbeef, '#012_X'), (1.5, '<'), (True, 'd'), (1e-7, '#.3g'), (2.675, '.2f')]
for v, spec in fixed:
    if isinstance(v, bool):
        record('int', v, hx(int(v)), spec)
    elif isinstance(v, int):
        record('int', v, hx(v), spec)
    elif isinstance(v, float):
        record('float', v, '%016x' % struct.unpack('<Q', struct.pack('<d', v))[0], spec)
    else:
        record('str', v, v, spec)

with open('tests/vm/format_spec_cases.h', 'w', encoding='ascii') as f:
    f.write('/* Generated by tests/vm/gen_format_spec.py with CPython 3.11; do not edit. */\n')
    f.write('static const struct format_spec_case format_spec_cases[] = {\n')
    for kind, shown, spec, status, expected in cases:
        f.write('    {%s, %s, %d, %s, %d, %s, %s, %d},\n' % (
            c_str(kind), c_str(shown), len(shown.encode()), c_str(spec), len(spec.encode()),
            c_str(status), c_str(expected), len(expected.encode())))
    f.write('};\n')
print(len(cases), 'cases')
