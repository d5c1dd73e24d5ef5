# gc.get_stats and gc.get_count: three generations, a full collection counts once in generation 2 with what it collected.
import gc

gc.disable()
gc.collect()
stats = gc.get_stats()
print(len(stats), [sorted(s) for s in stats])
before = gc.get_stats()[2]
pair = [[], []]
pair[0].append(pair[1])
pair[1].append(pair[0])
del pair
n = gc.collect()
after = gc.get_stats()[2]
print(n, after["collections"] - before["collections"], after["collected"] - before["collected"],
      after["uncollectable"] - before["uncollectable"])
count = gc.get_count()
print(len(count), count[1], count[2])
made = [[] for _ in range(10)]
print(gc.get_count()[0] >= 10)
gc.collect()
print(gc.get_count()[1:])
gc.enable()
