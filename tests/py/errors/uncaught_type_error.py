# An uncaught TypeError: output printed before it survives, the traceback goes to stderr, exit status 1.
def add(a, b):
    return a + b


print("before the error")
print(add(1, 2))
print(add("x", 1))
print("never printed")
