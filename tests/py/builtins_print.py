# print(): sep, end, file=sys.stdout / sys.stderr-free output, flush, and several arguments of mixed types.
import sys

print()
print("one")
print("a", "b", "c")
print("a", "b", "c", sep="-")
print("no newline", end="")
print(" <- joined")
print(1, 2.5, None, True, [1, "x"], (2,), {"k": 3}, sep=" | ")
print("to stdout", file=sys.stdout)
print("flushed", flush=True)
print("x", "y", sep="", end="!\n")
print(*range(5))
print(*[], sep="unused")
print("", end="")
print("sep None", "end None", sep=None, end=None)
print("last line, no newline", end="")
