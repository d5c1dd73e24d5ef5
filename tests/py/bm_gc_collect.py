# gc_collect-like: building many reference cycles, dropping them and collecting, the shape of pyperformance's gc_collect.
# gc.collect() counts every object of the cycles; a Node has __slots__, so it is exactly one object.
import gc


class Node:
    __slots__ = ("next", "prev")

    def __init__(self):
        self.next = None
        self.prev = None


def make_rings(count, size):
    """count rings of size doubly linked Nodes, each ring unreachable once this returns."""
    for _ in range(count):
        first = node = Node()
        for _ in range(size - 1):
            nxt = Node()
            node.next, nxt.prev = nxt, node
            node = nxt
        node.next, first.prev = first, node


def make_list_cycles(count):
    for _ in range(count):
        a, b = [], []
        a.append(b)
        b.append(a)


gc.disable()
gc.collect()
for count, size in ((10, 2), (100, 5), (50, 40)):
    make_rings(count, size)
    print(count, "rings of", size, "->", gc.collect())
make_list_cycles(300)
print("list pairs ->", gc.collect())
kept = []
make_rings(20, 3)
for _ in range(5):
    ring = [Node(), Node()]
    ring[0].next = ring[1]
    ring[1].next = ring[0]
    kept.append(ring)
print("some kept ->", gc.collect(), len(kept))
print("nothing left ->", gc.collect())
gc.enable()
