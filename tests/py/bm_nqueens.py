# nqueens-like: brute-force N-queens over permutations made by a recursive generator, the shape of pyperformance's nqueens.
# Our own version: a permutation is a solution when no two queens share a diagonal (checked with sets of small ints).

def permutations(items):
    if len(items) <= 1:
        yield tuple(items)
        return
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for tail in permutations(rest):
            yield (items[i],) + tail


def solutions(n):
    rows = range(n)
    for cols in permutations(list(rows)):
        if len({cols[r] + r for r in rows}) == n == len({cols[r] - r for r in rows}):
            yield cols


for n in range(1, 8):
    found = list(solutions(n))
    print(n, len(found), found[:2])
