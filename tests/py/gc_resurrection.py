# Resurrection: a __del__ that stores self keeps the object (and what it refers to) alive; it is not finalized twice.
import gc

gc.disable()
gc.collect()
graveyard = []


class Zombie:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)
        graveyard.append(self)


z = Zombie("refcounted")
del z
print([g.name for g in graveyard])
graveyard.clear()
print("no second __del__ above")
x, y = Zombie("x"), Zombie("y")
x.other, y.other = y, x
del x, y
print("collect:", gc.collect())
print(sorted(g.name for g in graveyard), graveyard[0].other.other is graveyard[0])
graveyard.clear()
print("collect again:", gc.collect())
print(graveyard)
gc.enable()
