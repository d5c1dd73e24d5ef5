# sys.getrefcount of a local: one for the name plus one for the argument, and one more for each name or slot holding it.
import sys


def counts():
    x = object()
    print("only x:", sys.getrefcount(x))
    y = x
    print("x and y:", sys.getrefcount(x))
    del y
    print("y deleted:", sys.getrefcount(x))
    items = [x, x, x]
    print("in a list three times:", sys.getrefcount(x))
    items.pop()
    print("popped one:", sys.getrefcount(x))
    del items
    print("list freed:", sys.getrefcount(x))
    t = (x,)
    d = {"k": x}
    s = {x}
    print("tuple, dict value, set:", sys.getrefcount(x))
    del t, d, s
    keyed = {x: 1}
    print("dict key:", sys.getrefcount(x))
    del keyed
    print("back to:", sys.getrefcount(x))


counts()
