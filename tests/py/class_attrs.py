# Class attributes: shared by instances until an instance assigns its own, and changes through the class.
class Counter:
    instances = 0
    kind = "counter"

    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances


a, b = Counter(), Counter()
print(Counter.instances, a.instances, b.id)
a.kind = "mine"
print(a.kind, b.kind, Counter.kind)
Counter.kind = "changed"
print(a.kind, b.kind)
del a.kind
print(a.kind)
print("kind" in Counter.__dict__, "kind" in a.__dict__)
Counter.added_later = lambda self: "added " + str(self.id)
print(b.added_later())
