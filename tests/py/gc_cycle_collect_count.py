# gc.collect() returns the number of unreachable objects it found: exact counts for cycles this program made.
import gc

gc.disable()
gc.collect()


class Node:
    pass


# A list that contains itself: one object.
a = []
a.append(a)
del a
print("self-referencing list:", gc.collect())

# Two lists referring to each other: two objects.
x, y = [], []
x.append(y)
y.append(x)
del x, y
print("two-list cycle:", gc.collect())

# An instance whose attribute refers back to it: one object, since CPython 3.11 keeps the attributes
# in the instance itself (no separate dict object unless the program asks for __dict__).
n = Node()
n.me = n
del n
print("instance cycle:", gc.collect())

# A ring of ten instances.
first = Node()
node = first
for i in range(9):
    node.next = Node()
    node = node.next
node.next = first
del first, node
print("ring of ten instances:", gc.collect())

# Nothing left: a second collection finds nothing.
print("nothing left:", gc.collect())

# Reachable cycles are not garbage.
keep = []
keep.append(keep)
print("reachable cycle:", gc.collect())
print("still there:", keep[0] is keep)
gc.enable()
