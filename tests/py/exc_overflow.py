# OverflowError: floats too big to make, int to float conversion limits, and what does not overflow (ints).
import math

try:
    10.0 ** 400
except OverflowError:
    print("OverflowError for 10.0 ** 400")   # its message is C's errno text: not printed
for action in (lambda: float(10 ** 400), lambda: math.exp(1000),
               lambda: int(float("inf")), lambda: 2 ** 1000 * 1.0):
    try:
        print(action())
    except OverflowError as e:
        print("OverflowError:", e)
try:
    int(float("nan"))
except ValueError as e:
    print("ValueError:", e)
print(len(str(2 ** 1000)))
