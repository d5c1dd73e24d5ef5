# bool: a subclass of int, and/or return operands (short-circuit), not, truthiness of each built-in type.
print(True + True, True * 10, False - 1, isinstance(True, int), type(True).__name__)
print(True and "yes", 0 and "never", "" or "fallback", [] or {} or "last", None or 0)
print(not 0, not "x", not [], not None)
for v in (0, 1, -1, 0.0, 0.1, "", "a", [], [0], (), (0,), {}, {0: 0}, set(), {0}, None, range(0), range(1)):
    print(repr(v), bool(v))
print(bool(), str(True), repr(False), int(True), True == 1)
calls = []


def t(x):
    calls.append(x)
    return x


print(t(0) and t(1), t(2) or t(3), calls)
print(True & False, True | False, True ^ True, ~True)
