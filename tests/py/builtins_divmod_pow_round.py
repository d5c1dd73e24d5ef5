# divmod, pow (with modulus, negative exponents) and round of ints and floats.
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(17.5, 5), divmod(-0.5, 1))
print(pow(2, 8), pow(2, -2), pow(2.5, 2), pow(3, 4, 5), pow(-3, 3, 7), pow(7, -1, 10))
print(round(3.7), round(-3.5), round(4.5), round(3.14159, 3), round(12, -1), round(15, -1), round(25, -1))
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
