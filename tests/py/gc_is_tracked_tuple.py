# gc.is_tracked of tuples: a new tuple is tracked; a collection untracks it when it holds only untracked objects.
import gc

gc.disable()
gc.collect()
one, two = 1, 2
atoms = (one, two, "three")
holder = (one, [two])
nested = (one, (two, one))
print("before:", gc.is_tracked(atoms), gc.is_tracked(holder), gc.is_tracked(nested))
gc.collect()
print("after:", gc.is_tracked(atoms), gc.is_tracked(holder), gc.is_tracked(nested))
young = (one, two)
print("young before:", gc.is_tracked(young))
gc.collect(0)                      # a young collection untracks tuples too
print("young after:", gc.is_tracked(young))
print(gc.is_tracked(()), gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked([]), gc.is_tracked(2.5))
gc.enable()
