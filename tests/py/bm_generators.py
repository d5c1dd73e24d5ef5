# generators-heavy: walking a balanced binary tree with recursive generators and yield from, the shape of pyperformance's generators.
# Our own version, with a generator pipeline over the walk and generators dropped half way.

class Tree:
    def __init__(self, left, value, right):
        self.left, self.value, self.right = left, value, right

    def __iter__(self):
        if self.left:
            yield from self.left
        yield self.value
        if self.right:
            yield from self.right


def build(values):
    if not values:
        return None
    mid = len(values) // 2
    return Tree(build(values[:mid]), values[mid], build(values[mid + 1:]))


def depth_first(node, depth=0):
    if node is None:
        return
    yield from depth_first(node.left, depth + 1)
    yield depth, node.value
    yield from depth_first(node.right, depth + 1)


def evens(source):
    for v in source:
        if v % 2 == 0:
            yield v


tree = build(range(1000))
print(list(build(range(10))) == list(range(10)))
total = 0
for _ in range(5):
    for v in tree:
        total += v
print(total)
print(sum(evens(tree)), max(d for d, _ in depth_first(tree)))
walks = [iter(tree) for _ in range(50)]
print([next(w) for w in walks[:5]], sum(next(w) for w in walks))
del walks                                  # fifty suspended recursive generators, closed here
print(list(depth_first(build("abc"))))
