# float(): from strings (spaces, signs, exponents, underscores), ints and bools; float methods is_integer and as_integer_ratio.
print(float("1.5"), float(" -2.25 "), float("1e3"), float("1E-3"), float("+.5"), float("5."), float("1_000.5"))
print(float(3), float(-(2 ** 60)), float(True), float(), float("-0"))
print((2.0).is_integer(), (2.5).is_integer(), (0.75).as_integer_ratio(), (-0.5).as_integer_ratio())
print(int(2.0 ** 70), 2.0 ** 70 == 2 ** 70)
print(float("inf") > 10 ** 400, 1e300 < 10 ** 400)
for bad in ("", "1.2.3", "one", "1e"):
    try:
        float(bad)
    except ValueError as e:
        print("ValueError:", e)
