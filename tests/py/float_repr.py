# float repr: the shortest string that round-trips, exponent form beyond 1e16 and below 1e-4, and str equal to repr.
values = [0.0, -0.0, 1.0, 0.1, 0.5, 1.5, 100.0, 1e16, 1e15, 123456789012345678.0,
          0.0001, 0.00001, 1.23e-7, 3.141592653589793, 2.718281828459045, 1 / 3, 2 / 3,
          1e22, 1e-300, 5e-324, 1.7976931348623157e308, 9007199254740993.0, 0.3, 1.1 * 3,
          123.456, -987.654321, 4.35, 1e100, 2.5e-5, 100000000000000000.0]
for v in values:
    print(repr(v), str(v))
print([0.1, 0.25], (1.0,), {"f": 1e-5})
