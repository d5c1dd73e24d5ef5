# gc.get_referents: what a list, tuple, dict and set hold (in their own order), and nothing for atoms.
import gc


class Item:
    pass


a, b, c = Item(), Item(), Item()
lst = [a, b, a]
print([r is a for r in gc.get_referents(lst)], [r is b for r in gc.get_referents(lst)])
tup = (c, lst)
print(len(gc.get_referents(tup)), gc.get_referents(tup)[0] is c, gc.get_referents(tup)[1] is lst)
both = gc.get_referents(lst, tup)
print(len(both))
d = {a: b}
refs = gc.get_referents(d)
print(len(refs), any(r is a for r in refs), any(r is b for r in refs))
print(gc.get_referents(1, "s", 2.5, None))
print(sorted(gc.get_referents({5, 3, 9})))
print(gc.get_referents([]))
# CPython's list and tuple traverse functions visit the items from the last to the first.
print(gc.get_referents([1, [2, 3], "x"]), gc.get_referents((4, 5)))
