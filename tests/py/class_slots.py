# __slots__: fixed attributes without a __dict__, AttributeError for others, and slots with inheritance.
class Pair:
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left, self.right = left, right


p = Pair(1, 2)
print(p.left, p.right, hasattr(p, "__dict__"))
try:
    p.other = 3
except AttributeError:
    print("AttributeError: no attribute 'other' allowed")
p.left = 10
del p.right
print(p.left, hasattr(p, "right"))


class Labeled(Pair):
    __slots__ = ("label",)


lp = Labeled(1, 2)
lp.label = "x"
print(lp.label, lp.left, Pair.__slots__, Labeled.__slots__)
