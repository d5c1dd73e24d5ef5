# Cells: variables captured by closures live in cell objects shared by the closures that capture them.
def pair():
    shared = 0

    def get():
        return shared

    def put(v):
        nonlocal shared
        shared = v
    return get, put


get, put = pair()
put(41)
print(get(), type(get.__closure__[0]).__name__, get.__closure__[0] is put.__closure__[0])
print(get.__closure__[0].cell_contents)


def empty():
    def inner():
        return later
    try:
        inner()
    except NameError as e:
        print("NameError:", e)
    later = 1
    return inner


print(empty()())
print(pair.__closure__)
