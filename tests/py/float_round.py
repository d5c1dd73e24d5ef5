# round(), math.floor/ceil/trunc and int() on floats: half-even rounding, negative digits, and the result types.
import math

for x in [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1.005, 12345.6789, -2.5]:
    print(x, round(x), round(x, 1), round(x, 2), math.floor(x), math.ceil(x), math.trunc(x), int(x))
print(round(1234.5678, -2), round(1250, -2), round(1350, -2), round(7, 0), round(-0.4))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, type(math.floor(2.5)).__name__)
