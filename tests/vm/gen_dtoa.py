#!/usr/bin/python3.11
"""Write tests/vm/dtoa_cases.h: repr, format and float() results of CPython 3.11.

Run from the repository root: /usr/bin/python3.11 tests/vm/gen_dtoa.py
Doubles are written as their 64 bits in hex. The seed is fixed.
"""
import random
import struct

rng = random.Random(61)


def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def from_bits(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]


def c_str(s):
    out = []
    for byte in s.encode('utf-8'):
        ch = chr(byte)
        if ch in '\\"' or not 32 <= byte < 127:
            out.append('\\%03o' % byte)
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


# ---- doubles for repr: the hard ones and random ones --------------------------------------------
doubles = [0.0, -0.0, float('inf'), float('-inf'), float('nan'), 1.0, -1.0, 0.1, 0.2, 0.3,
           1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0, 1e17, 1e-4, 1e-5, 0.0001234, 123.0,
           1e22, 1e23, 5e-324, 1e-323, 2.2250738585072014e-308, 2.2250738585072009e-308,
           1.7976931348623157e308, 2.0**53, 2.0**53 - 1, 2.0**53 + 2, 2.0**63, 2.0**64,
           2.0**50 + 0.25, 2.0**50 + 0.75, 2.0**51 + 0.5, 123456789012345678.0, 0.5, 1.5, 2.5,
           9007199254740993.0, 4.35, 0.1 + 0.2, 1e308, 1e-308, 1e-320,
           5.9844320000000005e+21]  # its lower rounding end is exactly 5.984432e+21
for e in range(-1074, 1024):            # every power of two: the asymmetric intervals
    doubles.append(2.0**e)
for c in range(1, 300):                 # the smallest subnormals, few digits
    doubles.append(c * 5e-324)
for k in range(-325, 309):              # powers of ten and their neighbours
    x = float('1e%d' % k)
    doubles.append(x)
    if x and x != float('inf'):
        doubles.append(from_bits(bits(x) + 1))
        doubles.append(from_bits(bits(x) - 1))
for _ in range(2500):                   # random bit patterns
    doubles.append(from_bits(rng.getrandbits(64)))
for _ in range(1000):                   # short decimals and their neighbours
    x = float('%de%d' % (rng.randrange(1, 10**rng.randrange(1, 17)), rng.randrange(-30, 30)))
    doubles.append(x)
    doubles.append(from_bits(bits(x) + 1))
for _ in range(300):                    # integers near 2^53 and halves
    doubles.append(float(rng.randrange(2**52, 2**54)))
    doubles.append(rng.randrange(2**51, 2**52) + 0.5)
# Doubles whose rounding interval ends exactly on a short decimal D (x = D + ulp/2 or D - ulp/2):
# the end belongs to the interval only when x's significand is even, so repr is D or longer.
ends = 0
for j in range(0, 23):
    for _ in range(3000):
        D = rng.randrange(1, 10**rng.randrange(1, 8)) * 10**j
        q = D.bit_length() - 53
        if q < 1:
            continue
        for t in (D + 2**(q - 1), D - 2**(q - 1)):
            if t % 2**q == 0 and t.bit_length() == D.bit_length() and ends < 160:
                doubles.append(float(t))
                ends += 1
reprs = [(bits(x), repr(x)) for x in doubles]

# ---- formats: code, precision, flags -----------------------------------------------------------
ALT, SIGN, NO_NEG_0 = 1, 4, 8
format_values = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.375, 1e16, 1e-7, 123.456,
                 -123.456, 1e300, 5e-324, 1.7976931348623157e308, 0.1, 2 / 3, 999.5, 9.9999,
                 -0.0004, 0.00049, 1e22, float('inf'), float('-inf'), float('nan'), 12345678.9,
                 2.0**-30, 1234.5, 0.95, 0.05]
for _ in range(200):
    format_values.append(from_bits(rng.getrandbits(64)))
    format_values.append(rng.uniform(-1000, 1000))
formats = []
for x in format_values:
    for _ in range(5):
        code = rng.choice('eEfFgG')
        precision = rng.choice([0, 1, 2, 3, 5, 6, 10, 17, 20, 25, rng.randrange(60)])
        flags = rng.choice([0, 0, ALT, SIGN, NO_NEG_0, ALT | SIGN])
        if code in 'fF' and abs(x) > 1e30 and precision > 20:
            precision = 3
        spec = ('+' if flags & SIGN else '') + ('z' if flags & NO_NEG_0 else '') + \
               ('#' if flags & ALT else '') + '.%d%s' % (precision, code)
        formats.append((bits(x), code, precision, flags, format(x, spec)))
for x, code, precision in [(0.5, 'f', 0), (1.5, 'f', 0), (2.5, 'f', 0), (0.125, 'f', 2),
                           (0.375, 'f', 2), (2.675, 'f', 2), (1e23, 'f', 0), (5e-324, 'e', 30),
                           (5e-324, 'f', 330), (0.1, 'f', 60), (1 / 3, 'e', 40), (9.5, 'e', 0),
                           (99.5, 'g', 2), (0.0001, 'g', 1), (0.00001, 'g', 3), (1e15, 'g', 16),
                           (1e16, 'g', 16), (123456.0, 'g', 6), (1234567.0, 'g', 6)]:
    for flags in (0, ALT):
        spec = ('#' if flags & ALT else '') + '.%d%s' % (precision, code)
        formats.append((bits(x), code, precision, flags, format(x, spec)))

