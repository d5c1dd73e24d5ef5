# spectral-norm-like: the largest singular value of an infinite matrix by the power method, the shape of pyperformance's spectral_norm.
# Our own version: A[i][j] = 1 / ((i + j) * (i + j + 1) / 2 + i + 1); the result tends to 1.2742241...
from math import sqrt


def a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(v):
    n = len(v)
    return [sum(a(i, j) * v[j] for j in range(n)) for i in range(n)]


def times_transposed(v):
    n = len(v)
    return [sum(a(j, i) * v[j] for j in range(n)) for i in range(n)]


def times_ata(v):
    return times_transposed(times(v))


def spectral_norm(n, rounds=10):
    u = [1.0] * n
    for _ in range(rounds):
        v = times_ata(u)
        u = times_ata(v)
    vbv = sum(ue * ve for ue, ve in zip(u, v))
    vv = sum(ve * ve for ve in v)
    return sqrt(vbv / vv)


for n in (5, 20, 60):
    print(n, "%.9f" % spectral_norm(n))
