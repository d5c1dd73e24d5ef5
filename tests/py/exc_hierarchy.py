# The built-in exception hierarchy: each class's bases, and what except catches what.
names = [
    BaseException, Exception, ArithmeticError, ZeroDivisionError, OverflowError, LookupError,
    KeyError, IndexError, StopIteration, MemoryError, RecursionError, RuntimeError,
    NotImplementedError, AttributeError, NameError, UnboundLocalError, TypeError, ValueError,
    AssertionError, GeneratorExit, SystemExit, KeyboardInterrupt,
]
for cls in names:
    print(cls.__name__, "->", " ".join(c.__name__ for c in cls.__mro__[1:]))
print(issubclass(KeyError, LookupError), issubclass(SystemExit, Exception))
try:
    raise RecursionError("deep")
except RuntimeError as e:
    print("RecursionError caught as RuntimeError:", e)
