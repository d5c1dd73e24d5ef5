# int comparisons and hashing: across sizes, with floats and bools, and hash(n) == n for small values.
print(1 < 2, 2 ** 100 > 2 ** 99, -(2 ** 100) < -1, 10 ** 20 == 10 ** 20)
print(1 == 1.0, 2 ** 53 == 2.0 ** 53, 2 ** 53 + 1 == 2.0 ** 53, 3 < 3.5, True == 1, False < 1)
print(hash(0), hash(1), hash(-1), hash(12345), hash(True), hash(1.0) == hash(1))
print(hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 61)))
print(max(3, 2 ** 70, -1), min([5, -5, 0]))
print(sorted([10 ** 20, -3, 2 ** 64, 0, 7]))
