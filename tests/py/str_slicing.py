# str indexing and slicing: negative indices, steps, reversal, out-of-range slices, and immutability.
s = "abcdefghij"
print(s[0], s[-1], s[3:6], s[:3], s[7:], s[-3:], s[::2], s[1::3], s[::-1], s[8:2:-2])
print(repr(s[5:2]), repr(s[100:]), s[-100:2], s[:-100] == "")
print(len(s), s[len(s) - 1])
try:
    s[0] = "z"
except TypeError as e:
    print("TypeError:", e)
try:
    s[10]
except IndexError as e:
    print("IndexError:", e)
print(s[slice(2, 5)], s[slice(None, None, -3)])
