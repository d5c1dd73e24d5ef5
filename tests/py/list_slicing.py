# list slices: reading with steps, assigning (growing and shrinking), extended-slice assignment, deleting.
a = list(range(10))
print(a[2:5], a[::3], a[::-1], a[-3:], a[:100], a[7:2:-2])
a[2:5] = ["x"]
print(a)
a[1:1] = [100, 200]
print(a)
a[:] = a[::-1]
print(a)
a[::2] = [0] * len(a[::2])
print(a)
try:
    a[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
del a[1::2]
print(a)
b = a[:]
b.append("only in b")
print(len(a), len(b))
