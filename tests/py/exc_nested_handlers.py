# Nested handlers: an exception in one except clause is handled by an outer try; sys.exc_info-free state is restored.
def risky(n):
    if n == 0:
        raise ValueError("zero")
    return 10 // (n - 1)


results = []
for n in range(3):
    try:
        try:
            results.append(risky(n))
        except ValueError as e:
            results.append("inner " + str(e))
            risky(1)
    except ZeroDivisionError as e:
        results.append("outer " + type(e).__name__)
print(results)
try:
    try:
        raise TypeError("a")
    except TypeError:
        try:
            raise KeyError("b")
        except KeyError:
            pass
        raise
except TypeError as e:
    print("re-raised the right one:", e)
