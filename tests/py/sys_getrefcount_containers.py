# sys.getrefcount of container items as containers come and go: list copies, slices, dict.copy, tuple concatenation.
import sys


def rc(obj):
    return sys.getrefcount(obj)          # printed as a difference from a baseline: rc's own references cancel out


item = object()
base = rc(item)
lst = [item] * 4
print("list of four:", rc(item) - base)
copy = lst[:]
print("plus a copy:", rc(item) - base)
half = lst[:2]
print("plus a slice of two:", rc(item) - base)
del lst, copy, half
print("all freed:", rc(item) - base)
d = {1: item, 2: item}
e = d.copy()
print("two dicts of two:", rc(item) - base)
del d, e
t = (item,) + (item, item)
print("tuple of three:", rc(item) - base)
del t
it = iter([item, item])
next(it)
print("list kept alive by its iterator:", rc(item) - base)
del it
print("end:", rc(item) - base)
