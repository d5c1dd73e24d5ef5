# Bare raise re-raises the exception being handled; raise of a class instantiates it; raising a non-exception is a TypeError.
def inner():
    try:
        raise ValueError("original")
    except ValueError:
        print("logging and re-raising")
        raise


try:
    inner()
except ValueError as e:
    print("outer got", repr(e))
try:
    raise KeyError
except KeyError as e:
    print(repr(e), e.args)
try:
    raise 42
except TypeError as e:
    print("TypeError:", e)
try:
    raise
except RuntimeError as e:
    print("RuntimeError:", e)
