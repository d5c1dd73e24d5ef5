# Bitwise operators on ints of any size: & | ^ ~ << >>, negatives in two's complement, bit_length.
for a, b in [(12, 10), (-12, 10), (255, -256), (2 ** 70 + 5, 2 ** 65 + 3), (-(2 ** 70), 7)]:
    print(a & b, a | b, a ^ b, ~a)
print(1 << 0, 1 << 100, 5 << 3, -5 << 3)
print(1024 >> 3, -1024 >> 3, -1 >> 10, (2 ** 100) >> 98, 7 >> 100)
print([n.bit_length() for n in (0, 1, 2, 255, 256, -256, 2 ** 64)])
try:
    1 << -1
except ValueError as e:
    print("ValueError:", e)
print(bin(0b1010 & 0b0110), bin(-5))
