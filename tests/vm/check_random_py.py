#!/usr/bin/python3.11
"""Check py/lib/random.py on the host: load it over a pure-Python model of the builtin module
_random (the Mersenne Twister as vm/mt19937.c implements it) and compare every public function
with CPython 3.11's own random module, seed by seed and call by call (values and the generator
state afterwards). Prints KTAP and the closing "N passed, N failed" line (tools/run-suite).

    /usr/bin/python3.11 tests/vm/check_random_py.py
"""
import importlib.util
import os
import random as cpython_random
import sys
import types
import warnings

N = 624
M = 397


class ModelRandom:
    """_random.Random: MT19937 seeded and drawn as CPython's C code does."""

    def __init__(self, *args):
        pass  # the Python layer's __init__ seeds

    def _init_genrand(self, s):
        mt = [0] * N
        mt[0] = s
        for i in range(1, N):
            mt[i] = (1812433253 * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i) & 0xFFFFFFFF
        self._mt, self._index = mt, N

    def _init_by_array(self, key):
        self._init_genrand(19650218)
        mt = self._mt
        i, j = 1, 0
        for _ in range(max(N, len(key))):
            mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525)) + key[j] + j) & 0xFFFFFFFF
            i, j = i + 1, j + 1
            if i >= N:
                mt[0], i = mt[N - 1], 1
            if j >= len(key):
                j = 0
        for _ in range(N - 1):
            mt[i] = ((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941)) - i) & 0xFFFFFFFF
            i += 1
            if i >= N:
                mt[0], i = mt[N - 1], 1
        mt[0] = 0x80000000

    def seed(self, n=None):
        if n is None:
            n = int.from_bytes(os.urandom(8), 'little')
        elif type(n) is int:
            n = abs(n)
        else:
            n = hash(n) % 2**64  # CPython takes the hash as a size_t
        key = []
        while n:
            key.append(n & 0xFFFFFFFF)
            n >>= 32
        self._init_by_array(key or [0])

    def _genrand(self):
        mt = self._mt
        if self._index >= N:
            for k in range(N):
                y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7FFFFFFF)
                mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self._index = 0
        y = mt[self._index]
        self._index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)

    def random(self):
        a, b = self._genrand() >> 5, self._genrand() >> 6
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)

    def getrandbits(self, k):
        if k < 0:
            raise ValueError('number of bits must be non-negative')
        value, shift = 0, 0
        while k > 0:
            r = self._genrand()
            if k < 32:
                r >>= 32 - k
            value |= r << shift
            shift += 32
            k -= 32
        return value

    def getstate(self):
        return tuple(self._mt) + (self._index,)

    def setstate(self, state):
        if len(state) != N + 1:
            raise ValueError('state vector is the wrong size')
        index = state[N]
        if not 0 <= index <= N:
            raise ValueError('invalid state')
        self._mt, self._index = [x & 0xFFFFFFFF for x in state[:N]], index


