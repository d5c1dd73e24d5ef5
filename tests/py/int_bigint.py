# Arbitrary-precision ints: huge products, powers, division and modulo of big values, negative big ints, str/int round trips.
big = 2 ** 200
print(big)
print(big * big)
print(big // 3, big % 1000007)
print(-big // 7, -big % 7)
f = 1
for i in range(1, 51):
    f *= i
print(f)
print(f // (2 ** 100), f % (10 ** 12))
print(int("123456789" * 5) + 1)
print(3 ** 100 - 3 ** 99, (3 ** 100) // (3 ** 99))
print(divmod(10 ** 40 + 7, 10 ** 20))
print(pow(3, 200, 10 ** 9 + 7), pow(2, 1000, 97))
print(big.bit_length(), (big - 1).bit_length(), len(str(f)))
print(abs(-big) == big, -big < 0 < big, big == 2 ** 200)
print(0xffffffffffffffffffff + 1, -(2 ** 64) - 1)
print(hex(2 ** 70), bin(2 ** 70 + 1)[:12], oct(8 ** 25))
print((10 ** 30) // -(10 ** 15), (-(10 ** 30)) % (10 ** 15 + 1))
