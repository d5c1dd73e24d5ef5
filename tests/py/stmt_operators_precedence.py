# Operator precedence and associativity: arithmetic, bitwise, comparison, not/and/or, unary minus and power, conditional.
print(2 + 3 * 4 ** 2, (2 + 3) * 4, -3 ** 2, (-3) ** 2, 2 ** -1, 10 - 4 - 3, 2 ** 2 ** 3)
print(1 + 2 << 3, 1 | 2 ^ 3 & 4, ~1 + 1, 5 & 3 == 1, (5 & 3) == 1)
print(not 1 == 2, not (1 and 0), 1 or 0 and 0, (1 or 0) and 0, 0 if 1 else 2 if 0 else 3)
print(7 // 2 * 3 % 5, 17 % 5 * 2, -7 // 2, -(7 // 2), 1 < 2 == 2, "a" * 2 + "b")
print(3 in [1, 2, 3] == True, (3 in [1, 2, 3]) == True, [1] * 2 + [0], 10 / 4 * 2)
