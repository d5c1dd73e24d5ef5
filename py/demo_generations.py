# demo: the collector's generations: young objects are examined often, survivors move to older generations.
# CPython 3.11 (and pymm) keep three generations; a collection of generation N also collects the younger ones.
import gc


def generation_of(obj):
    for g in range(3):
        if any(o is obj for o in gc.get_objects(generation=g)):
            return g
    return "untracked"


gc.disable()
gc.collect()
print("thresholds (gen0 allocations, gen1 and gen2 collection counts):", gc.get_threshold())

box = []
print("1. a new list starts in generation", generation_of(box))
gc.collect(0)
print("2. it survived a collection of generation 0: now in", generation_of(box))
gc.collect(1)
print("3. it survived a collection of generation 1: now in", generation_of(box))
gc.collect()
print("4. a full collection keeps it in the oldest:", generation_of(box))

print("5. Objects that cannot be in a cycle are not tracked at all:")
print("   an int:", generation_of(12345), "| a str:", generation_of("text"), "| an empty dict:", generation_of({}))
t = (1, 2, 3)
t = tuple(list(t))
print("   a new tuple of ints is tracked at first:", gc.is_tracked(t))
gc.collect()
print("   a collection sees it holds only ints and stops tracking it:", gc.is_tracked(t))

print("6. gc.get_stats(): collections run and objects collected, per generation")
before = gc.get_stats()
for i in range(2000):
    x = []
    x.append(x)
gc.enable()
for i in range(2000):
    x = []
    x.append(x)
gc.disable()
gc.collect()
after = gc.get_stats()
for g in range(3):
    print("   generation %d: %d collections, %d objects collected"
          % (g, after[g]["collections"] - before[g]["collections"], after[g]["collected"] - before[g]["collected"]))
gc.enable()
