# Automatic collection: with the collector enabled, cycles made in a loop are reclaimed without calling gc.collect().
import gc

gc.collect()
runs = []
gc.callbacks.append(lambda phase, info: phase == "stop" and runs.append(info["generation"]))
gc.set_threshold(100, 10, 10)
for i in range(5000):
    a = [i]
    a.append(a)
del a
gc.callbacks.clear()
left = gc.collect()
print("automatic collections ran:", len(runs) > 0, "| young ones among them:", 0 in runs)
print("most cycles were reclaimed on the way:", left < 1000)
gc.set_threshold(700, 10, 10)
gc.disable()
for i in range(5000):
    a = [i]
    a.append(a)
del a
print("disabled: every cycle waits for gc.collect():", gc.collect())
gc.enable()
