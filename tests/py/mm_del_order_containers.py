# The order __del__ runs when a container is freed: lists and tuples drop items last to first, dicts first to last.
class Tag:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  del", self.name)


print("list:")
lst = [Tag("l0"), Tag("l1"), Tag("l2")]
del lst
print("tuple:")
tup = (Tag("t0"), Tag("t1"), Tag("t2"))
del tup
print("dict values:")
d = {"a": Tag("d0"), "b": Tag("d1"), "c": Tag("d2")}
del d
print("instance attributes:")


class Holder:
    pass


h = Holder()
h.x = Tag("x")
h.y = Tag("y")
del h
print("nested list:")
nested = [Tag("outer0"), [Tag("inner0"), Tag("inner1")], Tag("outer2")]
del nested
print("list.clear():")
c = [Tag("c0"), Tag("c1")]
c.clear()
print("done")
