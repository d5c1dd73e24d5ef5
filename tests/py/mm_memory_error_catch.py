# MemoryError for an allocation no machine can satisfy is an ordinary exception: caught, and the program goes on.
try:
    impossible = [None] * (1 << 60)
except MemoryError as e:
    print("MemoryError caught:", type(e).__name__, isinstance(e, Exception))
try:
    text = "x" * (1 << 62)
except (MemoryError, OverflowError) as e:
    print("a huge str fails with", "an exception")
print("still working:", sum([i for i in range(1000)]))
print(issubclass(MemoryError, Exception), MemoryError.__mro__[1].__name__)