# ---- float(text) -------------------------------------------------------------------------------
texts = ['1e1_0', '1_0.5', '1_.5', '1._5', '.5', '5.', '.', '1e', 'e5', ' 1.5 ', '-inf',
         '+Infinity', 'nan', '-nAn', 'INF', 'infinit', 'infinityy', '1e+', '0x10', '1__0', '1.5_',
         '_1', '1e_5', '1e5_', '1.5\u3000', '\x1c1', '\t-2.5\n', '', ' ', '+', '-', '1e400',
         '-1e400', '1e-400', '-1e-400', '2.2250738585072011e-308', '2.2250738585072012e-308',
         '4.9406564584124654e-324', '2.4703282292062327e-324', '2.4703282292062328e-324',
         '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308',
         '179769313486231580793728971405301e276', '0.000000000000000000000000000001',
         '9007199254740993', '9007199254740993.0000000000000000000000000001',
         '9007199254740992.9999999999999999', '123456789012345678901234567890',
         '1e99999999999999999999', '1e-99999999999999999999', '0e99999999', '00000.000001',
         '1' + '0' * 400 + 'e-400', '0.' + '0' * 400 + '1e400', '3' * 1000 + 'e-1000',
         '1.' + '0' * 900 + '1', '2.' + '5' * 850, '1-1', '1.2.3', '1e5e5', '++1', '1 2',
         '1,5', '1\x00', 'in', 'n', '-.5e-3', '+.5E+3', '0e0', '-0', '-0.0e5', '1E22', '1e23',
         '8.98846567431158e307', '0.1e-320', '6.5e-324', '7.4e-324', '7.5e-324', '١.٥',
         '\uff11\uff10e\uff12', '\u00a0-3.5\u2003', '1.5\u00e9', '\u0966.\u0967e-\u0969']
# Just above a halfway point, by a digit past the 800th: only the sticky digit keeps it above.
from decimal import Decimal, getcontext
getcontext().prec = 2000
half_1 = str(Decimal(1) + Decimal(2) ** -53)          # halfway between 1.0 and its successor
texts += [half_1, half_1 + '0' * 900 + '1', '9007199254740993.' + '0' * 850 + '1',
          '9007199254740993' + '0' * 850 + '1e-850', half_1[:-1] + '4' + '9' * 900]
for _ in range(300):
    digits = ''.join(rng.choice('0123456789') for _ in range(rng.randrange(1, 40)))
    point = rng.randrange(len(digits) + 1)
    texts.append(digits[:point] + '.' + digits[point:] + 'e%d' % rng.randrange(-340, 320))
for _ in range(100):
    texts.append(repr(from_bits(rng.getrandbits(64))))
parses = []
for t in texts:
    try:
        parses.append((t, '%016x' % bits(float(t))))
    except ValueError:
        parses.append((t, 'ValueError'))

# ---- hash(x) and round(x, n) -------------------------------------------------------------------
hash_values = doubles[:60] + doubles[-400:] + [2.0**61, 2.0**61 - 2**9, -(2.0**62), 1.5 * 2**-1074,
                                               2.0**-61, 2.0**-122, 0.5, -0.5, -1.0]
hashes = [(bits(x), 'nan' if x != x else str(hash(x))) for x in hash_values]
rounds = []
round_values = [0.5, 1.5, 2.5, -2.5, 2.675, 0.125, 0.375, -0.0, 1e300, 1.7976931348623157e308,
                5e-324, 123.456, -123.456, 1e22, 0.1, 1 / 3, float('inf'), float('nan'), 1e-5,
                4.35, 1234567.891, 9.5, 95.0, 950.0]
for _ in range(300):
    round_values.append(from_bits(rng.getrandbits(64)))
    round_values.append(rng.uniform(-1e6, 1e6))
for x in round_values:
    for n in rng.sample([-400, -309, -308, -300, -20, -5, -2, -1, 0, 1, 2, 3, 5, 10, 17, 20, 100,
                         300, 323, 324, 400], 5):
        try:
            r = round(x, n)
            rounds.append((bits(x), n, 'nan' if r != r else '%016x' % bits(r)))
        except OverflowError:
            rounds.append((bits(x), n, 'OverflowError'))
for x, n in [(1.7976931348623157e308, -308), (1.7976931348623157e308, -307), (9.5e307, -308),
             (2.5, 0), (0.5, 0), (-0.5, 0), (-0.4, 0), (5e-324, 323), (5e-324, 322), (8e-324, 323)]:
    try:
        rounds.append((bits(x), n, '%016x' % bits(round(x, n))))
    except OverflowError:
        rounds.append((bits(x), n, 'OverflowError'))

with open('tests/vm/dtoa_cases.h', 'w', encoding='ascii') as f:
    f.write('/* Generated by tests/vm/gen_dtoa.py with CPython 3.11; do not edit. */\n')
    f.write('static const struct repr_case repr_cases[] = {\n')
    for b, r in reprs:
        f.write('    {0x%016xull, %s},\n' % (b, c_str(r)))
    f.write('};\nstatic const struct format_case format_cases[] = {\n')
    for b, code, precision, flags, r in formats:
        f.write("    {0x%016xull, '%s', %d, %d, %s},\n" % (b, code, precision, flags, c_str(r)))
    f.write('};\nstatic const struct parse_case parse_cases[] = {\n')
    for t, r in parses:
        f.write('    {%s, %d, %s},\n' % (c_str(t), len(t.encode('utf-8')), c_str(r)))
    f.write('};\nstatic const struct hash_case hash_cases[] = {\n')
    for b, h in hashes:
        f.write('    {0x%016xull, %s},\n' % (b, c_str(h)))
    f.write('};\nstatic const struct round_case round_cases[] = {\n')
    for b, n, r in rounds:
        f.write('    {0x%016xull, %d, %s},\n' % (b, n, c_str(r)))
    f.write('};\n')
print(len(reprs), 'reprs,', len(formats), 'formats,', len(parses), 'parses,', len(hashes), 'hashes,',
      len(rounds), 'rounds')
