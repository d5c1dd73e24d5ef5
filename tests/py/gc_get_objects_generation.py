# gc.get_objects(generation=N): a new container is in generation 0, and each collection moves survivors one older.
import gc


def generation_of(obj):
    for g in range(3):
        if any(o is obj for o in gc.get_objects(generation=g)):
            return g
    return None


gc.disable()
gc.collect()
box = []
print("new:", generation_of(box))
gc.collect(0)
print("after collect(0):", generation_of(box))
gc.collect(1)
print("after collect(1):", generation_of(box))
gc.collect()
print("after collect():", generation_of(box))
print("in get_objects():", any(o is box for o in gc.get_objects()))
print("an int:", generation_of(12345), "an untracked dict:", generation_of({}))
for bad in (3, 10):
    try:
        gc.get_objects(generation=bad)
    except ValueError as e:
        print("ValueError:", e)
gc.enable()