def load_ours():
    model = types.ModuleType('_random')
    model.Random = ModelRandom
    saved = sys.modules.get('_random')
    sys.modules['_random'] = model
    try:
        path = os.path.join(os.path.dirname(__file__), '..', '..', 'py', 'lib', 'random.py')
        spec = importlib.util.spec_from_file_location('pymm_random', path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.modules['_random'] = saved


SEEDS = [0, 1, 2, 42, 2**32, 2**100 + 7, -5, 12345678901234567890, 3.25, -0.5]

# (name, call) pairs: each call gets a generator and returns what is compared.
CALLS = [
    ('random', lambda g: [g.random() for _ in range(50)]),
    ('getrandbits', lambda g: [g.getrandbits(k) for k in list(range(0, 130)) + [1000]]),
    ('randrange', lambda g: [g.randrange(10), g.randrange(1, 2**70), g.randrange(5, 100, 7),
                             g.randrange(100, 5, -3), g.randrange(3.0), g.randrange(-10, 10)]
                            + [g.randrange(1000) for _ in range(100)]),
    ('randint', lambda g: [g.randint(1, 6) for _ in range(100)] + [g.randint(-2**65, 2**65)]),
    ('choice', lambda g: [g.choice('abcdefghij') for _ in range(50)] +
                         [g.choice(list(range(1000))) for _ in range(50)]),
    ('shuffle', lambda g: [(lambda x: (g.shuffle(x), x)[1])(list(range(n))) for n in (0, 1, 2, 10, 100)]),
    ('sample', lambda g: [g.sample(range(100), 10), g.sample(range(10), 10), g.sample('abcdef', 3),
                          g.sample(range(10**6), 30), g.sample(range(50), 8),
                          g.sample(range(21), 5), g.sample(range(22), 5), g.sample(range(85), 6),
                          g.sample(range(86), 6),
                          g.sample(['a', 'b', 'c'], 5, counts=[3, 1, 2])]),
    ('choices', lambda g: [g.choices('abc', k=20), g.choices(range(7), weights=[1, 2, 3, 4, 5, 6, 7], k=20),
                           g.choices('xyz', cum_weights=[0.5, 0.6, 1.0], k=20), g.choices([1, 2])]),
    ('uniform', lambda g: [g.uniform(-3, 7) for _ in range(30)]),
    ('triangular', lambda g: [g.triangular(), g.triangular(1, 5, 2), g.triangular(5, 1)]),
    ('gauss', lambda g: [g.gauss() for _ in range(7)] + [g.gauss(10, 2) for _ in range(7)]),
    ('normalvariate', lambda g: [g.normalvariate(1.5, 0.5) for _ in range(20)]),
    ('lognormvariate', lambda g: [g.lognormvariate(0, 0.25) for _ in range(10)]),
    ('expovariate', lambda g: [g.expovariate(1.5) for _ in range(20)]),
    ('vonmisesvariate', lambda g: [g.vonmisesvariate(1.0, k) for k in (0, 0.5, 4.0, 50.0)]),
    ('gammavariate', lambda g: [g.gammavariate(a, 2.0) for a in (0.3, 1.0, 2.5, 9.0) for _ in range(5)]),
    ('betavariate', lambda g: [g.betavariate(0.5, 3.0), g.betavariate(2.0, 2.0)]),
    ('paretovariate', lambda g: [g.paretovariate(2.5) for _ in range(10)]),
    ('weibullvariate', lambda g: [g.weibullvariate(1.0, 1.5) for _ in range(10)]),
    ('randbytes', lambda g: [g.randbytes(n) for n in (0, 1, 5, 17)]),
    ('state', lambda g: (lambda s: (g.random(), g.gauss(), g.setstate(s), g.random(), g.gauss()))(g.getstate())),
]

ERRORS = [
    ('randrange(0)', lambda g: g.randrange(0)),
    ('randrange(5, 5)', lambda g: g.randrange(5, 5)),
    ('randrange(1, 10, 0)', lambda g: g.randrange(1, 10, 0)),
    ('randrange(10, 1, 2)', lambda g: g.randrange(10, 1, 2)),
    ('randrange(2.5)', lambda g: g.randrange(2.5)),
    ('randrange(5, step=2)', lambda g: g.randrange(5, step=2)),
    ('choice([])', lambda g: g.choice([])),
    ('sample(set)', lambda g: g.sample({1, 2}, 1)),
    ('sample too many', lambda g: g.sample(range(3), 4)),
    ('choices both', lambda g: g.choices('ab', [1, 1], cum_weights=[1, 2])),
    ('choices k positional', lambda g: g.choices('ab', 3)),
    ('choices zero weights', lambda g: g.choices('ab', [0, 0])),
    ('gammavariate(0, 1)', lambda g: g.gammavariate(0, 1)),
    ('setstate version', lambda g: g.setstate((9, (), None))),
]


def outcome(fn, g):
    try:
        return ('value', fn(g))
    except Exception as e:
        return ('raise', type(e).__name__, str(e))


def main():
    warnings.simplefilter('ignore', DeprecationWarning)  # CPython's, for randrange(3.0)
    ours = load_ours()
    results = []
    for name, call in CALLS:
        for seed in SEEDS:
            theirs_g, ours_g = cpython_random.Random(seed), ours.Random(seed)
            a, b = outcome(call, theirs_g), outcome(call, ours_g)
            same_state = theirs_g.getstate() == ours_g.getstate()
            ok = a == b and same_state
            detail = '' if ok else ' # CPython %r, ours %r%s' % (
                a, b, '' if same_state else ', states differ')
            results.append(('%s seed=%r' % (name, seed), ok, detail[:400]))
    for name, call in ERRORS:
        a, b = outcome(call, cpython_random.Random(1)), outcome(call, ours.Random(1))
        results.append(('error %s' % name, a == b, '' if a == b else ' # CPython %r, ours %r' % (a, b)))
    # The module-level functions share one generator, as CPython's do.
    ours.seed(2024)
    cpython_random.seed(2024)
    a = [cpython_random.random(), cpython_random.randint(1, 9), cpython_random.choice('xyz')]
    b = [ours.random(), ours.randint(1, 9), ours.choice('xyz')]
    results.append(('module functions', a == b, '' if a == b else ' # %r vs %r' % (a, b)))

    print('KTAP version 1')
    print('1..%d' % len(results))
    failed = 0
    for i, (name, ok, detail) in enumerate(results, 1):
        print('%s %d random_py.%s%s' % ('ok' if ok else 'not ok', i, name.replace(' ', '_'), detail))
        failed += not ok
    print('%d passed, %d failed' % (len(results) - failed, failed))
    return 1 if failed else 0


sys.exit(main())
