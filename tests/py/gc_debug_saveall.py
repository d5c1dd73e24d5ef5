# gc.DEBUG_SAVEALL: unreachable objects are kept in gc.garbage instead of being freed; the DEBUG_* values.
import gc

print(gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
gc.disable()
gc.collect()
print(gc.get_debug(), gc.garbage)
gc.set_debug(gc.DEBUG_SAVEALL)
print(gc.get_debug())
left, right = ["left"], ["right"]
left.append(right)
right.append(left)
del left, right
print("collected:", gc.collect())
print(len(gc.garbage), sorted(item[0] for item in gc.garbage))
first = gc.garbage[0]
print(first[1][1] is first)
gc.set_debug(0)
del first
gc.garbage.clear()
print("freed now:", gc.collect())
print(gc.garbage)
gc.enable()
