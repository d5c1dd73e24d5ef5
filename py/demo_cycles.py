# demo: reference cycles and the cycle collector (gc), the second half of Python's memory management.
# Objects that refer to each other keep their counts above zero after the program lets go of them:
# only the collector, which looks for groups of objects referenced only from inside the group, frees them.
import gc


class Node:
    def __init__(self, name):
        self.name = name
        self.other = None


gc.disable()                         # so that only our own gc.collect() calls collect
gc.collect()

print("1. A list that contains itself:")
loop = []
loop.append(loop)
del loop
print("   del loop: it is unreachable, but its count is 1 (itself)")
print("   gc.collect() found", gc.collect(), "object")

print("2. Two objects referring to each other:")
a, b = Node("a"), Node("b")
a.other, b.other = b, a
del a, b
print("   gc.collect() found", gc.collect(), "objects")

print("3. A reachable cycle is not garbage:")
keep = Node("keep")
keep.other = keep
print("   gc.collect() found", gc.collect(), "objects; keep.other is keep:", keep.other is keep)

print("4. The garbage can be big: a ring of 1000 nodes is one unreachable group.")
first = node = Node(0)
for i in range(1, 1000):
    node.other = Node(i)
    node = node.other
node.other = first
del first, node
print("   gc.collect() found", gc.collect(), "objects")

print("5. With DEBUG_SAVEALL the collector keeps what it found in gc.garbage, to look at:")
gc.set_debug(gc.DEBUG_SAVEALL)
x, y = [1], [2]
x.append(y)
y.append(x)
del x, y
found = gc.collect()
print("   gc.collect() found %d; gc.garbage now holds the lists %s" % (found, sorted(l[0] for l in gc.garbage)))
gc.set_debug(0)
gc.garbage.clear()
print("   after clearing gc.garbage, gc.collect() frees them:", gc.collect())
gc.enable()
