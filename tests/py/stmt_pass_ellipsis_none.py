# pass, Ellipsis, and None: a function without return gives None; None is a singleton and falsy.
def nothing():
    pass


print(nothing(), nothing() is None, bool(None), type(None).__name__)
print(..., Ellipsis is ..., type(...).__name__)
print(None == 0, None == False, None is None, repr(None), str(None))


class Empty:
    pass


print(type(Empty()).__name__)
print([None] * 3)
