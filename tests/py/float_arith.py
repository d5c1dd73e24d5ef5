# float arithmetic: + - * / // % ** with mixed signs, int-float mixing, and floor division and modulo sign rules.
for a, b in [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (1.0, 3.0), (0.1, 0.2)]:
    print(a + b, a - b, a * b, a / b, a // b, a % b)
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, 1 / 3, 2 / 3, 10 / 4, 3 * 1.1)
print(2 ** 0.5, 2.0 ** -2, (-8.0) ** 2, 10 ** 0.5, 1.5 ** 2.5)
print(5 + 0.5, 5 * 2.0, 7 / 7, -1.5 // 1, divmod(-7.5, 2))
print(abs(-2.5), -(-0.0), round(2.675, 2), 1e308 * 10, -1e308 * 10)
