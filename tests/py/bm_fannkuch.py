# fannkuch-like: flipping prefixes of every permutation of 1..n (the pancake problem), the shape of pyperformance's fannkuch.
# Our own version: permutations in Heap's order (iterative), the maximum flip count and a signed checksum.

def flips(perm):
    """How many prefix reversals until the first element is 0."""
    p = perm[:]
    count = 0
    first = p[0]
    while first:
        p[:first + 1] = p[first::-1]
        count += 1
        first = p[0]
    return count


def fannkuch(n):
    perm = list(range(n))
    stack = [0] * n
    max_flips = 0
    checksum = 0
    index = 0
    i = 1

    def visit(p, idx):
        nonlocal max_flips, checksum
        f = flips(p)
        if f > max_flips:
            max_flips = f
        checksum += f if idx % 2 == 0 else -f

    visit(perm, index)
    while i < n:
        if stack[i] < i:
            if i % 2 == 0:
                perm[0], perm[i] = perm[i], perm[0]
            else:
                j = stack[i]
                perm[j], perm[i] = perm[i], perm[j]
            index += 1
            visit(perm, index)
            stack[i] += 1
            i = 1
        else:
            stack[i] = 0
            i += 1
    return max_flips, checksum, index + 1


for n in range(1, 8):
    print(n, fannkuch(n))
