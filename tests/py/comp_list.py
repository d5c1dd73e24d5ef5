# List comprehensions: filters, nested loops, nested comprehensions, and that the loop variable does not leak.
print([x * x for x in range(8)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(x, y) for x in range(3) for y in range(x)])
print([[r * c for c in range(4)] for r in range(3)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([v for row in matrix for v in row])
x = "outer"
print([x for x in "abc"], x)
print([s.strip() for s in [" a ", "b  "]])
print([i if i % 2 else -i for i in range(6)])
