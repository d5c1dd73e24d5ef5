# int arithmetic: + - * // % ** with negative operands (floor semantics), true division giving floats, and unary ops.
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 5), (6, 3)]:
    print(a, b, a + b, a - b, a * b, a // b, a % b, a / b, divmod(a, b))
print(2 ** 10, 2 ** 0, (-2) ** 3, 2 ** -1, (-8) ** 2, 0 ** 0)
print(-(-5), +5, abs(-12), ~5, ~-1)
print(10 - 3 - 2, 2 ** 3 ** 2, -2 ** 2, (1 + 2) * 3)
print(7 // 2 * 2 + 7 % 2 == 7)
