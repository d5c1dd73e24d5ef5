# chr, ord, hex, oct, bin: round trips, negative numbers, and errors for bad arguments.
print([chr(i) for i in (65, 97, 48, 32, 126)], [ord(c) for c in "Az0 ~"])
print(ord(chr(0x10FFFF)) == 0x10FFFF, chr(9731), ord("\n"))
print(hex(0), hex(255), hex(-4096), hex(2 ** 64), oct(64), oct(-8), bin(10), bin(-10), bin(0))
try:
    ord("ab")
except TypeError as e:
    print("TypeError:", e)
try:
    hex(1.5)
except TypeError as e:
    print("TypeError:", e)
