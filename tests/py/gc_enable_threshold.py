# gc.enable/disable/isenabled and get_threshold/set_threshold, including CPython's default thresholds.
import gc

print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
print(gc.get_threshold())
gc.set_threshold(100, 5)
print(gc.get_threshold())
gc.set_threshold(100, 5, 2)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())
try:
    gc.set_threshold()
except TypeError:
    print("set_threshold needs at least one value")
