# unpack_sequence-like: unpacking tuples and lists into many names in a tight loop, the shape of pyperformance's unpack_sequence.
def unpack_tuples(loops):
    t = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
    total = 0
    for _ in range(loops):
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        a, b, c, d, e, f, g, h, i, j = t
        total += a + j
    return total


def unpack_lists(loops):
    lst = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    total = 0
    for _ in range(loops):
        a, b, c, d, e, f, g, h, i, j = lst
        a, b, c, d, e, f, g, h, i, j = lst
        a, b, c, d, e, f, g, h, i, j = lst
        a, b, c, d, e, f, g, h, i, j = lst
        total += b * i
    return total


def unpack_star(loops):
    seq = list(range(10))
    total = 0
    for _ in range(loops):
        first, *middle, last = seq
        x, (y, z) = first, (last, len(middle))
        total += x + y + z
    return total


def swaps(loops):
    a, b, c = 1, 2, 3
    for _ in range(loops):
        a, b, c = c, a, b
    return a, b, c


print(unpack_tuples(2000), unpack_lists(2000), unpack_star(2000), swaps(2000), swaps(2001))
