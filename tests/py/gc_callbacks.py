# gc.callbacks: each callback is called with "start" and "stop" and an info dict naming the generation and counts.
import gc

gc.disable()
gc.collect()
seen = []


def watch(phase, info):
    seen.append((phase, info["generation"], info["collected"], info["uncollectable"]))


gc.callbacks.append(watch)
ring = [[], [], []]
for i in range(3):
    ring[i].append(ring[(i + 1) % 3])
del ring
n = gc.collect()
print(n, seen)
seen.clear()
gc.collect(1)
print(seen)
gc.callbacks.remove(watch)
gc.collect()
print(seen[-1], len(gc.callbacks))
gc.enable()
