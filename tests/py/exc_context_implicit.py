# Implicit chaining: an exception raised in a handler records the one being handled as __context__.
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("while handling")
except ValueError as e:
    print(repr(e), type(e.__context__).__name__, e.__cause__, e.__suppress_context__)
try:
    try:
        raise KeyError("first")
    finally:
        raise IndexError("second")
except IndexError as e:
    print(repr(e), repr(e.__context__))
e = RuntimeError("fresh")
print(e.__context__, e.__cause__)
