# gc.freeze: objects moved to the permanent generation are ignored by collections until gc.unfreeze.
import gc

gc.disable()
gc.collect()
x, y = [], []
x.append(y)
y.append(x)
gc.freeze()
print(gc.get_freeze_count() > 0)
del x, y
print("collect while frozen:", gc.collect())
a = []
a.append(a)
del a
print("new garbage still collected:", gc.collect())
gc.unfreeze()
print(gc.get_freeze_count())
print("collect after unfreeze:", gc.collect())
gc.enable()
