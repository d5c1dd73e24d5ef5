# bytes: literals, indexing gives ints, slicing gives bytes, concatenation, repr, decode, bytes(n) and bytes(list).
b = b"hello\x00\xff"
print(b, len(b), b[0], b[-1], b[1:3], b + b"!", b * 2)
print(bytes(3), bytes([65, 66, 67]), bytes("é", "utf-8"), b"abc".decode())
print(list(b"abc"), b"a" in b"cat", 97 in b"cat", b"abc" == b"abc", b"abc" < b"abd")
print(repr(b"'"), repr(b'"'), repr(b"\t\n\\"))
print(b"a,b,c".split(b","), b"-".join([b"x", b"y"]), b"  pad ".strip(), b"Hi".upper(), b"abcabc".count(b"b"))
print(b"abc".hex(), bytes.fromhex("6869"), b"x".startswith(b"x"), b"hello".find(b"l"), b"ab".replace(b"a", b"z"))
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    b"abc"[0] = 1
except TypeError as e:
    print("TypeError:", e)
print(hash(b"abc") == hash(b"abc"), {b"k": 1}[b"k"])
