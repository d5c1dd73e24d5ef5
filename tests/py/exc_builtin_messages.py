# The messages of common built-in errors, as CPython words them.
def message(action):
    try:
        action()
    except Exception as e:
        return type(e).__name__ + ": " + str(e)


print(message(lambda: 1 / 0))
print(message(lambda: 1 // 0))
print(message(lambda: 1 % 0))
print(message(lambda: 1.0 / 0))
print(message(lambda: [1, 2][5]))
print(message(lambda: (1,)[3]))
print(message(lambda: "ab"[9]))
print(message(lambda: {"a": 1}["b"]))
print(message(lambda: int("12x")))
print(message(lambda: float("nope")))
print(message(lambda: None.missing))
print(message(lambda: [].pop()))
print(message(lambda: [1].index(2)))
print(message(lambda: len(5)))
print(message(lambda: "a" + 1))
print(message(lambda: 1 + "a"))
print(message(lambda: undefined_thing_xyz))
print(message(lambda: next(iter([]))))
print(message(lambda: {}.popitem()))
print(message(lambda: set().pop()))
print(message(lambda: "abc".index("z")))
print(message(lambda: chr(-1)))
print(message(lambda: 10 ** -1 // 0))
