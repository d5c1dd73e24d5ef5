# gc.get_referrers: the containers that hold an object are found; a container that no longer holds it is not.
import gc


class Leaf:
    pass


def holds(container, obj):
    return any(r is container for r in gc.get_referrers(obj))


leaf = Leaf()
box = [leaf]
pair = (leaf, 1)
table = {"k": leaf}
other = [1, 2]
print(holds(box, leaf), holds(pair, leaf), holds(table, leaf), holds(other, leaf))
box.remove(leaf)
print(holds(box, leaf))


class Owner:
    def __init__(self, thing):
        self.thing = thing


owner = Owner(leaf)
referrers = gc.get_referrers(leaf)
print(any(r is owner or r is getattr(owner, "__dict__", None) for r in referrers))
print(gc.get_referrers() == [])
