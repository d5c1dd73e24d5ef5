# gc.is_finalized: false until __del__ ran; true for an object resurrected by its __del__, which never runs twice.
import gc

gc.disable()
gc.collect()
saved = []


class Phoenix:
    def __del__(self):
        print("__del__ runs")
        saved.append(self)


p = Phoenix()
print(gc.is_finalized(p))
del p
print(len(saved), gc.is_finalized(saved[0]))
saved.clear()                       # dropped again: finalized already, so no second __del__
print("dropped again", len(saved))
q = Phoenix()
q.self = q
del q
print("collect found:", gc.collect())
print(len(saved), gc.is_finalized(saved[0]))
print(gc.is_finalized([]), gc.is_finalized(1))
saved.clear()
print("collect after:", gc.collect())
gc.enable()
