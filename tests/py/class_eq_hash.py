# __eq__ and __hash__: equal objects as dict keys and set members; defining __eq__ alone makes a class unhashable.
class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, other):
        return isinstance(other, Key) and (self.a, self.b) == (other.a, other.b)

    def __hash__(self):
        return hash((self.a, self.b))

    def __repr__(self):
        return "Key(%r, %r)" % (self.a, self.b)


d = {Key(1, 2): "first"}
d[Key(1, 2)] = "replaced"
print(d)
print(Key(1, 2) in {Key(1, 2)}, Key(1, 2) == Key(1, 3), Key(1, 2) != Key(1, 2))
print(len({Key(0, 0), Key(0, 0), Key(0, 1)}))


class EqOnly:
    def __eq__(self, other):
        return True


print(EqOnly.__hash__)
try:
    {EqOnly()}
except TypeError as e:
    print("TypeError:", e)


class Plain:
    pass


p = Plain()
print(p == p, p == Plain(), hash(p) == hash(p))
print(Key(1, 2) == "other")
