# int(): from strings in bases 2..36 with prefixes and underscores, from floats (truncating), from bools; str/repr of ints.
print(int("42"), int("-17"), int("  9  "), int("+3"), int("1_000"))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("0b101", 0), int("0o17", 0), int("z", 36))
print(int("101", 2), int("777", 8), int("10", 3))
print(int(3.9), int(-3.9), int(1e20), int(True), int(False), int())
print(str(-0), repr(12), str(10 ** 20))
for bad in ("", "1.5", "0x", "12a", "1__0"):
    try:
        int(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    int("9", 8)
except ValueError as e:
    print("ValueError:", e)
print(hex(255), hex(-255), oct(8), bin(5), hex(0))
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"), (1024).to_bytes(2, "big"))
