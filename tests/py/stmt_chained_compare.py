# Chained comparisons: a < b < c evaluates b once and short-circuits; mixing operators, is, in.
def v(x):
    print("eval", x)
    return x


print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1 != 2)
print(v(1) < v(2) < v(3))
print(v(3) < v(2) < v(1))       # the third operand is never evaluated
x = 5
print(0 <= x < 10, 0 <= x < 5, x in [5] in [[5]], None is None is not False)
print("a" < "b" <= "b" < "c")
print([i for i in range(20) if 3 < i * 2 <= 12])
