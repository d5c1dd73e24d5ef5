# gc_traversal-like: collecting while a large, deeply shared but reachable structure lives, the shape of pyperformance's gc_traversal.
# Nothing is garbage, so every collection returns 0; the collector still has to traverse all of it.
import gc


def nested_lists(levels):
    """Level n is a list of n references to level n-1: many references, few objects."""
    current = []
    for n in range(levels):
        current = [current] * n
    return current


def count_distinct(root):
    seen = set()
    stack = [root]
    references = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        references += len(node)
        stack.extend(node)
    return len(seen), references


gc.disable()
gc.collect()
structure = nested_lists(300)
print(count_distinct(structure))
print([gc.collect() for _ in range(5)])
print(gc.is_tracked(structure), len(structure), len(structure[0]))
del structure
print("freed by refcounting, nothing for the collector:", gc.collect())
gc.enable()
